"""Which local names in a function are mocks: made by a mock class, a patcher, or injected by ``@patch``."""

from __future__ import annotations

import ast

from ..resolve import known
from ..resolve.names import last_names, qualify, qualify_named
from .walk import Function

_PATCHERS = frozenset({known.PATCH, known.PATCH_OBJECT})
_MOCKER_MAKERS = frozenset({known.PATCH, known.PATCH_OBJECT, known.CREATE_AUTOSPEC, *known.MOCK_CLASSES})
_FACTORY_NAMES = last_names("start", *_MOCKER_MAKERS)


def is_mock_factory(call: ast.expr, fn: Function) -> bool:
    """``Mock()``, ``create_autospec(...)``, ``mocker.patch(...)``, ``patch(...).start()``, ``patch(...)``."""
    if not isinstance(call, ast.Call):
        return False
    q = qualify_named(call.func, fn.scope, _FACTORY_NAMES)
    if q is None:
        return False
    if q in _MOCKER_MAKERS:
        return True
    return q.endswith("().start") and q[: -len("().start")] in _PATCHERS


def injects_mock(dec: ast.expr, fn: Function) -> bool:
    """A ``@patch(...)``/``@patch.object(...)`` decorator that passes a mock argument (no ``new``)."""
    if not isinstance(dec, ast.Call):
        return False
    q = qualify(dec.func, fn.scope)
    if q not in _PATCHERS:
        return False
    new_pos = 1 if q == known.PATCH else 2
    return len(dec.args) <= new_pos and not any(kw.arg == "new" for kw in dec.keywords)


def injected_targets(fn: Function) -> dict[str, str]:
    """Parameters that ``@patch`` decorators fill with mocks -> the target each replaced."""
    if fn.node is None:
        return {}
    params = [p for p in fn.params if p not in ("self", "cls")]
    decorators = [*fn.node.decorator_list, *(fn.cls.decorator_list if fn.cls is not None else ())]
    injected = [d for d in decorators if injects_mock(d, fn)]
    out: dict[str, str] = {}
    for param, dec in zip(params, reversed(injected)):
        assert isinstance(dec, ast.Call)
        out[param] = _target_of(dec, fn) or ""
    return out


def _target_of(dec: ast.Call, fn: Function) -> str | None:
    first = dec.args[0] if dec.args else None
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        if len(dec.args) >= 2 and isinstance(dec.args[1], ast.Constant):
            return f"{first.value}.{dec.args[1].value!s}"
        return first.value
    if first is not None and len(dec.args) >= 2 and isinstance(dec.args[1], ast.Constant):
        base = qualify(first, fn.scope)
        return f"{base}.{dec.args[1].value!s}" if base else None
    return None


def mock_names(fn: Function) -> set[str]:
    names = {name for name, value in fn.scope.bindings.items() if is_mock_factory(value, fn)}
    if fn.node is None:
        return names
    names.update(injected_targets(fn))
    for w in fn.withs:
        for item in w.items:
            if isinstance(item.optional_vars, ast.Name) and is_mock_factory(item.context_expr, fn):
                names.add(item.optional_vars.id)
    return names
