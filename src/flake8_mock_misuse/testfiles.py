"""Which files are test files.  Everything else is left at once."""

from __future__ import annotations

import os
from fnmatch import fnmatchcase


def is_test_file(filename: str, patterns: tuple[str, ...]) -> bool:
    """``patterns`` are globs on the file name; one ending in ``/`` names a folder above it, inside the project.

    Editors pass absolute paths (``/home/ann/test/shop/app/billing.py``): folders above the
    current directory, or above the file's project when it lies elsewhere, do not count.
    """
    if not filename or filename in ("-", "stdin"):
        return False
    if not _matches(filename, patterns):
        return False  # the folders above the project can only add matches: no need to find the project
    if not os.path.isabs(filename):
        return True
    return _matches(_within_project(filename), patterns)


def _glob(name: str, pattern: str) -> bool:
    """``fnmatchcase``; a pattern without wildcards is compared as it is (fnmatch would compile it)."""
    return fnmatchcase(name, pattern) if "*" in pattern or "?" in pattern or "[" in pattern else name == pattern


def _matches(path: str, patterns: tuple[str, ...]) -> bool:
    norm = path.replace(os.sep, "/").replace("\\", "/")
    parts = [p for p in norm.split("/") if p]
    if not parts or not parts[-1].endswith((".py", ".pyi")) and not any(
        not p.endswith("/") and _glob(parts[-1], p) for p in patterns
    ):
        return False
    name, folders = parts[-1], parts[:-1]
    for pat in patterns:
        if pat.endswith("/"):
            if any(_glob(f, pat[:-1]) for f in folders):
                return True
        elif _glob(name, pat):
            return True
    return False


def _within_project(filename: str) -> str:
    if not os.path.isabs(filename):
        return filename
    cwd = os.getcwd()
    if filename.startswith(cwd.rstrip(os.sep) + os.sep):
        return os.path.relpath(filename, cwd)
    from .resolve.project import project_root

    root = project_root(os.path.dirname(filename))
    return os.path.relpath(filename, root) if root else filename
