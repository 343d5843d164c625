"""Odd inputs never break the user's flake8 run: findings or nothing, never a traceback or MM901."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpers import CLI, FLAKE8, flake8, run

PATCHED = 'from unittest.mock import patch\n\n\n@patch("requests.get")\ndef test_x(get):\n    assert get\n'

CASES = {
    "empty": b"",
    "syntax_error": b"def test_x(:\n    pass\n",
    "latin1_cookie": "# -*- coding: latin-1 -*-\n# caf\xe9\n".encode("latin-1") + PATCHED.encode(),
    "utf8_bom": b"\xef\xbb\xbf" + PATCHED.encode(),
    "crlf": PATCHED.replace("\n", "\r\n").encode(),
    "cr_only": PATCHED.replace("\n", "\r").encode(),
    "form_feed_and_tabs": ("\f\n" + PATCHED.replace("    ", "\t")).encode(),
    "null_byte": b"x = 1\x00\n",
    "deep_nesting": ("def test_x():\n    x = " + "(" * 180 + "1" + ")" * 180 + "\n").encode(),
    # as long as flake8 itself can parse (3,000 links crash CPython's own parser)
    "long_attribute_chain": ("def test_x():\n    a" + ".b" * 800 + "()\n").encode(),
    "star_imports": b"from unittest.mock import *\nfrom requests import *\n\ndef test_x():\n    patch('x')\n",
    "weird_patch_calls": (
        b"from unittest.mock import patch, MagicMock\n\ndef test_x(mocker, monkeypatch):\n"
        b"    patch()\n    patch(1)\n    patch.object()\n    patch.object(1, 2)\n    patch.multiple()\n"
        b"    mocker.patch(*args)\n    monkeypatch.setattr()\n    MagicMock(spec=[1])\n"
        b"    patch(f'{x}.y')\n    patch.object(a.b().c[0], 'd')\n"
    ),
    "self_referential_bindings": b"def test_x():\n    a = b\n    b = a\n    patch.object(a, 'x')\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_odd_input(tmp_path: Path, name: str):
    if name == "null_byte" and sys.version_info < (3, 11):
        pytest.skip("flake8 itself raises on a null byte under Python 3.10 (ast.parse gives ValueError there), "
                    "before any plugin runs; `check` reports E999")
    path = tmp_path / "tests" / f"test_{name}.py"
    path.parent.mkdir()
    path.write_bytes(CASES[name])
    result = flake8("--select=MM,E999,E902", "tests", cwd=tmp_path)
    assert "MM901" not in result.stdout
    if name in ("latin1_cookie", "utf8_bom", "crlf", "form_feed_and_tabs"):
        line = 4 + (name == "latin1_cookie") * 2 + (name == "form_feed_and_tabs")
        assert {c for c in result.codes if c[2] == "MM101"} == {(line, 2, "MM101")}


def test_an_unparsable_project_module_leaves_findings_or_nothing(tmp_path: Path):
    """A project module that cannot be parsed still leaves a finding-or-nothing answer."""
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "db.py").write_bytes(b"session = (\n")  # a syntax error in the code under test
    (tmp_path / "pyproject.toml").write_text("")
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_a.py").write_text("from unittest.mock import patch\n\ndef test_a():\n    patch('pkg.db.session')\n")
    result = flake8("--select=MM1,MM9", "tests", cwd=tmp_path)
    assert result.stdout == "" and result.returncode == 0


def test_a_failing_analysis_is_contained(tmp_path: Path):
    """With ``MM_DEBUG_FAIL`` set (the shipped hook ``analysis.FAIL_ON_PURPOSE``), the analysis of every test
    file raises: through the real flake8 each test file gets one MM901 on its first line, the other plugins
    still report, and the run ends normally; the audit contains it the same way."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "app.py").write_text("x = 1\n")  # no test file: never analysed, so no MM901
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_a.py").write_text(PATCHED + 'LONG = "' + "x" * 100 + '"\n')
    (tests / "test_b.py").write_text("def test_b():\n    assert 1 + 1 == 2\n")
    env = {"MM_DEBUG_FAIL": "1"}
    result = run([FLAKE8, "--isolated", "--select=MM,E501", "."], cwd=tmp_path, env=env)
    mm901 = "MM901 flake8-mock-misuse failed on this file (FailureOnPurpose); please report it with the file"
    assert result.stdout.splitlines() == [
        f"./tests/test_a.py:1:1: {mm901}",
        "./tests/test_a.py:7:80: E501 line too long (109 > 79 characters)",
        f"./tests/test_b.py:1:1: {mm901}",
    ]
    assert result.returncode == 1

    audit = run([CLI, "audit", "--format", "json", "tests"], cwd=tmp_path, env=env)
    assert audit.returncode == 3  # every file failed, so no test was found to score
    assert "no tests found" in audit.stderr
