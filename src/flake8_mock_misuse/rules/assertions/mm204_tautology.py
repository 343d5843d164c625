# logic: facts.py (tautologies), tautology.py
# fixtures: rules/mm204_bad.py, rules/mm204_good.py, rules/mm204_bad.txt (golden output)
"""
## What it does
Finds assertions on a value the test itself configured on a mock: the test sets
`repo.get.return_value = order` and then asserts `repo.get(1) is order`, or sets
`client.get.return_value = "v"` on a mock installed by `@patch("app.cache.client")` and
asserts `app.cache.client.get("k") == "v"`. Mocks are followed through their names
(`Mock(return_value=...)`, `with patch(...) as m`, `@patch` arguments) and through the
patched target's own dotted name.

## Why is this bad?
The assertion reads the mock back. It holds whatever the code under test does, even when
the code is deleted: a tautology dressed as a check.

## Example
```python
def test_get_order():
    repo = Mock()
    repo.get.return_value = order
    assert repo.get(1) is order
```

## Use instead
Assert on what the code under test does with the value:
```python
def test_get_order():
    repo = InMemoryRepo([order])
    assert OrderService(repo).total(order.id) == 30
```

## Options
None.

## Known problems
- Only equality and identity (`==`, `is`, `assertEqual`, `assertIs`) against the very
  expression that was configured are recognised; a value copied into another variable
  first is not followed.
- Where the finding sits: on the assertion of the value the test configured (`assert clock() ==
  42`); the `# noqa` goes on that line.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts

CODE = "MM204"
SUMMARY = "Assertion on a value the test configured on a mock"


def check(facts: Facts) -> Iterator[Finding]:
    for t in facts.tautologies:
        yield Finding.at(
            t.node, CODE,
            f"asserts {t.read} against the value the test set as {t.configured}: it holds whatever the code "
            "under test does",
        )
