"""What one of the project's own modules defines, read once with the stdlib parser and kept small.

A project module is parsed, walked once (iteratively, in source order) and reduced to its
scopes: which names the module, its classes and its functions bind, and to what (an import
target, a class, a function, or an assigned expression).  Classes keep their base
expressions and ``self.<attr> = ...`` assignments; functions keep what the helper and view
rules ask of them (do they assert or raise, which names they call, their decorators).

The summary keeps plain values only (issue 21): an expression that names something is kept as
its chain of names (``requests.Session().get`` -> ``("requests", "Session", "()", "get")``) and,
once the module is walked, as the qualified name it resolves to in its own scope.  No tree node
outlives the walk.  Tuples of strings are not even tracked by the garbage collector, and every
full collection of the rest of the run (flake8's own parsing included) walks what is tracked.
"""

from __future__ import annotations

import ast
from typing import Any, cast

from .known import ROUTE_DECORATOR_ATTRS, SDK_TOPS
from .names import annotated_class, decorator_name, join, resolve_relative

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
MAX_CHAIN = MAX_HOPS + 64  # names, attributes and calls read in one expression (and in qualify() in all)

# A binding is a tuple: ("import", dotted), ("value", chain, qualified) for ``name = expr``, or ("other",) for
# parameters and the like; a class or a function is its own binding (``bound[0]`` is "class" or "func", ``bound[1]``
# the ClassInfo or FuncInfo itself), one object fewer for the collector to walk per definition kept.
# ``chain`` is the expression's names (see ``chain()``), OPAQUE for an expression that is not a chain of
# names (a literal, a subscript), None when bound some other way (unpacking, a loop, data in a function);
# ``qualified`` is what the chain resolves to in the module (None: unknown). While the module is walked, the
# third item is the Scope the binding is made in; ``_finish`` resolves it.
_OTHER = ("other",)
OPAQUE: tuple[str, ...] = ("",)  # a value that is no chain of names: bound, to nothing a name resolves
Chain = tuple[str, ...]


def chain(expr: ast.expr | None) -> Chain | None:
    """``a.b().c`` -> ``("a", "b", "()", "c")``; None for anything but names, attributes and calls."""
    parts: list[str] = []
    node = expr
    for _ in range(MAX_CHAIN):
        t = type(node)
        if t is ast.Attribute:
            parts.append(cast(ast.Attribute, node).attr)
            node = cast(ast.Attribute, node).value
        elif t is ast.Call:
            parts.append("()")
            node = cast(ast.Call, node).func
        elif t is ast.Name:
            parts.append(cast(ast.Name, node).id)
            parts.reverse()
            return tuple(parts)
        else:
            return None
    return None


class Scope:
    """Names bound in a module, class or function body; ``parent`` is where lookups go next."""

    __slots__ = ("names", "parent", "module", "is_class")

    def __init__(self, parent: Scope | None, module: ModuleInfo, is_class: bool = False) -> None:
        self.names: dict[str, Any] = {}  # name -> binding (a tuple, a ClassInfo or a FuncInfo: see above)
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
                 decorators: list[ast.expr]) -> None:
        self.name = name
        self.decorators = tuple(decorator_name(d) for d in decorators)  # last names: ``view_defaults``
        # base chains while the module is walked; then the bases' qualified names (a generic base, ``Base[T]``,
        # is its class), unknown ones left out
        self.bases: tuple = tuple(chain(b.value if isinstance(b, ast.Subscript) else b) for b in bases)
        self.outer = outer
        self.scope = Scope(outer, module, is_class=True)
        self.instance_attrs: dict[str, tuple] = {}  # attr -> binding of the last ``self.attr = ...``
        self.at_module_level = outer.parent is None

    def qualified_bases(self) -> tuple[str, ...]:
        """The bases' qualified names, in order."""
        return self.bases

    def __getitem__(self, i: int) -> object:  # its own binding: ("class", self)
        return self if i == 1 else _kind("class", i)


class FuncInfo:
    __slots__ = ("name", "scope", "owner", "module", "decorators", "routed", "first_arg", "asserts", "call_names",
                 "calls", "sends", "stores", "self_name", "at_module_level", "bool_annotation", "bool_returns",
                 "params", "made", "annotations")

    def __init__(self, node: ast.FunctionDef | ast.AsyncFunctionDef, outer: Scope, owner: ClassInfo | None,
                 module: ModuleInfo) -> None:
        self.name = node.name
        # its own names while the module is walked (None after: what they name is resolved by then)
        self.scope: Scope | None = Scope(outer if not outer.is_class else _enclosing(outer), module)
        self.owner = owner  # the class whose body defines this function directly
        self.module = module
        self.decorators = tuple(decorator_name(d) for d in node.decorator_list)  # last names: ``route``
        self.routed = any(_route(d) for d in node.decorator_list)  # ``@app.get("/items")``
        a = node.args
        positional = [*a.posonlyargs, *a.args]
        self.first_arg = positional[0].arg if positional else None
        self.params = tuple(p.arg for p in (*positional, *a.kwonlyargs))  # named parameters, in order
        self.self_name = self.first_arg if owner is not None else None
        self.asserts = False  # an assert or raise anywhere inside (nested functions included)
        # While the module is walked the next six are lists and dicts of what _finish() resolves (see there).
        # simple names of everything it calls
        self.call_names: tuple[str, ...] = cast(tuple, {})
        # first MAX_CALLS calls: ("name", qualified callee) for a name or an imported module's attribute,
        # ("self", attr) for a method of its own class
        self.calls: tuple[tuple[str, str], ...] = cast(tuple, [])
        # first MAX_CALLS calls named like SENDING_NAMES: (qualified callee or None, callee chain or None)
        self.sends: tuple[tuple[str | None, Chain | None], ...] = cast(tuple, [])
        self.stores: tuple[tuple[str | None, Chain | None], ...] = cast(tuple, [])  # attribute calls named like
        # STORING_NAMES, likewise
        self.at_module_level = outer.parent is None and not outer.is_class
        self.bool_annotation = isinstance(node.returns, ast.Name) and node.returns.id == "bool"
        self.bool_returns = 0  # 1: every return seen so far gives a bool; -1: one does not; 0: none seen
        # what it hands back, qualified: its return annotation, and the callees of the first MAX_MADE returns that
        # give a call's value (``return httpx.AsyncClient(...)``): a factory's product (chains while walked)
        self.made: tuple[str, ...] = cast(tuple, [] if node.returns is None else [chain(node.returns)])
        # parameter -> the qualified class its annotation names (``Optional[Session]``: the session's class)
        ann = {p.arg: chain(annotated_class(p.annotation))
               for p in (*positional, *a.kwonlyargs) if p.annotation is not None}
        self.annotations: dict[str, str] = cast(dict, ann)
        for p in (*positional, *a.kwonlyargs, a.vararg, a.kwarg):
            if p is not None:
                self.scope.names[p.arg] = _OTHER

    def __getitem__(self, i: int) -> object:  # its own binding: ("func", self)
        return self if i == 1 else _kind("func", i)


def _kind(kind: str, i: int) -> str:
    if i != 0:
        raise IndexError(i)
    return kind


def _route(dec: ast.expr) -> bool:
    """``@app.get("/items")``, ``@bp.route("/x")``, ``@router.post("/")``: a route declared with its path."""
    return isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute) \
        and dec.func.attr in ROUTE_DECORATOR_ATTRS and bool(dec.args) and isinstance(dec.args[0], ast.Constant) \
        and isinstance(dec.args[0].value, str) and dec.args[0].value.startswith("/")


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
    functions: list[FuncInfo] = []
    classes: list[ClassInfo] = []
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
            functions.append(fi)
            scope.names[node.name] = fi
            inner_method = fi if cls is not None else method
            for s in reversed(node.body):
                push((s, fi.scope, None, (*funcs, fi), inner_method))
            a = node.args
            for e in (*node.decorator_list, *a.defaults, *(d for d in a.kw_defaults if d)):
                push((e, scope, None, funcs, method))
            continue
        if t is ast.ClassDef:
            ci = ClassInfo(node.name, node.bases, scope, info, node.decorator_list)
            classes.append(ci)
            scope.names[node.name] = ci
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
    _finish(info, functions, classes)
    return info


def _finish(info: ModuleInfo, functions: list[FuncInfo], classes: list[ClassInfo]) -> None:
    """Resolve what the walk kept, now that every name of the module is bound, and keep plain values only.

    The module is immutable from here on, so resolving now gives what resolving on demand would; the
    functions' own scopes are dropped (what their names stand for is in the values resolved here)."""
    scopes = [info.scope, *(c.scope for c in classes), *(f.scope for f in functions if f.scope is not None)]
    resolved: list[tuple[dict, str, tuple]] = []
    for holder in (*(s.names for s in scopes), *(c.instance_attrs for c in classes)):
        for name, bound in holder.items():
            if bound[0] == "value":
                raw, where = bound[1], bound[2]
                resolved.append((holder, name, ("value", raw, qualify(raw, where) if raw is not None else None)))
    for c in classes:
        c.bases = tuple(q for q in (qualify(b, c.outer) for b in c.bases if b is not None) if q)
    for f in functions:
        scope = cast(Scope, f.scope)
        calls = []
        for entry in cast(list, f.calls):
            if entry[0] == "name":
                q = qualify(entry[1], entry[2])
                if q is not None:
                    calls.append(("name", q))
            else:
                calls.append(entry)
        f.calls = tuple(calls)
        f.sends = tuple((qualify(c, where), c) for c, where in cast(list, f.sends))
        f.stores = tuple((qualify(c, where), c) for c, where in cast(list, f.stores))
        f.made = tuple(q for q in (qualify(c, scope) for c in cast(list, f.made) if c is not None) if q is not None)
        f.annotations = {p: q for p, c in cast(dict, f.annotations).items() if c is not None
                         for q in [qualify(c, scope)] if q is not None}
        f.call_names = tuple(f.call_names)
    for holder, name, bound in resolved:
        holder[name] = bound
    for f in functions:
        f.scope = None


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


def _bind_target(target: ast.expr, expr: ast.expr | None, scope: Scope, method: FuncInfo | None) -> None:
    """Names and ``self.<attr>`` targets of an assignment; unpacked targets are bound to nothing known."""
    t = type(target)
    value: Chain | None = None
    if expr is not None:
        # What a function's local is bound to matters for what it names (``client = httpx.Client(...)``: the
        # callee), not for the data handed to it: a local bound to data is kept as bound, value unknown.
        if scope.parent is not None and not scope.is_class and type(expr) in _DATA:
            value = None
        else:
            value = chain(expr) or OPAQUE
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
    entry: tuple | None  # ("self", attr) or ("name", callee chain, Scope), as FuncInfo.calls keeps them while walked
    callee = None
    if isinstance(f, ast.Attribute):
        name = f.attr
        self_call = isinstance(f.value, ast.Name) and f.value.id in ("self", "cls")
        entry = ("self", f.attr) if self_call else None
        if entry is None and isinstance(f.value, ast.Name):
            bound = lookup(scope, f.value.id)  # ``database.update(model)``: a function of an imported module
            entry = ("name", (f.value.id, name), scope) if bound is not None and bound[0] == "import" else None
    elif isinstance(f, ast.Name):
        name = f.id
        entry = ("name", (name,), scope)
    else:
        name, entry = "", None
    sending = name in SENDING_NAMES or _through_sdk(f, scope)
    storing = name in STORING_NAMES and type(f) is ast.Attribute
    if sending or storing:
        callee = (chain(f), scope)
    for fi in funcs:
        cast(dict, fi.call_names)[name] = None
        if entry is not None and len(fi.calls) < MAX_CALLS:
            cast(list, fi.calls).append(entry)
        if sending and len(fi.sends) < MAX_CALLS:
            cast(list, fi.sends).append(callee)
        if storing and len(fi.stores) < MAX_CALLS:
            cast(list, fi.stores).append(callee)


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
        cast(list, fi.made).append(chain(made.func))
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


def qualify(names: Chain | None, scope: Scope) -> str | None:
    """The qualified dotted name of a chain of names in a project module, from that module's own bindings.

    Module-level names read ``module.name`` (the index follows them further); names bound
    inside functions are followed to their value; parameters and unknowns give None.  Used while the
    module is walked; afterwards the summary holds the results.
    """
    attrs: list[str] = []
    node = names
    budget = MAX_CHAIN
    while node:
        budget -= len(node)
        if budget < 0:
            return None
        name = node[0]
        attrs[:0] = node[1:]
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
        return join(base, attrs)
    return None
