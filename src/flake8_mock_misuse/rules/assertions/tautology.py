"""Tautologies: asserting a value the test itself configured on a mock.

``repo.get.return_value = order`` then ``assert repo.get(1) is order``: the assertion reads
the mock back, so it holds whatever the code under test does.  Mocks are followed through
their names (``Mock(return_value=...)``, ``with patch(...) as m``, ``@patch`` arguments)
and through the patched target's own name (``@patch("app.cache.client")`` then
``app.cache.client.get("k")``).
"""

from __future__ import annotations

import ast

from ...model.mocknames import mock_names
from ...model.walk import Function
from ...resolve import known
from ...resolve.names import dotted_text, expr_text, qualify, root_name, same_tree

_EQUALITY_METHODS = frozenset({"assertEqual", "assertEquals", "assertIs", "assertDictEqual", "assertListEqual"})


class Tautology:
    __slots__ = ("node", "read", "configured")

    def __init__(self, node: ast.AST, read: str, configured: str) -> None:
        self.node = node
        self.read = read  # what the assertion reads back, e.g. "repo.get(...)"
        self.configured = configured  # e.g. "repo.get.return_value"


def find(fn: Function, decorated_targets: dict[str, str]) -> list[Tautology]:
    """``decorated_targets``: mock parameter name -> the qualified target its ``@patch`` replaced."""
    mocks = mock_names(fn) | set(decorated_targets)
    if not mocks:
        return []
    configured: dict[str, ast.expr] = {}
    for target, value in fn.attr_assigns:
        path = dotted_text(target)
        if path and root_name(target) in mocks:
            configured[path] = value
    for name, value in fn.scope.bindings.items():
        if name in mocks and isinstance(value, ast.Call):
            for kw in value.keywords:
                if kw.arg == "return_value":
                    configured[f"{name}.return_value"] = kw.value
    if not configured:
        return []
    aliases = _aliases(fn, decorated_targets)
    out: list[Tautology] = []
    for node, left, right in _equalities(fn):
        for actual, expected in ((left, right), (right, left)):
            key = _read_back(actual, fn, aliases)
            if key is not None and key in configured and _same(configured[key], expected):
                out.append(Tautology(node, expr_text(actual), key))
                break
    return out


def _aliases(fn: Function, decorated_targets: dict[str, str]) -> dict[str, str]:
    """Qualified patch target -> the mock's name in the test."""
    out = {target: name for name, target in decorated_targets.items()}
    for w in fn.withs:
        for item in w.items:
            call = item.context_expr
            if isinstance(item.optional_vars, ast.Name) and isinstance(call, ast.Call) and call.args:
                if qualify(call.func, fn.scope) == known.PATCH and isinstance(call.args[0], ast.Constant):
                    out[str(call.args[0].value)] = item.optional_vars.id
    return out


def _equalities(fn: Function):
    for a in fn.asserts:
        t = a.test
        if isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], (ast.Eq, ast.Is)):
            yield a, t.left, t.comparators[0]
    for call in fn.calls:
        f = call.func
        if isinstance(f, ast.Attribute) and f.attr in _EQUALITY_METHODS and len(call.args) >= 2:
            yield call, call.args[0], call.args[1]


def _read_back(expr: ast.expr, fn: Function, aliases: dict[str, str]) -> str | None:
    """``m.get(1)`` -> ``m.get.return_value``; ``m.attr`` -> ``m.attr``; through patch aliases."""
    if not isinstance(expr, ast.Call):
        return None  # an attribute read back after the code ran can check that the code left it alone
    expr, suffix = expr.func, ".return_value"
    path = dotted_text(expr)
    if path is None:
        return None
    q = qualify(expr, fn.scope)
    if q is not None:
        for target, name in aliases.items():
            if q == target or q.startswith(target + "."):
                path = name + q[len(target):]
                break
    return path + suffix


def _same(a: ast.expr, b: ast.expr) -> bool:
    return same_tree(a, b)
