"""The words the state family (MM4xx) speaks: what is written, by whom, and what puts it back.

- **domains**: ``LOCAL`` (an object of the test module itself), ``ENV`` (the process environment),
  ``PROJECT`` (project state reached through an import: a module or class attribute, a settings
  object, an app);
- **kinds** of write: ``ADD``, ``SET``, ``REMOVE``, ``RESET`` (back to a start value), ``REBIND``
  (``global X`` rebinding);
- **roles** of the code that writes: a test, a fixture, a per-test or per-class hook, a helper
  method of a test class, a pytest hook, other code, the module body (import time);
- ``Actor`` (who), ``Place`` (what is written to), ``Op`` (one write), ``Effect`` (what a
  restoring construct puts back), and the helpers ``writes`` and ``restores`` share.
"""

from __future__ import annotations

import ast
import re
import weakref
from functools import cached_property

from ..._lazy import LazyRegex
from ...model.testcases import Test
from ...model.walk import Function
from ...resolve.names import Scope, dotted_text, expr_text, qualify

LOCAL, ENV, PROJECT = "local", "env", "project"  # the test module's own objects, the environment, the project's
ADD, SET, REMOVE, RESET, REBIND = "add", "set", "remove", "reset", "rebind"

TEST, FIXTURE, SETUP, TEARDOWN, CLASS_SETUP, HELPER, HOOK, OTHER, MODULE = (
    "test", "fixture", "setup", "teardown", "class-setup", "helper", "hook", "other", "module")

ENV_OBJECTS = frozenset({"os.environ", "os.environb"})
SETTINGS_WORDS = frozenset({"settings", "setting", "config", "configs", "conf", "configuration", "options"})
CLEANUP_NAME = LazyRegex(r"reset|restore|clean|clear|teardown|tear_down|undo|revert|unpatch|unset|invalidate|"
                         r"flush|purge|isolat", re.IGNORECASE,
                         needs=("reset", "restore", "clean", "clear", "teardown", "tear_down", "undo", "revert",
                                "unpatch", "unset", "invalidate", "flush", "purge", "isolat"))
# project objects whose item writes and container methods are state: settings, configs, registries
CONFIG_ATTRS = frozenset({"config", "settings", "conf", "configuration", "dependency_overrides", "registry",
                          "_registry", "options", "defaults", "environ", "extensions"})


class Actor:
    """A top-level function of the file (or the module body) and the functions nested in it."""

    def __init__(self, fn: Function, role: str, test: Test | None = None, scope: str = "function",
                 autouse: bool = False, functions: list[Function] | None = None) -> None:
        self.fn = fn
        self.role = role
        self.test = test
        self.scope = scope  # a fixture's scope
        self.autouse = autouse
        self.functions: list[Function] = [] if functions is None else functions

    @property
    def name(self) -> str:
        return self.fn.name

    @cached_property
    def first_yield(self) -> tuple[int, int] | None:
        ys = [pos_of(y) for y in self.fn.yields]
        return min(ys) if ys else None


class Place:
    """What a written-to expression is."""

    __slots__ = ("domain", "obj", "shown", "name", "kind", "root", "depth")

    def __init__(self, domain: str, obj: str, shown: str, name: str | None = None, kind: str | None = None,
                 root: ast.Name | None = None, depth: int = 0) -> None:
        self.domain = domain  # LOCAL, ENV or PROJECT
        self.obj = obj  # canonical: "local:CART", "local:CART.items", "env", "shop.settings"
        self.shown = shown  # as written
        self.name = name  # LOCAL: the module-level name
        self.kind = kind  # LOCAL: "container", "mock", "object", "class", "immutable", "logger"
        self.root = root
        self.depth = depth  # LOCAL: attributes/items between the module-level name and the place


class Op:
    """One write to shared state."""

    __slots__ = ("node", "fn", "actor", "place", "key", "kind", "shown", "cleanup", "keys")

    def __init__(self, node: ast.AST, fn: Function, actor: Actor, place: Place, key: str | None, kind: str,
                 shown: str, cleanup: bool = False, keys: frozenset[str] = frozenset()) -> None:
        self.node = node  # the statement or call: where it is reported
        self.fn = fn
        self.actor = actor
        self.place = place
        self.key = key  # attribute or item written; None: the whole object
        self.kind = kind  # ADD, SET, REMOVE, RESET, REBIND
        self.shown = shown
        self.cleanup = cleanup  # in a finally block, after a fixture's yield, in a registered cleanup
        self.keys = keys  # the items an update() with literal keys writes

    @property
    def domain(self) -> str:
        return self.place.domain

    @property
    def obj(self) -> str:
        return self.place.obj

    @property
    def full(self) -> str:
        if self.key is None:
            return self.obj
        return f"{self.obj}.{self.key}" if self.key.isidentifier() else f"{self.obj}[{self.key}]"

    @property
    def pos(self) -> tuple[int, int]:
        return pos_of(self.node)


class Effect:
    """What a restoring construct puts back: ``key`` None is the whole object, ``obj`` "*" any project state."""

    __slots__ = ("domain", "obj", "key")

    def __init__(self, domain: str, obj: str, key: str | None = None) -> None:
        self.domain = domain
        self.obj = obj
        self.key = key


def pos_of(node: ast.AST) -> tuple[int, int]:
    return getattr(node, "lineno", 0), getattr(node, "col_offset", 0)


def span_of(node: ast.AST) -> tuple[int, int]:
    start: int = getattr(node, "lineno", 0)
    end: int | None = getattr(node, "end_lineno", None)
    return start, end or start


def inside(pos: tuple[int, int], span: tuple[int, int]) -> bool:
    return span[0] <= pos[0] <= span[1]


def key_text(expr: ast.expr | None) -> str | None:
    if expr is None:
        return None
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return repr(expr.value)
    try:
        return expr_text(expr)
    except Exception:  # unparse of odd trees
        return None


def literal_key(key: str | None) -> str | None:
    """The string a ``key_text`` of a literal stands for (``"'HOME'"`` -> ``HOME``), or None for an expression."""
    if not key or key[0] not in "'\"":
        return None
    try:
        value = ast.literal_eval(key)
    except (ValueError, SyntaxError, RecursionError, MemoryError):
        return None
    return value if isinstance(value, str) else None


_STORED: weakref.WeakKeyDictionary[Function, dict[str, int]] = weakref.WeakKeyDictionary()


def _stored(fn: Function) -> dict[str, int]:
    """How many times each name is assigned in ``fn`` (tuple targets, for, with, del and walrus included)."""
    counts = _STORED.get(fn)
    if counts is None:
        counts = {}
        for n in fn.names:
            if not isinstance(n.ctx, ast.Load):
                counts[n.id] = counts.get(n.id, 0) + 1
        _STORED[fn] = counts
    return counts


def lookup_local(name: str, fn: Function) -> tuple[str, ast.expr | None, Function] | None:
    """A local meaning of ``name`` in ``fn`` or the functions around it: (kind, value, owner), or None."""
    f: Function | None = fn
    for _ in range(64):
        if f is None or f.node is None:
            return None
        if any(name in g.names for g in f.globals):
            return None
        if name in f.scope.params:
            return "param", None, f
        stored = _stored(f).get(name, 0)
        if stored > 1:
            return "local", None, f  # assigned more than once: which value is meant depends on the path taken
        if name in f.scope.bindings:
            return "bound", f.scope.bindings[name], f
        if stored:
            return "local", None, f  # a, b = ...; for x in ...; with ... as (x, y)
        if name in f.loops:
            return "loop", None, f
        if name in getattr(f.scope, "classes", ()) or any(c.name == name for c in f.children):
            return "def", None, f  # a class or function defined in the function
        f = f.parent
    return None


def is_project_state(op: Op) -> bool:
    """Project state: imported from the project, or the config of an app the test module builds once."""
    if op.domain == PROJECT:
        return True
    if op.domain != LOCAL or op.place.kind != "object" or op.place.name is None:
        return False
    rest = op.full[len("local:") + len(op.place.name):]
    first = rest.lstrip(".").split(".", 1)[0].split("[", 1)[0] if rest else ""  # up to the first "." or "["
    return first in CONFIG_ATTRS


def who(actor: Actor) -> str:
    role = actor.role
    if role == FIXTURE:
        return f"fixture {actor.name}"
    if role == TEST:
        return actor.name
    if role == MODULE:
        return "the module body"
    if actor.fn.cls is not None and role == OTHER:
        return f"{actor.fn.cls.name}.{actor.name}"
    return actor.name


def not_restored(late: Op | None, nothing: str = "nothing restores it") -> str:
    """How a leak is put (not) back: not at all, or by a plain write (``late``) that a failing check skips."""
    if late is None:
        return nothing
    return f"puts it back only if the test passes (line {late.pos[0]}, not in a finally block)"


# context managers and decorators that put Django-style settings back when they exit
SETTINGS_OVERRIDES = frozenset({"override_settings", "modify_settings", "override_config", "override_flag",
                                "override_switch"})


def overrides_settings(expr: ast.expr, scope: Scope) -> bool:
    """``override_settings(...)`` (under any alias), ``modify_settings(...)``, ``self.settings(...)``: settings
    put back on exit."""
    if not isinstance(expr, ast.Call):
        return False
    f = expr.func
    name = (qualify(f, scope) or dotted_text(f) or "").rsplit(".", 1)[-1]
    on_self = isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "self"
    return name in SETTINGS_OVERRIDES or on_self and name in ("settings", "modify_settings")
