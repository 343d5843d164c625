"""The audit's HTML report rendered by a real headless browser (Chromium from the system packages).

Skipped, with the reason, where no Chromium is installed (`apt-get install chromium` on Debian).  The page is also
checked without a browser in tests/test_audit_e2e.py::test_html_report_is_one_self_contained_file.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from helpers import CLI, REPO, run

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium installed (apt-get install chromium)")


def _browser(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BROWSER), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-extensions", *args], capture_output=True, text=True, timeout=120)


def test_the_browser_renders_the_report_offline(tmp_path):
    page = tmp_path / "report.html"
    result = run([CLI, "audit", "tests", "--format", "html", "--min-score", "70", "-o", str(page)],
                 cwd=REPO / "examples" / "bookstore")
    assert result.returncode == 1  # below the gate: the report is still written
    dom = _browser("--dump-dom", page.as_uri()).stdout
    assert "Test suite confidence" in dom and "Fails the gate" in dom and "<svg" in dom
    shot = tmp_path / "report.png"
    _browser(f"--screenshot={shot}", "--window-size=1200,2000", page.as_uri())
    assert shot.exists() and shot.stat().st_size > 20_000  # a drawn page, not a blank one
