# logic: facts.py (subjects), subject.py, framework.py, endpoints.py, views.py (called_view)
# fixtures: projects/*/tests, projects/*.txt (golden output)
"""
## What it does
In a web application's tests, finds tests whose subject is a view called directly: a
project function registered as a route (`@app.get("/items")`, `@bp.route("/x")`,
`@router.post("/")`, `@api_view`, Pyramid's `@view_config` and `@notfound_view_config`), a
handler method of a class-based view (Django `View`, DRF `APIView`/viewsets, Flask
`MethodView`, Starlette `HTTPEndpoint`), a step of its request handling called on its own
(`get_context_data`, `get_queryset`, `form_valid`, `perform_create`...) or a DRF `@action`
route of a viewset, a public method of a Pyramid `@view_defaults` class
(`BillingViews(DummyRequest()).cancel()`), the result of `MyView.as_view()`, or a public
function of a `views` module that takes `request` in any position (`not_found(exc,
request)`). The subject is the test's last project call that is neither a check nor a
database read (see MM302). A test that also goes through an endpoint is reported only
for a view it calls directly besides (to skip an authentication check, say).
Views are found in the project's own modules, read from source (never imported).

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
`mock-misuse-test-files` decides which files are read. As MM302, the rule judges only the
tests of a project that defines a web application outside its tests.

## Known problems
- Views registered only in a URL configuration (`path("me/", profile)`) are recognised by
  the `views` module convention (a `request` parameter), not by reading `urls.py`;
  private helpers of a views module (`_client_ip(request)`) are not views.
- The finding sits on the view's call: put `# noqa: MM301` on that line.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts

CODE = "MM301"
SUMMARY = "View called directly instead of through an endpoint"


def check(facts: Facts) -> Iterator[Finding]:
    for test, found in facts.subjects:
        if found.kind == "view":
            yield Finding.at(
                found.call, CODE,
                f"{test.node.name} calls the view {found.shown}() directly: routing, middleware, authentication and "
                "serialization are skipped; request it through the test client",
            )
