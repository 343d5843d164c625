"""Fresh start: build the package, install it into a new virtualenv, and lint a project with it.

Nothing from this checkout is on the new environment's path; dependencies come from the
package index (pinned by requirements/dev.txt), as for a user.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from helpers import REPO, expectations, run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("fresh")
    dist = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
        check=True, capture_output=True, text=True,
    )
    (wheel,) = dist.glob("flake8_mock_misuse-*.whl")
    env = work / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env)
    py = env / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check",
         "-c", str(REPO / "requirements" / "dev.txt"), str(wheel)],
        check=True, capture_output=True, text=True,
    )
    return env


def test_installed_flake8_reports_on_a_project(fresh_env, project):
    root = project("shop")
    result = run([str(fresh_env / "bin" / "flake8"), "--isolated", "--select=MM1", "tests"], cwd=root)
    found = {(p, line, col, code) for p, line, col, code in result.findings}
    expected = {
        (path.relative_to(root).as_posix(), line, col, code)
        for path in [*root.rglob("test_*.py"), *root.rglob("conftest.py")]
        for line, col, code in expectations(path) if code.startswith("MM1")
    }
    assert found == expected and expected


def test_installed_console_script(fresh_env):
    result = run([str(fresh_env / "bin" / "flake8-mock-misuse"), "explain", "MM101"], cwd=fresh_env)
    assert result.returncode == 0 and "## Why is this bad?" in result.stdout


def test_installed_from_wheel_not_from_checkout(fresh_env):
    code = "import flake8_mock_misuse, sys; print(flake8_mock_misuse.__file__)"
    where = run([str(fresh_env / "bin" / "python"), "-c", code], cwd=fresh_env).stdout.strip()
    assert where.startswith(str(fresh_env)) and str(REPO / "src") not in where
