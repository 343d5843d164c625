"""Incoming request objects fabricated from mocks and handed to the code under test.

A fabricated request is a ``Mock``/``MagicMock``/``SimpleNamespace``/``pretend.stub`` (made
in the test, or returned by a fixture in the file or a ``conftest.py``) that looks like a
request: a request-like name, or request attributes set on it (``headers``, ``META``,
``method``...).  Mocks that look like *responses* (``status_code``, ``text``...) are not.
It counts when the test passes it to project code: a call whose callee resolves to
something outside the standard library, the test tools and the mock itself.
"""

from __future__ import annotations

import ast
import re
import sys

from ..._lazy import LazyRegex
from ...model.file import FileModel
from ...model.walk import Function
from ...resolve import known
from ...resolve.names import dotted_text, last_names, qualify, qualify_named, strip_calls
from ...resolve.project import function as project_function

REQUEST_NAME = LazyRegex(
    r"^(?:(?:mock|mocked|fake|stub|dummy|fabricated|http|wsgi|asgi|incoming|django|flask|api|web)_?)?"
    r"(?:request|req)(?:_?(?:mock|stub|fake|obj))?$",
    re.IGNORECASE,
    needs=("req",),
)
STRONG_ATTRS = frozenset(
    {
        "headers", "META", "method", "path", "path_info", "GET", "POST", "COOKIES", "cookies", "form",
        "query_params", "query_string", "body", "match_info", "remote_addr", "scheme", "args", "environ",
        "FILES", "content_type", "data",
    }
)
WEAK_ATTRS = frozenset({"user", "json", "url", "session", "auth", "host", "client", "app"})
# Attributes of a task or message "request" (celery and friends), not an HTTP one.
TASK_ATTRS = frozenset(
    {"delivery_info", "task", "task_name", "retries", "hostname", "reply_to", "correlation_id", "chord",
     "group", "root_id", "parent_id", "eta", "expires", "callbacks", "errbacks", "id", "options"}
)
RESPONSE_ATTRS = frozenset(
    {"status_code", "status", "text", "content", "ok", "raise_for_status", "reason", "iter_content",
     "iter_lines", "elapsed", "history", "is_success", "is_error"}
)
_TEST_TOOLS = frozenset({"unittest", "pytest", "mock", "pretend", "_pytest", "pytest_mock", "hypothesis"})
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ()))


class FabricatedRequest:
    __slots__ = ("call", "name", "maker", "attrs", "callee")

    def __init__(self, call: ast.Call, name: str, maker: str, attrs: tuple[str, ...], callee: str) -> None:
        self.call = call  # where it is handed to project code
        self.name = name
        self.maker = maker  # "MagicMock", "SimpleNamespace", "fixture mock_request (MagicMock)"
        self.attrs = attrs
        self.callee = callee


def find(model: FileModel) -> list[FabricatedRequest]:
    out: list[FabricatedRequest] = []
    setups = model.setup_attributes
    for fn in model.functions:
        setup = setups.get(fn.cls.name, {}) if fn.cls is not None else {}
        made = list(_fabricated_names(fn, model.find_fixture))
        if fn.cls is not None and fn.node is not None and fn.node.name.startswith("test"):
            made += _fabricated_in_setup(setup)
        for name, maker, attrs, evident in made:
            call = _handed_to_project(fn, name, None if evident else model, setup, model.classes)
            if call is not None:
                callee = dotted_text(call.func) or "a call"
                out.append(FabricatedRequest(call, name, maker, attrs, callee))
    return out


def _fabricated_in_setup(setup: dict[str, tuple[ast.expr, Function]]):
    """Mocks a test class's setUp makes and keeps on ``self``, as (``self.<attr>``, maker, attrs, evident)."""
    for attr, (value, where) in setup.items():
        maker = _mock_maker(value, where)
        if maker is None:
            continue
        name = f"self.{attr}"
        attrs = _ctor_attrs(value) | {t.attr for t, _ in where.attr_assigns if dotted_text(t.value) == name}
        evident = _verdict(attr, attrs, value)
        if evident is not None:
            yield name, f"{maker} made in {where.name}", _shown(attrs), evident


def _fabricated_names(fn: Function, find_fixture):
    """(name, maker, attributes shown, evident) of the mocks in ``fn`` that may be requests; not ``evident``:
    they count only when handed to a parameter named like a request (see ``_handed_to_project``)."""
    seen: set[str] = set()
    for name, value in fn.scope.bindings.items():
        maker = _mock_maker(value, fn)
        if maker is None:
            continue
        seen.add(name)
        attrs = _ctor_attrs(value) | _assigned_attrs(fn, name)
        evident = _verdict(name, attrs, value)
        if evident is not None:
            yield name, maker, _shown(attrs), evident
    if fn.node is None:
        return
    for param in fn.params:
        if param in seen or param in ("request", "self", "cls") or param in known.MOCKER_FIXTURES:
            continue
        local = _assigned_attrs(fn, param)
        fixture = find_fixture(param)
        if fixture is not None:
            made = _fixture_mock(fixture[0])
            if made is None:
                continue
            maker, attrs = made
            attrs |= local
            evident = _verdict(param, attrs, None)
            if evident is not None:
                yield param, f"fixture {param} ({maker})", _shown(attrs), evident
        elif REQUEST_NAME.match(param) and local & STRONG_ATTRS and not local & RESPONSE_ATTRS:
            # The fixture is out of sight (a plugin, an unread conftest), but the test
            # itself writes request attributes onto it: fabricated by evidence.
            yield param, f"fixture {param}", _shown(local), True


def _fixture_mock(fixture: Function) -> tuple[str, set[str]] | None:
    for value in fixture.returns:
        node: ast.expr = value
        name = None
        if isinstance(node, ast.Name):
            name = node.id
            bound = fixture.scope.bindings.get(name)
            if bound is None:
                continue
            node = bound
        maker = _mock_maker(node, fixture)
        if maker is None:
            continue
        attrs = _ctor_attrs(node) | (_assigned_attrs(fixture, name) if name else set())
        return maker, attrs
    return None


_MAKER_NAMES = last_names(*known.MOCK_CLASSES, known.CREATE_AUTOSPEC, *known.STUB_FACTORIES)


def _mock_maker(value: ast.expr, fn: Function) -> str | None:
    if not isinstance(value, ast.Call):
        return None
    q = qualify_named(value.func, fn.scope, _MAKER_NAMES)
    if q is None:
        return None
    if q in known.MOCK_CLASSES or q == known.CREATE_AUTOSPEC or q in known.STUB_FACTORIES:
        return q.rsplit(".", 1)[-1]
    return None


def _ctor_attrs(value: ast.expr) -> set[str]:
    if not isinstance(value, ast.Call):
        return set()
    return {kw.arg for kw in value.keywords if kw.arg and kw.arg not in ("spec", "spec_set", "name", "wraps")}


def _assigned_attrs(fn: Function, name: str) -> set[str]:
    attrs = {t.attr for t, _ in fn.attr_assigns if isinstance(t.value, ast.Name) and t.value.id == name}
    for call in fn.calls:
        f = call.func
        if isinstance(f, ast.Attribute) and f.attr == "configure_mock" and isinstance(f.value, ast.Name) \
                and f.value.id == name:
            attrs |= {kw.arg for kw in call.keywords if kw.arg}
    return attrs


def _request_like(name: str, attrs: set[str], value: ast.expr | None) -> bool:
    """HTTP evidence is required: a request-like name alone also names task and message requests."""
    if attrs & (RESPONSE_ATTRS | TASK_ATTRS) or "resp" in name.lower():
        return False
    strong = attrs & STRONG_ATTRS
    if REQUEST_NAME.match(name):
        return bool(strong) or _spec_is_request(value)
    core = strong - {"args", "data", "environ", "content_type", "body"}
    return len(core) >= 2 and bool(attrs & {"headers", "META", "method", "path", "GET", "POST"})


def _spec_is_request(value: ast.expr | None) -> bool:
    """``Mock(spec=HttpRequest)``, ``create_autospec(Request)``, ``MagicMock(wraps=Request)``: a mock shaped like a
    request class."""
    if not isinstance(value, ast.Call):
        return False
    spec = next((kw.value for kw in value.keywords if kw.arg in ("spec", "spec_set", "wraps")), None)
    if spec is None and value.args:
        spec = value.args[0]
    text = dotted_text(spec) if spec is not None else None
    if not text:
        return False
    return text.rsplit(".", 1)[-1] in _REQUEST_CLASSES


_REQUEST_CLASSES = frozenset({"HttpRequest", "WSGIRequest", "ASGIRequest", "Request", "BaseRequest",
                              "PreparedRequest", "HTTPServerRequest"})


def _shown(attrs: set[str]) -> tuple[str, ...]:
    ranked = sorted(attrs, key=lambda a: (a not in STRONG_ATTRS, a not in WEAK_ATTRS, a))
    return tuple(ranked)


def _verdict(name: str, attrs: set[str], value: ast.expr | None) -> bool | None:
    """True: a request by its own evidence; False: no evidence, and nothing that says it is something else (a
    request only if handed to a parameter named like one); None: no request."""
    if _request_like(name, attrs, value):
        return True
    return False if not attrs & (RESPONSE_ATTRS | TASK_ATTRS) and "resp" not in name.lower() else None


REQUEST_PARAM = LazyRegex(r"^(request|req|\w+_request)$", needs=("req",))


def _into_request_parameter(call: ast.Call, name: str, q: str, model: FileModel) -> bool:
    """Is ``name`` handed to a parameter named like a request: by keyword, or by position into a project
    function whose parameter at that place is ``request`` (``mw(incoming)`` with ``__call__(self, request)``)?"""
    if any(kw.arg and REQUEST_PARAM.match(kw.arg) and _is(kw.value, name) for kw in call.keywords):
        return True
    position = next((i for i, a in enumerate(call.args) if _is(a, name)), None)
    if position is None or "()" in q and not q.endswith("()") or model.project.is_library(q):
        return False
    func = project_function(model.project, q[:-2] + ".__call__" if q.endswith("()") else q)
    if func is None:
        return False
    params = list(func.params)
    if func.owner is not None and params and params[0] == func.self_name:
        params = params[1:]
    return position < len(params) and bool(REQUEST_PARAM.match(params[position]))


def _handed_to_project(fn: Function, name: str, model: FileModel | None = None,
                       setup: dict[str, tuple[ast.expr, Function]] | None = None,
                       classes: list[ast.ClassDef] | None = None) -> ast.Call | None:
    """The call that hands ``name`` to project code; with ``model``, only into a request parameter.
    ``setup``: what the test class's setUp keeps on ``self``, to resolve ``self.validator.validate(...)``;
    ``classes``: the file's classes, for a method a class of the test inherits from the project."""
    for call in fn.calls:
        if not _passes(call, name):
            continue
        func = call.func
        if isinstance(func, ast.Attribute) and dotted_text(func.value) == name:
            continue  # a method of the mock itself
        q = qualify(func, fn.scope) or _through_setup(func, setup) or _inherited(func, fn, classes or [])
        if q is None:
            continue  # builtins, self.helpers, functions of the test file: not the code under test
        top = q.split(".", 1)[0]
        if top in _STDLIB or top in _TEST_TOOLS or top == "builtins":
            continue
        if strip_calls(q).rsplit(".", 1)[-1].startswith(("assert", "configure_mock")):
            continue
        if model is not None and not _into_request_parameter(call, name, q, model):
            continue
        return call
    return None


def _through_setup(func: ast.expr, setup: dict[str, tuple[ast.expr, Function]] | None) -> str | None:
    """``self.validator.validate`` where setUp set ``self.validator = OAuth2Validator()``."""
    attrs: list[str] = []
    node = func
    while isinstance(node, ast.Attribute):
        attrs.append(node.attr)
        node = node.value
    if not setup or not isinstance(node, ast.Name) or node.id != "self" or len(attrs) < 2:
        return None
    found = setup.get(attrs[-1])
    if found is None or _mock_maker(found[0], found[1]) is not None:
        return None
    base = qualify(found[0], found[1].scope)
    return ".".join([base, *reversed(attrs[:-1])]) if base else None


def _inherited(func: ast.expr, fn: Function, classes: list[ast.ClassDef]) -> str | None:
    """``validator.validate_user`` where the test made ``validator = LocalValidator()`` of a class it defines
    without that method: the method of its base, ``pkg.OAuth2Validator().validate_user``."""
    if not isinstance(func, ast.Attribute) or not isinstance(func.value, ast.Name):
        return None
    made = fn.scope.bindings.get(func.value.id)
    if not isinstance(made, ast.Call) or not isinstance(made.func, ast.Name):
        return None
    cls = next((c for c in classes if c.name == made.func.id), None)
    if cls is None or any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == func.attr
                          for n in cls.body):
        return None  # not a class of the file, or the class defines the method itself: test code
    for base in cls.bases:
        q = qualify(base, fn.scope)
        if q is not None and "()" not in q:
            return f"{q}().{func.attr}"
    return None


def _is(expr: ast.expr, name: str) -> bool:
    """``expr`` is the mock called ``name`` (a local name, or ``self.<attr>``)."""
    if isinstance(expr, ast.Name):
        return expr.id == name
    return "." in name and isinstance(expr, ast.Attribute) and dotted_text(expr) == name


def _passes(call: ast.Call, name: str) -> bool:
    for arg in call.args:
        if isinstance(arg, ast.Starred):
            arg = arg.value
        if _is(arg, name):
            return True
    return any(_is(kw.value, name) for kw in call.keywords)
