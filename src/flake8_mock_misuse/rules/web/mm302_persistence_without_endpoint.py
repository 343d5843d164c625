# logic: facts.py (web_tests), framework.py, endpoints.py, views.py (persistence_only)
# fixtures: projects/*/tests, projects/*.txt (golden output)
"""
## What it does
In a web application's tests, finds tests whose subject is ORM persistence and which never
go through an endpoint: the test's only calls into the project are ORM writes
(`obj.save()`, `Model.objects.create/update/delete/get_or_create/bulk_create`,
SQLAlchemy `session.add/commit/merge/delete`), model constructors and reads of the
database back (`refresh_from_db`, `objects.get/filter/count/exists`, `session.query`).

## Why is this bad?
It tests that the ORM can store a row, which the ORM's authors already test. The user
journey that stores it in production (`POST /orders` through routing, validation,
permissions and serialization) stays untested.

## Example
```python
def test_create_order(db):
    order = Order.objects.create(sku="A1", qty=2)
    assert Order.objects.get(pk=order.pk).qty == 2
```

## Use instead
```python
def test_create_order(client, db):
    response = client.post("/orders", {"sku": "A1", "qty": 2})
    assert response.status_code == 201
    assert Order.objects.get(sku="A1").qty == 2
```

## Options
None of its own. The rule is silent in projects whose tests import no web framework, in a
framework's own suite, and in test files about the data layer (their names mention
models, managers, querysets, migrations, signals, fields, schemas, queries, repositories,
storage or the database).

## Known problems
- The link from the model to an endpoint that writes it is not required: a model that no
  endpoint writes is still reported when its test is about persistence only.
- ORM calls that arrange data before a request through a test client, and tests that call
  other project code (a service, a form, a serializer) are never reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts
from .views import persistence_only

CODE = "MM302"
SUMMARY = "Persistence exercised directly, never through an endpoint"


def check(facts: Facts) -> Iterator[Finding]:
    for test, through_endpoint in facts.web_tests:
        if through_endpoint:
            continue
        found = persistence_only(test.fn, facts.model)
        if found is not None:
            yield Finding.at(
                found.call, CODE,
                f"{test.node.name} exercises {found.what}() directly and never goes through an endpoint: send "
                "the request that stores it through the test client",
            )
