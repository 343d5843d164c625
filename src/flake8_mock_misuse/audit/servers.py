"""Tests that start the real server: smoke tests and fresh-start tests (for the suite audit).

- A **server start** is a subprocess (``subprocess.Popen/run/call/check_*``,
  ``asyncio.create_subprocess_exec``) whose command runs the application (``python -m app``,
  ``sys.executable``, ``uvicorn``, ``gunicorn``, ``flask run``, ``manage.py runserver``...),
  ``xprocess.ensure(...)``, pytest-django's ``live_server`` fixture, or a ``LiveServerTestCase``.
  A fixture (in the file or a ``conftest.py``) that starts one counts for the tests using it.
- A server run **inside the test process** (``werkzeug.serving.make_server``, ``http.server.HTTPServer``,
  ``uvicorn.Server``/``uvicorn.run``, aiohttp's ``TestServer``...: usually in a thread) serves real HTTP too.
- A **smoke test** starts a server and sends it a real HTTP request (the test or its fixture:
  a health-check polling loop counts). A subprocess that gets no HTTP request is not one.
- A **fresh-start test** is a smoke test whose server runs in a process of its own and gets an explicit
  environment (``env=`` not derived from ``os.environ``) and a temporary directory (``tempfile``, ``tmp_path``...).
"""

from __future__ import annotations

import ast
import re

from .._lazy import LazyRegex
from ..model.file import FileModel
from ..model.fixtures import support_walk
from ..model.testcases import Test
from ..model.walk import Function
from ..resolve.names import dotted_text, expr_text, qualify, strip_calls
from ..rules.web.endpoints import sends_http

_SPAWNERS = frozenset({"subprocess.Popen", "subprocess.run", "subprocess.call", "subprocess.check_call",
                       "subprocess.check_output", "asyncio.create_subprocess_exec",
                       "asyncio.create_subprocess_shell", "os.spawnv", "os.spawnve"})
_SERVER_WORDS = LazyRegex(r"sys\.executable|python|uvicorn|gunicorn|hypercorn|daphne|waitress|runserver|"
                          r"flask|manage\.py|-m\b|serve|server|app", re.IGNORECASE,
                          needs=("sys.executable", "python", "uvicorn", "gunicorn", "hypercorn", "daphne", "waitress",
                                 "serve", "flask", "manage.py", "-m", "app"))
# A server run inside the test process (in a thread, typically): it serves real HTTP, so with a request sent to
# it a test is a smoke test; a fresh start still needs a process of its own.
_IN_PROCESS = frozenset({"werkzeug.serving.make_server", "werkzeug.serving.run_simple", "http.server.HTTPServer",
                         "http.server.ThreadingHTTPServer", "socketserver.TCPServer", "socketserver.ThreadingTCPServer",
                         "wsgiref.simple_server.make_server", "uvicorn.Server", "uvicorn.server.Server", "uvicorn.run",
                         "hypercorn.asyncio.serve",
                         "aiohttp.test_utils.TestServer", "aiohttp.web.AppRunner", "aiohttp.web.TCPSite",
                         "daphne.server.Server", "waitress.serve", "waitress.create_server",
                         "cheroot.wsgi.Server", "tornado.httpserver.HTTPServer"})
_TEMP = frozenset({"tempfile.mkdtemp", "tempfile.TemporaryDirectory", "tempfile.mkstemp",
                   "tempfile.NamedTemporaryFile", "tempfile.gettempdir"})
_TEMP_FIXTURES = frozenset({"tmp_path", "tmpdir", "tmp_path_factory", "tmpdir_factory"})
_LIVE_FIXTURES = frozenset({"live_server", "live_server_url"})
_LIVE_BASES = ("LiveServerTestCase", "AsyncHTTPTestCase", "AioHTTPTestCase")  # suffixes of dotted base names


class ServerTest:
    __slots__ = ("test", "smoke", "fresh", "start")

    def __init__(self, test: Test, smoke: bool, fresh: bool, start: ast.AST | None) -> None:
        self.test = test
        self.smoke = smoke
        self.fresh = fresh
        self.start = start  # where the server is started (in the test or its fixture)


class _Facts:
    __slots__ = ("start", "env_explicit", "temp", "http", "process")

    def __init__(self) -> None:
        self.start: ast.AST | None = None
        self.env_explicit = False
        self.temp = False
        self.http = False
        self.process = False  # the server runs in a process of its own (a fresh start needs one)


def server_tests(model: FileModel) -> list[ServerTest]:
    out = []
    for test in model.judged_tests:
        facts = _facts(test.fn, model, model.filename)
        for param in test.fn.params:
            if param in _LIVE_FIXTURES:
                facts.start = facts.start or test.node
            if param in _TEMP_FIXTURES:
                facts.temp = True
            found = model.find_fixture(param)
            if found is not None:
                sub = _facts(found[0], model, found[1], depth=1)
                facts.start = facts.start or sub.start
                facts.process |= sub.process
                facts.env_explicit |= sub.env_explicit
                facts.temp |= sub.temp
                facts.http |= sub.http and sub.start is not None
        if test.fn.cls is not None and any((dotted_text(b) or "").endswith(_LIVE_BASES) for b in test.fn.cls.bases):
            facts.start = facts.start or test.node
        if facts.start is None:
            continue
        smoke = facts.http or _live_url_used(test.fn)
        fresh = smoke and facts.process and facts.env_explicit and facts.temp
        out.append(ServerTest(test, smoke, fresh, facts.start))
    return out


def _facts(fn: Function, model: FileModel, path: str, depth: int = 0) -> _Facts:
    facts = _Facts()
    todo = [fn]
    seen: set[int] = set()
    while todo:
        f = todo.pop()
        if id(f) in seen:
            continue
        seen.add(id(f))
        todo.extend(f.children)
        for call in f.calls:
            q = qualify(call.func, f.scope)
            plain = strip_calls(q) if q else ""
            if plain in _SPAWNERS and _runs_a_server(call, f):
                facts.start = facts.start or call
                facts.process = True
                env = next((kw.value for kw in call.keywords if kw.arg == "env"), None)
                if env is not None and "os.environ" not in expr_text(env) and "environ.copy" not in expr_text(env):
                    facts.env_explicit = True
            elif plain.endswith(".ensure") and "xprocess" in plain:
                facts.start = facts.start or call
                facts.process = True
            elif plain in _IN_PROCESS or _server_subclass(call, f, model, path):
                facts.start = facts.start or call
            elif plain in _TEMP:
                facts.temp = True
            elif sends_http(call, f):
                facts.http = True  # with a server started for this test, its requests go to that server
            elif depth < 3:
                helper = model.helper(call.func)
                if helper is not None:
                    todo.append(helper)
                    depth += 1
        if any(p in _TEMP_FIXTURES for p in f.params):
            facts.temp = True
    return facts


def _server_subclass(call: ast.Call, fn: Function, model: FileModel, path: str) -> bool:
    """``TestServer(config)`` where the file (or the conftest.py the fixture is in) defines
    ``class TestServer(uvicorn.Server)``: read from the walk the analysis already made, never parsed again."""
    if not isinstance(call.func, ast.Name) or fn.scope.lookup(call.func.id) is not None:
        return False
    if path == model.filename:
        classes = model.classes
    else:
        walked = support_walk(path)
        classes = walked.classes if walked is not None else []
    cls = next((c for c in classes if c.name == call.func.id), None)
    if cls is None:
        return False
    for base in cls.bases:
        q = qualify(base, fn.scope)
        if q and strip_calls(q) in _IN_PROCESS:
            return True
    return False


def _runs_a_server(call: ast.Call, fn: Function) -> bool:
    if not call.args:
        return False
    cmd = call.args[0]
    text = expr_text(cmd)
    if isinstance(cmd, ast.Name):
        found = fn.scope.lookup(cmd.id)
        if found and found[0] == "bound":
            text = expr_text(found[1])  # type: ignore[arg-type]
    return bool(_SERVER_WORDS.search(text))


def _live_url_used(fn: Function) -> bool:
    for call in fn.calls:
        text = expr_text(call)
        if "live_server" in text and call.args:
            return True
    return False
