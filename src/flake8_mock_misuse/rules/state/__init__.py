"""MM4xx, shared mutable state: module-level objects, ``global``, the environment, settings, app config
and class attributes changed by tests and not put back, including at import time.

``facts`` computes what the family's rules read from the shared model: every write to shared state
(``writes``: who writes what, in the words of ``vocabulary``), and whether each is put back and who
reads what (``restores``, loaded only for files with writes).
"""
