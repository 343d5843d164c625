"""The defaults a project's code gives an environment variable where it reads it.

``os.getenv("FEATURE_X", "off")``, ``os.environ.get("FEATURE_X", "off")``: a conftest.py that sets
``FEATURE_X=off`` at import time gives the code what it would have anyway (MM406 stays silent); one that
sets ``on`` runs the whole session in a configuration production does not have unless it sets it too.

Read from source only: the project's modules under its source roots
(test folders, virtual environments and files over a size limit are skipped, at most a bounded number
of files is looked at), once per process for every variable; a file is parsed only when its bytes read
the environment.
"""

from __future__ import annotations

import ast
import os
from functools import lru_cache

from .source import fresh_stack, read_module

_MAX_FILES = 4000
_SKIPPED_DIRS = frozenset({
    "tests", "test", "testing", ".git", ".hg", ".tox", ".nox", ".venv", "venv", "env", "node_modules",
    "site-packages", "__pycache__", "build", "dist", ".mypy_cache", ".pytest_cache",
})
_READERS = frozenset({"get", "getenv", "getenvb"})


def code_defaults(roots: tuple[str, ...], name: str) -> frozenset[str] | None:
    """The literal string defaults the project's modules give ``name`` when they read it; None when no
    module reads it with a literal default (the code requires it, reads it elsewhere, or a library does)."""
    return _all_defaults(roots).get(name)


@lru_cache(maxsize=16)
def _all_defaults(roots: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Every ``os.getenv(NAME, "default")``-like read of the project's modules, walked once per process."""
    found: dict[str, set[str]] = {}
    seen = 0
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
            if folder != root and os.path.abspath(folder) in roots:
                dirs[:] = []  # another source root: walked on its own
                continue
            for file in sorted(files):
                if not file.endswith(".py") or file.startswith("test_") or file == "conftest.py":
                    continue
                seen += 1
                if seen > _MAX_FILES:
                    return {k: frozenset(v) for k, v in found.items()}
                for name, default in _defaults_in(os.path.join(folder, file)):
                    found.setdefault(name, set()).add(default)
    return {k: frozenset(v) for k, v in found.items()}


def _defaults_in(path: str) -> list[tuple[str, str]]:
    try:
        data = read_module(path)
        if b"getenv" not in data and b"environ" not in data:
            return []
        tree = fresh_stack(ast.parse, data)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        reader = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        first = node.args[0]
        if reader not in _READERS or not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        default = node.args[1] if len(node.args) > 1 else next(
            (k.value for k in node.keywords if k.arg in ("default", "value")), None)
        if isinstance(default, ast.Constant) and isinstance(default.value, str):
            out.append((first.value, default.value))
    return out
