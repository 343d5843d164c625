"""The shared model of one test file, built once per file by a single walk; every rule family reads it.

- ``walk``: the one walk: functions, classes, calls, bindings, imports of a file;
- ``file``: ``FileModel``, what every family reads (imports and aliases, tests, fixtures, helpers,
  the project index);
- ``testcases``: which functions are tests; ``fixtures``: pytest fixtures here and in ``conftest.py``;
- ``mocks`` and ``mocknames``: mock constructs in every form, and which local names are mocks.

Nothing here imports a rule: what a family derives lives in ``rules/<family>/``.
"""
