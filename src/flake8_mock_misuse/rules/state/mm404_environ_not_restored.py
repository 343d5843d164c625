# logic: facts.py (ops), writes.py, restores.py (leaks)
# fixtures: rules/mm404_bad.py, rules/mm404_good.py, rules/mm404_bad.txt (golden output)
"""
## What it does
Finds a test, fixture, `setUp`/`setUpClass` hook or test helper that changes the process
environment and does not put it back: `os.environ[...] = ...`, `del os.environ[...]`,
`os.environ.update(...)`, `.setdefault(...)`, `.pop(...)`, `.clear()`, `os.putenv`,
`os.unsetenv`, however `os`/`environ` is imported or aliased.

## Why is this bad?
The environment is shared by every test in the process. A variable set by one test is
still set for every test after it, so a later test passes only because an earlier one set
the secret, the URL or the feature flag it needs, and fails when run alone. The
environment production starts with has none of it.

## Example
```python
def test_export_is_tax_free():
    os.environ["SHOP_TAX"] = "0"
    assert total([("pen", 2.0)]) == 2.0
```

## Use instead
```python
def test_export_is_tax_free(monkeypatch):
    monkeypatch.setenv("SHOP_TAX", "0")
    assert total([("pen", 2.0)]) == 2.0
```
or `with patch.dict(os.environ, {"SHOP_TAX": "0"}):` (also as a decorator).

## Options
None.

## Known problems
- Restored means: `monkeypatch.setenv`/`delenv`; `patch.dict(os.environ, ...)` (as a
  decorator of the test or its class, a `with` block, or started in `setUp` or a fixture);
  a context manager or decorator whose name says it handles the environment or restores
  (`modified_environ`, `EnvironmentVarGuard`, `clear_env_var`, `restore_state`); a later
  write to the same variable or to the whole environment in the same test (`finally`,
  after a fixture's `yield`, `addCleanup(os.environ.pop, k)`); a `tearDown`/`teardown_*`
  hook, an `autouse` fixture of the file or of a `conftest.py` above it, or a fixture the
  test uses (parameter or `usefixtures`) that puts it back, or whose name says it cleans
  the environment and that uses `monkeypatch` (`clean_environment(monkeypatch)`). A
  restore at the end of a test that is not in a `finally` block counts, though a failing
  test skips it.
- Setting the same variable twice in one test counts the second write as a restore.
- A removal (`del os.environ[k]`, `.pop(k)`) that is the last statement of a test tidies up
  after the code under test and is not reported.
- A test decorated to run in a subprocess or a fork (`@run_in_subprocess`,
  `@pytest.mark.forked`) writes nothing the other tests see and is not reported.
- A function-scoped `autouse` fixture of a `conftest.py` writes the variable again before
  every test under it and is not reported (it is still set after the last one).
- Copies (`env = os.environ.copy(); env["X"] = "1"` for a subprocess) are not the
  environment and are not reported.
- Writes at import time are reported as MM406.
- Where the finding sits: on the environment write (`os.environ["API_URL"] = ...`, `os.environ.setdefault(...)`, `.update(...)`); the `# noqa` goes on that line.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts
from .vocabulary import ADD, ENV, REMOVE, not_restored, who

CODE = "MM404"
SUMMARY = "Environment variable changed and not restored"


def check(facts: Facts) -> Iterator[Finding]:
    seen: set[tuple[int, str | None]] = set()
    for op in facts.restores.leaks:
        if op.domain != ENV:
            continue
        key = (id(op.actor), op.key)
        if key in seen:
            continue
        seen.add(key)
        verb = "calls" if op.kind == ADD or op.key is None else "removes" if op.kind == REMOVE else "sets"
        late = facts.restores.late_restore(op)
        yield Finding.at(
            op.node, CODE,
            f"{who(op.actor)} {verb} {op.shown} and {not_restored(late)}: every later test in the process runs with "
            "it; use monkeypatch.setenv/delenv or patch.dict(os.environ, ...)",
        )
