"""A baseline through the real executables: written by ``check --write-baseline``, read by ``check --baseline`` and
by the flake8 plugin; keyed by file, test and code, so that editing above a baselined test does not bring it back."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import CLI, flake8, run

LEGACY = '''\
from unittest import mock

import requests


@mock.patch("requests.get")
def test_prices(get):
    get.return_value.json.return_value = {"a": 1}
    assert requests.get("https://x").json() is not None


class TestOrders:
    def test_create(self):
        with mock.patch("requests.post"):
            requests.post("https://x")
        assert True
'''

NEW_TEST = '''

@mock.patch("requests.delete")
def test_new_code(delete):
    requests.delete("https://x")
    assert delete.called
'''


def check(*args: str, cwd: Path):
    return run([CLI, "check", "--isolated", *args], cwd=cwd)


def _legacy(root: Path) -> Path:
    (root / "tests").mkdir()
    (root / "tests" / "test_legacy.py").write_text(LEGACY)
    return root / "tests" / "test_legacy.py"


def test_write_then_only_new_findings_survive_edits_above(project):
    root = project()
    test_file = _legacy(root)
    before = check("tests", cwd=root)
    assert before.returncode == 1 and len(before.stdout.splitlines()) == 4

    written = check("--write-baseline", "mm-baseline.json", "tests", cwd=root)
    assert written.returncode == 0 and written.stdout == "" and "recorded 4 finding(s)" in written.stderr
    data = json.loads((root / "mm-baseline.json").read_text())
    assert {(f["file"], f["test"], f["code"]) for f in data["findings"]} == {
        ("tests/test_legacy.py", "test_prices", "MM101"), ("tests/test_legacy.py", "test_prices", "MM201"),
        ("tests/test_legacy.py", "TestOrders.test_create", "MM101"),
        ("tests/test_legacy.py", "TestOrders.test_create", "MM201")}
    assert all("line" not in f for f in data["findings"])

    quiet = check("--baseline", "mm-baseline.json", "tests", cwd=root)
    assert quiet.returncode == 0 and quiet.stdout == "" and "4 known finding(s)" in quiet.stderr

    # edit above the baselined tests: every line moves down; nothing comes back
    test_file.write_text('"""Legacy tests."""\nimport os\n\n\nHOME = os.environ.get("HOME")\n' + LEGACY + NEW_TEST)
    after = check("--baseline", "mm-baseline.json", "tests", cwd=root)
    assert after.returncode == 1
    assert [line.split(":")[1:2] + [line.split()[1]] for line in after.stdout.splitlines()] == [
        ["24", "MM101"], ["27", "MM203"]]  # only the new test's findings

    # the plugin inside flake8 reads the same baseline (option, or setup.cfg)
    plugin = flake8("--select=MM", "--mock-misuse-baseline=mm-baseline.json", "tests", cwd=root)
    assert plugin.stdout == after.stdout
    (root / "setup.cfg").write_text("[flake8]\nmock-misuse-baseline = mm-baseline.json\n")
    assert flake8("--select=MM", "tests", cwd=root, isolated=False).stdout == after.stdout


def test_a_second_finding_of_a_known_kind_in_the_same_test_is_new(project):
    root = project()
    test_file = _legacy(root)
    check("--write-baseline", "b.json", "tests", cwd=root)
    test_file.write_text(LEGACY.replace('    with mock.patch("requests.post"):',
                                        '    with mock.patch("requests.put"), mock.patch("requests.post"):'))
    again = check("--baseline", "b.json", "tests", cwd=root)
    assert again.returncode == 1 and len(again.stdout.splitlines()) == 1 and " MM101 " in again.stdout


def test_fixed_findings_are_counted_and_bad_baselines_are_errors(project):
    root = project()
    test_file = _legacy(root)
    check("--write-baseline", "b.json", "tests", cwd=root)
    test_file.write_text(LEGACY.replace("assert True", "assert requests.post.call_count == 0"))
    result = check("--baseline", "b.json", "tests", cwd=root)
    assert "1 recorded one(s) are gone" in result.stderr
    for content in ("not json", '{"version": 99, "findings": []}'):
        (root / "bad.json").write_text(content)
        assert check("--baseline", "bad.json", "tests", cwd=root).returncode == 2
        bad = flake8("--select=MM", "--mock-misuse-baseline=bad.json", "tests", cwd=root)
        assert bad.returncode == 2 and "baseline" in bad.stderr
    missing = check("--baseline", "nowhere.json", "tests", cwd=root)
    assert missing.returncode == 2 and "no such baseline file" in missing.stderr
