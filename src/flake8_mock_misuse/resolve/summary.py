"""What one of the project's own modules defines, read once with the stdlib parser and kept small.

A project module is parsed, walked once (iteratively, in source order) and reduced to its
scopes: which names the module, its classes and its functions bind, and to what (an import
target, a class, a function, or an assigned expression).  Classes keep their base
expressions and ``self.<attr> = ...`` assignments; functions keep what the helper and view
rules ask of them (do they assert or raise, which names they call, their decorators).  The
tree itself is dropped: only the small expressions that name things are kept, so a cache
of many modules stays small and cheap for the garbage collector.
"""

from __future__ import annotations

import ast
from typing import cast

from .known import SDK_TOPS
from .names import join, resolve_relative

MAX_CALLS = 20  # calls of a function kept for following helpers
MAX_MADE = 4  # returned calls of a function kept for what it makes
# Last names of the calls that may send an HTTP request (``requests.post``, ``self.session.get``, ``urlopen``):
# kept per function, so that patching a project function that sends one is seen to replace the HTTP client.
SENDING_NAMES = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream",
                           "urlopen", "fetch", "Request", "Session", "Client", "AsyncClient", "ClientSession"})
# Last names of the calls that write through a database session or connection (``db.session.add``,
# ``cursor.execute``): kept per function, so that patching the project's own database layer is seen to
# replace the database. Reads (``query``, ``filter``, ``get``) are left out: services read too.
STORING_NAMES = frozenset({"add", "add_all", "commit", "flush", "rollback", "execute", "executemany", "merge",
                           "bulk_save_objects", "bulk_insert_mappings", "bulk_update_mappings", "cursor",
                           "save", "bulk_create", "bulk_update", "get_or_create", "update_or_create"})
MAX_STARS = 16  # star re-exports of a module followed
MAX_HOPS = 12  # local bindings followed by qualify() before giving up

# A binding is a tuple: ("import", dotted), ("class", ClassInfo), ("func", FuncInfo),
# ("value", expr-or-None, Scope) for ``name = expr`` (None: bound some other way, e.g. by unpacking),
# or ("other",) for parameters, loop targets and the like.
_OTHER = ("other",)


class Scope:
    """Names bound in a module, class or function body; ``parent`` is where lookups go next."""

    __slots__ = ("names", "parent", "module", "is_class")

    def __init__(self, parent: Scope | None, module: ModuleInfo, is_class: bool = False) -> None:
        self.names: dict[str, tuple] = {}
        self.parent = parent
        self.module = module
        self.is_class = is_class

    def lookup_import(self, name: str) -> str | None:
        """What an imported ``name`` stands for, looked up from here outwards (None: not an import)."""
        scope: Scope | None = self
        while scope is not None:
            bound = scope.names.get(name)
            if bound is not None:
                return bound[1] if bound[0] == "import" else None
            scope = scope.parent
        return None


class ModuleInfo:
    __slots__ = ("modname", "is_package", "scope", "imports", "stars")

    def __init__(self, modname: str, is_package: bool) -> None:
        self.modname = modname
        self.is_package = is_package
        self.scope = Scope(None, self)
        self.imports: tuple[str, ...] = ()  # modules its top-level import statements name (relative ones left out)
        self.stars: list[str] = []  # modules it re-exports whole (``from .models import *`` at its top), in order


class ClassInfo:
    __slots__ = ("name", "bases", "outer", "scope", "instance_attrs", "at_module_level", "decorators")

    def __init__(self, name: str, bases: list[ast.expr], outer: Scope, module: ModuleInfo,
                 decorators: list[ast.expr] | None = None) -> None:
        self.name = name
        self.decorators = decorators or []
        self.bases = bases  # base expressions, qualified in ``outer`` on demand
        self.outer = outer
        self.scope = Scope(outer, module, is_class=True)
        self.instance_attrs: dict[str, tuple] = {}  # attr -> binding of the last ``self.attr = ...``
        self.at_module_level = outer.parent is None

    def qualified_bases(self) -> list[str]:
        """The bases' qualified names; a generic base (``Base[T]``) is its class (``Base``)."""
        return [q for q in (qualify(b.value if isinstance(b, ast.Subscript) else b, self.outer) for b in self.bases)
                if q]


class FuncInfo:
    __slots__ = ("name", "scope", "owner", "module", "decorators", "first_arg", "asserts", "call_names",
                 "calls", "sends", "stores", "self_name", "at_module_level", "bool_annotation", "bool_returns",
                 "params", "made", "annotations")

    def __init__(self, node: ast.FunctionDef | ast.AsyncFunctionDef, outer: Scope, owner: ClassInfo | None,
                 module: ModuleInfo) -> None:
        self.name = node.name
        self.scope = Scope(outer if not outer.is_class else _enclosing(outer), module)
        self.owner = owner  # the class whose body defines this function directly
        self.module = module
        self.decorators = list(node.decorator_list)
        a = node.args
        positional = [*a.posonlyargs, *a.args]
        self.first_arg = positional[0].arg if positional else None
        self.params = tuple(p.arg for p in (*positional, *a.kwonlyargs))  # named parameters, in order
        self.self_name = self.first_arg if owner is not None else None
        self.asserts = False  # an assert or raise anywhere inside (nested functions included)
        self.call_names: set[str] = set()  # simple names of everything it calls
        # first MAX_CALLS calls: ("name", callee, Scope) for a name or an imported module's attribute, ("self", attr)
        self.calls: list[tuple] = []
        self.sends: list[tuple] = []  # first MAX_CALLS calls named like SENDING_NAMES: (callee expression, Scope)
        self.stores: list[tuple] = []  # first MAX_CALLS attribute calls named like STORING_NAMES: likewise
        self.at_module_level = outer.parent is None and not outer.is_class
        self.bool_annotation = isinstance(node.returns, ast.Name) and node.returns.id == "bool"
        self.bool_returns = 0  # 1: every return seen so far gives a bool; -1: one does not; 0: none seen
        # what it hands back, as (expression, Scope): its return annotation, and the callees of the first
        # MAX_MADE returns that give a call's value (``return httpx.AsyncClient(...)``): a factory's product
        self.made: list[tuple] = [] if node.returns is None else [(node.returns, self.scope)]
        # parameter -> its annotation (kept for the few functions that have any)
        self.annotations = {p.arg: p.annotation for p in (*positional, *a.kwonlyargs) if p.annotation is not None}
        for p in (*positional, *a.kwonlyargs, a.vararg, a.kwarg):
            if p is not None:
                self.scope.names[p.arg] = _OTHER


def returns_bool(fi: FuncInfo) -> bool:
    """A predicate: annotated ``-> bool``, or every ``return`` gives a comparison, a negation or a bool."""
    return fi.bool_annotation or fi.bool_returns == 1


def _enclosing(scope: Scope) -> Scope:
    """Names of a class body are not visible from the functions inside it."""
    while scope.is_class and scope.parent is not None:
        scope = scope.parent
    return scope


def summarize(tree: ast.Module, modname: str, is_package: bool) -> ModuleInfo:
    """One iterative walk over ``tree``, in source order."""
    info = ModuleInfo(modname, is_package)
    imports: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            imports += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            imports.append(node.module)
    info.imports = tuple(imports)
    # (node, scope it binds in, class whose body it is directly in, functions it is inside, innermost method)
    stack: list[tuple] = [(s, info.scope, None, (), None) for s in reversed(tree.body)]
    pop, push = stack.pop, stack.append
    AST = ast.AST
    while stack:
        node, scope, cls, funcs, method = pop()
        t = type(node)
        if t is ast.Name or t is ast.Constant:
            continue
        if t is ast.Attribute or t is ast.keyword:
            if funcs:
                push((node.value, scope, cls, funcs, method))
            continue
        if t is ast.FunctionDef or t is ast.AsyncFunctionDef:
            fi = FuncInfo(node, scope, cls, info)
            scope.names[node.name] = ("func", fi)
            inner_method = fi if cls is not None else method
            for s in reversed(node.body):
                push((s, fi.scope, None, (*funcs, fi), inner_method))
            a = node.args
            for e in (*node.decorator_list, *a.defaults, *(d for d in a.kw_defaults if d)):
                push((e, scope, None, funcs, method))
            continue
        if t is ast.ClassDef:
            ci = ClassInfo(node.name, list(node.bases), scope, info, list(node.decorator_list))
            scope.names[node.name] = ("class", ci)
            for s in reversed(node.body):
                push((s, ci.scope, ci, funcs, None))
            for e in (*node.decorator_list, *node.bases, *node.keywords):
                push((e, scope, None, funcs, method))
            continue
        if t is ast.Import:
            for alias in node.names:
                name = alias.asname or alias.name.split(".", 1)[0]
                scope.names[name] = ("import", alias.name if alias.asname else name)
            continue
        if t is ast.ImportFrom:
            mod = resolve_relative(node.module or "", node.level or 0, info.modname, info.is_package)
            for alias in node.names:
                if alias.name != "*":
                    scope.names[alias.asname or alias.name] = ("import", f"{mod}.{alias.name}" if mod else alias.name)
                elif mod and scope.parent is None and len(info.stars) < MAX_STARS:
                    info.stars.append(mod)
            continue
        if t is ast.Assign or t is ast.AnnAssign or t is _TYPE_ALIAS:
            value = _new_type_base(node.value, scope)
            for target in (node.targets if t is ast.Assign else (node.target,) if t is ast.AnnAssign else (node.name,)):
                _bind_target(target, value, scope, method)
        elif t is ast.AugAssign:
            _bind_target(node.target, None, scope, method)
        elif t is ast.For or t is ast.AsyncFor:
            _bind_target(node.target, None, scope, method)
        elif t is ast.withitem:
            if node.optional_vars is not None:
                _bind_target(node.optional_vars, None, scope, method)
        elif t is ast.ExceptHandler:
            if node.name:
                scope.names[node.name] = ("value", None, scope)
        elif t is ast.Assert or t is ast.Raise:
            for f in funcs:
                f.asserts = True
        elif t is ast.Return and funcs:
            _record_return(funcs[-1], node.value, scope)
        elif t is ast.Call and funcs:
            _record_call(node, scope, funcs)
        # (comprehension and lambda variables are not bound: they have scopes of their own)
        if not funcs and isinstance(node, ast.expr):
            continue  # outside functions only statements bind names; calls are recorded for functions
        for field in reversed(node._fields):
            v = getattr(node, field, None)
            if type(v) is list:
                for item in reversed(v):
                    if isinstance(item, AST):
                        push((item, scope, cls, funcs, method))
            elif isinstance(v, AST) and field != "ctx":
                push((v, scope, cls, funcs, method))
    return info


_TYPE_ALIAS = getattr(ast, "TypeAlias", None)  # ``type X = value`` (Python 3.12+; older parsers: see source.py)
_NEW_TYPES = frozenset({"typing.NewType", "typing_extensions.NewType"})


def _new_type_base(value: ast.expr | None, scope: Scope) -> ast.expr | None:
    """``NewType("AsyncSession", _AsyncSession)`` stands for its base type, for what resolves through it."""
    if isinstance(value, ast.Call) and len(value.args) == 2:
        f = value.func
        found = None
        if isinstance(f, ast.Name):
            found = scope.lookup_import(f.id)
        elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
            base = scope.lookup_import(f.value.id)
            found = f"{base}.{f.attr}" if base else None
        if found in _NEW_TYPES:
            return value.args[1]
    return value


# Expressions whose value is data: a function's local bound to one of these is kept as "bound, value unknown"
_DATA = frozenset({ast.Dict, ast.List, ast.Set, ast.Tuple, ast.ListComp, ast.SetComp, ast.DictComp,
                   ast.GeneratorExp, ast.BinOp, ast.UnaryOp, ast.JoinedStr, ast.Constant, ast.Compare})


def _bind_target(target: ast.expr, value: ast.expr | None, scope: Scope, method: FuncInfo | None) -> None:
    """Names and ``self.<attr>`` targets of an assignment; unpacked targets are bound to nothing known."""
    t = type(target)
    if value is not None and scope.parent is not None and not scope.is_class:
        # What a function's local is bound to matters for what it names (``client = httpx.Client(...)``: the
        # callee), not for the data handed to it. Summaries live for the whole run and every full collection walks
        # them (issue 21): a local bound to data is kept as bound, value unknown, and a call without its arguments
        # (together 15 % of the objects that outlived the files on Django's tests; findings unchanged).
        if type(value) in _DATA:
            value = None
        elif type(value) is ast.Call:
            call = value
            if call.args or call.keywords:
                value = ast.copy_location(ast.Call(func=call.func, args=[], keywords=[]), call)
    if t is ast.Name:
        scope.names[cast(ast.Name, target).id] = ("value", value, scope)
    elif t is ast.Attribute:
        if method is None or method.owner is None:
            return
        attribute = cast(ast.Attribute, target)
        if isinstance(attribute.value, ast.Name) and attribute.value.id == method.self_name:
            method.owner.instance_attrs[attribute.attr] = ("value", value, scope)
    elif t is ast.Tuple or t is ast.List or t is ast.Starred:
        todo = [target]
        for _ in range(256):
            if not todo:
                break
            e = todo.pop()
            if isinstance(e, (ast.Tuple, ast.List)):
                todo.extend(reversed(e.elts))
            elif isinstance(e, ast.Starred):
                todo.append(e.value)
            else:
                _bind_target(e, None, scope, method)


def _record_call(call: ast.Call, scope: Scope, funcs: tuple) -> None:
    f = call.func
    entry: tuple | None  # ("self", attr) or ("name", callee, Scope), as FuncInfo.calls keeps them
    if isinstance(f, ast.Attribute):
        name = f.attr
        self_call = isinstance(f.value, ast.Name) and f.value.id in ("self", "cls")
        entry = ("self", f.attr) if self_call else None
        if entry is None and isinstance(f.value, ast.Name):
            bound = lookup(scope, f.value.id)  # ``database.update(model)``: a function of an imported module
            entry = ("name", f, scope) if bound is not None and bound[0] == "import" else None
    elif isinstance(f, ast.Name):
        name = f.id
        entry = ("name", f, scope)
    else:
        name, entry = "", None
    sending = name in SENDING_NAMES or _through_sdk(f, scope)
    storing = name in STORING_NAMES and type(f) is ast.Attribute
    for fi in funcs:
        fi.call_names.add(name)
        if entry is not None and len(fi.calls) < MAX_CALLS:
            fi.calls.append(entry)
        if sending and len(fi.sends) < MAX_CALLS:
            fi.sends.append((f, scope))
        if storing and len(fi.stores) < MAX_CALLS:
            fi.stores.append((f, scope))


def _through_sdk(f: ast.expr, scope: Scope) -> bool:
    """``stripe_lib.Customer.create`` where the module imported ``stripe as stripe_lib``, or ``OAuth2Session``
    imported from ``requests_oauthlib``."""
    node: ast.expr = f
    while isinstance(node, ast.Attribute):
        node = node.value
    if not isinstance(node, ast.Name):
        return False
    bound = scope.module.scope.names.get(node.id)
    return bound is not None and bound[0] == "import" and bound[1].split(".", 1)[0] in SDK_TOPS


def _record_return(fi: FuncInfo, value: ast.expr | None, scope: Scope) -> None:
    made = value.value if isinstance(value, ast.Await) else value
    if isinstance(made, ast.Call) and len(fi.made) < MAX_MADE:
        fi.made.append((made.func, scope))
    boolish = isinstance(value, (ast.Compare, ast.BoolOp)) or (
        isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.Not)) or (
        isinstance(value, ast.Constant) and isinstance(value.value, bool)) or (
        isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
        and value.func.id in ("bool", "isinstance", "issubclass", "all", "any", "callable", "hasattr"))
    if not boolish:
        fi.bool_returns = -1
    elif fi.bool_returns == 0:
        fi.bool_returns = 1


def lookup(scope: Scope, name: str) -> tuple | None:
    """Where ``name`` is bound, seen from ``scope``: outwards to the module (never builtins)."""
    s: Scope | None = scope
    first = True
    while s is not None:
        if first or not s.is_class:
            found = s.names.get(name)
            if found is not None:
                return found
        first = False
        s = s.parent
    return None


def qualify(expr: ast.expr, scope: Scope) -> str | None:
    """The qualified dotted name of an expression in a project module, from that module's own bindings.

    Module-level names read ``module.name`` (the index follows them further); names bound
    inside functions are followed to their value; parameters and unknowns give None.
    """
    attrs: list[str] = []
    node = expr
    for _ in range(MAX_HOPS + 64):
        t = type(node)
        if t is ast.Attribute:
            attribute = cast(ast.Attribute, node)
            attrs.append(attribute.attr)
            node = attribute.value
        elif t is ast.Call:
            attrs.append("()")
            node = cast(ast.Call, node).func
        elif t is ast.Name:
            name = cast(ast.Name, node).id
            bound = lookup(scope, name)
            if bound is None:
                return None
            kind = bound[0]
            at_module = scope.module.scope
            if kind == "import":
                base = bound[1]
            elif kind in ("class", "func") and bound[1].at_module_level:
                base = f"{scope.module.modname}.{name}"
            elif kind == "value" and bound[2] is at_module:
                base = f"{scope.module.modname}.{name}"
            elif kind == "value" and bound[1] is not None:
                node, scope = bound[1], bound[2]
                continue
            else:
                return None
            return join(base, reversed(attrs))
        else:
            return None
    return None
