"""The linted project's own modules, read from source with astroid (never imported).

Answers "what is ``orders.db.session``?" when the test file alone cannot: it finds
``orders/db.py`` under the source roots, builds its astroid tree (lazily, cached per
module, bounded in count), and follows imports, assignments, instance attributes and
base classes until it reaches a known library name, a project class, or nothing.
Only astroid's structural API (locals, lookups, instance attributes) is used; nothing
is inferred into third-party packages, so nothing outside the project is read either.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any
from collections.abc import Mapping

from .known import INTEGRATIONS, Entry

from .classify import Integration, classify_django_model, classify_known, classify_model_attr, known_top_level
from .names import join, resolve_relative

MAX_DEPTH = 10  # hops through imports, assignments and bases
MAX_MODULES = 256  # astroid trees kept per process
MAX_FILE_BYTES = 2_000_000  # larger project modules are not read
MAX_NAME = 1024  # characters of a dotted name worth resolving (a 5 MB patch target is no module path)
MAX_SEGMENTS = 32  # module prefixes tried per name: each try joins and stats, so long names cost their square


class ProjectIndex:
    """Locate and read project modules below a set of source roots."""

    def __init__(self, roots: tuple[str, ...], table: Mapping[str, Entry] = INTEGRATIONS) -> None:
        self.roots = tuple(dict.fromkeys(os.path.abspath(r) for r in roots if r))
        self.table = table
        self._trees: OrderedDict[str, Any] = OrderedDict()
        # During one classify() call: the names being followed (a cycle of imports or bases ends at once),
        # and the names followed, with the depth they were followed at and what they gave (a base shared
        # by many classes is followed again only from a shallower depth, where more hops remain)
        self._active: set[str] = set()
        self._followed: dict[str, tuple[int, Integration | None]] = {}

    # -- locating -----------------------------------------------------------------
    def find_module(self, dotted: str) -> tuple[str, str, bool] | None:
        """Longest prefix of ``dotted`` that is a project module: (modname, path, is_package)."""
        if len(dotted) > MAX_NAME:
            return None
        parts = dotted.replace("()", "").split(".")
        for i in range(min(len(parts), MAX_SEGMENTS), 0, -1):
            modname = ".".join(parts[:i])
            found = _locate(self.roots, modname)
            if found:
                return modname, found[0], found[1]
        return None

    # -- reading --------------------------------------------------------------------
    def tree(self, modname: str, path: str) -> Any:
        key = path
        if key in self._trees:
            self._trees.move_to_end(key)
            return self._trees[key]
        tree = None
        try:
            if os.path.getsize(path) <= MAX_FILE_BYTES:
                with open(path, "rb") as f:
                    data = f.read()
                tree = _build(_decode(data), modname, path)
        except Exception:  # syntax errors, odd encodings, astroid trouble: the file tells nothing
            tree = None
        self._trees[key] = tree
        if len(self._trees) > MAX_MODULES:
            self._trees.popitem(last=False)
        return tree

    # -- resolving -----------------------------------------------------------------
    def classify(self, dotted: str) -> Integration | None:
        """Classify ``dotted`` by following it through the project's source."""
        if len(dotted) > MAX_NAME:
            return None
        self._active, self._followed = set(), {}
        try:
            return self._classify(dotted, 0)
        except RecursionError:
            return None
        finally:
            self._active, self._followed = set(), {}

    def is_project_package(self, top: str) -> bool:
        """Is ``top`` the project's own package (linting django's own tests, ``django`` is)?"""
        return _locate(self.roots, top) is not None

    def is_library(self, dotted: str) -> bool:
        """Not the project's own code: its top-level package is not under the source roots."""
        return not self.is_project_package(dotted.split(".", 1)[0])

    def _classify(self, dotted: str, depth: int) -> Integration | None:
        done = self._followed.get(dotted)
        if done is not None and done[0] <= depth:
            return done[1]
        if dotted in self._active:
            return None
        self._active.add(dotted)
        try:
            hit = self._follow(dotted, depth)
        finally:
            self._active.discard(dotted)
        self._followed[dotted] = (depth, hit)
        return hit

    def _follow(self, dotted: str, depth: int) -> Integration | None:
        parts = _split(dotted)
        if not parts:  # patch(""), patch(".")
            return None
        # A library's names mean "integration point" only when the library is not the
        # project being linted: in django's own suite, django.db is the code under test.
        hit = None if self.is_project_package(parts[0]) else classify_known(dotted, self.table)
        if hit is None and not self.is_project_package("django") and "django.db" in self.table:
            hit = classify_django_model(dotted)
        if hit is not None or depth > MAX_DEPTH:
            return hit
        located = self.find_module(dotted)
        if located is None:
            if depth == 0:
                fallback = known_top_level(dotted, self.table)
                if fallback:
                    hit = classify_known(fallback, self.table)
                    if hit is not None:
                        return Integration(hit.kind, hit.family, fallback)
            return None
        modname, path, is_pkg = located
        rest = parts[len(modname.split(".")):]
        if not rest:
            return None
        tree = self.tree(modname, path)
        if tree is None:
            return None
        return self._member(tree, modname, is_pkg, rest, depth)

    def _member(self, tree: Any, modname: str, is_pkg: bool, rest: list[str], depth: int):
        from astroid import nodes

        name, tail = rest[0], rest[1:]
        if name == "()":
            return None
        bound = tree.locals.get(name)
        if not bound:
            return None
        node = bound[-1]
        if isinstance(node, (nodes.Import, nodes.ImportFrom)):
            target = _import_target(node, name, modname, is_pkg)
            return self._classify(join(target, tail), depth + 1) if target else None
        if isinstance(node, nodes.ClassDef):
            return self._class_member(node, tail, depth)
        if isinstance(node, nodes.AssignName):
            value = _assigned_value(node)
            if value is None:
                return None
            target = qualify_astroid(value)
            return self._classify(join(target, tail), depth + 1) if target else None
        return None

    def _class_member(self, cls: Any, tail: list[str], depth: int):
        """``Cls.attr``, ``Cls().attr`` or ``Cls`` itself: own definitions first, then bases."""
        from astroid import nodes

        attrs = list(tail)
        instance = bool(attrs) and attrs[0] == "()"
        if instance:
            attrs = attrs[1:]
        if attrs:
            attr = attrs[0]
            defs = (_instance_attr(cls, attr) if instance else None) or cls.locals.get(attr)
            if defs:
                node = defs[-1]
                if isinstance(node, (nodes.AssignName, nodes.AssignAttr)):
                    value = _assigned_value(node)
                    target = qualify_astroid(value) if value is not None else None
                    if target:
                        return self._classify(join(target, attrs[1:]), depth + 1)
                    return None
                if not isinstance(node, nodes.FunctionDef):
                    return None
                # a method defined here: only ORM persistence methods on models matter (below)
        for base in cls.bases:
            qual = qualify_astroid(base)
            if not qual:
                continue
            hit = None if self.is_project_package(qual.split(".", 1)[0]) else classify_model_attr(qual, tail)
            if hit is not None:
                return hit
            if attrs and attrs[0] in cls.locals:
                continue  # overridden here; the base's attribute is not the one patched
            hit = self._classify(join(qual, tail), depth + 1)
            if hit is not None:
                return hit
        return None


def qualify_astroid(node: Any, _hops: int = 0) -> str | None:
    """The qualified dotted name of an astroid expression, from its module's own bindings."""
    from astroid import nodes

    attrs: list[str] = []
    while True:
        if _hops > 12:
            return None
        if isinstance(node, nodes.Attribute):
            attrs.append(node.attrname)
            node = node.expr
        elif isinstance(node, nodes.Call):
            attrs.append("()")
            node = node.func
        elif isinstance(node, nodes.Name):
            assigned = _lookup(node, node.name)
            if not assigned:
                return None
            origin = assigned[-1]
            root = origin.root()
            modname = getattr(root, "name", "") or ""
            if isinstance(origin, (nodes.Import, nodes.ImportFrom)):
                base = _import_target(origin, node.name, modname, bool(getattr(root, "package", False)))
            elif isinstance(origin, (nodes.ClassDef, nodes.FunctionDef)) and origin.parent is root:
                base = f"{modname}.{origin.name}"
            elif isinstance(origin, nodes.AssignName) and origin.scope() is root:
                base = f"{modname}.{origin.name}"
            elif isinstance(origin, nodes.AssignName):
                value = _assigned_value(origin)
                if value is None:
                    return None
                _hops += 1
                node = value
                continue
            else:
                return None
            if not base:
                return None
            break
        else:
            return None
    return join(base, reversed(attrs))


def _import_target(node: Any, name: str, modname: str, is_pkg: bool) -> str | None:
    from astroid import nodes

    for real, alias in node.names:
        if (alias or real.split(".", 1)[0]) != name:
            continue
        if isinstance(node, nodes.Import):
            return real if alias else real.split(".", 1)[0]
        mod = resolve_relative(node.modname or "", node.level or 0, modname, is_pkg)
        return f"{mod}.{real}" if mod else real
    return None


def _assigned_value(node: Any) -> Any:
    from astroid import nodes

    parent = node.parent
    if isinstance(parent, (nodes.Assign, nodes.AnnAssign)) and parent.value is not None:
        targets = parent.targets if isinstance(parent, nodes.Assign) else [parent.target]
        if any(t is node for t in targets):
            return parent.value
    return None


def _split(dotted: str) -> list[str]:
    """``a.B().c`` -> ``["a", "B", "()", "c"]``."""
    out: list[str] = []
    for seg in dotted.split("."):
        calls = 0
        while seg.endswith("()"):
            seg, calls = seg[:-2], calls + 1
        if seg:
            out.append(seg)
        out.extend(["()"] * calls)
    return out


@lru_cache(maxsize=4096)
def _locate(roots: tuple[str, ...], modname: str) -> tuple[str, bool] | None:
    rel = Path(*modname.split("."))
    for root in roots:
        pkg = os.path.join(root, rel, "__init__.py")
        if os.path.isfile(pkg):
            return pkg, True
        mod = os.path.join(root, f"{rel}.py")
        if os.path.isfile(mod):
            return mod, False
    return None


def _decode(data: bytes) -> str:
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return data.decode("utf-8", "replace")


def _instance_attr(cls: Any, attr: str) -> list[Any]:
    """``self.<attr> = ...`` assignments in the class's own methods (read from the tree, not inferred)."""
    from astroid import nodes

    found = []
    for method in cls.mymethods():
        args = method.args.args or []
        if not args:
            continue
        me = args[0].name
        for node in method.nodes_of_class(nodes.AssignAttr):
            if node.attrname == attr and isinstance(node.expr, nodes.Name) and node.expr.name == me:
                found.append(node)
    return found


def _build(source: str, modname: str, path: str) -> Any:
    """An astroid tree of one module's source, and nothing else.

    The tree is built with astroid's rebuilder directly: ``AstroidBuilder`` would first build
    the ``builtins`` module by introspection (about half a second per process, which every
    editor keystroke would pay), then infer every ``x.attr = value`` (importing and building
    other modules) and apply the brain transforms (inferring more).  Instance attributes are
    read from ``self.<attr> =`` assignments instead, and names are looked up in the module's
    own scopes only (``_lookup``), never in builtins.
    """
    import ast as stdlib_ast

    import astroid  # lazy: only when a project module is needed
    from astroid.rebuilder import TreeRebuilder

    tree = stdlib_ast.parse(source, filename=path, type_comments=True)
    package = os.path.basename(path) == "__init__.py"
    rebuilder = TreeRebuilder(astroid.MANAGER, source)
    module = rebuilder.visit_module(tree, modname, os.path.abspath(path), package)
    # ``from x import y`` binds y only in astroid's post-build step; do that part (not ``*``,
    # which would need x built) so that lookups see imported names.
    for node, global_names in rebuilder._import_from_nodes:
        for name, asname in node.names:
            if name == "*":
                continue
            bound = asname or name
            owner = module if bound in global_names else node.parent
            owner.set_local(bound, node)
            owner.scope().locals[bound].sort(key=lambda n: n.fromlineno or 0)
    return module


def _lookup(node: Any, name: str) -> list[Any]:
    """Where ``name`` is bound, seen from ``node``: its scopes outwards to the module (not builtins)."""
    from astroid import nodes

    scope = node.scope()
    while scope is not None:
        found = scope.locals.get(name)
        if found and not (isinstance(scope, nodes.ClassDef) and scope is not node.scope()):
            return found
        if isinstance(scope, nodes.Module):
            return []
        parent = scope.parent
        scope = parent.scope() if parent is not None else None
    return []


def module_name_for(path: str) -> tuple[str, bool]:
    """Dotted module name of a file from the ``__init__.py`` files above it, and whether it is a package."""
    p = Path(os.path.abspath(path))
    is_pkg = p.name == "__init__.py"
    parts = [] if is_pkg else [p.stem]
    d = p.parent
    while (d / "__init__.py").is_file() and d.parent != d:
        parts.append(d.name)
        d = d.parent
    return ".".join(reversed(parts)), is_pkg


def package_base(path: str) -> str:
    """The first folder above ``path`` that is not a package: where its top package is importable from."""
    d = Path(os.path.abspath(path)).parent
    while (d / "__init__.py").is_file() and d.parent != d:
        d = d.parent
    return str(d)


_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", "tox.ini", ".git")


@lru_cache(maxsize=1024)
def project_root(folder: str) -> str | None:
    """Nearest folder at or above ``folder`` that holds a project marker file."""
    d = Path(folder)
    for cand in (d, *d.parents):
        if any((cand / m).exists() for m in _MARKERS):
            return str(cand)
    return None


def _bound(index: ProjectIndex, dotted: str) -> tuple[Any, str | None]:
    """What ``pkg.mod.name`` is bound to in the project, following imports between its modules.

    Returns (node, None) for a module-level binding other than an import; for ``pkg.mod.Cls.meth``
    (two names below the module) returns (None, "pkg.mod.Cls") so callers can look in the class.
    """
    from astroid import nodes

    for _ in range(MAX_DEPTH):
        located = index.find_module(dotted)
        if located is None:
            return None, None
        modname, path, is_pkg = located
        rest = dotted.split(".")[len(modname.split(".")):]
        if len(rest) != 1:
            return None, (".".join(dotted.split(".")[:-1]) if len(rest) == 2 else None)
        tree = index.tree(modname, path)
        bound = tree.locals.get(rest[0]) if tree is not None else None
        if not bound:
            return None, None
        node = bound[-1]
        if not isinstance(node, (nodes.Import, nodes.ImportFrom)):
            return node, None
        target = _import_target(node, rest[0], modname, is_pkg)
        if not target:
            return None, None
        dotted = target
    return None, None


def _class_in(index: ProjectIndex, dotted: str) -> Any:
    """The astroid ClassDef a dotted name leads to in the project, or None."""
    from astroid import nodes

    node, _owner = _bound(index, dotted)
    return node if isinstance(node, nodes.ClassDef) else None


def class_bases(index: ProjectIndex, dotted: str) -> list[str] | None:
    """Qualified names of the bases of the project class ``dotted`` (None: not a project class)."""
    cls = _class_in(index, dotted)
    if cls is None:
        return None
    return [q for q in (qualify_astroid(b) for b in cls.bases) if q]


def class_method(index: ProjectIndex, dotted: str, name: str, depth: int = 0,
                 _seen: dict[str, int] | None = None) -> Any:
    """The astroid FunctionDef ``name`` of project class ``dotted`` or of its project bases."""
    seen = {} if _seen is None else _seen
    if depth > MAX_DEPTH or seen.get(dotted, depth + 1) <= depth:
        return None  # cyclic or diamond-shaped bases: a class again only from a shallower depth
    seen[dotted] = depth
    cls = _class_in(index, dotted)
    if cls is None:
        return None
    from astroid import nodes

    for node in cls.locals.get(name, ()):
        if isinstance(node, nodes.FunctionDef):
            return node
    for base in cls.bases:
        q = qualify_astroid(base)
        if q:
            found = class_method(index, q, name, depth + 1, seen)
            if found is not None:
                return found
    return None


def function(index: ProjectIndex, dotted: str) -> Any:
    """The astroid FunctionDef a dotted name leads to (``pkg.helpers.check_x``, ``pkg.Cls.meth``), or None."""
    from astroid import nodes

    node, owner = _bound(index, dotted)
    if owner is not None:
        return class_method(index, owner, dotted.rsplit(".", 1)[-1])
    return node if isinstance(node, nodes.FunctionDef) else None
