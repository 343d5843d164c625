"""FileModel: the shared facts about one test file that every rule family reads, computed once and lazily.

What it holds: the one walk (functions, classes, calls, bindings: ``walk``), the file's imports
and aliases, its tests (``testcases``), its fixtures and those of the ``conftest.py`` files above
it (``fixtures``), the helpers its tests call, and the project index that resolves names into the
project's own modules (``resolve.project``).  What a rule family derives from it lives with the
family (``rules/<family>/facts.py``); this module knows no rule.
"""

from __future__ import annotations

import ast
import os
from functools import cached_property, partial

from ..config import Config
from ..resolve.classify import Integration
from ..resolve.names import Scope, import_bindings
from ..resolve.project import ProjectIndex, module_name_for, package_base, project_root
from ..resolve.source import set_module_limit
from . import fixtures
from .helpers import Helpers, support_module
from .testcases import Test, find_tests
from .walk import Function, walk

_INDEXES: dict[tuple, ProjectIndex] = {}
SETUP_METHODS = frozenset({"setUp", "asyncSetUp", "setup_method", "setup", "setUpTestData", "setUpClass",
                           "setup_class"})


def project_index(config: Config, filename: str) -> ProjectIndex:
    """The project's module index for a file: configured roots, plus the file's own project and package base."""
    here = os.path.dirname(os.path.abspath(filename))
    roots = list(config.source_roots)
    root = project_root(here)
    if root:
        roots += [root, os.path.join(root, "src"), os.path.join(root, "lib")]
    roots.append(package_base(filename))
    key = (tuple(os.path.abspath(r) for r in roots), tuple(sorted(config.integrations)), config.infer)
    index = _INDEXES.get(key)
    if index is None:
        if len(_INDEXES) > 64:
            _INDEXES.clear()
        index = _INDEXES[key] = ProjectIndex(key[0], config.integrations, infer=config.infer)
    return index


class FileModel:
    def __init__(self, tree: ast.AST, filename: str, config: Config, lines: list[str] | None = None) -> None:
        fixtures.next_file()  # support modules the files before used may be dropped now, this one's are kept
        set_module_limit(config.max_module_bytes)
        self.tree = tree
        self.filename = filename
        self.config = config
        self.lines = lines  # source lines, for what only comments say (None: not given)
        self.modname, self.is_package = module_name_for(filename)
        self.imports: dict[str, str] = {}
        walked = walk(tree, self.imports)  # scopes hold this dict; filled below, before any lookup
        self.imports.update(import_bindings(walked.imports, self.modname, self.is_package))
        self.module = walked.module
        self.functions: list[Function] = walked.functions
        self.classes = walked.classes
        self.fixtures = fixtures.fixture_index(self.functions)
        self._fixture_values: dict[str, tuple | None] = {}
        for fn in self.functions:
            fn.scope.fixtures = self.fixture_value
            if fn.cls is not None:
                fn.scope.self_attrs = partial(self.setup_value, fn.cls.name)

    @cached_property
    def functions_named(self) -> dict[str, list[Function]]:
        """The file's functions by name, in source order: helper lookups must not scan the whole file per call."""
        out: dict[str, list[Function]] = {}
        for fn in self.functions:
            if fn.node is not None:
                out.setdefault(fn.node.name, []).append(fn)
        return out

    def find_fixture(self, name: str) -> tuple[Function, str] | None:
        """The fixture ``name`` in this file or the nearest ``conftest.py`` above it, with the file it is in."""
        return fixtures.find_fixture(name, self.fixtures, self.filename)

    def fixture_value(self, name: str) -> tuple | None:
        """What the fixture ``name`` returns or yields, with the scope to read it in (or None)."""
        if name in self._fixture_values:
            return self._fixture_values[name]
        found = self.find_fixture(name)
        value = None
        if found is not None and found[0].returns:
            value = found[0].returns[0], found[0].scope
        self._fixture_values[name] = value
        return value

    @cached_property
    def setup_attributes(self) -> dict[str, dict[str, tuple[ast.expr, Function]]]:
        """``self.<attr> = value`` (or ``cls.<attr>``) in each test class's setUp, setUpTestData or
        setUpClass (and its in-file bases'), by class name."""
        own: dict[str, dict[str, tuple[ast.expr, Function]]] = {}
        for fn in self.functions:
            if fn.cls is not None and fn.node is not None and fn.node.name in SETUP_METHODS:
                for target, value in fn.attr_assigns:
                    if isinstance(target.value, ast.Name) and target.value.id in ("self", "cls"):
                        own.setdefault(fn.cls.name, {})[target.attr] = (value, fn)
        out: dict[str, dict[str, tuple[ast.expr, Function]]] = {}
        for cls in self.classes:
            merged: dict[str, tuple[ast.expr, Function]] = {}
            for c in reversed(self.class_chain(cls)):  # the class's own setUp wins over its bases'
                merged.update(own.get(c.name, {}))
            if merged:
                out[cls.name] = merged
        return out

    def setup_value(self, class_name: str, attr: str) -> tuple[ast.expr, Scope] | None:
        """What the setUp of class ``class_name`` stores in ``self.<attr>``, with the scope to read it in."""
        found = self.setup_attributes.get(class_name, {}).get(attr)
        return (found[0], found[1].scope) if found is not None else None

    @cached_property
    def _classes_by_name(self) -> dict[str, ast.ClassDef]:
        return {c.name: c for c in self.classes}

    def class_in_file(self, base: ast.expr) -> ast.ClassDef | None:
        """The class of this file a base expression names (``Base``, ``Base[T]``), unless an import shadows it."""
        if isinstance(base, ast.Subscript):
            base = base.value
        if isinstance(base, ast.Name) and base.id not in self.imports:
            return self._classes_by_name.get(base.id)
        return None

    def class_chain(self, cls: ast.ClassDef) -> list[ast.ClassDef]:
        """``cls`` and the bases of it defined in this file, nearest first (breadth first, each once)."""
        out: list[ast.ClassDef] = []
        todo = [cls]
        while todo and len(out) < 32:
            c = todo.pop(0)
            if c in out:
                continue
            out.append(c)
            todo.extend(b for b in map(self.class_in_file, c.bases) if b is not None)
        return out

    @cached_property
    def helpers(self) -> Helpers:
        """Which helper (of this file or a test-support module) each call of a test reaches."""
        return Helpers(self.module, self.functions, self.classes, self.project)

    @cached_property
    def project(self) -> ProjectIndex:
        return project_index(self.config, self.filename)

    @property
    def scopes(self) -> list[Function]:
        """The module body and every function: where mock constructs and writes can stand."""
        return [self.module, *self.functions]

    def classify(self, dotted: str) -> Integration | None:
        return self.project.classify(dotted)

    @cached_property
    def tests(self) -> list[Test]:
        return find_tests(self.functions, self.classes, self.module, self.project)

    @cached_property
    def judged_tests(self) -> list[Test]:
        """The tests the rules judge: neither skipped nor defined on an abstract base or mixin."""
        return [t for t in self.tests if not (t.skipped or t.abstract)]

    @cached_property
    def conftest_imports(self) -> tuple[str, ...]:
        return fixtures.conftest_imports(self.filename)

    def helper(self, func: ast.expr) -> Function | None:
        """The function a call reaches, when this file or a test-support module defines it:
        ``helper()``, ``self.helper()`` (any class of this file) or ``from conftest import helper``."""
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls"):
            return next((f for f in self.functions_named.get(func.attr, ()) if f.cls is not None), None)
        if not isinstance(func, ast.Name):
            return None
        local = next((f for f in self.functions_named.get(func.id, ()) if f.cls is None and f.parent is None), None)
        if local is not None:
            return local
        q = self.imports.get(func.id)
        if q is None or "." not in q or self.project.is_library(q):
            return None
        located = self.project.find_module(q)
        if located is None or not located[1].endswith(".py"):
            return None
        modname, path, _pkg = located
        rest = q[len(modname) + 1:]
        if "." in rest or not support_module(modname):
            return None
        return fixtures.module_functions(path).get(rest)
