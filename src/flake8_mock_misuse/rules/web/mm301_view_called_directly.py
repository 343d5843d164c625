# logic: facts.py (web_tests), framework.py, endpoints.py, views.py (view_calls)
# fixtures: projects/*/tests, projects/*.txt (golden output)
"""
## What it does
In a web application's tests, finds calls straight to a view: a project function registered
as a route (`@app.get("/items")`, `@bp.route("/x")`, `@router.post("/")`, `@api_view`), a
method of a class-based view (Django `View`, DRF `APIView`/viewsets, Flask `MethodView`,
Starlette `HTTPEndpoint`), the result of `MyView.as_view()`, or a function of a `views`
module that takes `request` first; including `view(RequestFactory().get("/"))`. Views are
found in the project's own modules, read from source (never imported).

## Why is this bad?
Calling the view skips what production runs around it: URL routing, middleware,
authentication and permissions, request parsing, content negotiation, serialization and
error handlers. A view that works when called directly can be unreachable, unprotected or
return an unserializable body through the real stack.

## Example
```python
def test_profile(rf, user):
    request = rf.get("/me")
    request.user = user
    response = profile(request)
    assert response.status_code == 200
```

## Use instead
```python
def test_profile(client, user):
    client.force_login(user)
    response = client.get("/me")
    assert response.status_code == 200
```

## Options
`mock-misuse-test-files` decides which files are read. The rule is silent in projects
whose tests import no web framework, and in a framework's own test suite.

## Known problems
- Views registered only in a URL configuration (`path("me/", profile)`) are recognised by
  the `views` module convention (first parameter `request`), not by reading `urls.py`.
- A test that calls a view and also goes through an endpoint is still reported for the
  direct call.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts
from .views import view_calls

CODE = "MM301"
SUMMARY = "View called directly instead of through an endpoint"


def check(facts: Facts) -> Iterator[Finding]:
    for test, _through_endpoint in facts.web_tests:
        for vc in view_calls(test.fn, facts.model):
            yield Finding.at(
                vc.call, CODE,
                f"calls the view {vc.view}() directly: routing, middleware, authentication and serialization "
                "are skipped; request it through the test client",
            )
