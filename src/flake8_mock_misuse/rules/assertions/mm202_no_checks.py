# logic: facts.py (test_checks), checks.py, wording.py
# fixtures: rules/mm202_bad.py, rules/mm202_good.py, rules/mm202_bad.txt (golden output)
"""
## What it does
Finds tests that check nothing: no `assert`, no unittest `assert*` method, no
`pytest.raises`/`assertRaises` block, no mock verification, and no call to a helper that
asserts. Helpers are followed: a method of the test class or of its base classes (in this
file or, read from source, in the project's modules), a function of this file or of the
project. A helper that cannot be read counts as a check when its name says so
(`assert_*`, `check_*`, `verify_*`, `expect_*`, `ensure_*`, `validate_*`).

## Why is this bad?
The test passes whatever the code returns. It only fails when the code raises, which is
rarely the bug that reaches production. It inflates coverage with lines nothing verified.

## Example
```python
def test_create_order(client):
    client.post("/orders", json={"sku": "A1"})
```

## Use instead
```python
def test_create_order(client):
    response = client.post("/orders", json={"sku": "A1"})
    assert response.status_code == 201
    assert client.get("/orders").json()[0]["sku"] == "A1"
```

## Options
None of its own.

## Known problems
- The finding sits on the test's `def` line (there is no check to point at): the `# noqa`
  goes there.
- A test whose name, docstring or a comment in its body says it checks that nothing is
  raised (`test_does_not_raise`, `test_no_crash_on_empty_input`, `test_no_warnings_...`,
  "should not fail", "smoke", `# ValidationError not thrown`, `# this would crash if the
  bug is back`), or that its point is being able to set something up or use it at all
  ("ensure we can initialize...", "should be usable as a dict key", "no need to check the
  values") is not reported: not raising is then the expectation, written down. A test
  that only calls a validator, with no such word anywhere, is reported: say what you expect.
- Skipped and expected-failure tests, and tests of abstract base classes and mixins
  (`Base*`, `*Mixin`, `__test__ = False`) are not judged; a conditional skip
  (`skipif(...)`, `skipUnless(...)`) is judged, as the test runs where it holds.
- Checks done by fixtures or by pytest plugins (`--strict` warnings as errors, snapshot
  plugins asserting on teardown) are not seen.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts
from .wording import says_no_exception

CODE = "MM202"
SUMMARY = "Test checks nothing"


def check(facts: Facts) -> Iterator[Finding]:
    for test, checks in facts.test_checks:
        if not checks and not says_no_exception(test.node, facts.model.lines):
            yield Finding.at(
                test.node, CODE,
                f"{test.node.name} checks nothing (no assert, raises block, asserting helper or mock "
                "verification): it passes whatever the code does",
            )
