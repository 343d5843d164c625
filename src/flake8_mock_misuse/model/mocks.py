"""Mock constructs in every form, with their targets resolved.

Forms: ``patch`` (decorator, context manager, ``start()``), ``patch.object``,
``patch.multiple``, ``create_autospec``, ``Mock``/``MagicMock``/... ``(spec=...)``,
pytest-mock's ``mocker.*`` and pytest's ``monkeypatch.setattr``, however imported, and a mock
assigned to an attribute (``requests.Session.get = Mock()``).  A call is found wherever it
stands, so every syntactic form is covered by one pass over the walk's calls.  What a construct
replaces, and whether that matters, is for the rule families to say.
"""

from __future__ import annotations

import ast

from ..resolve import known
from ..resolve.names import const_str, dotted_text, last_names, qualify, qualify_named, strip_calls
from .walk import Function


class Candidate:
    """A mock construct and what it replaces."""

    __slots__ = ("node", "form", "target", "shown")

    def __init__(self, node: ast.AST, form: str, target: str, shown: str) -> None:
        self.node = node  # the call (or, for "assignment", the attribute assigned a mock)
        self.form = form  # "patch", "patch.object", "patch.multiple", "monkeypatch.setattr", "spec", ...
        self.target = target  # resolved dotted name (may contain "()")
        self.shown = shown  # how to show it to a person


# Last names of the calls from_call() knows (patch, patch.object, patch.multiple, setattr, mock classes)
_CONSTRUCT_NAMES = last_names(
    known.PATCH, known.PATCH_OBJECT, known.PATCH_MULTIPLE, known.CREATE_AUTOSPEC, "setattr", *known.MOCK_CLASSES)


def construct_calls(fn: Function) -> list[Candidate]:
    """The mock constructs among the calls of ``fn``, in source order."""
    out: list[Candidate] = []
    for call in fn.calls:
        q = qualify_named(call.func, fn.scope, _CONSTRUCT_NAMES)
        if q is not None:
            out.extend(from_call(call, q, fn))
    return out


def mock_assignments(fn: Function) -> list[tuple[Candidate, ast.Call]]:
    """``requests.Session.get = Mock(...)``: replacements by plain assignment, with the mock made (directly,
    by a local name the function bound to one: ``client = MagicMock(); adapter._client = client``, by a
    function nested in this one that returns one, or as a parameter annotated as one)."""
    out: list[tuple[Candidate, ast.Call]] = []
    for target, value in fn.attr_assigns:
        if isinstance(value, ast.Name):
            value = fn.scope.bindings.get(value.id, value)
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            value = _made_by_factory(fn, value.func.id) or value
        elif isinstance(value, ast.Name):
            value = _mock_parameter(fn, value.id) or value
        if isinstance(value, ast.Call) and qualify(value.func, fn.scope) in known.MOCK_CLASSES:
            base = qualify(target.value, fn.scope)
            if base is not None:
                out.append((Candidate(target, "assignment", f"{base}.{target.attr}",
                                      f"{dotted_text(target.value) or strip_calls(base)}.{target.attr}"), value))
    return out


def _mock_parameter(fn: Function, name: str) -> ast.Call | None:
    """A parameter annotated as a mock (``def _strategy(client: AsyncMock)``), as a bare call of that class."""
    annotation = fn.annotation(name)
    if annotation is None or qualify(annotation, fn.scope) not in known.MOCK_CLASSES:
        return None
    return ast.Call(func=annotation, args=[], keywords=[])


def _made_by_factory(fn: Function, name: str) -> ast.Call | None:
    """The mock a function nested in ``fn`` returns (``def mockable(f): ...; return Mock(side_effect=...)``)."""
    for child in fn.children:
        if child.node is not None and child.node.name == name:
            for value in child.returns:
                if isinstance(value, ast.Call) and qualify(value.func, child.scope) in known.MOCK_CLASSES:
                    return value
    return None


def from_call(call: ast.Call, q: str, fn: Function) -> list[Candidate]:
    if q == known.PATCH:
        target = _str_arg(call, 0, "target")
        return [Candidate(call, "patch", target, target)] if target is not None else []
    if q == known.PATCH_OBJECT:
        return _object_form(call, fn, "patch.object")
    if q == known.PATCH_MULTIPLE:
        if not call.args:
            return []
        base, shown = _base(call.args[0], fn)
        if base is None:
            return []
        return [
            Candidate(call, "patch.multiple", f"{base}.{kw.arg}", f"{shown}.{kw.arg}")
            for kw in call.keywords
            if kw.arg
        ]
    if q.endswith(".setattr") and q[: -len(".setattr")] in known.MONKEYPATCH_FACTORIES:
        first = const_str(call.args[0]) if call.args else None
        if first is not None and (len(call.args) == 2 or const_str(call.args[1]) is None):
            return [Candidate(call, "monkeypatch.setattr", first, first)]
        return _object_form(call, fn, "monkeypatch.setattr")
    if q in known.MOCK_CLASSES or q == known.CREATE_AUTOSPEC:
        spec = kwarg(call, "spec") or kwarg(call, "spec_set")
        if spec is None and q == known.CREATE_AUTOSPEC and call.args:
            spec = call.args[0]
        if spec is None or isinstance(spec, (ast.List, ast.Tuple, ast.Constant)):
            return []
        target = qualify(spec, fn.scope)
        if target is None:
            return []
        form = "create_autospec" if q == known.CREATE_AUTOSPEC else "spec"
        return [Candidate(call, form, target, dotted_text(spec) or strip_calls(target))]
    return []


def _object_form(call: ast.Call, fn: Function, form: str) -> list[Candidate]:
    if len(call.args) < 2:
        return []
    attr = const_str(call.args[1])
    if attr is None:
        return []
    base, shown = _base(call.args[0], fn)
    if base is None:
        return []
    return [Candidate(call, form, f"{base}.{attr}", f"{shown}.{attr}")]


def _base(expr: ast.expr, fn: Function) -> tuple[str | None, str]:
    text = const_str(expr)
    if text is not None:
        return text, text
    q = qualify(expr, fn.scope)
    return q, dotted_text(expr) or (strip_calls(q) if q else "")


def kwarg(call: ast.Call, name: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def _str_arg(call: ast.Call, pos: int, name: str) -> str | None:
    if len(call.args) > pos:
        return const_str(call.args[pos])
    value = kwarg(call, name)
    return const_str(value) if value is not None else None
