"""CI: flake8's `--format` string turns our findings into GitHub Actions annotations (docs/ci.md).

GitHub reads `::error file=...,line=...,col=...::message` lines of a step's output as inline
annotations on the pull request.  The format string tested here is the one docs/ci.md tells users
to copy, read from that file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import CLI, REPO, flake8, run

GITHUB_FORMAT = "::error file=%(path)s,line=%(row)d,col=%(col)d::%(code)s %(text)s"

LYING = """\
from unittest.mock import patch


@patch("requests.post")
def test_charge(post):
    assert charge(1) == "ok"


def test_store():
    with patch("sqlite3.connect"):
        assert store(1) == 1
"""

_ANNOTATION = re.compile(r"^::error file=(?P<file>[^,:]+),line=(?P<line>\d+),col=(?P<col>\d+)::(?P<message>.+)$")


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(LYING, encoding="utf-8")
    return tmp_path


def test_docs_use_the_tested_format():
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    assert f"--format='{GITHUB_FORMAT}'" in text


def test_github_annotations(proj):
    result = flake8("--select=MM", f"--format={GITHUB_FORMAT}", "tests", cwd=proj)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "::error file=tests/test_x.py,line=4,col=2::MM101 requests.post is patched out (requests HTTP client): "
    ), lines
    assert lines[1].startswith(
        "::error file=tests/test_x.py,line=10,col=10::MM111 sqlite3.connect is patched out (sqlite3 database"
    ), lines
    assert len(lines) == 2
    # Exactly the default report, rewritten: same findings, same order, same text.
    plain = flake8("--select=MM", "tests", cwd=proj).stdout.splitlines()
    assert lines == [
        re.sub(r"^(.+?):(\d+):(\d+): (.*)$", r"::error file=\1,line=\2,col=\3::\4", line) for line in plain
    ]
    for line in lines:
        # A workflow command is one line, and its message must not hold `%` (GitHub's escape character).
        assert _ANNOTATION.match(line) and "%" not in line, line


def test_check_writes_the_same_annotations_itself(proj):
    result = run([CLI, "check", "--isolated", "--select=MM", "--format=github", "tests"], cwd=proj)
    assert result.stdout == flake8("--select=MM", f"--format={GITHUB_FORMAT}", "tests", cwd=proj).stdout
    assert "flake8-mock-misuse check --format github" in (REPO / "docs" / "ci.md").read_text(encoding="utf-8")


def test_github_annotation_file_is_the_path_given(proj):
    """The annotation's file is the path as given on the command line, relative to the checkout root."""
    result = flake8("--select=MM101", f"--format={GITHUB_FORMAT}", "./tests/test_x.py", cwd=proj)
    assert result.stdout.startswith("::error file=./tests/test_x.py,line=4,col=2::MM101 ")


def test_no_annotation_for_an_honest_suite(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_ok.py").write_text(
        "from shop.pricing import total\n\n\ndef test_total():\n    assert total([250, 1000]) == 1250\n",
        encoding="utf-8",
    )
    result = flake8("--select=MM", f"--format={GITHUB_FORMAT}", "tests", cwd=tmp_path)
    assert result.stdout == "" and result.returncode == 0
