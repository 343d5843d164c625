"""pytest fixtures: where a test's parameter comes from (this file, then conftest.py files above it)."""

from __future__ import annotations

import ast
import os
import weakref
from functools import lru_cache

from ..resolve.names import const_str, dotted_text, import_bindings
from ..resolve.project import module_name_for
from ..resolve.source import parse
from .walk import Function, Walked, walk

MAX_CONFTEST_LEVELS = 12


def fixture_index(functions: list[Function]) -> dict[str, Function]:
    """Fixture name -> fixture function, for one file's functions (the last definition wins)."""
    return {fn.fixture_name: fn for fn in functions if fn.fixture_name is not None}


def find_fixture(name: str, local: dict[str, Function], filename: str) -> tuple[Function, str] | None:
    """The fixture called ``name`` in this file (``local``) or the nearest conftest.py above it."""
    if name in local:
        return local[name], filename
    here = os.path.abspath(filename)
    for path in conftests_above(os.path.dirname(here)):
        if path == here:
            continue
        found = conftest_fixtures(path).get(name)
        if found is not None:
            return found, path
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
def _parsed(path: str, _mtime: float) -> ast.Module | None:
    """A support module's tree, parsed once per version for its fixtures and its imports alike
    (the functions walked from it keep its nodes anyway)."""
    try:
        with open(path, "rb") as f:
            return parse(f.read(), path)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def conftest_fixtures(path: str) -> dict[str, Function]:
    """Fixture name -> fixture function of one ``conftest.py`` (an absolute path)."""
    return _conftest_fixtures(path, _mtime(path))


@lru_cache(maxsize=128)
def _conftest_fixtures(path: str, _mtime: float) -> dict[str, Function]:
    """Fixtures of a conftest.py, parsed (never imported), with its imports resolved."""
    return fixture_index(_functions(path, _mtime))


def support_walk(path: str) -> Walked | None:
    """A support module (conftest.py, helpers, a base test class's module) walked once per version, with
    its imports resolved: its functions, classes and module body (None: unreadable)."""
    return _walked(os.path.abspath(path), _mtime(path))


@lru_cache(maxsize=128)
def _walked(path: str, _mtime: float) -> Walked | None:
    tree = _parsed(path, _mtime)
    if tree is None:
        return None
    imports: dict[str, str] = {}
    walked = walk(tree, imports)
    modname, is_pkg = module_name_for(path)
    imports.update(import_bindings(walked.imports, modname, is_pkg))
    for fn in walked.functions:
        _ORIGIN[fn] = path
    return walked


_ORIGIN: weakref.WeakKeyDictionary[Function, str] = weakref.WeakKeyDictionary()


def origin(fn: Function) -> str | None:
    """The support module (conftest.py, a helper module) a function was read from; None for the linted file's."""
    return _ORIGIN.get(fn)


def _functions(path: str, _mtime: float) -> list[Function]:
    """Every function of a support module (conftest.py, helpers), parsed and walked once per version."""
    walked = _walked(path, _mtime)
    return walked.functions if walked is not None else []


def conftest_autouse(filename: str) -> list[tuple[str, Function, str]]:
    """(name, fixture, path) of the autouse fixtures of the ``conftest.py`` files above ``filename``."""
    here = os.path.abspath(filename)
    return [(name, fn, path) for path in conftests_above(os.path.dirname(here)) if path != here
            for name, fn in conftest_fixtures(path).items() if fixture_options(fn)[1]]


def conftest_imports(filename: str) -> tuple[str, ...]:
    """Qualified names imported by the conftest.py files above ``filename``."""
    here = os.path.abspath(filename)
    out: list[str] = []
    for path in conftests_above(os.path.dirname(here)):
        if path != here:
            out.extend(_conftest_import_names(path, _mtime(path)))
    return tuple(out)


@lru_cache(maxsize=128)
def _conftest_import_names(path: str, _mtime: float) -> tuple[str, ...]:
    tree = _parsed(path, _mtime)
    if tree is None:
        return ()
    nodes = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    return tuple(import_bindings(nodes).values())


def module_functions(path: str) -> dict[str, Function]:
    """Top-level functions of a test-support module (conftest.py, tests/helpers.py), parsed, never imported."""
    return _module_functions(os.path.abspath(path), _mtime(path))


@lru_cache(maxsize=128)
def _module_functions(path: str, _mtime: float) -> dict[str, Function]:
    return {fn.node.name: fn for fn in _functions(path, _mtime)
            if fn.node is not None and fn.parent is None and fn.cls is None}


def fixture_options(fn: Function) -> tuple[str, bool]:
    """A fixture's ``scope`` and ``autouse``, as its decorator gives them."""
    scope, autouse = "function", False
    for dec in fn.node.decorator_list if fn.node is not None else ():
        if isinstance(dec, ast.Call) and (dotted_text(dec.func) or "").endswith("fixture"):
            for kw in dec.keywords:
                if kw.arg == "scope" and const_str(kw.value):
                    scope = const_str(kw.value) or scope
                elif kw.arg == "autouse" and isinstance(kw.value, ast.Constant):
                    autouse = bool(kw.value.value)
            if dec.args and const_str(dec.args[0]):
                scope = const_str(dec.args[0]) or scope
    return scope, autouse
