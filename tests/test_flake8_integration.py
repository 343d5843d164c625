"""What flake8 users expect of a plugin, through the real flake8 executable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES, flake8

BAD = """\
from unittest.mock import patch


@patch("requests.post")
def test_charge(post):
    assert charge(1) == "ok"


def test_db():
    with patch("psycopg2.connect"):  {noqa}
        assert save(1) == 1
"""


def _write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    _write(tmp_path, "tests/test_bad.py", BAD.format(noqa=""))
    return tmp_path


def test_plugin_is_registered(proj):
    result = flake8("--version", cwd=proj)
    assert "flake8-mock-misuse" in result.stdout


def test_findings_with_exact_positions(proj):
    result = flake8("--select=MM", "tests", cwd=proj)
    assert result.findings == [
        ("tests/test_bad.py", 4, 2, "MM101"),
        ("tests/test_bad.py", 10, 10, "MM111"),
    ]
    assert result.returncode == 1


@pytest.mark.parametrize("comment", ["# noqa", "# noqa: MM111", "# noqa: MM101,MM111", "# noqa:MM111"])
def test_noqa_silences_the_line(tmp_path, comment):
    _write(tmp_path, "tests/test_bad.py", BAD.format(noqa=comment))
    assert flake8("--select=MM", "tests", cwd=tmp_path).codes == {(4, 2, "MM101")}


def test_noqa_for_another_code_does_not_silence(tmp_path):
    _write(tmp_path, "tests/test_bad.py", BAD.format(noqa="# noqa: MM101"))
    assert flake8("--select=MM", "tests", cwd=tmp_path).codes == {(4, 2, "MM101"), (10, 10, "MM111")}


def test_select_and_ignore(proj):
    assert flake8("--select=MM101", "tests", cwd=proj).codes == {(4, 2, "MM101")}
    assert flake8("--select=MM", "--extend-ignore=MM111", "tests", cwd=proj).codes == {(4, 2, "MM101")}
    assert flake8("--select=E", "--extend-select=MM111", "tests", cwd=proj).codes == {(10, 10, "MM111")}


def test_per_file_ignores(proj):
    result = flake8("--select=MM", "--per-file-ignores=tests/test_bad.py:MM101", "tests", cwd=proj)
    assert result.codes == {(10, 10, "MM111")}


@pytest.mark.parametrize("config_file", ["setup.cfg", "tox.ini", ".flake8"])
def test_options_from_config_files(proj, config_file):
    _write(proj, config_file, "[flake8]\nselect = MM\nmock-misuse-allowed-targets = requests.*\n")
    result = flake8("tests", cwd=proj, isolated=False)
    assert result.codes == {(10, 10, "MM111")}


def test_extend_options_from_config(proj):
    _write(proj, "tests/test_extra.py", (
        "from unittest.mock import patch\n\n\n"
        "def test_x():\n    with patch('pycurl.Curl'):\n        assert fetch() == 1\n"
    ))
    _write(proj, "setup.cfg", "[flake8]\nselect = MM\nmock-misuse-extend-http-modules = pycurl\n")
    result = flake8("tests/test_extra.py", cwd=proj, isolated=False)
    assert result.codes == {(5, 10, "MM101")}


def test_replacing_a_module_list(proj):
    result = flake8("--select=MM", "--mock-misuse-db-modules=redis", "tests", cwd=proj)
    assert result.codes == {(4, 2, "MM101")}


def test_test_file_patterns_are_configurable(tmp_path):
    _write(tmp_path, "checks/check_bad.py", BAD.format(noqa=""))
    assert flake8("--select=MM", "checks", cwd=tmp_path).stdout == ""
    result = flake8("--select=MM", "--mock-misuse-test-files=check_*.py", "checks", cwd=tmp_path)
    assert {c for _l, _c, c in result.codes} == {"MM101", "MM111"}


@pytest.mark.parametrize("name", ["app/billing.py", "src/app/models.py", "setup.py", "app/testing.py"])
def test_non_test_files_are_left_alone(tmp_path, name):
    _write(tmp_path, name, BAD.format(noqa=""))
    assert flake8("--select=MM", name, cwd=tmp_path).stdout == ""


@pytest.mark.parametrize("name", ["test_x.py", "x_test.py", "tests.py", "conftest.py", "tests/helpers.py",
                                  "test/x.py", "pkg/tests/deep/util.py"])
def test_test_files_are_analysed(tmp_path, name):
    _write(tmp_path, name, BAD.format(noqa=""))
    assert {c for _l, _c, c in flake8("--select=MM", name, cwd=tmp_path).codes} == {"MM101", "MM111"}


def test_bad_option_value_is_a_clear_error(proj):
    result = flake8("--select=MM", "--mock-misuse-db-modules=redis,bad-name", "tests", cwd=proj)
    assert result.returncode == 2
    assert "--mock-misuse-db-modules" in result.stderr and "bad-name" in result.stderr


def test_bad_option_value_in_config_is_a_clear_error(proj):
    _write(proj, ".flake8", "[flake8]\nmock-misuse-http-modules = requests, not/a/module\n")
    result = flake8("tests", cwd=proj, isolated=False)
    assert result.returncode == 2 and "not/a/module" in result.stderr


def test_stdin_follows_the_display_name(proj):
    source = (proj / "tests/test_bad.py").read_text()
    on_disk = flake8("--select=MM", "tests/test_bad.py", cwd=proj)
    via_stdin = flake8("--select=MM", "--stdin-display-name", "tests/test_bad.py", "-", cwd=proj, stdin=source)
    assert via_stdin.stdout == on_disk.stdout != ""
    as_app = flake8("--select=MM", "--stdin-display-name", "app/billing.py", "-", cwd=proj, stdin=source)
    assert as_app.stdout == ""
    unnamed = flake8("--select=MM", "-", cwd=proj, stdin=source)
    assert unnamed.stdout == ""


def test_parallel_output_is_identical(tmp_path):
    for i, fixture in enumerate(sorted((FIXTURES / "rules").glob("*.py")) * 4):
        shutil.copy(fixture, _write(tmp_path, f"tests/test_{i:02d}_{fixture.stem}.py", ""))
    one = flake8("--select=MM", "-j1", "tests", cwd=tmp_path)
    two = flake8("--select=MM", "-j2", "tests", cwd=tmp_path)
    assert one.stdout and one.stdout == two.stdout


def test_output_options(proj):
    assert flake8("--select=MM", "--count", "tests", cwd=proj).stdout.strip().endswith("2")
    stats = flake8("--select=MM", "--statistics", "tests", cwd=proj).stdout
    assert "1     MM101" in stats and "1     MM111" in stats
    pylint = flake8("--select=MM", "--format=pylint", "tests", cwd=proj).stdout
    assert pylint.startswith("tests/test_bad.py:4: [MM101]")
    source = flake8("--select=MM", "--show-source", "tests", cwd=proj).stdout
    assert '@patch("requests.post")' in source and " ^" in source
    out = proj / "report.txt"
    flake8("--select=MM", f"--output-file={out}", "tests", cwd=proj)
    assert out.read_text().count("MM1") == 2


_GC_STATE = r'''
import gc, json, os, sys
from flake8.main import cli
enabled = sys.argv[1] == "on"
(gc.enable if enabled else gc.disable)()
gc.set_threshold(1234, 11, 12)
code = cli.main(["--isolated", "--select=MM", "-j1", "tests"])
print(json.dumps({"exit": code, "enabled": gc.isenabled(), "threshold": gc.get_threshold(),
                  "frozen": gc.get_freeze_count()}))
'''


@pytest.mark.parametrize("collector", ["on", "off"])
@pytest.mark.parametrize("failing", [False, True])
def test_flake8s_garbage_collector_is_left_as_it_was(proj, collector, failing):
    # The analysis pauses the collector while it reads a file (issue 21); flake8's own state must come back exactly,
    # also when the analysis fails (MM_DEBUG_FAIL: every file fails on purpose and gets MM901).
    import json
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "MM_DEBUG_FAIL"}
    if failing:
        env["MM_DEBUG_FAIL"] = "1"
    out = subprocess.run([sys.executable, "-c", _GC_STATE, collector], cwd=proj, env=env, capture_output=True,
                         text=True, timeout=120)
    state = json.loads(out.stdout.splitlines()[-1])
    assert state == {"exit": 1, "enabled": collector == "on", "threshold": [1234, 11, 12], "frozen": 0}, out
