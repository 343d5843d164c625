"""The package is typed: mypy accepts ``src/`` with the configuration in pyproject.toml, and the ``py.typed``
marker that tells type checkers to read the installed package's annotations is there and ships."""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO

PACKAGE = REPO / "src" / "flake8_mock_misuse"


def test_mypy_accepts_the_package(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (requirements/dev.txt pins it)")
    # [tool.mypy] of pyproject.toml says what to check and how strictly; the cache stays out of the checkout
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"),
         "--cache-dir", str(tmp_path / "mypy_cache")],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_py_typed_marker_ships() -> None:
    assert (PACKAGE / "py.typed").is_file()
    setup = configparser.ConfigParser()
    setup.read(REPO / "setup.cfg", encoding="utf-8")
    assert setup.get("options.package_data", "flake8_mock_misuse").split() == ["py.typed"]
