"""Options of the plugin, their defaults, and the one object the rest of the code reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .resolve import known

DEFAULT_TEST_FILES = ("test_*.py", "*_test.py", "tests.py", "conftest.py", "tests/", "test/")
DEFAULT_SOURCE_ROOTS = (".", "src")
HTTP_MODULES = ("aiohttp", "http.client", "httpcore", "httpx", "requests", "urllib.request", "urllib3")
DB_MODULES = (
    "MySQLdb", "aiosqlite", "asyncpg", "django.db", "flask_sqlalchemy", "motor", "peewee", "psycopg",
    "psycopg2", "psycopg_pool", "pymongo", "pymysql", "redis", "sqlalchemy", "sqlite3", "sqlmodel", "tortoise",
)


@dataclass(frozen=True)
class Config:
    test_files: tuple[str, ...] = DEFAULT_TEST_FILES
    http_modules: tuple[str, ...] = HTTP_MODULES
    db_modules: tuple[str, ...] = DB_MODULES
    allowed_targets: tuple[str, ...] = ()
    source_roots: tuple[str, ...] = DEFAULT_SOURCE_ROOTS
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @cached_property
    def integrations(self) -> dict[str, known.Entry]:
        """The library table, narrowed to the configured module lists and extended by them."""
        table: dict[str, known.Entry] = {}
        for kind, mods in ((known.HTTP, self.http_modules), (known.DB, self.db_modules)):
            wanted = set(mods)
            for prefix, entry in known.INTEGRATIONS.items():
                if entry.kind == kind and any(prefix == m or prefix.startswith(m + ".") for m in wanted):
                    table[prefix] = entry
            for m in wanted:
                if not any(p == m or p.startswith(m + ".") for p in table):
                    table[m] = known.Entry(kind, m, None)  # a module the user added: all of it counts
        return table
