"""Does a test go through an endpoint: the gate of the MM3xx rules, read by the audit too.

Endpoint use is a test client's HTTP verb (``self.client.get``, ``client.post`` where the
client is a fixture, a ``TestClient(app)``, ``app.test_client()``, ``APIClient()``...), real
HTTP to ``localhost``/``127.0.0.1``/a live server URL, or a browser driver, in the test or
in a helper of the same file it calls.
"""

from __future__ import annotations

import ast
import re

from ..._lazy import LazyRegex
from ...model.file import FileModel
from ...model.walk import Function
from ...resolve import known
from ...resolve.names import dotted_text, expr_text, qualify, strip_calls

_CLIENT_NAME = LazyRegex(r"(^|_)(client|browser|driver|selenium|page|api_client|app_client|live_server)s?($|_)",
                         re.IGNORECASE,
                         needs=("client", "browser", "driver", "selenium", "page", "live_server"))
_LOCAL_URL = LazyRegex(r"(^|//)(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(:|/|$)",
                       needs=("localhost", "127.0.0.1", "0.0.0.0", "[::1]"))
_FACTORY_NAME = LazyRegex(r"(factory|(^|_)rf$)", re.IGNORECASE,
                          needs=("factory", "rf"))


def uses_endpoint(fn: Function, model: FileModel, depth: int = 0) -> bool:
    for call in fn.calls:
        if _is_endpoint_call(call, fn):
            return True
    if depth < 2:
        for call in fn.calls:
            helper = model.helper(call.func)
            if helper is not None and helper is not fn and uses_endpoint(helper, model, depth + 1):
                return True
    return any(uses_endpoint(child, model, depth) for child in fn.children)


def _is_endpoint_call(call: ast.Call, fn: Function) -> bool:
    if real_http_target(call, fn) is not None:
        return True
    f = call.func
    if not isinstance(f, ast.Attribute):
        return False
    verb = f.attr
    if verb in known.BROWSER_VERBS:
        return True
    if verb not in known.HTTP_VERBS:
        return False
    receiver = dotted_text(f.value) or ""
    last = receiver.rsplit(".", 1)[-1]
    if _FACTORY_NAME.search(last):
        return False  # RequestFactory builds a request; it goes through no endpoint
    if any(_CLIENT_NAME.search(part) for part in receiver.split(".")[-2:]):
        return True  # ``client.get``, ``self.client.post``, ``client.json.delete`` (a client's JSON flavour)
    q = qualify(f.value, fn.scope) or ""
    return "test_client" in q or "TestClient" in q or "TestApp" in q or "Client()" in q


_HTTP_SENDERS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "urlopen",
                           "stream", "HTTPConnection", "HTTPSConnection", "Request"})


def sends_http(call: ast.Call, fn: Function) -> bool:
    """A real HTTP request with a client library (``requests.get``, ``urlopen``...), wherever it goes."""
    q = qualify(call.func, fn.scope)
    if q is None:
        return False
    plain = strip_calls(q)
    return plain.split(".", 1)[0] in ("requests", "httpx", "urllib3", "aiohttp", "urllib", "http") \
        and plain.rsplit(".", 1)[-1] in _HTTP_SENDERS - {"Request"}


def real_http_target(call: ast.Call, fn: Function) -> str | None:
    """The URL text of a real HTTP request to this machine or a live server, or None.

    ``requests.get(f"http://127.0.0.1:{port}/health")``, ``urlopen(BASE + "/x")`` with
    ``BASE = "http://localhost:8000"``, ``http.client.HTTPConnection("127.0.0.1", port)``.
    """
    q = qualify(call.func, fn.scope)
    if q is None:
        return None
    plain = strip_calls(q)
    top = plain.split(".", 1)[0]
    if top not in ("requests", "httpx", "urllib3", "aiohttp", "urllib", "http") \
            or plain.rsplit(".", 1)[-1] not in _HTTP_SENDERS:
        return None
    if not call.args:
        return None
    text = url_text(call.args[0], fn.scope)
    if _LOCAL_URL.search(text) or "live_server" in text or "server_url" in text or "base_url" in text.lower():
        return text
    return None


def url_text(expr: ast.expr, scope, hops: int = 0) -> str:
    """The text of a URL expression, following names (and the fixtures behind parameters),
    concatenation, f-strings and ``Request(url)``."""
    if hops > 8:
        return ""
    if isinstance(expr, ast.Constant):
        return str(expr.value)
    if isinstance(expr, ast.Name):
        found = scope.lookup(expr.id)
        if found and found[0] == "bound":
            return url_text(found[1], scope, hops + 1)
        if found and found[0] == "param" and scope.fixtures is not None:
            provided = scope.fixtures(expr.id)
            if provided is not None:
                return url_text(provided[0], provided[1], hops + 1)
        return expr.id
    if isinstance(expr, ast.BinOp):
        return url_text(expr.left, scope, hops + 1) + url_text(expr.right, scope, hops + 1)
    if isinstance(expr, ast.JoinedStr):
        return "".join(url_text(v, scope, hops + 1) for v in expr.values)
    if isinstance(expr, ast.FormattedValue):
        return url_text(expr.value, scope, hops + 1)
    if isinstance(expr, ast.Call) and expr.args:
        return url_text(expr.args[0], scope, hops + 1)
    return expr_text(expr)
