"""What the MM3xx rules look for in a web test: a view called directly, persistence as the thing under test.

Views are project functions registered as routes (``@app.get``, ``@bp.route``, ``@router.post``,
``@api_view``), methods of class-based views, ``X.as_view()`` results, and functions of a
``views`` module taking ``request`` first, read from the project's source (``resolve.summary``).
"""

from __future__ import annotations

import ast
import builtins
import os
import re
from functools import lru_cache

from ..._lazy import LazyRegex
from ...model.file import FileModel
from ...model.walk import Function
from ...resolve import known
from ...resolve.names import dotted_text, qualify, strip_calls
from ...resolve.project import class_bases, function as project_function, project_root
from ...resolve.source import parse
from ...resolve.summary import ClassInfo, FuncInfo

_ORM_WRITES = frozenset({"save", "delete", "create", "update", "get_or_create", "update_or_create", "bulk_create",
                         "bulk_update", "add", "add_all", "commit", "merge", "flush"})
_ORM_READS = frozenset({"refresh_from_db", "get", "filter", "exclude", "count", "exists", "all", "first", "last",
                        "values", "values_list", "query", "scalars", "scalar", "execute", "order_by"})
_BUILTINS = frozenset(dir(builtins))
_VIEW_BASE_NAMES = frozenset({"APIView", "View", "ViewSet", "ModelViewSet", "GenericAPIView", "MethodView",
                              "HTTPEndpoint"})
_HANDLER_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "dispatch", "list",
                              "create", "retrieve", "update", "partial_update", "destroy", "__call__", "on_get",
                              "on_post", "on_put", "on_patch", "on_delete"})
_DATA_LAYER_TEST = LazyRegex(r"order(ing|ed)|unique|constraint|default|__str__|_str_|repr|manager|queryset|"
                             r"cascade|migrat|index|signal", re.IGNORECASE,
                             needs=("order", "unique", "constraint", "default", "str", "repr", "manager", "queryset",
                                    "cascade", "migrat", "index", "signal"))
_DATA_LAYER_CLASS = LazyRegex(r"Model|Manager|QuerySet|Ordering|Migration|Signal|Constraint|Field", re.IGNORECASE,
                              needs=("model", "manager", "queryset", "ordering", "migration", "signal", "constraint",
                                     "field"))
_ENDPOINT_FILE = LazyRegex(r"^(views?|api|routes?|routers?|endpoints?|viewsets?|resources?|handlers?)(_\w+)?\.py$",
                           needs=("view", "api", "route", "endpoint", "resource", "handler"))
_ENDPOINT_DIR = frozenset({"views", "api", "routes", "routers", "endpoints", "viewsets", "resources", "handlers"})
_SKIP_DIRS = frozenset({"tests", "test", "node_modules", "site-packages", "build", "dist", "docs", "migrations"})
MAX_ENDPOINT_FILES = 400
_MODEL_TEST_FILE = LazyRegex(r"model|manager|queryset|migration|orm|signal|database|(^|_)db|repositor|storage|"
                             r"schema|field|query", re.IGNORECASE,
                             needs=("model", "manager", "queryset", "migration", "orm", "signal", "database", "db",
                                    "repositor", "storage", "schema", "field", "query"))


class ViewCall:
    __slots__ = ("call", "view")

    def __init__(self, call: ast.Call, view: str) -> None:
        self.call = call
        self.view = view  # as the test spells it


class PersistenceOnly:
    __slots__ = ("call", "what")

    def __init__(self, call: ast.Call, what: str) -> None:
        self.call = call
        self.what = what


def view_calls(fn: Function, model: FileModel) -> list[ViewCall]:
    out = []
    for call in fn.calls:
        view = _called_view(call, fn, model)
        if view is not None:
            out.append(ViewCall(call, view))
    return out


def _called_view(call: ast.Call, fn: Function, model: FileModel) -> str | None:
    f = call.func
    q = qualify(f, fn.scope)
    if q is None:
        return None
    shown = dotted_text(f) or strip_calls(q)
    if q.endswith(".as_view()") or ".as_view()." in q:
        return shown if not model.project.is_library(q) else None
    if "()" in q or model.project.is_library(q):
        return None
    func = project_function(model.project, q)
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
        return func.name in _HANDLER_METHODS and _is_view_class(func.owner, model)
    module = func.module.modname
    return func.first_arg == "request" and module.rsplit(".", 1)[-1].startswith("views")


def _is_view_class(cls: ClassInfo, model: FileModel, depth: int = 0) -> bool:
    for q in cls.qualified_bases():
        if q in known.VIEW_BASES or q.rsplit(".", 1)[-1] in _VIEW_BASE_NAMES:
            return True
        if depth < 6 and not model.project.is_library(q):
            bases = class_bases(model.project, q)
            if bases and any(b in known.VIEW_BASES for b in bases):
                return True
    return False


# -- persistence as the thing under test ---------------------------------------------------------------
def persistence_only(fn: Function, model: FileModel) -> PersistenceOnly | None:
    """The first ORM write of a test whose only project calls are ORM writes, model constructors and
    reads of the same models back: a round trip through the ORM.

    Reported only when an endpoint module of the project (views, api, routes, routers,
    endpoints, viewsets, resources) refers to the model written: the journey exists and
    this test skips it.  Tests about the data layer itself stay silent.
    """
    doc = ast.get_docstring(fn.node) if fn.node is not None else None
    if _MODEL_TEST_FILE.search(model.filename.rsplit("/", 1)[-1]) or _DATA_LAYER_TEST.search(fn.name) \
            or _DATA_LAYER_TEST.search(doc or "") or (fn.cls is not None and _DATA_LAYER_CLASS.search(fn.cls.name)):
        return None
    first = None
    read_models: set[str] = set()
    written: set[str] = set()
    for call in fn.calls:
        f = call.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if (name.startswith(("assert", "fail")) or name in ("subTest", "raises", "approx")) \
                and _local_function(f, fn, model) is None:
            continue  # checks (an asserting helper of this file may render or call project code: not skipped)
        if name == "call_command":
            return None  # a management command is the thing under test
        q = qualify(f, fn.scope)
        if q is None:
            if isinstance(f, ast.Name) and f.id in _BUILTINS:
                continue
            if isinstance(f, ast.Attribute) and f.attr in _ORM_WRITES | _ORM_READS \
                    and _is_orm_receiver(f.value, fn, model):
                if f.attr in _ORM_WRITES:
                    first = first or call
                    written.add(_written_model(call, fn) or "?")
                else:
                    read_models.add(_written_model(call, fn) or "?")
                continue
            return None  # self.helper(), a local function...: other code is under test
        if model.project.is_library(q) and not _is_orm_receiver_q(q):
            continue  # datetime, timezone.now(), json...
        if isinstance(f, ast.Attribute) and f.attr in _ORM_WRITES and _is_orm_receiver(f.value, fn, model):
            first = first or call
            written.add(_written_model(call, fn) or "?")
            continue
        if isinstance(f, ast.Attribute) and f.attr in _ORM_READS and _is_orm_receiver(f.value, fn, model):
            read_models.add(_written_model(call, fn) or "?")
            continue  # reading the database back to check it
        if "()" not in q and _is_model_class(q, model):
            continue  # Order(...): a model constructor
        return None  # some other project code is the thing under test
    if first is None or not read_models <= written:
        return None  # it reads other models back: a side effect of saving (signals, logs, relations) is under test
    model_name = _written_model(first, fn)
    if model_name is None or model_name not in endpoint_names(model):
        return None
    return PersistenceOnly(first, ast.unparse(first.func) if len(ast.unparse(first.func)) < 60 else first.func.attr)


def _is_orm_receiver(expr: ast.expr, fn: Function, model: FileModel) -> bool:
    q = qualify(expr, fn.scope)
    if q is None:
        return False
    if q.endswith(".objects") or ".objects." in q:
        return True
    hit = model.classify(q)
    if hit is not None and hit.kind == known.DB:
        return True
    base = q[:-2] if q.endswith("()") else None
    return base is not None and _is_model_class(base, model)


def _is_orm_receiver_q(q: str) -> bool:
    return ".objects" in q


def _is_model_class(q: str, model: FileModel) -> bool:
    hit = model.classify(f"{q}.objects")
    return hit is not None and hit.kind == known.DB and "Model" in hit.resolved


def _written_model(call: ast.Call, fn: Function) -> str | None:
    """``Order.objects.create`` -> ``Order``; ``order.save()`` with ``order = Order(...)`` -> ``Order``."""
    node: ast.expr = call.func
    while isinstance(node, (ast.Attribute, ast.Call)):
        node = node.value if isinstance(node, ast.Attribute) else node.func
        if isinstance(node, ast.Name):
            bound = fn.scope.bindings.get(node.id)
            if isinstance(bound, ast.Call) and node is not call.func:
                return _written_model(ast.Call(func=ast.Attribute(value=bound, attr="x"), args=[], keywords=[]), fn)
            return node.id
    return node.id if isinstance(node, ast.Name) else None


def endpoint_names(model: FileModel) -> frozenset[str]:
    """Class-like names referred to by the project's endpoint modules (read with ast, never imported)."""
    root = project_root(os.path.dirname(os.path.abspath(model.filename)))
    return _endpoint_names(root) if root else frozenset()


@lru_cache(maxsize=16)
def _endpoint_names(root: str) -> frozenset[str]:
    names: set[str] = set()
    seen = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIP_DIRS and not d.endswith("venv")]
        in_endpoint_dir = os.path.basename(folder) in _ENDPOINT_DIR
        for f in files:
            if not f.endswith(".py") or not (in_endpoint_dir or _ENDPOINT_FILE.match(f)):
                continue
            seen += 1
            if seen > MAX_ENDPOINT_FILES:
                return frozenset(names)
            path = os.path.join(folder, f)
            try:
                if os.path.getsize(path) > 1_000_000:
                    continue
                with open(path, "rb") as fh:
                    tree = parse(fh.read())
            except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Name) and node.id[:1].isupper():
                    names.add(node.id)
                elif isinstance(node, ast.alias):
                    names.add((node.asname or node.name).rsplit(".", 1)[-1])
    return frozenset(names)


def _local_function(f: ast.expr, fn: Function, model: FileModel) -> Function | None:
    """A helper of this file the test calls: ``helper(...)``, or ``self.helper(...)`` on any class of the file."""
    if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in ("self", "cls"):
        name, methods = f.attr, True
    elif isinstance(f, ast.Name):
        name, methods = f.id, False
    else:
        return None
    for other in model.functions_named.get(name, ()):
        if (other.cls is not None) == methods:
            return other
    return None
