"""Is the audited project an application (something that serves HTTP) or a library?

The smoke and fresh-start criteria ask for the project's server: a library has none, and telling it to "start the
app with subprocess" is wrong advice.  A project is an **application** when its own source (outside test, docs and
example folders) shows a server entry point:

- a ``manage.py`` that runs Django's command line, or a settings module that sets ``ROOT_URLCONF``;
- a web application object made by a framework: ``Flask(...)``, ``FastAPI(...)``, ``Starlette(...)``,
  ``Quart(...)``, ``Sanic(...)``, aiohttp's ``web.Application()``, ``falcon.App()``, ``Bottle()``,
  ``Litestar(...)``, pyramid's ``Configurator()``, tornado's ``web.Application``, Django's
  ``get_wsgi_application()``/``get_asgi_application()``;
- a server started in a ``__main__.py`` or under ``if __name__ == "__main__":`` (``HTTPServer``,
  ``make_server``, ``run_simple``, ``uvicorn.run``, ``serve_forever()``...).

Otherwise it is a **library**.  Names are resolved through the module's imports (a docstring that shows
``app = Flask(__name__)`` is not a call).  ``kind = "application"`` or ``"library"`` in
``[tool.flake8-mock-misuse]`` (or ``--kind``) overrides the detection.
"""

from __future__ import annotations

import ast
import os
import tokenize
from pathlib import Path

from ..resolve.names import dotted_text, import_bindings
from ..resolve.source import fresh_stack
from .collect import _SKIP_DIRS

APP_CONSTRUCTORS = frozenset({
    "flask.Flask", "fastapi.FastAPI", "starlette.applications.Starlette", "quart.Quart", "sanic.Sanic",
    "aiohttp.web.Application", "falcon.App", "falcon.API", "falcon.asgi.App", "bottle.Bottle", "litestar.Litestar",
    "pyramid.config.Configurator", "tornado.web.Application", "django.core.wsgi.get_wsgi_application",
    "django.core.asgi.get_asgi_application", "connexion.App", "connexion.FlaskApp", "connexion.AsyncApp",
})
SERVER_STARTS = frozenset({
    "http.server.HTTPServer", "http.server.ThreadingHTTPServer", "socketserver.TCPServer",
    "wsgiref.simple_server.make_server", "werkzeug.serving.run_simple", "werkzeug.serving.make_server",
    "uvicorn.run", "hypercorn.asyncio.serve", "waitress.serve", "aiohttp.web.run_app", "gunicorn.app.base.Application",
})
_NOT_SOURCE = frozenset({"tests", "test", "testing", "docs", "doc", "examples", "example", "benchmarks", "bench"})
_WORDS = ("Flask", "FastAPI", "Starlette", "Quart", "Sanic", "Application", "App", "Bottle", "Litestar",
          "Configurator", "get_wsgi_application", "get_asgi_application", "ROOT_URLCONF", "execute_from_command_line",
          "HTTPServer", "make_server", "run_simple", "uvicorn", "serve", "run_app", "API")
MAX_FILES = 5000
MAX_BYTES = 1_000_000


def detect(root: Path) -> tuple[str, str]:
    """(``"application"`` or ``"library"``, the evidence: where the entry point is, or what was searched)."""
    seen = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and d not in _NOT_SOURCE and not d.startswith(".")
                         and not d.endswith(".egg-info"))
        for name in sorted(files):
            if not name.endswith(".py") or name.startswith("test_") or name in ("conftest.py", "tests.py"):
                continue
            seen += 1
            if seen > MAX_FILES:
                return "library", f"no server entry point in the first {MAX_FILES} source files"
            path = Path(folder, name)
            found = _entry_point(path)
            if found:
                rel = path.relative_to(root).as_posix()
                return "application", f"{rel}:{found}"
    return "library", f"no server entry point in {seen} source file(s)"


def _entry_point(path: Path) -> str | None:
    """``line: what`` of the first server entry point in a module, or None."""
    try:
        if path.stat().st_size > MAX_BYTES or not path.is_file():
            return None
        with tokenize.open(path) as f:
            source = f.read()
    except (OSError, SyntaxError, UnicodeDecodeError):
        return None
    if not any(w in source for w in _WORDS):
        return None
    try:
        tree = fresh_stack(ast.parse, source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if path.name == "manage.py" and "execute_from_command_line" in source:
        return "1: manage.py (Django)"
    imports = _imports(tree)
    main_module = path.name == "__main__.py"
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "ROOT_URLCONF"
                                                for t in stmt.targets):
            return f"{stmt.lineno}: ROOT_URLCONF (Django settings)"
    main_blocks: list[ast.AST] = [n for n in tree.body if isinstance(n, ast.If) and _is_main_guard(n.test)]
    for any_node in ast.walk(tree):
        if isinstance(any_node, ast.Call) and _resolve(any_node.func, imports) in APP_CONSTRUCTORS:
            return f"{any_node.lineno}: {_resolve(any_node.func, imports)}()"
    scopes: list[ast.AST] = [tree] if main_module else list(main_blocks)
    for scope in scopes:
        for inner in ast.walk(scope):
            if isinstance(inner, ast.Call):
                name = _resolve(inner.func, imports)
                if name in SERVER_STARTS or (isinstance(inner.func, ast.Attribute)
                                             and inner.func.attr == "serve_forever"):
                    return f"{inner.lineno}: {name or 'serve_forever'}() in {'__main__.py' if main_module else 'main'}"
    return None


def _imports(tree: ast.AST) -> dict[str, str]:
    """Every import of the module, at its top or inside functions (an app factory imports its framework there)."""
    return import_bindings(n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)))


def _resolve(func: ast.expr, imports: dict[str, str]) -> str | None:
    text = dotted_text(func)
    if not text:
        return None
    head, _, rest = text.partition(".")
    return f"{imports[head]}.{rest}".rstrip(".") if head in imports else None


def _is_main_guard(test: ast.expr) -> bool:
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"
            and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators))
