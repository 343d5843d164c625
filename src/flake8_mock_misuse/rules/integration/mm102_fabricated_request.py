# logic: facts.py (fabricated_requests), requests.py
# fixtures: rules/mm102_bad.py, rules/mm102_good.py, rules/mm102_bad.txt (golden output)
"""
## What it does
Finds tests that make an incoming request out of a mock and hand it to the code under
test: a `Mock`, `MagicMock`, `SimpleNamespace` or `pretend.stub` with a request-like name
(`request`, `req`, `mock_request`, `fake_request`...) or request attributes (`headers`,
`META`, `method`, `path`, `GET`, `POST`, `cookies`, `form`, `query_params`...), made in the
test or returned by a fixture of the same file or of a `conftest.py` above it, then passed
to a function the project defines (`authenticate(mock_request)`, `view(request)`,
`middleware(req)`).

## Why is this bad?
The test decides what the request looks like, so the code is only checked against the
test author's idea of a request. A real request goes through the framework: headers are
normalised (`Authorization` becomes `HTTP_AUTHORIZATION` in Django's `META`), bodies are
parsed, middleware runs. A mock accepts any attribute: a wrong header name, a missing
attribute or a wrong type passes the test and fails the first real request.

## Example
```python
def test_auth(mock_request):
    mock_request.headers = {"http-authorization": "Bearer xxx"}
    result = authenticate(mock_request)
    assert result.user
```

## Use instead
Let the framework build the request, or go through the endpoint:
```python
def test_auth(client):
    response = client.get("/me", headers={"Authorization": "Bearer xxx"})
    assert response.status_code == 200
```
Framework request builders that run the real request class are fine and never reported:
Django's `RequestFactory`, Starlette's `Request(scope)`, werkzeug's `EnvironBuilder`,
Flask's `test_request_context`, and pytest's own `request` fixture.

## Options
None of its own; `mock-misuse-test-files` decides which files are read.

## Known problems
- Only mocks and stubs count. A hand-written fake request class is not recognised.
- Mocks that look like responses (`status_code`, `text`, `content`) are never requests.
- A mock passed only to a helper defined in the test file, or to the standard library,
  is not reported. A class the test defines counts as the project's where it inherits the
  method called (`QuietValidator(OAuth2Validator)`, then `validator.validate_user(...,
  request)`), and as test code where it defines that method itself.
- Where the finding sits: on the call that hands the fabricated request to the code under test
  (`authenticate(mock_request)`); the `# noqa` goes on that line.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts

CODE = "MM102"
SUMMARY = "Fabricated request object passed to the code under test"


def check(facts: Facts) -> Iterator[Finding]:
    for fab in facts.fabricated_requests:
        shown = ", ".join("." + a for a in fab.attrs[:3])
        what = f"{fab.maker} with {shown}" if shown else fab.maker
        yield Finding.at(
            fab.call, CODE,
            f"fabricated request object ({what}) passed to {fab.callee}(): the real request parsing, headers "
            "and middleware never run; build a real request or go through a test client",
        )
