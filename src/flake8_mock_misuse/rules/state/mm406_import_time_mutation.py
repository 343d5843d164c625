# logic: facts.py (ops), writes.py, restores.py (import_time)
# fixtures: rules/mm406_bad.py, rules/mm406_good.py, rules/mm406_bad.txt (golden output)
"""
## What it does
Finds a test module (`test_*.py`, `*_test.py`, `tests.py`), a `conftest.py` or the
`__init__.py` of a test package that, while it is imported, sets environment variables
(`os.environ["JWT_SECRET"] = "my-secret-key"`, `os.environ.setdefault(...)`, `os.putenv`)
or changes state of the code under test:
settings (`settings.DEBUG = True`), an app's config or dependency overrides
(`app.dependency_overrides[get_db] = fake_db`), module or class attributes of the project
(`orders.TIMEOUT = 1`).

## Why is this bad?
Import time is before every test and outside every fixture: nothing restores it, and the
whole session (every test module collected with it, in any order) runs with state
production never has. The suite passes because the test module configured the code, not
because the code works with the configuration it really gets. When the module is collected
alone or after others, tests behave differently.

## Example
```python
# conftest.py
import os

os.environ["JWT_SECRET"] = "my-secret-key"
```

## Use instead
Set it for the tests that need it, and undo it:
```python
@pytest.fixture(autouse=True)
def jwt_secret(monkeypatch):
    monkeypatch.setenv("JWT_SECRET", "my-secret-key")
```
or configure the test run in one place the whole team sees (`pytest.ini`'s `env`, a
settings module for tests) and make production fail loudly when the variable is missing.

## Options
- `mock-misuse-allowed-env` (default `DJANGO_SETTINGS_MODULE, DJANGO_CONFIGURATION`, which
  say where the settings are, as `manage.py` and `wsgi.py` do in production): environment
  variables that may be set at import time; `mock-misuse-extend-allowed-env` adds to the
  default instead of replacing it.

## Known problems
- Environment set in a `conftest.py` at import time is a decision for the whole run: it is
  reported only when the value differs from the default the project's code gives it where it
  reads it (`os.getenv("FEATURE_X", "off")`, `os.environ.get(...)` with a literal default:
  setting `"off"` is silent) and no `autouse` fixture of the same `conftest.py` resets it
  before each test. A variable the code reads without a default, or that a library reads, is
  reported: allow it with the option when production sets it the same way. A test module
  (not a conftest.py) is reported whatever the value.
- `sys.path` insertion in `conftest.py` is not reported: it changes where modules are
  found, not what they do, and is the usual way to make a project importable in tests.
  Library state (`logging`, `warnings`, `asyncio` policies) is not reported either.
- `settings.configure(...)`/`django.setup()` calls are not reported: they are how a
  library's own test suite starts Django.
- Code under `if __name__ == "__main__":` does not run on import and is not reported; a
  `teardown_module`/`tearDownModule` that puts the value back makes it silent.
- Other helper modules under `tests/` (settings modules, `utils.py`, `runtests.py`) are not
  reported, and neither are pytest hooks (`pytest_configure`) that set the environment.
- Writes of the test module's own objects while it is imported (building a module-level
  app and its config) are its setup, not reported; what tests later write into them is
  MM401/MM405.
- Where the finding sits: on the module-level statement that changes the state at import time
  (column 1 of the test module or `conftest.py`); the `# noqa` goes on that line.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts
from .vocabulary import ENV, REMOVE

CODE = "MM406"
SUMMARY = "Test module or conftest.py changes environment or project state at import time"


def is_test_module(filename: str) -> bool:
    """A test module, a ``conftest.py``, or the ``__init__.py`` of a test package (imported before its tests)."""
    base = os.path.basename(filename)
    return base in ("conftest.py", "tests.py", "__init__.py") or base.endswith("_test.py") or (
        base.startswith("test_") and base.endswith(".py"))


def check(facts: Facts) -> Iterator[Finding]:
    if not is_test_module(facts.model.filename):
        return
    base = os.path.basename(facts.model.filename)
    where = base if base in ("conftest.py", "__init__.py") else "this test module"
    seen: set[str] = set()
    for op in facts.restores.import_time:
        if op.full in seen:
            continue
        seen.add(op.full)
        verb = "removes" if op.kind == REMOVE else "sets"
        what = "environment variable" if op.domain == ENV else "project state"
        yield Finding.at(
            op.node, CODE,
            f"{where} {verb} {op.shown} when it is imported ({what}): every test in the session runs with state "
            "production never has; set it per test (monkeypatch, a fixture) and undo it",
        )
