"""Each rule's bad, good and near-miss fixtures through the real flake8: exact codes, lines, columns."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES, expectations, flake8

RULE_FIXTURES = sorted((FIXTURES / "rules").glob("*.py"))


@pytest.mark.parametrize("fixture", RULE_FIXTURES, ids=lambda p: p.stem)
def test_fixture_reports_exactly_its_expectations(fixture: Path, tmp_path: Path):
    tests = tmp_path / "tests"
    tests.mkdir()
    target = tests / f"test_{fixture.stem}.py"
    shutil.copy(fixture, target)
    code = fixture.stem[:5].upper()  # mm203_bad.py is about MM203: other codes are not its business
    result = flake8(f"--select={code}", "tests", cwd=tmp_path)
    assert result.codes == expectations(fixture), result.stdout
    if "_good" in fixture.stem:
        assert result.stdout == "" and result.returncode == 0
    else:
        assert result.returncode == 1


def test_every_bad_fixture_expects_something():
    for fixture in RULE_FIXTURES:
        if "_bad" in fixture.stem:
            assert expectations(fixture), fixture
