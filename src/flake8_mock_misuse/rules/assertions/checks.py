"""What a test checks, and how much each check can prove.

Every check in a test (``assert``, unittest ``assert*`` methods, raises/warns blocks,
mock verifications, asserting helpers) gets a kind:

- ``STRONG``: can fail for a wrong answer (equality, membership, ordering, identity with an
  expected object, raises, approx, predicates such as ``.exists()`` or ``re.search``,
  emptiness expectations such as ``assert not errors``, an asserting helper);
- ``WEAK``: existence only (``is not None``, bare truthiness of a value, ``isinstance``,
  ``hasattr``, ``callable``, non-emptiness such as ``len(x) > 0``);
- ``MOCK``: about a mock (``assert_called*``, ``call_count``, ``called``, ``call_args``).

Helpers are followed: a call, as a statement or a ``with`` item, to a method of the test
class or its bases, a function of the file, or a function of the project that asserts is
a check. An unresolvable callee named like a check (``assert_*``, ``check_*``,
``verify_*``, ``expect_*``, ``ensure_*``, ``validate_*``) counts as one too.
"""

from __future__ import annotations

import ast
import weakref

from ..._lazy import LazyRegex
from ...model.file import FileModel
from ...model.helpers import support_module
from ...model.walk import Function
from ...resolve.names import Scope, dotted_text, qualify, strip_calls
from ...resolve.project import class_method, function as project_function
from ...resolve.summary import FuncInfo, returns_bool


STRONG, WEAK, MOCK = "strong", "weak", "mock"

MOCK_ATTRS = frozenset(
    {"called", "call_count", "call_args", "call_args_list", "mock_calls", "method_calls", "await_count",
     "await_args", "await_args_list", "awaited"}
)
MOCK_ASSERTS = frozenset(
    {"assert_called", "assert_called_once", "assert_called_with", "assert_called_once_with", "assert_any_call",
     "assert_has_calls", "assert_not_called", "assert_awaited", "assert_awaited_once", "assert_awaited_with",
     "assert_awaited_once_with", "assert_any_await", "assert_has_awaits", "assert_not_awaited"}
)
_WEAK_CALLS = frozenset({"isinstance", "hasattr", "callable", "bool", "len", "issubclass", "type", "id"})
_OBJECT_GETTERS = ("get_", "find_", "load_", "create_", "make_", "build_", "fetch_", "new_")
_PREDICATE_ATTRS = frozenset({"ok", "exists", "closed", "done", "empty", "valid", "success", "succeeded",
                              "failed", "alive", "running", "active", "enabled", "disabled", "deleted"})
_REGEX = frozenset({"search", "match", "fullmatch"})
_RAISES = frozenset({"pytest.raises", "pytest.warns", "pytest.deprecated_call", "pytest.fail"})
_UNITTEST_WEAK = frozenset({"assertIsNotNone", "assertIsInstance"})  # assertNotIsInstance rules out a type: real
_UNITTEST_NAME = LazyRegex(r"^(assert[A-Z]\w*|assert_|fail|fail[A-Z]\w*)$",
                           needs=("assert", "fail"))
HELPER_PREFIXES = ("assert", "check", "verify", "expect", "ensure", "validate", "should", "must", "fail")
MAX_HELPER_DEPTH = 3


class Check:
    __slots__ = ("node", "kind", "what")

    def __init__(self, node: ast.AST, kind: str, what: str) -> None:
        self.node = node
        self.kind = kind
        self.what = what


def checks_of(fn: Function, model: FileModel, depth: int = 0) -> list[Check]:
    """The checks in ``fn`` and the functions nested in it, in source order."""
    out: list[Check] = []
    for a in fn.asserts:
        kind, what = classify_truth(a.test, fn, model=model)
        out.append(Check(a, kind, what))
    for r in fn.raises:
        if r.exc is not None:  # a bare re-raise in an except block proves nothing by itself
            out.append(Check(r, STRONG, "explicit failure"))
    statement_calls = _statement_calls(fn)
    for call in fn.calls:
        check = _call_check(call, fn, model, depth, statement_calls)
        if check is not None:
            out.append(check)
    decorated = [f.node for f in (fn, *fn.children) if f.node is not None] if fn.node is not None else []
    for d in (dec for node in decorated for dec in node.decorator_list if isinstance(dec, ast.Call)):
        # @profiling.function_call_count(...), @assert_cycles(4): decorators that check
        if _is_helper_with_checks(d, fn, model, depth):
            out.append(Check(d, STRONG, f"decorator {dotted_text(d.func) or ''}()"))
    fakes = _fakes(fn) if fn.children else frozenset()
    for child in fn.children:
        if child.node is not None and child.node.name in fakes:
            # a fake the test hands to a mock or patches in: its checks are on what it received, its raises
            # are the behaviour it fakes
            out.extend(Check(c.node, MOCK, f"{c.what} inside fake {child.node.name}()")
                       for c in checks_of(child, model, depth) if not isinstance(c.node, ast.Raise))
        else:
            out.extend(checks_of(child, model, depth))
    out.sort(key=lambda c: (getattr(c.node, "lineno", 0), getattr(c.node, "col_offset", 0)))
    return out


_FAKE_KEYWORDS = frozenset({"side_effect", "new", "wraps"})


def _fakes(fn: Function) -> frozenset[str]:
    """Names of the functions defined in ``fn`` that it installs as a fake: ``m.side_effect = f``,
    ``side_effect=f``/``new=f``, ``patch.object(X, "send", f)``, ``monkeypatch.setattr(X, "send", f)``,
    ``X.send = f``."""
    local = {c.node.name for c in fn.children if c.node is not None}
    found = set()
    for target, value in fn.attr_assigns:
        if isinstance(value, ast.Name) and value.id in local:
            found.add(value.id)  # m.side_effect = f, Session.send = f
    for call in fn.calls:
        for kw in call.keywords:
            if kw.arg in _FAKE_KEYWORDS and isinstance(kw.value, ast.Name) and kw.value.id in local:
                found.add(kw.value.id)
        name = callee_name(call)
        if name in ("object", "setattr") and len(call.args) >= 3 and isinstance(call.args[2], ast.Name) \
                and call.args[2].id in local:
            found.add(call.args[2].id)  # patch.object(X, "send", f), monkeypatch.setattr(X, "send", f)
        elif name in ("patch", "setattr") and len(call.args) == 2 and isinstance(call.args[1], ast.Name) \
                and call.args[1].id in local:
            found.add(call.args[1].id)  # patch("a.b", f), monkeypatch.setattr("a.b", f)
    return frozenset(found)


# -- assert expressions -------------------------------------------------------------------------
def classify_truth(expr: ast.expr, fn: Function, _hops: int = 0, model: FileModel | None = None) -> tuple[str, str]:
    """How much ``assert expr`` can prove (``model``: to tell the project's predicates by what they return)."""
    used = _mock_api_use(expr) or _from_mock(expr, fn)
    if used:
        return MOCK, used
    if isinstance(expr, ast.BoolOp):
        kinds = [classify_truth(v, fn, _hops, model)[0] for v in expr.values]
        if STRONG in kinds:
            return STRONG, "combined"
        if MOCK in kinds:
            return MOCK, next(w for k, w in (classify_truth(v, fn, _hops, model) for v in expr.values) if k == MOCK)
        return WEAK, "only existence checks"
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.Not):
        return STRONG, "emptiness or negative expectation"
    if isinstance(expr, ast.Compare):
        return _classify_compare(expr, fn)
    if isinstance(expr, ast.Call):
        name = callee_name(expr)
        if name in ("isinstance", "issubclass") and _type_under_test(expr, fn):
            return STRONG, f"{name}() against a type the test defines"
        if name in ("isinstance", "issubclass") and len(expr.args) >= 2 and _project_type(expr.args[1], fn, model):
            return STRONG, f"{name}() against one of the project's own types"
        if name in _WEAK_CALLS:
            return WEAK, f"{name}()"
        if name.startswith(_OBJECT_GETTERS):
            return WEAK, "truthiness"
        return STRONG, "predicate"
    if isinstance(expr, ast.Name):
        if _predicate_name(expr.id):
            return STRONG, "predicate"
        bound = fn.scope.bindings.get(expr.id)
        if bound is not None and _hops < 3 and isinstance(bound, (ast.Compare, ast.BoolOp, ast.UnaryOp)):
            return classify_truth(bound, fn, _hops + 1, model)
        if isinstance(bound, ast.Constant) and isinstance(bound.value, bool):
            return STRONG, "a flag the test sets"
        if isinstance(bound, ast.Call) and (callee_name(bound) in ("all", "any", "bool", "wait")
                                            or _predicate_name(callee_name(bound))
                                            or model is not None and _project_predicate(bound, fn, model)):
            return STRONG, "predicate"
        return WEAK, f"truthiness of {expr.id}"
    if isinstance(expr, ast.Attribute):
        if _predicate_name(expr.attr):
            return STRONG, "predicate"
        return WEAK, f"truthiness of {dotted_text(expr) or expr.attr}"
    if isinstance(expr, ast.Constant):
        return (STRONG, "explicit failure") if not expr.value else (WEAK, "a constant")
    if isinstance(expr, ast.Subscript):
        key = expr.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and _predicate_name(key.value):
            return STRONG, "predicate"
        return WEAK, "truthiness"
    return STRONG, "expression"


def _predicate_name(name: str) -> bool:
    """``is_new``, ``has_access``, ``enabled``: a name that says its value is a yes/no answer."""
    name = name.lstrip("_")
    return name.startswith(("is_", "has_", "can_", "should_", "was_")) or name in _PREDICATE_ATTRS


def _project_type(arg: ast.expr, fn: Function, model: FileModel | None) -> bool:
    """``isinstance(x, OneTimeProduct)`` with a class of the project's own (not a test module's): the project
    defines the alternatives, and the check pins which one the code chose. A library's or a builtin type
    (``dict``, ``datetime``, a framework's widget class) says only that the value has the usual shape.
    A tuple of types counts when every member does."""
    if model is None:
        return False
    if isinstance(arg, ast.Tuple):
        return bool(arg.elts) and all(_project_type(e, fn, model) for e in arg.elts)
    if not isinstance(arg, (ast.Name, ast.Attribute)):
        return False
    q = qualify(arg, fn.scope)
    if not q or "." not in q or _is_test_support(q):
        return False
    return model.project.is_project_package(q.split(".", 1)[0])


def _classify_compare(expr: ast.Compare, fn: Function | None = None) -> tuple[str, str]:
    if len(expr.ops) != 1:
        return STRONG, "comparison"
    op, left, right = expr.ops[0], expr.left, expr.comparators[0]
    if isinstance(op, (ast.IsNot, ast.NotEq)) and _is_none(right) or isinstance(op, ast.IsNot) and _is_none(left):
        subject = left if _is_none(right) else right
        if _is_presence(subject, fn):
            return STRONG, "presence of a key or a pattern match"
        if fn is not None and _set_on_a_stored_row(subject, fn):
            return STRONG, "a value the code stored on a row read back"
        text = dotted_text(subject)
        return WEAK, f"{text} is not None" if text else "is not None"
    if _is_len(left) and _is_zero_or_one(right, op) or _is_len(right) and _is_zero_or_one_reversed(left, op):
        return WEAK, "non-emptiness"
    if isinstance(op, (ast.Is, ast.Eq)) and (_is_type_call(left) or _is_type_call(right)):
        return WEAK, "type()"
    return STRONG, "comparison"


def _is_none(e: ast.expr) -> bool:
    return isinstance(e, ast.Constant) and e.value is None


def _is_presence(e: ast.expr, fn: Function | None = None) -> bool:
    """``d["k"]``, ``d.get("k")``, ``re.search(...)``, ``soup.find(...)``: the point is presence."""
    if isinstance(e, ast.Name) and fn is not None:
        bound = fn.scope.bindings.get(e.id)
        return bound is not None and not isinstance(bound, ast.Name) and _is_presence(bound)
    if isinstance(e, ast.Subscript):
        return True
    if not isinstance(e, ast.Call):
        return False
    name = callee_name(e)
    return name in (_REGEX | {"get", "getattr", "first", "last", "lookup"}) or name.startswith(
        ("find", "select_one", "get_by_", "query_selector"))


def _set_on_a_stored_row(e: ast.expr, fn: Function) -> bool:
    """``token.revoked_at is not None`` after ``token.refresh_from_db()`` (or ``session.refresh(token)``, or
    ``token = Token.objects.get(...)`` / ``session.get(Token, id)``): a column the code under test wrote,
    read back from storage. A timestamp or a generated value has no other expected value to compare."""
    if not isinstance(e, ast.Attribute) or not isinstance(e.value, ast.Name):
        return False
    row = e.value.id
    for call in fn.calls:
        f = call.func
        if isinstance(f, ast.Attribute) and (
                f.attr == "refresh_from_db" and isinstance(f.value, ast.Name) and f.value.id == row
                or f.attr == "refresh" and call.args and isinstance(call.args[0], ast.Name) and call.args[0].id == row):
            return True
    bound = fn.scope.bindings.get(row)
    if isinstance(bound, ast.Await):
        bound = bound.value
    if not isinstance(bound, ast.Call) or not isinstance(bound.func, ast.Attribute) or bound.func.attr != "get":
        return False
    receiver = bound.func.value
    return isinstance(receiver, ast.Attribute) and receiver.attr == "objects" or bool(
        bound.args and isinstance(bound.args[0], ast.Name) and bound.args[0].id[:1].isupper())


def _type_under_test(call: ast.Call, fn: Function) -> bool:
    """``isinstance(x, MyType)`` where the test defines ``MyType`` or receives it as a parameter."""
    if len(call.args) < 2 or not isinstance(call.args[1], ast.Name):
        return False
    name = call.args[1].id
    scope: Scope | None = fn.scope
    while scope is not None:
        if name in scope.params or name in scope.classes:
            return True
        scope = scope.parent
    return False


def _is_len(e: ast.expr) -> bool:
    return isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id == "len"


def _is_zero_or_one(e: ast.expr, op: ast.cmpop) -> bool:
    if not isinstance(e, ast.Constant) or not isinstance(e.value, int):
        return False
    return (isinstance(op, (ast.Gt, ast.NotEq)) and e.value == 0) or (isinstance(op, ast.GtE) and e.value == 1)


def _is_zero_or_one_reversed(e: ast.expr, op: ast.cmpop) -> bool:
    if not isinstance(e, ast.Constant) or not isinstance(e.value, int):
        return False
    return (isinstance(op, (ast.Lt, ast.NotEq)) and e.value == 0) or (isinstance(op, ast.LtE) and e.value == 1)


def _is_type_call(e: ast.expr) -> bool:
    return isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id == "type"


def callee_name(call: ast.Call) -> str:
    """The last name of what is called: ``f`` in ``f()`` and ``a.b.f()``, "" for anything else."""
    f = call.func
    if isinstance(f, ast.Attribute):
        return f.attr
    if isinstance(f, ast.Name):
        return f.id
    return ""


def _mock_api_use(expr: ast.expr) -> str | None:
    """``m.call_count`` in ``assert m.call_count == 2`` (as text), or None."""
    AST, Attribute, fields_of = ast.AST, ast.Attribute, _FIELDS.get
    stack: list = [expr]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:  # depth first, last child first (the order of the first mock attribute reported)
        node = pop()
        t = type(node)
        if t is Attribute:
            if node.attr in MOCK_ATTRS or node.attr in MOCK_ASSERTS:
                return dotted_text(node) or node.attr
            push(node.value)
            continue
        fields = fields_of(t)
        if fields is None:
            if not isinstance(node, AST):
                continue  # None in a dict's keys
            fields = _FIELDS[t] = tuple(f for f in t._fields if f not in _NOT_CHILDREN)
        for name in fields:
            v = getattr(node, name, None)
            if type(v) is list:
                extend(v)
            elif isinstance(v, AST):
                push(v)
    return None


def _from_mock(expr: ast.expr, fn: Function) -> str | None:
    """A name in ``expr`` that holds what a mock recorded: ``args, kwargs = m.call_args``, ``payload =
    m.call_args[0][1]``, ``for call in m.call_args_list`` (and names taken from those, three deep)."""
    held = _mock_held(fn)
    if not held:
        return None
    for node in ast.walk(expr):
        if type(node) is ast.Name and node.id in held:
            return f"{node.id} from {held[node.id]}"
    return None


_HELD: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _mock_held(fn: Function) -> dict[str, str]:
    """The function's names bound to what a mock recorded, with the mock attribute they come from (once per
    function: the asserts of a test all ask)."""
    found = _HELD.get(fn)
    if found is not None:
        return found
    if not fn.reads_mock_records:
        return {}
    values = {**fn.loops, **fn.unpacked, **fn.scope.bindings}
    found = {}
    for name, value in values.items():
        used = _mock_api_use(value)
        if used:
            found[name] = used
    for _ in range(2):  # payload = args[0], where args came from m.call_args
        more = {}
        for name, value in values.items():
            if name not in found and isinstance(value, (ast.Name, ast.Subscript, ast.Attribute)):
                source = next((n.id for n in ast.walk(value) if type(n) is ast.Name and n.id in found), None)
                if source is not None:
                    more[name] = found[source]
        if not more:
            break
        found.update(more)
    _HELD[fn] = found
    return found


_NOT_CHILDREN = frozenset({"ctx", "id", "arg", "attr", "kind", "type_comment", "conversion", "value_str"})
_FIELDS: dict[type, tuple[str, ...]] = {ast.Name: (), ast.Constant: ()}


# -- calls: unittest asserts, mock asserts, raises, helpers ---------------------------------------
_RAISES_NAMES = frozenset(q.rsplit(".", 1)[-1] for q in _RAISES)


def _call_check(call: ast.Call, fn: Function, model: FileModel, depth: int,
                statement_calls: set[int]) -> Check | None:
    f = call.func
    name = callee_name(call)
    if not name:
        return None
    if isinstance(f, ast.Attribute) and name in MOCK_ASSERTS:
        return Check(call, MOCK, dotted_text(f) or name)
    if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in ("self", "cls") \
            and _UNITTEST_NAME.match(name):
        return _unittest_check(call, name, fn, model)
    if name in _RAISES_NAMES:
        q = qualify(f, fn.scope)
        if q is not None and strip_calls(q) in _RAISES:
            return Check(call, STRONG, strip_calls(q))
    if id(call) not in statement_calls:
        return None
    if _is_helper_with_checks(call, fn, model, depth):
        return Check(call, STRONG, f"helper {dotted_text(f) or name}()")
    return None


def _unittest_check(call: ast.Call, name: str, fn: Function, model: FileModel) -> Check:
    args = call.args
    used = next((u for u in (_mock_api_use(a) or _from_mock(a, fn) for a in args[:2]) if u), None)
    if used:
        return Check(call, MOCK, f"{name}({used})")
    if name in _UNITTEST_WEAK:
        if name == "assertIsNotNone" and args and (_is_presence(args[0], fn) or _set_on_a_stored_row(args[0], fn)):
            return Check(call, STRONG, name)
        if name == "assertIsInstance" and len(args) >= 2 and _project_type(args[1], fn, model):
            return Check(call, STRONG, f"{name}() against one of the project's own types")
        return Check(call, WEAK, name)
    if name in ("assertTrue", "assert_", "failUnless") and args:
        kind, what = classify_truth(args[0], fn, model=model)
        return Check(call, kind, f"{name}({what})")
    if name in ("assertGreater", "assertNotEqual") and len(args) >= 2 and _is_len(args[0]) \
            and isinstance(args[1], ast.Constant) and args[1].value == 0:
        return Check(call, WEAK, "non-emptiness")
    if name == "assertGreaterEqual" and len(args) >= 2 and _is_len(args[0]) \
            and isinstance(args[1], ast.Constant) and args[1].value == 1:
        return Check(call, WEAK, "non-emptiness")
    if name in ("assertNotEqual", "assertIsNot") and len(args) >= 2 and _is_none(args[1]):
        return Check(call, WEAK, "is not None")
    return Check(call, STRONG, name)


def _statement_calls(fn: Function) -> set[int]:
    ids = {id(s.value) for s in fn.statements if isinstance(s.value, ast.Call)}
    ids |= {id(s.value.value) for s in fn.statements
            if isinstance(s.value, ast.Await) and isinstance(s.value.value, ast.Call)}
    for w in fn.withs:
        ids |= {id(i.context_expr) for i in w.items if isinstance(i.context_expr, ast.Call)}
    return ids


def _is_helper_with_checks(call: ast.Call, fn: Function, model: FileModel, depth: int) -> bool:
    if depth >= MAX_HELPER_DEPTH:
        return False
    f = call.func
    name = callee_name(call)
    if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Call) and isinstance(f.value.func, ast.Name) \
            and f.value.func.id == "super":
        return _inherited_checks(f.attr, fn, model, depth)
    local = _local_helper(f, fn, model)
    if local is not None:
        return bool(checks_of(local, model, depth + 1))
    remote = _project_helper(f, fn, model)
    if remote is not None:
        return _project_checks(remote, model, depth)
    if not name.lstrip("_").lower().startswith(HELPER_PREFIXES):
        return False
    return not _is_production_code(f, fn, model)  # check_thresholds() of the project is the code under test


def _local_helper(f: ast.expr, fn: Function, model: FileModel) -> Function | None:
    """A method of the test's class (or an in-file base) or a function of this file."""
    if isinstance(f, ast.Name):
        return next((o for o in model.functions_named.get(f.id, ()) if o.cls is None and o.parent is None), None)
    if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in ("self", "cls"):
        cls = _test_class(fn)
        seen: set[str] = set()
        while cls is not None and cls.name not in seen:
            seen.add(cls.name)
            for other in model.functions_named.get(f.attr, ()):
                if other.cls is cls:
                    return other
            cls = next((c for c in model.classes for b in cls.bases
                        if isinstance(b, ast.Name) and b.id == c.name), None)
    return None


def _inherited_checks(name: str, fn: Function, model: FileModel, depth: int) -> bool:
    """``super().test_edit()``: does the method of a base class (in this file or the project) check something?
    An inherited method out of sight counts when it is a test or named like a check."""
    cls = _test_class(fn)
    if cls is None:
        return False
    for base in model.class_chain(cls)[1:]:
        method = next((o for o in model.functions_named.get(name, ()) if o.cls is base), None)
        if method is not None:
            return bool(checks_of(method, model, depth + 1))
    for imported in _imported_bases(cls, model):
        if not model.project.is_library(imported):
            found = class_method(model.project, imported, name)
            if found is not None:
                return _project_checks(found, model, depth)
    return name.startswith("test") or name.lstrip("_").lower().startswith(HELPER_PREFIXES)


def _project_helper(f: ast.expr, fn: Function, model: FileModel) -> FuncInfo | None:
    """A function or base-class method of the project's own modules."""
    if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in ("self", "cls"):
        cls = _test_class(fn)
        for base in _imported_bases(cls, model):
            if not model.project.is_library(base):
                found = class_method(model.project, base, f.attr)
                if found is not None:
                    return found
        return None
    q = qualify(f, fn.scope)
    if q is None or "()" in q or model.project.is_library(q) or not _is_test_support(q):
        return None
    return project_function(model.project, q)


def _called_project_function(f: ast.expr, fn: Function, model: FileModel) -> tuple[str, FuncInfo] | None:
    """The project function a callee names (``pkg.alerts.check_thresholds``), with its qualified name."""
    q = qualify(f, fn.scope)
    if q is None or "()" in q or model.project.is_library(q):
        return None
    func = project_function(model.project, q)
    return (q, func) if func is not None else None


def _project_predicate(call: ast.Call, fn: Function, model: FileModel) -> bool:
    """A call of a project function that returns a bool (``result = validate(uri); assert result``)."""
    found = _called_project_function(call.func, fn, model)
    return found is not None and returns_bool(found[1])


def _is_production_code(f: ast.expr, fn: Function, model: FileModel) -> bool:
    """A function the project's own modules define outside its test support."""
    found = _called_project_function(f, fn, model)
    return found is not None and not _is_test_support(found[0])


def _is_test_support(dotted: str) -> bool:
    """A module of test support code (``tests.helpers``, ``pkg.testing.assertions``), not code under test.

    Production code may raise or even ``assert`` its invariants; calling it is not checking it.
    """
    return support_module(dotted.rsplit(".", 1)[0]) if "." in dotted else False


def _imported_bases(cls: ast.ClassDef | None, model: FileModel) -> list[str]:
    """Qualified names of the bases of ``cls``, looking through base classes defined in this file."""
    out: list[str] = []
    for c in model.class_chain(cls) if cls is not None else ():
        for base in c.bases:
            if isinstance(base, ast.Subscript):  # a generic base: Base[T] is Base
                base = base.value
            if model.class_in_file(base) is None:
                q = qualify(base, model.module.scope)
                if q:
                    out.append(q)
    return out


def _test_class(fn: Function) -> ast.ClassDef | None:
    """The class of a method, or of the method a nested function is defined in."""
    return fn.cls if fn.cls is not None else (fn.parent.cls if fn.parent is not None else None)


def _project_checks(func: FuncInfo, model: FileModel, depth: int) -> bool:
    """Does a project function assert, raise, or call something that does?"""
    if func.asserts:
        return True
    if any(n.lstrip("_").lower().startswith(HELPER_PREFIXES) or n in ("raises", "fail") for n in func.call_names):
        return True
    if depth + 1 >= MAX_HELPER_DEPTH:
        return False
    return any(_project_checks(target, model, depth + 1) for target in model.project.callees(func))
