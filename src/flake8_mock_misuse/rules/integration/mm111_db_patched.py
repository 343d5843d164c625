# logic: facts.py (db_replacements), replacements.py, messages.py
# fixtures: rules/mm111_bad.py, rules/mm111_good.py, rules/mm111_bad.txt (golden output), projects/shop
"""
## What it does
Finds tests that replace a database with a mock: sessions, engines, connections, cursors,
ORM managers and query objects of SQLAlchemy, SQLModel, Flask-SQLAlchemy, the Django ORM
(`django.db.connection`, `Model.objects`, `Model.save`), psycopg/psycopg2, PyMySQL,
MySQLdb, sqlite3, asyncpg, aiosqlite, pymongo, motor, peewee, Tortoise ORM and redis,
in every mock form (`patch`, `patch.object`, `patch.multiple`, `mocker.patch*`,
`monkeypatch.setattr`, `create_autospec`, `Mock(spec=...)`). The project's own objects
count for what they are: `patch("orders.db.session")` is reported when `orders/db.py`
makes `session = Session()` from `sqlalchemy.orm`, and `patch.object(Order, "objects")`
when `Order` derives from a Django model, across modules and base classes.

## Why is this bad?
A mocked session accepts any query, any filter and any commit. SQL errors, missing
columns, constraint violations, transaction boundaries and the ORM's own behaviour
(lazy loading, defaults, cascades) never happen. The test checks that the code called
`session.add` and `commit`, which is how the code was written, not whether it works.

## Example
```python
@patch("orders.db.session")
def test_place_order(session):
    place_order(user_id=1, sku="A1")
    session.commit.assert_called_once()
```

## Use instead
Run against a real database made for the test: an SQLite file in a temporary folder,
a transaction rolled back after each test, Django's `TestCase`, or a throwaway
PostgreSQL. Then check what was stored:
```python
def test_place_order(db_session):
    place_order(user_id=1, sku="A1", session=db_session)
    assert db_session.scalars(select(Order.sku)).all() == ["A1"]
```

## Options
- `mock-misuse-db-modules`: the database modules (see `flake8 --help` for the default);
  a module you add counts whole.
- `mock-misuse-allowed-targets`: glob patterns of targets never to report.
- `mock-misuse-source-roots`: where the project's own modules are found.

## Known problems
- Classes and functions of installed third-party packages that the library tables do not
  know are followed into the installed source by astroid (the second tier; read, never
  imported): a class whose bases lead to an SQLAlchemy `Session`/`Engine`/`Connection` or a
  Django `Model`/`Manager`/`QuerySet`, or a package function that returns one
  (`dbkit.open_session`). Where the package is not
  installed (pre-commit's isolated environment), or with `--mock-misuse-infer=no`, such a
  name is not reported.
- Names are classified by what they are, not how they are spelled: a target called
  `session`, `db` or `objects` that cannot be traced to a database library is not
  reported. When the project's source cannot be read, such targets stay silent.
- Fault injection on a real database (`patch.object(db.session, "commit",
  side_effect=OperationalError)`) is not reported: it simulates a failure of an
  otherwise real resource.
- A plain `MagicMock()` handed to code as its session is reported only where the parameter
  it is handed to is annotated as a session (`session: AsyncSession`); one specced on the
  session class (`MagicMock(spec=AsyncSession)`, also through the project's aliases and
  `NewType`s of it) is reported where it is made. A project function that makes and returns
  a session or engine (`get_db()`, `open_session()`), patched, is reported too.
- Patches made by fixtures and helpers are followed as for MM101 (three calls deep, into
  test-support modules and base classes) and reported at the test's `def` line.
- Where the finding sits: on the patch itself: the `@patch(...)` decorator, or the `patch(...)`,
  `mocker.patch(...)`, `patch.object(...)` or `monkeypatch.setattr(...)` call; the `# noqa` goes on
  that line.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts
from .messages import replaced

CODE = "MM111"
SUMMARY = "Database, session or ORM manager patched out"


def check(facts: Facts) -> Iterator[Finding]:
    for r in facts.db_replacements:
        yield Finding.at(
            r.node, CODE,
            replaced(r, "this test never reaches a database, so queries, constraints and transactions "
                        "go unchecked"),
        )
