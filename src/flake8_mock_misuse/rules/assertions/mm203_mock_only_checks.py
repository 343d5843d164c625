# logic: facts.py (test_checks), checks.py, wording.py
# fixtures: rules/mm203_bad.py, rules/mm203_good.py, rules/mm203_bad.txt (golden output)
"""
## What it does
Finds tests whose checks are all about mocks: `m.assert_called_once_with(...)`,
`assert m.called`, `assert m.call_count == 2`, `m.call_args`, `m.mock_calls`, and the
same through `self.assertEqual(m.call_count, 1)`. Existence-only checks may stand beside
them; one real check of a result or of stored state makes the test fine.

## Why is this bad?
The test proves that the code called the mock you put in its way, with the arguments you
expected: it restates the implementation. When the real collaborator wants other
arguments, another call order or a different protocol, the test stays green.

## Example
```python
@patch("app.notify.send_email")
def test_signup_sends_email(send_email):
    signup("ann@example.org")
    send_email.assert_called_once_with("ann@example.org", ANY)
```

## Use instead
Check an outcome: what was stored, returned or really sent (an in-memory mail outbox, a
local SMTP server, `responses` recording the request):
```python
def test_signup_sends_email(mailoutbox):
    signup("ann@example.org")
    assert mailoutbox[0].to == ["ann@example.org"]
```

## Options
A separate code so that teams that practise interaction testing on purpose can turn it
off alone: `extend-ignore = MM203`.

## Known problems
- Where the finding sits: on the test's check when it has exactly one in its own body
  (`send.assert_called_once()`: the `# noqa` goes there); on the `def` line when it has
  several, or its check is in a helper it calls.
- Only mocks' own API is recognised (`assert_*`, `called`, `call_count`, `call_args`,
  `call_args_list`, `mock_calls`, `await_*`); a hand-written fake recording its calls
  in a list is not.
- Skipped tests and tests of abstract base classes are not judged (conditionally skipped
  ones are).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .checks import MOCK, STRONG
from .facts import Facts, where
from .wording import shown

CODE = "MM203"
SUMMARY = "Test only verifies mocks"


def check(facts: Facts) -> Iterator[Finding]:
    for test, checks in facts.test_checks:
        kinds = {c.kind for c in checks}
        if MOCK in kinds and STRONG not in kinds:
            mocks = [c for c in checks if c.kind == MOCK]
            yield Finding.at(
                where(test, checks), CODE,
                f"{test.node.name} only verifies mocks ({shown(mocks)}): it proves the code called your "
                "mock, not that it works",
            )
