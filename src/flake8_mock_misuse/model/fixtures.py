"""pytest fixtures: where a test's parameter comes from (this file, then conftest.py files above it)."""

from __future__ import annotations

import ast
import os
from functools import lru_cache

from .walk import Function, walk

MAX_CONFTEST_LEVELS = 12


def find_fixture(name: str, functions: list[Function], filename: str) -> tuple[Function, str] | None:
    """The fixture function called ``name`` and the file it is in, or None."""
    for fn in functions:
        if fn.fixture_name == name:
            return fn, filename
    for path in conftests_above(os.path.dirname(os.path.abspath(filename))):
        if os.path.abspath(path) == os.path.abspath(filename):
            continue
        for fn in _conftest_functions(path, _mtime(path)):
            if fn.fixture_name == name:
                return fn, path
    return None


@lru_cache(maxsize=512)
def conftests_above(folder: str) -> tuple[str, ...]:
    out: list[str] = []
    d = folder
    for _ in range(MAX_CONFTEST_LEVELS):
        cand = os.path.join(d, "conftest.py")
        if os.path.isfile(cand):
            out.append(cand)
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    return tuple(out)


def _mtime(path: str) -> float:
    try:
        return os.path.getmtime(path)
    except OSError:
        return 0.0


@lru_cache(maxsize=128)
def _conftest_functions(path: str, _mtime: float) -> list[Function]:
    """Functions of a conftest.py, parsed (never imported), with its imports resolved."""
    from ..resolve.names import import_bindings
    from ..resolve.project import module_name_for

    try:
        with open(path, "rb") as f:
            tree = ast.parse(f.read(), filename=path)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    imports: dict[str, str] = {}
    walked = walk(tree, imports)
    modname, is_pkg = module_name_for(path)
    imports.update(import_bindings(walked.imports, modname, is_pkg))
    return walked.functions
