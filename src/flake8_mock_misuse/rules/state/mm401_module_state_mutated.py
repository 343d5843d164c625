# logic: facts.py (ops), writes.py, restores.py (leaks)
# fixtures: rules/mm401_bad.py, rules/mm401_good.py, rules/mm401_bad.txt (golden output)
"""
## What it does
Finds a test, a fixture, a `setUp`/`setUpClass` hook or a helper method of a test class that
changes a module-level object of the test module and leaves it changed: a list, dict, set,
`defaultdict`, `Counter` or `deque` (`CART.append(...)`, `PAYLOAD["k"] = v`, `del SEEN[k]`,
`REGISTRY.update(...)`), a module-level mock (`client.return_value = ...`), another
module-level object (`api.token = ...`, `client.headers["X"] = ...`) or a class defined in
the module (`FakeClock.now = ...`).

## Why is this bad?
The object lives as long as the test process. Whatever the test leaves in it is there for
every test that runs after it, so those tests pass or fail depending on which tests ran
before them, and a test that passes in the full suite fails when run alone. Production
starts with none of that state.

## Example
```python
CART = []

def test_add_book():
    CART.append(("book", 10.0))
    assert total(CART) == 12.0
```

## Use instead
Give each test its own object, from the test itself or from a fixture:
```python
@pytest.fixture
def cart():
    return []

def test_add_book(cart):
    cart.append(("book", 10.0))
    assert total(cart) == 12.0
```
or put it back: `monkeypatch.setitem(PAYLOAD, "k", v)`, `patch.dict(PAYLOAD, ...)`,
`try`/`finally`, `addCleanup`, a fixture that yields and then resets it, `setUp`/`tearDown`.

## Options
None.

## Known problems
- Restored means: a later write to the same item, attribute or object in the same test
  (also in a `finally` block, after a fixture's `yield`, or in a function registered with
  `addCleanup`/`addfinalizer`), a `patch.dict`/`patch.object`/`monkeypatch` of it, or a
  reset of the object (`clear()`, `del X[:]`, `X[:] = ...`, rebinding) in a `setUp`,
  `tearDown`, fixture or cleanup that applies to the test. A restore at the end of a test
  that is not in a `finally` block is skipped when a check above it fails: the write is
  reported, and the message names the line of that late restore. A write repeated in a
  loop leaves the last value and is reported once.
- Writing `None`, `0`, `""` or an empty container (`PAYLOAD["count"] = 0`,
  `capture.exception = None`) is a reset to a starting value and is not reported.
- Constants that nothing changes (UPPER_CASE containers, tuples, strings), loggers,
  `pytestmark` and `__all__` are never reported; neither are attributes of `self` or of
  the test class itself (`TestOrders.counter = ...` in `setup_test`), nor a mutable class
  attribute changed through `self`.
- Module-level helper functions, and methods of a test class that no test calls
  (framework hooks such as `define_tables`), are not followed.
- Calls that change an object through its own methods (`cache.set(...)`, `app.route(...)`)
  are reported only for the container methods listed above.
- Fixtures whose scope is wider than a test, and fixtures whose name says they reset or
  clean (`reset_registry`), are not reported.
- The config of a module-level app (`app.config[...] = ...`) is reported as MM405.
- Where the finding sits: on the write (`CART.append(...)`, `PAYLOAD["qty"] = 3`, `del ...`), in the
  test, or in the fixture, `setUp` or helper that makes it; the `# noqa` goes on that line.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts
from .vocabulary import LOCAL, is_project_state, not_restored, who
from .writes import describe

CODE = "MM401"
SUMMARY = "Test changes a module-level object and leaves it changed"


def check(facts: Facts) -> Iterator[Finding]:
    restores = facts.restores
    seen: set[tuple[int, str]] = set()
    for op in restores.leaks:
        if op.domain != LOCAL or op.place.name is None or is_project_state(op):
            continue
        if op.place.kind in ("immutable", "logger", "rebind"):
            continue
        key = (id(op.actor), op.place.name)
        if key in seen:
            continue
        seen.add(key)
        late = facts.restores.late_restore(op)
        yield Finding.at(
            op.node, CODE,
            f"{who(op.actor)} changes module-level {describe(facts.writes, op.place.name)} ({op.shown}) and "
            f"{not_restored(late, 'nothing puts it back')}: later tests see what it left; give each test its own "
            "object (a fixture) or restore it",
        )
