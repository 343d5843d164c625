"""Classify a resolved dotted name as an integration point (HTTP client, database) or nothing."""

from __future__ import annotations

from collections.abc import Mapping

from .._lazy import LazyRegex
from . import known
from .names import strip_calls


class Integration:
    __slots__ = ("kind", "family", "resolved", "sender", "maker")

    def __init__(self, kind: str, family: str, resolved: str, sender: bool = False, maker: bool = False) -> None:
        self.kind = kind  # known.HTTP or known.DB
        self.family = family  # "requests", "SQLAlchemy", "Django ORM", ...
        self.resolved = resolved  # the library name it resolved to, e.g. "sqlalchemy.orm.Session().query"
        self.sender = sender  # a project function that makes the ``resolved`` call, not the library itself
        self.maker = maker  # a project function that makes and returns the client or session (a factory);
        # ``resolved`` is then what it makes (``app.clients.StripeAdapter()``)

    @property
    def what(self) -> str:
        return "HTTP client" if self.kind == known.HTTP else "database"


def classify_known(dotted: str, table: Mapping[str, known.Entry] = known.INTEGRATIONS) -> Integration | None:
    """Classify a name that starts at a known library (``requests.post``)."""
    plain = strip_calls(dotted)
    parts = plain.split(".")
    stub = next((m for p, m in known.TYPE_STUB_PREFIXES.items() if parts[0].startswith(p)), None)
    if stub is not None:  # the SDK's client, by the name its type stubs give it
        entry = table.get(stub)
        return Integration(entry.kind, entry.family, dotted) if entry and parts[-1].endswith("Client") else None
    for i in range(len(parts), 0, -1):
        prefix = ".".join(parts[:i])
        entry = table.get(prefix)
        if entry is None:
            continue
        rest = parts[i:]
        if not rest or entry.attrs is None or rest[0] in entry.attrs:
            return Integration(entry.kind, entry.family, dotted)
        return None
    return None


_DYNAMIC_MODEL = LazyRegex(r"(?:^|\.)(?:get_user_model|get_\w+_model|get_model)\(\)\.(\w+)",
                           needs=("_model().",))


def classify_django_model(dotted: str) -> Integration | None:
    """``User.objects`` for a known contrib model, or ``get_user_model().objects`` (a model looked up at run time)."""
    for model, family in known.KNOWN_MODELS.items():
        if dotted.startswith(model + "."):
            rest = strip_calls(dotted[len(model) + 1:]).split(".")
            if rest[0] in known.MODEL_DB_ATTRS:
                return Integration(known.DB, family, dotted)
    m = _DYNAMIC_MODEL.search(dotted)
    if m and m.group(1) in known.MODEL_DB_ATTRS:
        return Integration(known.DB, "Django ORM", dotted)
    return None


def classify_model_attr(base: str, attrs: list[str]) -> Integration | None:
    """A class deriving from an ORM model base, patched whole or at a persistence attribute."""
    family = known.MODEL_BASES.get(base)
    if family is None:
        return None
    plain = [a for a in attrs if a != "()"]
    if not plain or plain[0] in known.MODEL_DB_ATTRS:
        return Integration(known.DB, family, ".".join([base, *plain]))
    return None


def known_top_level(dotted: str, table: Mapping[str, known.Entry] = known.INTEGRATIONS) -> str | None:
    """Fallback when a project module cannot be read: ``app.notify.requests.post`` -> ``requests.post``.

    Only the first segment after the head is tried against library *top-level* names that
    are unambiguous as attribute names (a module imported into the code under test).
    """
    parts = strip_calls(dotted).split(".")
    for i in range(1, len(parts)):
        if parts[i] in table and parts[i] not in _AMBIGUOUS_TOPS:
            return ".".join(parts[i:])
    return None


# Library names that are also common attribute names of a project's own objects
# (``app.cache.redis`` is often the project's wrapper): not used by the fallback.
_AMBIGUOUS_TOPS = frozenset({"redis", "motor", "tortoise", "peewee"})
