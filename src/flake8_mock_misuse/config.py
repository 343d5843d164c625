"""Options of the plugin, their defaults, and the one object the rest of the code reads."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ._frozen import Frozen

if TYPE_CHECKING:
    from .resolve import known

DEFAULT_TEST_FILES = ("test_*.py", "*_test.py", "tests.py", "conftest.py", "tests/", "test/")
DEFAULT_SOURCE_ROOTS = (".", "src")
HTTP_MODULES = ("aiohttp", "http.client", "httpcore", "httpx", "requests", "urllib.request", "urllib3")
DB_MODULES = (
    "MySQLdb", "aiosqlite", "asyncpg", "django.db", "flask_sqlalchemy", "motor", "peewee", "psycopg",
    "psycopg2", "psycopg_pool", "pymongo", "pymysql", "redis", "sqlalchemy", "sqlite3", "sqlmodel", "tortoise",
)
_FIELDS = ("test_files", "http_modules", "db_modules", "allowed_targets", "source_roots")


class Config(Frozen):
    """Immutable; equal and hashed by its option values (``extra`` does not count).

    A plain class, not a dataclass: the flake8 plugin imports this for every file, so it must cost nothing.
    """

    def __init__(
        self,
        test_files: tuple[str, ...] = DEFAULT_TEST_FILES,
        http_modules: tuple[str, ...] = HTTP_MODULES,
        db_modules: tuple[str, ...] = DB_MODULES,
        allowed_targets: tuple[str, ...] = (),
        source_roots: tuple[str, ...] = DEFAULT_SOURCE_ROOTS,
        extra: dict | None = None,
    ) -> None:
        d = self.__dict__
        d["test_files"] = test_files
        d["http_modules"] = http_modules
        d["db_modules"] = db_modules
        d["allowed_targets"] = allowed_targets
        d["source_roots"] = source_roots
        d["extra"] = {} if extra is None else extra

    def _key(self) -> tuple:
        return self.test_files, self.http_modules, self.db_modules, self.allowed_targets, self.source_roots

    def __repr__(self) -> str:
        fields = ", ".join(f"{f}={getattr(self, f)!r}" for f in (*_FIELDS, "extra"))
        return f"{self.__class__.__qualname__}({fields})"

    @cached_property
    def integrations(self) -> dict[str, known.Entry]:
        """The library table, narrowed to the configured module lists and extended by them."""
        from .resolve import known  # not at import: the plugin reads Config for every file, test file or not

        table: dict[str, known.Entry] = {}
        for kind, mods in ((known.HTTP, self.http_modules), (known.DB, self.db_modules)):
            wanted = dict.fromkeys(mods)
            for prefix, entry in known.INTEGRATIONS.items():
                if entry.kind == kind and any(p in wanted for p in _dotted_prefixes(prefix)):
                    table[prefix] = entry
            covered = {p for key in table for p in _dotted_prefixes(key)}
            for m in wanted:
                if m not in covered:
                    table[m] = known.Entry(kind, m, None)  # a module the user added: all of it counts
        return table


def _dotted_prefixes(name: str) -> list[str]:
    """``a.b.c`` -> ``a``, ``a.b``, ``a.b.c``."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
