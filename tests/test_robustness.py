"""Odd inputs never break the user's flake8 run: findings or nothing, never a traceback or MM901."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import flake8

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
    path = tmp_path / "tests" / f"test_{name}.py"
    path.parent.mkdir()
    path.write_bytes(CASES[name])
    result = flake8("--select=MM,E999,E902", "tests", cwd=tmp_path)
    assert "MM901" not in result.stdout
    if name in ("latin1_cookie", "utf8_bom", "crlf", "form_feed_and_tabs"):
        line = 4 + (name == "latin1_cookie") * 2 + (name == "form_feed_and_tabs")
        assert {c for c in result.codes if c[2] == "MM101"} == {(line, 2, "MM101")}


def test_internal_failure_is_contained(tmp_path: Path):
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
