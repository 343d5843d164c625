"""FileModel: everything the rules know about one test file, computed once and lazily."""

from __future__ import annotations

import ast
import os
from functools import cached_property

from ..config import Config
from ..resolve import known
from ..resolve.classify import Integration
from ..resolve.names import import_bindings
from ..resolve.project import ProjectIndex, module_name_for, package_base, project_root
from . import checks, deadchecks, fixtures, framework, mocks, requests, tautology
from .mocknames import injected_targets
from .tests import Test, find_tests
from .walk import Function, walk

_INDEXES: dict[tuple, ProjectIndex] = {}


def project_index(config: Config, filename: str) -> ProjectIndex:
    """The project's module index for a file: configured roots, plus the file's own project and package base."""
    here = os.path.dirname(os.path.abspath(filename))
    roots = list(config.source_roots)
    root = project_root(here)
    if root:
        roots += [root, os.path.join(root, "src"), os.path.join(root, "lib")]
    roots.append(package_base(filename))
    key = (tuple(os.path.abspath(r) for r in roots), tuple(sorted(config.integrations)))
    index = _INDEXES.get(key)
    if index is None:
        if len(_INDEXES) > 64:
            _INDEXES.clear()
        index = _INDEXES[key] = ProjectIndex(key[0], config.integrations)
    return index


class FileModel:
    def __init__(self, tree: ast.AST, filename: str, config: Config) -> None:
        self.tree = tree
        self.filename = filename
        self.config = config
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

    @cached_property
    def functions_named(self) -> dict[str, list[Function]]:
        """The file's functions by name, in source order: helper lookups must not scan the whole file per call."""
        out: dict[str, list[Function]] = {}
        for fn in self.functions:
            if fn.node is not None:
                out.setdefault(fn.node.name, []).append(fn)
        return out

    def find_fixture(self, name: str):
        return fixtures.find_fixture(name, self.fixtures, self.filename)

    def fixture_value(self, name: str):
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
    def project(self) -> ProjectIndex:
        return project_index(self.config, self.filename)

    @property
    def scopes(self) -> list[Function]:
        return [self.module, *self.functions]

    def classify(self, dotted: str) -> Integration | None:
        return self.project.classify(dotted)

    @cached_property
    def replacements(self) -> list[mocks.Replacement]:
        """Every mock construct whose target is an HTTP client or a database."""
        out: list[mocks.Replacement] = []
        seen: set[int] = set()
        decorated = {id(d): fn for fn in self.functions for d in fn.node.decorator_list}  # type: ignore[union-attr]
        for fn in self.scopes:
            for cand in mocks.candidates(fn, decorated):
                if id(cand.node) in seen:
                    continue  # patch.multiple: one finding per call
                hit = self.classify(cand.target)
                if hit is None or mocks.allowed(cand, hit, self.config.allowed_targets):
                    continue
                seen.add(id(cand.node))
                out.append(mocks.Replacement(cand.node, cand.form, cand.shown, hit))
        return out

    @cached_property
    def http_replacements(self) -> list[mocks.Replacement]:
        return [r for r in self.replacements if r.integration.kind == known.HTTP]

    @cached_property
    def db_replacements(self) -> list[mocks.Replacement]:
        return [r for r in self.replacements if r.integration.kind == known.DB]

    @cached_property
    def fabricated_requests(self) -> list[requests.FabricatedRequest]:
        return requests.find(self.functions, self.find_fixture)

    @cached_property
    def tests(self) -> list[Test]:
        return find_tests(self)

    @cached_property
    def test_checks(self) -> list[tuple[Test, list[checks.Check]]]:
        """Every test that is not skipped or abstract, with its checks."""
        return [(t, checks.checks_of(t.fn, self)) for t in self.tests if not (t.skipped or t.abstract)]

    @cached_property
    def dead_checks(self) -> list[deadchecks.DeadCheck]:
        """Checks that never run or assert nothing, in the tests of the file and the functions nested in them."""
        out: list[deadchecks.DeadCheck] = []
        todo = [t.fn for t in self.tests if not t.skipped]
        while todo:
            fn = todo.pop()
            out.extend(deadchecks.find(fn))
            todo.extend(fn.children)
        return out

    @cached_property
    def tautologies(self) -> list[tautology.Tautology]:
        out: list[tautology.Tautology] = []
        for test, _checks in self.test_checks:
            targets = {k: v for k, v in injected_targets(test.fn).items() if v}
            out.extend(tautology.find(test.fn, targets))
        return out

    @cached_property
    def conftest_imports(self) -> tuple[str, ...]:
        return fixtures.conftest_imports(self.filename)

    @cached_property
    def web_framework(self) -> str | None:
        """The web framework this test file is about (None: not a web app, or the framework's own suite)."""
        return framework.framework(self)

    @cached_property
    def web_tests(self) -> list[tuple[Test, bool]]:
        """Tests of a web project that are judged by MM3xx, with whether each goes through an endpoint."""
        if self.web_framework is None:
            return []
        from . import web  # endpoints and views: only for the files of a web application

        return [(t, web.uses_endpoint(t.fn, self)) for t in self.tests if not (t.skipped or t.abstract)]

    def helper(self, func: ast.expr, scope_fn: Function) -> Function | None:
        """The function a call in ``scope_fn`` reaches, when this file or a test-support module defines it:
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
        if "." in rest or not any(part.startswith(("test", "conftest")) or part in ("helpers", "utils", "support")
                                  for part in modname.split(".")):
            return None
        return fixtures.module_functions(path).get(rest)

    @cached_property
    def state_ops(self) -> list:
        """Every write to shared state (the gate of the MM4xx rules: each reports some of these)."""
        return self.state_facts.ops

    @cached_property
    def state_facts(self):
        """Writes to shared state (module-level objects, the environment, project state), without their restores."""
        from .state import StateFacts

        return StateFacts(self)

    @cached_property
    def state(self):
        """The writes to shared state and whether each is put back: loaded only for files with writes, since the
        MM4xx rules, which read it, are imported only then."""
        from .restores import Restores

        return Restores.of(self.state_facts)
