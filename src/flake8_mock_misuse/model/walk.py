"""One walk over a file's tree: functions, classes, calls, bindings and imports."""

from __future__ import annotations

import ast
from functools import cached_property

from ..resolve.names import Scope, annotated_class, dotted_text, root_name

FuncNode = ast.FunctionDef | ast.AsyncFunctionDef
_TryStar = getattr(ast, "TryStar", ast.Try)  # Python 3.11+


class Function:
    """A function (or the module body when ``node`` is None) and what happens inside it.

    Compared and hashed by identity (it is a weak-dictionary key).
    """

    def __init__(self, node: FuncNode | None, cls: ast.ClassDef | None, parent: Function | None,
                 scope: Scope) -> None:
        self.node = node
        self.cls = cls
        self.parent = parent
        self.scope = scope
        self.calls: list[ast.Call] = []
        self.attr_assigns: list[tuple[ast.Attribute, ast.expr]] = []
        self.returns: list[ast.expr] = []  # values of return and yield
        self.asserts: list[ast.Assert] = []
        self.statements: list[ast.Expr] = []  # expression statements (value discarded)
        self.withs: list[ast.With | ast.AsyncWith] = []
        self.raises: list[ast.Raise] = []
        self.loops: dict[str, ast.expr] = {}  # for-loop variable -> what it iterates
        self.unpacked: dict[str, ast.expr] = {}  # name bound by unpacking (``a, b = value``) -> the whole value
        self.reads_mock_records = False  # reads what a mock recorded (``m.call_args``, ``m.mock_calls``...)
        self.children: list[Function] = []  # functions defined inside this one
        # targets written in place, with their statement: attribute and subscript targets of assignments
        # (also inside tuples), and every target of augmented assignments and ``del``
        self.stores: list[tuple[ast.expr, ast.stmt]] = []
        self.globals: list[ast.Global] = []
        self.names: list[ast.Name] = []  # every name used, loaded or stored
        self.yields: list[ast.Yield | ast.YieldFrom] = []
        self.finally_tries: list[ast.stmt] = []  # try statements with a finally block
        a = node.args if node is not None else None
        # named parameters, in order (not *args and **kwargs)
        self.params: list[str] = [p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)] if a else []

    @property
    def name(self) -> str:
        return self.node.name if self.node is not None else "<module>"

    def annotation(self, param: str) -> ast.expr | None:
        """The class a parameter's annotation names (``client: AsyncMock``, ``s: "Optional[Session]"``), or None."""
        if self.node is None or param not in self.params:
            return None
        a = self.node.args
        arg = next((p for p in (*a.posonlyargs, *a.args, *a.kwonlyargs) if p.arg == param), None)
        return annotated_class(arg.annotation) if arg is not None and arg.annotation is not None else None

    def nested(self) -> list[Function]:
        """This function and every function defined inside it, at any depth."""
        out, todo = [], [self]
        while todo:
            f = todo.pop()
            out.append(f)
            todo.extend(f.children)
        return out

    @property
    def is_fixture(self) -> bool:
        return self.fixture_name is not None

    @cached_property
    def fixture_name(self) -> str | None:
        """The name pytest knows this fixture by (``@pytest.fixture(name=...)`` or its own)."""
        if self.node is None:
            return None
        for dec in self.node.decorator_list:
            if _is_fixture_decorator(dec):
                if isinstance(dec, ast.Call):
                    for kw in dec.keywords:
                        if kw.arg == "name" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                            return kw.value.value
                return self.node.name
        return None


def _is_fixture_decorator(dec: ast.expr) -> bool:
    target = dec.func if isinstance(dec, ast.Call) else dec
    text = dotted_text(target) or ""
    return text == "fixture" or text.endswith(".fixture")


# Attributes of a mock that hold what it recorded, values a test can take apart and check.
MOCK_RECORDS = frozenset({"call_args", "call_args_list", "mock_calls", "method_calls", "await_args",
                          "await_args_list"})


class Walked:
    __slots__ = ("imports", "module", "functions", "classes")

    def __init__(self, imports: list[ast.Import | ast.ImportFrom], module: Function, functions: list[Function],
                 classes: list[ast.ClassDef]) -> None:
        self.imports = imports
        self.module = module
        self.functions = functions
        self.classes = classes


_SCALAR_FIELDS = frozenset(
    {"ctx", "id", "arg", "attr", "name", "names", "module", "level", "kind", "type_comment", "is_async",
     "conversion", "simple", "lineno", "col_offset", "end_lineno", "end_col_offset", "kwd_attrs"}
)
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {ast.Constant: (), type(None): ()}


def _child_fields(t: type) -> tuple[str, ...]:
    """Fields of a node type that can hold child nodes, last first (cached per type)."""
    fields = _CHILD_FIELDS.get(t)
    if fields is None:
        fields = _CHILD_FIELDS[t] = tuple(f for f in reversed(getattr(t, "_fields", ())) if f not in _SCALAR_FIELDS)
    return fields


class _Enter:
    """A mark on the walk's stack: the nodes popped after it belong to ``fn`` (directly in class ``cls``)."""

    __slots__ = ("fn", "cls")

    def __init__(self, fn: Function, cls: ast.ClassDef | None) -> None:
        self.fn = fn
        self.cls = cls


# Node types the walk records something for; every other node only has its children walked.
_NOTED = frozenset({
    ast.Call, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Assign, ast.Import, ast.ImportFrom,
    ast.AnnAssign, ast.Return, ast.Yield, ast.Assert, ast.Raise, ast.For, ast.AsyncFor, ast.Expr, ast.With,
    ast.AsyncWith, ast.AugAssign, ast.Delete, ast.Global, ast.YieldFrom, ast.Try, _TryStar, _Enter,
})


def walk(tree: ast.AST, imports: dict[str, str]) -> Walked:
    """Walk ``tree`` once, iteratively (deep nesting must not exhaust the C stack), in source order.

    The stack holds nodes, and ``_Enter`` marks where the function (and class body) they belong
    to changes: entering a function's body and returning from it.
    """
    module = Function(None, None, None, Scope(imports))
    functions: list[Function] = []
    classes: list[ast.ClassDef] = []
    import_nodes: list[ast.Import | ast.ImportFrom] = []
    fn, cls = module, None
    # names a class body binds, so far in source order: there they shadow the module's names for the
    # class body's own calls, method decorators included (``patch = staticmethod(...)``, then ``@patch(...)``)
    class_names: dict[ast.ClassDef, set[str]] = {}
    stack: list = [tree]
    pop, push, extend = stack.pop, stack.append, stack.extend
    AST, Attribute, Name, Constant, keyword = ast.AST, ast.Attribute, ast.Name, ast.Constant, ast.keyword
    noted, child_fields, recorded = _NOTED, _CHILD_FIELDS.get, MOCK_RECORDS
    while stack:
        node = pop()
        t = type(node)
        if t is Name:
            fn.names.append(node)
            continue  # no children
        if t is Attribute or t is keyword:
            if t is Attribute and node.attr in recorded:
                fn.reads_mock_records = True
            push(node.value)
            continue
        if t is Constant:
            continue
        if t in noted:
            if t is ast.Call:
                if cls is None or root_name(node.func) not in class_names.get(cls, ()):
                    fn.calls.append(node)  # else a call of the class's own attribute: not what the module binds
            elif t is _Enter:
                fn, cls = node.fn, node.cls
                continue
            elif t is ast.FunctionDef or t is ast.AsyncFunctionDef:
                inner = Function(node, cls, fn if fn.node is not None else None, Scope(imports, fn.scope))
                args = node.args
                inner.scope.params.update(inner.params)
                if args.vararg:
                    inner.scope.params.add(args.vararg.arg)
                if args.kwarg:
                    inner.scope.params.add(args.kwarg.arg)
                functions.append(inner)
                if cls is not None:
                    class_names.setdefault(cls, set()).add(node.name)
                if fn.node is not None:
                    fn.children.append(inner)
                push(_Enter(fn, cls))  # back here after the body
                extend(reversed(node.body))
                push(_Enter(inner, None))
                extend((*node.decorator_list, *args.defaults, *(d for d in args.kw_defaults if d)))
                continue
            elif t is ast.ClassDef:
                classes.append(node)
                if cls is not None:
                    class_names.setdefault(cls, set()).add(node.name)
                fn.scope.classes.add(node.name)
                push(_Enter(fn, cls))
                extend(reversed(node.body))
                push(_Enter(fn, node))
                extend((*node.decorator_list, *node.bases, *node.keywords))
                continue
            elif t is ast.Assign:
                for target in node.targets:
                    if cls is None:
                        _bind(fn, target, node.value)
                    else:
                        _class_binds(class_names, cls, target)
                    if type(target) is not Name:
                        _store(fn, target, node)
            elif t is ast.Import or t is ast.ImportFrom:
                import_nodes.append(node)
                continue
            elif t is ast.AnnAssign:
                if cls is not None:
                    _class_binds(class_names, cls, node.target)
                if node.value is not None:
                    if cls is None:
                        _bind(fn, node.target, node.value)
                    if type(node.target) is not Name:
                        fn.stores.append((node.target, node))
            elif t is ast.Return or t is ast.Yield:
                if node.value is not None:
                    fn.returns.append(node.value)
                if t is ast.Yield:
                    fn.yields.append(node)
            elif t is ast.Assert:
                fn.asserts.append(node)
            elif t is ast.Raise:
                fn.raises.append(node)
            elif t is ast.For or t is ast.AsyncFor:
                _bind_loop(fn, node.target, node.iter)
            elif t is ast.Expr:
                fn.statements.append(node)
            elif t is ast.With or t is ast.AsyncWith:
                fn.withs.append(node)
                for item in node.items:
                    if isinstance(item.optional_vars, ast.Name):
                        fn.scope.bindings[item.optional_vars.id] = item.context_expr
            elif t is ast.AugAssign:
                fn.stores.append((node.target, node))
            elif t is ast.Delete:
                for target in node.targets:
                    fn.stores.append((target, node))
            elif t is ast.Global:
                fn.globals.append(node)
            elif t is ast.YieldFrom:
                fn.yields.append(node)
            elif node.finalbody:  # try statements
                fn.finally_tries.append(node)
        for name in child_fields(t) or _child_fields(t):
            v = getattr(node, name, None)
            if type(v) is list:
                extend(reversed(v))  # may hold None (a dict's ** entries): walked as a leaf
            elif isinstance(v, AST):
                push(v)
    return Walked(import_nodes, module, functions, classes)


def _class_binds(class_names: dict[ast.ClassDef, set[str]], cls: ast.ClassDef, target: ast.expr) -> None:
    """Names an assignment in a class body binds there (``patch = ...``, ``a, b = ...``)."""
    todo = [target]
    for _ in range(64):
        if not todo:
            return
        t = todo.pop()
        if isinstance(t, ast.Name):
            class_names.setdefault(cls, set()).add(t.id)
        elif isinstance(t, (ast.Tuple, ast.List)):
            todo.extend(t.elts)
        elif isinstance(t, ast.Starred):
            todo.append(t.value)


def _store(fn: Function, target: ast.expr, stmt: ast.stmt) -> None:
    """An attribute or subscript target of an assignment, looking into ``a.x, b[k] = ...`` (bounded)."""
    todo = [target]
    for _ in range(64):
        if not todo:
            return
        t = todo.pop()
        if isinstance(t, (ast.Attribute, ast.Subscript)):
            fn.stores.append((t, stmt))
        elif isinstance(t, (ast.Tuple, ast.List)):
            todo.extend(reversed(t.elts))
        elif isinstance(t, ast.Starred):
            todo.append(t.value)


def _bind_loop(fn: Function, target: ast.expr, iterable: ast.expr) -> None:
    """``for x in xs``: x -> xs; ``for a, b in ((1, 2), (3, 4))``: a -> [1, 3], b -> [2, 4].

    A loop over a literal of names (``for cls in (AzureOAuth2, B2COAuth2)``) also binds the variable to
    the first of them, so that ``cls(...)`` resolves to one of the classes it takes in turn."""
    if isinstance(target, ast.Name):
        fn.loops[target.id] = iterable
        _bind_first(fn, target.id, iterable)
    elif isinstance(target, ast.Tuple) and isinstance(iterable, (ast.List, ast.Tuple)):
        rows = [r for r in iterable.elts if isinstance(r, (ast.Tuple, ast.List))]
        if len(rows) != len(iterable.elts):
            return
        for i, elt in enumerate(target.elts):
            if isinstance(elt, ast.Name) and all(len(r.elts) > i for r in rows):
                fn.loops[elt.id] = ast.List(elts=[r.elts[i] for r in rows], ctx=ast.Load())
                _bind_first(fn, elt.id, fn.loops[elt.id])


def _bind_first(fn: Function, name: str, iterable: ast.expr) -> None:
    if isinstance(iterable, (ast.List, ast.Tuple, ast.Set)) and iterable.elts and name not in fn.scope.bindings \
            and all(isinstance(e, (ast.Name, ast.Attribute)) for e in iterable.elts):
        fn.scope.bindings[name] = iterable.elts[0]


def _bind(fn: Function, target: ast.expr, value: ast.expr) -> None:
    if isinstance(target, ast.Name):
        fn.scope.bindings[target.id] = value
    elif isinstance(target, (ast.Tuple, ast.List)) and not isinstance(value, (ast.Tuple, ast.List)):
        for elt in target.elts:
            if isinstance(elt, ast.Starred):
                elt = elt.value
            if isinstance(elt, ast.Name):
                fn.unpacked[elt.id] = value
    elif isinstance(target, ast.Attribute):
        fn.attr_assigns.append((target, value))
