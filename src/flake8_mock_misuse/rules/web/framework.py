"""Is a test file about a web application, and which framework: the gate of the MM3xx rules.

Kept apart from ``endpoints`` and ``views`` so that the files of a project that is no web
application never load that logic.
"""

from __future__ import annotations

import ast
import os
from functools import lru_cache

from ...model.file import FileModel
from ...resolve import known
from ...resolve.names import Scope, import_bindings, qualify
from ...resolve.project import ProjectIndex, class_bases, module_name_for, project_root
from ...resolve.source import parse, read_module


def framework(model: FileModel) -> str | None:
    """The web framework the test file (or a conftest above it, or the project modules it imports) uses,
    when the project is a web application.

    None when no framework is in sight, when the framework is the project itself (its own suite calls
    its internals on purpose), or when the project is a library for the framework (it defines no
    application of its own: see ``is_application``). The project modules are only read when the test
    file and its conftest files name no framework.
    """
    found = _framework_in(list(model.imports.values()) + list(model.conftest_imports), model)
    if found is None:
        found = _framework_in([q for m in model.imports.values() for q in _module_imports(model, m)], model)
    if found == "":
        return None
    root = project_root(os.path.dirname(os.path.abspath(model.filename)))
    if root is None:
        return found
    app = application(root, model.project)
    return (found or app) if app else None  # a service-layer test file names no framework: the project's app does


APP_CLASSES = frozenset({"flask.Flask", "fastapi.FastAPI", "starlette.applications.Starlette", "quart.Quart",
                         "sanic.Sanic", "aiohttp.web.Application", "pyramid.config.Configurator", "litestar.Litestar",
                         "falcon.App", "falcon.asgi.App", "tornado.web.Application", "bottle.Bottle"})
_APP_FILES = ("settings", "app", "application", "main", "wsgi", "asgi", "factory", "server", "config")
_SKIPPED_DIRS = ("test", "tests", "testing", "docs", "doc", "examples", "example", "node_modules", "build", "dist",
                 "migrations", "site-packages")
MAX_APP_DEPTH = 4
MAX_APP_FILES = 200


@lru_cache(maxsize=16)
def application(root: str, project: ProjectIndex) -> str | None:
    """The framework of the web application the project defines, outside its tests: a Django settings module
    with ``ROOT_URLCONF``, or an application object (``Flask(...)``, ``FastAPI()``, a project subclass of
    one)? A library for a framework (a reusable app, an SDK integration) defines one only in its test
    setup, and its suite tests its public API directly on purpose. Only files named like an application's
    entry point (``settings``, ``app``, ``main``, ``wsgi``, ``asgi``, ``factory``..., and the top packages'
    ``__init__.py``), at most ``MAX_APP_DEPTH`` folders down, are read; scaffolding templates
    (``project_template``) are not. None: no application (a library, a tool)."""
    seen = 0
    for folder, dirs, files in os.walk(root):
        depth = folder[len(root):].count(os.sep)
        dirs[:] = sorted(d for d in dirs if depth < MAX_APP_DEPTH and not d.startswith((".", "_"))
                         and d.lower() not in _SKIPPED_DIRS and "template" not in d.lower()
                         and not d.endswith("venv") and not d.startswith("test"))
        in_settings = os.path.basename(folder).lower() == "settings"
        for f in sorted(files):
            top_init = f == "__init__.py" and depth <= 1  # a Pyramid application's ``main()``
            if not f.endswith(".py") or not (in_settings or top_init or f[:-3].lower().startswith(_APP_FILES)):
                continue
            seen += 1
            if seen > MAX_APP_FILES:
                return None
            found = _defines_application(os.path.join(folder, f), project)
            if found:
                return found
    return None


def _defines_application(path: str, project: ProjectIndex) -> str | None:
    try:
        data = read_module(path)
    except OSError:  # too large, no regular file (Skipped), unreadable
        return None
    if b"ROOT_URLCONF" not in data and not any(n.split(".")[-1].encode() in data for n in APP_CLASSES):
        return None
    try:
        tree = parse(data, path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    modname, is_pkg = module_name_for(path)
    nodes = list(ast.walk(tree))  # one walk: the imports are bound before any name is qualified
    imports: dict[str, str] = {}
    scope = Scope(imports)
    imports.update(import_bindings([n for n in nodes if isinstance(n, (ast.Import, ast.ImportFrom))], modname, is_pkg))
    for node in nodes:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "ROOT_URLCONF" for t in targets):
                return known.WEB_FRAMEWORKS["django"]
        elif isinstance(node, ast.Call):
            q = qualify(node.func, scope)
            app = q if q in APP_CLASSES else _app_subclass(q, project) if q is not None else None
            if app is not None:
                top = app.split(".", 1)[0]
                return known.WEB_FRAMEWORKS.get(top) or known.WEB_FRAMEWORKS.get(app.rsplit(".", 1)[0], top)
    return None


def _app_subclass(q: str, project: ProjectIndex, depth: int = 0) -> str | None:
    """The application class a project class derives from (``class IndicoFlask(Flask)``: ``flask.Flask``)."""
    if depth > 4 or project.is_library(q):
        return None
    for b in class_bases(project, q) or []:
        found = b if b in APP_CLASSES else _app_subclass(b, project, depth + 1)
        if found:
            return found
    return None


def _framework_in(names: list[str], model: FileModel) -> str | None:
    """The framework named first (``""`` when the framework is the project itself), or None."""
    found = None
    table = known.WEB_FRAMEWORKS
    for q in names:
        prefix = q
        while prefix not in table and "." in prefix:  # q itself, then its dotted prefixes: longest wins
            prefix = prefix.rsplit(".", 1)[0]
        fw = table.get(prefix)
        if fw is not None:
            if model.project.is_project_package(prefix.split(".")[0]):
                return ""
            found = found or fw
    return found


def _module_imports(model: FileModel, dotted: str) -> tuple[str, ...]:
    """What a project module the test imports imports in turn: its top-level import lines, from the
    summary the project index keeps (the module is read once, for this and for resolving names)."""
    if model.project.is_library(dotted):
        return ()
    located = model.project.find_module(dotted)
    if located is None:
        return ()
    info = model.project.module(located[0], located[1])
    return info.imports if info is not None else ()
