"""Same input, same bytes out: repeated runs, ``-j1`` against ``-j2``, and different hash seeds.

A set's iteration order changes with PYTHONHASHSEED; a finding or message built from one would
change between runs.  Each configuration runs the real flake8 in a fresh process.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from helpers import CLI, FIXTURES, FLAKE8, run

COPIES = 4


@pytest.fixture(scope="module")
def many_files(tmp_path_factory) -> Path:
    """The rule fixtures (bad, good and near-miss examples of every rule), copied many times under tests/."""
    root = tmp_path_factory.mktemp("many")
    (root / "pyproject.toml").write_text("[project]\nname = 'many'\n")
    for k in range(COPIES):
        shutil.copytree(FIXTURES / "rules", root / "tests" / f"copy_{k:02d}")
    return root


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("shop") / "shop"
    shutil.copytree(FIXTURES / "projects" / "shop", root)
    return root


def lint(root: Path, jobs: int, seed: int) -> str:
    result = run([FLAKE8, "--isolated", "--select=MM", f"-j{jobs}", "tests"], cwd=root,
                 env={"PYTHONHASHSEED": str(seed)}, timeout=300)
    assert result.returncode == 1 and result.stderr == "", result.stderr
    return result.stdout


def test_many_fixture_copies(many_files: Path):
    reference = lint(many_files, 1, 1)
    lines = reference.splitlines()
    assert len(lines) >= COPIES * 50  # every copy reports its bad examples
    assert set(Counter(re.sub(r"copy_\d+", "copy", line) for line in lines).values()) == {COPIES}  # same per copy
    assert lint(many_files, 2, 1) == reference
    assert lint(many_files, 1, 2) == reference
    assert lint(many_files, 2, 2) == reference


def test_shop_project(shop: Path):
    reference = lint(shop, 1, 1)
    assert reference.count("MM111") >= 5 and reference.count("MM101") >= 4
    for jobs, seed in ((2, 1), (1, 2), (2, 2), (1, 1)):
        assert lint(shop, jobs, seed) == reference


def test_audit_report(shop: Path):
    reports = set()
    for jobs, seed in ((1, 1), (2, 2), (2, 1)):
        result = run([CLI, "audit", "-q", "--format", "json", f"-j{jobs}"], cwd=shop,
                     env={"PYTHONHASHSEED": str(seed)}, timeout=300)
        assert result.returncode == 0 and '"findings"' in result.stdout, result.stderr
        reports.add(result.stdout)
    assert len(reports) == 1


def test_project_modules_nested_near_the_parsers_limit(tmp_path: Path):
    """How deep a tree Python builds depends on the stack it is built from: flake8's main process (-j1) and its
    workers (-j2) once read a project module nested near that limit differently (an MM111 in one, not the
    other). Modules from 2,000 to 3,400 attribute links deep, each beside a database session a test patches:
    wherever the limit falls on this Python, every process draws it at the same module."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "tests").mkdir()
    for i, depth in enumerate(range(2_000, 3_400, 20)):
        (tmp_path / "pkg" / f"deep{i}.py").write_text(
            "from sqlalchemy.orm import Session\n\nsession = Session()\nother = a" + ".b" * depth + "\n")
        (tmp_path / "tests" / f"test_deep{i}.py").write_text(
            f'from unittest.mock import patch\n\n\n@patch("pkg.deep{i}.session")\n'
            "def test_x(s):\n    assert s.query() == 1\n")
    outputs = []
    for jobs in (1, 2):
        result = run([FLAKE8, "--isolated", "--select=MM", f"-j{jobs}", "tests"], cwd=tmp_path, timeout=300)
        assert result.returncode == 1
        outputs.append(sorted(result.stdout.splitlines()))
    assert outputs[0] == outputs[1]
    assert sum("MM111" in line for line in outputs[0]) >= 10  # the shallower modules are read
