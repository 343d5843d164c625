"""The plugin and the audit read the linted project; they never import or run any of it.

Every module of the project below (conftest.py files, test modules, package ``__init__.py``
files, source modules, a test-support module) would, if imported, write a marker file, connect
to a socket this test listens on, and raise ``SystemExit``.  A C-extension-looking module
(garbage bytes under an extension module's file name) sits beside them.  The tests in the
project make the analysis resolve through all of it: patch targets in the source modules,
conftest fixtures, a project base class, names imported from the extension module.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from helpers import CLI, FLAKE8, run

TRAP = """\
import os as _os
import socket as _socket

open(_os.path.join({markers!r}, {name!r}), "w").close()
_socket.create_connection(("127.0.0.1", {port}), timeout=2).close()
raise SystemExit("imported " + {name!r})
"""

SOURCES = {
    "pkg/__init__.py": "",
    "pkg/db.py": """
        from sqlalchemy.orm import sessionmaker

        Session = sessionmaker()
        session = Session()
    """,
    "pkg/client.py": """
        import requests

        from pkg.fastmod import native_post


        def send(url):
            return requests.post(url) or native_post(url)
    """,
    "pkg/base.py": """
        import unittest


        class ApiTestCase(unittest.TestCase):
            def check_ok(self, response):
                assert response.status == 200
    """,
    "conftest.py": "",
    "tests/__init__.py": "",
    "tests/conftest.py": """
        from unittest.mock import patch

        import pytest


        @pytest.fixture
        def fake_db():
            with patch("pkg.db.session") as session:
                yield session


        @pytest.fixture
        def fake_http():
            with patch("pkg.client.requests.post") as post:
                yield post
    """,
    "tests/support.py": """
        def check_sent(mock):
            assert mock.call_count == 1
    """,
    "tests/test_app.py": """
        from unittest import mock
        from unittest.mock import patch

        import fastmod as native_top
        import pkg.db
        from pkg import client, fastmod
        from pkg.base import ApiTestCase
        from pkg.fastmod import *  # noqa: F403
        from tests.support import check_sent


        @patch("pkg.db.session")
        def test_session(session):
            session.query.return_value = [1]
            assert pkg.db.session.query() == [1]


        @patch("pkg.client.requests.post")
        def test_post(post):
            client.send("http://example.invalid")
            check_sent(post)


        def test_fixtures(fake_db, fake_http):
            assert client.send("u") is fake_http.return_value
            assert fake_db.query.call_count == 0


        def test_extension():
            with mock.patch.object(fastmod, "native_post") as native, patch("pkg.fastmod.connect"):
                assert client.send("u") == native.return_value
            with patch("fastmod.query") as query, patch.object(native_top.Session, "execute"):
                assert native_top.query() is query.return_value


        class TestApi(ApiTestCase):
            def test_ok(self):
                with mock.patch("pkg.client.send") as send:
                    self.check_ok(send("u"))
    """,
}

# Extension modules' file names for this interpreter (in the package and at the top), holding bytes no
# loader accepts.
SUFFIX = sysconfig.get_config_var("EXT_SUFFIX") or ".cpython-311-x86_64-linux-gnu.so"
EXTENSIONS = ("pkg/fastmod" + SUFFIX, "fastmod" + SUFFIX)
GARBAGE = b"\x7fELF\x02\x01\x01garbage, not a shared object\x00" * 64


def module_names(root: Path) -> set[str]:
    """Every name the project's files could be imported as (dotted and bare)."""
    names = set()
    for path in root.rglob("*"):
        if path.suffix not in (".py", ".so") or not path.is_file():
            continue
        parts = list(path.relative_to(root).parts)
        parts[-1] = parts[-1].split(".")[0]
        if parts[-1] == "__init__":
            parts.pop()
        for i in range(len(parts)):
            names.add(".".join(parts[i:]))
            names.add(".".join(parts[: i + 1]))
    return names


@pytest.fixture
def trapped(tmp_path: Path):
    """The project, with a marker folder outside it and a listening socket nobody may connect to."""
    markers = tmp_path / "markers"
    markers.mkdir()
    root = tmp_path / "proj"
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    (root / "pkg").mkdir(parents=True)
    (root / "tests").mkdir()
    (root / "pyproject.toml").write_text("[project]\nname = 'trapped'\n")
    for rel, body in SOURCES.items():
        trap = TRAP.format(markers=str(markers), name=rel.replace("/", "."), port=port)
        (root / rel).write_text(trap + textwrap.dedent(body), encoding="utf-8")
    for ext in EXTENSIONS:
        (root / ext).write_bytes(GARBAGE)
    try:
        yield root, markers, listener
    finally:
        listener.close()


def assert_untouched(markers: Path, listener: socket.socket) -> None:
    assert sorted(p.name for p in markers.iterdir()) == []
    with pytest.raises(BlockingIOError):  # nobody connected
        listener.accept()


def test_the_traps_work(trapped):
    """Importing one of the project's modules does spring its trap (so silence below means something)."""
    root, markers, listener = trapped
    proc = subprocess.run([sys.executable, "-c", "import pkg.db"], cwd=root, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode != 0 and "imported pkg.__init__.py" in proc.stderr
    assert [p.name for p in markers.iterdir()] == ["pkg.__init__.py"]
    conn, _addr = listener.accept()
    conn.close()


def test_flake8_never_imports_the_project(trapped):
    root, markers, listener = trapped
    result = run([FLAKE8, "--isolated", "--select=MM", "-j2", "."], cwd=root, timeout=120)
    codes = {(Path(p).name, code) for p, _line, _col, code in result.findings}
    # resolution went through the source modules and the conftest fixtures
    assert ("test_app.py", "MM111") in codes and ("test_app.py", "MM101") in codes, result.stdout
    assert ("conftest.py", "MM111") in codes and ("conftest.py", "MM101") in codes, result.stdout
    assert "MM901" not in result.stdout
    assert result.stderr == ""
    assert_untouched(markers, listener)


def test_audit_never_imports_the_project(trapped):
    root, markers, listener = trapped
    result = run([CLI, "audit", "-q", "--format", "json", "-j2", "tests"], cwd=root, timeout=120)
    report = json.loads(result.stdout)
    assert report["counts"]["files"] == 4  # __init__.py, conftest.py, support.py, test_app.py
    assert report["counts"]["findings_by_code"].get("MM111", 0) >= 2
    assert report["counts"]["findings_by_family"]["MM9xx"] == 0
    assert report["skipped_files"] == []
    assert_untouched(markers, listener)


CHECK_MODULES = """
import ast, json, os, sys
from pathlib import Path

from flake8_mock_misuse.analysis import analyse
from flake8_mock_misuse.config import Config

root = Path(sys.argv[1]).resolve()
os.chdir(root)
sys.path.insert(0, str(root))  # were anything to import the project, it would succeed and show
before = set(sys.modules)
codes = []
for path in sorted(root.rglob("*.py")):
    rel = path.relative_to(root).as_posix()
    codes += [f.code for f in analyse(ast.parse(path.read_bytes(), filename=rel), rel, Config())]
print(json.dumps({"loaded": sorted(set(sys.modules) - before), "codes": codes}))
"""


def test_analysis_leaves_no_project_module_in_sys_modules(trapped):
    root, markers, listener = trapped
    proc = subprocess.run([sys.executable, "-c", CHECK_MODULES, str(root)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    out = json.loads(proc.stdout)
    names = module_names(root)
    assert {"pkg", "pkg.db", "pkg.fastmod", "fastmod", "conftest", "tests.conftest", "test_app"} <= names
    assert sorted(set(out["loaded"]) & names) == []
    assert "MM111" in out["codes"] and "MM901" not in out["codes"]
    assert_untouched(markers, listener)
