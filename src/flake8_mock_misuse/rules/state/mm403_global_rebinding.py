# logic: facts.py (ops), writes.py, restores.py (leaking_globals)
# fixtures: rules/mm403_bad.py, rules/mm403_good.py, rules/mm403_bad.txt (golden output)
"""
## What it does
Finds `global` statements in tests (and functions nested in them) and in the helper
methods of a test class that its tests call, when the function rebinds the name
(`global counter; counter += 1`) and nothing puts the old value back.

## Why is this bad?
The new value outlives the test: every test that runs after it sees it, and a test that
reads the name passes or fails depending on which tests ran before (see MM402). It is
the most direct way to make a suite depend on its order.

## Example
```python
LAST_ORDER = None

def test_place_order():
    global LAST_ORDER
    LAST_ORDER = place_order("book")
    assert LAST_ORDER.total == 12.0
```

## Use instead
Keep the value local, share it through a fixture, or set it with
`monkeypatch.setattr(sys.modules[__name__], "LAST_ORDER", ...)`:
```python
def test_place_order():
    order = place_order("book")
    assert order.total == 12.0
```

## Options
None.

## Known problems
- A `global` that is only read, or whose name the function never rebinds (by assignment,
  `del`, a `for` target or a `class`/`def` statement), is not reported.
- Fixtures and `setUp`/`setup_method` (and other `setup*` hooks) rebinding a global build
  it before each test and are not reported; neither are `setUpModule`/`setup_module`/
  `setUpClass`, `tearDown` hooks, pytest hooks, module-level helper functions and methods
  of a test class that no test calls (hooks a test framework calls, such as
  `define_tables`).
- A test whose rebinding a `finally` block, a cleanup, a `tearDown` or a resetting `setUp`
  or fixture undoes is not reported.
- Globals that exist so that string annotations (`from __future__ import annotations`)
  or registries that load objects by module path can find them are reported: they are
  a legitimate technique, and the names still stay bound for the tests after.
- Where the finding sits: on the `global` statement; the `# noqa` goes on that line.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts
from .restores import leaking_globals
from .vocabulary import who

CODE = "MM403"
SUMMARY = "`global` in a test: it rebinds module state other tests share"


def check(facts: Facts) -> Iterator[Finding]:
    for stmt, op in leaking_globals(facts.restores):
        names = ", ".join(stmt.names)
        yield Finding.at(
            stmt, CODE,
            f"`global {names}` in {who(op.actor)}: it rebinds {op.place.name} for every test that runs after it; "
            "keep the value local or share it through a fixture",
        )
