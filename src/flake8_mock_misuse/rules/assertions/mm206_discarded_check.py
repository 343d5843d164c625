# logic: facts.py (dead_checks), deadchecks.py
# fixtures: rules/mm206_bad.py, rules/mm206_good.py, rules/mm206_bad.txt (golden output)
"""
## What it does
Finds comparisons and predicate calls used as statements, whose result is thrown away:
`x == 1` alone on a line, `Order.objects.filter(paid=True).exists()`,
`isinstance(result, Order)`, `name.startswith("a")`. The `assert` was forgotten.

## Why is this bad?
The line reads like a check and checks nothing. The test passes when the comparison is
false.

## Example
```python
def test_pay(order):
    pay(order)
    Order.objects.filter(pk=order.pk, paid=True).exists()
```

## Use instead
```python
def test_pay(order):
    pay(order)
    assert Order.objects.filter(pk=order.pk, paid=True).exists()
```

## Options
None.

## Known problems
- Statements inside a `pytest.raises`/`assertRaises` block are left alone (a comparison
  there may be the statement expected to raise).
- `form.is_valid()` is not reported: Django forms use it for its side effect.
- Where the finding sits: on the discarded comparison or predicate (`order.total == 10` alone on its
  line); the `# noqa` goes on that line.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts

CODE = "MM206"
SUMMARY = "Comparison or predicate whose result is discarded"


def check(facts: Facts) -> Iterator[Finding]:
    for d in facts.dead_checks:
        if d.kind == "discarded":
            yield Finding.at(d.node, CODE, f"`{d.text}` is computed and thrown away: did you mean `assert {d.text}`?")
