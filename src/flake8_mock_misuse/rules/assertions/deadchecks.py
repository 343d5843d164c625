"""Checks that never run or assert nothing: code that looks like a check and is not one.

- an assertion in a ``pytest.raises``/``assertRaises`` block after the statement that raises;
- a comparison or predicate call whose result is thrown away (the ``assert`` forgotten);
- a mock "assertion" that asserts nothing (``m.assert_called_once`` without parentheses,
  ``m.called_once_with(...)``, misspelled ``m.assret_called_with(...)``).
"""

from __future__ import annotations

import ast

from ...model.mocknames import mock_names
from ...model.walk import Function
from ...resolve.names import dotted_text, expr_text, qualify, root_name, strip_calls
from .checks import MOCK_ASSERTS, callee_name

_RAISES_CALLS = frozenset({"pytest.raises"})
_RAISES_METHODS = frozenset({"assertRaises", "assertRaisesRegex", "assertRaisesRegexp", "assertRaisesMessage",
                             "failUnlessRaises"})
DISCARDED_PREDICATES = frozenset(
    {"exists", "isinstance", "issubclass", "hasattr", "callable", "startswith", "endswith", "issubset",
     "issuperset", "isdisjoint", "isfile", "isdir", "is_file", "is_dir", "allclose", "array_equal", "equals"}
)
NOT_ASSERTS = frozenset(
    {"called_once", "called_once_with", "called_with", "not_called", "has_calls", "any_call",
     "awaited_once", "awaited_with", "awaited_once_with", "not_awaited", "has_awaits", "any_await"}
)
MISSPELLINGS = ("assret", "asert", "aseert", "assrt", "asssert", "assertt_", "assert_call_", "assert_calls")


class DeadCheck:
    __slots__ = ("node", "kind", "text")

    def __init__(self, node: ast.AST, kind: str, text: str) -> None:
        self.node = node
        self.kind = kind  # "after-raise", "discarded", "mock-noop"
        self.text = text


def find(fn: Function) -> list[DeadCheck]:
    out: list[DeadCheck] = []
    in_raises: set[int] = set()
    for w in fn.withs:
        if _guarded_block(w):
            in_raises.update(id(s) for s in w.body)
        expected = _raises_item(w, fn)
        if expected is None:
            continue
        in_raises.update(id(s) for s in w.body)
        if expected in ("AssertionError", "Exception", "BaseException"):
            continue
        dead = _after_raise(w.body)
        if dead is not None:
            out.append(DeadCheck(dead, "after-raise", _text(dead)))
    mocks: set[str] | None = None  # the function's mock names, found when first needed
    for stmt in fn.statements:
        v = stmt.value
        if id(stmt) not in in_raises:
            if isinstance(v, ast.Compare):
                out.append(DeadCheck(stmt, "discarded", _text(v)))
            elif isinstance(v, ast.Call) and callee_name(v) in DISCARDED_PREDICATES:
                out.append(DeadCheck(stmt, "discarded", _text(v)))
        if isinstance(v, ast.Attribute) and (v.attr in MOCK_ASSERTS or v.attr.startswith("assert_")):
            out.append(DeadCheck(stmt, "mock-noop", f"{_text(v)} without ()"))
    for call in fn.calls:
        f = call.func
        if not isinstance(f, ast.Attribute):
            continue
        if f.attr.lower().startswith(MISSPELLINGS):
            out.append(DeadCheck(call, "mock-noop", f"{dotted_text(f) or f.attr}() is misspelled"))
        elif f.attr in NOT_ASSERTS:
            if mocks is None:
                mocks = mock_names(fn)
            if _is_mock(f.value, mocks):
                out.append(DeadCheck(call, "mock-noop", f"{dotted_text(f) or f.attr}() is not an assertion"))
    return out


_GUARD_WORDS = ("raise", "warn", "deprecat", "queries", "query", "expect", "capture", "log")


def _guarded_block(w: ast.With | ast.AsyncWith) -> bool:
    """A block whose statements are expected to raise, warn, log or run queries (``expect_raises``,
    ``assertNumQueries``, ``assertWarns``, ``CaptureQueriesContext``): a bare comparison there is deliberate."""
    for item in w.items:
        call = item.context_expr
        if isinstance(call, ast.Call):
            name = callee_name(call)
            lowered = name.lower()
            if any(w in lowered for w in _GUARD_WORDS):
                return True
    return False


def _is_mock(expr: ast.expr, mocks: set[str]) -> bool:
    root = root_name(expr)
    return root is not None and (root in mocks or "mock" in root.lower())


def _raises_item(w: ast.With | ast.AsyncWith, fn: Function) -> str | None:
    """The expected exception's name if ``w`` is a raises block, else None."""
    for item in w.items:
        call = item.context_expr
        if not isinstance(call, ast.Call):
            continue
        q = qualify(call.func, fn.scope)
        name = callee_name(call)
        if (q is not None and strip_calls(q) in _RAISES_CALLS) or name in _RAISES_METHODS \
                or "raises" in name.lower():
            exc = call.args[0] if call.args else None
            return (dotted_text(exc) or "?").rsplit(".", 1)[-1] if exc is not None else "?"
    return None


def _after_raise(body: list[ast.stmt]) -> ast.stmt | None:
    """The last check of a raises block when a call comes before it and nothing that can raise after."""
    seen_call = False
    candidate = None
    for stmt in body:
        is_check = isinstance(stmt, ast.Assert) or (
            isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
            and callee_name(stmt.value).startswith("assert"))
        if is_check and _may_raise(stmt):
            return None  # the check's own arguments call code: it may be the statement that raises
        if is_check and seen_call:
            candidate = candidate or stmt
            continue
        if _has_call(stmt):
            seen_call = True
            candidate = None  # something after the check can still raise: the check may run
    return candidate


def _may_raise(check: ast.stmt) -> bool:
    """Does a check evaluate a call other than the assertion itself (``assertEqual(list(qs.filter(...)))``)?"""
    inner = check.test if isinstance(check, ast.Assert) else check.value  # type: ignore[attr-defined]
    roots = inner.args + [k.value for k in inner.keywords] if isinstance(inner, ast.Call) else [inner]
    return any(isinstance(n, (ast.Call, ast.Await)) for r in roots for n in ast.walk(r))


def _has_call(stmt: ast.stmt) -> bool:
    return any(isinstance(n, (ast.Call, ast.Raise, ast.Await)) for n in ast.walk(stmt))


def _text(node: ast.AST) -> str:
    try:
        text = expr_text(node)
    except Exception:  # pragma: no cover - unparse of odd nodes
        return "this check"
    return text if len(text) <= 60 else text[:57] + "..."
