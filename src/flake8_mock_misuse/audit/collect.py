"""Which files an audit reads: the test files below the given paths, in a stable order."""

from __future__ import annotations

import os
from pathlib import Path

from ..testfiles import is_test_file

_SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "env", "node_modules",
                        "__pycache__", "site-packages", "build", "dist", ".eggs", ".mypy_cache", ".pytest_cache"})


class AuditError(Exception):
    """A problem with what the audit was asked to read (exit status 2)."""


def default_paths(cwd: Path) -> list[Path]:
    """The current project's tests: ``tests/`` or ``test/`` if present, else the project itself."""
    for name in ("tests", "test"):
        if (cwd / name).is_dir():
            return [cwd / name]
    return [cwd]


def test_files(paths: list[Path], patterns: tuple[str, ...], root: Path) -> list[Path]:
    """The test files below ``paths``. A path that is no regular file (a named pipe, a socket, a symbolic link
    that loops or leads nowhere) is listed all the same: reading it is refused with the reason (see scan.py)."""
    out: set[Path] = set()
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise AuditError(f"{path}: no such file or folder")
        if not path.is_dir():
            out.add(_resolved(path))
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.endswith(".egg-info"))
            for name in files:
                full = Path(folder, name)
                if name.endswith(".py") and is_test_file(relative(full, root), patterns):
                    out.add(_resolved(full))
    return sorted(out, key=lambda p: relative(p, root))


def _resolved(path: Path) -> Path:
    """The absolute path with symbolic links followed, or only made absolute where they loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: RuntimeError up to Python 3.12, OSError after
        return Path(os.path.abspath(path))


def relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` in posix form (absolute when it lies outside)."""
    try:
        return _resolved(path).relative_to(_resolved(root)).as_posix()
    except ValueError:
        return _resolved(path).as_posix()
