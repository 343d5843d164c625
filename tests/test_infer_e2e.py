"""The second tier through the real flake8: what installed packages say, read by astroid, never imported.

``tests/fixtures/inference/packages`` holds three small third-party packages (and stand-ins for requests and
SQLAlchemy laid out like them): ``pooled.PooledSession`` derives from ``requests.Session``,
``dbkit.open_session()`` returns an SQLAlchemy ``Session``, ``toolbox.Courier`` merely has a method called
``request``.  They are installed into a new virtualenv; the project's tests patch all three (the first also as
an attribute the project's class sets in ``__init__``, the second also as a fixture's value).  The first two
are reported, the third is not; without the packages installed the same project lints cleanly, and with
``--mock-misuse-infer=no`` the tier stays off.  astroid is imported only for a file that asks it something.
"""

from __future__ import annotations

import shutil
import site
import sysconfig
import venv
from pathlib import Path

import pytest

from helpers import FIXTURES, expectations, run

pytestmark = pytest.mark.slow

PACKAGES = FIXTURES / "inference" / "packages"
PROJECT = FIXTURES / "inference" / "project"
TEST_FILE = "tests/test_inferred.py"


def _env(where: Path, with_packages: bool) -> Path:
    """A new virtualenv that sees this checkout's flake8, astroid and plugin, with the packages installed."""
    env = where / ("with-packages" if with_packages else "bare")
    venv.EnvBuilder(with_pip=False, clear=True).create(env)
    purelib = _purelib(env, where)
    ours = [p for p in {sysconfig.get_paths()["purelib"], *site.getsitepackages()} if Path(p).is_dir()]
    (purelib / "_checkout_tools.pth").write_text("".join(f"import site; site.addsitedir({p!r})\n" for p in ours))
    if with_packages:
        for package in PACKAGES.iterdir():
            shutil.copytree(package, purelib / package.name)  # a pure-Python package, installed
    return env


def _purelib(env: Path, cwd: Path) -> Path:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return Path(run([str(env / "bin" / "python"), "-c", code], cwd=cwd).stdout.strip())


@pytest.fixture(scope="module")
def envs(tmp_path_factory) -> dict[str, Path]:
    where = tmp_path_factory.mktemp("infer")
    return {"with": _env(where, True), "bare": _env(where, False)}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    return root


def _flake8(env: Path, root: Path, *args: str):
    return run([str(env / "bin" / "python"), "-m", "flake8", "--isolated", "--select=MM1,MM9", *args, TEST_FILE],
               cwd=root)


def test_installed_hierarchies_and_return_values_are_reported(envs, project):
    result = _flake8(envs["with"], project)
    assert result.codes == expectations(project / TEST_FILE), result.stdout + result.stderr
    assert "resolved as requests.Session.get" in result.stdout
    assert "it makes the database session sqlalchemy.orm.Session()" in result.stdout
    assert "resolved as requests.Session()" in result.stdout  # Api.http = PooledSession() in the project
    assert "resolved as sqlalchemy.orm.Session().execute" in result.stdout  # a fixture's open_session()
    assert "Courier" not in result.stdout


def test_without_the_packages_nothing_is_reported_and_nothing_breaks(envs, project):
    result = _flake8(envs["bare"], project)
    assert result.returncode == 0 and result.stdout == "" and "Traceback" not in result.stderr


def test_the_tier_can_be_turned_off(envs, project):
    assert _flake8(envs["with"], project, "--mock-misuse-infer=no").stdout == ""
    bad = _flake8(envs["with"], project, "--mock-misuse-infer=maybe")
    assert bad.returncode == 2 and "--mock-misuse-infer" in bad.stderr


def test_astroid_is_imported_only_for_a_file_that_asks(envs, project):
    env = envs["with"]
    plain = project / "tests" / "test_plain.py"
    plain.write_text("from unittest import mock\n\n\n@mock.patch('time.sleep')\ndef test_wait(sleep):\n"
                     "    assert sleep.call_count == 0\n")
    quiet = run([str(env / "bin" / "python"), "-X", "importtime", "-m", "flake8", "--isolated", "--select=MM",
                 "tests/test_plain.py"], cwd=project)
    assert "Traceback" not in quiet.stderr and " astroid" not in quiet.stderr
    asks = run([str(env / "bin" / "python"), "-X", "importtime", "-m", "flake8", "--isolated", "--select=MM1",
                TEST_FILE], cwd=project)
    assert " astroid" in asks.stderr


def test_the_packages_are_read_not_imported(envs, project):
    """A package whose import would fail loudly is still read: astroid builds it from source."""
    env = envs["with"]
    purelib = _purelib(env, project)
    canary = purelib / "pooled" / "__init__.py"
    text = canary.read_text(encoding="utf-8")
    canary.write_text("raise SystemExit('pooled was imported')\n" + text, encoding="utf-8")
    try:
        result = _flake8(env, project)
        assert "pooled was imported" not in result.stdout + result.stderr
        assert result.codes == expectations(project / TEST_FILE), result.stdout + result.stderr
    finally:
        canary.write_text(text, encoding="utf-8")
