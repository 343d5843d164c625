# logic: facts.py (ops), writes.py, restores.py (order_dependences)
# fixtures: rules/mm402_bad.py, rules/mm402_good.py, rules/mm402_bad.txt (golden output), order_dependence
"""
## What it does
Finds a test that reads a module-level name of its test module that another test, a
fixture or a `setUp` hook changes and nothing resets: an order dependence. The writer may
also sit outside the tests: a fake backend, recorder or hook of the test module
(`RecordingMailer.send` appending to `SENT`) that the module wires in, named anywhere outside
its own definition. The test that
changes it is reported by MM401 (or MM403 for `global`); this code marks the tests whose
result depends on it.

## Why is this bad?
The test passes because of what another test left behind. Run it alone
(`pytest tests/test_cart.py::test_total`), in another order, in parallel with
`pytest-xdist` or after a new test is added above it, and it fails, or worse, it keeps
passing for the wrong reason. What it checks is the history of the test run, not the code.

## Example
```python
CART = []

def test_add_book():
    CART.append(("book", 10.0))

def test_total():
    assert total(CART) == 12.0  # only after test_add_book
```

## Use instead
Make each test build the state it reads:
```python
def test_total():
    cart = [("book", 10.0)]
    assert total(cart) == 12.0
```

## Options
None.

## Known problems
- Only reads of the name itself, in the test and the functions nested in it, are seen;
  reads through the code under test (a function that reads the module-level list) are not.
- Only module-level containers and mocks that another test, a fixture, `setUp` or a helper
  changes, and names another test rebinds with `global`, count. A module-level object or
  class another test sets one attribute of is reported by MM401 only: using the object
  does not show that the test reads that attribute. Names that `setUp`, fixtures and class
  hooks rebuild with `global` are setup, not leftovers.
- A test that sets, before it reads the name, every key or attribute the other writers
  change (`payload["exp"] = ...; payload["foo"] = ...` when the others write only those) is
  not order-dependent and is not reported.
- Writers outside the tests count only in the test module itself (not in a `conftest.py` or
  a helper module), and only functions or classes the module names somewhere; a private
  method (`_record`) of such a class does not count.
- A test that resets the name (`clear()`, `X[:] = ...`) before it reads it, a test that
  rebinds it itself, a test that writes its module's `globals()`, and names a `setUp`,
  `tearDown`, fixture or cleanup resets for the test are not reported.
- Where the finding sits: on the read of the shared state in the test that depends on it (`assert
  total(BASKET) == 12.0`); the `# noqa` goes on that line.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts
from .restores import order_dependences
from .vocabulary import who

CODE = "MM402"
SUMMARY = "Test reads module-level state another test changes: it depends on test order"


def check(facts: Facts) -> Iterator[Finding]:
    for actor, name, read, writer in order_dependences(facts.restores):
        line = writer.pos[0]
        yield Finding.at(
            read, CODE,
            f"{actor.name} reads module-level {name}, which {who(writer.actor)} (line {line}) changes and nothing "
            "resets: its result depends on which tests ran before; build the state in the test or a fixture",
        )
