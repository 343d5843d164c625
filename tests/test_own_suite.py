"""We practise what we preach: the plugin finds nothing in our own test suite, and our code is clean."""

from __future__ import annotations

from helpers import REPO, flake8


def test_plugin_reports_nothing_on_our_tests():
    result = flake8("--select=MM", "tests", cwd=REPO, isolated=False)
    assert result.stdout == "" and result.returncode == 0


def test_our_code_passes_flake8():
    result = flake8("src", "tests", "bench", "scripts", cwd=REPO, isolated=False)
    assert result.stdout == "", result.stdout
