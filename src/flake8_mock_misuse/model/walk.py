"""One walk over a file's tree: functions, classes, calls, bindings and imports."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..resolve.names import Scope, dotted_text

FuncNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(eq=False)
class Function:
    """A function (or the module body when ``node`` is None) and what happens inside it."""

    node: FuncNode | None
    cls: ast.ClassDef | None
    parent: Function | None
    scope: Scope
    calls: list[ast.Call] = field(default_factory=list)
    attr_assigns: list[tuple[ast.Attribute, ast.expr]] = field(default_factory=list)
    returns: list[ast.expr] = field(default_factory=list)  # values of return and yield

    @property
    def name(self) -> str:
        return self.node.name if self.node is not None else "<module>"

    @property
    def params(self) -> list[str]:
        if self.node is None:
            return []
        a = self.node.args
        return [p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)]

    @property
    def is_fixture(self) -> bool:
        return self.fixture_name is not None

    @property
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

    @property
    def is_test(self) -> bool:
        if self.node is None or not self.node.name.startswith("test") or self.is_fixture:
            return False
        if self.parent is not None and self.parent.node is not None:
            return False  # nested function
        return self.cls is None or self.cls.name.startswith("Test") or _looks_like_testcase(self.cls)


def _is_fixture_decorator(dec: ast.expr) -> bool:
    target = dec.func if isinstance(dec, ast.Call) else dec
    text = dotted_text(target) or ""
    return text == "fixture" or text.endswith(".fixture")


def _looks_like_testcase(cls: ast.ClassDef) -> bool:
    for base in cls.bases:
        text = dotted_text(base) or ""
        if text.endswith(("TestCase", "TestBase", "Tests", "Test")):
            return True
    return False


@dataclass
class Walked:
    imports: list[ast.Import | ast.ImportFrom]
    module: Function
    functions: list[Function]
    classes: list[ast.ClassDef]


def walk(tree: ast.AST, imports: dict[str, str]) -> Walked:
    """Walk ``tree`` once, iteratively (deep nesting must not exhaust the C stack)."""
    module = Function(None, None, None, Scope(imports))
    functions: list[Function] = []
    classes: list[ast.ClassDef] = []
    import_nodes: list[ast.Import | ast.ImportFrom] = []
    stack: list[tuple[ast.AST, Function, ast.ClassDef | None]] = [(tree, module, None)]
    while stack:
        node, fn, cls = stack.pop()
        children: list[tuple[ast.AST, Function, ast.ClassDef | None]] = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            inner = Function(node, cls, fn if fn.node is not None else None, Scope(imports, fn.scope))
            inner.scope.params.update(inner.params)
            if node.args.vararg:
                inner.scope.params.add(node.args.vararg.arg)
            if node.args.kwarg:
                inner.scope.params.add(node.args.kwarg.arg)
            functions.append(inner)
            outer = [*node.decorator_list, *node.args.defaults, *(d for d in node.args.kw_defaults if d)]
            children = [(c, fn, cls) for c in outer] + [(c, inner, None) for c in node.body]
        elif isinstance(node, ast.ClassDef):
            classes.append(node)
            outer = [*node.decorator_list, *node.bases, *node.keywords]
            children = [(c, fn, cls) for c in outer] + [(c, fn, node) for c in node.body]
        else:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                import_nodes.append(node)
            elif isinstance(node, ast.Call):
                fn.calls.append(node)
            elif isinstance(node, ast.Assign) and cls is None:
                for target in node.targets:
                    _bind(fn, target, node.value)
            elif isinstance(node, ast.AnnAssign) and node.value is not None and cls is None:
                _bind(fn, node.target, node.value)
            elif isinstance(node, (ast.Return, ast.Yield)) and node.value is not None:
                fn.returns.append(node.value)
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if isinstance(item.optional_vars, ast.Name):
                        fn.scope.bindings[item.optional_vars.id] = item.context_expr
            children = [(c, fn, cls) for c in ast.iter_child_nodes(node)]
        stack.extend(reversed(children))
    return Walked(import_nodes, module, functions, classes)


def _bind(fn: Function, target: ast.expr, value: ast.expr) -> None:
    if isinstance(target, ast.Name):
        fn.scope.bindings[target.id] = value
    elif isinstance(target, ast.Attribute):
        fn.attr_assigns.append((target, value))
