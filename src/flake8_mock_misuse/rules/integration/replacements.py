"""What MM101 and MM111 report: mock constructs whose target is an HTTP client or a database, and that
replace it (a spy, fault injection or a guard keeps the real one).

The constructs come from the shared model (``model.mocks``); their targets are classified by
``resolve`` (library tables, then the project's own modules).
"""

from __future__ import annotations

import ast
import fnmatch
from typing import cast

from ...model.file import FileModel
from ...model.fixtures import conftest_autouse, fixture_options
from ...model.mocknames import injects_mock
from ...model.mocks import Candidate, construct_calls, mock_assignments
from ...model.walk import Function
from ...resolve import known
from ...resolve.classify import Integration
from ...resolve.names import dotted_text, qualify, strip_calls
from ...resolve.project import function as project_function


class Replacement:
    """Something the test replaces with a mock, and the integration point it turned out to be."""

    __slots__ = ("node", "form", "target", "integration", "via", "behaviour")

    def __init__(self, node: ast.AST, form: str, target: str, integration: Integration,
                 via: str | None = None, behaviour: str | None = None) -> None:
        self.node = node  # where to report
        self.form = form  # "patch", "patch.object", "patch.multiple", "monkeypatch.setattr", "spec", ...
        self.target = target  # the target as the test spells it (resolved through its imports)
        self.integration = integration
        self.via = via  # "fixture mock_stripe": the test gets the replacement from a fixture it uses
        self.behaviour = behaviour  # FAULT or GUARD: the mock only raises, or is only checked as never called


def replacements(model: FileModel) -> list[Replacement]:
    """Every mock construct of the file whose target is an HTTP client or a database, and replaces it; and,
    at each test, those of the fixtures it uses (by parameter, or autouse) and of the helpers it runs (of
    this file or of test-support modules, followed through base classes and helpers of helpers:
    ``model.helpers``), wherever they live."""
    seen: set[int] = set()
    decorated = {id(d): fn for fn in model.functions if fn.node is not None for d in fn.node.decorator_list}
    in_fn = {id(fn): _replacements_in(fn, decorated, model, seen) + _handed_mocks(fn, model) for fn in model.scopes}
    out = [r for found in in_fn.values() for r in found]
    cache: dict[int, list[Replacement]] = {}  # what a fixture or helper (and the functions nested in it) patches

    def patched_by(fn: Function) -> list[Replacement]:
        if id(fn) not in cache:  # a function of this file was read above; a conftest's or support module's, here
            cache[id(fn)] = [r for f in fn.nested() for r in (
                in_fn[id(f)] if id(f) in in_fn else _replacements_in(f, {}, model, set()))]
        return cache[id(fn)]

    autouse = [(name, (fn, model.filename)) for name, fn in model.fixtures.items() if fixture_options(fn)[1]]
    autouse += [(name, (fn, path)) for name, fn, path in conftest_autouse(model.filename)]
    for test in model.tests:
        if test.skipped or test.node is None:
            continue
        sources: list[tuple[Function, str]] = []  # (function that patches on the test's behalf, how it is shown)
        used = [(p, model.find_fixture(p)) for p in test.fn.params if p not in ("self", "cls", "request")]
        for name, found in [*used, *autouse]:
            if found is not None and (found[0].cls is None or found[0].cls is test.fn.cls):
                sources.append((found[0], f"fixture {name}"))  # a class's autouse fixture: its tests only
        for helper, name in model.helpers.reached(test.fn):  # of this file or of test-support modules
            if helper is not test.fn and not helper.is_fixture:
                sources.append((helper, f"helper {name}()"))
        shown: set[object] = set()  # one finding per target, and per client or database a source replaces
        for fn, via in sources:
            for r in patched_by(fn):
                key = (via, r.integration.kind, r.integration.family)
                if r.target not in shown and key not in shown:
                    shown.update((r.target, key))
                    out.append(Replacement(test.node, r.form, r.target, r.integration, via=via, behaviour=r.behaviour))
    return out


def _replacements_in(fn: Function, decorated: dict[int, Function], model: FileModel,
                     seen: set[int]) -> list[Replacement]:
    out = []
    for cand, behaviour in candidates(fn, decorated, model):
        if id(cand.node) in seen:
            continue  # patch.multiple: one finding per call
        hit = model.classify(cand.target)
        if hit is None or allowed(cand, hit, model.config.allowed_targets):
            continue
        if behaviour is not None and hit.kind == known.DB:
            continue  # a real database made to fail on cue, or guarded: the database is otherwise real
        if cand.form in ("spec", "create_autospec") and _data_shaped(strip_calls(hit.resolved)):
            continue  # a mock shaped like a model class or an SDK's data object stands in for a row, not a client
        if any(part.endswith(known.EXCEPTION_ENDINGS) for part in strip_calls(hit.resolved).split(".")):
            continue  # an exception of the library (stripe.StripeError().error, requests.exceptions.HTTPError)
        seen.add(id(cand.node))
        out.append(Replacement(cand.node, cand.form, cand.shown, hit, behaviour=behaviour))
    return out


def _handed_mocks(fn: Function, model: FileModel) -> list[Replacement]:
    """``client = MagicMock(); schedule(client, ...)`` where the project function's parameter is annotated as an
    HTTP client or a database session (``client: SQSClient``, ``session: AsyncSession``): a bare mock stands in
    for it. Reported where the mock is handed over."""
    bare = {name for name, value in fn.scope.bindings.items() if _bare_mock(value, fn)}
    if not bare:
        return []
    out: list[Replacement] = []
    for call in fn.calls:
        # (position, None, mock) for a positional argument, (None, keyword, mock) for a keyword one
        handed: list[tuple[int | None, str | None, ast.Name]] = [
            (i, None, a) for i, a in enumerate(call.args) if isinstance(a, ast.Name) and a.id in bare]
        handed += [(None, k.arg, k.value) for k in call.keywords
                   if k.arg and isinstance(k.value, ast.Name) and k.value.id in bare]
        if not handed:
            continue
        q = qualify(call.func, fn.scope)
        if q is None or "()" in q[:-2] or model.project.is_library(q):
            continue
        func = project_function(model.project, q[:-2] + ".__init__" if q.endswith("()") else q)
        if func is None or not func.annotations:
            continue
        params = list(func.params)
        if func.owner is not None and params and params[0] == func.self_name:
            params = params[1:]
        for position, keyword, arg in handed:
            param = keyword if keyword is not None else (
                params[position] if position is not None and position < len(params) else None)
            annotation = func.annotations.get(param) if param is not None else None
            hit = model.project.client_type(annotation) if annotation is not None else None
            if hit is not None:
                shown = f"{arg.id}, handed to {dotted_text(call.func) or 'a call'}() as its {param},"
                cand = Candidate(arg, "argument", shown, shown)
                if not allowed(cand, hit, model.config.allowed_targets):
                    out.append(Replacement(arg, "argument", shown, hit))
    return out


def _bare_mock(value: ast.expr, fn: Function) -> bool:
    """A mock made without a spec (one with a spec is reported as made)."""
    return isinstance(value, ast.Call) and not any(k.arg in ("spec", "spec_set", "wraps") for k in value.keywords) \
        and not value.args and qualify(value.func, fn.scope) in known.MOCK_CLASSES


def _data_shaped(resolved: str) -> bool:
    if resolved in known.MODEL_CLASSES:
        return True
    return resolved.split(".", 1)[0] in known.SDK_TOPS and not resolved.endswith(known.SDK_CLIENT_SUFFIXES)


FAULT = "fault"
GUARD = "guard"
SPY = "spy"


def candidates(fn: Function, decorated: dict[int, Function] | None = None,
               model: FileModel | None = None) -> list[tuple[Candidate, str | None]]:
    """Mock constructs in ``fn`` that replace something, each with what it does instead of replacing (``FAULT``:
    it only raises; ``GUARD``: it is only checked as never called; ``None``: it replaces); spies are left out.

    ``decorated`` maps a decorator call (by id) to the function it decorates, so that the
    mock a ``@patch`` injects can be followed into that function.
    """
    behaviour = _Behaviour(fn, decorated or {}, model)
    out = [(c, b) for c in construct_calls(fn) for b in [behaviour.of(c)] if b != SPY]
    for cand, value in mock_assignments(fn):
        if not any(cand.target.startswith(c.target + ".") for c, _b in out):
            b = behaviour.of(cand, value)
            if b != SPY:
                out.append((cand, b))
    return out


_EXC_SUFFIXES = ("Error", "Exception", "Timeout", "Exc", "Refused", "Failure", "Redirects", "Interrupt",
                 "DoesNotExist", "MultipleObjectsReturned", "NotFound")
_NEW_POSITION = {"patch": 1, "patch.object": 2, "monkeypatch.setattr": 2}
_GUARDS = frozenset({"assert_not_called", "assert_not_awaited"})


class _Behaviour:
    """What a mock construct does besides replacing: spy, fault injection or guard.

    - spies (``SPY``): ``wraps=``, or a replacement function that calls the saved original; they keep
      the real resource and are never reported;
    - fault injection (``FAULT``): the only configured behaviour is raising an exception, given as
      ``side_effect=`` (directly, through a variable, a loop over exceptions, ``**config``, a
      function that only raises, or ``mock.side_effect = Error`` set later);
    - guards (``GUARD``): the mock is only ever checked with ``assert_not_called()``.
    A test cannot easily make a real database fail on cue, so fault injection and guards on a database
    keep it real; on an HTTP client they keep the HTTP stack out (a transport fake injects the same
    failure, or refuses every request, with the stack in place), so they are reported.
    ``return_value`` or another replacement makes any of them a plain replacement.
    """

    def __init__(self, fn: Function, decorated: dict[int, Function], model: FileModel | None = None) -> None:
        self.fn = fn
        self.decorated = decorated
        self.model = model
        self._injected: dict[int, dict[int, str]] = {}  # decorated function -> decorator call -> parameter
        self._kwargs_of: dict[int, dict[str, ast.expr]] = {}  # call -> its keywords, read once (see _kwargs)
        self._held: dict[int, str] | None = None  # call -> the name the test holds it by (see _holders)

    def of(self, cand: Candidate, call: ast.AST | None = None) -> str | None:
        """``SPY``, ``FAULT``, ``GUARD``, or ``None`` when the construct replaces what it targets."""
        call = call if call is not None else cand.node
        if not isinstance(call, ast.Call) or cand.form in ("spec", "create_autospec"):
            return None
        kwargs = self._kwargs(call)
        if "wraps" in kwargs:
            return SPY
        new_pos = _NEW_POSITION.get(cand.form)
        new = call.args[new_pos] if new_pos is not None and len(call.args) > new_pos else kwargs.get("new")
        attr = cand.target.rsplit(".", 1)[-1]
        if new is not None:
            if self._is_spy(new, attr) or self._real_client(new):
                return SPY
            return FAULT if self._raises(new, self.fn) else None
        if "return_value" in kwargs:
            return None
        effect = kwargs.get("side_effect")
        handle, owner = self._handle(call)
        if effect is None and handle is not None:
            if self._configured(handle, owner, "return_value"):
                return None
            effect = self._assigned(handle, owner, "side_effect")
            if effect is None:
                return GUARD if self._guard_only(handle, owner) else None
            owner_fn = owner
        else:
            owner_fn = self.fn
        if effect is None:
            return None
        if self._is_spy(effect, attr, owner_fn):
            return SPY
        return FAULT if self._raises(effect, owner_fn) and not _an_answer(effect) else None

    def _real_client(self, new: ast.expr) -> bool:
        """``patch.object(service, "client", TinybirdClient(url))``: a real client of the project or a library,
        pointed at a test server, is swapped in. The client stays real (a fake class of the test is no client)."""
        if isinstance(new, ast.Name):
            new = self.fn.scope.bindings.get(new.id, new)
        if self.model is None or not isinstance(new, ast.Call):
            return False
        q = qualify(new.func, self.fn.scope)
        if q is None or "()" in q or q in known.MOCK_CLASSES or q in known.STUB_FACTORIES:
            return False
        hit = self.model.classify(q + "()")
        return hit is not None and hit.kind == known.HTTP and (hit.sender or hit.resolved.endswith("Client()"))

    # -- where the mock lives in the test -----------------------------------------------------
    def _handle(self, call: ast.Call) -> tuple[str | None, Function]:
        """The name the test holds the mock by, and the function that holds it."""
        target = self.decorated.get(id(call))
        if target is not None and target.node is not None:
            return self._injected_params(target).get(id(call)), target
        return self._holders().get(id(call)), self.fn

    def _holders(self) -> dict[int, str]:
        """Each call the test holds by a name (``with patch(...) as m``, ``m = patch(...).start()``): built once,
        a pass over the test's ``with`` blocks per mock is quadratic in a test of thousands."""
        if self._held is None:
            held: dict[int, str] = {}
            for name, value in reversed(list(self.fn.scope.bindings.items())):  # the first binding wins
                held[id(value)] = name
                if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
                    held[id(value.func.value)] = name  # m = patch(...).start()
            for w in reversed(self.fn.withs):  # a with block's name wins over bindings
                for item in reversed(w.items):
                    if isinstance(item.optional_vars, ast.Name):
                        held[id(item.context_expr)] = item.optional_vars.id
            self._held = held
        return self._held

    def _injected_params(self, target: Function) -> dict[int, str]:
        """The parameter each mock-injecting decorator of ``target`` fills (bottom decorator first), once per
        function: recomputing it per decorator is quadratic in the number of decorators."""
        found = self._injected.get(id(target))
        if found is None:
            decorators = [d for d in target.node.decorator_list if isinstance(d, ast.Call)]  # type: ignore[union-attr]
            injecting = [d for d in decorators if injects_mock(d, target)]
            params = [p for p in target.params if p not in ("self", "cls")]
            found = {id(dec): params[i] for i, dec in enumerate(reversed(injecting)) if i < len(params)}
            self._injected[id(target)] = found
        return found

    @staticmethod
    def _assigned(handle: str, fn: Function, attr: str) -> ast.expr | None:
        found = None
        for t, v in fn.attr_assigns:
            if t.attr == attr and isinstance(t.value, ast.Name) and t.value.id == handle:
                found = v
        return found

    @staticmethod
    def _configured(handle: str, fn: Function, attr: str) -> bool:
        for t, _v in fn.attr_assigns:
            if t.attr == attr:
                node = t.value
                while isinstance(node, ast.Attribute):
                    node = node.value
                if isinstance(node, ast.Name) and node.id == handle:
                    return True
        return False

    @staticmethod
    def _guard_only(handle: str, fn: Function) -> bool:
        uses = [c for c in fn.calls if isinstance(c.func, ast.Attribute) and isinstance(c.func.value, ast.Name)
                and c.func.value.id == handle]
        if not uses or any(c.func.attr not in _GUARDS for c in uses):  # type: ignore[attr-defined]
            return False
        for c in fn.calls:  # handed to code, or configured: not a guard
            if any(isinstance(a, ast.Name) and a.id == handle for a in c.args):
                return False
        return not any(isinstance(t.value, ast.Name) and t.value.id == handle for t, _v in fn.attr_assigns)

    # -- what a value is -------------------------------------------------------------------------
    def _kwargs(self, call: ast.Call) -> dict[str, ast.expr]:
        """The call's keywords by name, once per call: ``patch.multiple`` is one candidate per keyword."""
        out = self._kwargs_of.get(id(call))
        if out is not None:
            return out
        out = self._kwargs_of[id(call)] = {}
        for kw in call.keywords:
            if kw.arg:
                out[kw.arg] = kw.value
            elif isinstance(kw.value, ast.Name):  # **config with a dict literal in this function
                bound = self.fn.scope.bindings.get(kw.value.id)
                if isinstance(bound, ast.Dict):
                    for k, v in zip(bound.keys, bound.values):
                        if isinstance(k, ast.Constant) and isinstance(k.value, str):
                            out[k.value] = v
        return out

    def _raises(self, expr: ast.expr, fn: Function, hops: int = 0) -> bool:
        if hops > 4:
            return False
        if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
            return bool(expr.elts) and all(self._raises(e, fn, hops + 1) for e in expr.elts)
        if isinstance(expr, ast.Call):  # SomeError(...), or cls(...) where cls loops over exception classes
            return _exception_name(expr.func, fn) or (
                isinstance(expr.func, ast.Name) and self._raises(expr.func, fn, hops + 1))
        if isinstance(expr, ast.Name):
            func = _local_function(expr.id, fn)
            if func is not None:
                return _only_raises(func)
            if expr.id in fn.loops:
                return self._raises(fn.loops[expr.id], fn, hops + 1)
            bound = fn.scope.bindings.get(expr.id)
            if bound is not None:
                return self._raises(bound, fn, hops + 1)
        return _exception_name(expr, fn)

    def _is_spy(self, expr: ast.expr, attr: str, fn: Function | None = None) -> bool:
        """A replacement function that calls the original it replaced (saved under another name)."""
        fn = fn or self.fn
        if not isinstance(expr, ast.Name):
            return False
        func = _local_function(expr.id, fn)
        if func is None:
            return False
        for node in ast.walk(func):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                found = fn.scope.lookup(node.func.id)
                if found and found[0] == "bound":
                    saved = dotted_text(cast(ast.expr, found[1]))  # Scope.lookup: ("bound", the expression)
                    if saved and saved.rsplit(".", 1)[-1] == attr:
                        return True
        return False


# Exceptions that are a query's answer, not a failure: raising one gives a canned result ("no such row").
_ANSWERS = ("DoesNotExist", "MultipleObjectsReturned", "NoResultFound", "MultipleResultsFound", "ObjectDoesNotExist")


def _an_answer(effect: ast.expr) -> bool:
    if isinstance(effect, ast.Call):
        effect = effect.func
    text = dotted_text(effect)
    if not text:
        return False
    return text.rsplit(".", 1)[-1] in _ANSWERS


def _local_function(name: str, fn: Function) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    scope: Function | None = fn
    while scope is not None:
        for child in scope.children:
            if child.node is not None and child.node.name == name:
                return child.node
        scope = scope.parent
    return None


def _only_raises(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Every way out of the function is a raise (it returns nothing)."""
    has_raise = any(isinstance(n, ast.Raise) for n in ast.walk(func))
    returns = any(isinstance(n, (ast.Return, ast.Yield)) and n.value is not None for n in ast.walk(func))
    return has_raise and not returns and isinstance(func.body[-1], (ast.Raise, ast.If, ast.Try, ast.With))


_EXC_MODULE_PARTS = (".exceptions.", ".exc.", ".errors.", ".error.")


def _exception_name(expr: ast.expr, fn: Function) -> bool:
    text = dotted_text(expr)
    if not text:
        return False
    last = text.rsplit(".", 1)[-1]
    if last.endswith(_EXC_SUFFIXES):
        return True
    q = qualify(expr, fn.scope) or text
    return any(part in f".{q}." for part in _EXC_MODULE_PARTS) or q in _KNOWN_EXCEPTIONS


_KNOWN_EXCEPTIONS = frozenset(
    {"requests.TooManyRedirects", "requests.Timeout", "requests.ConnectTimeout", "requests.ReadTimeout",
     "socket.timeout", "asyncio.TimeoutError", "asyncio.CancelledError", "KeyboardInterrupt", "StopIteration"}
)


def allowed(candidate: Candidate, integration: Integration, patterns: tuple[str, ...]) -> bool:
    names = (candidate.shown, strip_calls(candidate.target), strip_calls(integration.resolved))
    return any(fnmatch.fnmatchcase(n, p) for p in patterns for n in names)
