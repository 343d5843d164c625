"""The console script: explain, codes, and the generated docs staying in step with the rules."""

from __future__ import annotations

import sys

import pytest

from helpers import CLI, REPO, run

SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Options",
            "## Known problems")


def _codes() -> list[str]:
    out = run([CLI, "codes"], cwd=REPO).stdout
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def test_codes_lists_every_family_present():
    codes = _codes()
    assert {"MM101", "MM102", "MM111", "MM901"} <= set(codes)
    assert all(c.startswith("MM") and len(c) == 5 for c in codes)


@pytest.mark.parametrize("code", ["MM101", "MM102", "MM111", "MM901"])
def test_explain_prints_every_section(code):
    result = run([CLI, "explain", code], cwd=REPO)
    assert result.returncode == 0
    assert result.stdout.startswith(f"# {code}: ")
    for section in SECTIONS:
        assert section in result.stdout, section


def test_every_code_is_explained():
    for code in _codes():
        assert run([CLI, "explain", code.lower()], cwd=REPO).returncode == 0


@pytest.mark.parametrize("code", ["MM999", "E501", "nonsense"])
def test_unknown_code_exits_2_with_a_message(code):
    result = run([CLI, "explain", code], cwd=REPO)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "unknown code" in result.stderr and "MM101" in result.stderr


def test_docs_are_generated_from_the_rules():
    result = run([sys.executable, str(REPO / "scripts" / "make_docs.py"), "--check"], cwd=REPO)
    assert result.returncode == 0, result.stderr


def test_the_docs_script_touches_only_its_own_pages(tmp_path):
    """It used to be a console command that deleted every other *.md of the folder it was pointed at."""
    (tmp_path / "NOTES.md").write_text("mine\n")
    (tmp_path / "MM999.md").write_text("a page of a code that no longer exists\n")
    result = run([sys.executable, str(REPO / "scripts" / "make_docs.py"), "--out", str(tmp_path)], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "NOTES.md").read_text() == "mine\n"
    assert not (tmp_path / "MM999.md").exists() and (tmp_path / "MM101.md").exists()


def test_no_docs_command_for_users():
    result = run([CLI, "docs"], cwd=REPO)
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_docs_page_equals_explain_output():
    for code in _codes():
        page = (REPO / "docs" / "rules" / f"{code}.md").read_text(encoding="utf-8")
        assert page == run([CLI, "explain", code], cwd=REPO).stdout


def test_version():
    assert run([CLI, "--version"], cwd=REPO).stdout.startswith("flake8-mock-misuse ")


def test_the_package_description_lists_every_code_with_its_summary():
    """docs/pypi.md (the package's page) names each code with the registry's one-line summary, and links only
    to absolute addresses (relative links break on the package index)."""
    import re

    from flake8_mock_misuse.rules import codes, summary

    text = (REPO / "docs" / "pypi.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (MM\d{3}) \| (.+) \|$", text, re.M))
    assert rows == {code: summary(code) for code in codes()}
    assert all(link.startswith("https://") for link in re.findall(r"\]\(([^)]+)\)", text))


def test_every_code_says_where_its_finding_sits():
    """Which line a code reports on is the line its ``# noqa`` goes on: every rule's documentation says it."""
    from flake8_mock_misuse.rules import codes, explanation

    for code in codes():
        text = explanation(code) or ""
        assert "sits" in text and "noqa" in text, code
