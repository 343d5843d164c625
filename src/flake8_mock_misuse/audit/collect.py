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
    out: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise AuditError(f"{path}: no such file or folder")
        if path.is_file():
            out.add(path.resolve())
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.endswith(".egg-info"))
            for name in files:
                full = Path(folder, name)
                if name.endswith(".py") and is_test_file(relative(full, root), patterns):
                    out.add(full.resolve())
    return sorted(out, key=lambda p: relative(p, root))


def relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` in posix form (absolute when it lies outside)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()
