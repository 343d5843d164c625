"""Which functions are tests: pytest functions and methods, unittest TestCase methods.

A class holds tests when pytest would collect it (``Test*``, and the ``test_*``/``*Tests``
spellings projects configure) or when its base chain reaches a TestCase class, followed
through this file and, read from source, through the project's own modules.
"""

from __future__ import annotations

import ast

from ..resolve import known
from ..resolve.names import Scope, dotted_text, qualify
from ..resolve.project import ProjectIndex, class_bases
from .walk import FuncNode, Function

# Class names (identifiers) that hold tests, and those of abstract bases and mixins: prefixes and suffixes
# (as the regular expressions ``^[Tt]est|Tests?$|TestCase$`` and ``^(Base|Abstract|_)|(Base|Mixin|Abstract)$``).
_TEST_CLASS_PREFIXES = ("Test", "test")
_TEST_CLASS_SUFFIXES = ("Test", "Tests", "TestCase")
_ABSTRACT_CLASS_PREFIXES = ("Base", "Abstract", "_")
_ABSTRACT_CLASS_SUFFIXES = ("Base", "Mixin", "Abstract")
_SKIP_MARKS = ("skip", "xfail", "expectedFailure")
_CONDITIONAL_SKIPS = ("skipif", "skipIf", "skipUnless")
MAX_CLASS_DEPTH = 12


class Test:
    __slots__ = ("fn", "skipped", "abstract")

    def __init__(self, fn: Function, skipped: bool, abstract: bool) -> None:
        self.fn = fn
        self.skipped = skipped  # marked skip/xfail (the function or its class)
        self.abstract = abstract  # defined on an abstract base or mixin class

    @property
    def node(self):
        return self.fn.node


def find_tests(functions: list[Function], classes: list[ast.ClassDef], module: Function,
               project: ProjectIndex) -> list[Test]:
    """The tests among a file's ``functions`` (``module``: the file's module body, for its imports)."""
    bases = _Bases({c.name: c for c in classes}, module.scope, project)
    out: list[Test] = []
    for fn in functions:
        node = fn.node
        if node is None or not node.name.startswith("test") or fn.is_fixture or fn.parent is not None:
            continue
        cls = fn.cls
        if cls is not None and not bases.holds_tests(cls, 0):
            continue
        skipped = _skipped(node.decorator_list) or (cls is not None and _skipped(cls.decorator_list))
        abstract = cls is not None and (_abstract(cls) or _empty_override(node, cls, module.scope))
        out.append(Test(fn, skipped, abstract))
    return out


class _Bases:
    """Which classes of one file hold tests, following their bases through the file and the project."""

    def __init__(self, classes: dict[str, ast.ClassDef], scope: Scope, project: ProjectIndex) -> None:
        self.classes = classes
        self.scope = scope
        self.project = project
        self.cache: dict[str, bool] = {}

    def holds_tests(self, cls: ast.ClassDef, depth: int) -> bool:
        cache = self.cache
        if cls.name in cache:
            return cache[cls.name]
        cache[cls.name] = False  # cycles
        name = cls.name
        result = name.startswith(_TEST_CLASS_PREFIXES) or name.endswith(_TEST_CLASS_SUFFIXES) or any(
            self._is_testcase(b, depth) for b in cls.bases
        )
        cache[cls.name] = result
        return result

    def _is_testcase(self, base: ast.expr, depth: int) -> bool:
        if depth > MAX_CLASS_DEPTH:
            return False
        if isinstance(base, ast.Name) and base.id in self.classes and base.id not in self.scope.imports:
            return self.holds_tests(self.classes[base.id], depth + 1)
        q = qualify(base, self.scope)
        return q is not None and self._qualified_is_testcase(q, depth)

    def _qualified_is_testcase(self, q: str, depth: int, _seen: dict[str, int] | None = None) -> bool:
        if q in known.TESTCASE_BASES or q.rsplit(".", 1)[-1].endswith("TestCase"):
            return True
        seen = {} if _seen is None else _seen
        if depth > MAX_CLASS_DEPTH or seen.get(q, depth + 1) <= depth:
            return False  # cyclic or diamond-shaped bases: a class again only from a shallower depth
        seen[q] = depth
        bases = class_bases(self.project, q)  # the project's own base classes, read from source
        return bases is not None and any(self._qualified_is_testcase(b, depth + 1, seen) for b in bases)


def _skipped(decorators: list[ast.expr]) -> bool:
    """Skipped or expected to fail wherever it runs. A conditional skip (``skipif(not redis_available())``,
    ``skipUnless``, ``requires_*``) still runs where its condition holds (CI with its services): judged."""
    for dec in decorators:
        text = dotted_text(dec.func if isinstance(dec, ast.Call) else dec) or ""
        last = text.rsplit(".", 1)[-1]
        if last in _CONDITIONAL_SKIPS or last.startswith("requires_"):
            if isinstance(dec, ast.Call) and dec.args and isinstance(dec.args[0], ast.Constant) \
                    and bool(dec.args[0].value) == (last != "skipUnless"):
                return True  # ``skipif(True)``: unconditional after all
            continue
        if last in _SKIP_MARKS or last.startswith(("skip_", "fails_", "xfail_")):
            return True
    return False


def _empty_override(node: FuncNode, cls: ast.ClassDef, scope: Scope) -> bool:
    """An empty test in a class that inherits tests: it switches the inherited test off."""
    body = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if body and not all(isinstance(s, ast.Pass) for s in body):
        return False
    for base in cls.bases:
        q = qualify(base, scope) or dotted_text(base) or ""
        if q and q not in known.TESTCASE_BASES and q != "object":
            return True
    return False


def _abstract(cls: ast.ClassDef) -> bool:
    if cls.name.startswith(_ABSTRACT_CLASS_PREFIXES) or cls.name.endswith(_ABSTRACT_CLASS_SUFFIXES):
        return True
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__test__" for t in stmt.targets):
            return isinstance(stmt.value, ast.Constant) and not stmt.value.value
    # an abstract base class is not collected; a concrete class that mixes in helpers is (ReminderTests(ClockMixin,
    # TestCase)): only the class's own name says it is a mixin
    return any((dotted_text(b) or "").endswith("ABC") for b in cls.bases)
