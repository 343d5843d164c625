"""pytest fixtures: where a test's parameter comes from (this file, then conftest.py files above it)."""

from __future__ import annotations

import ast
import os
import weakref
from collections import OrderedDict
from functools import lru_cache
from collections.abc import Callable
from typing import Any, cast

from ..resolve.names import const_str, dotted_text, import_bindings
from ..resolve.project import module_name_for
from ..resolve.source import Skipped, note_unreadable, parse, read_module
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


# Support modules (conftest.py, helpers, a base test class's module) are parsed and walked once and kept for the
# files that follow, within a budget of source bytes (issue 21). Everything kept outlives the files, and every full
# collection of the garbage collector walks it for the rest of the run, flake8's own parsing included: a module kept
# costs about as much as parsing it again for a few dozen files. So the most recently used modules are kept, up to
# MAX_KEPT_BYTES of source; one needed again after it was dropped is read again (same tree, same findings). What the
# file being analysed and the file before it used is never dropped (see ``next_file``): a conftest.py larger than the
# budget stays while the files below it are analysed one after the other, and goes when they are done.
MAX_KEPT_BYTES = 64 * 1024


class _Kept:
    __slots__ = ("mtime", "size", "tree", "walked", "derived", "used")

    def __init__(self, mtime: float, size: int, tree: ast.Module | None, used: int) -> None:
        self.mtime = mtime
        self.size = size
        self.tree = tree
        self.walked: Walked | None | bool = False  # False: not walked yet
        self.derived: dict[str, object] = {}  # what conftest_fixtures() and the like make of it, by what
        self.used = used  # the number of the last file that used it


class _KeptModules:
    """The support modules kept between files: path -> module, least recently used first."""

    def __init__(self) -> None:
        self.modules: OrderedDict[str, _Kept] = OrderedDict()
        self.file = 0  # the number of the file being analysed
        self.bytes = 0  # source bytes kept

    def get(self, path: str) -> _Kept:
        """A support module's tree (None: unreadable), parsed once while kept."""
        mtime = _mtime(path)
        kept = self.modules.get(path)
        if kept is not None and kept.mtime == mtime:
            self.modules.move_to_end(path)
            kept.used = self.file
            return kept
        if kept is not None:
            del self.modules[path]
            self.bytes -= kept.size
        tree = None
        size = 0
        try:
            data = read_module(path)
            size = len(data)
            tree = parse(data, path)
        except Skipped as exc:  # too large (a conftest.py followed by generated data) or no regular file
            note_unreadable(path, exc)
        except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
            pass
        kept = self.modules[path] = _Kept(mtime, size, tree, self.file)
        self.bytes += size
        self.trim()
        return kept

    def trim(self) -> None:
        """Drop the least recently used modules while over the budget, never one this file or the one before used."""
        while self.bytes > MAX_KEPT_BYTES and self.modules:
            oldest = next(iter(self.modules.values()))
            if oldest.used >= self.file - 1:
                break
            self.modules.popitem(last=False)
            self.bytes -= oldest.size


_KEPT = _KeptModules()


def next_file() -> None:
    """A new file is analysed: drop what the files before it used, least recently used first, to the budget."""
    _KEPT.file += 1
    _KEPT.trim()


def _derived(path: str, what: str, make: Callable[[_Kept], object]) -> Any:
    """What ``make`` makes of a kept support module, made once while it is kept."""
    kept = _KEPT.get(path)
    if what not in kept.derived:
        kept.derived[what] = make(kept)
    return kept.derived[what]


def conftest_fixtures(path: str) -> dict[str, Function]:
    """Fixture name -> fixture function of one ``conftest.py`` (an absolute path), parsed, never imported."""
    return _derived(path, "fixtures", lambda kept: fixture_index(_functions(path, kept)))


def support_walk(path: str) -> Walked | None:
    """A support module (conftest.py, helpers, a base test class's module) walked once while kept, with
    its imports resolved: its functions, classes and module body (None: unreadable)."""
    path = os.path.abspath(path)
    return _walked(path, _KEPT.get(path))


def _walked(path: str, kept: _Kept) -> Walked | None:
    if kept.walked is False:
        walked = None
        if kept.tree is not None:
            imports: dict[str, str] = {}
            walked = walk(kept.tree, imports)
            modname, is_pkg = module_name_for(path)
            imports.update(import_bindings(walked.imports, modname, is_pkg))
            for fn in walked.functions:
                _ORIGIN[fn] = path
        kept.walked = walked
    return cast("Walked | None", kept.walked)


_ORIGIN: weakref.WeakKeyDictionary[Function, str] = weakref.WeakKeyDictionary()


def origin(fn: Function) -> str | None:
    """The support module (conftest.py, a helper module) a function was read from; None for the linted file's."""
    return _ORIGIN.get(fn)


def _functions(path: str, kept: _Kept) -> list[Function]:
    """Every function of a support module (conftest.py, helpers), parsed and walked once while kept."""
    walked = _walked(path, kept)
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
            out.extend(_derived(path, "imports", _import_names))
    return tuple(out)


def _import_names(kept: _Kept) -> tuple[str, ...]:
    nodes = [n for n in kept.tree.body if isinstance(n, (ast.Import, ast.ImportFrom))] if kept.tree is not None else []
    return tuple(import_bindings(nodes).values())


def module_functions(path: str) -> dict[str, Function]:
    """Top-level functions of a test-support module (conftest.py, tests/helpers.py), parsed, never imported."""
    path = os.path.abspath(path)
    return _derived(path, "functions", lambda kept: {fn.node.name: fn for fn in _functions(path, kept)
                                                     if fn.node is not None and fn.parent is None and fn.cls is None})


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
