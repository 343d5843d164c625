"""Qualified dotted names of expressions, from what one file shows.

``import requests as rq`` makes ``rq.post`` read ``requests.post``; a call adds ``()``
(``requests.Session().get``); a local ``client = ApiClient()`` makes ``client.session``
read ``billing.client.ApiClient().session``.  Unknown names give ``None``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from typing import cast

from . import known

# The `mock` backport is unittest.mock under another name.
_MODULE_ALIASES = {"mock": "unittest.mock"}

MAX_HOPS = 12  # local bindings followed before giving up (cycles, long chains)


def _canonical_module(name: str) -> str:
    head, _, tail = name.partition(".")
    if head in _MODULE_ALIASES:
        return _MODULE_ALIASES[head] + ("." + tail if tail else "")
    return name


def resolve_relative(module: str, level: int, current: str, is_package: bool) -> str:
    """``from ..x import y`` seen in module ``current`` -> absolute module of ``x``."""
    if not level:
        return module
    parts = current.split(".") if current else []
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        parts = parts[: len(parts) - (level - 1)] if level - 1 <= len(parts) else []
    base = ".".join(parts)
    if module:
        return f"{base}.{module}" if base else module
    return base


def import_bindings(nodes: Iterable[ast.stmt], current: str = "", is_package: bool = False) -> dict[str, str]:
    """Names bound by import statements -> qualified names."""
    table: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    table[alias.asname] = _canonical_module(alias.name)
                else:
                    head = alias.name.split(".", 1)[0]
                    table[head] = _canonical_module(head)
        elif isinstance(node, ast.ImportFrom):
            mod = resolve_relative(node.module or "", node.level, current, is_package)
            mod = _canonical_module(mod)
            for alias in node.names:
                if alias.name == "*":
                    continue
                table[alias.asname or alias.name] = f"{mod}.{alias.name}" if mod else alias.name
    return table


class Scope:
    """Names visible in one function (or the module): parameters, local bindings, imports."""

    __slots__ = ("bindings", "params", "parent", "imports", "fixtures", "classes", "self_attrs")

    def __init__(self, imports: Mapping[str, str], parent: Scope | None = None) -> None:
        self.imports = imports
        self.parent = parent
        self.bindings: dict[str, ast.expr] = {}
        self.params: set[str] = set()
        self.classes: set[str] = set()  # classes defined in this scope
        # name -> (value expression, scope it is read in) of a pytest fixture, or None
        self.fixtures: Callable[[str], tuple[ast.expr, Scope] | None] | None = None
        # attr -> (value expression, scope) of ``self.<attr> = value`` in the test class's setUp, or None
        self.self_attrs: Callable[[str], tuple[ast.expr, Scope] | None] | None = None

    def lookup(self, name: str) -> tuple[str, object] | None:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.params:
                return ("param", name)
            if name in scope.bindings:
                return ("bound", scope.bindings[name])
            scope = scope.parent
        if name in self.imports:
            return ("import", self.imports[name])
        return None


def param_name(name: str) -> str | None:
    """Qualified name a pytest fixture parameter stands for, if it is a mock factory."""
    if name in known.MOCKER_FIXTURES:
        return "unittest.mock"
    if name in known.MONKEYPATCH_FIXTURES:
        return "pytest.MonkeyPatch()"
    return None


def qualify(expr: ast.AST, scope: Scope, _hops: int = 0) -> str | None:
    """The qualified dotted name of ``expr`` or None when the file cannot tell."""
    attrs: list[str] = []
    node = expr
    while True:
        if _hops > MAX_HOPS:
            return None
        if isinstance(node, ast.Attribute):
            attrs.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            attrs.append("()")
            node = node.func
        elif isinstance(node, ast.Await):
            node = node.value
        elif isinstance(node, ast.Name):
            found = scope.lookup(node.id)
            if found is None:
                return None
            what, value = found
            if what == "param":
                base = param_name(node.id)
                if base is None:
                    if node.id in ("self", "cls"):
                        kept = scope.self_attrs(attrs[-1]) if attrs and scope.self_attrs else None
                        if kept is None:
                            return None
                        attrs.pop()
                        _hops += 1
                        node, scope = kept  # what setUp stored on self, read where setUp is
                        continue
                    provided = scope.fixtures(node.id) if scope.fixtures else None
                    if provided is None:
                        return None
                    _hops += 1
                    node, scope = provided  # what the fixture returns, read where the fixture is
                    continue
            elif what == "import":
                base = cast(str, value)  # Scope.lookup: ("import", dotted name)
            else:
                _hops += 1
                node = cast(ast.expr, value)  # Scope.lookup: ("bound", the expression assigned)
                continue
            break
        else:
            return None
    return join(base, reversed(attrs))


def last_names(*qualified: str) -> frozenset[str]:
    """The last names of qualified names (``unittest.mock.patch.object`` -> ``object``), for qualify_named()."""
    return frozenset(q.rsplit(".", 1)[-1] for q in qualified)


def qualify_named(expr: ast.AST, scope: Scope, names: frozenset[str]) -> str | None:
    """``qualify(expr)`` when it may end in one of ``names``, else None without resolving.

    Resolution keeps an attribute's last name: ``x.y.get`` is never ``patch`` or ``Mock``, whatever
    ``x`` is.  Most calls of a test are such attribute calls, and most are nothing to resolve.
    """
    if type(expr) is ast.Attribute and expr.attr not in names:
        return None
    return qualify(expr, scope)


def join(base: str, attrs: Iterable[str]) -> str:
    out = base
    for a in attrs:
        out = out + a if a == "()" else f"{out}.{a}"
    return out


def decorator_name(dec: ast.expr) -> str:
    """The last name of a decorator or of the callee of a call: ``@app.route(...)`` -> ``route``."""
    target = dec.func if isinstance(dec, ast.Call) else dec
    return target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")


def dotted_text(expr: ast.AST) -> str | None:
    """``a.b.c`` as written (no resolution), or None for anything else."""
    parts: list[str] = []
    node = expr
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


MAX_TEXT_DEPTH = 100  # nesting ast.unparse and ast.dump are given: they recurse, a few frames per level


def deeper_than(node: ast.AST, limit: int = MAX_TEXT_DEPTH) -> bool:
    """Is ``node`` nested more than ``limit`` levels deep (found without recursing)?"""
    todo: list[tuple[ast.AST, int]] = [(node, 0)]
    while todo:
        n, depth = todo.pop()
        if depth > limit:
            return True
        todo.extend((child, depth + 1) for child in ast.iter_child_nodes(n))
    return False


def _chain_text(node: ast.AST) -> str:
    """``m.c.c()[...]`` of a chain of attributes, calls and subscripts, built without recursing (arguments and
    indexes shown as ``...``); ``...`` for the start of a chain that is no name."""
    parts: list[str] = []
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript, ast.Await)):
        if isinstance(node, ast.Attribute):
            parts.append("." + node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            parts.append("(...)" if node.args or node.keywords else "()")
            node = node.func
        elif isinstance(node, ast.Subscript):
            parts.append("[...]")
            node = node.value
        else:
            node = node.value
    head = node.id if isinstance(node, ast.Name) else "..."
    return head + "".join(reversed(parts))


def expr_text(node: ast.AST) -> str:
    """``ast.unparse(node)``, or, for an expression nested past ``MAX_TEXT_DEPTH`` (where unparsing would
    exhaust the stack), the chain it ends in, built iteratively."""
    if deeper_than(node):
        return _chain_text(node)
    return ast.unparse(node)


def dump_text(node: ast.AST) -> str:
    """``ast.dump(node)`` (a structural key), or, past ``MAX_TEXT_DEPTH``, the chain's text."""
    if deeper_than(node):
        return "deep:" + _chain_text(node)
    return ast.dump(node)


def same_tree(a: ast.AST, b: ast.AST) -> bool:
    """Are two expressions written alike (the same as comparing their ``ast.dump``), compared iteratively?"""
    todo: list[tuple[object, object]] = [(a, b)]
    while todo:
        x, y = todo.pop()
        if isinstance(x, ast.AST):
            if type(x) is not type(y):
                return False
            todo.extend((getattr(x, f, None), getattr(y, f, None)) for f in x._fields)
        elif isinstance(x, list):
            if not isinstance(y, list) or len(x) != len(y):
                return False
            todo.extend(zip(x, y))
        elif type(x) is not type(y) or repr(x) != repr(y):  # as ast.dump shows them
            return False
    return True


def root_name(expr: ast.expr) -> str | None:
    """``m.a.b()`` -> ``m``."""
    node = expr
    while True:
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            break
    return node.id if isinstance(node, ast.Name) else None


def callee_text(f: ast.expr, limit: int = 60) -> str:
    """A callee as the test spells it (``Order(qty=2).total``), the arguments of its inner calls shortened
    to ``...`` when it is longer than ``limit`` (``OrderViewSet(...).total``), or its last name."""
    text = expr_text(f)
    if len(text) <= limit:
        return text
    node, chain = f, []
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        chain.append(node.attr if isinstance(node, ast.Attribute) else "(...)" if isinstance(node, ast.Call)
                     else "[...]")
        node = node.value if not isinstance(node, ast.Call) else node.func
    head = node.id if isinstance(node, ast.Name) else "..."
    text = head + "".join(c if c.startswith(("(", "[")) else "." + c for c in reversed(chain))
    return text if len(text) <= limit else (f.attr if isinstance(f, ast.Attribute) else text[-limit:])


def const_str(expr: ast.AST | None) -> str | None:
    """The value of a string literal, or None for anything else."""
    return expr.value if isinstance(expr, ast.Constant) and isinstance(expr.value, str) else None


def strip_calls(dotted: str) -> str:
    return dotted.replace("()", "")


def annotated_class(annotation: ast.expr) -> ast.expr | None:
    """The class an annotation names: a string is parsed, ``X | None`` and ``Optional[X]`` give ``X``."""
    node: ast.expr | None = annotation
    for _ in range(4):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 200:
            try:
                node = ast.parse(node.value, mode="eval").body
            except (SyntaxError, ValueError):
                return None
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            node = node.right if isinstance(node.left, ast.Constant) else node.left
        elif isinstance(node, ast.Subscript) and (dotted_text(node.value) or "").endswith("Optional"):
            node = node.slice
        else:
            break
    return node if isinstance(node, (ast.Name, ast.Attribute)) else None
