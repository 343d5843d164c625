"""Which functions are tests: pytest functions and methods, unittest TestCase methods.

A class holds tests when pytest would collect it (``Test*``, and the ``test_*``/``*Tests``
spellings projects configure) or when its base chain reaches a TestCase class, followed
through this file and, read from source, through the project's own modules.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from ..resolve import known
from ..resolve.names import dotted_text, qualify
from ..resolve.project import class_bases
from .walk import Function

if TYPE_CHECKING:
    from .file import FileModel

# Class names (identifiers) that hold tests, and those of abstract bases and mixins: prefixes and suffixes
# (as the regular expressions ``^[Tt]est|Tests?$|TestCase$`` and ``^(Base|Abstract|_)|(Base|Mixin|Abstract)$``).
_TEST_CLASS_PREFIXES = ("Test", "test")
_TEST_CLASS_SUFFIXES = ("Test", "Tests", "TestCase")
_ABSTRACT_CLASS_PREFIXES = ("Base", "Abstract", "_")
_ABSTRACT_CLASS_SUFFIXES = ("Base", "Mixin", "Abstract")
_SKIP_MARKS = ("skip", "skipif", "xfail", "skipIf", "skipUnless", "expectedFailure")
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


def find_tests(model: FileModel) -> list[Test]:
    classes = {c.name: c for c in model.classes}
    cache: dict[str, bool] = {}
    out: list[Test] = []
    for fn in model.functions:
        node = fn.node
        if node is None or not node.name.startswith("test") or fn.is_fixture or fn.parent is not None:
            continue
        cls = fn.cls
        if cls is not None and not _holds_tests(cls, model, classes, cache, 0):
            continue
        skipped = _skipped(node.decorator_list) or (cls is not None and _skipped(cls.decorator_list))
        abstract = cls is not None and (_abstract(cls) or _empty_override(node, cls, model))
        out.append(Test(fn, skipped, abstract))
    return out


def _holds_tests(cls: ast.ClassDef, model: FileModel, classes: dict, cache: dict, depth: int) -> bool:
    if cls.name in cache:
        return cache[cls.name]
    cache[cls.name] = False  # cycles
    name = cls.name
    result = name.startswith(_TEST_CLASS_PREFIXES) or name.endswith(_TEST_CLASS_SUFFIXES) or any(
        _base_is_testcase(b, model, classes, cache, depth) for b in cls.bases
    )
    cache[cls.name] = result
    return result


def _base_is_testcase(base: ast.expr, model: FileModel, classes: dict, cache: dict, depth: int) -> bool:
    if depth > MAX_CLASS_DEPTH:
        return False
    if isinstance(base, ast.Name) and base.id in classes and base.id not in model.imports:
        return _holds_tests(classes[base.id], model, classes, cache, depth + 1)
    q = qualify(base, model.module.scope)
    return q is not None and _qualified_is_testcase(q, model, depth)


def _qualified_is_testcase(q: str, model: FileModel, depth: int, _seen: dict[str, int] | None = None) -> bool:
    if q in known.TESTCASE_BASES or q.rsplit(".", 1)[-1].endswith("TestCase"):
        return True
    seen = {} if _seen is None else _seen
    if depth > MAX_CLASS_DEPTH or seen.get(q, depth + 1) <= depth:
        return False  # cyclic or diamond-shaped bases: a class again only from a shallower depth
    seen[q] = depth
    bases = class_bases(model.project, q)  # the project's own base classes, read from source
    return bool(bases) and any(_qualified_is_testcase(b, model, depth + 1, seen) for b in bases)


def _skipped(decorators: list[ast.expr]) -> bool:
    for dec in decorators:
        text = dotted_text(dec.func if isinstance(dec, ast.Call) else dec) or ""
        last = text.rsplit(".", 1)[-1]
        if last in _SKIP_MARKS or last.startswith(("skip_", "fails_", "xfail_", "requires_")):
            return True
    return False


def _empty_override(node: ast.AST, cls: ast.ClassDef, model: FileModel) -> bool:
    """An empty test in a class that inherits tests: it switches the inherited test off."""
    body = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]  # type: ignore
    if body and not all(isinstance(s, ast.Pass) for s in body):
        return False
    for base in cls.bases:
        q = qualify(base, model.module.scope) or dotted_text(base) or ""
        if q and q not in known.TESTCASE_BASES and q != "object":
            return True
    return False


def _abstract(cls: ast.ClassDef) -> bool:
    if cls.name.startswith(_ABSTRACT_CLASS_PREFIXES) or cls.name.endswith(_ABSTRACT_CLASS_SUFFIXES):
        return True
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__test__" for t in stmt.targets):
            return isinstance(stmt.value, ast.Constant) and not stmt.value.value
    return any((dotted_text(b) or "").endswith(("ABC", "Mixin")) for b in cls.bases)
