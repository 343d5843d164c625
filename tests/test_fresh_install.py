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


def test_installed_check_in_a_project_without_flake8_configuration(fresh_env, project):
    """The ruff-only path: no [flake8] anywhere, settings in pyproject.toml, `check` gives flake8's output."""
    root = project("shop")
    (root / "pyproject.toml").write_text('[tool.ruff.lint]\nexternal = ["MM"]\n\n'
                                         '[tool.flake8-mock-misuse]\nselect = ["MM1"]\n')
    checked = run([str(fresh_env / "bin" / "flake8-mock-misuse"), "check", "tests"], cwd=root)
    plain = run([str(fresh_env / "bin" / "flake8"), "--isolated", "--select=MM1", "tests"], cwd=root)
    assert checked.returncode == 1 and checked.stdout == plain.stdout and checked.findings
    sarif = run([str(fresh_env / "bin" / "flake8-mock-misuse"), "check", "--format", "sarif", "tests"], cwd=root)
    assert '"version": "2.1.0"' in sarif.stdout


def test_the_wheel_ships_its_type_information_and_metadata(fresh_env):
    site = next((fresh_env / "lib").glob("python3*/site-packages"))
    (dist_info,) = site.glob("flake8_mock_misuse-*.dist-info")
    metadata = (dist_info / "METADATA").read_text(encoding="utf-8")
    assert "License-Expression: MIT" in metadata or "License: MIT" in metadata
    assert "Classifier: Programming Language :: Python :: 3.10" in metadata
    assert (dist_info / "licenses" / "LICENSE").exists() or (dist_info / "LICENSE").exists()
    description = metadata.split("\n\n", 1)[1]
    assert "](docs/" not in description and "](../" not in description  # no links that only work in the repo
    assert "| measure |" not in description  # benchmark tables live in docs/, not on the package's page
    assert (site / "flake8_mock_misuse" / "py.typed").exists()
