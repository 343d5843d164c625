# logic: facts.py (dead_checks), deadchecks.py
# fixtures: rules/mm205_bad.py, rules/mm205_good.py, rules/mm205_bad.txt (golden output)
"""
## What it does
Finds a check inside a `pytest.raises` / `assertRaises` block that stands after the
statement expected to raise, with nothing after it that could raise instead.

## Why is this bad?
When the expected exception is raised, the rest of the block is skipped: the check never
runs. When it is not raised, the test fails anyway. Either way the check proves nothing,
and readers believe it does.

## Example
```python
def test_rejects_negative():
    with pytest.raises(ValueError) as exc:
        withdraw(account, -5)
        assert account.balance == 100
```

## Use instead
Move the check out of the block:
```python
def test_rejects_negative():
    with pytest.raises(ValueError):
        withdraw(account, -5)
    assert account.balance == 100
```

## Options
None.

## Known problems
- Blocks that expect `AssertionError` (or `Exception`) are not judged: the check may be
  the statement meant to raise.
- Where the finding sits: on the check that never runs (the first one after the statement that
  raises); the `# noqa` goes on that line.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts

CODE = "MM205"
SUMMARY = "Check after the statement that raises: it never runs"


def check(facts: Facts) -> Iterator[Finding]:
    for d in facts.dead_checks:
        if d.kind == "after-raise":
            yield Finding.at(
                d.node, CODE,
                f"`{d.text}` comes after the statement expected to raise: it never runs; move it out of "
                "the raises block",
            )
