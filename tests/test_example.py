"""The bundled example (examples/bookstore): its lying suite is green, and the plugin says why it lies."""

from __future__ import annotations

import sys

from helpers import REPO, flake8, run

EXAMPLE = REPO / "examples" / "bookstore"

EXPECTED = {
    ("tests/test_app.py", 14, "MM102"),
    ("tests/test_app.py", 23, "MM102"),
    ("tests/test_app.py", 27, "MM101"),
    ("tests/test_auth.py", 13, "MM102"),
    ("tests/test_auth.py", 20, "MM102"),
    ("tests/test_db.py", 11, "MM111"),
    ("tests/test_db.py", 19, "MM111"),
    ("tests/test_db.py", 28, "MM111"),
    ("tests/test_db.py", 35, "MM111"),
    ("tests/test_payments.py", 20, "MM101"),
    ("tests/test_payments.py", 27, "MM101"),
    ("tests/test_payments.py", 35, "MM101"),
    ("tests/test_payments.py", 41, "MM101"),
    ("tests/test_payments.py", 48, "MM101"),  # the provider's failure injected above the HTTP stack
    # a test's only check takes the finding (and its ``# noqa``); several checks: the ``def`` line
    ("tests/test_app.py", 15, "MM201"),
    ("tests/test_app.py", 24, "MM201"),
    ("tests/test_auth.py", 14, "MM201"),
    ("tests/test_auth.py", 17, "MM203"),
    ("tests/test_db.py", 15, "MM201"),
    ("tests/test_db.py", 23, "MM203"),
    ("tests/test_payments.py", 31, "MM203"),
    ("tests/test_payments.py", 44, "MM201"),
}


def test_verified_tests_raise_no_finding():
    result = flake8("--select=MM", "verified", cwd=EXAMPLE)
    assert result.stdout == "" and result.returncode == 0


def test_example_findings():
    result = flake8("--select=MM", "tests", cwd=EXAMPLE)
    assert {(p, line, code) for p, line, _c, code in result.findings} == EXPECTED


def test_seed_story_test_is_flagged_with_its_fixture():
    result = flake8("--select=MM102,MM201", "tests/test_auth.py", cwd=EXAMPLE)
    assert "fixture mock_request (MagicMock) with .headers) passed to authenticate()" in result.stdout
    assert "test_auth only checks existence (truthiness of result.user)" in result.stdout


def test_example_suite_is_green():
    """The point of the example: every one of these tests passes, the lying ones (tests/) and the ones
    that start the real server and send it real HTTP requests (verified/)."""
    result = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", "verified"], cwd=EXAMPLE)
    assert result.returncode == 0, result.stdout
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_make_demo_runs_the_plugin_on_the_example():
    result = run(["make", "-s", "demo"], cwd=REPO)
    assert result.returncode == 0
    assert "MM101" in result.stdout and "MM102" in result.stdout and "MM111" in result.stdout
