"""Helpers shared by the end-to-end tests: run the real flake8 and console script in a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FIXTURES = HERE / "fixtures"
BIN = Path(sys.executable).parent
FLAKE8 = str(BIN / "flake8")
CLI = str(BIN / "flake8-mock-misuse")

_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) (?P<msg>.*)$")
_EXPECT = re.compile(r"expect: (?P<code>MM\d{3})(?: col=(?P<col>\d+))?")


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str

    @property
    def findings(self) -> list[tuple[str, int, int, str]]:
        """(path, line, col, code) of every reported line, in output order."""
        out = []
        for line in self.stdout.splitlines():
            m = _LINE.match(line)
            if m:
                out.append((m["path"], int(m["line"]), int(m["col"]), m["code"]))
        return out

    @property
    def codes(self) -> set[tuple[int, int, str]]:
        return {(line, col, code) for _p, line, col, code in self.findings}


def run(cmd: list[str], cwd: Path | str, stdin: str | None = None, env: dict | None = None,
        timeout: float = 300) -> Result:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("MM_DEBUG", None)
    proc = subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, text=True, env=full_env,
                          timeout=timeout)
    assert "Traceback" not in proc.stderr, proc.stderr
    return Result(proc.returncode, proc.stdout, proc.stderr)


def flake8(*args: str, cwd: Path | str, stdin: str | None = None, isolated: bool = True) -> Result:
    """The real flake8 executable.  ``isolated`` ignores config files the test did not write."""
    extra = ["--isolated"] if isolated else []
    return run([FLAKE8, *extra, *args], cwd=cwd, stdin=stdin)


def expectations(path: Path) -> set[tuple[int, int, str]]:
    """``# expect: MM101 col=5`` markers of a fixture: (line, col, code)."""
    out = set()
    for lineno, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for m in _EXPECT.finditer(text):
            out.add((lineno, int(m["col"] or 1), m["code"]))
    return out


# Two small tests, one patching requests.get (MM101) and one checking only existence (MM201): a suite to
# audit or check where what is measured is how the command ends, not what it finds.
SUITE_TEST = """from unittest import mock

import requests


def test_fetch_{i}():
    with mock.patch("requests.get") as get:
        get.return_value.json.return_value = {{"n": {i}}}
        assert requests.get("http://x").json()["n"] == {i}


def test_nothing_{i}():
    assert requests is not None
"""
