# logic: facts.py (dead_checks), deadchecks.py
# fixtures: rules/mm207_bad.py, rules/mm207_good.py, rules/mm207_bad.txt (golden output)
"""
## What it does
Finds mock "assertions" that assert nothing: an assertion method named without calling it
(`m.assert_called_once` with no parentheses), a look-alike that is not an assertion
method (`m.called_once_with(...)`, `m.called_with(...)`, `m.not_called()`,
`m.has_calls(...)`), and misspellings (`m.assret_called_with(...)`,
`m.asert_called()`).

## Why is this bad?
A `Mock` answers every attribute with another `Mock`: the look-alike returns a truthy mock
and never fails, and `assert m.called_once_with(x)` always passes. The test reads as if it
verified the call.

## Example
```python
def test_notifies(notifier):
    place_order()
    notifier.send.called_once_with("order placed")
```

## Use instead
```python
def test_notifies(notifier):
    place_order()
    notifier.send.assert_called_once_with("order placed")
```

## Options
None.

## Known problems
- Look-alikes (`called_once_with`...) are reported only on names known to be mocks (made
  by `Mock()`, `patch`, `mocker`, or named `*mock*`); missing parentheses and
  misspellings are reported on anything.
- Where the finding sits: on the mock call or attribute that asserts nothing
  (`notify.assert_called_once` without parentheses); the `# noqa` goes on that line.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts

CODE = "MM207"
SUMMARY = "Mock assertion that asserts nothing"


def check(facts: Facts) -> Iterator[Finding]:
    for d in facts.dead_checks:
        if d.kind == "mock-noop":
            yield Finding.at(d.node, CODE, f"{d.text}: a mock accepts it silently, so it asserts nothing")
