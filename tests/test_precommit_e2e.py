"""pre-commit: our hook (.pre-commit-hooks.yaml) run by the real `pre-commit` on a throwaway git repository.

pre-commit clones the hook repository at a commit and installs it into an isolated virtualenv of its
own: the linted project's dependencies (requests, SQLAlchemy) are absent there, as for a user.  The
hook repository is a snapshot of this checkout's working tree committed into a temporary git
repository, so uncommitted work is what gets tested.  Building that environment needs the package
index (setuptools, flake8), not GitHub.

The other documented set-up, the usual hook of flake8 itself::

    - repo: https://github.com/PyCQA/flake8
      rev: 7.5.0
      hooks:
        - id: flake8
          additional_dependencies: [flake8-mock-misuse]

is NOT tested here: pre-commit would have to clone github.com/PyCQA/flake8, and GitHub cannot be
reached from this project's machines.  It is documented in docs/ci.md only.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from flake8_mock_misuse.config import DEFAULT_TEST_FILES
from flake8_mock_misuse.testfiles import is_test_file
from helpers import BIN, REPO, run

HOOKS_FILE = REPO / ".pre-commit-hooks.yaml"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
}

DB = """\
from sqlalchemy.orm import Session

session = Session()
"""

PAYMENTS = """\
import requests

from shop.db import session


def charge(order_id, amount):
    reply = requests.post("https://pay.example/charge", json={"amount": amount})
    session.execute("UPDATE orders SET paid = 1 WHERE id = :id", {"id": order_id})
    return reply.json()["status"]


def receipt(order_id, cents):
    return f"order {order_id}: {cents // 100}.{cents % 100:02d}"
"""

LYING_TEST = """\
from unittest.mock import patch

from shop.payments import charge


@patch("requests.post")
def test_charge(post):
    post.return_value.json.return_value = {"status": "ok"}
    with patch("shop.db.session"):
        assert charge(1, 100) == "ok"
"""

HONEST_TEST = """\
from shop.payments import receipt


def test_receipt():
    assert receipt(7, 1250) == "order 7: 12.50"
"""


def _hook(hook_id: str = "flake8-mock-misuse") -> dict:
    (hook,) = [h for h in yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8")) if h["id"] == hook_id]
    return hook


def _git(*args: str, cwd: Path) -> str:
    result = run(["git", *args], cwd=cwd, env=GIT_ENV, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _commit_all(repo: Path, message: str) -> str:
    _git("add", "-A", cwd=repo)
    _git("commit", "-q", "-m", message, cwd=repo)
    return _git("rev-parse", "HEAD", cwd=repo)


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _snapshot_of_checkout(dest: Path) -> str:
    """This checkout's working tree (what the package build needs, and the hooks file) as a fresh commit."""
    dest.mkdir()
    for name in ("setup.cfg", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "LICENSE", "docs/pypi.md"):
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, dest / name)
    shutil.copytree(REPO / "src", dest / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    _git("init", "-q", cwd=dest)
    return _commit_all(dest, "snapshot of the checkout under test")


def _pinned(*names: str) -> list[str]:
    """Our pins from requirements/dev.txt for this Python (a pin may carry a marker), so the hook's environment is
    reproducible."""
    from packaging.requirements import Requirement

    pins = {}
    for line in (REPO / "requirements" / "dev.txt").read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].strip()
        if "==" not in text:
            continue
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate():
            pins[req.name.lower()] = f"{req.name}{req.specifier}"
    return [pins[n] for n in names]


def test_hook_definition():
    hook = _hook()
    assert hook["id"] == "flake8-mock-misuse"
    assert hook["language"] == "python"
    assert hook["entry"].split() == ["flake8", "--select=MM,E9"]  # E9: a test file that does not parse fails
    check = _hook("flake8-mock-misuse-check")
    assert check["entry"].split() == ["flake8-mock-misuse", "check"] and check["files"] == hook["files"]


@pytest.mark.parametrize("name", [
    "test_x.py", "x_test.py", "tests.py", "conftest.py", "tests/helpers.py", "test/x.py", "pkg/tests/deep/util.py",
    "a/b/test_payments.py", "a/conftest.py", "app/billing.py", "src/app/models.py", "setup.py", "app/testing.py",
    "contests/x.py", "latest/x.py", "mytests/x.py", "attest_x.py", "tests_x.py", "test.py", "testing/x.py",
])
def test_hook_files_pattern_is_the_plugins_default(name):
    """pre-commit's `files` regex passes exactly the files the plugin analyses by default."""
    assert bool(re.search(_hook()["files"], name)) == is_test_file(name, DEFAULT_TEST_FILES)


@pytest.mark.slow
@pytest.mark.parametrize("hook_id", ["flake8-mock-misuse", "flake8-mock-misuse-check"])
def test_precommit_hook_fails_on_a_lying_test_then_passes(tmp_path, hook_id):
    """Both hooks: flake8 with the plugin, and ``check`` in a project that has no flake8 configuration."""
    rev = _snapshot_of_checkout(tmp_path / "hook-repo")
    project = tmp_path / "project"
    project.mkdir()
    _git("init", "-q", cwd=project)
    config = {"repos": [{
        "repo": str(tmp_path / "hook-repo"),
        "rev": rev,
        "hooks": [{"id": hook_id,
                   "additional_dependencies": _pinned("flake8", "pyflakes", "pycodestyle", "mccabe")}],
    }]}
    _write(project, {
        ".pre-commit-config.yaml": yaml.safe_dump(config, sort_keys=False),
        "shop/__init__.py": "",
        "shop/db.py": DB,
        "shop/payments.py": PAYMENTS,
        "tests/test_payments.py": LYING_TEST,
        # Not a test file: neither the hook's `files` pattern nor the plugin looks at it.
        "scripts/smoke.py": LYING_TEST,
    })
    _commit_all(project, "a project with a lying test")
    # Everything pre-commit and virtualenv cache goes under tmp_path, nothing into ~/.cache.
    env = {**GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never",
           "VIRTUALENV_OVERRIDE_APP_DATA": str(tmp_path / "virtualenv-app-data")}
    precommit = [str(BIN / "pre-commit"), "run", "--all-files"]

    failed = run(precommit, cwd=project, env=env, timeout=240)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert _hook(hook_id)["name"] in failed.stdout and "Failed" in failed.stdout
    assert failed.findings == [
        ("tests/test_payments.py", 6, 2, "MM101"),
        ("tests/test_payments.py", 9, 10, "MM111"),
    ], failed.stdout
    assert "resolved as sqlalchemy.orm.Session()" in failed.stdout

    _write(project, {"tests/test_payments.py": HONEST_TEST})
    _commit_all(project, "an honest test")
    passed = run(precommit, cwd=project, env=env, timeout=240)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(rf"^{_hook(hook_id)['name']}\.+Passed$", passed.stdout, re.M), passed.stdout
    assert passed.findings == []

    # A test file that does not parse is not a pass: E999 fails the hook (it used to pass silently)
    _write(project, {"tests/test_broken.py": "def test_x(:\n    pass\n"})
    _commit_all(project, "a test file that does not parse")
    broken = run(precommit, cwd=project, env=env, timeout=240)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert [f[3] for f in broken.findings] == ["E999"], broken.stdout
