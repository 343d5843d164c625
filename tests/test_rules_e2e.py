"""Each rule's fixtures through the real flake8, compared whole with their golden output.

A rule's fixtures are ``tests/fixtures/rules/mmNNN_bad.py`` and ``mmNNN_good.py`` (bad cases, good
cases and near misses), each with ``# expect: MMNNN col=N`` markers on the lines that must be
reported; the MM3xx rules, which need a web project around the test, have theirs in
``tests/fixtures/projects/``.  Beside every fixture, ``<fixture>.txt`` holds the exact flake8
output (``path:line:col: code message``), so a change of message, line or column shows up in
review; a fixture that must print nothing has none.  ``MM_UPDATE_GOLDEN=1 make test`` rewrites
the golden files from what flake8 prints.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES, expectations, flake8

RULE_FIXTURES = sorted((FIXTURES / "rules").glob("*.py"))
PROJECTS = ["djangoshop", "flaskapp", "fastapiapp", "pyramidapp", "library", "shop", "stateapp"]
UPDATE = os.environ.get("MM_UPDATE_GOLDEN") == "1"


def compare_with_golden(output: str, golden: Path) -> None:
    """A fixture that must print nothing has no golden file."""
    if UPDATE:
        if output:
            golden.write_text(output, encoding="utf-8")
        elif golden.exists():
            golden.unlink()
    assert output == (golden.read_text(encoding="utf-8") if golden.exists() else "")


@pytest.mark.parametrize("fixture", RULE_FIXTURES, ids=lambda p: p.stem)
def test_rule_fixture(fixture: Path, tmp_path: Path):
    tests = tmp_path / "tests"
    tests.mkdir()
    shutil.copy(fixture, tests / f"test_{fixture.stem}.py")
    code = fixture.stem[:5].upper()  # mm203_bad.py is about MM203: other codes are not its business
    result = flake8(f"--select={code}", "tests", cwd=tmp_path)
    assert result.codes == expectations(fixture), result.stdout
    compare_with_golden(result.stdout, fixture.with_suffix(".txt"))
    assert result.returncode == (1 if "_bad" in fixture.stem else 0)


@pytest.mark.parametrize("name", PROJECTS)
def test_project_fixture(project, name: str):
    """Every MM code over a fixture project, from its root, as users run it."""
    root = project(name)
    result = flake8("--select=MM", ".", cwd=root)
    compare_with_golden(result.stdout, FIXTURES / "projects" / f"{name}.txt")


def test_state_project_with_the_test_files_alone(project):
    """A hook handed the test files alone: the project's package is not there to read.  What the test file
    shows is still reported (settings objects and classes imported from a package that is neither the
    standard library, a known library nor installed); what only the source shows (``register`` being
    ``plugins.register``, the code's default of an environment variable) is not, or reported as unknown."""
    root = project("stateapp")
    shutil.rmtree(root / "stateapp")
    result = flake8("--select=MM4", ".", cwd=root)
    compare_with_golden(result.stdout, FIXTURES / "projects" / "stateapp_tests_only.txt")


def test_allowed_env_option(project):
    root = project("stateapp")
    result = flake8("--select=MM406", "--mock-misuse-extend-allowed-env=STATEAPP_MODE", ".", cwd=root)
    assert result.stdout == "" and result.returncode == 0
    result = flake8("--select=MM406", "--mock-misuse-allowed-env=STATEAPP_MODE", ".", cwd=root)
    assert [line.split(" ", 2)[1] for line in result.stdout.splitlines()] == ["MM406"]
    assert "DJANGO_SETTINGS_MODULE" in result.stdout  # replacing the list drops the default
    bad = flake8("--select=MM406", "--mock-misuse-allowed-env=NOT-A-NAME", ".", cwd=root)
    assert bad.returncode == 2 and "not an environment variable name" in bad.stderr


def test_every_rule_has_fixtures():
    from flake8_mock_misuse import rules

    covered = {p.stem[:5].upper() for p in RULE_FIXTURES}
    projects = "".join(p.read_text(encoding="utf-8") for p in (FIXTURES / "projects").glob("*.txt"))
    for code in rules.codes():
        if code.startswith("MM9"):
            continue  # the plugin's own trouble: tests/test_robustness.py
        assert code in covered or f": {code} " in projects, code


def test_every_bad_fixture_expects_something_and_no_good_one_does():
    for fixture in RULE_FIXTURES:
        assert bool(expectations(fixture)) == ("_bad" in fixture.stem), fixture
        assert fixture.with_suffix(".txt").exists() == ("_bad" in fixture.stem), fixture
