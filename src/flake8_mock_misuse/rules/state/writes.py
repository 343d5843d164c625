"""What tests, fixtures, hooks and test modules write to state that outlives them (MM4xx).

Built from the walk's facts (calls, in-place stores, names, ``global`` statements, ``with``
blocks, yields, ``finally`` blocks), without another pass over the tree:

- **actors**: who runs the code: a test, a fixture, a per-test or per-class hook, a method of
  a test class, a pytest hook, a module-level helper, or the module body itself (import time);
  functions nested in one belong to it;
- **places**: what an expression written to is: a module-level object of the test module (a
  container, a mock, another object, a class), ``os.environ``, or project state reached
  through an import (a module attribute, a class attribute, a settings object, an app);
- **ops**: every write to such a place (``X.append()``, ``X[k] = v``, ``del X[k]``,
  ``X.attr = v``, ``setattr``, ``os.environ[...] =``, ``os.putenv``, ``global X`` rebinding),
  with its kind: it adds, sets, removes or resets;
- **restores** and **readers** (is each write put back, who reads what): in ``restores``.

The words (domains, kinds, roles, ``Actor``, ``Place``, ``Op``) are those of ``vocabulary``.
"""

from __future__ import annotations

import ast
import os
import re
from functools import cached_property
from typing import cast

from ..._lazy import LazyRegex
from ...model.file import FileModel
from ...model.fixtures import conftest_fixtures, conftests_above, fixture_options, module_functions, origin
from ...model.walk import Function
from ...resolve import known
from ...resolve.names import const_str, dotted_text, dump_text, qualify
from ...resolve.project import binds, class_method, function, made_by, module_value
from .vocabulary import (
    ADD, CLASS_SETUP, CONFIG_ATTRS, ENV, ENV_OBJECTS, FIXTURE, HELPER, HOOK, LOCAL, MODULE, OTHER, PROJECT, REBIND,
    REMOVE, RESET, SET, SETTINGS_WORDS, SETUP, TEARDOWN, TEST, CLEANUP_NAME, Actor, Op, Place, inside, key_text,
    lookup_local, overrides_settings, span_of,
)

_SETUP_HOOKS = frozenset({"setUp", "asyncSetUp", "setup_method", "setup_function", "setup", "_pre_setup"})
_TEARDOWN_HOOKS = frozenset({
    "tearDown", "asyncTearDown", "teardown_method", "teardown_function", "teardown", "tearDownClass",
    "teardown_class", "tearDownModule", "teardown_module", "doCleanups", "_post_teardown", "doClassCleanups",
})
_CLASS_SETUP_HOOKS = frozenset({"setUpClass", "setup_class", "setUpModule", "setup_module", "setUpTestData"})

# container methods: what they do to the container
_CONTAINER_METHODS = {
    "append": ADD, "extend": ADD, "insert": ADD, "add": ADD, "update": ADD, "setdefault": SET,
    "appendleft": ADD, "extendleft": ADD, "sort": ADD, "reverse": ADD, "rotate": ADD,
    "intersection_update": ADD, "difference_update": REMOVE, "symmetric_difference_update": ADD,
    "pop": REMOVE, "popitem": REMOVE, "popleft": REMOVE, "remove": REMOVE, "discard": REMOVE,
    "clear": RESET, "__setitem__": SET, "__delitem__": REMOVE,
}
_ENV_METHODS = {"update": ADD, "setdefault": SET, "pop": REMOVE, "popitem": REMOVE, "clear": REMOVE,
                "__setitem__": SET, "__delitem__": REMOVE}
_KEYED = frozenset({"setdefault", "pop", "__setitem__", "__delitem__"})
_CONTAINER_FACTORIES = frozenset({
    "list", "dict", "set", "bytearray", "collections.defaultdict", "collections.Counter", "collections.OrderedDict",
    "collections.deque", "collections.ChainMap", "weakref.WeakValueDictionary", "weakref.WeakKeyDictionary",
    "weakref.WeakSet",
})
_IMMUTABLE_FACTORIES = frozenset({
    "tuple", "frozenset", "str", "int", "float", "bytes", "bool", "range", "object", "type", "re.compile",
    "collections.namedtuple", "typing.NamedTuple", "typing.TypeVar", "enum.Enum", "pathlib.Path",
    "decimal.Decimal", "datetime.datetime", "datetime.date", "datetime.timedelta", "uuid.UUID", "uuid.uuid4",
    "functools.partial", "operator.itemgetter", "operator.attrgetter", "os.path.join", "os.path.dirname",
    "os.path.abspath",
})
_LOGGERS = ("logging.getLogger", "structlog.get_logger", "structlog.getLogger", "logging.Logger")
_SKIPPED_NAMES = frozenset({"pytestmark", "__all__", "__test__", "pytest_plugins", "__tracebackhide__"})
_SETTINGS_FACTORY = LazyRegex(r"^(get_|load_)?(\w+_)?(settings|config|conf)$", re.IGNORECASE,
                              needs=("settings", "conf"))
_CLEANUP_REGISTRARS = frozenset({"addCleanup", "addClassCleanup", "addModuleCleanup", "addfinalizer", "callback",
                                 "add_cleanup", "push"})
_RESET_METHOD = LazyRegex(
    r"^_*(reset|clear|restore|reinit|cache_clear|clear_cache|invalidate)(_\w*)?$|_reset$|_clear$",
    needs=("reset", "clear", "restore", "reinit", "invalidate"))
# context-local proxies: a new object for each request or app context, not state shared between tests
_CONTEXT_LOCALS = frozenset({"flask.g", "flask.session", "flask.request", "flask.globals.g", "flask.globals.session",
                             "flask.globals.request", "quart.g", "quart.session", "quart.request"})
_CALLS_OF_INTEREST = frozenset({"putenv", "unsetenv", "setattr", "delattr", "setitem", "delitem", "reload",
                                "reset_mock", "configure_mock"})
# registrations that last until their counterpart undoes them: signal receivers, plugins, listeners
_REGISTERS = {"connect": "disconnect", "register": "unregister", "subscribe": "unsubscribe",
              "add_listener": "remove_listener", "add_receiver": "remove_receiver"}
_DEREGISTERS = {undo: do for do, undo in _REGISTERS.items()}
# what a shared web app keeps once a test adds it: routes, blueprints, hooks, middleware (no way to remove them)
_APP_ADDITIONS = frozenset({
    "add_url_rule", "route", "register_blueprint", "before_request", "after_request", "teardown_request",
    "errorhandler", "register_error_handler", "context_processor", "template_filter", "add_template_filter",
    "add_api_route", "include_router", "add_middleware", "add_exception_handler",
})
_LIBRARY_SIGNALS = ("django.db.models.signals.", "django.core.signals.", "django.test.signals.",
                    "django.contrib.auth.signals.", "django.db.backends.signals.", "flask.signals.")
_FLASK_SIGNALS = frozenset({
    "template_rendered", "before_render_template", "request_started", "request_finished", "request_tearing_down",
    "got_request_exception", "appcontext_tearing_down", "appcontext_pushed", "appcontext_popped", "message_flashed",
})
# attributes that keep an original so it can be put back
_KEEPS_ORIGINAL = LazyRegex(r"^_*(orig|original|saved|old|prev|previous|backup|real)(_|$|[A-Z])",
                            needs=("orig", "saved", "old", "prev", "backup", "real"))
_RAISES_BLOCKS = frozenset({"raises", "assertRaises", "assertRaisesMessage", "assertRaisesRegex",
                            "assertRaisesRegexp", "assertRaisesMessage"})
MAX_HOPS = 8


class Writes:
    """Writes to shared state in one test file (whether each is put back: ``restores.Restores``)."""

    def __init__(self, model: FileModel) -> None:
        self.model = model
        self.module_classes: set[str] = _module_level_defs(model.tree)
        self.main_spans = _main_spans(model.tree)
        self._test_class_names = {t.fn.cls.name for t in model.tests if t.fn.cls is not None}
        self.actors: list[Actor] = self._actors()
        self.ops: list[Op] = []
        self.ops_by_actor: dict[int, list[Op]] = {}
        self._by_fn: dict[int, Actor] = {}
        self._cleanup_methods: set[str] = set()  # self.<name> registered with addCleanup
        for actor in self.actors:
            for fn in actor.functions:
                self._by_fn[id(fn)] = actor
        for actor in self.actors:
            self.ops_by_actor[id(actor)] = self.ops_of(actor)
        helpers_write = any(a.role == HELPER and self.ops_by_actor[id(a)] for a in self.actors)
        called = self._methods_tests_call() if helpers_write else set()
        for actor in self.actors:
            if actor.role == HELPER and (actor.name in self._cleanup_methods or CLEANUP_NAME.search(actor.name)):
                actor.role = TEARDOWN  # a method that puts things back, run as a cleanup or from tearDown
            elif actor.role == HELPER and actor.name not in called:
                actor.role = OTHER  # not called by the tests: a framework hook (define_tables) or unused
            self.ops.extend(self.ops_by_actor[id(actor)])

    # -- actors ---------------------------------------------------------------------------------
    def _actors(self) -> list[Actor]:
        model = self.model
        tests = {id(t.fn): t for t in model.tests}
        test_classes = {id(t.fn.cls) for t in model.tests if t.fn.cls is not None}
        module = Actor(model.module, MODULE, functions=[model.module])
        out = [module]
        for fn in model.functions:
            if fn.parent is not None or fn.node is None:
                continue
            name = fn.node.name
            method = fn.cls is not None and id(fn.cls) in test_classes  # setup_test, teardown_test_class: hooks
            actor = Actor(fn, OTHER)
            if fn.is_fixture:
                actor.role = FIXTURE
                actor.scope, actor.autouse = fixture_options(fn)
            elif id(fn) in tests:
                actor.role, actor.test = TEST, tests[id(fn)]
            elif name in _TEARDOWN_HOOKS or method and name.lower().startswith(("teardown", "tear_down")):
                actor.role = TEARDOWN
            elif name in _CLASS_SETUP_HOOKS or method and name.lower().startswith(("setup", "set_up")) and (
                    "class" in name.lower() or "module" in name.lower()):
                actor.role = CLASS_SETUP
            elif name in _SETUP_HOOKS or method and name.lower().startswith(("setup", "set_up")):
                actor.role = SETUP
            elif fn.cls is not None and id(fn.cls) in test_classes:
                actor.role = HELPER
            elif fn.cls is None and name.startswith("pytest_"):
                actor.role = HOOK
            actor.functions = fn.nested()
            out.append(actor)
        return out

    def wired_in(self, actor: Actor) -> bool:
        """Is a function or class of the test module that is not a test hook (a fake backend, a recorder, a
        signal handler) used by the module: named outside its own definition, so that tests reach it?"""
        if actor.role != OTHER or actor.fn.node is None:
            return False
        return actor.fn.name in self._used_names if actor.fn.cls is None else (
            actor.fn.cls.name in self._used_names and not self._private(actor.fn.name))

    @staticmethod
    def _private(name: str) -> bool:
        return name.startswith("_") and not name.startswith("__")

    @cached_property
    def _used_names(self) -> set[str]:
        """Names loaded anywhere in the module, outside the definitions of the functions and classes they name."""
        spans: dict[str, list[tuple[int, int]]] = {}
        for node in cast(ast.Module, self.model.tree).body:  # flake8 hands the plugin a module
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                spans.setdefault(node.name, []).append((node.lineno, node.end_lineno or node.lineno))
        used: set[str] = set()
        for fn in [self.model.module, *self.model.functions]:
            for n in fn.names:
                if isinstance(n.ctx, ast.Load) and n.id in spans and n.id not in used and not any(
                        a <= n.lineno <= b for a, b in spans[n.id]):
                    used.add(n.id)
        return used

    def _methods_tests_call(self) -> set[str]:
        """Names of the methods a test calls as ``self.method(...)``."""
        out: set[str] = set()
        for actor in self.actors:
            if actor.role != TEST or actor.fn.cls is None:
                continue
            for fn in actor.functions:
                for call in fn.calls:
                    f = call.func
                    if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "self":
                        out.add(f.attr)
        return out

    def actor_of(self, fn: Function) -> Actor | None:
        return self._by_fn.get(id(fn))

    # -- places ---------------------------------------------------------------------------------
    def locate(self, expr: ast.expr, fn: Function, hops: int = 0) -> Place | None:
        """What ``expr`` (a receiver written into) is, or None when it is per-test, unknown or a library's."""
        if hops > MAX_HOPS:
            return None
        path: list[str] = []
        node = expr
        while True:
            if isinstance(node, ast.Attribute):
                path.append("." + node.attr)
                node = node.value
            elif isinstance(node, ast.Subscript):
                path.append(f"[{key_text(node.slice) or '?'}]")
                node = node.value
            elif isinstance(node, ast.Call):
                return self._settings_singleton(node, path, fn)
            elif isinstance(node, ast.Name):
                break
            else:
                return None
        path.reverse()
        tail = "".join(path)
        name = node.id
        found = lookup_local(name, fn)
        if found is None:  # nothing local: the module's names, imports, classes
            root = fn.scope
            while root.parent is not None:
                root = root.parent
            if root is not self.model.module.scope:  # a conftest.py fixture: only its imports are followed
                imported = root.imports.get(name)
                return self._dotted_place(imported + tail, dotted_text(expr) or name) if imported else None
            return self._module_place(name, node, tail, len(path), hops)
        where, value, owner = found
        if where == "param":
            q = qualify(node, owner.scope)
            if q is None or "()" in q:  # a per-test object, pytest-django's `settings`, a mock factory...
                return self._wide_fixture(name, owner, tail, dotted_text(expr) or name + tail)
            return self._dotted_place(q + tail, dotted_text(expr) or q + tail)
        if isinstance(value, (ast.Name, ast.Attribute)):  # a local alias: env = os.environ
            inner = self.locate(value, owner, hops + 1)
            if inner is None:
                return None
            return _extend(inner, tail, dotted_text(expr) or name + tail, len(path))
        if isinstance(value, ast.Call):  # conf = get_settings(): the cached singleton, under a local name
            place = self._settings_singleton(value, path[::-1], owner)
            return Place(place.domain, place.obj, name + tail) if place is not None else None
        return None  # a local object made in the function: per test

    def _module_place(self, name: str, node: ast.Name, tail: str, depth: int, hops: int) -> Place | None:
        model = self.model
        value = model.module.scope.bindings.get(name)
        shown = name + tail
        if value is not None:
            if name in _SKIPPED_NAMES:
                return None
            if isinstance(value, (ast.Name, ast.Attribute)):
                inner = self.locate(value, model.module, hops + 1)
                if inner is not None:
                    return _extend(inner, tail, shown, depth)
                if isinstance(value, ast.Name) and value.id not in model.imports:
                    return None
            return Place(LOCAL, f"local:{name}{tail}", shown, name, self.value_kind(value), node, depth)
        if name in model.imports:
            return self._dotted_place(model.imports[name] + tail, shown)
        if name in self.module_classes:
            return Place(LOCAL, f"local:{name}{tail}", shown, name, "class", node, depth)
        return None

    def _dotted_place(self, dotted: str, shown: str) -> Place | None:
        base = dotted.split("[", 1)[0]
        if base.startswith(_CURRENT_APP_CONFIG) and self._app_context_shared:
            return Place(PROJECT, "flask.current_app" + dotted[len(dotted.split(".config", 1)[0]):], shown)
        if base in _CONTEXT_LOCALS or base.startswith(tuple(c + "." for c in _CONTEXT_LOCALS)):
            return None
        if base in ENV_OBJECTS:
            return Place(ENV, "env", shown) if base == dotted else None
        if dotted.startswith("django.conf.settings"):
            return Place(PROJECT, dotted, shown)
        top = base.split(".", 1)[0]
        if self.model.project.is_project_package(top) or self.model.project.unseen_project_package(top):
            return Place(PROJECT, dotted, shown)  # the project's own module, read or not
        if dotted == base and _library_class(base):
            return Place(PROJECT, dotted, shown)  # httpx.Client.request = Mock(): every later client in the run
        return None

    @cached_property
    def _app_context_shared(self) -> bool:
        """Is ``current_app`` one app for many tests: a ``session``-, ``package``- or ``module``-scoped fixture
        of the file or a conftest.py above it pushes its context (``app.app_context().push()``, ``with
        app.app_context(): yield``)?"""
        where = [self.model.fixtures]
        where += [conftest_fixtures(p) for p in conftests_above(os.path.dirname(os.path.abspath(self.model.filename)))]
        for found in where:
            for fixture in found.values():
                if fixture_options(fixture)[0] in _WIDE_SCOPES and any(
                        isinstance(c.func, ast.Attribute) and c.func.attr in _APP_CONTEXTS
                        for f in fixture.nested() for c in f.calls):
                    return True
        return False

    def _wide_fixture(self, name: str, owner: Function, tail: str, shown: str) -> Place | None:
        """The object of a ``session``-, ``package``- or ``module``-scoped fixture, handed to a test or a fixture:
        one object for many tests (``app.config["X"] = 1`` on the session's app)."""
        if owner.node is None or name in owner.scope.bindings or not (owner.is_fixture or self._is_test(owner)):
            return None
        found = self.model.find_fixture(name)
        if found is None or fixture_options(found[0])[0] not in _WIDE_SCOPES:
            return None
        values = found[0].returns
        q = qualify(values[0], found[0].scope) if len(values) == 1 else None
        if q is not None and "()" not in q:  # yields a module-level object: named as the tests name it
            place = self._dotted_place(q + tail, shown)
            if place is not None:
                return place
        return Place(PROJECT, f"fixture:{name}{tail}", shown)

    def _is_test(self, fn: Function) -> bool:
        actor = self._by_fn.get(id(fn))
        return actor is not None and actor.role == TEST

    def _settings_singleton(self, call: ast.Call, path: list[str], fn: Function) -> Place | None:
        """``get_settings().debug = True``: a cached settings object, shared by every test."""
        if call.args or call.keywords:
            return None
        q = qualify(call.func, fn.scope)
        if q is None or "()" in q or not _SETTINGS_FACTORY.match(q.rsplit(".", 1)[-1]):
            return None
        place = self._dotted_place(q, q)
        if place is None or not q.rsplit(".", 1)[-1][:1].islower():
            return None  # ``Settings()``: a new object, the test's own
        func = function(self.model.project, q)
        if func is not None and not any(d in _CACHING for d in func.decorators):
            return None  # the project's source shows a factory that makes a new object on each call
        if func is None and q.rsplit(".", 1)[-1].startswith(_MAKERS):
            return None  # no source to read: make_settings() and the like say they make a new one
        tail = "".join(reversed(path))
        return Place(PROJECT, f"{q}(){tail}", f"{dotted_text(call.func) or q}(){tail}")

    def value_kind(self, value: ast.expr) -> str:
        if isinstance(value, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)):
            return "container"
        if isinstance(value, ast.Call):
            q = qualify(value.func, self.model.module.scope)
            if q is None and isinstance(value.func, ast.Name):
                q = value.func.id
            if q in _CONTAINER_FACTORIES:
                return "container"
            if q in known.MOCK_CLASSES or q == known.CREATE_AUTOSPEC:
                return "mock"
            if q is not None and (q.startswith(_LOGGERS) or q.endswith(("getLogger", "get_logger"))):
                return "logger"
            if q in _IMMUTABLE_FACTORIES:
                return "immutable"
            return "object"
        return "immutable"

    # -- ops ------------------------------------------------------------------------------------
    def ops_of(self, actor: Actor) -> list[Op]:
        out: list[Op] = []
        cleanup_children: set[str] = set()
        for fn in actor.functions:
            for call in fn.calls:
                f = call.func
                name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
                if name in _CLEANUP_REGISTRARS and call.args:
                    first = call.args[0]
                    if isinstance(first, ast.Name):
                        cleanup_children.add(first.id)
                    elif isinstance(first, ast.Attribute) and isinstance(first.value, ast.Name) and \
                            first.value.id in ("self", "cls"):
                        self._cleanup_methods.add(first.attr)
                    if isinstance(first, ast.Lambda) and isinstance(first.body, ast.Call):
                        out.extend(self._call_ops(first.body, first.body.func, first.body.args, fn, actor, True))
                    else:
                        out.extend(self._call_ops(call, first, call.args[1:], fn, actor, True))
                    continue
                out.extend(self._call_ops(call, f, call.args, fn, actor, False))
                if isinstance(f, ast.Name) and actor.role in (TEST, FIXTURE, SETUP, CLASS_SETUP) and call.args:
                    out.extend(self._through_helper(call, f.id, fn, actor))
            for target, stmt in fn.stores:
                out.extend(self._store_ops(target, stmt, fn, actor))
            out.extend(self._rebind_ops(fn, actor))
        finals = [(f, _final_span(t)) for f in actor.functions for t in f.finally_tries]
        raising = [(f, span_of(w.body[-1])) for f in actor.functions for w in f.withs if _is_raises_block(w)]
        first_yield = actor.first_yield  # fixtures, and generators used as context managers
        body = actor.fn.node.body if actor.fn.node is not None else []
        last = body[-1] if body and actor.role == TEST else None
        for op in out:
            pos = op.pos
            if any(f is op.fn and inside(pos, span) for f, span in finals):
                op.cleanup = True
            elif first_yield is not None and op.fn is actor.fn and pos > first_yield:
                op.cleanup = True
            elif op.fn is not actor.fn and op.fn.node is not None and op.fn.node.name in cleanup_children:
                op.cleanup = True
            elif op.kind == REMOVE and op.fn is actor.fn and last is not None and inside(pos, span_of(last)) and \
                    not any(o.pos < pos and o.obj == op.obj and o.kind != REMOVE and o.key == op.key for o in out):
                op.cleanup = True  # the test's last statement tidies up what the code under test left
            elif any(f is op.fn and inside(pos, span) for f, span in raising):
                op.kind = RESET  # the statement expected to raise: it writes nothing
        if actor.role == MODULE and self.main_spans:
            out = [op for op in out if not any(inside(op.pos, s) for s in self.main_spans)]
        out.sort(key=lambda o: o.pos)
        return out

    def _call_ops(self, node: ast.AST, f: ast.expr, args: list[ast.expr], fn: Function, actor: Actor,
                  cleanup: bool) -> list[Op]:
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if not (name in _ENV_METHODS or name in _CONTAINER_METHODS or name in _CALLS_OF_INTEREST
                or _RESET_METHOD.match(name) or name in _REGISTERS or name in _DEREGISTERS or name in _APP_ADDITIONS):
            return []  # most calls: nothing to resolve
        if name in _APP_ADDITIONS and isinstance(f, ast.Attribute):
            place = self.locate(f.value, fn)
            if place is None or place.domain != PROJECT or settings_like(place.obj) or "[" in place.obj:
                return []  # an app made per test, or not an app
            return [Op(node, fn, actor, place, None, ADD, f"{place.shown}.{name}()", cleanup)]
        if name in _REGISTERS or name in _DEREGISTERS:
            op = self._registration(node, f, args, fn, actor)
            if op is not None:
                op.cleanup = cleanup
            return [op] if op is not None else []
        if isinstance(f, ast.Attribute) and _RESET_METHOD.match(f.attr) and f.attr not in _CONTAINER_METHODS:
            place = self.locate(f.value, fn)  # REGISTRY.reset(), get_settings.cache_clear(), Logging.reset_state()
            if place is not None and place.domain != ENV and not (place.domain == LOCAL and place.kind == "mock"):
                obj = place.obj[:-len(".cache_clear")] if place.obj.endswith(".cache_clear") else place.obj
                return [Op(node, fn, actor, Place(place.domain, obj, place.shown, place.name, place.kind, place.root,
                                                  place.depth), None, RESET, f"{place.shown}.{f.attr}()", cleanup)]
        if name == "reload" and args:
            q = qualify(f, fn.scope)
            place = self.locate(args[0], fn) if q in ("importlib.reload", "imp.reload") else None
            if place is not None and place.domain == PROJECT and self._under_settings_override(node, fn, actor):
                # rebuilt while the test's settings are on: it keeps them once override_settings puts them back
                return [Op(node, fn, actor, place, "<reloaded>", SET,
                           f"reload({place.shown}) under overridden settings", cleanup)]
            if place is not None:  # importlib.reload(settings): the module starts over
                return [Op(node, fn, actor, place, None, RESET, f"reload({place.shown})", cleanup)]
        if isinstance(f, ast.Attribute):
            method = f.attr
            if method in _ENV_METHODS or method in _CONTAINER_METHODS or method in ("reset_mock", "configure_mock"):
                place = self.locate(f.value, fn)
                if place is not None:
                    op = self._method_op(node, place, method, args, fn, actor)
                    if op is not None:
                        op.cleanup = cleanup
                        return [op]
        if name in _CALLS_OF_INTEREST:
            kind: str | None  # what the call does to the place (None from _write_kind: nothing worth reporting)
            q = qualify(f, fn.scope)
            if q is None and isinstance(f, ast.Name) and f.id in ("setattr", "delattr"):
                q = f.id
            if q in ("os.putenv", "os.unsetenv") and args:
                kind = SET if q == "os.putenv" else REMOVE
                return [Op(node, fn, actor, Place(ENV, "env", "os.environ"), key_text(args[0]), kind,
                           f"os.environ[{_shown_arg(args[0])}] ({q.split('.')[-1]})", cleanup)]
            if q in ("setattr", "delattr", "operator.setitem", "operator.delitem") and len(args) >= 2:
                item = q.startswith("operator.")
                attr = key_text(args[1]) if item else const_str(args[1])
                place = self.locate(args[0], fn) if attr is not None else None
                if place is None or place.domain == ENV and not item:
                    return []
                value = args[2] if len(args) > 2 else None
                kind = self._write_kind(place, attr, value, deleting=q.endswith(("delattr", "delitem")), item=item)
                if kind is None:
                    return []
                shown = f"{place.shown}[{_shown_arg(args[1])}]" if item else f"{place.shown}.{attr}"
                if place.domain == ENV:
                    shown = f"os.environ[{_shown_arg(args[1])}]"
                return [Op(node, fn, actor, place, attr, kind, shown, cleanup)]
        return []

    @staticmethod
    def _under_settings_override(node: ast.AST, fn: Function, actor: Actor) -> bool:
        """Inside ``@override_settings(...)`` (the test's or its class's) or ``with override_settings(...)``."""
        decorators = list(actor.fn.node.decorator_list) if actor.fn.node is not None else []
        decorators += list(actor.fn.cls.decorator_list) if actor.fn.cls is not None else []
        if any(overrides_settings(d, actor.fn.scope) for d in decorators):
            return True
        pos = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        return any(overrides_settings(item.context_expr, fn.scope) and inside(pos, span_of(w))
                   for w in fn.withs for item in w.items)

    def _registration(self, node: ast.AST, f: ast.expr, args: list[ast.expr], fn: Function,
                      actor: Actor) -> Op | None:
        """``user_logged_out.connect(receiver)``, ``plugins.register(FakePlugin)``, ``register(FakePlugin)`` (the
        project module binds ``register = plugins.register`` and ``unregister`` beside it): an entry in a
        registry of the project or a library signal that stays until the counterpart call removes it."""
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        undoing = name in _DEREGISTERS
        counterpart = _DEREGISTERS[name] if undoing else _REGISTERS[name]
        keywords = node.keywords if isinstance(node, ast.Call) and node.func is f else []
        receiver = args[0] if args else next((k.value for k in keywords if k.arg in ("receiver", "cls")), None)
        if receiver is None:
            return None
        if isinstance(f, ast.Attribute):
            place = self.locate(f.value, fn)
            q = qualify(f.value, fn.scope)
            if place is None and q is not None and (
                    q.startswith(_LIBRARY_SIGNALS) or q.startswith("flask.") and q[6:] in _FLASK_SIGNALS):
                place = Place(PROJECT, q, dotted_text(f.value) or q)
            if place is None or place.domain != PROJECT or "()" in place.obj:
                return None
            if not self._has_method(place.obj, counterpart):
                return None
            registry, shown = place.obj, place.shown
        else:
            q = qualify(f, fn.scope)
            if q is None or "." not in q:
                return None
            module = q.rsplit(".", 1)[0]
            found = module_value(self.model.project, q)
            value = found[0] if found is not None else ()
            if not (len(value) > 1 and value[-1] == name and binds(self.model.project, module, counterpart)):
                return None  # not ``register = plugins.register`` with ``unregister`` beside it
            owner = value[:-1]
            registry = f"{module}.{'.'.join(owner) if '()' not in owner else name}"
            shown = cast(ast.Name, f).id  # see name
        if not undoing and name == "connect" and self._dies_with_test(receiver, keywords, fn):
            return None
        key = dotted_text(receiver) or dump_text(receiver)[:80]
        return Op(node, fn, actor, Place(PROJECT, registry, shown), key, REMOVE if undoing else ADD,
                  f"{shown}.{name}({dotted_text(receiver) or '...'})" if isinstance(f, ast.Attribute)
                  else f"{shown}({dotted_text(receiver) or '...'})")

    def _has_method(self, dotted: str, method: str) -> bool:
        """Does the object have the counterpart method? Library signals do; a project object when its class (from
        the project's source) defines it, or when the source is not there to say."""
        if dotted.startswith(_LIBRARY_SIGNALS) or dotted.startswith("flask.") or dotted.startswith("django."):
            return True
        if module_value(self.model.project, dotted) is None:
            return function(self.model.project, dotted) is None  # not found in the source: judge by the call alone
        made = made_by(self.model.project, dotted)
        if made is None or not self.model.project.is_project_package(made.split(".", 1)[0]):
            return made is not None  # Signal(), blinker's signal(...): a library registry with both methods
        return class_method(self.model.project, made, method) is not None

    @staticmethod
    def _dies_with_test(receiver: ast.expr, keywords: list[ast.keyword], fn: Function) -> bool:
        """Signals hold receivers weakly unless ``weak=False``: a lambda or a function defined in the test is
        dropped when the test ends. A mock is not (its children refer back to it) and stays until collected."""
        if any(k.arg == "weak" and isinstance(k.value, ast.Constant) and k.value.value is False for k in keywords):
            return False
        if isinstance(receiver, ast.Lambda):
            return True
        if isinstance(receiver, ast.Name):
            found = lookup_local(receiver.id, fn)
            return found is not None and found[0] == "def"
        return False

    @staticmethod
    def _write_kind(place: Place, key: str | None, value: ast.expr | None, deleting: bool,
                    item: bool) -> str | None:
        """What writing ``key`` of ``place`` does, or None when it is not worth a finding or a restore."""
        if place.domain == LOCAL and place.kind in ("immutable", "logger") and (item or place.depth == 0):
            return None
        if place.domain == PROJECT:
            if item and not _config_like(place.obj):
                return None  # an item of a project object that is not a settings, config or registry mapping
            if not item and "[" in place.obj:
                return None  # an attribute of an element of a project collection: data, not configuration
        if not item and key is not None and _KEEPS_ORIGINAL.match(key):
            return None  # keeps the original so that it can be put back
        if deleting:
            if not item and place.domain != ENV and (not settings_like(place.obj) or (key or "").startswith("_")):
                return RESET  # del obj.cached_value: invalidates a cache
            return REMOVE
        if _resets_value(value) and not _configured(place, key, item):
            return RESET
        return SET

    def _method_op(self, node: ast.AST, place: Place, method: str, args: list[ast.expr], fn: Function,
                   actor: Actor) -> Op | None:
        key = key_text(args[0]) if method in _KEYED and args else None
        if place.domain == ENV:
            kind = _ENV_METHODS.get(method)
            if kind is None:
                return None
            if method == "update" and args and _is_snapshot(args[0], fn):
                kind = RESET  # os.environ.update(saved): puts a copy back
            shown = f"os.environ[{_shown_arg(args[0])}]" if key is not None else f"os.environ.{method}()"
            return Op(node, fn, actor, place, key, kind, shown, keys=_literal_keys(method, args, node))
        if place.domain == LOCAL:
            if place.kind == "mock":
                if method == "reset_mock":
                    return Op(node, fn, actor, place, None, RESET, f"{place.shown}.reset_mock()")
                if method == "configure_mock" and place.depth == 0:
                    return Op(node, fn, actor, place, None, SET, f"{place.shown}.configure_mock()")
                return None
            if not (place.kind == "container" and place.depth == 0
                    or place.kind == "class" and place.depth == 1 and self._class_attr_is_container(place)
                    or place.kind == "object" and place.depth >= 1 and _config_like(place.obj)):
                return None
        elif not _config_like(place.obj):
            return None
        kind = _CONTAINER_METHODS.get(method)
        if kind is None:
            return None
        if method == "update" and args and _is_snapshot(args[0], fn):
            kind = RESET
        return Op(node, fn, actor, place, key, kind, f"{place.shown}.{method}()",
                  keys=_literal_keys(method, args, node))

    def _class_attr_is_container(self, place: Place) -> bool:
        cls_name, _, attr = place.obj[len("local:"):].partition(".")
        for c in self.model.classes:
            if c.name != cls_name:
                continue
            for stmt in c.body:
                if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == attr for t in stmt.targets):
                    return self.value_kind(stmt.value) == "container"
        return False

    def _through_helper(self, call: ast.Call, name: str, fn: Function, actor: Actor) -> list[Op]:
        """``_set_mode(pricing.Handler, "fast")`` where the test module's ``def _set_mode(cls, mode): cls.mode =
        mode``: the helper writes an attribute of what the test hands it, followed one call deep and reported on
        the call."""
        if lookup_local(name, fn) is not None:
            return []
        top = fn
        while top.parent is not None:
            top = top.parent
        where = origin(top)  # a conftest.py fixture calling a helper of its own module
        found = [module_functions(where).get(name)] if where else self.model.functions_named.get(name, ())
        helper = next((h for h in found if h is not None and h.parent is None and h.cls is None and h.node), None)
        if helper is None or not helper.stores:
            return []
        params = helper.params
        out = []
        for target, stmt in helper.stores:
            if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)):
                continue
            param = target.value.id
            if param not in params or params.index(param) >= len(call.args) or lookup_local(param, helper) != (
                    "param", None, helper):
                continue
            arg = call.args[params.index(param)]
            place = self.locate(arg, fn) if isinstance(arg, (ast.Name, ast.Attribute)) else None
            if place is None or place.domain != PROJECT and not (place.domain == LOCAL and place.kind == "class"):
                continue
            kind = self._write_kind(place, target.attr, _stored_value(stmt), isinstance(stmt, ast.Delete), item=False)
            if kind is not None:
                shown = f"{place.shown}.{target.attr} through the helper {name}"
                out.append(Op(call, fn, actor, place, target.attr, kind, shown))
        return out

    def _store_ops(self, target: ast.expr, stmt: ast.stmt, fn: Function, actor: Actor) -> list[Op]:
        deleting = isinstance(stmt, ast.Delete)
        key: str | None  # the attribute's name, or the item's key text (None: a slice, or a key it cannot tell)
        if isinstance(target, ast.Attribute):
            receiver, key = target.value, target.attr
            if isinstance(receiver, ast.Name) and (receiver.id in ("self", "cls")
                                                   or receiver.id in self._test_class_names):
                return []  # the test class's own attributes: its tests' business
            if key in ("environ", "environb") and qualify(target, fn.scope) in ENV_OBJECTS:  # os.environ = {...}
                return [Op(stmt, fn, actor, Place(ENV, "env", "os.environ"), None, RESET, "os.environ")]
            place = self.locate(receiver, fn)
            if place is None or place.domain == ENV:
                return []
            kind = self._write_kind(place, key, _stored_value(stmt), deleting, item=False)
            if kind is None:
                return []
            return [Op(stmt, fn, actor, place, key, kind, f"{place.shown}.{key}")]
        if isinstance(target, ast.Subscript):
            place = self.locate(target.value, fn)
            if place is None:
                return []
            whole = isinstance(target.slice, ast.Slice)
            key = None if whole else key_text(target.slice)
            if place.domain == ENV:
                kind = REMOVE if deleting else RESET if whole else SET
                return [Op(stmt, fn, actor, place, key, kind, f"os.environ[{_shown_arg(target.slice)}]")]
            kind = self._write_kind(place, key, _stored_value(stmt), deleting, item=True)
            if kind is None:
                return []
            if whole:
                kind = REMOVE if deleting else RESET
            return [Op(stmt, fn, actor, place, key, kind, f"{place.shown}[{_shown_arg(target.slice)}]")]
        return []

    def _rebind_ops(self, fn: Function, actor: Actor) -> list[Op]:
        """``global X`` and X assigned, augmented or deleted in the same function."""
        if not fn.globals:
            return []
        declared = {n for g in fn.globals for n in g.names}
        out = []
        for name in fn.names:
            if name.id in declared and not isinstance(name.ctx, ast.Load) and name.id not in _SKIPPED_NAMES:
                place = Place(LOCAL, f"local:{name.id}", name.id, name.id, "rebind", name)
                out.append(Op(name, fn, actor, place, None, REBIND, name.id))
        defined = set(getattr(fn.scope, "classes", ())) | {c.name for c in fn.children}
        for g in fn.globals:  # global B / class B: ...
            for n in g.names:
                if n in defined and n not in _SKIPPED_NAMES:
                    out.append(Op(g, fn, actor, Place(LOCAL, f"local:{n}", n, n, "rebind"), None, REBIND, n))
        return out


# -- helpers -------------------------------------------------------------------------------------
def _extend(place: Place, tail: str, shown: str, depth: int) -> Place:
    return Place(place.domain, place.obj + tail if place.domain != ENV else place.obj, shown, place.name,
                 place.kind, place.root, place.depth + depth)


# libraries whose classes tests configure on purpose (logging handlers and levels, the test tools themselves)
_LIBRARY_SWITCHES = frozenset({"logging", "unittest", "mock", "pytest", "_pytest", "typing", "builtins", "warnings",
                               "structlog", "loguru", "freezegun", "faker", "factory", "hypothesis"})


def _library_class(dotted: str) -> bool:
    """``httpx.Client``, ``redis.cluster.RedisCluster``: a class of an installed library (a CapWords name below
    a module), whose attributes every later test shares."""
    parts = dotted.split(".")
    last = parts[-1]
    return (len(parts) >= 2 and parts[0] not in _LIBRARY_SWITCHES and last[:1].isupper() and not last.isupper()
            and all(p[:1].islower() or p[:1] == "_" for p in parts[:-1]))


def settings_like(obj: str) -> bool:
    """Django's settings, or an object the project calls settings or config (``app_settings``, ``test_config``)."""
    last = obj.rsplit(".", 1)[-1].lower().removesuffix("()").removeprefix("fixture:")
    return obj.startswith("django.conf.settings") or last in SETTINGS_WORDS or any(
        w in SETTINGS_WORDS for w in last.split("_"))


_WIDE_SCOPES = frozenset({"session", "package", "module"})
_CURRENT_APP_CONFIG = ("flask.current_app.config", "flask.globals.current_app.config", "quart.current_app.config")
_APP_CONTEXTS = frozenset({"app_context", "test_request_context"})
_MAKERS = ("make_", "create_", "build_", "new_")
_CACHING = frozenset({"lru_cache", "cache", "cached", "memoize", "singleton"})


def _configured(place: Place, key: str | None, item: bool) -> bool:
    """A setting or a config item written: ``settings.RETENTION_DAYS = 0``, ``app.config["SECRET"] = None`` set
    a value the code reads as configuration, not a cache put back to its start (``module._memo = None``)."""
    if key is not None and key.startswith("_"):
        return False
    if place.domain == ENV:
        return True
    return settings_like(place.obj) if not item else _config_like(place.obj) and not place.obj.startswith("local:")


def _config_like(obj: str) -> bool:
    """A project object whose items and container methods are state: settings, config, registries, CONSTANTS."""
    last = obj.rsplit(".", 1)[-1].split("[", 1)[0]
    if obj.startswith("django.conf.settings") or obj.startswith("fixture:") and "." not in obj:
        return True  # Django's settings; the object of a wide-scoped fixture itself (a registry, a dict)
    return last in CONFIG_ATTRS or (last.isupper() and len(last) > 1)


def _is_snapshot(arg: ast.expr, fn: Function) -> bool:
    """``saved`` in ``os.environ.update(saved)``: a copy put back, not new values."""
    if isinstance(arg, ast.Attribute):
        return True
    if isinstance(arg, ast.Name):
        found = lookup_local(arg.id, fn)
        if found is None or found[0] != "bound":
            return found is not None
        value = found[1]
        if isinstance(value, ast.Dict):
            return False
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict":
            return bool(value.args)
        return True
    return False


def _literal_keys(method: str, args: list[ast.expr], node: ast.AST) -> frozenset[str]:
    """Keys ``update({"A": 1}, B=2)`` writes, as key texts."""
    if method != "update":
        return frozenset()
    out: set[str] = set()
    if args and isinstance(args[0], ast.Dict):
        out.update(k for k in (key_text(k) for k in args[0].keys if k is not None) if k)
    if isinstance(node, ast.Call):
        out.update(repr(kw.arg) for kw in node.keywords if kw.arg)
    return frozenset(out)


def _final_span(t: ast.stmt) -> tuple[int, int]:
    body = t.finalbody  # type: ignore[attr-defined]
    return body[0].lineno, getattr(body[-1], "end_lineno", None) or body[-1].lineno


def _shown_arg(expr: ast.expr) -> str:
    text = key_text(expr) or "..."
    return text if len(text) <= 40 else text[:37] + "..."


def _module_level_defs(tree: ast.AST) -> set[str]:
    """Classes defined at module level (also under a top-level ``if``/``try``)."""
    out: set[str] = set()
    todo = list(getattr(tree, "body", []))
    for _ in range(10_000):
        if not todo:
            break
        stmt = todo.pop()
        if isinstance(stmt, ast.ClassDef):
            out.add(stmt.name)
        elif isinstance(stmt, (ast.If, ast.Try)):
            todo.extend(stmt.body)
            todo.extend(stmt.orelse)
            if isinstance(stmt, ast.Try):
                for h in stmt.handlers:
                    todo.extend(h.body)
    return out


def _main_spans(tree: ast.AST) -> list[tuple[int, int]]:
    """Lines of ``if __name__ == "__main__":`` blocks: not run when pytest imports the module."""
    out = []
    for stmt in getattr(tree, "body", []):
        if isinstance(stmt, ast.If) and isinstance(stmt.test, ast.Compare):
            parts = [stmt.test.left, *stmt.test.comparators]
            if any(isinstance(p, ast.Name) and p.id == "__name__" for p in parts) and any(
                    const_str(p) == "__main__" for p in parts):
                out.append(span_of(stmt))
    return out


# -- what the rules read -------------------------------------------------------------------------
def describe(writes: Writes, name: str) -> str:
    """``list CART``, ``dict PAYLOAD``, ``mock client``, ``class Fake``: a module-level name for a message."""
    value = writes.model.module.scope.bindings.get(name)
    kinds = {ast.List: "list", ast.Dict: "dict", ast.Set: "set", ast.ListComp: "list", ast.DictComp: "dict",
             ast.SetComp: "set"}
    if value is None:
        return f"class {name}" if name in writes.module_classes else name
    if type(value) in kinds:
        return f"{kinds[type(value)]} {name}"
    if isinstance(value, ast.Call):
        callee = (dotted_text(value.func) or "").rsplit(".", 1)[-1]
        kind = writes.value_kind(value)
        if kind == "container":
            return f"{callee} {name}"
        if kind == "mock":
            return f"mock {name}"
        if callee:
            return f"{callee} object {name}"
    return name


def _is_raises_block(w: ast.With | ast.AsyncWith) -> bool:
    for item in w.items:
        e = item.context_expr
        f = e.func if isinstance(e, ast.Call) else e
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        if name in _RAISES_BLOCKS:
            return True
    return False


def _resets_value(value: ast.expr | None) -> bool:
    """None, 0, "" or an empty literal: a write that puts a cache or counter back to its start."""
    if isinstance(value, ast.Constant):
        return value.value is None or value.value == 0 and not isinstance(value.value, bool) or value.value == ""
    if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        return not value.elts
    if isinstance(value, ast.Dict):
        return not value.keys
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in (
            "list", "dict", "set", "tuple"):
        return not value.args and not value.keywords
    return False


def _stored_value(stmt: ast.stmt) -> ast.expr | None:
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
        return stmt.value
    return None  # augmented assignment, del
