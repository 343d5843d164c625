"""Which project callables are views, for the subject of a web test (``subject.py``, MM301).

Views are project functions registered as routes (``@app.get``, ``@bp.route``, ``@router.post``,
``@api_view``, Pyramid's ``@view_config`` and ``@notfound_view_config``), handler methods of class-based
views, public methods of Pyramid ``@view_defaults`` classes, ``X.as_view()`` results, and public functions
of a ``views`` module that take ``request`` in any position, read from the project's source.
"""

from __future__ import annotations

import ast

from ...model.file import FileModel
from ...resolve import known
from ...resolve.names import dotted_text, strip_calls
from ...resolve.project import callable_of, class_bases
from ...resolve.summary import ClassInfo, FuncInfo

_VIEW_CLASS_DECORATORS = frozenset({"view_defaults"})
_VIEW_BASE_NAMES = frozenset({"APIView", "View", "ViewSet", "ModelViewSet", "GenericAPIView", "MethodView",
                              "HTTPEndpoint"})
_HANDLER_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "dispatch", "list",
                              "create", "retrieve", "update", "partial_update", "destroy", "__call__", "on_get",
                              "on_post", "on_put", "on_patch", "on_delete"})


def called_view(call: ast.Call, q: str, model: FileModel) -> str | None:
    """The view a call with the qualified callee ``q`` calls (as the test spells it), or None."""
    f = call.func
    shown = dotted_text(f) or strip_calls(q)
    if q.endswith(".as_view()") or ".as_view()." in q:
        return shown if not model.project.is_library(q) else None
    if model.project.is_library(q) or "()" in q and not (q.count("()") == 1 and q.rsplit(".", 1)[0].endswith("()")):
        return None
    func = callable_of(model.project, q)  # a function, or a method of a class (``Views(request).cancel``)
    if func is not None and _is_view_function(func, model):
        return shown
    return None


def _is_view_function(func: FuncInfo, model: FileModel) -> bool:
    for dec in func.decorators:
        target = dec.func if isinstance(dec, ast.Call) else dec
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if isinstance(target, ast.Attribute) and name in known.ROUTE_DECORATOR_ATTRS \
                and isinstance(dec, ast.Call) and dec.args and isinstance(dec.args[0], ast.Constant) \
                and isinstance(dec.args[0].value, str) and dec.args[0].value.startswith("/"):
            return True  # @app.get("/items"), @bp.route("/x"), @router.post("/")
        if name in known.ROUTE_DECORATOR_NAMES:
            return True
    if func.owner is not None:
        if any(decorator_name(d) in _VIEW_CLASS_DECORATORS for d in func.owner.decorators):
            return not func.name.startswith("_")  # Pyramid: @view_defaults(...) class, its public methods
        return func.name in _HANDLER_METHODS and _is_view_class(func.owner, model)
    module = func.module.modname
    return "request" in func.params and not func.name.startswith("_") \
        and module.rsplit(".", 1)[-1].startswith("views")


def decorator_name(dec: ast.expr) -> str:
    target = dec.func if isinstance(dec, ast.Call) else dec
    return target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")


def _is_view_class(cls: ClassInfo, model: FileModel, depth: int = 0) -> bool:
    for q in cls.qualified_bases():
        if q in known.VIEW_BASES or q.rsplit(".", 1)[-1] in _VIEW_BASE_NAMES:
            return True
        if depth < 6 and not model.project.is_library(q):
            bases = class_bases(model.project, q)
            if bases and any(b in known.VIEW_BASES for b in bases):
                return True
    return False
