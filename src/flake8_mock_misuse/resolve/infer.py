"""The second tier of resolution: what installed packages say, read by astroid's inference.

The first tier (the test file, summaries of the project's modules, the library tables) answers almost
every name.  What it cannot tell is a name of an installed package that the tables do not know: a class
whose bases lead into ``requests.Session`` or an SQLAlchemy ``Session`` (``pooled.PooledSession``), a
function whose return value is one (``dbkit.open_session()``).  There, and only there, this module asks
astroid, which reads the package's source from where it is installed.

The rules of the tier:
- astroid is imported on the first such question, never for a file that asks none (``candidate``
  decides without it: a name of the project, the standard library, a library the tables know, a test
  tool, or of nothing installed is never a question, and neither is a name whose module (with the modules
  of its own package it imports) imports no library the tables know: none of its classes can derive
  from a client it never imports);
- source only: astroid never imports the package (extension modules are not loaded: its
  ``always_load_extensions`` stays off and no package is allowed to load; its hooks that import a module
  it cannot build, such as its brain for ``gi``, are removed), and nothing is executed;
- bounded: at most ``MAX_ANCESTORS`` classes of a hierarchy, ``MAX_VALUES`` inferred values of a call,
  ``MAX_QUESTIONS`` questions per process; every exception of astroid ends in "cannot tell";
- cached per process: a package module is read once per run, a name answered once.
Without the package installed (pre-commit's isolated environment) nothing here runs.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from collections.abc import Mapping
from functools import lru_cache
from importlib.machinery import PathFinder

from . import known
from .classify import Integration, classify_known, classify_model_attr
from .names import join, strip_calls
from .source import fresh_stack

MAX_ANCESTORS = 40
MAX_VALUES = 8
MAX_QUESTIONS = 2000
MAX_NAME = 300
# test tools and libraries whose classes are configured, not integration points
_NEVER = frozenset({
    "pytest", "_pytest", "unittest", "mock", "pytest_mock", "freezegun", "time_machine", "responses", "respx",
    "requests_mock", "aioresponses", "pytest_httpx", "vcr", "betamax", "factory", "faker", "hypothesis", "moto",
    "fakeredis", "mongomock", "typing", "typing_extensions", "pydantic", "attr", "attrs", "six", "gi",
})
# where a framework's public names live (astroid gives the module a class is defined in)
_PUBLIC = {
    "django.db.models.base.Model": "django.db.models.Model",
    "django.db.models.manager.Manager": "django.db.models.Manager",
    "django.db.models.query.QuerySet": "django.db.models.QuerySet",
}
_questions = 0


def third_party(top: str, table: Mapping[str, known.Entry]) -> bool:
    """A top-level name that is neither the standard library nor a library the tables know (they answer for it)."""
    if not top.isidentifier() or top in sys.stdlib_module_names or top in sys.builtin_module_names:
        return False
    return not any(key == top or key.startswith(top + ".") for key in table)


def candidate(top: str, roots: tuple[str, ...], table: Mapping[str, known.Entry]) -> bool:
    """Is a name under the top-level package ``top`` a question for this tier? Only for a package that is
    installed here (found by searching paths, not imported) and that nothing else answers; whether the module
    behind the name can lead to a client at all is ``classify_installed``'s first step."""
    return top not in _NEVER and third_party(top, table) and installed_location(top, roots) is not None


@lru_cache(maxsize=1024)
def _spec(top: str, roots: tuple[str, ...]):
    try:
        return PathFinder.find_spec(top, [p for p in sys.path if p and p not in roots])
    except (ImportError, ValueError, OSError):
        return None


def installed(top: str, roots: tuple[str, ...]) -> bool:
    """Is a top-level package or module installed on this process's path (the project's source roots left out)?
    Found by searching paths, never by importing."""
    return _spec(top, roots) is not None


def installed_location(top: str, roots: tuple[str, ...]) -> str | None:
    """Where an installed top-level package or pure-Python module lives (its folder or file), or None."""
    spec = _spec(top, roots)
    if spec is None:
        return None
    if spec.submodule_search_locations:
        return next(iter(spec.submodule_search_locations), None)
    return spec.origin if spec.origin and spec.origin.endswith(".py") else None


_IMPORT = re.compile(rb"^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)|import[ \t]+([A-Za-z_][\w.]*))", re.MULTILINE)


@lru_cache(maxsize=512)
def _imports_of(path: str) -> frozenset[str]:
    """The modules one installed module imports (absolute imports, dotted), read from its bytes: enough to know
    that none of its classes can derive from a client it never imports."""
    try:
        with open(path, "rb") as f:
            data = f.read(1_000_000)
    except OSError:
        return frozenset()
    return frozenset((a or b).decode("ascii", "replace") for a, b in _IMPORT.findall(data))


def _names_table_module(dotted: str, keys: frozenset[str]) -> bool:
    """``requests``, ``sqlalchemy.orm``, ``from http import client``: an import of a module the tables know."""
    for key in keys:
        if dotted == key or dotted.startswith(key + "."):
            return True
        if key.startswith(dotted + ".") and dotted.split(".", 1)[0] not in sys.stdlib_module_names:
            return True  # ``import django`` reaches django.db; ``from urllib import parse`` is not urllib.request
    return False


def classify_installed(dotted: str, table: Mapping[str, known.Entry]) -> Integration | None:
    """What ``dotted`` (``pooled.PooledSession.get``, ``dbkit.open_session``, ``pkg.client().send``) is, by its
    installed source: an HTTP client or a database session, a member of one, or a factory that makes one."""
    global _questions
    if len(dotted) > MAX_NAME or _questions >= MAX_QUESTIONS:
        return None
    if not _module_reaches(dotted, frozenset(table)):
        return None  # the module that defines it imports no client, itself or through its package's modules
    _questions += 1
    return _classify(dotted, tuple(sorted(table.items())))


def _module_reaches(dotted: str, keys: frozenset[str]) -> bool:
    """Can ``dotted`` lead to a client? The module that defines it, or a module of its own package it imports,
    must import a module the tables know (``jwt.decode`` lives in
    modules that never import ``urllib.request``, though ``jwt.jwks_client`` does). A class whose client base
    comes through another third-party package that is not in the tables is not followed (documented)."""
    parts = [p for p in dotted.replace("()", "").split(".") if p]
    location = installed_location(parts[0], ())
    if location is None or location.endswith(".py"):
        return location is not None and any(_names_table_module(d, keys) for d in _imports_of(location))
    base = os.path.dirname(location)
    todo = [_defining_file(base, parts)]
    seen: set[str] = set()
    while todo and len(seen) < 40:
        path = todo.pop()
        if path is None or path in seen:
            continue
        seen.add(path)
        for d in _imports_of(path):
            if _names_table_module(d, keys):
                return True
            if d.split(".", 1)[0] == parts[0]:
                todo.append(_module_file(base, d.split(".")))
        for rel in _relative_imports(path):
            todo.append(_module_file(base, _resolve_relative(path, base, rel)))
    return False


def _defining_file(base: str, parts: list[str]) -> str | None:
    """The file that defines ``parts``' first attribute, following ``from .api_jwt import decode`` re-exports
    of a package's ``__init__`` (a few hops), so that only the modules behind the name are read."""
    path = _module_file(base, parts)
    for _ in range(5):
        if path is None:
            return None
        module = os.path.relpath(path, base)[:-3].replace(os.sep, ".").removesuffix(".__init__")
        depth = len(module.split("."))
        if depth >= len(parts):
            return path
        name = parts[depth]
        try:
            with open(path, "rb") as f:
                tree = fresh_stack(ast.parse, f.read(1_000_000))
        except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
            return path
        source = next((n for n in tree.body if isinstance(n, ast.ImportFrom)
                       and any((a.asname or a.name) == name for a in n.names)), None)
        if source is None:
            return path  # defined here (or bound in a way the bytes cannot tell): read this module
        real = next(a.name for a in source.names if (a.asname or a.name) == name)
        if source.level:
            target = _resolve_relative(path, base, (source.level, source.module or ""))
        else:
            target = (source.module or "").split(".")
        if not target or target[0] != parts[0]:
            return path
        parts = [*target, real, *parts[depth + 1:]]
        path = _module_file(base, target)
    return path


def _module_file(base: str, parts: list[str]) -> str | None:
    """The file of the longest prefix of ``parts`` that is a module under ``base`` (site-packages)."""
    for i in range(len(parts), 0, -1):
        folder = os.path.join(base, *parts[:i])
        for cand in (folder + ".py", os.path.join(folder, "__init__.py")):
            if os.path.isfile(cand):
                return cand
    return None


_RELATIVE = re.compile(rb"^[ \t]*from[ \t]+(\.+)([\w.]*)[ \t]+import", re.MULTILINE)


@lru_cache(maxsize=1024)
def _relative_imports(path: str) -> tuple[tuple[int, str], ...]:
    try:
        with open(path, "rb") as f:
            data = f.read(1_000_000)
    except OSError:
        return ()
    return tuple((len(dots), name.decode("ascii", "replace")) for dots, name in _RELATIVE.findall(data))


def _resolve_relative(path: str, base: str, rel: tuple[int, str]) -> list[str]:
    level, name = rel
    package = os.path.relpath(os.path.dirname(path), base).split(os.sep)
    package = package[:len(package) - (level - 1)] if level > 1 else package
    return [*package, *(name.split(".") if name else [])]


@lru_cache(maxsize=4096)
def _classify(dotted: str, table_items: tuple) -> Integration | None:
    table = dict(table_items)
    try:
        return _answer(dotted, table)
    except Exception:  # astroid's own errors, recursion, odd source: the tier cannot tell
        return None


def _manager():
    from astroid.manager import AstroidManager

    manager = AstroidManager()
    manager.always_load_extensions = False  # never load a compiled module: source only
    manager.extension_package_whitelist = set()
    # astroid's hooks for a module it cannot build from source import it live (its brain for gi does):
    # without them such a module is simply unknown
    manager._failed_import_hooks.clear()
    manager.max_inferable_values = MAX_VALUES
    return manager


def _answer(dotted: str, table: dict) -> Integration | None:
    from astroid import nodes
    from astroid.exceptions import AstroidError

    parts = dotted.split(".")
    manager = _manager()
    module, rest = None, []
    for i in range(len(parts), 0, -1):
        name = ".".join(parts[:i])
        if "()" in name:
            continue
        try:
            module = manager.ast_from_module_name(name)
        except (AstroidError, ImportError, SyntaxError, ValueError, OSError):
            continue
        rest = parts[i:]
        break
    if module is None or not rest:
        return None
    node = _lookup(module, rest[0].removesuffix("()"))
    tail = ([] if not rest[0].endswith("()") else ["()"]) + rest[1:]
    for _ in range(8):
        if node is None:
            return None
        if isinstance(node, nodes.ClassDef):
            return _class_hit(node, tail, table)
        if isinstance(node, nodes.FunctionDef):
            if not tail:  # the function itself: what patching it replaces is what it makes
                made = _made_class(node)
                hit = _class_hit(made, [], table) if made is not None else None
                if hit is None:
                    return None
                return Integration(hit.kind, hit.family, f"{strip_calls(hit.resolved)}()", maker=True)
            if tail[0] != "()":
                return None
            node, tail = _made_class(node), ["()", *tail[1:]]
            continue
        # a module-level value: an instance of a class, or another name
        node = _value_class(node)
        tail = ["()", *tail] if node is not None and tail[:1] != ["()"] else tail
    return None


def _lookup(module, name: str, depth: int = 0):
    """What a module binds ``name`` to: its own definition first (a brain of astroid may have added an import
    of the same name over it), then where an import leads, a few modules deep."""
    from astroid import nodes

    if depth > 6:
        return None
    for node in module.body:
        if isinstance(node, (nodes.ClassDef, nodes.FunctionDef)) and node.name == name:
            return node
    try:
        found = module.getattr(name)
    except Exception:
        return None
    for node in found:
        if isinstance(node, (nodes.ImportFrom, nodes.Import)):
            target = _imported(node, name, depth)
            if target is not None:
                return target
        elif not isinstance(node, nodes.Module):
            return node
    return None


def _imported(node, name: str, depth: int):
    """The definition an ``import``/``from ... import`` of ``name`` leads to."""
    from astroid import nodes

    try:
        real = node.real_name(name)
        if isinstance(node, nodes.ImportFrom):
            module = node.do_import_module(node.modname)
            if module.name == node.root().name:
                return None  # the module importing itself (an astroid brain does this)
            return _lookup(module, real, depth + 1)
        return node.do_import_module(real)
    except Exception:
        return None


def _class_of_call(call):
    """The class a call constructs, resolved by name when inference cannot say (``Session(bind=url)``)."""
    from astroid import nodes

    func = call.func if isinstance(call, nodes.Call) else None
    if not isinstance(func, nodes.Name):
        return None
    try:
        _scope, assigns = func.lookup(func.name)
    except Exception:
        return None
    for node in assigns:
        target = node if isinstance(node, nodes.ClassDef) else _imported(node, func.name, 0) if isinstance(
            node, (nodes.ImportFrom, nodes.Import)) else None
        if isinstance(target, nodes.ClassDef):
            return target
    return None


def _value_class(node):
    """The class of the object a module-level name is bound to (``client = PooledSession()``)."""
    from astroid import bases, nodes

    try:
        values = list(_bounded(node.infer()))
    except Exception:
        values = []
    for value in values:
        if isinstance(value, bases.Instance) and isinstance(value._proxied, nodes.ClassDef):
            return value._proxied
        if isinstance(value, nodes.ClassDef):
            return value
    if isinstance(node, nodes.AssignName) and isinstance(node.parent, nodes.Assign):
        return _class_of_call(node.parent.value)
    return None


def _made_class(func):
    """The class of what a function returns (``return Session(bind=engine)``), by inference of its call."""
    from astroid import bases, nodes

    returns = list(func.nodes_of_class(nodes.Return, skip_klass=(nodes.FunctionDef, nodes.ClassDef, nodes.Lambda)))
    for ret in returns[:MAX_VALUES]:
        if ret.value is None:
            continue
        try:
            values = list(_bounded(ret.value.infer()))
        except Exception:
            values = []
        for value in values:
            if isinstance(value, bases.Instance) and isinstance(value._proxied, nodes.ClassDef):
                return value._proxied
        made = _class_of_call(ret.value)
        if made is not None:
            return made
    return None


def _bounded(values):
    for i, value in enumerate(values):
        if i >= MAX_VALUES:
            return
        yield value


def _class_hit(cls, tail: list[str], table: dict) -> Integration | None:
    """A class whose own name or one of whose bases the tables know: ``PooledSession(requests.Session)``."""
    try:
        chain = [cls, *_bounded_ancestors(cls)]
    except Exception:
        chain = [cls]
    for klass in chain:
        qname = klass.qname()
        public = _PUBLIC.get(qname)
        if public is not None:
            hit = classify_model_attr(public, tail) if tail else None
            if hit is not None:
                return hit
            if not tail or tail == ["()"]:
                return Integration(known.DB, "Django ORM", public)
            continue
        for name in _names_of(qname):
            hit = classify_known(join(name, tail), table)
            if hit is not None:
                return hit
    return None


def _bounded_ancestors(cls):
    for i, klass in enumerate(cls.ancestors()):
        if i >= MAX_ANCESTORS:
            return
        yield klass


def _names_of(qname: str) -> list[str]:
    """``requests.sessions.Session`` -> ``requests.Session``, itself: the packages above the module a class is
    defined in (which may re-export it under the same name), then that module."""
    plain = strip_calls(qname)
    module, _, name = plain.rpartition(".")
    parts = module.split(".") if module else []
    return [".".join([*parts[:i], name]) for i in range(1, len(parts))] + [plain]  # the public name first
