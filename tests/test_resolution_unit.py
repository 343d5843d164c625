"""Unit tests of the shared resolution logic (on top of the end-to-end tests, never instead)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from flake8_mock_misuse.config import Config
from flake8_mock_misuse.resolve.classify import classify_known, known_top_level
from flake8_mock_misuse.resolve.names import Scope, import_bindings, qualify, resolve_relative
from flake8_mock_misuse.resolve.project import ProjectIndex, module_name_for


def _qualify(source: str, expr: str) -> str | None:
    tree = ast.parse(source)
    scope = Scope(import_bindings([n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]))
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            scope.bindings[node.targets[0].id] = node.value
    return qualify(ast.parse(expr, mode="eval").body, scope)


@pytest.mark.parametrize(
    ("source", "expr", "expected"),
    [
        ("import requests as rq", "rq.post", "requests.post"),
        ("from unittest import mock as m", "m.patch.object", "unittest.mock.patch.object"),
        ("import mock", "mock.patch", "unittest.mock.patch"),
        ("from mock import patch", "patch.multiple", "unittest.mock.patch.multiple"),
        ("import os.path", "os.path.join", "os.path.join"),
        ("from billing.client import Api\nc = Api()", "c.session.get", "billing.client.Api().session.get"),
        ("", "undefined.name", None),
        ("import requests\na = b\nb = a", "a.x", None),
    ],
)
def test_qualify(source, expr, expected):
    assert _qualify(source, expr) == expected


def test_mocker_and_monkeypatch_parameters():
    scope = Scope({})
    scope.params.update({"mocker", "monkeypatch", "other"})
    q = lambda e: qualify(ast.parse(e, mode="eval").body, scope)  # noqa: E731
    assert q("mocker.patch.object") == "unittest.mock.patch.object"
    assert q("monkeypatch.setattr") == "pytest.MonkeyPatch().setattr"
    assert q("other.patch") is None


@pytest.mark.parametrize(
    ("module", "level", "current", "is_pkg", "expected"),
    [("db", 1, "shop.orders.service", False, "shop.orders.db"),
     ("", 1, "shop.orders.service", False, "shop.orders"),
     ("webhooks", 2, "shop.billing.client", False, "shop.webhooks"),
     ("x", 1, "shop", True, "shop.x"),
     ("requests", 0, "anything", False, "requests")],
)
def test_relative_imports(module, level, current, is_pkg, expected):
    assert resolve_relative(module, level, current, is_pkg) == expected


@pytest.mark.parametrize(
    ("name", "kind"),
    [("requests.post", "http"), ("requests.Session().get", "http"), ("requests", "http"),
     ("requests.exceptions.HTTPError", None), ("requests.codes", None), ("httpx.AsyncClient.send", "http"),
     ("urllib.request.urlopen", "http"), ("urllib.parse.urlencode", None), ("sqlalchemy.orm.Session", "db"),
     ("sqlalchemy.exc.OperationalError", None), ("django.db.connection.cursor", "db"),
     ("django.db.models.QuerySet.filter", "db"), ("django.db.models.signals.post_save", None),
     ("redis.Redis", "db"), ("time.sleep", None), ("uuid.uuid4", None)],
)
def test_classify_known(name, kind):
    hit = classify_known(name)
    assert (hit.kind if hit else None) == kind


def test_fallback_when_the_project_cannot_be_read():
    assert known_top_level("app.notify.requests.post") == "requests.post"
    assert known_top_level("app.cache.redis") is None  # too often the project's own wrapper
    assert known_top_level("requests_toolbelt.x") is None


def test_config_narrows_and_extends_the_tables():
    table = Config(http_modules=("requests", "pycurl"), db_modules=()).integrations
    assert classify_known("requests.get", table) and classify_known("pycurl.Curl", table)
    assert classify_known("httpx.get", table) is None and classify_known("psycopg2.connect", table) is None


def test_project_index_follows_imports_assignments_and_bases(tmp_path: Path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "db.py").write_text(
        "from sqlalchemy.orm import Session as S\nsession = S()\nalias = session\n"
        "class Repo:\n    def __init__(self):\n        self.conn = __import__('x')\n"
    )
    (tmp_path / "app" / "api.py").write_text("from . import db\nfrom .db import session as s\n")
    index = ProjectIndex((str(tmp_path),))
    assert index.classify("app.db.session").resolved == "sqlalchemy.orm.Session()"
    assert index.classify("app.db.alias.query").kind == "db"
    assert index.classify("app.api.s").kind == "db"
    assert index.classify("app.api.db.session.commit").kind == "db"
    assert index.classify("app.db.Repo().conn") is None
    assert index.classify("app.db.nothing") is None
    assert index.is_project_package("app") and not index.is_project_package("requests")


def test_module_name_for(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "__init__.py").write_text("")
    (tmp_path / "a" / "b" / "__init__.py").write_text("")
    assert module_name_for(str(tmp_path / "a" / "b" / "test_x.py")) == ("a.b.test_x", False)
    assert module_name_for(str(tmp_path / "a" / "b" / "__init__.py")) == ("a.b", True)
    assert module_name_for(str(tmp_path / "test_y.py")) == ("test_y", False)
