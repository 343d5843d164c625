"""Unit tests of the shared resolution logic (on top of the end-to-end tests, never instead)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from flake8_mock_misuse.config import Config
from flake8_mock_misuse.resolve.classify import classify_known, known_top_level
from flake8_mock_misuse.resolve.names import Scope, import_bindings, qualify, resolve_relative
from flake8_mock_misuse.resolve.project import ProjectIndex, module_name_for
from flake8_mock_misuse.resolve.summary import summarize


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


def _app_index(tmp_path: Path, **modules: str) -> ProjectIndex:
    """The index of a project whose package ``app`` holds ``modules`` (name -> source)."""
    (tmp_path / "app").mkdir()
    for name, text in {"__init__": "", **modules}.items():
        (tmp_path / "app" / f"{name}.py").write_text(text)
    return ProjectIndex((str(tmp_path),))


def test_project_index_follows_imports_assignments_and_bases(tmp_path: Path):
    index = _app_index(tmp_path, db=(
        "from sqlalchemy.orm import Session as S\nsession = S()\nalias = session\n"
        "class Repo:\n    def __init__(self):\n        self.conn = __import__('x')\n"
    ), api="from . import db\nfrom .db import session as s\n")
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


def test_module_summary_scopes_bindings_and_function_facts():
    source = (
        "try:\n    import simplejson as json\nexcept ImportError:\n    import json\n"
        "from .db import Session\n"
        "if True:\n    engine = Session()\n"
        "class Repo(Base, metaclass=Meta):\n"
        "    Session = 'shadowed in the class body only'\n"
        "    def __init__(self, conn):\n"
        "        self.conn = conn\n"
        "        self.session = Session()\n"
        "        a, self.pair = 1, 2\n"
        "    def check_saved(self):\n"
        "        local = json.loads\n"
        "        helper(local('1'))\n"
        "        self.verify()\n"
        "        def inner():\n            assert True\n"
        "def plain():\n    return [x() for x in ()]\n"
    )
    info = summarize(ast.parse(source), "app.repo", False)
    names = info.scope.names
    assert names["json"] == ("import", "json")  # the last binding wins, as at run time on a plain machine
    assert names["Session"] == ("import", "app.db.Session")
    assert names["engine"][1:] == (("Session", "()"), "app.db.Session()")  # its chain of names, resolved
    repo = names["Repo"][1]
    assert repo.qualified_bases() == ()  # Base is not bound in the module: unknown, not guessed
    init = repo.scope.names["__init__"][1]
    # methods do not see the class body's names: Session here is the module's import
    assert repo.instance_attrs["session"][2] == "app.db.Session()"
    assert init.params == ("self", "conn") and repo.instance_attrs["conn"][2] is None  # a parameter
    assert repo.instance_attrs["pair"][1] is None  # bound by unpacking: nothing known
    check = repo.scope.names["check_saved"][1]
    assert check.asserts and check.owner is repo and check.first_arg == "self"
    assert {"loads", "helper", "local", "verify"} >= set(check.call_names) >= {"helper", "verify"}
    assert ("self", "verify") in check.calls
    assert ("name", "json.loads") in check.calls  # ``local = json.loads; local(...)``
    # plain values only: nothing of the tree outlives the walk
    assert not any(isinstance(v, ast.AST) for f in (init, check) for v in (*f.calls, *f.sends, *f.made))
    plain = names["plain"][1]
    assert not plain.asserts and plain.owner is None and plain.at_module_level


def test_source_reads_unparenthesised_except_lists_and_nothing_else():
    import pytest as _pytest

    from flake8_mock_misuse.resolve.source import parse

    source = b"try:\n    pass\nexcept A, B:\n    pass\n"
    if sys.version_info >= (3, 11):  # except* itself is Python 3.11 syntax
        source += b"try:\n    pass\nexcept* C, D:  # two\n    pass\n"
    tree = parse(source)
    handlers = [n for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler)]
    assert [type(h.type).__name__ for h in handlers] == ["Tuple"] * (2 if sys.version_info >= (3, 11) else 1)
    with _pytest.raises(SyntaxError):
        parse(b"def f(:\n    pass\n")


def test_source_reads_type_parameter_syntax_on_any_parser():
    """PEP 695 lines read the same on 3.10 as on 3.12+: aliases bound to their value, type parameters left out."""
    import pytest as _pytest

    from flake8_mock_misuse.resolve.source import parse

    tree = parse(b"type Json = dict\ntype Pair[T: (int, str)] = tuple[T, T]\n"
                 b"def first[T: dict[str, int]](x: T) -> T:\n    return x\n"
                 b"class Box[T](Base):\n    async def get[S](self):\n        pass\n")
    kinds = [type(n).__name__ for n in tree.body]
    assert kinds[2:] == ["FunctionDef", "ClassDef"]
    assert set(kinds[:2]) <= {"Assign", "TypeAlias"}
    with _pytest.raises(SyntaxError):
        parse(b"type = = 1\n")
    mixed = parse(b"type J = dict\ntry:\n    pass\nexcept (A, B) as e:\n    pass\nexcept C, D:\n    pass\n")
    handlers = [n for n in ast.walk(mixed) if isinstance(n, ast.ExceptHandler)]
    assert [(type(h.type).__name__, h.name) for h in handlers] == [("Tuple", "e"), ("Tuple", None)]


def test_a_newtype_of_a_session_class_is_that_class(tmp_path: Path):
    index = _app_index(tmp_path, db=(
        "import typing\nfrom typing import NewType\n\nfrom sqlalchemy.orm import Session\n\n"
        "ReadSession = NewType('ReadSession', Session)\nWriteSession = typing.NewType('WriteSession', ReadSession)\n"
        "Other = NewType('Other', int)\n"
    ))
    assert index.classify("app.db.WriteSession").resolved == "sqlalchemy.orm.Session"
    assert index.classify("app.db.Other") is None


def test_a_sender_seen_deep_first_is_still_a_sender_when_patched_itself(tmp_path: Path):
    """a -> b -> c sends: b is met one hop from a, where the search stops; patched itself, it sends."""
    index = _app_index(tmp_path, chain=(
        "import requests\n\n\ndef a():\n    return b()\n\n\ndef b():\n    return c()\n\n\n"
        "def c():\n    return requests.get('https://example.org')\n"
    ))
    assert index.classify("app.chain.a") is None  # c is two hops away: a orchestrates, it is no client
    assert index.classify("app.chain.b").resolved == "requests.get"


def test_the_sdk_table_and_the_option_default_name_the_same_modules():
    from flake8_mock_misuse.config import HTTP_SDK_MODULES
    from flake8_mock_misuse.resolve import known

    assert set(HTTP_SDK_MODULES) <= set(known.SDK_INTEGRATIONS)
    assert all(any(k == m or k.startswith(m + ".") for m in HTTP_SDK_MODULES) for k in known.SDK_INTEGRATIONS)
