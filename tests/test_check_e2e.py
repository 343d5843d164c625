"""``flake8-mock-misuse check`` through the installed console script, side by side with the real flake8: the same
output on the same project (with the same settings), the suppressions, formats, stdin, -j, exit statuses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from flake8_mock_misuse.config import HTTP_MODULES
from helpers import CLI, FIXTURES, REPO, flake8, run

PROJECTS = ["shop", "djangoshop", "flaskapp", "fastapiapp", "pyramidapp", "stateapp"]


def check(*args: str, cwd: Path, stdin: str | None = None):
    return run([CLI, "check", *args], cwd=cwd, stdin=stdin)


@pytest.mark.parametrize("name", PROJECTS)
def test_same_output_as_flake8_on_each_fixture_project(project, name):
    root = project(name)
    want = flake8("--select=MM,E9", ".", cwd=root)
    got = check("--isolated", ".", cwd=root)
    assert got.stdout == want.stdout and got.stdout
    assert got.returncode == want.returncode == 1
    assert check("--isolated", "--select=MM", ".", cwd=root).stdout == flake8("--select=MM", ".", cwd=root).stdout


def test_same_output_on_the_bundled_example_with_jobs_and_relative_paths():
    example = REPO / "examples" / "bookstore"
    want = flake8("--select=MM,E9", "-j1", "tests", "verified", cwd=example)
    for jobs in ("1", "2"):
        got = check("--isolated", "-j", jobs, "tests", "verified", cwd=example)
        assert got.stdout == want.stdout


SUPPRESSING = '''\
from unittest import mock

import requests


@mock.patch("requests.get")  # noqa: MM101
def test_one(get):
    get.return_value.json.return_value = {"a": 1}
    assert requests.get("https://x").json() == {"a": 1}


@mock.patch("requests.post")
def test_two(post):
    requests.post("https://x")
    assert post.called


def test_three():
    with mock.patch(  # noqa
        "requests.put",
    ):
        requests.put("https://x")
    assert True  # noqa: mm2
'''

CONFIG = """\
[flake8]
extend-ignore = MM203
per-file-ignores =
    tests/test_legacy.py: MM1
"""


def _suppressing_project(root: Path) -> Path:
    (root / "tests").mkdir(parents=True)
    (root / "tests" / "test_api.py").write_text(SUPPRESSING)
    (root / "tests" / "test_legacy.py").write_text(SUPPRESSING.replace("# noqa", "# no"))
    (root / "setup.cfg").write_text(CONFIG)
    return root


def test_noqa_select_ignore_and_per_file_ignores_as_flake8_decides_them(project):
    root = _suppressing_project(project())
    want = flake8("--select=MM,E9", "tests", cwd=root, isolated=False)
    got = check("tests", cwd=root)
    assert got.stdout == want.stdout
    codes = [line.split()[1] for line in got.stdout.splitlines()]
    assert "MM203" not in codes  # extend-ignore from setup.cfg
    assert not any(line.startswith("tests/test_legacy.py") and " MM1" in line for line in got.stdout.splitlines())
    assert any(line.startswith("tests/test_api.py:12:") for line in got.stdout.splitlines())  # no noqa there
    assert not any(line.startswith("tests/test_api.py:19:") for line in got.stdout.splitlines())
    for args in (["--extend-ignore=MM2"], ["--select=MM1"], ["--ignore=MM101", "--select=MM"]):
        assert check(*args, "tests", cwd=root).stdout == flake8(*args, "tests", cwd=root, isolated=False).stdout


def test_file_level_flake8_noqa(project):
    root = project()
    (root / "test_x.py").write_text("# flake8: noqa\n" + SUPPRESSING)
    assert check("--isolated", ".", cwd=root).stdout == "" == flake8("--select=MM,E9", ".", cwd=root).stdout


def test_stdin_with_display_name_and_syntax_errors(project):
    root = project()
    source = SUPPRESSING
    for args in (["--stdin-display-name", "tests/test_api.py", "-"], ["-"]):
        want = flake8("--select=MM,E9", *args, cwd=root, stdin=source)
        got = check("--isolated", *args, cwd=root, stdin=source)
        assert got.stdout == want.stdout
    assert check("--isolated", "--stdin-display-name", "tests/test_api.py", "-", cwd=root, stdin=source).stdout
    broken = "def test_x(:\n    pass\n"
    (root / "test_broken.py").write_text(broken)
    want = flake8("--select=MM,E9", ".", cwd=root)
    got = check("--isolated", ".", cwd=root)
    assert got.stdout == want.stdout and " E999 SyntaxError" in got.stdout and got.returncode == 1


def test_formats(project):
    root = _suppressing_project(project())
    data = json.loads(check("--format", "json", "tests", cwd=root).stdout)
    assert data["schema_version"] == 1 and data["counts"]["reported"] == len(data["findings"]) > 0
    assert data["counts"]["suppressed"] == len(data["suppressed"]) > 0
    assert {s["by"] for s in data["suppressed"]} == {"noqa", "config"}
    doc = json.loads(check("--format", "sarif", "tests", cwd=root).stdout)
    results = doc["runs"][0]["results"]
    assert {s["kind"] for r in results for s in r.get("suppressions", [])} == {"inSource", "external"}
    assert sum(1 for r in results if "suppressions" not in r) == data["counts"]["reported"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("tests/")
    gh = check("--format", "github", "tests", cwd=root).stdout.splitlines()
    assert len(gh) == data["counts"]["reported"]
    assert gh[0].startswith("::error file=tests/test_api.py,line=") and "::MM" in gh[0]


def test_exit_statuses_and_errors(project):
    root = _suppressing_project(project())
    assert check("--exit-zero", "tests", cwd=root).returncode == 0
    assert check("--select=MM9", "tests", cwd=root).returncode == 0
    missing = check("nowhere", cwd=root)
    assert missing.returncode == 2 and "nowhere: no such file or folder" in missing.stderr
    for bad in (["--select=mm1"], ["--jobs=zero"], ["--mock-misuse-http-modules=requests,3x"],
                ["--per-file-ignores=tests/x.py"], ["--format=xml"]):
        result = check(*bad, "tests", cwd=root)
        assert result.returncode == 2 and result.stderr and result.stdout == "", bad
    (root / "pyproject.toml").write_text('[tool.flake8-mock-misuse]\ntest-file = ["t_*.py"]\n')
    result = check("tests", cwd=root)
    assert result.returncode == 2 and "unknown setting 'test-file'" in result.stderr


def test_a_fifo_named_like_a_test_is_skipped(project):
    root = project()
    (root / "test_ok.py").write_text(SUPPRESSING)
    import os

    os.mkfifo(root / "test_pipe.py")
    result = check("--isolated", ".", cwd=root)
    assert "test_pipe.py: skipped (not a regular file)" in result.stderr and "test_ok.py" in result.stdout


def test_ruff_only_project_reads_tool_flake8_mock_misuse(project):
    """No flake8 configuration at all: the settings live in pyproject.toml beside ruff's."""
    root = _suppressing_project(project())
    (root / "setup.cfg").unlink()
    (root / "pyproject.toml").write_text(
        '[tool.ruff.lint]\nexternal = ["MM"]\n\n'
        '[tool.flake8-mock-misuse]\nextend-ignore = ["MM203"]\nper-file-ignores = {"tests/test_legacy.py" = ["MM1"]}\n')
    got = check("tests", cwd=root)
    (root / "pyproject.toml").unlink()
    (root / "setup.cfg").write_text(CONFIG)
    assert got.stdout == check("tests", cwd=root).stdout != ""


def test_tool_flake8_in_pyproject_as_flake8_pyproject_reads_it(project):
    root = _suppressing_project(project())
    (root / "setup.cfg").unlink()
    (root / "pyproject.toml").write_text(
        '[tool.flake8]\nextend-ignore = ["MM203"]\nper-file-ignores = ["tests/test_legacy.py:MM1"]\n')
    got = check("tests", cwd=root)
    (root / "pyproject.toml").unlink()
    (root / "setup.cfg").write_text(CONFIG)
    assert got.stdout == check("tests", cwd=root).stdout


def test_settings_precedence_command_line_then_flake8_file_then_pyproject(project):
    root = project("shop")
    every = check(".", cwd=root).stdout
    assert " MM101 " in every
    (root / "pyproject.toml").write_text('[tool.flake8-mock-misuse]\nhttp-modules = ["urllib3"]\n')
    narrowed = check(".", cwd=root).stdout
    assert " MM101 " not in narrowed  # the pyproject table is read ...
    (root / "tox.ini").write_text(f"[flake8]\nmock-misuse-http-modules = {','.join(HTTP_MODULES)}\n")
    assert check(".", cwd=root).stdout == every  # ... below flake8's file ...
    flake8_run = flake8("--select=MM,E9", ".", cwd=root, isolated=False).stdout
    assert flake8_run == every  # ... which the plugin inside flake8 reads the same way
    assert check("--mock-misuse-http-modules=urllib3", ".", cwd=root).stdout == narrowed  # command line first
    (root / "tox.ini").unlink()
    assert flake8("--select=MM,E9", ".", cwd=root, isolated=False).stdout == narrowed  # the plugin reads pyproject
    # --isolated skips flake8's files only (a plugin cannot tell it was given), in flake8 and in check alike
    assert flake8("--select=MM,E9", ".", cwd=root).stdout == narrowed == check("--isolated", ".", cwd=root).stdout


@pytest.mark.slow
@pytest.mark.parametrize("app", ["lemur", "taiga-back", "wger"])
def test_same_output_as_flake8_on_real_applications(app):
    root = REPO / ".apps" / app
    if not root.is_dir():
        pytest.skip(f"{root} not extracted (python3 bench/apps.py extract --snapshots DIR)")
    want = flake8("--select=MM,E9", "-j2", ".", cwd=root)
    got = check("--isolated", "-j2", ".", cwd=root)
    assert got.stdout == want.stdout and got.stdout


def test_fixture_projects_exist():
    for name in PROJECTS:
        assert (FIXTURES / "projects" / name).is_dir()
    assert shutil.which(CLI) or Path(CLI).exists()


def test_noqa_on_the_assertion_line_silences_a_finding_about_that_assertion(project):
    """MM201/MM203 sit on a test's only check: the line where users write the ``# noqa``."""
    root = project()
    source = "from shop import api\n\n\ndef test_x():\n    reply = api.fetch()\n    assert reply is not None{}\n"
    (root / "test_x.py").write_text(source.format(""))
    for result in (flake8("--select=MM", ".", cwd=root), check("--isolated", ".", cwd=root)):
        assert [line.split(": ")[1].split()[0] for line in result.stdout.splitlines()] == ["MM201"]
        assert result.stdout.startswith("./test_x.py:6:5: MM201 ")
    (root / "test_x.py").write_text(source.format("  # noqa: MM201"))
    assert flake8("--select=MM", ".", cwd=root).stdout == "" == check("--isolated", ".", cwd=root).stdout


def test_audit_reads_tool_flake8_and_tool_flake8_mock_misuse(project):
    root = _suppressing_project(project())
    (root / "setup.cfg").unlink()
    for table in ('[tool.flake8]\nextend-ignore = ["MM203"]\n',
                  '[tool.flake8-mock-misuse]\nextend-ignore = ["MM203"]\n'):
        (root / "pyproject.toml").write_text(table)
        data = json.loads(run([CLI, "audit", "--format", "json", "tests"], cwd=root).stdout)
        assert "MM203" not in data["counts"]["findings_by_code"]
        assert {s["code"] for s in data["suppressed"] if s["by"] == "config"} == {"MM203"}


def test_docs_install_what_exists_today():
    """Not published yet: no bare `pip install flake8-mock-misuse` without saying so, no `<owner>` URLs."""
    import re

    for path in [REPO / "README.md", REPO / ".pre-commit-hooks.yaml", *sorted((REPO / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        assert "<owner>" not in text, path
        for match in re.finditer(r"pip install flake8-mock-misuse\b(?![-\w])", text):
            before = text[max(0, match.start() - 40):match.start()]
            assert "once released" in before or "once on PyPI" in before, (path, before)
