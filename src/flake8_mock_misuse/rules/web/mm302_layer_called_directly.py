# logic: facts.py (subjects), subject.py, framework.py, endpoints.py
# fixtures: projects/*/tests, projects/*.txt (golden output)
"""
## What it does
In a web application's tests, finds tests whose subject is the model or service layer and
which never go through an endpoint. The subject is the last project call, in the order calls
finish, that is neither a check nor a database read; ORM writes and model constructors before
another call arrange data for it, and calls inside a check's arguments count when nothing
else acts (`assert basket.total(coupon="HALF") == 1`). It is reported when it is
- a method, classmethod or manager call of a project ORM model, or of an instance of one
  (made by its constructor or manager, reached through a relation or a fixture annotated
  with the model): `order.total()`, `ct.validated_save()`, `Version.objects.create(...)`
  when the row's own behaviour is what the checks read;
- a service or repository function handed the database session (a fixture or parameter
  that resolves to one, `session: AsyncSession`, a mock specced on the session class), or a
  method of a repository built with it (`Repository.from_session(session).update(...)`);
- persistence itself, when the test writes rows and then only checks them.

A test that reaches an endpoint (a test client's verb, a live server or browser, a
management command; in the test or a helper it runs, through base classes and test-support
modules) is never reported: every ORM call in it arranges data for that request.

## Why is this bad?
The production path to that code goes through routing, request validation, permissions and
serialization. A suite whose tests call the model and service layers directly stays green
while the endpoint that users hit rejects valid input, leaks another tenant's rows or
returns an unserializable body. The tests prove the parts; nothing proves the path.

## Example
```python
def test_basket_total_applies_coupon(db):
    basket = Basket.objects.create(owner="ann")
    basket.lines.create(sku="pen", price=2)
    assert basket.total(coupon="HALF") == 1
```

## Use instead
Keep the unit test if the domain logic deserves one, and add (or keep) one that reaches the
same code through the endpoint:
```python
def test_basket_total_applies_coupon(client, db):
    basket = Basket.objects.create(owner="ann")
    basket.lines.create(sku="pen", price=2)
    response = client.get(f"/baskets/{basket.pk}/total", {"coupon": "HALF"})
    assert response.json() == {"total": 1}
```
When pure domain logic is tested on purpose (a pricing model, a state machine), say so once:
`per-file-ignores = tests/domain/*:MM302`, or `extend-ignore = MM302` for a suite that
reaches its endpoints elsewhere.

## Options
None of its own. The rule judges only the tests of a web application: the project must
define one outside its tests (a Django settings module with `ROOT_URLCONF`, or an
application object such as `Flask(...)`, `FastAPI()`, Pyramid's `Configurator`, or a
project subclass of one, in a file named like an entry point: `settings`, `app`, `main`,
`wsgi`, `asgi`, `factory`, a top package's `__init__.py`). A framework's own suite and
libraries for a framework (reusable apps, SDK integrations) are not judged.

## Known problems
- Tasks, management commands, middleware, forms, serializers, filters, permission and
  authentication classes and template tags are never the subject; a test whose subject is
  one of them, or a utility that neither is a model nor touches the database, is silent.
- A service function that uses the ORM or a global session without being handed one (a
  Django service calling `Order.objects.create`, `certificates.service.delete(cert)` over
  Flask-SQLAlchemy's `db.session`) is not judged: the claim is about code handed the
  session. Followed further, to the writes it makes through the application's own session,
  it gained a few labelled cases on one suite and cost more on others (settings proxies,
  sync jobs and utilities that write too), so the rule keeps to what the test shows.
- View classes that are registered in code the plugin does not follow (a class handed to
  `add_url_rule` with no framework base, like Indico's `RH`) are not known as views.
- When the checks read a model's property (not a call), the finding sits on the call that
  made the row (its constructor or factory), the last call the test made.
- Model rows rendered or serialized by the framework after being written (a template test)
  are arranged data, not the subject.
- A test's subject hidden behind code the plugin cannot read (a base class's attribute, a
  package that is not installed) makes the test silent rather than guessed; a project module
  that cannot be parsed (a template, newer syntax than the running Python) is named once per
  run on stderr, so the silence is not mistaken for a clean verdict.
- The finding sits on the subject's call: put `# noqa: MM302` on that line.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts

CODE = "MM302"
SUMMARY = "Model or service layer exercised directly, never through an endpoint"


def check(facts: Facts) -> Iterator[Finding]:
    for test, found in facts.subjects:
        if found.kind != "view":
            layer = "the model" if found.kind == "model" else "the service"
            yield Finding.at(
                found.call, CODE,
                f"{test.node.name} exercises {found.shown}() of {layer} layer directly: routing, validation, "
                "serialization and permissions never run; keep one test that reaches it through the endpoint",
            )
