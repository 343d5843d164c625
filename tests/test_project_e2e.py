"""Resolution across a real project's modules (src layout, relative imports, base classes, conftest)."""

from __future__ import annotations

import os
from pathlib import Path

from helpers import expectations, flake8


def _expected(root: Path) -> set[tuple[str, int, int, str]]:
    """The MM1xx markers of the project's tests (these tests select MM1)."""
    out = set()
    for path in sorted([*root.rglob("test_*.py"), *root.rglob("conftest.py")]):
        rel = path.relative_to(root).as_posix()
        out |= {(rel, line, col, code) for line, col, code in expectations(path) if code.startswith("MM1")}
    return out


def _found(result, prefix: str = "") -> set[tuple[str, int, int, str]]:
    return {(p[len(prefix):] if p.startswith(prefix) else p, line, col, code)
            for p, line, col, code in result.findings}


def test_project_findings_from_its_root(project):
    root = project("shop")
    result = flake8("--select=MM1", "tests", cwd=root)
    assert _found(result) == _expected(root), result.stdout


def test_project_findings_from_another_directory(project):
    """Editors and monorepos run flake8 from elsewhere: the file's own project is found."""
    root = project("shop")
    result = flake8("--select=MM1", f"{root.name}/tests", cwd=root.parent)
    assert _found(result, f"{root.name}/") == _expected(root), result.stdout


def test_project_without_its_dependencies_installed(project):
    """Resolution reads the project's source; sqlalchemy, django and httpx are not installed here."""
    root = project("shop")
    env_check = flake8("--select=MM1", "tests/unit/test_orders.py", cwd=root)
    assert {code for _l, _c, code in env_check.codes} == {"MM111"}
    for mod in ("sqlalchemy", "django", "httpx"):
        assert not any((Path(p) / mod).exists() for p in os.sys.path if p), f"{mod} is installed"


def _one_package(root: Path, package: str, modules: dict[str, str], tests: dict[str, str]) -> None:
    """A project with one package (its modules, by name) and a ``tests`` folder (its files, by name)."""
    (root / "pyproject.toml").write_text(f"[project]\nname = '{package}'\n")
    (root / package).mkdir()
    for name, text in {"__init__": "", **modules}.items():
        (root / package / f"{name}.py").write_text(text)
    (root / "tests").mkdir()
    for name, text in tests.items():
        (root / "tests" / name).write_text(text)


def test_project_module_written_for_a_newer_python(project):
    """Python 3.14 allows ``except A, B:`` (PEP 758): a project module using it still resolves on an older
    parser, so the client it wraps is still seen (the line is read as ``except (A, B):``)."""
    root = project()
    _one_package(root, "newer", {"remote": (
        "import requests\n\n\n"
        "def fetch(url):\n"
        "    try:\n"
        "        return requests.get(url).json()\n"
        "    except ValueError, KeyError:\n"
        "        return None\n"
    )}, {"test_remote.py": (
        "from unittest.mock import patch\n\n"
        "from newer.remote import fetch\n\n\n"
        "def test_fetch():\n"
        "    with patch('newer.remote.fetch', return_value={}):  # expect: MM101 col=10\n"
        "        assert fetch('https://example.org') == {}\n"
    )})
    result = flake8("--select=MM1", "tests", cwd=root)
    assert _found(result) == _expected(root), result.stdout


def test_project_module_with_type_parameter_syntax(project):
    """PEP 695 (Python 3.12): ``type X = ...``, ``def f[T]()`` and ``class C[T]`` in a project module are read on
    an older parser too, and a ``NewType`` of a session class is that class: a mock specced on it replaces it."""
    root = project()
    _one_package(root, "typed", {"db": (
        "from typing import NewType\n\n"
        "from sqlalchemy.orm import Session as _Session\n\n"
        "type Json = dict[str, object]\n"
        "ReadSession = NewType('ReadSession', _Session)\n\n\n"
        "def first[T](items: list[T]) -> T:\n"
        "    return items[0]\n\n\n"
        "class Repository[T]:\n"
        "    def __init__(self, session: ReadSession) -> None:\n"
        "        self.session = session\n"
    )}, {"test_db.py": (
        "from unittest.mock import MagicMock\n\n"
        "from typed.db import ReadSession, Repository\n\n\n"
        "def test_repository():\n"
        "    session = MagicMock(spec=ReadSession)  # expect: MM111 col=15\n"
        "    assert Repository(session).session is session\n"
    )})
    result = flake8("--select=MM1", "tests", cwd=root)
    assert _found(result) == _expected(root), result.stdout


def test_a_project_module_that_cannot_be_read_is_named_once(project):
    """A template or a syntax newer than this Python: the test file still gets what it shows by itself, and
    the run says once, on stderr, which module it could not read (not a silent verdict)."""
    root = project()
    test = (
        "from unittest.mock import patch\n\n"
        "from tpl.remote import fetch\n\n\n"
        "def test_fetch():\n"
        "    with patch('requests.get', return_value={}):  # expect: MM101 col=10\n"
        "        assert fetch('https://example.org') == {}\n"
        "    with patch('tpl.remote.fetch', return_value={}):\n"
        "        assert fetch('https://example.org') == {}\n"
    )
    _one_package(root, "tpl", {"remote": "import requests\n\n\ndef fetch(url):\n{% if auth %}\n"
                                         "    return requests.get(url)\n{% endif %}\n"},
                 {"test_a.py": test, "test_b.py": test})
    result = flake8("--select=MM1", "-j1", "tests", cwd=root)
    assert _found(result) == _expected(root), result.stdout
    told = [line for line in result.stderr.splitlines() if "cannot read project module" in line]
    assert len(told) == 1 and "tpl/remote.py" in told[0] and "line 5" in told[0], result.stderr
