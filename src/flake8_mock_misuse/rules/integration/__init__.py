"""MM1xx, mocked integration points: HTTP clients, databases and incoming requests replaced in tests.

``facts`` computes what the family's rules read from the shared model: the mock constructs whose
target is an HTTP client or a database and that replace it (``replacements``), and request
objects fabricated from mocks or stubs and handed to project code (``requests``).
"""
