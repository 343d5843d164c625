"""The helpers a test runs: functions of its own file and of test-support modules that its calls reach.

A call reaches a helper when it names a function of the same file, a method of the calling class or of
its bases (in the file, or in a support module the bases are imported from), a function imported from a
support module, or a context-manager class of either (its ``__enter__``).  Helpers are followed into the
helpers they call, up to ``MAX_HOPS`` calls from the test: ``self.login()`` of a base mixin that enters
``mocked_response()`` of ``tests/__init__.py`` is two hops.  Everything is read from source, once per file.
"""

from __future__ import annotations

import ast
import os

from ..resolve.names import qualify
from ..resolve.project import ProjectIndex
from . import fixtures
from .walk import Function

MAX_HOPS = 3  # calls from the test to the helper that does the work
MAX_BASES = 16  # base classes followed for one method lookup
ENTER_METHODS = ("__enter__", "__aenter__")

_TEST_PARTS = ("test", "conftest", "fixture")
_TEST_PACKAGES = frozenset({"test", "tests", "testing", "fixture", "fixtures"})
_HELPER_PARTS = ("helper", "util", "support", "assert", "check", "verif")


def support_module(modname: str) -> bool:
    """A module of test support code: some part of its name says test (``tests.helpers``,
    ``pkg.testing.assertions``, ``conftest``), or it is a top-level helper module beside the tests
    (``helpers``, ``assertions``). ``app.helpers`` and ``app.utils`` are the project's own code."""
    parts = [p.lstrip("_") for p in modname.lower().split(".")]
    if parts[-1].startswith(_TEST_PARTS) or any(_says_test(p) for p in parts[:-1]):
        return True
    return len(parts) == 1 and parts[0].startswith(_HELPER_PARTS)


def _says_test(package: str) -> bool:
    """A package of test code (``tests``, ``test_support``, ``testutils``, ``testkit``); not an application's
    package that merely starts so (``tcms.testcases.models``, ``testruns``: the project's own models)."""
    if package in _TEST_PACKAGES or package.startswith(("test_", "tests_", "conftest")):
        return True
    return package.endswith(("_test", "_tests")) or (package.startswith("test") and any(
        w in package for w in ("util", "lib", "support", "help", "fixture", "factor", "tool", "kit")))


class _Module:
    """One file's functions and classes by name, for following the calls made in it."""

    __slots__ = ("scope", "imports", "top", "classes", "methods")

    def __init__(self, module: Function, functions: list[Function], classes: list[ast.ClassDef]) -> None:
        self.scope = module.scope
        self.imports = module.scope.imports
        self.top: dict[str, Function] = {}
        self.methods: dict[tuple[str, str], Function] = {}
        for fn in functions:
            if fn.node is None or fn.parent is not None:
                continue
            if fn.cls is None:
                self.top.setdefault(fn.node.name, fn)
            else:
                self.methods.setdefault((fn.cls.name, fn.node.name), fn)
        self.classes = {c.name: c for c in classes}


class Helpers:
    """Which helper each call of a test reaches, for one file (one per ``FileModel``)."""

    def __init__(self, module: Function, functions: list[Function], classes: list[ast.ClassDef],
                 project: ProjectIndex) -> None:
        self.project = project
        self.home = _Module(module, functions, classes)
        self._modules: dict[str, _Module | None] = {}  # support module path -> its functions and classes
        self._owner: dict[int, _Module] = {}  # id(Function) of a support module's function -> its module
        self._reached: dict[int, list[tuple[Function, str]]] = {}
        self._remotes: dict[str, tuple[_Module, str] | None] = {}  # dotted name -> where it is defined

    def callee(self, func: ast.expr, fn: Function) -> tuple[Function, str] | None:
        """The helper a call in ``fn`` runs, and the name it is shown by (a context manager's class name)."""
        mod = self._owner.get(id(fn), self.home)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls"):
            cls = _class_of(fn)
            found = self._method(mod, cls.name, func.attr, [0]) if cls is not None else None
            if found is None and mod is self.home:  # self.helper() of another class of the file
                found = next((f for (_c, name), f in mod.methods.items() if name == func.attr), None)
            return (found, func.attr) if found is not None else None
        if not isinstance(func, ast.Name):
            return None
        name = func.id
        where = (mod, name) if name not in mod.imports else self._remote(mod.imports[name])
        if where is None:
            return None
        other, defined = where
        found = other.top.get(defined) or (self._enter(other, defined) if defined in other.classes else None)
        return (found, name) if found is not None else None

    def reached(self, fn: Function) -> list[tuple[Function, str]]:
        """The helpers ``fn``'s calls reach, nearest first, each once, up to ``MAX_HOPS`` calls deep: each
        with the name of the helper ``fn`` itself calls on the way (``login`` for what ``login`` runs)."""
        if id(fn) in self._reached:
            return self._reached[id(fn)]
        out: list[tuple[Function, str]] = []
        seen = {id(fn)}
        layer: list[tuple[Function, str | None]] = [(fn, None)]
        for _hop in range(MAX_HOPS):
            following: list[tuple[Function, str | None]] = []
            for f, first in layer:
                for inner in (f.nested() if f is not fn else [f]):  # the test's own closures are not its calls
                    for call in inner.calls:
                        found = self.callee(call.func, inner)
                        if found is not None and id(found[0]) not in seen:
                            seen.add(id(found[0]))
                            out.append((found[0], first or found[1]))
                            following.append(out[-1])
            layer = following
            if not layer:
                break
        self._reached[id(fn)] = out
        return out

    def _method(self, mod: _Module, cls_name: str, name: str, budget: list[int]) -> Function | None:
        """The method ``name`` of class ``cls_name`` of ``mod`` or of its bases, breadth first."""
        budget[0] += 1
        if budget[0] > MAX_BASES:
            return None
        found = mod.methods.get((cls_name, name))
        if found is not None:
            return found
        cls = mod.classes.get(cls_name)
        for base in cls.bases if cls is not None else ():
            if isinstance(base, ast.Subscript):
                base = base.value
            if isinstance(base, ast.Name) and base.id not in mod.imports and base.id in mod.classes:
                found = self._method(mod, base.id, name, budget)
            else:
                q = qualify(base, mod.scope)
                remote = self._remote(q) if q is not None else None
                found = self._method(remote[0], remote[1], name, budget) if remote is not None else None
            if found is not None:
                return found
        return None

    def _enter(self, mod: _Module, cls_name: str) -> Function | None:
        return next((f for m in ENTER_METHODS for f in [self._method(mod, cls_name, m, [0])] if f is not None), None)

    def _remote(self, dotted: str) -> tuple[_Module, str] | None:
        """The support module a project name is defined in, and the name in it (``tests.utils.login``)."""
        if dotted not in self._remotes:
            self._remotes[dotted] = self._locate(dotted)
        return self._remotes[dotted]

    def _locate(self, dotted: str) -> tuple[_Module, str] | None:
        project = self.project
        if "." not in dotted or "()" in dotted or project.is_library(dotted):
            return None
        located = project.find_module(dotted)
        if located is None or not located[1].endswith(".py"):
            return None
        modname, path, _pkg = located
        rest = dotted[len(modname) + 1:]
        if not rest or "." in rest or not support_module(modname) or _large_test_module(path):
            return None
        if path not in self._modules:
            walked = fixtures.support_walk(path)
            mod = None
            if walked is not None:
                mod = _Module(walked.module, walked.functions, walked.classes)
                for f in walked.functions:
                    self._owner[id(f)] = mod
            self._modules[path] = mod
        found = self._modules[path]
        return (found, rest) if found is not None else None


# A test module this large (Django's admin_views/tests.py: 375 KB) is a suite, not a helper module: followed for
# the one base class or helper a test imports from it, it would keep a whole suite's tree alive for the rest of
# the run (issue 21: the collector walks it at every full collection, in flake8's own parsing too).
MAX_TEST_MODULE_AS_HELPER = 100_000  # bytes


def _large_test_module(path: str) -> bool:
    name = os.path.basename(path)
    if not (name.startswith("test") or name.endswith("_test.py")):
        return False
    try:
        return os.path.getsize(path) > MAX_TEST_MODULE_AS_HELPER
    except OSError:
        return False


def _class_of(fn: Function) -> ast.ClassDef | None:
    """The class of a method, or of the method a nested function is defined in."""
    f: Function | None = fn
    while f is not None:
        if f.cls is not None:
            return f.cls
        f = f.parent
    return None
