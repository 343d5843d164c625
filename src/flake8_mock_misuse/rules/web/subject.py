"""The subject of a web application's test: the project code it exercises, when no endpoint is in the way.

A test that reaches an endpoint (a test client's verb, a live server, a browser, a management command, a
GraphQL query against the schema; in the test or in a helper it runs) is about that endpoint: every ORM
call in it arranges data for the request (a view it also calls directly is still reported). Otherwise its
subject is the last project call, in the order the calls finish, that is neither a check nor a database
read; calls inside a check's arguments count, while library, builtin, test-support and mock calls do not.
The subject is then a view (MM301), the model layer (a method, classmethod or manager call of a project
ORM model or of a row of one, persistence included) or the service layer (a project function or
repository handed the database session) (MM302), or something no rule judges (a task, a command,
middleware, a form, a permission class, a utility).
"""

from __future__ import annotations

import ast
import builtins

from ...model.file import FileModel
from ...model.helpers import support_module
from ...model.walk import Function
from ...resolve import known
from ...resolve.names import annotated_class, callee_text, qualify, strip_calls
from ...resolve.project import callable_of, factory_model
from ...resolve.summary import FuncInfo
from .endpoints import uses_endpoint
from .views import called_view

VIEW = "view"
MODEL = "model"
SERVICE = "service"

DB_READS = frozenset({"get", "filter", "exclude", "count", "exists", "first", "last", "all", "values", "values_list",
                      "refresh_from_db", "query", "one", "one_or_none", "scalar", "scalars", "execute", "order_by",
                      "get_or_none", "aggregate", "annotate", "select_related", "prefetch_related", "only", "defer",
                      "in_bulk", "latest", "earliest", "iterator", "fetchone", "fetchall", "refresh", "flush",
                      "distinct", "none", "using"})
_CHECKS = ("assert", "fail")
_CHECK_NAMES = frozenset({"raises", "subTest", "approx", "warns", "deprecated_call", "expectedFailure"})
_BUILTINS = frozenset(dir(builtins))
# What is never the subject a rule judges: background work, commands, request plumbing, forms, template tags.
_TASK_DECORATORS = frozenset({"shared_task", "task", "actor", "periodic_task", "job", "celery_task"})
_NEVER_BASES = ("Form", "ModelForm", "Middleware", "MiddlewareMixin", "BasePermission", "BaseAuthentication",
                "Command", "BaseCommand", "Serializer", "ModelSerializer", "Task", "FilterSet", "Filter")
_NEVER_MODULES = ("templatetags", "tasks", "management", "middleware", "forms", "permissions", "authentication",
                  "serializers", "filters", "migrations", "scripts", "commands", "cli", "utils", "utilities",
                  "helpers", "jobs", "workers")


class Subject:
    __slots__ = ("call", "kind", "shown")

    def __init__(self, call: ast.Call, kind: str, shown: str) -> None:
        self.call = call  # where the finding sits
        self.kind = kind  # VIEW, MODEL or SERVICE
        self.shown = shown  # the callee as the test spells it


def reaches_endpoint(fn: Function, model: FileModel) -> bool:
    """The endpoint gate: a request through a test client, a live server or a browser, or a management
    command, in the test or in a helper it runs (of the file, its bases, or test-support modules)."""
    if uses_endpoint(fn, model) or _commands(fn):
        return True
    return any(uses_endpoint(helper, model, 2) or _commands(helper) for helper, _name in model.helpers.reached(fn))


def _commands(fn: Function) -> bool:
    """A management command run, or a GraphQL query executed against the schema (resolvers, permissions)."""
    for c in fn.calls:
        q = qualify(c.func, fn.scope)
        if q is not None and (q in known.ENTRY_POINT_CALLS or strip_calls(q) in known.ENTRY_POINT_CALLS):
            return True
    return False


def subject(fn: Function, model: FileModel) -> Subject | None:
    """The subject of a test that reaches no endpoint, when it is a view or the model or service layer.

    Calls are taken in the order they finish. The last project call outside the checks that acts (not a
    database read, not an ORM write or model constructor that arranges rows) is the subject; without one,
    the last project call inside a check's arguments (``assert basket.total() == 1``); without that, the
    last ORM write itself (``Version.objects.create(...)`` then checks on the row: persistence is the
    subject); without that, the last query (a test of the model's managers and querysets).
    """
    if reaches_endpoint(fn, model):
        return _view_called_anyway(fn, model)
    checks = _check_spans(fn)
    ordered = sorted(fn.calls, key=lambda c: (c.end_lineno or 0, c.end_col_offset or 0), reverse=True)
    chained = {id(inner) for c in fn.calls for inner in _receivers(c)}
    contexts = [((i.context_expr.lineno, i.context_expr.col_offset),
                 (i.context_expr.end_lineno or 0, i.context_expr.end_col_offset or 0))
                for w in fn.withs for i in w.items]
    inside: list[Subject] = []
    writes: list[Subject] = []
    reads: list[Subject] = []
    unjudged = False  # project code no rule judges, called in a check
    consumed = False  # rows rendered or serialized by the library after they were written: arranged for it
    for call in ordered:
        if _within(call, contexts, itself=True):
            continue  # ``with create_app().test_request_context(...)``: a context the test sets up
        verdict = _judge(call, fn, model)
        if verdict is _CONSUMER:
            consumed = True
            continue
        if verdict is _SKIP:
            continue
        if isinstance(verdict, Subject) and verdict.kind == _READ:
            reads.append(Subject(call, MODEL, verdict.shown))
            continue  # reading rows: the subject only when nothing else is
        if id(call) in chained and isinstance(verdict, Subject) and verdict.kind == MODEL:
            continue  # ``Status.objects.get_for_model(Device).first()``: a query whose result is read on the spot
        in_check = _within(call, checks)
        if isinstance(verdict, Subject) and verdict.kind == _WRITE:
            if not consumed:
                writes.append(Subject(call, MODEL, verdict.shown))
            continue  # arranging rows, unless nothing else happens
        if in_check:
            if verdict is None:  # ``OrderSerializer(order).data`` checked: the rows were arranged for it
                unjudged = unjudged or _qualified(call.func, fn, model) is not None
            else:
                inside.append(verdict)
            continue
        return verdict  # the subject (a Subject), or None: a subject no rule judges
    if inside:
        return inside[0]
    if unjudged:
        return None
    if writes:
        return writes[0]
    return reads[0] if reads and not consumed else None  # only queries: the managers and querysets are the subject


def _view_called_anyway(fn: Function, model: FileModel) -> Subject | None:
    """A test that goes through an endpoint and also calls a view directly (to skip its dependencies: an
    auth check, a superuser guard): that call is still a view called directly."""
    for call in fn.calls:
        q = _qualified(call.func, fn, model)
        if q is not None and not model.project.is_library(strip_calls(q)):
            view = called_view(call, q, model)
            if view is not None:
                return Subject(call, VIEW, view)
    return None


_SKIP = object()
_FACTORY_VERBS = frozenset({"create", "build", "get_or_create", "create_batch", "build_batch"})
_CONSUMER = object()  # a library call that renders or serializes rows (``render_to_string``)
_WRITE = "write"  # an ORM write or model constructor: arranges rows, or is itself the subject
_READ = "read"  # an ORM query: reads rows back, or is itself the subject
_ORM_WRITES = frozenset({"save", "create", "delete", "update", "get_or_create", "update_or_create", "bulk_create",
                         "bulk_update", "add", "add_all", "commit", "merge", "full_clean", "set", "remove", "clear",
                         "append", "extend"})  # the last two: a row's relationship collection


def _receivers(call: ast.Call) -> list[ast.Call]:
    """The calls whose result ``call`` is made on (``a().b().c()``: ``a()`` and ``a().b()``)."""
    out = []
    node = call.func
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        if isinstance(node, ast.Call):
            out.append(node)
            node = node.func
        else:
            node = node.value
    return out


def _check_spans(fn: Function) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where the checks are: ``assert`` statements and calls of check methods (their arguments included)."""
    spans = []
    nodes: list[ast.stmt | ast.expr] = [*fn.asserts, *(c for c in fn.calls if _is_check(c))]
    for node in nodes:
        spans.append(((node.lineno, node.col_offset), (node.end_lineno or node.lineno, node.end_col_offset or 0)))
    return spans


def _within(call: ast.Call, spans: list, itself: bool = False) -> bool:
    """Is the call inside one of the spans (or, with ``itself``, one of them)?"""
    here = ((call.lineno, call.col_offset), (call.end_lineno or call.lineno, call.end_col_offset or 0))
    return any(start <= here[0] and here[1] <= end and (itself or (start, end) != here) for start, end in spans)


def _name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def _is_check(call: ast.Call) -> bool:
    name = _name(call)
    return name.lstrip("_").startswith(_CHECKS) or name in _CHECK_NAMES


def _judge(call: ast.Call, fn: Function, model: FileModel):
    """What one call of the test is: ``_SKIP`` (a check, a read, library, test or mock code), a Subject (a view,
    the model or service layer; kind ``_WRITE`` for an ORM write), or None (project code no rule judges)."""
    f = call.func
    name = _name(call)
    if _is_check(call):
        return _SKIP  # a check (its arguments are calls of their own)
    if isinstance(f, ast.Name) and f.id in _BUILTINS and fn.scope.lookup(f.id) is None:
        return _SKIP
    q = _qualified(f, fn, model)
    if q is None:
        if model.helpers.callee(f, fn) is not None or _on_a_mock(f, fn):
            return _SKIP  # a helper of the test's own (its patches and requests are read elsewhere), a mock
        return None if _rooted_at_self(f) else _SKIP  # ``self.filterset(...)``: code the test set up, unknown
    plain = strip_calls(q)
    if model.project.is_library(plain):
        return _CONSUMER if plain in known.ROW_CONSUMERS else _SKIP
    if _test_code(plain, model):
        return _SKIP
    shown = callee_text(f)
    view = called_view(call, q, model)
    if view is not None:
        return Subject(call, VIEW, view)
    if _model_of(q, model) is not None:
        if name in DB_READS:
            return Subject(call, _READ, shown)  # reading the database back (to check it, or to arrange)
        return Subject(call, _WRITE if name in _ORM_WRITES else MODEL, shown)
    if _is_model_class(q, model):
        return Subject(call, _WRITE, shown)  # a model constructed: arranging a row
    hit = model.classify(q)
    if hit is not None and hit.kind == known.DB and not (hit.sender or hit.maker):  # the session (``session.add``)
        return _SKIP  # reads, and writes that store the rows the test made (those are reported, if anything)
    func = callable_of(model.project, q)
    if func is not None and _never_a_subject(func, q, model):
        return None
    if _built_with_the_session(f, fn, model):
        return Subject(call, SERVICE, shown)  # ``repo = Repository.from_session(session); repo.update(...)``
    if func is None:
        return None  # a project class constructed, a constant...: not judged
    if _handed_the_session(call, fn, model):
        return Subject(call, SERVICE, shown)
    if model.project.persistence_only(func):
        return _SKIP  # the project's own way of reading rows (``get(cert_id)``)
    return None


def _chain(f: ast.expr) -> tuple[ast.expr, list[str]]:
    """The root of a callee and the attributes and calls on the way to it, innermost last
    (``a.b().c``: ``a``, ``["c", "()", "b"]``)."""
    attrs: list[str] = []
    node = f
    while isinstance(node, (ast.Attribute, ast.Call)):
        attrs.append(node.attr if isinstance(node, ast.Attribute) else "()")
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return node, attrs


def _rooted_at_self(f: ast.expr) -> bool:
    node = _chain(f)[0]
    return isinstance(node, ast.Name) and node.id in ("self", "cls") and isinstance(f, ast.Attribute)


def _on_a_mock(f: ast.expr, fn: Function) -> bool:
    """A call on a mock the test made (``m.return_value.x()``, ``m.configure_mock(...)``)."""
    node = _chain(f)[0]
    if not isinstance(node, ast.Name):
        return False
    bound = fn.scope.bindings.get(node.id)
    return isinstance(bound, ast.Call) and qualify(bound.func, fn.scope) in known.MOCK_CLASSES


def _qualified(f: ast.expr, fn: Function, model: FileModel) -> str | None:
    """``qualify``; for a receiver a model factory made (``get(Repo, ...)``, ``RepoFactory.create()``), the
    model's row; for one a helper of the file made, its return annotation's class; for a receiver that is a
    test parameter, its annotation (``organization: Organization``)."""
    node, attrs = _chain(f)
    base = None
    if isinstance(node, ast.Name) and attrs:
        made = fn.scope.bindings.get(node.id)
        base = _factory_row(made, fn, model) or _made_by_helper(made, fn, model) if isinstance(made, ast.Call) \
            else None
    if base is None and isinstance(f, ast.Attribute) and isinstance(f.value, ast.Call):
        base = _made_by_helper(f.value, fn, model)  # ``self._build_view().get_context_data()``
        attrs = [f.attr] if base is not None else attrs
    if base is None:
        q = qualify(f, fn.scope)
        if q is not None:
            return q
        if not isinstance(node, ast.Name) or not attrs or fn.node is None:
            return None
        annotation = fn.annotation(node.id)
        base = qualify(annotation, fn.scope) if annotation is not None else None
        if base is None or "()" in base:
            return None
    out = base + "()"
    for a in reversed(attrs):
        out = out + a if a == "()" else f"{out}.{a}"
    return out


def _factory_row(made: ast.Call, fn: Function, model: FileModel) -> str | None:
    """The model class of the row a model factory makes: ``get(Repo, ...)`` (django-dynamic-fixture,
    model_bakery, mixer: the model is the first argument) or ``RepoFactory.create()`` / ``RepoFactory()``
    (factory_boy: the factory's ``Meta.model``, read from the factory's source)."""
    q = qualify(made.func, fn.scope)
    if q is None:
        return None
    if strip_calls(q) in known.MODEL_FACTORY_CALLS and made.args:
        row = qualify(made.args[0], fn.scope)
        return row if row is not None and "()" not in row else None
    factory = q.rsplit(".", 1)[0] if q.rsplit(".", 1)[-1] in _FACTORY_VERBS else q
    if "()" in factory or model.project.find_module(factory) is None:
        return None  # a library's callable; the factory classes are the project's (often in its test support)
    return factory_model(model.project, factory)


def _made_by_helper(made: ast.Call, fn: Function, model: FileModel) -> str | None:
    """The class of what a helper of the test makes (``def _strategy(session) -> SlackService``, or ``return
    view`` after ``view = LoginView()``): ``strategy = _strategy(session, ...)``, then ``strategy.grant(...)``;
    ``self._build_view().get_context_data()``."""
    found = model.helpers.callee(made.func, fn)
    helper = found[0] if found is not None else None
    if helper is None or helper.node is None:
        return None
    returns = helper.node.returns
    value = annotated_class(returns) if returns is not None else None
    if value is None and helper.returns:
        value = helper.returns[0]
        if isinstance(value, ast.Name) and isinstance(helper.scope.bindings.get(value.id), ast.Call):
            value = helper.scope.bindings[value.id]  # ``view = LoginView(); ...; return view``
        value = value.func if isinstance(value, ast.Call) else None
    q = qualify(value, helper.scope) if value is not None else None
    return q if q is not None and "()" not in q and not model.project.is_library(q) else None


def _test_code(plain: str, model: FileModel) -> bool:
    """A function of the test file or of a test-support module (factories, helpers): not the code under test."""
    located = model.project.find_module(plain)
    return located is None or support_module(located[0]) or located[0] == model.modname


_MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
_MANAGER_CHAIN = frozenset({"objects", "_default_manager", "_base_manager", "filter", "exclude", "all", "get",
                            "create", "first", "last", "order_by", "get_or_create", "select_related",
                            "prefetch_related", "using", "only", "defer", "distinct", "annotate", "none", "latest",
                            "earliest", "query", "scalars", "one", "one_or_none", "where"})


def _model_of(q: str, model: FileModel) -> str | None:
    """The project ORM model class whose own method ``q`` calls: on the class, an instance (``Order()``, a row
    its manager returns), or its manager and querysets. A method of something a model method returned
    (``project.vcs_repo().lsremote``) is not the model's."""
    parts = q.replace("()", "").split(".")
    receiver = parts[:-1]
    orm_verb = parts[-1] in _ORM_WRITES or parts[-1] in DB_READS
    for i in range(len(receiver), 0, -1):
        if not receiver[i - 1][:1].isupper():
            continue
        # a row reached through a relation (``job.workflows.first().save``) is a model's row too, for its ORM verbs
        prefix = ".".join(receiver[:i])
        if (orm_verb or all(p in _MANAGER_CHAIN for p in receiver[i:])) and _is_model_class(prefix, model):
            return prefix
    return None


def _is_model_class(dotted: str, model: FileModel) -> bool:
    if model.project.is_library(dotted):
        return False
    hit = model.classify(dotted)
    return hit is not None and hit.kind == known.DB and strip_calls(hit.resolved) in known.MODEL_CLASSES


def _never_a_subject(func: FuncInfo, q: str, model: FileModel) -> bool:
    """Tasks, commands, middleware, forms, permission classes and template tags are never judged."""
    module = func.module.modname.split(".")
    if any(part.startswith(_NEVER_MODULES) for part in module):
        return True
    if any(dec in _TASK_DECORATORS for dec in func.decorators):
        return True
    owner = func.owner
    return owner is not None and any(b.rsplit(".", 1)[-1].endswith(_NEVER_BASES) for b in owner.qualified_bases())


def _built_with_the_session(f: ast.expr, fn: Function, model: FileModel) -> bool:
    """A method called on an object the test built with the database session (a repository, a service)."""
    node = f.value if isinstance(f, ast.Attribute) else None
    while isinstance(node, ast.Attribute):
        node = node.value
    where = fn
    if isinstance(node, ast.Call):
        made = node
    elif isinstance(node, ast.Name) and isinstance(bound := fn.scope.bindings.get(node.id), ast.Call):
        made = bound
    elif isinstance(node, ast.Name) and node.id in fn.params:  # a fixture: ``return Repository.from_session(s)``
        found = model.find_fixture(node.id)
        value = found[0].returns[0] if found is not None and found[0].returns else None
        if found is None or not isinstance(value, ast.Call):
            return False
        made, where = value, found[0]
    else:
        return False
    return _handed_the_session(made, where, model)


def _handed_the_session(call: ast.Call, fn: Function, model: FileModel) -> bool:
    """A database session among the arguments: a name or fixture that resolves to one, or a test
    parameter annotated as one (``session: AsyncSession``)."""
    for arg in [*call.args, *(k.value for k in call.keywords)]:
        if isinstance(arg, ast.Starred):
            arg = arg.value
        q = qualify(arg, fn.scope)
        if q is not None and strip_calls(q) in known.MOCK_CLASSES:
            q = _spec_of(arg, fn)  # a session mock specced on the session class stands for one here
        if q is None and isinstance(arg, ast.Name):
            annotation = fn.annotation(arg.id)
            base = qualify(annotation, fn.scope) if annotation is not None else None
            q = base + "()" if base is not None and "()" not in base else None
        hit = model.classify(q) if q is not None else None
        if hit is not None and hit.kind == known.DB and not _a_row(strip_calls(hit.resolved), model):
            return True
    return False


def _a_row(resolved: str, model: FileModel) -> bool:
    """A model class, or a row its manager returns (``User.objects.get()``): data, not a session."""
    parts = resolved.replace("()", "").split(".")
    return (resolved in known.MODEL_CLASSES or any(p in _MANAGERS for p in parts)
            or _model_of(resolved + ".row", model) is not None)


def _spec_of(arg: ast.expr, fn: Function) -> str | None:
    """``MagicMock(spec=AsyncSession)`` (made here or by a fixture): an instance of the spec's class."""
    value: ast.expr | None = arg
    scope = fn.scope
    if isinstance(arg, ast.Name):
        value = fn.scope.bindings.get(arg.id)
        if value is None and fn.scope.fixtures is not None:
            provided = fn.scope.fixtures(arg.id)
            value, scope = provided if provided is not None else (None, scope)
    if not isinstance(value, ast.Call):
        return None
    spec = next((k.value for k in value.keywords if k.arg in ("spec", "spec_set")), None)
    q = qualify(spec, scope) if spec is not None else None
    return q + "()" if q is not None and "()" not in q else None
