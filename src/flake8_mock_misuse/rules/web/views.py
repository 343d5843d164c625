"""Which project callables are views, for the subject of a web test (``subject.py``, MM301).

Views are project functions registered as routes (``@app.get``, ``@bp.route``, ``@router.post``,
``@api_view``, Pyramid's ``@view_config`` and ``@notfound_view_config``), handler methods of class-based
views (with the steps of their request handling, ``get_context_data``, and DRF ``@action`` routes), public
methods of Pyramid ``@view_defaults`` classes, ``X.as_view()`` results, and public functions of a ``views``
module that take ``request`` in any position, read from the project's source.
"""

from __future__ import annotations

import ast

from ...model.file import FileModel
from ...resolve import known
from ...resolve.names import callee_text
from ...resolve.project import callable_of, class_bases
from ...resolve.summary import ClassInfo, FuncInfo

_VIEW_CLASS_DECORATORS = frozenset({"view_defaults"})
_VIEW_BASE_NAMES = frozenset({"APIView", "View", "ViewSet", "ModelViewSet", "GenericAPIView", "MethodView",
                              "HTTPEndpoint"})
_HANDLER_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "dispatch", "list",
                              "create", "retrieve", "update", "partial_update", "destroy", "__call__", "on_get",
                              "on_post", "on_put", "on_patch", "on_delete"})

# The steps of a class-based view's request handling, called on their own to skip the rest of it.
_VIEW_STEPS = frozenset({"get_context_data", "get_queryset", "get_object", "form_valid", "form_invalid",
                         "get_success_url", "perform_create", "perform_update", "perform_destroy",
                         "get_serializer_class", "get_template_names", "handle_no_permission", "test_func"})
_VIEW_MODULES = frozenset({"views", "viewsets", "generic", "generics"})
_ACTION_DECORATORS = frozenset({"action", "detail_route", "list_route"})  # DRF's extra routes of a viewset


def called_view(call: ast.Call, q: str, model: FileModel) -> str | None:
    """The view a call with the qualified callee ``q`` calls (as the test spells it), or None."""
    f = call.func
    shown = callee_text(f)
    if q.endswith(".as_view()") or ".as_view()." in q:
        return shown if not model.project.is_library(q) else None
    if model.project.is_library(q) or "()" in q and not (q.count("()") == 1 and q.rsplit(".", 1)[0].endswith("()")):
        return None
    func = callable_of(model.project, q)  # a function, or a method of a class (``Views(request).cancel``)
    if func is not None and _is_view_function(func, model):
        return shown
    return None


def _is_view_function(func: FuncInfo, model: FileModel) -> bool:
    if func.routed or any(name in known.ROUTE_DECORATOR_NAMES for name in func.decorators):
        return True  # @app.get("/items"), @bp.route("/x"), @router.post("/"); @api_view
    if func.owner is not None:
        if any(d in _VIEW_CLASS_DECORATORS for d in func.owner.decorators):
            return not func.name.startswith("_")  # Pyramid: @view_defaults(...) class, its public methods
        handler = func.name in _HANDLER_METHODS or func.name in _VIEW_STEPS \
            or any(d in _ACTION_DECORATORS for d in func.decorators)
        return handler and _is_view_class(func.owner, model)
    module = func.module.modname
    return "request" in func.params and not func.name.startswith("_") \
        and module.rsplit(".", 1)[-1].startswith("views")


def _is_view_class(cls: ClassInfo, model: FileModel, depth: int = 0) -> bool:
    for q in cls.qualified_bases():
        if q in known.VIEW_BASES or q.rsplit(".", 1)[-1] in _VIEW_BASE_NAMES or _library_view(q, model):
            return True
        if depth < 6 and not model.project.is_library(q):
            bases = class_bases(model.project, q)
            if bases and any(b in known.VIEW_BASES for b in bases):
                return True
    return False


def _library_view(q: str, model: FileModel) -> bool:
    """A class-based view of an installed or absent package, by where it lives and what it is called
    (``allauth.account.views.LoginView``, ``django.views.generic.ListView``, ``rest_framework.generics.
    ListAPIView``): a module of views and a name ending in ``View``."""
    module, _, name = q.rpartition(".")
    return name.endswith(("View", "ViewSet")) and any(p in _VIEW_MODULES for p in module.split(".")) \
        and model.project.is_library(q)
