"""The linted project's own modules, read from source (never imported).

Answers "what is ``orders.db.session``?" when the test file alone cannot: it finds
``orders/db.py`` under the source roots, reads it once into a small summary of what it
binds (``resolve.summary``: stdlib ``ast``, lazily, cached per module, bounded in count),
and follows imports, assignments, instance attributes and base classes until it reaches
a known library name, a project class, or nothing.  Nothing outside the project is read.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from functools import lru_cache

from .classify import Integration, classify_django_model, classify_known, classify_model_attr, known_top_level
from .known import (DB, EXCEPTION_ENDINGS, HTTP, INTEGRATIONS, MODEL_CLASSES, MODEL_DB_ATTRS, SDK_CLIENT_SUFFIXES,
                    SDK_TOPS, Entry)
from .names import join, strip_calls
from .source import note_unreadable, parse, read_module
from .summary import STORING_NAMES, ClassInfo, FuncInfo, ModuleInfo, summarize

MAX_DEPTH = 10  # hops through imports, assignments and bases
# Module summaries are kept for the whole process, so that a module many test files name is read once (20,000
# modules named by 40 files were read 20 times each when 512 were kept). What bounds them is memory: a summary
# takes about 1.8 bytes per byte of source (Django's 885 modules: 5.7 MB of source, 10 MB kept), so up to
# MAX_SUMMARISED_BYTES of source (about 60 MB) is kept, the least recently used dropped first past it.
MAX_SUMMARISED_BYTES = 32_000_000
MAX_MODULES = 200_000  # and at most this many summaries (empty modules weigh little but not nothing)
MAX_NAME = 1024  # characters of a dotted name worth resolving (a 5 MB patch target is no module path)
MAX_SEGMENTS = 32  # module prefixes tried per name: each try joins and stats, so long names cost their square
MAX_SENDER_HOPS = 1  # project calls followed from a patched function to the HTTP request it sends (a thin wrapper)
# What a function of the project's database layer calls besides its writes: the ORM's and DB-API's verbs.
PERSISTENCE_NAMES = STORING_NAMES | frozenset({
    "query", "filter", "filter_by", "get", "first", "one", "one_or_none", "all", "scalar", "scalars", "select",
    "where", "order_by", "limit", "create", "save", "delete", "update", "refresh", "refresh_from_db", "expunge",
    "close", "begin", "begin_nested", "fetchone", "fetchall", "fetchmany", "atomic", "bulk_create", "bulk_update",
    "get_or_create", "update_or_create", "make_transient", "is_modified", "connect", "",
})
_MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
_ROW_GETTERS = frozenset({"create", "get", "first", "last", "latest", "earliest"})
MAX_CLASS_METHODS = 64  # methods of a class looked at for an HTTP client call of its own


class ProjectIndex:
    """Locate and read project modules below a set of source roots."""

    def __init__(self, roots: tuple[str, ...], table: Mapping[str, Entry] = INTEGRATIONS, infer: bool = True) -> None:
        self.roots = tuple(dict.fromkeys(os.path.abspath(r) for r in roots if r))
        self.table = table
        self.infer = infer  # the second tier (astroid, installed packages) may answer what this one cannot
        self._modules: OrderedDict[str, tuple[ModuleInfo | None, int]] = OrderedDict()  # path -> (summary, size)
        self._summarised = 0  # bytes of source behind the summaries kept
        # During one classify() call: the names being followed (a cycle of imports or bases ends at once),
        # and the names followed, with the depth they were followed at and what they gave (a base shared
        # by many classes is followed again only from a shallower depth, where more hops remain)
        self._active: set[str] = set()
        self._followed: dict[str, tuple[int, Integration | None]] = {}
        # by function, for every classify(): (function, what it sends, how many hops were left unexplored)
        self._senders: dict[int, tuple[FuncInfo, Integration | None, int]] = {}
        self._http_modules: dict[int, tuple[ModuleInfo, bool]] = {}
        self._http_prefixes = tuple(p for p, e in table.items() if e.kind == HTTP)

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
    def module(self, modname: str, path: str) -> ModuleInfo | None:
        """The summary of one project module (None: unreadable), cached per path and bounded in count."""
        key = path
        if key in self._modules:
            self._modules.move_to_end(key)
            return self._modules[key][0]
        info = None
        data = b""
        try:
            data = read_module(path)
            info = summarize(parse(data, path), modname, os.path.basename(path) == "__init__.py")
        except (SyntaxError, ValueError, OSError, RecursionError, MemoryError) as exc:
            # too large, no regular file, syntax errors, null bytes, odd encodings, nesting past the parser: the
            # file tells nothing
            info = None
            note_unreadable(path, exc)
        self._modules[key] = (info, len(data))
        self._summarised += len(data)
        while len(self._modules) > 1 and (self._summarised > MAX_SUMMARISED_BYTES or len(self._modules) > MAX_MODULES):
            _path, (_info, size) = self._modules.popitem(last=False)
            self._summarised -= size
        return info

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

    def unseen_project_package(self, top: str) -> bool:
        """Most likely the project's own package whose source is not here (a hook handed the test files
        alone): the source roots hold no package of the project's, and the name is not the standard library, a
        library the tables know, nor installed where this process looks. Found by searching paths only."""
        from .infer import installed, third_party

        return third_party(top, INTEGRATIONS) and not installed(top, self.roots) and \
            not self.is_project_package(top) and not _has_own_packages(self.roots)

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
            return self._inferred(dotted, parts[0])
        return self._from_module(located, dotted, parts, depth)

    def _inferred(self, dotted: str, top: str) -> Integration | None:
        """The second tier: a name of an installed package the tables do not know, read by astroid (only then
        imported), unless ``--mock-misuse-infer=no``."""
        if not self.infer or self.is_project_package(top):
            return None
        from . import infer  # the module is small; astroid itself loads on the first question it asks

        if not infer.candidate(top, self.roots, self.table):
            return None
        return infer.classify_installed(dotted, self.table)

    def _from_module(self, located: tuple[str, str, bool], dotted: str, parts: list[str],
                     depth: int) -> Integration | None:
        modname, path, _is_pkg = located
        rest = parts[len(modname.split(".")):]
        if not rest:
            return None
        info = self.module(modname, path)
        if info is None:
            return None
        return self._member(info, rest, depth)

    def _member(self, info: ModuleInfo, rest: list[str], depth: int) -> Integration | None:
        name, tail = rest[0], rest[1:]
        if name == "()":
            return None
        bound = info.scope.names.get(name)
        if bound is None:  # ``from .parcels import *``: the name may come from a module re-exported whole
            for star in info.stars:
                hit = self._classify(join(f"{star}.{name}", tail), depth + 1)
                if hit is not None:
                    return hit
            return None
        kind = bound[0]
        if kind == "import":
            return self._classify(join(bound[1], tail), depth + 1)
        if kind == "class":
            return self._class_member(bound[1], tail, depth)
        if kind == "value" and bound[1] is not None:
            target = bound[2]
            return self._classify(join(target, tail), depth + 1) if target else None
        if kind == "func" and not tail:
            return self._function_hit(bound[1], depth)
        return None

    def _function_hit(self, func: FuncInfo, depth: int) -> Integration | None:
        """What patching a project function replaces: the HTTP request it sends, the client or session it
        makes and returns (its only "send" being the client's constructor), or the database it writes to."""
        hit = self.sender(func)
        if hit is None or _names_a_client(hit.resolved):
            return self.factory(func, depth) or hit or self.database_layer(func, depth)
        return hit

    def sender(self, func: FuncInfo, hops: int = 0) -> Integration | None:
        """The HTTP client call a project function makes itself or through the project functions and methods it
        calls (``MAX_SENDER_HOPS`` deep): patching the function keeps that request from being sent."""
        key = id(func)
        cached = self._senders.get(key)
        # a send found holds from anywhere; "none" only for a search at least as deep (fewer hops used)
        if cached is not None and cached[0] is func and (cached[1] is not None or cached[2] <= hops):
            return cached[1]
        self._senders[key] = (func, None, hops)  # cycles
        imports_http = self._imports_http(func.module)
        found = self._direct_send(func) if imports_http else None
        # the callees are followed from the patched function, and further only from a module that speaks HTTP
        if found is None and hops < MAX_SENDER_HOPS and (hops == 0 or imports_http):
            for callee in self.callees(func):
                found = self.sender(callee, hops + 1)
                if found is not None:
                    break
        if len(self._senders) > 4 * MAX_MODULES:
            self._senders.clear()
            self._http_modules.clear()
        self._senders[key] = (func, found, hops)
        return found

    def _direct_send(self, func: FuncInfo) -> Integration | None:
        """The first HTTP client call ``func`` makes itself."""
        for q, names in func.sends:
            q = q or self._through_self(names, func)
            if q is None or self.is_project_package(q.split(".", 1)[0]):
                continue
            hit = classify_known(q, self.table)
            if hit is not None and hit.kind == HTTP:
                return Integration(HTTP, hit.family, q, sender=True)
        return None

    def _manager_method(self, cls: ClassInfo, attrs: list[str], depth: int) -> Integration | None:
        """A method of the project's own ORM manager or queryset class (``EmailAddressManager.get_for_user``,
        a class deriving from ``models.Manager``): the ORM's query layer, so patching it replaces the
        database. A model's own methods are not (its base, ``Model``, is no database by itself)."""
        for qual in cls.qualified_bases():
            hit = self._classify(qual, depth + 1)
            if hit is not None and hit.kind == DB and strip_calls(hit.resolved) not in MODEL_CLASSES:
                return Integration(DB, hit.family, join(strip_calls(hit.resolved), attrs))
        return None

    def database_layer(self, func: FuncInfo, depth: int, hops: int = 0) -> Integration | None:
        """A project function that is nothing but persistence: it writes through a database session or
        connection itself (``db.session.add``, ``cursor.execute``, where the name resolves to a database
        library's object) or through one such function of the project's, and everything else it calls is
        persistence too (the ORM's verbs, exceptions, or
        another such function of the project's). Patching it replaces the database. A service that also
        does anything else (validates, computes, notifies) is not the database layer."""
        hit = None
        for q, names in func.stores:
            q = q or self._through_self(names, func)
            if q is not None:
                found = self._classify(q, depth + 1)
                if found is not None and found.kind == DB:
                    hit = Integration(DB, found.family, q, sender=True)
                    break
        if hit is None and hops == 0:  # ``commit(); db.session.refresh(m)``: it writes through such a function
            hit = next((h for c in self.callees(func) for h in [self.database_layer(c, depth, hops + 1)] if h), None)
        if hit is None:
            return None
        others = {n for n in func.call_names if n not in PERSISTENCE_NAMES and not n.endswith(EXCEPTION_ENDINGS)}
        if not others:
            return hit
        if hops > 0:
            return None
        callees = {c.name: c for c in self.callees(func)}
        if others <= callees.keys() and all(self.database_layer(callees[n], depth, hops + 1) for n in others):
            return hit
        return None

    def persistence_only(self, func: FuncInfo, hops: int = 0) -> bool:
        """Does a project function do nothing but the ORM's verbs (``query``, ``filter``, ``get``, ``add``...),
        itself or through such functions of the project (``database.get(Model, id)``)? Reading rows through
        one is reading the database."""
        names = {n for n in func.call_names if not n.endswith(EXCEPTION_ENDINGS)}
        if not names:
            return False
        others = names - PERSISTENCE_NAMES
        if not others:
            return True
        if hops >= 2:
            return False
        callees = {c.name: c for c in self.callees(func)}
        return others <= callees.keys() and all(self.persistence_only(callees[n], hops + 1) for n in others)

    def client_type(self, q: str) -> Integration | None:
        """The HTTP client or database session class an annotation names (``httpx.AsyncClient``,
        ``"AsyncSession"``, ``Optional[SQSClient]``, ``StripeAdapter | None``: the summary has the class qualified),
        or None."""
        hit = self.classify(q + "()") if "()" not in q else None
        return hit if hit is not None and (hit.sender or _names_a_client(hit.resolved)) else None

    def factory(self, func: FuncInfo, depth: int) -> Integration | None:
        """A project function that makes and hands back an HTTP client or a database session (``return
        httpx.AsyncClient(...)``, ``return StripeAdapter(key)``, ``-> requests.Session``): patching it replaces
        what it makes. What it makes must be a client itself (a project class that wraps one, or a library's
        client, session, engine or connection), not a value of the library (a ``Response``, a model row)."""
        for q in func.made:
            if "()" in q:
                continue
            hit = self._classify(q + "()", depth + 1)  # an instance of the class, or what the callee returns
            if hit is not None and (hit.sender or _names_a_client(hit.resolved)):
                return Integration(hit.kind, hit.family, q + "()", maker=True)  # resolved: what it makes
        return None

    def client_class(self, cls: ClassInfo) -> Integration | None:
        """A project class that wraps an HTTP client: one of its own methods makes an HTTP client call itself.
        Patching the class, or an instance of it, whole replaces that client."""
        if not self._imports_http(cls.outer.module):
            return None
        for bound in list(cls.scope.names.values())[:MAX_CLASS_METHODS]:
            if bound[0] == "func":
                hit = self._direct_send(bound[1])
                if hit is not None:
                    return hit
        return None

    def _imports_http(self, module: ModuleInfo) -> bool:
        """Does the module import an HTTP client library at its top (a cheap gate before following its calls)?"""
        found = self._http_modules.get(id(module))
        if found is None or found[0] is not module:
            found = self._http_modules[id(module)] = (module, any(
                imp == p or imp.startswith(p + ".") or p.startswith(imp + ".")
                for imp in module.imports for p in self._http_prefixes))
        return found[1]

    def callees(self, func: FuncInfo) -> Iterator[FuncInfo]:
        """The project functions, and the methods of its own class, that ``func`` calls by name, in order."""
        for entry in func.calls:
            target = None
            if entry[0] == "name":
                q = entry[1]
                if not self.is_library(q):
                    target = function(self, q)
            elif func.owner is not None:
                bound = func.owner.scope.names.get(entry[1])
                target = bound[1] if bound is not None and bound[0] == "func" else None
            if target is not None and target is not func:
                yield target

    @staticmethod
    def _through_self(names: tuple[str, ...] | None, func: FuncInfo) -> str | None:
        """``self.session.get`` where ``__init__`` set ``self.session = requests.Session()``."""
        owner = func.owner
        if owner is None or names is None or len(names) < 2 or names[0] != func.self_name:
            return None
        bound = owner.instance_attrs.get(names[1]) or owner.scope.names.get(names[1])
        if bound is None or bound[0] != "value" or bound[1] is None:
            return None
        base = bound[2]
        return join(base, names[2:]) if base else None

    def _class_member(self, cls: ClassInfo, tail: list[str], depth: int) -> Integration | None:
        """``Cls.attr``, ``Cls().attr`` or ``Cls`` itself: own definitions first, then bases."""
        if len(tail) > 3 and tail[0] in _MANAGERS and tail[1] in _ROW_GETTERS and tail[2] == "()":
            # ``Order.objects.create(...).save``: the manager hands back a row, an instance of the model
            return self._class_member(cls, ["()", *tail[3:]], depth)
        attrs = list(tail)
        instance = bool(attrs) and attrs[0] == "()"
        if instance:
            attrs = attrs[1:]
        method = None
        overridden = False  # the class itself gives ``attrs[0]`` a value or a definition
        if attrs:
            attr = attrs[0]
            bound = (cls.instance_attrs.get(attr) if instance else None) or cls.scope.names.get(attr)
            if bound is not None and bound[0] == "value" and bound[1] is None:
                bound = None  # declared, not given a value here (``Model: type[Base]``): the bases give it
            overridden = bound is not None
            if bound is not None:
                if bound[0] == "value":
                    target = bound[2]
                    return self._classify(join(target, attrs[1:]), depth + 1) if target else None
                if bound[0] != "func":
                    return None
                # a method defined here: ORM persistence methods on models (below), or one that sends HTTP
                method = bound[1] if len(attrs) == 1 else None
        for qual in cls.qualified_bases():
            hit = None if self.is_project_package(qual.split(".", 1)[0]) else classify_model_attr(qual, tail)
            if hit is not None:
                return hit
            if overridden and attrs[0] not in MODEL_DB_ATTRS:
                continue  # overridden here; the base's attribute is not the one patched (a save() stays one)
            hit = self._classify(join(qual, tail), depth + 1)
            if hit is not None:
                return hit
        if method is not None:
            return self._function_hit(method, depth) or self._manager_method(cls, attrs, depth)
        if self._declares_model_fields(cls):  # a base out of sight (an uninstalled package's abstract model)
            hit = classify_model_attr(DJANGO_MODEL, tail)
            if hit is not None:
                return hit
        return self.client_class(cls) if not attrs else None

    @staticmethod
    def _declares_model_fields(cls: ClassInfo) -> bool:
        """Does the class body declare Django model fields (``project = models.ForeignKey(...)``)? Only a
        model does: its bases are then a model's, whatever they resolve to."""
        for bound in list(cls.scope.names.values())[:MAX_CLASS_METHODS]:
            if bound[0] == "value" and bound[1] is not None and bound[1][-1] == "()":
                q = (bound[2] or "")[:-2]
                if q.startswith("django.db.models.") and q.endswith(_FIELD_ENDINGS):
                    return True
        return False


DJANGO_MODEL = "django.db.models.Model"
_FIELD_ENDINGS = ("Field", "ForeignKey", "OneToOneField", "ManyToManyField")
_CLIENT_ENDINGS = (*SDK_CLIENT_SUFFIXES, "sessionmaker", "Engine", "engine", "Connection", "connection", "connect")


def _names_a_client(resolved: str) -> bool:
    """``httpx.AsyncClient()``, ``sqlalchemy.orm.sessionmaker()()``, ``boto3.client()``: a client or session.
    An API SDK's sessions are its data (``stripe.checkout.Session``): there only its clients count."""
    plain = strip_calls(resolved)
    last = plain.rsplit(".", 1)[-1]
    if plain.split(".", 1)[0] in SDK_TOPS:
        return last.endswith(("Client", "client", "ClientV2", "resource"))
    return last.endswith(_CLIENT_ENDINGS)


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
    rel = os.path.join(*modname.split("."))
    for root in roots:
        pkg = os.path.join(root, rel, "__init__.py")
        if os.path.isfile(pkg):
            return pkg, True
        mod = os.path.join(root, f"{rel}.py")
        if os.path.isfile(mod):
            return mod, False
    return None


@lru_cache(maxsize=1024)
def _is_package_dir(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "__init__.py"))


def module_name_for(path: str) -> tuple[str, bool]:
    """Dotted module name of a file from the ``__init__.py`` files above it, and whether it is a package."""
    full = os.path.abspath(path)
    d, base = os.path.split(full)
    is_pkg = base == "__init__.py"
    parts = [] if is_pkg else [os.path.splitext(base)[0]]
    while _is_package_dir(d):
        up, name = os.path.split(d)
        if up == d:
            break
        parts.append(name)
        d = up
    return ".".join(reversed(parts)), is_pkg


def package_base(path: str) -> str:
    """The first folder above ``path`` that is not a package: where its top package is importable from."""
    d = os.path.dirname(os.path.abspath(path))
    while _is_package_dir(d):
        up = os.path.dirname(d)
        if up == d:
            break
        d = up
    return d


_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", "tox.ini", ".git")


@lru_cache(maxsize=1024)
def project_root(folder: str) -> str | None:
    """Nearest folder at or above ``folder`` that holds a project marker file."""
    d = folder
    while True:
        if any(os.path.exists(os.path.join(d, m)) for m in _MARKERS):
            return d
        up = os.path.dirname(d)
        if up == d:
            return None
        d = up


def _bound(index: ProjectIndex, dotted: str) -> tuple[tuple | None, str | None]:
    """What ``pkg.mod.name`` is bound to in the project, following imports between its modules.

    Returns (binding, None) for a module-level binding other than an import; for ``pkg.mod.Cls.meth``
    (two names below the module) returns (None, "pkg.mod.Cls") so callers can look in the class.
    """
    for _ in range(MAX_DEPTH):
        located = index.find_module(dotted)
        if located is None:
            return None, None
        modname, path, _is_pkg = located
        rest = dotted.split(".")[len(modname.split(".")):]
        if len(rest) != 1:
            return None, (".".join(dotted.split(".")[:-1]) if len(rest) == 2 else None)
        info = index.module(modname, path)
        bound = info.scope.names.get(rest[0]) if info is not None else None
        if bound is None and info is not None:  # re-exported by ``from .mod import *``: the first that binds it
            star = next((s for s in info.stars if _binds(index, s, rest[0])), None)
            bound = ("import", f"{star}.{rest[0]}") if star else None
        if bound is None:
            return None, None
        if bound[0] != "import":
            return bound, None
        dotted = bound[1]
    return None, None


def _binds(index: ProjectIndex, modname: str, name: str) -> bool:
    """Does project module ``modname`` bind ``name`` at its top (itself, not through its own stars)?"""
    located = index.find_module(modname)
    if located is None or located[0] != modname:
        return False
    info = index.module(located[0], located[1])
    return info is not None and name in info.scope.names


_TEST_DIRS = frozenset({"tests", "test", "testing"})


@lru_cache(maxsize=64)
def _has_own_packages(roots: tuple[str, ...]) -> bool:
    """Do the source roots hold a package of the project's own (not its tests)? Then a name found nowhere is a
    library that is not installed here, not the project's."""
    for root in roots:
        try:
            entries = list(os.scandir(root))
        except OSError:
            continue
        for e in entries:
            if e.name not in _TEST_DIRS and not e.name.startswith(".") and e.is_dir() and \
                    os.path.isfile(os.path.join(e.path, "__init__.py")):
                return True
    return False


def binds(index: ProjectIndex, modname: str, name: str) -> bool:
    """Does the project module ``modname`` bind ``name`` itself?"""
    return _binds(index, modname, name)


def module_value(index: ProjectIndex, dotted: str) -> tuple[tuple[str, ...], str | None] | None:
    """The value a project module binds a name to (``plugins = PluginManager()``, ``register = plugins.register``):
    its chain of names (``summary.OPAQUE`` for a literal and the like) and what that resolves to; None for
    functions, classes, imports and names not found."""
    bound, _owner = _bound(index, dotted)
    if bound is None or bound[0] != "value" or bound[1] is None:
        return None
    return bound[1], bound[2]


def made_by(index: ProjectIndex, dotted: str) -> str | None:
    """What makes a module-level object of the project: ``plugins = PluginManager()`` -> ``pkg.PluginManager``."""
    found = module_value(index, dotted)
    if found is None or found[0][-1] != "()" or found[1] is None:
        return None
    return found[1][:-2]


def _class_in(index: ProjectIndex, dotted: str) -> ClassInfo | None:
    """The project class a dotted name leads to, or None."""
    bound, _owner = _bound(index, dotted)
    return bound[1] if bound is not None and bound[0] == "class" else None


def class_bases(index: ProjectIndex, dotted: str) -> tuple[str, ...] | None:
    """Qualified names of the bases of the project class ``dotted`` (None: not a project class)."""
    cls = _class_in(index, dotted)
    return None if cls is None else cls.qualified_bases()


def class_method(index: ProjectIndex, dotted: str, name: str, depth: int = 0,
                 _seen: dict[str, int] | None = None) -> FuncInfo | None:
    """The method ``name`` of project class ``dotted`` or of its project bases."""
    seen = {} if _seen is None else _seen
    if depth > MAX_DEPTH or seen.get(dotted, depth + 1) <= depth:
        return None  # cyclic or diamond-shaped bases: a class again only from a shallower depth
    seen[dotted] = depth
    cls = _class_in(index, dotted)
    if cls is None:
        return None
    bound = cls.scope.names.get(name)
    if bound is not None and bound[0] == "func":
        return bound[1]
    for q in cls.qualified_bases():
        found = class_method(index, q, name, depth + 1, seen)
        if found is not None:
            return found
    return None


def function(index: ProjectIndex, dotted: str) -> FuncInfo | None:
    """The project function a dotted name leads to (``pkg.helpers.check_x``, ``pkg.Cls.meth``), or None."""
    bound, owner = _bound(index, dotted)
    if owner is not None:
        return class_method(index, owner, dotted.rsplit(".", 1)[-1])
    return bound[1] if bound is not None and bound[0] == "func" else None


def callable_of(index: ProjectIndex, dotted: str) -> FuncInfo | None:
    """The project function or method a call names: ``pkg.mod.fn``, ``pkg.mod.Cls.meth``, ``pkg.mod.Cls().meth``,
    or ``pkg.mod.service.meth`` where the module binds ``service = Service()``."""
    found = function(index, dotted)
    if found is not None or "." not in dotted:
        return found
    base, name = dotted.rsplit(".", 1)
    for _ in range(4):
        if base.endswith("()"):
            return class_method(index, base[:-2], name) if "()" not in base[:-2] else None
        bound, _owner = _bound(index, base)
        if bound is None or bound[0] != "value" or bound[1] is None:
            return None
        base = bound[2] or ""
        if not base.endswith("()"):
            return None
    return None


def factory_model(index: ProjectIndex, dotted: str) -> str | None:
    """The model a factory_boy factory class of the project makes (its ``class Meta: model = Repo``), or None."""
    cls = _class_in(index, dotted)
    for _ in range(4):
        if cls is None:
            return None
        meta = cls.scope.names.get("Meta")
        if meta is not None and meta[0] == "class":
            bound = meta[1].scope.names.get("model")
            if bound is not None and bound[0] == "value" and bound[1] is not None:
                return bound[2]
        bases = [b for b in cls.qualified_bases() if not index.is_library(b)]
        cls = _class_in(index, bases[0]) if bases else None
    return None
