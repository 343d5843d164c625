"""Whether writes to shared state are put back, and what the MM4xx rules read (only for files with writes).

Reads ``writes.Writes`` (the actors, places and writes of a file); what puts a write back:

- a later write to the same thing in the same actor: in a ``finally`` block, after a fixture's
  ``yield``, in a registered cleanup (``addCleanup``, ``addfinalizer``, ``ExitStack.callback``);
- a restoring context manager or decorator around it (``patch.dict``, ``patch.object``,
  ``override_settings``, ``monkeypatch``, ``mocker``, started patchers, a name that says it
  restores or runs the test elsewhere);
- a teardown hook (``tearDown``, ``teardown_method``, a cleanup method) or a setup hook that
  writes it again before each test;
- a fixture the test uses (by parameter, ``usefixtures``, ``pytestmark`` or ``autouse``, also
  from ``conftest.py`` files) that puts it back.

What the rules read: the leaks (writes in code run for tests that nothing puts back), the
writes at import time, and the readers: tests that read a module-level name another test
changes (order dependences), and ``global`` rebindings that stay.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterable
from functools import cached_property

from ..._lazy import LazyRegex
from ...model.fixtures import conftest_autouse
from ...model.walk import Function
from ...resolve import known
from ...resolve.envdefaults import code_defaults
from ...resolve.names import const_str, dotted_text, qualify, root_name
from .vocabulary import (
    ADD, CLASS_SETUP, CLEANUP_NAME, ENV, ENV_OBJECTS, FIXTURE, HELPER, LOCAL, MODULE, PROJECT, REBIND, REMOVE, RESET,
    SET, SETTINGS_WORDS, SETUP, TEARDOWN, TEST, Actor, Effect, Op, inside, is_project_state, key_text, lookup_local,
    literal_key, overrides_settings, pos_of, span_of,
)
from .writes import Writes, settings_like

_SETTINGS_OBJECTS = "*settings"  # what override_settings puts back: settings objects, nothing else
_SKIPPED_BY_A_FAILURE = (TEST, SETUP, CLASS_SETUP, HELPER)  # code a failing check leaves half-way
REPORTED_ROLES = frozenset({TEST, FIXTURE, SETUP, CLASS_SETUP, HELPER})  # code that runs for tests
# context managers and decorators that put state back when they exit
_PATCH_DICT = "unittest.mock.patch.dict"
_MONKEYPATCH_METHODS = frozenset({"setenv", "delenv", "setattr", "delattr", "setitem", "delitem"})
_ENV_WORDS = frozenset({"env", "envs", "environ", "environs", "environment", "environments", "envvar", "envvars"})
_OVERRIDE_WORDS = frozenset({"override", "overrides", "overridden", "settings", "setting", "config", "configs",
                             "patch", "patched", "patches", "conf"})
# context managers and decorators that say they put things back
_RESTORE_WORDS = frozenset({"restore", "restored", "restoring", "restores", "reset", "resets", "resetting", "clear",
                            "clears", "clean", "cleanup", "cleaned", "preserve", "preserved", "preserving", "save",
                            "saved", "snapshot", "temporary", "temp", "tmp", "isolate", "isolated", "isolation",
                            "revert", "undo", "scoped"})
# decorators that run the test somewhere else: nothing it writes reaches the other tests
_ELSEWHERE_WORDS = frozenset({"subprocess", "forked", "fork", "isolated", "spawn", "spawned"})
_WORD = LazyRegex(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def covers(r_kind: str, r_obj: str, r_key: str | None, o: Op) -> bool:
    """Does a write (or restoring construct) ``r`` put back what ``o`` changed?"""
    r_full = r_obj if r_key is None else (f"{r_obj}.{r_key}" if r_key.isidentifier() else f"{r_obj}[{r_key}]")
    if r_obj == "*":
        return True
    if r_obj == _SETTINGS_OBJECTS:  # override_settings: Django's settings, not the view class it configures
        return o.obj.startswith("django.conf.settings") or o.obj.split("[", 1)[0].rsplit(".", 1)[-1] == "settings"
    if r_kind != ADD and o.obj != r_full and (o.obj.startswith(r_full + ".") or o.obj.startswith(r_full + "[")):
        return True  # replaced or removed the object o wrote into
    if r_obj != o.obj:
        return r_kind in (RESET, REBIND, SET, REMOVE) and r_full == o.obj
    if r_kind in (RESET, REBIND) and r_key is None:
        return True
    if r_key is not None and (r_key == o.key or r_key in o.keys):
        return True
    return r_kind == REMOVE and (r_key is None or o.key is None and not o.keys)


def _restorer_keys(kind: str, obj: str, key: str | None) -> list[tuple]:
    """Keys under which a write (or restoring construct) could put another back: ``covers(kind, obj, key, o)``
    is only ever true when one of them is among ``_written_keys(o)``."""
    if obj == "*" or obj == _SETTINGS_OBJECTS:
        return [("any",)]
    full = obj if key is None else (f"{obj}.{key}" if key.isidentifier() else f"{obj}[{key}]")
    out: list[tuple] = [("full", full)]  # o inside it, o that is it, and the whole object (key None) o wrote into
    if key is not None:
        out.append(("item", obj, key))
    if kind == REMOVE:
        out.append(("whole", obj))
    return out


def _written_keys(o: Op) -> list[tuple]:
    """The keys of ``_restorer_keys`` that may put back the write ``o``."""
    obj = o.obj
    out: list[tuple] = [("any",), ("full", obj), ("whole", obj)]
    out += [("full", obj[:i]) for i, ch in enumerate(obj) if ch in ".["]  # what o wrote into
    if o.key is not None:
        out.append(("item", obj, o.key))
    out += [("item", obj, k) for k in o.keys]
    return out


class _OpIndex:
    """One actor's writes, indexed both ways by the keys above, so that finding what puts a write back (or what a
    write puts back) is not a pass over every write of the actor: 2,000 writes in one test are 4 million pairs.
    Candidates come in source order, a superset of the writes ``covers`` accepts."""

    def __init__(self, ops: Iterable[Op]) -> None:
        self.order: dict[int, int] = {}
        self.by_restorer: dict[tuple, list[Op]] = {}
        self.by_written: dict[tuple, list[Op]] = {}
        for i, op in enumerate(ops):
            self.order[id(op)] = i
            for k in _restorer_keys(op.kind, op.obj, op.key):
                self.by_restorer.setdefault(k, []).append(op)
            for k in _written_keys(op):
                self.by_written.setdefault(k, []).append(op)

    def covering(self, o: Op) -> list[Op]:
        """The writes that may put ``o`` back (or that ``o`` wrote into), in source order."""
        return self._gather(self.by_restorer, _written_keys(o))

    def covered_by(self, r: Op) -> list[Op]:
        """The writes ``r`` may put back, in source order."""
        return self._gather(self.by_written, _restorer_keys(r.kind, r.obj, r.key))

    def _gather(self, table: dict[tuple, list[Op]], keys: list[tuple]) -> list[Op]:
        found: dict[int, Op] = {}
        for k in keys:
            for op in table.get(k, ()):
                found[id(op)] = op
        return sorted(found.values(), key=lambda op: self.order[id(op)])


class Restores:
    """Whether each write of a file is put back, and who reads what."""

    def __init__(self, writes: Writes) -> None:
        self.writes = writes
        self.model = writes.model
        self._fixture_cache: dict[int, list[Effect]] = {}
        self._teardown_cache: dict[int, list[Effect]] = {}
        self._indexes: dict[int, _OpIndex] = {}  # actor -> its writes indexed by what could cover what

    # -- restores -------------------------------------------------------------------------------
    def restored(self, op: Op) -> bool:
        """Is the write put back, or made inside something that puts it back?"""
        if op.cleanup:
            return True
        actor = op.actor
        pos = op.pos
        for other in self._index(actor).covering(op):
            if other is op or not (other.cleanup or other.pos > pos and op.kind != REBIND):
                continue  # a rebinding is put back only from a finally block, after a yield or by a cleanup
            if covers(other.kind, other.obj, other.key, op) and (
                    other.cleanup or actor.role not in _SKIPPED_BY_A_FAILURE):
                return True
        if any(self._covers_effect(e, op) for e in self._actor_effects(actor, op)):
            return True
        return any(self._covers_effect(e, op) for e in self._surrounding_effects(actor))

    def late_restore(self, op: Op) -> Op | None:
        """``X = old`` at the end of a test, not in a ``finally`` block: a restore a failing check skips."""
        if op.actor.role not in _SKIPPED_BY_A_FAILURE or op.kind == REBIND:
            return None
        return next((other for other in self._index(op.actor).covering(op)
                     if other is not op and not other.cleanup and other.pos > op.pos
                     and covers(other.kind, other.obj, other.key, op)), None)

    def restores_earlier(self, op: Op) -> bool:
        """Is this write itself the restore of an earlier write in the same actor?"""
        if op.kind == REBIND:
            return False
        return any(o is not op and o.pos < op.pos and covers(op.kind, op.obj, op.key, o)
                   for o in self._index(op.actor).covered_by(op))

    def _index(self, actor: Actor) -> _OpIndex:
        found = self._indexes.get(id(actor))
        if found is None:
            found = self._indexes[id(actor)] = _OpIndex(self.writes.ops_by_actor.get(id(actor), ()))
        return found

    @staticmethod
    def _covers_effect(e: Effect, op: Op) -> bool:
        if e.domain != op.domain:
            return False
        return covers(RESET, e.obj, e.key, op)

    def _actor_effects(self, actor: Actor, op: Op) -> list[Effect]:
        """Restoring ``with`` blocks around the write, and restoring decorators of the actor or its class."""
        out: list[Effect] = []
        pos = op.pos
        for fn in actor.functions:
            for w in fn.withs:
                if inside(pos, span_of(w)) and _contains_fn(fn, op.fn):
                    for item in w.items:
                        out.extend(self._restoring(item.context_expr, fn))
        if actor.fn.node is not None:
            decorators = list(actor.fn.node.decorator_list)
            if actor.fn.cls is not None:
                decorators += actor.fn.cls.decorator_list
            for d in decorators:
                out.extend(self._restoring(d, actor.fn))
        out.extend(self._undone_at_teardown(actor))
        return out

    def _undone_at_teardown(self, actor: Actor) -> list[Effect]:
        """monkeypatch and mocker calls, started patchers: undone after the test, with what was written below."""
        cached = self._teardown_cache.get(id(actor))
        if cached is not None:
            return cached
        out: list[Effect] = []
        for fn in actor.functions:
            for call in fn.calls:
                f = call.func
                if not isinstance(f, ast.Attribute):
                    continue
                if f.attr in _MONKEYPATCH_METHODS:
                    out.extend(self._monkeypatch_effects(call, fn))
                elif f.attr in ("start", "enterContext", "enter_context", "object", "dict", "multiple", "patch"):
                    started = _started(call, fn)
                    if started is not None:
                        out.extend(self._restoring(started, fn))
                    elif f.attr != "start" and (qualify(f.value, fn.scope) or "").startswith("unittest.mock") and \
                            isinstance(f.value, (ast.Name, ast.Attribute)) and root_name(f) in known.MOCKER_FIXTURES:
                        out.extend(self._restoring(call, fn))  # mocker.patch.object(...): undone by pytest-mock
        self._teardown_cache[id(actor)] = out
        return out

    def _restoring(self, expr: ast.expr, fn: Function) -> list[Effect]:
        """What a context manager or decorator puts back when it exits."""
        call = expr
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in (
                "start", "__enter__") and isinstance(call.func.value, ast.Call):
            call = call.func.value
        if isinstance(call, (ast.Name, ast.Attribute)):  # a bare decorator: @run_in_subprocess, @pytest.mark.forked
            call = ast.Call(func=call, args=[], keywords=[])
        if not isinstance(call, ast.Call):
            return []
        q = qualify(call.func, fn.scope) or dotted_text(call.func) or ""
        last = q.rsplit(".", 1)[-1]
        if q == _PATCH_DICT:
            target = call.args[0] if call.args else None
            text = const_str(target)
            if text is not None:
                return [Effect(ENV, "env")] if text in ENV_OBJECTS else [Effect(PROJECT, text)]
            place = self.writes.locate(target, fn) if target is not None else None
            return [Effect(place.domain, place.obj)] if place is not None else []
        if q in (known.PATCH, known.PATCH_OBJECT, known.PATCH_MULTIPLE) or q.endswith(".setattr"):
            return self._patched(call, q, fn)
        if overrides_settings(call, fn.scope):
            return [Effect(PROJECT, "django.conf.settings"), Effect(PROJECT, _SETTINGS_OBJECTS)]
        words = _words(last)
        if words & _ELSEWHERE_WORDS:
            return [Effect(ENV, "env"), Effect(PROJECT, "*"), Effect(LOCAL, "*")]
        if words & _ENV_WORDS:
            return [Effect(ENV, "env")]
        if words & _RESTORE_WORDS:
            return [Effect(ENV, "env"), Effect(PROJECT, "*")]
        if words & _OVERRIDE_WORDS:
            return [Effect(PROJECT, "*")]
        return []

    def _patched(self, call: ast.Call, q: str, fn: Function) -> list[Effect]:
        first = call.args[0] if call.args else None
        text = const_str(first)
        if q == known.PATCH or (text is not None and (len(call.args) < 3 and q.endswith(".setattr"))):
            if text is None or "." not in text:
                return []
            obj, _, attr = text.rpartition(".")
            return [Effect(PROJECT, obj, attr), Effect(LOCAL, "local:" + obj, attr)]
        place = self.writes.locate(first, fn) if first is not None else None
        if place is None:
            return []
        if q == known.PATCH_MULTIPLE:
            return [Effect(place.domain, place.obj, kw.arg) for kw in call.keywords if kw.arg]
        key = const_str(call.args[1]) if len(call.args) > 1 else None
        return [Effect(place.domain, place.obj, key)] if key else []

    @cached_property
    def _hook_effects(self) -> dict[str | None, list[tuple[Actor, Effect]]]:
        """What hooks and autouse fixtures put back, by class name (None: the module's, for every test)."""
        out: dict[str | None, list[tuple[Actor, Effect]]] = {}
        for actor in self.writes.actors:
            ops = self.writes.ops_by_actor.get(id(actor), [])
            if actor.role == TEARDOWN or actor.role == FIXTURE and actor.autouse:
                effects = self._puts_back(actor, ops)
            elif actor.role in (SETUP, CLASS_SETUP):
                effects = self._puts_back(actor, ops, setup=True)
            else:
                continue
            if effects:
                key = actor.fn.cls.name if actor.fn.cls is not None else None
                out.setdefault(key, []).extend((actor, e) for e in effects)
        return out

    def _puts_back(self, actor: Actor, ops: list[Op], setup: bool = False) -> list[Effect]:
        """Effects of a hook or fixture: its writes in teardown position, its resets of module-level objects,
        its restoring constructs (started patchers, ``with`` blocks around its ``yield``, monkeypatch)."""
        out: list[Effect] = []
        for op in ops:
            if actor.role == TEARDOWN or op.cleanup:
                out.append(Effect(op.domain, op.obj, op.key) if op.kind != RESET else Effect(op.domain, op.obj))
            elif op.domain == LOCAL and op.kind in (RESET, REMOVE, REBIND) and (setup or actor.role == FIXTURE):
                out.append(Effect(op.domain, op.obj, op.key))  # setUp/fixture resetting it before each test
            elif actor.role == SETUP and op.kind in (SET, RESET) and op.domain == LOCAL:
                # setUp writes it again before each test of the class: enough for the test module's own objects;
                # a project module or class keeps the last test's value for the classes and files that run after
                out.append(Effect(op.domain, op.obj, op.key))
        for fn in actor.functions:
            for call in fn.calls:
                out.extend(self._monkeypatch_effects(call, fn))
                if setup or actor.role == FIXTURE:
                    started = _started(call, fn)
                    if started is not None:
                        out.extend(self._restoring(started, fn))
            if actor.role == FIXTURE:
                ys = actor.first_yield
                for w in fn.withs:
                    if ys is not None and fn is actor.fn and inside(ys, span_of(w)):
                        for item in w.items:
                            out.extend(self._restoring(item.context_expr, fn))
        return out

    def _monkeypatch_effects(self, call: ast.Call, fn: Function) -> list[Effect]:
        """monkeypatch.setenv/delenv/setattr/setitem: undone at teardown, with whatever was written since."""
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr not in _MONKEYPATCH_METHODS:
            return []
        q = qualify(f, fn.scope) or ""
        if not q.startswith(tuple(known.MONKEYPATCH_FACTORIES)):
            return []
        if f.attr in ("setenv", "delenv"):
            return [Effect(ENV, "env", key_text(call.args[0]) if call.args else None)]
        if f.attr in ("setattr", "delattr"):
            return self._patched(call, q, fn)
        place = self.writes.locate(call.args[0], fn) if call.args else None
        if place is None:
            return []
        return [Effect(place.domain, place.obj, key_text(call.args[1]) if len(call.args) > 1 else None)]

    def _surrounding_effects(self, actor: Actor) -> list[Effect]:
        """Restores that reach an actor from outside: hooks, its fixtures, autouse fixtures of conftest.py files."""
        hooks = self._hook_effects
        out = [e for a, e in hooks.get(None, ()) if a is not actor]
        chain = self.model.class_chain(actor.fn.cls) if actor.fn.cls is not None else []
        for name in (c.name for c in chain):
            out.extend(e for a, e in hooks.get(name, ()) if a is not actor)
        for fixture in self._fixtures_used(actor):
            out.extend(self._fixture_effects(fixture))
            if fixture.node is not None and CLEANUP_NAME.search(fixture.fixture_name or fixture.node.name) and (
                    fixture.yields or fixture.children):
                # requested by name: teardown_profiling, reset_registry, clean_env put back what the test changes
                words = _words(fixture.fixture_name or fixture.node.name)
                out.append(Effect(ENV, "env") if words & _ENV_WORDS else Effect(PROJECT, "*"))
        out.extend(self._conftest_autouse_effects)
        return out

    def _fixtures_used(self, actor: Actor) -> list[Function]:
        fn = actor.fn
        if fn.node is None:
            return []
        names = [p for p in fn.params if p not in ("self", "cls", "request")]
        decorators = list(fn.node.decorator_list) + (list(fn.cls.decorator_list) if fn.cls is not None else [])
        for d in decorators:
            if isinstance(d, ast.Call) and (dotted_text(d.func) or "").endswith("usefixtures"):
                names += [s for s in (const_str(a) for a in d.args) if s]
        names += self._module_usefixtures
        out = []
        for name in dict.fromkeys(names):
            found = self.model.find_fixture(name)
            if found is not None:
                out.append(found[0])
        return out

    @cached_property
    def _module_usefixtures(self) -> list[str]:
        value = self.model.module.scope.bindings.get("pytestmark")
        if value is None:
            return []
        items = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
        out: list[str] = []
        for d in items:
            if isinstance(d, ast.Call) and (dotted_text(d.func) or "").endswith("usefixtures"):
                out += [s for s in (const_str(a) for a in d.args) if s]
        return out

    def _fixture_effects(self, fn: Function) -> list[Effect]:
        cached = self._fixture_cache.get(id(fn))
        if cached is not None:
            return cached
        actor = self.writes.actor_of(fn)
        if actor is not None:
            ops = self.writes.ops_by_actor.get(id(actor), [])
            out = self._puts_back(actor, ops)
        else:  # a conftest.py fixture: read in its own scope
            actor = Actor(fn, FIXTURE, functions=fn.nested())
            ops = self.writes.ops_of(actor)
            out = [e for e in self._puts_back(actor, ops) if e.domain != LOCAL]
        acts = bool(ops) or bool({"monkeypatch", "mocker", "settings"} & set(fn.params))
        if acts and CLEANUP_NAME.search(actor.name):  # clean_environment(monkeypatch): says what it puts back
            words = _words(actor.name)
            if words & _ENV_WORDS:
                out = out + [Effect(ENV, "env")]
            if words & SETTINGS_WORDS:
                out = out + [Effect(PROJECT, "*")]
        self._fixture_cache[id(fn)] = out
        return out

    @cached_property
    def _conftest_autouse_effects(self) -> list[Effect]:
        return [e for _name, fn, _path in conftest_autouse(self.model.filename) for e in self._fixture_effects(fn)]

    # -- what the rules read ------------------------------------------------------------------
    @cached_property
    def leaks(self) -> list[Op]:
        """Writes in code that runs for tests, to shared state, that nothing puts back."""
        out = []
        in_conftest = os.path.basename(self.model.filename) == "conftest.py"
        for op in self.writes.ops:
            actor = op.actor
            if actor.role not in REPORTED_ROLES or op.cleanup or op.kind in (RESET, REBIND):
                continue
            if actor.role == FIXTURE:
                if actor.scope != "function" and op.domain == LOCAL or CLEANUP_NAME.search(actor.name):
                    continue  # a fixture that says it resets state
                if actor.scope == "session":
                    continue  # set up once for the whole run, like a conftest.py at import time
                if in_conftest and actor.autouse and actor.scope == "function":
                    continue  # written again before every test under this conftest.py
            if self.restores_earlier(op) or self._into_own_replacement(op) or self._reinitialised(op):
                continue
            if actor.role == SETUP and op.domain == PROJECT and self._rebuilt_from_the_real_thing(op):
                continue
            if not self.restored(op):
                out.append(op)
        return out

    def _reinitialised(self, op: Op) -> bool:
        """A ``setUp`` write that the class's tests write over (``RateLimiter.bucket = "default"`` before each
        test): the tests' writes are what leaks, reported once there."""
        if op.actor.role != SETUP or op.actor.fn.cls is None:
            return False
        cls = op.actor.fn.cls
        return any(a.role == TEST and a.fn.cls is cls and
                   any(o.full == op.full for o in self.writes.ops_by_actor[id(a)])
                   for a in self.writes.actors)

    def _rebuilt_from_the_real_thing(self, op: Op) -> bool:
        """``serve.storage = storages["build-media"]`` in ``setUp``: a module attribute (not settings) put back
        to an object the code's own configuration makes, before each test: a reset, not a test's value."""
        node = op.node
        if not isinstance(node, ast.Assign) or op.key is None or settings_like(op.obj):
            return False
        value = node.value
        if not isinstance(value, (ast.Call, ast.Subscript)):
            return False
        base: ast.expr = value
        for _ in range(16):
            if isinstance(base, (ast.Call, ast.Subscript, ast.Attribute)):
                base = base.func if isinstance(base, ast.Call) else base.value
            else:
                break
        if not isinstance(base, ast.Name) or base.id not in self.model.imports:
            return False  # made in the test module: the test's own object
        q = qualify(value.func if isinstance(value, ast.Call) else value, op.fn.scope) or ""
        return q not in known.MOCK_CLASSES and q != known.CREATE_AUTOSPEC and "mock" not in q.lower()

    def _into_own_replacement(self, op: Op) -> bool:
        """``X.http.request = ...`` after ``X.http = MagicMock()`` in the same test: one write, reported once."""
        return any(o.pos < op.pos and o.kind == SET and (op.obj == o.full or op.obj.startswith(o.full + ".")
                                                         or op.obj.startswith(o.full + "["))
                   for o in self._index(op.actor).covering(op))

    @cached_property
    def import_time(self) -> list[Op]:
        """Writes to the environment and to project state while the module is imported."""
        out = []
        allowed = set(self.model.config.allowed_env)
        in_conftest = os.path.basename(self.model.filename) == "conftest.py"
        for op in self.writes.ops:
            if op.actor.role != MODULE or op.domain == LOCAL or op.kind == RESET or op.cleanup:
                continue
            if op.domain == ENV and literal_key(op.key) in allowed:
                continue  # --mock-misuse-allowed-env: DJANGO_SETTINGS_MODULE says where the settings are
            if self.restores_earlier(op):
                continue
            if any(self._covers_effect(e, op) for _a, e in self._hook_effects.get(None, ())):
                continue
            if in_conftest and op.domain == ENV and (self._as_code_defaults(op) or any(
                    self._covers_effect(e, op) for a in self.writes.actors if a.role == FIXTURE and a.autouse
                    for e in self._fixture_effects(a.fn))):
                continue  # the value the code uses anyway, or a fixture of this conftest resets it per test
            out.append(op)
        return out

    def _as_code_defaults(self, op: Op) -> bool:
        """``os.environ["FEATURE"] = "off"`` where the project reads ``os.getenv("FEATURE", "off")``."""
        node = op.node
        value = node.value if isinstance(node, ast.Assign) else (
            node.args[1] if isinstance(node, ast.Call) and len(node.args) > 1 else None)
        name = literal_key(op.key)
        text = const_str(value) if value is not None else None
        if name is None or text is None:
            return False
        defaults = code_defaults(self.model.project.roots, name)
        return defaults is not None and text in defaults

    def reads(self, test_actor: Actor, names: set[str]) -> dict[str, ast.Name]:
        """First read, in a test, of each of ``names`` that means the module-level one."""
        own = self.writes.ops_by_actor.get(id(test_actor), ())
        own_roots = {id(o.place.root) for o in own if o.place.root is not None}
        first: dict[str, ast.Name] = {}
        for fn in test_actor.functions:
            for n in fn.names:
                if n.id not in names or not isinstance(n.ctx, ast.Load) or id(n) in own_roots:
                    continue
                if lookup_local(n.id, fn) is not None:
                    continue  # a local of the same name
                if n.id not in first or pos_of(n) < pos_of(first[n.id]):
                    first[n.id] = n
        return first

    def sets_first(self, test_actor: Actor, name: str, others: list[Op], pos: tuple[int, int]) -> bool:
        """Does the test set, before it reads ``name``, every key or attribute the other writers change
        (``payload["exp"] = ...; payload["foo"] = ...`` when other tests change only those two)?"""
        changed = {o.key for o in others}
        if None in changed or any(o.kind != SET for o in others):
            return False  # appended to, cleared, rebound: what the test reads is not one item
        own = {o.key for o in self.writes.ops_by_actor.get(id(test_actor), ())
               if o.place.name == name and o.kind == SET and o.key is not None and o.pos < pos}
        return changed <= own

    def resets_before(self, test_actor: Actor, name: str, pos: tuple[int, int]) -> bool:
        """Does the test reset ``name`` (clear, slice assignment, rebinding) before it reads it?"""
        for o in self.writes.ops_by_actor.get(id(test_actor), ()):
            if o.place.name == name and o.key is None and (o.kind == REBIND or o.kind == RESET and o.pos < pos):
                return True  # rebinding anywhere: a nested function reading it runs after the rebinding
        whole = f"local:{name}"
        return any(e.domain == LOCAL and e.obj == whole and e.key is None
                   for e in self._surrounding_effects(test_actor))


# -- what the rules read -------------------------------------------------------------------------
def order_dependences(facts: Restores) -> list[tuple[Actor, str, ast.Name, Op]]:
    """(test, name, first read, a write by another test or fixture) for each test that reads a module-level
    name another one changes and nothing resets."""
    writers: dict[str, list[Op]] = {}
    for op in facts.writes.ops:
        if op.domain != LOCAL or op.place.name is None or op.cleanup:
            continue
        if op.actor.role not in REPORTED_ROLES and not facts.writes.wired_in(op.actor):
            continue  # a writer outside the tests counts when the module wires it in (a fake mailer, a hook)
        if op.place.kind not in ("container", "mock", "rebind") or op.kind == RESET or is_project_state(op):
            continue  # reading an object or a class another test changed one attribute of is not enough
        if op.kind == REBIND and op.actor.role != TEST:
            continue  # setUp, fixtures and class hooks (re)building module-level names: setup, not leftovers
        if facts.restores_earlier(op) or facts.restored(op):
            continue
        writers.setdefault(op.place.name, []).append(op)
    if not writers:
        return []
    out = []
    for actor in facts.writes.actors:
        if actor.role != TEST or actor.test is None or actor.test.skipped or _uses_globals(actor):
            continue
        for name, read in sorted(facts.reads(actor, set(writers)).items(), key=lambda kv: pos_of(kv[1])):
            others = [w for w in writers[name] if w.actor is not actor]
            if others and not facts.resets_before(actor, name, pos_of(read)) and \
                    not facts.sets_first(actor, name, others, pos_of(read)):
                out.append((actor, name, read, others[0]))
    return out


def leaking_globals(facts: Restores) -> list[tuple[ast.Global, Op]]:
    """``global X`` statements in tests and in the test-class methods they call, whose rebinding stays."""
    out: list[tuple[ast.Global, Op]] = []
    seen: set[int] = set()
    for op in facts.writes.ops:
        if op.kind != REBIND or op.cleanup or op.actor.role not in (TEST, HELPER):
            continue  # setUp and fixtures rebinding a global set up each test; class and module hooks, once
        g = next((g for g in op.fn.globals if op.place.name in g.names), None)
        if g is None or id(g) in seen or facts.restored(op):
            continue
        seen.add(id(g))
        out.append((g, op))
    return out


# -- helpers -------------------------------------------------------------------------------------
def _words(name: str) -> set[str]:
    """``modified_environ`` -> {"modified", "environ"}; ``EnvironmentVarGuard`` -> {"environment", "var", "guard"}."""
    return {w.lower() for w in _WORD.findall(name)}


def _contains_fn(outer: Function, inner: Function) -> bool:
    f: Function | None = inner
    for _ in range(64):
        if f is None:
            return False
        if f is outer:
            return True
        f = f.parent
    return False


def _started(call: ast.Call, fn: Function) -> ast.expr | None:
    """The patcher of ``patch.dict(...).start()``, ``p.start()``, ``self.p.start()`` or ``enterContext(...)``."""
    f = call.func
    if not isinstance(f, ast.Attribute):
        return None
    target: ast.expr | None  # the patcher's expression, or what a local name is bound to
    if f.attr in ("enterContext", "enter_context", "enterClassContext") and call.args:
        target = call.args[0]
    elif f.attr == "start" and not call.args:
        target = f.value
    else:
        return None
    if isinstance(target, ast.Name):
        found = lookup_local(target.id, fn)
        target = found[1] if found is not None and found[0] == "bound" else target
    elif isinstance(target, ast.Attribute):
        text = dotted_text(target)
        target = next((v for t, v in fn.attr_assigns if text is not None and dotted_text(t) == text), target)
    return target if isinstance(target, ast.Call) else None


def _uses_globals(actor: Actor) -> bool:
    """``exec(code, globals())``, ``globals()[name] = ...``: rebinds names the walk cannot see."""
    return any(isinstance(c.func, ast.Name) and c.func.id == "globals" for fn in actor.functions for c in fn.calls)
