# logic: facts.py (test_checks), checks.py, wording.py
# fixtures: rules/mm201_bad.py, rules/mm201_good.py, rules/mm201_bad.txt (golden output)
"""
## What it does
Finds tests whose every check is about existence only: `is not None`, bare truthiness of a
value (`assert result`, `assert result.user`, `self.assertTrue(x)`), `isinstance`/
`assertIsInstance`, `hasattr`, `callable`, `type(x) is ...`, and non-emptiness
(`len(x) > 0`). One real check anywhere in the test (equality with an expected value,
membership, ordering, `pytest.raises`/`assertRaises`, `approx`, a predicate such as
`.exists()` or `re.search(...)`, an emptiness expectation such as `assert not errors`, an
asserting helper) makes the test fine.

## Why is this bad?
The test executes the code and counts towards coverage, but it cannot fail for a wrong
answer. `calculate_discount(100, "VIP")` returning 0, 100 or -7 passes
`assert result is not None`. Coverage reports the lines as tested; nothing verified them.

## Example
```python
def test_discount():
    result = calculate_discount(100, "VIP")
    assert result is not None
```

## Use instead
```python
def test_discount():
    assert calculate_discount(100, "VIP") == 80
```

## Options
None of its own.

## Known problems
- Presence checks whose point is presence stay silent: `d["k"] is not None`,
  `d.get("k") is not None`, `pattern.search(text) is not None` (a regular expression
  against a detailed pattern is a real check).
- Truthiness of a predicate-like attribute, key, name or call (`resp.ok`, `obj.is_active`,
  `result["is_new"]`, a local `is_cached`, `path.exists()`) counts as a real check;
  truthiness of a plain value does not.
- Skipped and expected-failure tests, and tests of abstract base classes and mixins,
  are not judged; a conditional skip (`skipif(not redis_available())`) is judged, as
  the test runs where its condition holds.
- `isinstance` is a real check when the type is the point: the type is one of the
  project's own classes (read from its source: the project defines the alternatives and
  the check pins which one the code chose, `isinstance(p, OneTimeProduct)`), the type is
  defined by the test or given to it as a parameter, or the test's name or docstring speaks
  of types (type, convert, coerce, normalise, upgrade, cast, resolve, wrap, immutable).
  A builtin, `collections.abc`, `datetime` or framework class (a widget, a response, a
  `MagicMock`) says only that the value has its usual shape, and stays weak; so does any
  class when the project's source cannot be read. `assertNotIsInstance` and
  `not isinstance(...)` rule a type out and are real checks.
- A timestamp or flag whose only wrong value is `None` (`token.revoked_at is not None`
  after a revoke) is still reported: the rule cannot tell it from a result that should
  have had a value to compare. Compare with the clock you froze, or suppress with
  `# noqa: MM201` where the finding sits.
- Where the finding sits: on the test's check when it has exactly one in its own body
  (`assert result is not None`: the `# noqa` goes there); on the `def` line when it has
  several, or its check is in a helper it calls.
- A test that also verifies a mock and has no real check is reported as MM203 instead.
- A test whose name, docstring or a comment in its body says its point is that nothing is
  raised ("regression: used to raise KeyError", `# should not raise`) is not reported: its
  existence checks are extras.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .checks import MOCK, STRONG
from .facts import Facts, where
from .wording import says_no_exception, says_type_matters, shown

CODE = "MM201"
SUMMARY = "Test only checks that something exists"


def check(facts: Facts) -> Iterator[Finding]:
    lines = facts.model.lines
    for test, checks in facts.test_checks:
        kinds = {c.kind for c in checks}
        if checks and STRONG not in kinds and MOCK not in kinds and not says_no_exception(test.node, lines) \
                and not (says_type_matters(test.node) and any(c.what.startswith("isinstance") for c in checks)):
            yield Finding.at(
                where(test, checks), CODE,
                f"{test.node.name} only checks existence ({shown(checks)}): it passes for a wrong answer; "
                "compare with the expected value",
            )
