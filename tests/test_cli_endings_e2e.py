"""How our own commands end when a run is cut short or its surroundings are odd: Ctrl-C, SIGTERM, a closed pipe,
a terminal that cannot show a file's name, odd settings (named pipes among the tests: test_pathological.py).

Each is a one-line message and an exit status of its own (130, 143, 141; see processes.py), never a traceback,
never the failed-gate status 1, and no worker process left behind. The real console script runs in a child.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import CLI, SUITE_TEST, run


def _suite(root: Path, files: int, repeat: int = 1) -> None:
    (root / "pyproject.toml").write_text("")
    (root / "tests").mkdir()
    for i in range(files):
        text = "".join(SUITE_TEST.format(i=f"{i}_{k}") for k in range(repeat))
        (root / "tests" / f"test_{i:04d}.py").write_text(text)


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in found]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and sends POSIX signals")
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
@pytest.mark.parametrize("command", ["audit", "check"])
def test_a_run_cut_short_stops_its_workers_and_says_so(tmp_path: Path, how: str, command: str):
    """Ctrl-C reaches every process of the terminal's group; SIGTERM (a CI runner's timeout) only the main one.
    Before: a KeyboardInterrupt traceback from each process, and after SIGTERM the workers kept running."""
    _suite(tmp_path, 300, repeat=20)
    args = ["audit", "-q", "-j2", "tests"] if command == "audit" else ["check", "-j2", "tests"]
    proc = subprocess.Popen([CLI, *args], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        workers = _children(proc.pid)
    assert len(workers) >= 2, "the workers never started"
    time.sleep(0.5)  # well inside the work
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    stderr = err.decode()
    assert proc.returncode == (130 if how == "ctrl-c" else 143), stderr[-2000:]
    assert "Traceback" not in stderr and stderr.strip().splitlines()[-1] == (
        "flake8-mock-misuse: interrupted" if how == "ctrl-c" else "flake8-mock-misuse: terminated")
    time.sleep(0.5)
    assert not [w for w in workers if _alive(w)]


@pytest.mark.parametrize("command", ["audit", "check"])
def test_a_closed_output_is_no_traceback(tmp_path: Path, command: str):
    """``audit | true``: the reader is gone before the report is written. Before: BrokenPipeError."""
    _suite(tmp_path, 20)
    args = ["audit", "-q", "--format", "json", "tests"] if command == "audit" else ["check", "-j1", "tests"]
    reader, writer = os.pipe()
    os.close(reader)
    proc = subprocess.Popen([CLI, *args], cwd=tmp_path, stdout=writer, stderr=subprocess.PIPE)
    os.close(writer)
    _out, err = proc.communicate(timeout=120)
    stderr = err.decode()
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    assert proc.returncode == 141, stderr
    assert stderr.strip().splitlines()[-1].endswith("(broken pipe)")


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_a_terminal_that_cannot_show_a_name(tmp_path: Path, fmt: str):
    """A test file named ``test_ünï.py`` reported to an ASCII terminal: before, UnicodeEncodeError."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_ünï.py").write_text(SUITE_TEST.format(i="é"), encoding="utf-8")
    result = run([CLI, "audit", "-q", "--format", fmt], cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0, result.stderr
    assert "test_\\xfcn\\xef.py" in result.stdout or "test_\\u00fcn\\u00ef.py" in result.stdout
    checked = run([CLI, "check", "tests"], cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert checked.returncode == 1 and "tests/test_\\xfcn\\xef.py:7:10: MM101" in checked.stdout


@pytest.mark.parametrize(("toml", "status", "said"), [
    ('tool = "x"\n', 0, None),  # no table of ours: nothing to read (it was AttributeError)
    ("[tool]\nflake8-mock-misuse = 5\n", 2, "[tool.flake8-mock-misuse] must be a table"),
    ("[tool.flake8-mock-misuse]\nweights = 5\n", 2, "weights: must be a table of weights"),
    ('[tool.flake8-mock-misuse.weights]\nno-smoke = "x"\n', 2, "weight 'no-smoke' must be a whole number"),
    ("[tool.flake8-mock-misuse]\nmax-module-bytes = -1\n", 2, "max-module-bytes: expected a number of bytes"),
])
def test_settings_of_the_wrong_type(tmp_path: Path, toml: str, status: int, said: str | None):
    _suite(tmp_path, 1)
    (tmp_path / "pyproject.toml").write_text(toml)
    result = run([CLI, "audit", "-q", "tests"], cwd=tmp_path)
    assert result.returncode == status, result.stderr
    if said:
        assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1
