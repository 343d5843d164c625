"""The suite audit through the installed console script: the seed story's numbers, formats, exit statuses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import CLI, REPO, flake8, run

EXAMPLE = REPO / "examples" / "bookstore"


def audit(*args: str, cwd: Path = EXAMPLE):
    return run([CLI, "audit", *args], cwd=cwd)


def test_lying_suite_scores_10():
    result = audit("tests")
    assert result.returncode == 0
    assert "Confidence score: 10/100" in result.stdout
    for deduction in ("-30  no smoke test", "-20  no fresh-start test", "-15  mocked integration points",
                      "-25  no end-to-end test"):
        assert deduction in result.stdout
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_after_smoke_fresh_start_and_journeys_it_scores_85():
    data = json.loads(audit("tests", "verified", "--format", "json").stdout)
    assert data["score"] == 85
    assert [d["id"] for d in data["deductions"]] == ["mocked-integration-points"]
    assert data["deductions"][0]["examples"][0] == "tests/test_app.py:14"
    assert "verified/test_smoke.py:9" in data["recognised"]["smoke"]
    assert "verified/test_fresh_start.py:11" in data["recognised"]["fresh_start"]
    assert len(data["recognised"]["end_to_end"]) == 5
    assert data["counts"]["files"] == 10 and data["counts"]["tests"] == 25
    assert data["counts"]["findings_by_family"]["MM1xx"] == 14  # fault injection on urlopen counts since issue 15


def test_json_schema_is_versioned():
    data = json.loads(audit("tests", "--format", "json").stdout)
    assert data["schema_version"] == 1
    assert set(data) == {"schema_version", "tool", "score", "min_score", "passed", "deductions", "counts",
                         "recognised", "skipped_files", "findings", "suppressed", "project", "refused", "picture"}
    finding = data["findings"][0]
    assert set(finding) == {"path", "line", "column", "code", "message"}


def test_sarif_for_code_scanning():
    doc = json.loads(audit("tests", "--format", "sarif").stdout)
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    (run_,) = doc["runs"]
    assert run_["tool"]["driver"]["name"] == "flake8-mock-misuse"
    rule_ids = {r["id"] for r in run_["tool"]["driver"]["rules"]}
    assert {"MM101", "MM102", "MM111"} <= rule_ids
    result = run_["results"][0]
    assert result["ruleId"] in rule_ids and result["level"] == "warning"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] >= 1 and region["startColumn"] >= 1
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("tests/")
    assert run_["properties"]["confidenceScore"] == 10


def test_markdown():
    out = audit("tests", "--format", "markdown").stdout
    assert out.startswith("## Test suite confidence: 10/100")
    assert "| -30 |" in out


def test_min_score_gates_ci():
    assert audit("tests", "--min-score", "50").returncode == 1
    assert audit("tests", "verified", "--min-score", "50").returncode == 0


def test_parallel_output_is_identical():
    one = audit("tests", "verified", "--format", "json", "-j", "1").stdout
    two = audit("tests", "verified", "--format", "json", "-j", "2").stdout
    assert one == two


def test_output_file(tmp_path):
    out = tmp_path / "report.sarif"
    assert audit("tests", "--format", "sarif", "-o", str(out)).stdout == ""
    assert json.loads(out.read_text())["version"] == "2.1.0"


def test_output_to_standard_output_or_an_unwritable_place(tmp_path):
    to_stdout = audit("tests", "--format", "json", "-o", "-", "-q")
    assert to_stdout.returncode == 0 and json.loads(to_stdout.stdout)["score"] is not None
    assert not (EXAMPLE / "-").exists()
    nowhere = audit("tests", "-q", "-o", str(tmp_path / "missing" / "dir" / "x.json"))
    assert nowhere.returncode == 2 and "Traceback" not in nowhere.stderr
    assert "cannot write" in nowhere.stderr and nowhere.stdout == ""


def test_bad_inputs_have_clear_messages(tmp_path):
    missing = audit("no/such/folder", cwd=tmp_path)
    assert missing.returncode == 2 and "no/such/folder: no such file or folder" in missing.stderr
    (tmp_path / "empty").mkdir()
    empty = audit("empty", cwd=tmp_path)
    assert empty.returncode == 3 and "no test files" in empty.stderr
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_broken.py").write_text("def test_x(:\n")
    (tmp_path / "tests" / "helpers_only.py").write_text("X = 1\n")
    broken = audit("tests", cwd=tmp_path)
    assert broken.returncode == 3 and "no tests found" in broken.stderr
    (tmp_path / "tests" / "test_ok.py").write_text("def test_ok():\n    assert 1 + 1 == 2\n")
    mixed = audit("tests", "--format", "json", cwd=tmp_path)
    data = json.loads(mixed.stdout)
    assert mixed.returncode == 0 and data["skipped_files"][0]["path"] == "tests/test_broken.py"
    assert audit("tests", "--min-score", "101", cwd=tmp_path).returncode == 2


def test_default_path_is_the_projects_tests(tmp_path):
    (tmp_path / "tests").mkdir()
    test = "def test_a(client):\n    assert client.get('/').status_code == 200\n"
    (tmp_path / "tests" / "test_a.py").write_text(test)
    result = audit(cwd=tmp_path)
    assert "audit of " in result.stdout and "1 test file, 1 test" in result.stdout


@pytest.mark.parametrize(
    ("settings", "status", "expected"),
    [
        ("[tool.flake8-mock-misuse]\nmin-score = 90\n", 1, "Confidence score: 10/100"),
        ("[tool.flake8-mock-misuse.weights]\nno-smoke = 0\nno-fresh-start = 0\n", 0, "Confidence score: 60/100"),
        ("[tool.flake8-mock-misuse.weights]\nno-such-gap = 3\n", 2, ""),
    ],
)
def test_pyproject_settings(tmp_path, settings, status, expected):
    root = _copy_example(tmp_path)
    (root / "pyproject.toml").write_text(settings)
    result = audit("tests", cwd=root)
    assert result.returncode == status
    assert expected in result.stdout
    if status == 2:
        assert "unknown weight 'no-such-gap'" in result.stderr


def test_flake8_options_from_setup_cfg(tmp_path):
    root = _copy_example(tmp_path)
    before = json.loads(audit("tests", "--format", "json", cwd=root).stdout)
    assert before["counts"]["findings_by_code"]["MM101"] == 6
    (root / "setup.cfg").write_text("[flake8]\nmock-misuse-allowed-targets = bookstore.payments.*\n")
    after = json.loads(audit("tests", "--format", "json", cwd=root).stdout)
    assert "MM101" not in after["counts"]["findings_by_code"]


def test_flake8_config_found_as_flake8_finds_it(tmp_path):
    """The first of setup.cfg, tox.ini, .flake8 with a [flake8] section, from the folder up; underscores too."""
    root = _copy_example(tmp_path)
    (root / "setup.cfg").write_text("[metadata]\nname = bookstore\n")  # no [flake8]: not flake8's file
    (root / "tox.ini").write_text("[flake8]\nmock_misuse_allowed_targets = bookstore.payments.*\n")
    (root / ".flake8").write_text("[flake8]\nmock-misuse-allowed-targets = nothing.*\n")  # never read
    found = json.loads(audit("tests", "--format", "json", cwd=root).stdout)
    assert "MM101" not in found["counts"]["findings_by_code"]
    sub = root / "tests"
    from_below = json.loads(audit(".", "--format", "json", cwd=sub).stdout)  # found walking up from tests/
    assert "MM101" not in from_below["counts"]["findings_by_code"]


def test_a_bad_option_value_is_exit_2_as_in_flake8(tmp_path):
    root = _copy_example(tmp_path)
    (root / ".flake8").write_text("[flake8]\nmock-misuse-http-modules = not-a-module!\n")
    result = audit("tests", cwd=root)
    assert result.returncode == 2 and "not a module name" in result.stderr and "Traceback" not in result.stderr
    assert flake8("--select=MM", "tests", cwd=root, isolated=False).returncode == 2  # flake8 agrees


def test_suppressions_are_honoured_counted_apart_and_kept_in_sarif(tmp_path):
    """``# noqa``, extend-ignore and per-file-ignores switch findings off in the audit as in flake8: they do not
    count towards the score, JSON counts them apart, SARIF keeps them with ``suppressions``."""
    root = _copy_example(tmp_path)
    db_tests = root / "tests" / "test_db.py"
    db_tests.write_text(db_tests.read_text().replace('@patch("bookstore.db.sqlite3.connect")',
                                                     '@patch("bookstore.db.sqlite3.connect")  # noqa: MM111'))
    (root / "setup.cfg").write_text("[flake8]\nextend-ignore = MM201\nper-file-ignores =\n"
                                    "    tests/test_payments.py: MM1\n")
    data = json.loads(audit("tests", "--format", "json", cwd=root).stdout)
    by = {(s["path"], s["code"], s["by"]) for s in data["suppressed"]}
    assert ("tests/test_db.py", "MM111", "noqa") in by
    assert ("tests/test_payments.py", "MM101", "config") in by
    assert any(code == "MM201" for _p, code, _by in by)
    assert data["counts"]["suppressed"] == len(data["suppressed"])
    assert not {(f["path"], f["code"]) for f in data["findings"]} & {(p, c) for p, c, _ in by if c != "MM111"}
    assert "MM201" not in data["counts"]["findings_by_code"]
    plain = flake8("--select=MM", "tests", cwd=root, isolated=False)
    assert len(plain.stdout.splitlines()) == len(data["findings"])  # the same findings as flake8 reports
    doc = json.loads(audit("tests", "--format", "sarif", cwd=root).stdout)
    results = doc["runs"][0]["results"]
    kinds = [s["kind"] for r in results for s in r.get("suppressions", [])]
    assert kinds.count("inSource") == 1 and kinds.count("external") == data["counts"]["suppressed"] - 1
    text = audit("tests", cwd=root).stdout
    assert f"Suppressed (# noqa, ignore settings): {data['counts']['suppressed']}, not counted" in text


def _copy_example(tmp_path: Path) -> Path:
    root = tmp_path / "bookstore"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3", "pyproject.toml"))
    return root


def _strip_assertions(path: Path) -> None:
    import re

    text = re.sub(r"^(\s*)assert .*$", r"\1pass", path.read_text(encoding="utf-8"), flags=re.M)
    path.write_text(text.replace('raise AssertionError("the server accepted a request without an Authorization '
                                 'header")', "pass"), encoding="utf-8")


def test_a_recognised_test_must_check_what_it_got(tmp_path):
    """Issue 20: credit for smoke, fresh-start and end-to-end tests only when the test checks the answer."""
    root = _copy_example(tmp_path)
    _strip_assertions(root / "verified" / "test_journeys.py")
    data = json.loads(audit("tests", "verified", "--format", "json", cwd=root).stdout)
    refused = {(r["test"], r["as"]) for r in data["refused"]}
    assert ("verified/test_journeys.py:26", "end-to-end") in refused
    assert all("checks nothing it got" in r["why"] for r in data["refused"])
    # the smoke and fresh-start tests walk a journey of their own (login, order) and check it: they keep the credit
    assert data["score"] == 85 and "verified/test_journeys.py:26" not in data["recognised"]["end_to_end"]
    for name in ("test_smoke.py", "test_fresh_start.py"):
        _strip_assertions(root / "verified" / name)
    stripped = audit("tests", "verified", cwd=root)
    assert "Confidence score: 10/100" in stripped.stdout  # every credit gone: -30 -20 -15 -25
    assert "Refused (" in stripped.stdout and "checks nothing it got" in stripped.stdout


IN_PROCESS_APP = '''\
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", 8000), Handler).serve_forever()
'''

IN_PROCESS_TEST = '''\
import threading
import urllib.request
from http.server import ThreadingHTTPServer

import pytest

from app import Handler


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_health(server):
    with urllib.request.urlopen(f"{server}/health") as reply:
        assert reply.status == 200
'''


def test_a_server_in_a_thread_is_a_smoke_test_not_a_fresh_start(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "app.py").write_text(IN_PROCESS_APP)
    (tmp_path / "tests" / "test_server.py").write_text(IN_PROCESS_TEST)
    data = json.loads(audit("tests", "--format", "json", cwd=tmp_path).stdout)
    assert data["recognised"]["smoke"] == ["tests/test_server.py:19"]
    assert data["recognised"]["fresh_start"] == []
    assert data["project"]["kind"] == "application" and "app.py" in data["project"]["evidence"]
    assert [d["id"] for d in data["deductions"]] == ["no-fresh-start"]


def test_a_library_is_told_the_server_criteria_do_not_apply(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "slugs.py").write_text("def slug(text):\n    return text.lower().replace(' ', '-')\n")
    (tmp_path / "tests" / "test_slugs.py").write_text(
        "from slugs import slug\n\n\ndef test_slug():\n    assert slug('A b') == 'a-b'\n")
    data = json.loads(audit("tests", "--format", "json", cwd=tmp_path).stdout)
    assert data["project"]["kind"] == "library" and data["project"]["not_applicable"] == ["no-smoke", "no-fresh-start"]
    assert data["score"] == 75 and data["project"]["score_as_application"] == 25  # only no-end-to-end applies
    text = audit("tests", cwd=tmp_path).stdout
    assert "a library" in text and "as an application it would score 25/100" in text
    (tmp_path / "pyproject.toml").write_text('[tool.flake8-mock-misuse]\nkind = "application"\n')
    assert json.loads(audit("tests", "--format", "json", cwd=tmp_path).stdout)["score"] == 25
    assert json.loads(audit("tests", "--kind", "library", "--format", "json", cwd=tmp_path).stdout)["score"] == 75
    (tmp_path / "pyproject.toml").write_text('[tool.flake8-mock-misuse]\nkind = "service"\n')
    assert audit("tests", cwd=tmp_path).returncode == 2


def test_a_mixin_based_drf_suite_counts_all_its_tests(project):
    root = project("drfmixins")
    data = json.loads(audit("tests", "--format", "json", cwd=root).stdout)
    assert data["counts"]["tests"] == 4 and data["counts"]["test_files"] == 1 and data["counts"]["files"] == 4
    assert len(data["recognised"]["end_to_end"]) == 4
    assert "no-end-to-end" not in [d["id"] for d in data["deductions"]]
    assert "1 test file, 4 tests" in audit("tests", cwd=root).stdout  # settings, mixins and __init__ not counted


def test_the_assertion_and_isolation_picture_beside_the_score():
    data = json.loads(audit("tests", "--format", "json").stdout)
    weak = data["picture"]["weak_or_no_checks"]
    assert weak["tests"] == 8 and weak["share"] == 0.4 and weak["worst_files"][0][1] == 2
    assert data["picture"]["shared_state"]["tests"] == 0
    text = audit("tests").stdout
    assert "Assertions:   8 of 20 tests (40%)" in text and "Shared state: 0 of 20 tests" in text
    assert "+9 more" in text  # the MM1xx examples beyond the first five
    md = audit("tests", "--format", "markdown", "--min-score", "70").stdout
    assert "Score 10 is below the minimum of 70." in md and "| weak or no checks (MM201-MM203) | 8 | 40% |" in md


def test_html_report_is_one_self_contained_file(tmp_path):
    import re

    out = tmp_path / "report.html"
    assert audit("tests", "--format", "html", "-o", str(out)).returncode == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "10<small>/100</small>" in page
    assert "<script" not in page and "<link" not in page and " src=" not in page and "url(" not in page
    assert all(href.startswith("#") for href in re.findall(r'href="([^"]*)"', page))  # every link is on the page
    anchors = set(re.findall(r'id="(MM\d{3})"', page))
    assert anchors and all(code in anchors for code in re.findall(r'href="#(MM\d{3})"', page))
    assert "tests/test_payments.py" in page and "test_charge_is_approved" in page


@pytest.mark.slow
@pytest.mark.parametrize(("name", "smoke"), [("httpx", True), ("flask", False)])
def test_libraries_get_an_honest_verdict(name, smoke):
    """httpx runs a real uvicorn server in a thread and sends it real HTTP (smoke tests); neither it nor flask has
    a server of its own to start, so the server criteria are shown as not applicable, with the other score beside.
    The sdists are the pinned ones of bench/corpora.py (fetched from the index by checksum, nothing built)."""
    import sys

    sys.path.insert(0, str(REPO / "bench"))
    from corpora import fetch

    try:
        root = fetch(name)
    except (OSError, SystemExit) as exc:
        pytest.skip(f"cannot fetch the {name} sdist from the package index: {exc}")
    data = json.loads(audit("tests", "--format", "json", "-q", cwd=root).stdout)
    assert data["project"]["kind"] == "library"
    assert data["project"]["not_applicable"] == ["no-smoke", "no-fresh-start"]
    assert bool(data["recognised"]["smoke"]) is smoke
    assert data["score"] >= data["project"]["score_as_application"]
    assert not {d["id"] for d in data["deductions"]} & {"no-smoke", "no-fresh-start"}
    assert "start the app with subprocess" not in audit("tests", "-q", cwd=root).stdout
