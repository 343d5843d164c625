"""Property tests: the analysis never raises, whatever valid Python a test file holds.

Two sources of programs: ``hypothesmith`` (valid Python from the grammar and from libcst's node
types, wrapped into test files in several ways) and a hand-written strategy that composes the
shapes our rules read (patch forms, mocks with specs, fixtures, classes, asserts of every kind),
which hypothesmith almost never produces.  The analysis is called in-process through
``analysis.analyse``, the entry point the flake8 plugin calls; one test puts generated files
through the real flake8 and checks it reports the same.

The normal run is deterministic (derandomized, a few hundred examples per strategy); set
``MM_FUZZ_LONG=1`` for a long randomized run (thousands).
"""

from __future__ import annotations

import ast
import os
import tempfile
import textwrap
import warnings
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from flake8_mock_misuse.analysis import analyse
from flake8_mock_misuse.config import Config
from helpers import flake8

pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")  # generated code such as `1()`

LONG = os.environ.get("MM_FUZZ_LONG") == "1"
# examples per strategy: (normal run, long run)
COUNTS = {"grammar": (200, 3000), "node": (40, 1000), "mocks": (300, 6000), "flake8": (2, 20)}


def examples(kind: str) -> settings:
    return settings(
        max_examples=COUNTS[kind][LONG],
        deadline=None,
        derandomize=not LONG,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


def analyse_source(src: str, filename: str = "tests/test_fuzz.py"):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarning for generated code such as `1()`
        tree = ast.parse(src)
    return analyse(tree, filename, Config())


def parses(src: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(src)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


HEADER = (
    "import pytest\nimport requests\nimport requests as rq\nfrom unittest import TestCase, mock\n"
    "from unittest.mock import MagicMock, Mock, create_autospec, patch\n\n"
)


def wrap(src: str, how: str) -> str:
    """Generated code as a test file: as it is, after mock imports, as a test's body, as a test method."""
    if how == "module":
        return src
    if how == "header":
        return HEADER + src
    body = textwrap.indent(src if src.strip() else "pass\n", "    ")
    if how == "test":
        return HEADER + "def test_generated(mocker, monkeypatch):\n" + body + "\n    assert mocker is not None\n"
    return HEADER + "class TestGenerated(TestCase):\n    def test_method(self):\n" + textwrap.indent(body, "    ")


WRAPS = st.sampled_from(["module", "header", "test", "method"])


@examples("grammar")
@given(src=hypothesmith.from_grammar(), how=WRAPS)
def test_grammar_programs_never_raise(src: str, how: str):
    text = wrap(src, how)
    assume(parses(text))
    analyse_source(text)  # a raising analysis would be an MM901 in flake8


@examples("node")
@given(src=hypothesmith.from_node(), how=WRAPS)
def test_node_programs_never_raise(src: str, how: str):
    text = wrap(src, how)
    assume(parses(text))
    analyse_source(text)  # a raising analysis would be an MM901 in flake8


# -- mock-heavy programs ---------------------------------------------------------------------------
IMPORTS = [
    "import requests", "import requests as rq", "import httpx", "import sqlite3", "import os", "import mock",
    "from unittest import mock", "from unittest import mock as m", "import unittest.mock",
    "from unittest.mock import patch, MagicMock, Mock, AsyncMock, create_autospec, PropertyMock",
    "from unittest.mock import *", "from requests import *", "import pytest", "from pytest import fixture",
    "from pkg import db", "from pkg.db import session", "from . import conftest", "from .helpers import check",
    "from django.test import TestCase, Client", "from sqlalchemy.orm import Session",
    "from types import SimpleNamespace", "import unittest",
]
TARGETS = [
    "requests.get", "requests.Session.get", "requests.Session().post", "httpx.Client", "httpx.AsyncClient.send",
    "sqlite3.connect", "pkg.db.session", "pkg.client.requests.post", "os.environ", "a.b.c", "", ".", "x..y",
    "requests.get()", "db.session", "1", "__main__.x", "tests.conftest.thing", "django.db.connection.cursor",
    "sqlalchemy.orm.Session.query", "redis.Redis", "urllib.request.urlopen", "builtins.open", "requests" * 40,
]
OBJECTS = ["requests", "rq", "requests.Session", "httpx.Client()", "db", "session", "self", "cls", "m", "mock",
           "Session", "os.environ", "x", "None", "1", "[]", "(lambda: 0)", "getattr(requests, 'get')", "db.session"]
ATTRS = ["'get'", "'post'", "'session'", "'objects'", "'query'", "'save'", "'x'", "''", "attr", "1", "None"]
VALUES = ["None", "MagicMock()", "Mock(return_value=1)", "lambda *a: None", "ValueError", "ValueError('x')",
          "[ValueError, None]", "requests.Timeout", "real_get", "x", "{}", "mock.DEFAULT", "fake", "1"]
NAMES = ["m", "mock_get", "session", "client", "get", "post", "resp", "x", "self", "db", "request", "fake"]
PATCHERS = ["patch", "mock.patch", "m.patch", "unittest.mock.patch", "mocker.patch", "patcher"]


def pick(items: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(items)


@st.composite
def mock_construct(draw) -> str:
    p, t, o = draw(pick(PATCHERS)), draw(pick(TARGETS)), draw(pick(OBJECTS))
    a, v = draw(pick(ATTRS)), draw(pick(VALUES))
    kw = draw(st.sampled_from(["", f", new={v}", f", return_value={v}", f", side_effect={v}", f", wraps={v}",
                               ", autospec=True", f", spec={o}", f", **{{'side_effect': {v}}}", ", create=True"]))
    return draw(st.sampled_from([
        f"{p}({t!r}{kw})", f"{p}.object({o}, {a}{kw})", f"{p}.multiple({o}, get={v}, post=mock.DEFAULT)",
        f"{p}.dict(os.environ, {{'A': '1'}})", f"monkeypatch.setattr({t!r}, {v})",
        f"monkeypatch.setattr({o}, {a}, {v})",
        f"monkeypatch.setattr({o}, {a})", f"monkeypatch.delattr({o}, {a})", f"MagicMock(spec={o})",
        f"Mock(spec_set={o}, **kw)", f"create_autospec({o}, instance=True)", f"SimpleNamespace(headers={v})",
        f"{p}()", f"{p}(*args)", f"{p}(f'{{x}}.y')", f"{p}({t!r}).start()", f"{p}.object({o}, {a}).start()",
        f"AsyncMock(return_value={v})", f"PropertyMock(return_value={v})", f"{p}({o})",
    ]))


@st.composite
def check(draw) -> str:
    n, o, v = draw(pick(NAMES)), draw(pick(OBJECTS)), draw(pick(VALUES))
    return draw(st.sampled_from([
        f"assert {n}", f"assert {n}.called", f"assert not {n}.called", f"assert {n}.call_count == 1",
        f"{n}.assert_called_once_with({v})", f"{n}.assert_not_called()", f"{n}.assert_called", f"assert {n} == {n}",
        "assert True", f"assert ({n}, 'message')", f"assert {n}.return_value == {v}", "assert 1 == 1",
        f"assert {o}.get('u').status_code == 200", f"self.assertEqual({n}, {v})", f"self.assertTrue({n})",
        f"self.assertIsNotNone({n})", f"check({n})", f"self.check_ok({n})", f"helper_{n}()",
        f"with pytest.raises(ValueError):\n    {n}()",
        f"with pytest.raises(ValueError):\n    raise ValueError\n    assert {n}",
        "raise AssertionError('no')", "pytest.fail('no')", f"assert {n} is {n}", f"{n} == 1",
        f"assert isinstance({n}, {o})", f"assert {n}.mock_calls == [mock.call()]", f"assert {n}.assert_called_once()",
        f"return {n}", "pass", f"del {n}", f"{n}.side_effect = {v}", f"{n}.return_value.json.return_value = {v}",
        f"{n} = {o}", f"global {n}", f"{o}.{n} = {v}", f"os.environ['X'] = {v!r}", f"for {n} in {o}:\n    assert {n}",
        f"if {n}:\n    assert {n} == {v}\nelse:\n    raise ValueError", f"try:\n    {n}()\nfinally:\n    {n}.stop()",
        f"yield {n}", f"await {n}()", f"{n} = yield", f"assert {o}({n}) != {v}",
    ]))


@st.composite
def statement(draw, depth: int = 0) -> str:
    kind = draw(st.integers(0, 6 if depth < 2 else 3))
    if kind <= 1:
        return draw(check())
    if kind == 2:
        name = draw(pick(NAMES))
        return f"{name} = {draw(mock_construct())}"
    if kind == 3:
        return draw(mock_construct())
    inner = draw(st.lists(statement(depth + 1), min_size=1, max_size=3))
    body = textwrap.indent("\n".join(inner), "    ")
    if kind == 4:
        return f"with {draw(mock_construct())} as {draw(pick(NAMES))}:\n{body}"
    if kind == 5:
        return f"with {draw(mock_construct())}, {draw(mock_construct())}:\n{body}"
    return f"def {draw(pick(['helper', 'inner', 'fake', 'check']))}(*a, **k):\n{body}"


@st.composite
def function(draw, in_class: bool = False) -> str:
    decorators = draw(st.lists(st.one_of(
        mock_construct().map(lambda c: f"@{c}"),
        pick(["@pytest.fixture", "@pytest.fixture(autouse=True)", "@pytest.fixture(name='client')", "@fixture",
              "@pytest.mark.skip", "@pytest.mark.parametrize('x', [1, 2])", "@staticmethod", "@classmethod",
              "@unittest.skip('no')", "@property"]),
    ), max_size=4))
    name = draw(pick(["test_it", "test_other", "setUp", "tearDown", "client", "session", "db", "helper",
                      "check_ok", "fake", "setUpClass", "test_" + draw(pick(NAMES))]))
    params = draw(st.lists(pick(["self", "cls", "mocker", "monkeypatch", "client", "session", "db", "m", "get",
                                 "*args", "**kw", "request", "fake", "x=1"]), max_size=4, unique=True))
    if in_class and (not params or params[0] not in ("self", "cls")):
        params = ["self", *[p for p in params if p not in ("self", "cls")]]
    params = [p for p in params if not p.startswith("*")] + [p for p in params if p.startswith("*")]
    params = sorted(params, key=lambda p: (p.startswith("*"), p.startswith("**"), "=" in p))
    body = draw(st.lists(statement(), min_size=1, max_size=6))
    is_async = draw(st.booleans()) and not any("yield" in s for s in body)
    head = "\n".join([*decorators, f"{'async ' if is_async else ''}def {name}({', '.join(params)}):"])
    return head + "\n" + textwrap.indent("\n".join(body), "    ")


@st.composite
def klass(draw) -> str:
    name = draw(pick(["TestThing", "TestOther", "Base", "TestBase", "Mixin", "TestAbstractX", "ApiTest"]))
    bases = draw(st.lists(pick(["TestCase", "unittest.TestCase", "Base", "TestThing", "Mixin", "object",
                                "db.Model", "Client", "TestOther", name]), max_size=3, unique=True))
    body = draw(st.lists(st.one_of(function(in_class=True), check().map(lambda c: c if "=" in c else "x = 1"),
                                   pick(["__test__ = False", "client_class = Client", "pass"])),
                         min_size=1, max_size=4))
    decorators = draw(st.lists(pick(["@pytest.mark.skip", f"@{draw(mock_construct())}"]), max_size=2))
    return "\n".join([*decorators, f"class {name}({', '.join(bases)}):",
                      textwrap.indent("\n\n".join(body), "    ")])


@st.composite
def mock_program(draw) -> str:
    imports = draw(st.lists(pick(IMPORTS), max_size=8, unique=True))
    items = draw(st.lists(st.one_of(function(), klass(), statement()), min_size=1, max_size=6))
    return "\n".join(imports) + "\n\n\n" + "\n\n\n".join(items) + "\n"


def valid(src: str) -> str | None:
    """The program as a file, or None for the few compositions Python rejects (e.g. `await` outside async)."""
    return src if parses(src) else None


MOCK_PROGRAMS = mock_program().map(valid).filter(lambda s: s is not None)


@examples("mocks")
@given(src=MOCK_PROGRAMS, name=pick(["tests/test_fuzz.py", "tests/conftest.py", "test_fuzz.py", "tests/unit/x.py"]))
def test_mock_heavy_programs(src: str, name: str):
    findings = analyse_source(src, name)  # it returns: a raising analysis would be an MM901 in flake8
    assert all(f.line >= 1 and f.col >= 0 for f in findings)


def test_mock_programs_hit_the_rules():
    """The strategy produces what the rules are about: a sample gets MM1xx and MM2xx findings."""
    codes: set[str] = set()

    @settings(max_examples=60, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(src=MOCK_PROGRAMS)
    def collect(src: str):
        codes.update(f.code[:3] for f in analyse_source(src))

    collect()
    assert {"MM1", "MM2"} <= codes


@examples("flake8")
@given(
    sources=st.lists(st.one_of(MOCK_PROGRAMS, st.tuples(hypothesmith.from_grammar(), WRAPS).map(lambda p: wrap(*p))),
                     min_size=6, max_size=6)
)
def test_generated_files_through_real_flake8(sources: list[str]):
    """The same programs through the real flake8: no traceback, no MM901, the in-process findings."""
    sources = [s for s in sources if parses(s)]
    assume(sources)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "tests").mkdir()
        expected = set()
        unfiltered = set()  # a `noqa` comment in generated code would filter flake8's findings
        cwd = os.getcwd()
        os.chdir(root)
        try:
            for i, src in enumerate(sources):
                rel = f"tests/test_gen_{i}.py"
                (root / rel).write_text(src, encoding="utf-8")
                if "noqa" not in src:
                    unfiltered.add(rel)
                    expected |= {(rel, f.line, f.col + 1, f.code) for f in analyse_source(src, rel)}
        finally:
            os.chdir(cwd)
        result = flake8("--select=MM,E999", "tests", cwd=root)
    assert "MM901" not in result.stdout
    broken = {p for p, _l, _c, code in result.findings if code == "E999"}
    reported = {f for f in result.findings if f[3] != "E999" and f[0] in unfiltered}
    assert reported == {f for f in expected if f[0] not in broken}
