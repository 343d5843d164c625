"""Options of the plugin, their defaults, and the one object the rest of the code reads."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from .resolve.source import DEFAULT_MAX_MODULE_BYTES

if TYPE_CHECKING:
    from .resolve.known import Entry

DEFAULT_TEST_FILES = ("test_*.py", "*_test.py", "tests.py", "conftest.py", "tests/", "test/")
DEFAULT_SOURCE_ROOTS = (".", "src")
# environment variables that say where a framework's settings are (manage.py and wsgi.py set them too)
DEFAULT_ALLOWED_ENV = ("DJANGO_SETTINGS_MODULE", "DJANGO_CONFIGURATION")
# API SDKs that send HTTP themselves (resolve.known describes each; any call through them is a send)
HTTP_SDK_MODULES = (
    "acme.client", "anthropic", "boto3", "botocore", "google.cloud", "google.genai", "googleapiclient", "openai",
    "requests_oauthlib", "sendgrid", "shopify", "slack_sdk", "stripe", "twilio.rest", "zeep",
)
HTTP_MODULES = ("aiohttp", "http.client", "httpcore", "httpx", "requests", "urllib.request", "urllib3",
                *HTTP_SDK_MODULES)
DB_MODULES = (
    "MySQLdb", "aiosqlite", "asyncpg", "django.db", "flask_sqlalchemy", "motor", "peewee", "psycopg",
    "psycopg2", "psycopg_pool", "pymongo", "pymysql", "redis", "sqlalchemy", "sqlite3", "sqlmodel", "tortoise",
)


# The audit's deductions and their points (settable in [tool.flake8-mock-misuse.weights]; see audit/score.py)
DEFAULT_WEIGHTS = {"no-smoke": 30, "no-fresh-start": 20, "mocked-integration-points": 15, "no-end-to-end": 25,
                   "internal-calls": 10}

# The plugin's list options (spelled ``--mock-misuse-<name>`` in flake8, ``<name>`` in [tool.flake8-mock-misuse]):
# name -> (Config field, default, help).  Each also has an ``extend-<name>`` twin that adds to it.
LIST_OPTIONS = {
    "test-files": ("test_files", DEFAULT_TEST_FILES,
                   "Globs of files to analyse; a glob ending in '/' names a folder anywhere above the file."),
    "http-modules": ("http_modules", HTTP_MODULES, "HTTP client modules whose patching is MM101."),
    "db-modules": ("db_modules", DB_MODULES, "Database modules whose patching is MM111."),
    "allowed-targets": ("allowed_targets", (), "Glob patterns of mock targets never to report."),
    "source-roots": ("source_roots", DEFAULT_SOURCE_ROOTS,
                     "Folders where the project's own modules are found (besides the file's own project)."),
    "allowed-env": ("allowed_env", DEFAULT_ALLOWED_ENV,
                    "Environment variables a conftest.py or test module may set at import time (MM406)."),
}


class Config(NamedTuple):
    """The plugin's options, immutable (a worker process of the audit receives it pickled)."""

    test_files: tuple[str, ...] = DEFAULT_TEST_FILES
    http_modules: tuple[str, ...] = HTTP_MODULES
    db_modules: tuple[str, ...] = DB_MODULES
    allowed_targets: tuple[str, ...] = ()
    source_roots: tuple[str, ...] = DEFAULT_SOURCE_ROOTS
    allowed_env: tuple[str, ...] = DEFAULT_ALLOWED_ENV
    infer: bool = True  # the second tier: astroid's inference in installed packages
    max_module_bytes: int = DEFAULT_MAX_MODULE_BYTES  # project and support modules past this size are not read

    @property
    def integrations(self) -> dict[str, Entry]:
        """The library table, narrowed to the configured module lists and extended by them."""
        return _integrations(self.http_modules, self.db_modules)


@lru_cache(maxsize=32)
def _integrations(http_modules: tuple[str, ...], db_modules: tuple[str, ...]) -> dict[str, Entry]:
    from .resolve import known  # not at import: the plugin reads Config for every file, test file or not

    table: dict[str, known.Entry] = {}
    for kind, mods in ((known.HTTP, http_modules), (known.DB, db_modules)):
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


_ASCII_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")


def _is_module_name(text: str) -> bool:
    """A dotted name of identifiers that start with an ASCII letter or an underscore."""
    return all(part.isidentifier() and part[0] in _ASCII_START for part in text.split("."))


def invalid_option(opt: str, items: tuple[str, ...]) -> str | None:
    """What is wrong with a list option's value (None: nothing), the same for the plugin, the audit and check."""
    if opt in ("http-modules", "db-modules"):
        bad = [i for i in items if not _is_module_name(i)]
        if bad:
            return f"not a module name: {bad[0]!r} (expected dotted names such as 'requests' or 'django.db')"
    if opt == "allowed-env":
        bad = [i for i in items if not i.replace("_", "a").isalnum() or not i.isascii()]
        if bad:
            return f"not an environment variable name: {bad[0]!r}"
    if opt == "test-files" and not items:
        return "needs at least one pattern (for example 'test_*.py,tests/')"
    return None
