"""Mock constructs in every form, with their targets resolved and classified.

Forms: ``patch`` (decorator, context manager, ``start()``), ``patch.object``,
``patch.multiple``, ``create_autospec``, ``Mock``/``MagicMock``/... ``(spec=...)``,
pytest-mock's ``mocker.*`` and pytest's ``monkeypatch.setattr``, however imported.
A call is found wherever it stands, so every syntactic form is covered by one pass.
"""

from __future__ import annotations

import ast
import fnmatch
from dataclasses import dataclass

from ..resolve import known
from ..resolve.classify import Integration
from ..resolve.names import dotted_text, qualify, strip_calls
from .walk import Function


@dataclass(frozen=True)
class Replacement:
    """Something the test replaces with a mock, and the integration point it turned out to be."""

    node: ast.AST  # where to report
    form: str  # "patch", "patch.object", "patch.multiple", "monkeypatch.setattr", "spec", "create_autospec"
    target: str  # the target as the test spells it (resolved through its imports)
    integration: Integration


@dataclass(frozen=True)
class Candidate:
    node: ast.Call
    form: str
    target: str  # resolved dotted name (may contain "()")
    shown: str  # how to show it to a person


_EXC_SUFFIXES = ("Error", "Exception", "Timeout", "Exc", "Refused", "Failure")


def candidates(fn: Function) -> list[Candidate]:
    out: list[Candidate] = []
    for call in fn.calls:
        q = qualify(call.func, fn.scope)
        if q is None:
            continue
        out.extend(_from_call(call, q, fn))
    return out


def _from_call(call: ast.Call, q: str, fn: Function) -> list[Candidate]:
    if q == known.PATCH:
        target = _str_arg(call, 0, "target")
        if target is None or _keeps_real_behaviour(call, new_pos=1):
            return []
        return [Candidate(call, "patch", target, target)]
    if q == known.PATCH_OBJECT:
        return _object_form(call, fn, "patch.object", new_pos=2)
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
        first = _const_str(call.args[0]) if call.args else None
        if first is not None and (len(call.args) == 2 or _const_str(call.args[1]) is None):
            return [Candidate(call, "monkeypatch.setattr", first, first)]
        return _object_form(call, fn, "monkeypatch.setattr", new_pos=None)
    if q in known.MOCK_CLASSES or q == known.CREATE_AUTOSPEC:
        spec = _kwarg(call, "spec") or _kwarg(call, "spec_set")
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


def _object_form(call: ast.Call, fn: Function, form: str, new_pos: int | None) -> list[Candidate]:
    if len(call.args) < 2:
        return []
    attr = _const_str(call.args[1])
    if attr is None:
        return []
    if new_pos is not None and _keeps_real_behaviour(call, new_pos=new_pos):
        return []
    base, shown = _base(call.args[0], fn)
    if base is None:
        return []
    return [Candidate(call, form, f"{base}.{attr}", f"{shown}.{attr}")]


def _base(expr: ast.expr, fn: Function) -> tuple[str | None, str]:
    text = _const_str(expr)
    if text is not None:
        return text, text
    q = qualify(expr, fn.scope)
    return q, dotted_text(expr) or (strip_calls(q) if q else "")


def _keeps_real_behaviour(call: ast.Call, new_pos: int) -> bool:
    """Spies (``wraps=``) and fault injection (``side_effect=SomeError``) keep the real resource.

    A patch whose only configured behaviour is raising an exception simulates a failure of
    an otherwise real resource; a test cannot easily make a real database or server fail on
    cue, so this is a legitimate use.  ``new``/``return_value`` make it a replacement again.
    """
    if _kwarg(call, "wraps") is not None:
        return True
    if len(call.args) > new_pos or _kwarg(call, "new") is not None or _kwarg(call, "return_value") is not None:
        return False
    effect = _kwarg(call, "side_effect")
    return effect is not None and _is_exception(effect)


def _is_exception(expr: ast.expr) -> bool:
    if isinstance(expr, ast.Call):
        expr = expr.func
    if isinstance(expr, (ast.List, ast.Tuple)):
        return bool(expr.elts) and all(_is_exception(e) for e in expr.elts)
    text = dotted_text(expr)
    return bool(text) and text.rsplit(".", 1)[-1].endswith(_EXC_SUFFIXES)


def _kwarg(call: ast.Call, name: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def _str_arg(call: ast.Call, pos: int, name: str) -> str | None:
    if len(call.args) > pos:
        return _const_str(call.args[pos])
    value = _kwarg(call, name)
    return _const_str(value) if value is not None else None


def _const_str(expr: ast.expr) -> str | None:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    return None


def allowed(candidate: Candidate, integration: Integration, patterns: tuple[str, ...]) -> bool:
    names = (candidate.shown, strip_calls(candidate.target), strip_calls(integration.resolved))
    return any(fnmatch.fnmatchcase(n, p) for p in patterns for n in names)
