"""The defaults a project's code gives an environment variable where it reads it.

``os.getenv("FEATURE_X", "off")``, ``os.environ.get("FEATURE_X", "off")``: a conftest.py that sets
``FEATURE_X=off`` at import time gives the code what it would have anyway (MM406 stays silent); one that
sets ``on`` runs the whole session in a configuration production does not have unless it sets it too.

Read from source only, once per process and variable: the project's modules under its source roots
(test folders, virtual environments and files over a size limit are skipped, at most a bounded number
of files is looked at); a file is parsed only when its bytes name the variable.
"""

from __future__ import annotations

import ast
import os
from functools import lru_cache

_MAX_FILES = 4000
_MAX_BYTES = 1_000_000
_SKIPPED_DIRS = frozenset({
    "tests", "test", "testing", ".git", ".hg", ".tox", ".nox", ".venv", "venv", "env", "node_modules",
    "site-packages", "__pycache__", "build", "dist", ".mypy_cache", ".pytest_cache",
})
_READERS = frozenset({"get", "getenv", "getenvb"})


@lru_cache(maxsize=256)
def code_defaults(roots: tuple[str, ...], name: str) -> frozenset[str] | None:
    """The literal string defaults the project's modules give ``name`` when they read it; None when no
    module reads it with a literal default (the code requires it, reads it elsewhere, or a library does)."""
    needle = name.encode()
    found: set[str] = set()
    seen = 0
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
            for file in sorted(files):
                if not file.endswith(".py") or file.startswith("test_") or file == "conftest.py":
                    continue
                seen += 1
                if seen > _MAX_FILES:
                    return frozenset(found) or None
                found.update(_defaults_in(os.path.join(folder, file), name, needle))
            if folder != root and os.path.abspath(folder) in roots:
                dirs[:] = []  # another source root: walked on its own
    return frozenset(found) or None


def _defaults_in(path: str, name: str, needle: bytes) -> list[str]:
    try:
        if os.path.getsize(path) > _MAX_BYTES:
            return []
        with open(path, "rb") as f:
            data = f.read()
        if needle not in data:
            return []
        tree = ast.parse(data)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        f = node.func
        reader = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        first = node.args[0]
        if reader not in _READERS or not (isinstance(first, ast.Constant) and first.value == name):
            continue
        default = node.args[1] if len(node.args) > 1 else next(
            (k.value for k in node.keywords if k.arg in ("default", "value")), None)
        if isinstance(default, ast.Constant) and isinstance(default.value, str):
            out.append(default.value)
    return out
