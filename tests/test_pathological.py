"""Pathological inputs finish in bounded time through the real flake8, with no traceback and no MM901.

Each case writes a throwaway project (test files, and project modules the tests' targets resolve
through) and lints its tests with the real ``flake8`` executable under a subprocess timeout.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from helpers import CLI, FLAKE8, SUITE_TEST, Result, run

TIMEOUT = 120  # seconds for one flake8 run before the test fails as a hang

HEAD = '''import json
from unittest import mock
from unittest.mock import MagicMock, Mock, patch

import pytest
import requests
from django.test import TestCase

from pkg import db
from pkg.client import Client


def helper(value):
    assert value is not None


@pytest.fixture
def api():
    with patch("requests.Session") as session:
        yield session


'''

# 36 lines of mock-heavy tests in every shape the rules read: decorators, fixtures, monkeypatch,
# patch.object, Mock(spec=...), a Django TestCase with the test client, helpers, unittest asserts.
BLOCK = '''@patch("requests.get")
def test_get_{i}(get):
    get.return_value.json.return_value = {{"n": {i}}}
    assert requests.get("http://x/{i}").json()["n"] == {i}


def test_session_{i}(api, monkeypatch):
    monkeypatch.setattr("pkg.db.session", MagicMock())
    helper(api)
    with mock.patch.object(Client, "post", return_value={i}) as post:
        assert Client().post() == {i}
        post.assert_called_once()


class TestThing{i}(TestCase):
    def setUp(self):
        self.m = Mock(spec=requests.Session)

    def test_view_{i}(self):
        response = self.client.get("/items/{i}")
        self.assertEqual(response.status_code, 200)
        self.check_{i}(response)

    def check_{i}(self, response):
        self.assertIn("{i}", json.dumps(response.json()))


'''

PKG = {
    "pyproject.toml": "",
    "pkg/__init__.py": "",
    "pkg/db.py": "from sqlalchemy.orm import sessionmaker\n\nSession = sessionmaker()\nsession = Session()\n",
    "pkg/client.py": ("import requests\n\n\nclass Client:\n    def post(self):\n"
                      "        return requests.post('http://x')\n"),
}

# CPython's tokenizer accepts brackets nested 200 deep in one expression ("too many nested
# parentheses" past it) and blocks nested 100 indentation levels deep; the cases stay just under.
BRACKETS = 199
BLOCKS = 98


def nested(opening: str, inner: str, closing: str, depth: int = BRACKETS) -> str:
    return opening * depth + inner + closing * depth


def big_file() -> dict[str, str]:
    parts, lines, i = [HEAD], HEAD.count("\n"), 0
    while lines < 50_000:
        block = BLOCK.format(i=i)
        parts.append(block)
        lines += block.count("\n")
        i += 1
    return {**PKG, "tests/test_big.py": "".join(parts)}


def deep_brackets() -> dict[str, str]:
    """Every expression nests brackets BRACKETS deep in all (a call's own parentheses count)."""
    inside = BRACKETS - 1
    body = (
        "import json\nfrom unittest import mock\nfrom unittest.mock import Mock, patch\n\nimport requests\n\n"
        "from pkg import deep\nfrom tests.support import walk_deep\n\n\n"
        f'@patch("requests.get", new={nested("(", "None", ")", inside)})\n'
        f"def test_deep(m={nested('(', '1', ')', inside)}):\n"
        f"    value = {nested('[', '1', ']')}\n"
        f"    with mock.patch.object({nested('(', 'deep', ')', inside)}, 'session') as s:\n"
        f"        assert {nested('json.loads(', repr('1'), ')')} == 1 and value and s\n"
        f"    client = Mock(spec={nested('(', 'requests.Session', ')', inside)})\n"
        f"    assert {nested('str(', 'client.get', ')')} != ''\n"
        f"    assert deep.value[{nested('[', '0', ']', inside)}] == {nested('(', '1', ')')}\n"
        f"    assert {nested('{1: ', '{}', '}')} and {nested('[', '', ']')} and m\n"
        "\n\ndef test_helper_only():\n"
        "    walk_deep(1)\n"
    )
    # a test-support module: the helper's assert stands behind deeply nested calls, and the analysis
    # must walk them to find it
    support = (f"def walk_deep(x):\n    y = {nested('dict(a=', 'x', ')', 100)}\n"
               f"    z = {nested('f(', 'y', ')', 150)}\n    assert z == x\n")
    project = (
        "from sqlalchemy.orm import Session\n\n"
        f"value = {nested('[', '1', ']')}\nsession = {nested('(', 'Session()', ')', inside)}\n"
        f"config = {nested('dict(a=', '1', ')')}\n"
    )
    return {**PKG, "pkg/deep.py": project, "tests/__init__.py": "", "tests/support.py": support,
            "tests/test_deep_brackets.py": body}


def deep_blocks() -> dict[str, str]:
    lines = ["from unittest.mock import patch", "", "import requests", "", "", "def test_blocks(flag=True):"]
    indent = 1
    for level in range(BLOCKS - 2):
        pad = "    " * indent
        if level % 3 == 0:
            lines.append(f"{pad}if flag:")
        elif level % 3 == 1:
            lines.append(f'{pad}with patch("requests.post") as post{level}:')
        else:
            lines.append(f"{pad}def inner{level}(flag=flag):")
        indent += 1
    lines.append("    " * indent + 'assert requests.post("http://x") is not None')
    return {**PKG, "tests/test_deep_blocks.py": "\n".join(lines) + "\n"}


def many_decorators() -> dict[str, str]:
    body = ("from unittest.mock import patch\n\n\n" + '@patch("requests.post")\n' * 10_000
            + "def test_many(*mocks):\n    assert len(mocks) == 10_000\n")
    return {**PKG, "tests/test_decorators.py": body}


def huge_strings() -> dict[str, str]:
    blob = "x" * 5_000_000
    dotted = "a." * 2_500_000 + "b"
    body = (
        "from unittest.mock import patch\n\n"
        f"BLOB = '{blob}'\n\n\n"
        "def test_blob():\n    assert len(BLOB) == 5_000_000\n\n\n"
        f"@patch('{dotted}')\n"
        "def test_dotted(m):\n    assert m.called is False\n\n\n"
        "def test_long_name(monkeypatch):\n"
        f"    monkeypatch.setattr('{'requests.' * 500_000}get', None)\n"
        "    assert BLOB.startswith('x')\n"
    )
    return {**PKG, "pkg/blob.py": f"DATA = '{blob}'\n", "tests/test_blob.py": body}


DEGENERATE_TEST = '''from unittest import mock
from unittest.mock import patch

import pkg


@patch("")
@patch(".")
@patch("()")
@patch("pkg..db")
@patch("pkg.db.")
@patch(".pkg")
@patch("pkg.db.session()()()")
def test_degenerate_targets(*mocks):
    assert len(mocks) == 7


def test_degenerate_forms(monkeypatch, mocker):
    monkeypatch.setattr("", None)
    monkeypatch.setattr(".", "x", None)
    mocker.patch("..")
    with patch.object(pkg, ""), mock.patch.multiple("", **{"": 1}), patch.dict("", {}):
        assert mock.Mock(spec="").called is False
'''


def degenerate_targets() -> dict[str, str]:
    """Patch targets that are no names at all (found by the fuzz test: ``patch("")`` was an MM901)."""
    return {**PKG, "tests/test_degenerate.py": DEGENERATE_TEST}


CYCLE_TEST = '''from unittest.mock import patch

import pkg.a
from pkg.a import Service


@patch("pkg.a.x")
@patch("pkg.b.y")
@patch("pkg.a.bee.x")
def test_cycle(b_x, b_y, a_x):
    assert pkg.a.x is a_x and b_y is not b_x


def test_cycle_object():
    with patch.object(Service, "session") as session, patch.object(pkg.a, "client"):
        assert Service.session is session


@patch("pkg.a.real_session")
def test_through_the_cycle(session):
    assert pkg.a.real_session is session
'''


def cyclic_imports() -> dict[str, str]:
    return {
        **PKG,
        "pkg/a.py": ("import pkg.b as bee\nfrom pkg.b import x, Service, client\n"
                     "from pkg.db import session as real_session"
                     "\n\ny = bee.y\n"),
        "pkg/b.py": "from pkg import a\nfrom pkg.a import x, y, Service\n\nclient = a.client\n",
        "tests/test_cycle.py": CYCLE_TEST,
    }


STAR_TEST = '''from unittest.mock import patch

from pkg.s0 import *  # noqa: F403


@patch("pkg.s0.session")
def test_chain(session):
    assert session is not None


@patch("pkg.c1.anything")
@patch("pkg.rel.session")
def test_star_cycle(a, b):
    assert a is not b
'''


def star_chains() -> dict[str, str]:
    files = {**PKG, "tests/test_star.py": STAR_TEST}
    for i in range(60):
        files[f"pkg/s{i}.py"] = f"from pkg.s{i + 1} import *  # noqa\nname{i} = {i}\n"
    files["pkg/s60.py"] = "from pkg.db import *  # noqa\n"
    files["pkg/c1.py"] = "from pkg.c2 import *  # noqa\nfrom .c1 import *  # noqa\n"
    files["pkg/c2.py"] = "from pkg.c1 import *  # noqa\nfrom . import *  # noqa\n"
    files["pkg/rel.py"] = "from .c1 import *  # noqa\nfrom .s0 import *  # noqa\n"
    files["pkg/__init__.py"] = "from .c1 import *  # noqa\nfrom .s30 import *  # noqa\n"
    return files


GETATTR_TEST = '''from unittest.mock import patch

from pkg import lazy


@patch("pkg.lazy.session")
@patch("pkg.lazy.requests.post")
@patch("pkg.session")
def test_lazy(a, b, c):
    with patch.object(lazy, "client") as client, patch.object(lazy.db, "session"):
        assert lazy.client is client and a is not b is not c
'''


def module_getattr() -> dict[str, str]:
    return {
        **PKG,
        "pkg/__init__.py": "def __getattr__(name):\n    return __getattr__(name)\n",
        "pkg/lazy.py": ("import importlib\n\n\ndef __getattr__(name):\n"
                        "    return importlib.import_module('pkg.' + name)\n\n\n__getattr__ = __getattr__\n"),
        "tests/test_getattr.py": GETATTR_TEST,
    }


HIERARCHY_TEST = '''from unittest.mock import patch

from django.test import Client

from pkg.models_a import A
from pkg.models_b import B
from pkg.selfref import Base
from pkg.views import ItemView


class TestA(A):
    def test_objects(self):
        with patch.object(A, "objects") as objects:
            self.check(objects)
        assert A.objects is not objects


class TestBase(Base, B):
    def test_base(self):
        assert self.save() is None


@patch("pkg.models_a.A.objects")
@patch("pkg.models_b.B().save")
@patch("pkg.selfref.Base.session")
def test_cycle(a, b, c):
    assert a is not b is not c


def test_view():
    assert ItemView().get(Client()) is not None
'''


def class_cycle() -> dict[str, str]:
    return {
        **PKG,
        "pkg/models_a.py": "from django.db import models\n\nfrom pkg.models_b import B\n\n\nclass A(B, models.Model):\n"
                           "    def check(self, x):\n        assert x\n",
        "pkg/models_b.py": "from pkg.models_a import A\n\n\nclass B(A):\n    objects = A.objects\n",
        "pkg/selfref.py": "class Base:\n    pass\n\n\nBase = Base\n\n\nclass Base(Base):\n    session = Base.session\n",
        "pkg/views.py": "from django.views import View\n\nfrom pkg import views\n\n\nclass ItemView(views.Other):\n"
                        "    pass\n\n\nclass Other(ItemView, View):\n    def get(self, request):\n        return 1\n",
        "tests/test_hierarchy.py": HIERARCHY_TEST,
    }


WIDE_TEST = '''from unittest.mock import patch

from pkg.wide import C0, M0


@patch("pkg.wide.C0.objects")
@patch("pkg.wide.C0().save")
def test_model(save, objects):
    assert C0.objects is objects and save.call_count == 0


class Wide(M0):
    def test_helper(self):
        self.compare_all(C0)

    def test_nothing(self):
        M0()
'''


def wide_hierarchies(width: int = 12) -> dict[str, str]:
    """Classes that each derive from all the others (a cycle at every step), and mixins that each derive
    from all the later ones (diamonds everywhere): following every path is exponential in the width."""
    names = [f"C{i}" for i in range(width)]
    mixins = [f"M{i}" for i in range(width)]
    src = ["import unittest\n\nfrom django.db import models\n\n"]
    for i, name in enumerate(names):
        bases = [n for n in names if n != name] + (["models.Model"] if i == width - 1 else [])
        src.append(f"class {name}({', '.join(bases)}):\n    pass\n\n\n")
    for i, name in enumerate(mixins):
        bases = mixins[i + 1:] or ["unittest.TestCase"]
        body = "    def compare_all(self, x):\n        assert x\n" if name == mixins[-1] else "    pass\n"
        src.append(f"class {name}({', '.join(bases)}):\n{body}\n\n")
    return {**PKG, "pkg/wide.py": "".join(src), "tests/test_wide.py": WIDE_TEST}


STATE_HEAD = """import os
from unittest.mock import patch

import pkg.state
from pkg import state


"""


def state_module(n: int) -> dict[str, str]:
    return {**PKG, "pkg/state.py": "CACHE = {}\n" + "".join(f"v{i} = {i}\n" for i in range(n))}


def many_withs(n: int = 10_000) -> dict[str, str]:
    """One test of ``n`` ``with patch(...)`` blocks: each mock's name was looked for among all the blocks."""
    body = "def test_many():\n" + "".join(f'    with patch("pkg.state.v{i}"):\n        assert state.v{i}\n'
                                          for i in range(n))
    return {**state_module(n), "tests/test_withs.py": STATE_HEAD + body}


def wide_patch_multiple(n: int = 20_000) -> dict[str, str]:
    """``patch.multiple`` with ``n`` keywords: one candidate per keyword, and each read every keyword."""
    kwargs = ", ".join(f"v{i}={i}" for i in range(n))
    body = f"def test_multiple():\n    with patch.multiple(pkg.state, {kwargs}):\n        assert state.v1 == 1\n"
    return {**state_module(n), "tests/test_multiple.py": STATE_HEAD + body}


def many_state_writes(n: int = 2_000) -> dict[str, str]:
    """One test writing ``n`` module attributes: each write was compared with every other for a restore."""
    body = "def test_writes():\n" + "".join(f"    state.v{i} = {i}\n" for i in range(n)) + "    assert state.v1\n"
    return {**state_module(n), "tests/test_writes.py": STATE_HEAD + body}


def many_environ_writes(n: int = 4_000) -> dict[str, str]:
    """One test writing ``n`` environment variables (one object, ``n`` keys)."""
    body = ("def test_environ():\n" + "".join(f'    os.environ["K{i}"] = "{i}"\n' for i in range(n))
            + '    assert os.environ["K1"] == "1"\n')
    return {**PKG, "tests/test_environ.py": STATE_HEAD + body}


CLASS_PATCH_TEST = """from unittest.mock import patch


def _record(target):
    return lambda test: test


class TestOwnPatch:
    patch = staticmethod(_record)  # the class body's patch: its methods' decorators call this one

    @patch("requests.get")
    def test_recorded(self):
        assert self.patch is not None

    def test_module_patch(self):
        with patch("requests.get"):  # inside a method, patch is the module's again
            assert self.patch is not None
"""


def class_body_patch() -> dict[str, str]:
    return {**PKG, "tests/test_class_patch.py": CLASS_PATCH_TEST}


DEEP_HEAD = """import os
import subprocess
import sys
import unittest
from unittest import mock

import pytest
import requests

from pkg import state


"""


def deep_shapes(n: int, flake8_safe: bool) -> dict[str, str]:
    """Tests whose expressions chain ``n`` links deep, in every place the rules read. ``flake8_safe``: only
    attribute chains, which pyflakes (flake8's own checks, run whatever is selected) walks ~450 deep; calls,
    subscripts and operators it gives up on from ~320 (plain flake8 does too)."""
    c = ".c" * n
    cases = {
        "mockchain": f"def test_x():\n    m = mock.Mock()\n    m{c}.return_value = 3\n    assert m{c}() == 3\n"
                     f"    m{c}.assert_called_once()\n",
        "getchain": f"def test_x():\n    with mock.patch('requests.get') as g:\n        requests.get(m{c})\n"
                    "        assert g.called\n",
        "statewrite": f"def test_x():\n    state{c} = 1\n    os.environ[str(state{c})] = '1'\n    assert state\n",
        "patchobj": f"def test_x(monkeypatch):\n    with mock.patch.object(state{c}, 'x', 1):\n"
                    f"        monkeypatch.setattr(state{c}, 'y', 2)\n        assert state.x == 1\n",
        "setup": f"class TestX(unittest.TestCase):\n    def setUp(self):\n        self.x = state{c}\n"
                 "        self.m = mock.patch('requests.get').start()\n\n    def test_x(self):\n"
                 f"        self.x{c}.return_value = 1\n        assert self.x{c}() == 1\n"
                 f"        self.m.assert_called_with(self.x{c})\n",
        "fixture": f"@pytest.fixture\ndef thing():\n    return state{c}\n\n\ndef test_x(thing):\n"
                   f"    assert thing{c} == 1\n    thing{c}.assert_called()\n",
        "popen": f"def test_x():\n    p = subprocess.Popen([sys.executable, '-m', 'app', str(a{c})], "
                 f"env=dict(os.environ, X=str(a{c})))\n    assert requests.get(a{c}).status_code == 200\n"
                 "    p.terminate()\n",
        "withctx": f"def test_x():\n    with state{c} as s, mock.patch(state{c}) as p:\n        assert s == p\n",
        "decorator": f"@mock.patch.object(state{c}, 'x')\n@pytest.mark.parametrize('v', [state{c}])\n"
                     "def test_x(m, v):\n    assert m is v\n",
        "mockattrs": f"def test_x():\n    m = mock.Mock(**{{'a': a{c}}})\n    m.side_effect = a{c}\n"
                     f"    m.return_value{c} = 1\n    assert m(){c} == 1\n",
        "tautology": f"def test_x():\n    m = mock.Mock()\n    m.get.return_value = a{c}\n"
                     f"    assert m.get() == a{c}\n",
        "global": f"X = state{c}\nstate{c} = 1\nos.environ['A' + str(a{c})] = 'x'\n\n\ndef test_x():\n"
                  f"    global X\n    X = a{c}\n    assert X\n",
    }
    if not flake8_safe:
        cases.update({
            "binop": f"def test_x():\n    a = 1\n    assert {' + '.join(['a'] * n)} == {n}\n",
            "calls": f"def test_x():\n    f = mock.Mock()\n    assert f{'()' * n} is not None\n"
                     f"    f{'()' * n}.assert_called()\n",
            "subs": f"def test_x():\n    a = mock.MagicMock()\n    a{'[0]' * n}.return_value = 1\n"
                    f"    assert a{'[0]' * n} == 1\n",
            "ifexp": f"def test_x():\n    a = 1\n    assert ({' if a else '.join(['a'] * n)}) == 1\n",
            "unary": f"def test_x():\n    a = mock.Mock()\n    assert {'not ' * n}a\n    assert ({'-' * n}a) == 1\n",
            "client": f"def test_x(client):\n    r = client.get('/x' + str(a{c}))\n    assert r.status_code == 200\n"
                      f"    assert r.json(){'[0]' * n} == 1\n",
        })
    files = {**PKG, "pkg/state.py": "c = None\n"}
    files.update({f"tests/test_{name}.py": DEEP_HEAD + body for name, body in cases.items()})
    return files


def deep_chains() -> dict[str, str]:
    return deep_shapes(400, flake8_safe=True)


# name -> (files, flake8 selection, wall-time bound in seconds)
CASES = {
    "lines_50k": (big_file, "--select=MM", 90),
    "deep_brackets": (deep_brackets, None, 30),  # None: flake8's own default checks run too
    "deep_blocks": (deep_blocks, None, 30),
    "decorators_10k": (many_decorators, "--select=MM", 60),
    "strings_5mb": (huge_strings, "--select=MM", 60),
    "cyclic_imports": (cyclic_imports, "--select=MM", 30),
    "wide_class_hierarchies": (wide_hierarchies, "--select=MM", 30),
    "degenerate_targets": (degenerate_targets, "--select=MM", 30),
    "star_import_chains": (star_chains, "--select=MM", 30),
    "module_getattr": (module_getattr, "--select=MM", 30),
    "class_hierarchy_cycle": (class_cycle, "--select=MM", 30),
    # one test doing the same thing thousands of times: before, 56 s, 125 s, 69 s and 47 s (quadratic work)
    "with_patch_10k": (many_withs, "--select=MM", 30),
    "patch_multiple_20k": (wide_patch_multiple, "--select=MM", 30),
    "state_writes_2k": (many_state_writes, "--select=MM", 30),
    "environ_writes_4k": (many_environ_writes, "--select=MM", 20),
    "class_body_patch": (class_body_patch, "--select=MM", 30),
    "deep_chains": (deep_chains, "--select=MM", 30),  # 400 links: MM901 (RecursionError) before
}


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


LARGE = {"lines_50k", "decorators_10k", "strings_5mb", "with_patch_10k", "patch_multiple_20k", "state_writes_2k",
         "environ_writes_4k"}  # seconds each: the full suite only (make test)


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n in LARGE else n for n in sorted(CASES)])
def test_pathological_input(tmp_path: Path, name: str):
    make, select, bound = CASES[name]
    files = make()
    for rel, text in files.items():
        if rel.endswith(".py"):
            ast.parse(text)  # each input is valid Python: flake8 hands it to the plugin
    write(tmp_path, files)
    start = time.monotonic()
    result = run([FLAKE8, "--isolated", *([select] if select else []), "tests"], cwd=tmp_path, timeout=TIMEOUT)
    elapsed = time.monotonic() - start
    assert "MM901" not in result.stdout, result.stdout[:2000]
    assert "E999" not in result.stdout and "E902" not in result.stdout, result.stdout[:2000]
    assert result.stderr == "", result.stderr[:2000]
    assert result.returncode in (0, 1)
    assert elapsed < bound, f"{name}: {elapsed:.1f} s"
    codes = Counter(code for _path, _line, _col, code in result.findings)
    mm = {code: n for code, n in codes.items() if code.startswith("MM")}
    assert mm == EXPECT[name](files), mm


def _blocks(files: dict[str, str]) -> int:
    return files["tests/test_big.py"].count('@patch("requests.get")')


# What the analysis still finds in each case (MM1xx: the resolution still works next to the trap).
EXPECT = {
    # per block: requests.get patched, Mock(spec=requests.Session), Client.post patched (it sends with
    # requests.post), the api fixture's requests.Session at the test that uses it, and one patched database
    # session; plus the fixture's patch itself, once
    "lines_50k": lambda f: {"MM101": 4 * _blocks(f) + 1, "MM111": _blocks(f)},
    # new=None on requests.get, Mock(spec=requests.Session); no MM202 for test_helper_only: the helper's
    # assert was found behind its nested calls; pkg/deep.py, nested as deep as the parser allows, is
    # still read (iteratively), so patch.object(deep, "session") is the patched database session
    "deep_brackets": lambda f: {"MM101": 2, "MM111": 1},
    "deep_blocks": lambda f: {"MM101": (BLOCKS - 2) // 3, "MM201": 1},
    "decorators_10k": lambda f: {"MM101": 10_000},
    "strings_5mb": lambda f: {"MM203": 1},  # the 5 MB target is no module path: not resolved
    "cyclic_imports": lambda f: {"MM111": 1},  # pkg.a.real_session, beside the cycle
    # the model base found through the cyclic classes (twice), Wide found to be a TestCase through the
    # mixins (test_nothing checks nothing), test_helper's helper (and its assert) found on the last mixin
    "wide_class_hierarchies": lambda f: {"MM111": 2, "MM202": 1, "MM203": 1},
    "degenerate_targets": lambda f: {"MM111": 1, "MM203": 1},  # pkg.db.session()()() is still the session
    "star_import_chains": lambda f: {"MM201": 1},  # star imports are not followed (they would need imports)
    "module_getattr": lambda f: {},
    "class_hierarchy_cycle": lambda f: {"MM111": 3},  # the Django model base is still found through the cycle
    "with_patch_10k": lambda f: {"MM201": 1},  # plain values patched, each checked for truthiness only
    "patch_multiple_20k": lambda f: {},
    # every write leaks but the one to v1, which the test reads back: as with 300 writes before the change
    "state_writes_2k": lambda f: {"MM405": 1_999, "MM201": 1},
    "environ_writes_4k": lambda f: {"MM404": 4_000},
    # only the method body's patch is unittest.mock's; both tests check that an attribute exists, no more
    "class_body_patch": lambda f: {"MM101": 1, "MM201": 2},
    "deep_chains": lambda f: {"MM101": 2, "MM201": 2, "MM203": 1, "MM204": 2, "MM403": 1, "MM404": 1, "MM405": 1,
                              "MM406": 2},
}


def test_parser_limits_are_what_the_cases_assume():
    """The nesting cases sit just under CPython's limits: one level more than the limit is a syntax error."""
    ast.parse("f(" + nested("(", "1", ")", BRACKETS - 1) + ")")
    with pytest.raises(SyntaxError):
        ast.parse("f(" + nested("(", "1", ")", BRACKETS + 1) + ")")
    blocks = "".join("    " * i + "if x:\n" for i in range(BLOCKS)) + "    " * BLOCKS + "pass\n"
    ast.parse(blocks)
    too_deep = "".join("    " * i + "if x:\n" for i in range(BLOCKS + 3)) + "    " * (BLOCKS + 3) + "pass\n"
    with pytest.raises(SyntaxError):  # IndentationError is one
        ast.parse(too_deep)


@pytest.mark.parametrize("command", ["check", "audit"])
def test_chains_nested_as_deep_as_the_parser_allows(tmp_path: Path, command: str):
    """Our own entry points parse with no pyflakes beside them: 950 links (calls, subscripts, operators too),
    near the deepest tree Python builds, give findings and no MM901 (RecursionError before: unparsing a chain
    for a message, reading a URL, comparing two expressions)."""
    write(tmp_path, deep_shapes(950, flake8_safe=False))
    args = ["check", "tests"] if command == "check" else ["audit", "--format", "json", "-q", "."]
    result = run([CLI, *args], cwd=tmp_path, timeout=TIMEOUT)
    assert "MM901" not in result.stdout and "Traceback" not in result.stderr, result.stdout[-2000:]
    assert "MM101" in result.stdout and "MM404" in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_named_pipes_and_symlink_loops_among_the_tests(tmp_path: Path):
    """A FIFO called ``test_x.py`` blocked the audit for ever; a symbolic link loop called ``test_*.py`` raised
    RuntimeError. Both are listed as skipped, with the reason, and the rest is audited (and checked)."""
    write(tmp_path, {**PKG, "tests/test_a.py": SUITE_TEST.format(i=0), "tests/test_b.py": SUITE_TEST.format(i=1)})
    tests = tmp_path / "tests"
    os.mkfifo(tests / "test_fifo.py")
    os.symlink("loop_b.py", tests / "test_loop.py")
    os.symlink("test_loop.py", tests / "loop_b.py")
    result = run([CLI, "audit", "-q", "tests"], cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "skipped tests/test_fifo.py: not a regular file" in result.stdout
    assert "skipped tests/test_loop.py: OSError" in result.stdout
    assert "2 test files, 4 tests" in result.stdout
    fifo_alone = run([CLI, "audit", "-q", "tests/test_fifo.py"], cwd=tmp_path, timeout=60)
    assert fifo_alone.returncode == 3 and "no tests found" in fifo_alone.stderr
    checked = run([CLI, "check", "tests"], cwd=tmp_path, timeout=60)
    assert checked.returncode == 1 and "test_fifo.py: skipped (not a regular file)" in checked.stderr
    # the plugin, given a test file, does not wait on named pipes where a conftest.py or a project module would be
    os.mkfifo(tests / "conftest.py")
    os.mkfifo(tmp_path / "pkg" / "piped.py")
    (tests / "test_c.py").write_text("from unittest.mock import patch\n\n\n@patch('pkg.piped.session')\n"
                                     "def test_c(s):\n    assert s.get() == 1\n")
    flaked = run([FLAKE8, "--isolated", "--select=MM", "tests/test_a.py", "tests/test_c.py"], cwd=tmp_path, timeout=60)
    assert flaked.returncode == 1 and "MM101" in flaked.stdout


MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.monotonic()\n"
    "r = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=float(sys.argv[0] or 300))\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(time.monotonic() - t, u.ru_maxrss, r.returncode)\n"
    "sys.stdout.write(r.stdout)\n"
    "sys.stderr.write(r.stderr)\n"
)


def measured(cmd: list[str], cwd: Path, timeout: float = TIMEOUT) -> tuple[float, float, Result]:
    """Wall time, peak RSS in MB of the largest process (a worker with -j2) and the result of ``cmd``, run by a
    small fresh interpreter (a child of this large process would start from its resident size)."""
    proc = subprocess.run([sys.executable, "-c", MEASURE.replace("sys.argv[0]", repr(str(timeout))), *cmd],
                          cwd=cwd, capture_output=True, text=True, timeout=timeout + 30)
    assert "TimeoutExpired" not in proc.stderr, f"no result after {timeout} s"
    head, _, out = proc.stdout.partition("\n")
    wall, rss_kb, status = head.split()
    return float(wall), int(rss_kb) / 1024, Result(int(status), out, proc.stderr)


GENERATED_ROWS = "".join(f"    ({i}, 'row {i}', {i * 7 % 1000}, 'x' * 3),\n" for i in range(700_000))  # ~29 MB


@pytest.mark.parametrize("which", ["conftest", "helpers"])
def test_support_modules_past_the_size_limit_are_not_read(tmp_path: Path, which: str):
    """A 29 MB conftest.py (a fixture followed by generated data), or a 29 MB helper module whose check() the
    tests call. Before: no result after 180 s and gigabytes per worker (the module parsed in each of them).
    Now skipped, and said once per process; what the test files show is still reported."""
    files = {**PKG, "tests/__init__.py": "",
             "tests/conftest.py": "import pytest\nfrom unittest import mock\n\n\n@pytest.fixture\ndef client():\n"
                                  "    with mock.patch('requests.get') as g:\n        yield g\n",
             "tests/helpers.py": "def check(value):\n    assert value == 1\n"}
    for i in range(6):
        files[f"tests/test_{i}.py"] = ("from unittest import mock\n\nfrom tests.helpers import check\n\n\n"
                                       "def test_a(client):\n    with mock.patch('requests.post'):\n"
                                       "        assert client.get() is not None\n\n\n"
                                       "def test_b():\n    check(1)\n")
    files[f"tests/{which}.py"] += "\n\nDATA = [\n" + GENERATED_ROWS + "]\n"
    write(tmp_path, files)
    # the big file excluded from flake8's own checks (they take minutes on it, plugin or not): the plugin reads it
    # only as the support module of the test files
    cmd = [FLAKE8, "--isolated", "--select=MM", "-j2", f"--extend-exclude={which}.py", "tests"]
    wall, rss, result = measured(cmd, tmp_path)
    assert result.returncode == 1 and "MM901" not in result.stdout
    # mock.patch of requests.post in every test file; with the conftest.py read, also its client fixture's patch
    # at each test that uses it, and in the conftest.py itself
    assert result.stdout.count("MM101") == (6 if which == "conftest" else 13)
    assert f"cannot read project module tests/{which}.py (29," in result.stderr  # said, with the size
    assert "over max-module-bytes: 1,000,000" in result.stderr
    assert wall < 30, wall
    assert rss < 200, rss  # plain flake8's worker is about 50 MB here


@pytest.mark.slow
@pytest.mark.parametrize("command", ["check", "audit"])
def test_one_long_line_of_many_findings(tmp_path: Path, command: str):
    """80,000 patches of one with statement on one line of 1.8 MB: each finding's ``# noqa`` was searched for
    over the whole line (about 100 s in check and the audit before, quadratic)."""
    patches = ", ".join(["patch('requests.get')"] * 80_000)
    write(tmp_path, {**PKG, "tests/test_wide.py": f"from unittest.mock import patch\n\n\ndef test_x():\n"
                                                  f"    with {patches}:\n        assert 1 == 1\n"})
    args = ["check", "tests"] if command == "check" else ["audit", "-q", "--format", "json", "tests"]
    wall, rss, result = measured([CLI, *args], tmp_path)
    if command == "audit":
        codes = Counter(f["code"] for f in json.loads(result.stdout)["findings"])
    else:
        codes = Counter(code for _path, _line, _col, code in result.findings)
    assert codes["MM101"] == 80_000 and not codes["MM901"], codes
    assert wall < 45, wall
    assert rss < 600, rss  # the tree of a 1.8 MB line, and 80,000 findings


@pytest.mark.slow
def test_twenty_thousand_project_modules(tmp_path: Path):
    """20,000 small project modules; 80 test files that each import the same 2,000 of them. A module read is
    kept for the process (before: the 512 most recent, so each file read its 2,000 modules again). Measured
    against the same flake8 run with the plugin looking at no file (``--mock-misuse-test-files``)."""
    files = {**PKG}
    for i in range(20_000):
        files[f"pkg/m{i:05d}.py"] = (f"import requests\n\nsession = requests.Session()\n\n\ndef fetch_{i}():\n"
                                     f"    return session.get('http://x/{i}')\n")
    imports = "".join(f"from pkg import m{i:05d}  # noqa: F401\n" for i in range(0, 20_000, 10))
    for t in range(80):
        files[f"tests/test_{t:03d}.py"] = (
            "from unittest.mock import patch\n\n" + imports + "\n\n@patch('pkg.m00010.session')\ndef test_x(s):\n"
            "    s.get.return_value.status_code = 200\n    assert s.get().status_code == 200\n")
    write(tmp_path, files)
    off, _rss, _r = measured([FLAKE8, "--isolated", "--select=MM", "-j2", "--mock-misuse-test-files=none.py", "tests"],
                             tmp_path)
    wall, rss, result = measured([FLAKE8, "--isolated", "--select=MM", "-j2", "tests"], tmp_path)
    assert result.returncode == 1 and result.stdout.count("MM111") == 0 and "MM901" not in result.stdout
    assert wall < 2 * off + 5, (wall, off)  # before: about 3x
    assert rss < 200, rss
    audit_wall, _rss, audited = measured([CLI, "audit", "-q", "-j2", "--format", "json", "tests"], tmp_path)
    assert audited.returncode == 0 and audit_wall < 2 * off + 10, (audit_wall, off)
