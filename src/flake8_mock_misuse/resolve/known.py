"""Tables of known libraries.  Data, not logic: rules and resolvers read these.

Each integration entry maps a module (or dotted prefix) to what replacing it means.
``attrs`` lists the first attribute names below the prefix that count (``None``:
the module itself and every attribute).  Longest prefix wins.
"""

from __future__ import annotations

HTTP = "http"
DB = "db"


class Entry:
    __slots__ = ("kind", "family", "attrs")

    def __init__(self, kind: str, family: str, attrs: frozenset[str] | None = None) -> None:
        self.kind = kind  # HTTP or DB
        self.family = family  # human name of the library
        self.attrs = attrs  # first attributes that count; None: all


def _e(kind: str, family: str, *attrs: str) -> Entry:
    return Entry(kind, family, frozenset(attrs) if attrs else None)


_REQ_VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request")

# HTTP API SDKs: every client, resource and call of theirs sends a request over HTTP. Their top-level
# names are config.HTTP_SDK_MODULES (the option's default; tests/test_resolution_unit.py keeps the two alike).
SDK_INTEGRATIONS: dict[str, Entry] = {
    "requests_oauthlib": _e(HTTP, "requests-oauthlib", "OAuth1Session", "OAuth2Session", "oauth1_session",
                            "oauth2_session"),
    "stripe": _e(HTTP, "Stripe SDK"),
    "boto3": _e(HTTP, "boto3 (AWS SDK)", "client", "resource", "Session", "session"),
    "botocore": _e(HTTP, "botocore (AWS SDK)", "client"),
    "botocore.client": _e(HTTP, "botocore (AWS SDK)", "BaseClient"),
    "botocore.endpoint": _e(HTTP, "botocore (AWS SDK)", "Endpoint"),
    "botocore.httpsession": _e(HTTP, "botocore (AWS SDK)", "URLLib3Session"),
    "openai": _e(HTTP, "OpenAI SDK"),
    "anthropic": _e(HTTP, "Anthropic SDK"),
    "google.cloud": _e(HTTP, "Google Cloud SDK"),
    "google.genai": _e(HTTP, "Google GenAI SDK"),
    "googleapiclient": _e(HTTP, "Google API client", "discovery", "http"),
    "slack_sdk": _e(HTTP, "Slack SDK"),
    "twilio.rest": _e(HTTP, "Twilio SDK"),
    "sendgrid": _e(HTTP, "SendGrid SDK", "SendGridAPIClient", "sendgrid"),
    "acme.client": _e(HTTP, "ACME client", "ClientV2", "ClientNetwork", "Client"),
    "zeep": _e(HTTP, "zeep (SOAP)", "Client", "AsyncClient", "transports"),
    "shopify": _e(HTTP, "ShopifyAPI SDK"),
}

INTEGRATIONS: dict[str, Entry] = {
    # --- outgoing HTTP clients -------------------------------------------------------
    "requests": _e(HTTP, "requests", *_REQ_VERBS, "Session", "session", "sessions", "api", "adapters"),
    "requests.sessions": _e(HTTP, "requests", "Session", "session"),
    "requests.api": _e(HTTP, "requests", *_REQ_VERBS),
    "requests.adapters": _e(HTTP, "requests", "HTTPAdapter", "BaseAdapter"),
    "httpx": _e(
        HTTP, "httpx", *_REQ_VERBS, "stream", "Client", "AsyncClient", "HTTPTransport", "AsyncHTTPTransport",
    ),
    "httpx._client": _e(HTTP, "httpx", "Client", "AsyncClient"),
    "httpx._api": _e(HTTP, "httpx", *_REQ_VERBS, "stream"),
    "urllib3": _e(
        HTTP, "urllib3", "request", "PoolManager", "ProxyManager", "HTTPConnectionPool",
        "HTTPSConnectionPool", "connectionpool", "poolmanager", "connection_from_url",
    ),
    "urllib3.connectionpool": _e(HTTP, "urllib3", "HTTPConnectionPool", "HTTPSConnectionPool"),
    "urllib3.poolmanager": _e(HTTP, "urllib3", "PoolManager", "ProxyManager"),
    "urllib.request": _e(HTTP, "urllib", "urlopen", "urlretrieve", "build_opener", "OpenerDirector"),
    "http.client": _e(HTTP, "http.client", "HTTPConnection", "HTTPSConnection"),
    "aiohttp": _e(HTTP, "aiohttp", "ClientSession", "request", "client", "TCPConnector"),
    "aiohttp.client": _e(HTTP, "aiohttp", "ClientSession", "request"),
    "httpcore": _e(
        HTTP, "httpcore", "request", "stream", "ConnectionPool", "AsyncConnectionPool", "HTTPConnection",
        "AsyncHTTPConnection", "HTTPProxy", "AsyncHTTPProxy",
    ),
    **SDK_INTEGRATIONS,
    # --- databases, ORMs and their sessions ------------------------------------------
    "sqlalchemy": _e(
        DB, "SQLAlchemy", "create_engine", "engine", "Engine", "Connection", "orm", "ext",
        "engine_from_config", "pool", "inspect", "Inspector",
    ),
    "sqlalchemy.orm": _e(
        DB, "SQLAlchemy", "Session", "sessionmaker", "scoped_session", "Query", "session", "query",
        "declarative_base", "DeclarativeBase",
    ),
    "sqlalchemy.orm.session": _e(DB, "SQLAlchemy", "Session", "sessionmaker"),
    "sqlalchemy.engine": _e(DB, "SQLAlchemy", "Engine", "Connection", "create_engine", "base", "reflection"),
    "sqlalchemy.ext.asyncio": _e(
        DB, "SQLAlchemy", "AsyncSession", "AsyncEngine", "AsyncConnection", "create_async_engine",
        "async_sessionmaker", "async_scoped_session",
    ),
    "sqlmodel": _e(DB, "SQLModel", "Session", "create_engine"),
    "flask_sqlalchemy": _e(DB, "Flask-SQLAlchemy", "SQLAlchemy"),
    "django.db": _e(DB, "Django ORM", "connection", "connections", "transaction", "router", "backends"),
    "django.db.models": _e(DB, "Django ORM", "Manager", "QuerySet", "query", "manager"),
    "django.db.models.query": _e(DB, "Django ORM", "QuerySet"),
    "django.db.models.manager": _e(DB, "Django ORM", "Manager", "BaseManager"),
    "psycopg2": _e(DB, "psycopg2", "connect", "extensions", "pool", "extras"),
    "psycopg2.extensions": _e(DB, "psycopg2", "connection", "cursor"),
    "psycopg": _e(DB, "psycopg", "connect", "Connection", "AsyncConnection", "Cursor", "AsyncCursor"),
    "psycopg_pool": _e(DB, "psycopg", "ConnectionPool", "AsyncConnectionPool"),
    "pymysql": _e(DB, "PyMySQL", "connect", "Connect", "connections", "cursors"),
    "MySQLdb": _e(DB, "MySQLdb", "connect", "Connect", "connections", "cursors"),
    "sqlite3": _e(DB, "sqlite3", "connect", "Connection", "Cursor"),
    "asyncpg": _e(DB, "asyncpg", "connect", "create_pool", "Connection", "Pool", "connection", "pool"),
    "aiosqlite": _e(DB, "aiosqlite", "connect", "Connection", "Cursor"),
    "pymongo": _e(DB, "pymongo", "MongoClient", "collection", "database", "mongo_client"),
    "pymongo.collection": _e(DB, "pymongo", "Collection"),
    "pymongo.database": _e(DB, "pymongo", "Database"),
    "motor": _e(DB, "motor", "motor_asyncio"),
    "motor.motor_asyncio": _e(DB, "motor", "AsyncIOMotorClient", "AsyncIOMotorDatabase", "AsyncIOMotorCollection"),
    "peewee": _e(DB, "peewee", "Database", "SqliteDatabase", "PostgresqlDatabase", "MySQLDatabase"),
    "tortoise": _e(DB, "Tortoise ORM", "Tortoise", "transactions", "connections"),
    "redis": _e(DB, "redis", "Redis", "StrictRedis", "from_url", "client", "asyncio", "ConnectionPool", "cluster"),
    "redis.asyncio": _e(DB, "redis", "Redis", "from_url", "ConnectionPool"),
    "redis.client": _e(DB, "redis", "Redis", "StrictRedis"),
}

# Top-level packages of the HTTP API SDKs above: any call through a name imported from one may send a request
# (``stripe.PaymentIntent.retrieve_async(...)``), whatever its last name; a mock specced on one of their classes
# stands in for a client only when the class is one (``Client``, ``Session``), else for a data object it returns.
SDK_TOPS = frozenset(m.split(".", 1)[0] for m in SDK_INTEGRATIONS)
SDK_CLIENT_SUFFIXES = ("Client", "Session", "ClientV2", "Network", "client", "session", "resource")
# Type-stub packages, one per service, that typed code annotates an SDK's clients with
# (``mypy_boto3_sqs.client.SQSClient``): their ``...Client`` classes are that SDK's clients.
TYPE_STUB_PREFIXES = {"mypy_boto3_": "boto3"}

# Names of exception classes: an exception of a library is data, not its client, and raising one is no work.
EXCEPTION_ENDINGS = ("Error", "Exception")

# Base classes whose subclasses are ORM models: the class itself or these attributes
# of it, patched, replace the database.
MODEL_BASES: dict[str, str] = {
    "django.db.models.Model": "Django ORM",
    "django.db.models.base.Model": "Django ORM",
    "peewee.Model": "peewee",
    "tortoise.models.Model": "Tortoise ORM",
    "tortoise.Model": "Tortoise ORM",
    "flask_sqlalchemy.SQLAlchemy().Model": "Flask-SQLAlchemy",
}
# What a model class itself resolves to: a mock specced on one (``MagicMock(spec=Order)``) stands in for a row,
# it replaces no database (its persistence attributes patched, ``Order.objects``, do).
MODEL_CLASSES = frozenset({
    *(b.replace("()", "") for b in MODEL_BASES), "sqlalchemy.orm.DeclarativeBase", "sqlalchemy.orm.declarative_base",
    "sqlalchemy.ext.declarative.declarative_base", "sqlmodel.SQLModel",
})
# Models of installed apps whose source is not read (not the project's): known by name.
KNOWN_MODELS: dict[str, str] = {
    name: "Django ORM"
    for name in (
        "django.contrib.contenttypes.models.ContentType", "django.contrib.auth.models.User",
        "django.contrib.auth.models.Group", "django.contrib.auth.models.Permission",
        "django.contrib.sites.models.Site", "django.contrib.sessions.models.Session",
        "django.contrib.admin.models.LogEntry", "django.contrib.flatpages.models.FlatPage",
        "django.contrib.redirects.models.Redirect",
    )
}
MODEL_DB_ATTRS = frozenset(
    {
        "objects", "_default_manager", "_base_manager", "save", "delete", "refresh_from_db",
        "query", "select", "create", "get", "get_or_none", "get_or_create", "filter", "update",
        "insert", "bulk_create",
    }
)

# The mock API, by canonical qualified name.  The `mock` backport and pytest-mock's
# `mocker` are mapped onto unittest.mock names by resolve.names.
PATCH = "unittest.mock.patch"
PATCH_OBJECT = "unittest.mock.patch.object"
PATCH_MULTIPLE = "unittest.mock.patch.multiple"
MOCK_CLASSES = frozenset(
    "unittest.mock." + n
    for n in ("Mock", "MagicMock", "AsyncMock", "NonCallableMock", "NonCallableMagicMock")
)
CREATE_AUTOSPEC = "unittest.mock.create_autospec"
STUB_FACTORIES = frozenset({"types.SimpleNamespace", "pretend.stub", "argparse.Namespace"})

# pytest fixtures that are mock/patch factories, by parameter name.
MOCKER_FIXTURES = frozenset({"mocker", "module_mocker", "class_mocker", "package_mocker", "session_mocker"})
MONKEYPATCH_FIXTURES = frozenset({"monkeypatch"})
MONKEYPATCH_FACTORIES = frozenset({"pytest.MonkeyPatch()", "pytest.MonkeyPatch.context()",
                                   "_pytest.monkeypatch.MonkeyPatch()", "_pytest.monkeypatch.MonkeyPatch.context()"})

# Test case base classes: a class deriving from one of these (or from any class whose
# name ends in "TestCase") holds unittest-style tests.
TESTCASE_BASES = frozenset(
    {
        "unittest.TestCase", "unittest.case.TestCase", "unittest.IsolatedAsyncioTestCase",
        "django.test.TestCase", "django.test.SimpleTestCase", "django.test.TransactionTestCase",
        "django.test.LiveServerTestCase", "django.contrib.staticfiles.testing.StaticLiveServerTestCase",
        "rest_framework.test.APITestCase", "rest_framework.test.APISimpleTestCase",
        "rest_framework.test.APITransactionTestCase", "rest_framework.test.APILiveServerTestCase",
        "twisted.trial.unittest.TestCase", "tornado.testing.AsyncTestCase", "tornado.testing.AsyncHTTPTestCase",
        "aiohttp.test_utils.AioHTTPTestCase", "flask_testing.TestCase", "asynctest.TestCase",
    }
)

# Web frameworks, by the module a project imports: MM3xx applies to projects that use one.
WEB_FRAMEWORKS: dict[str, str] = {
    "django": "Django", "rest_framework": "Django REST framework", "flask": "Flask", "fastapi": "FastAPI",
    "starlette": "Starlette", "aiohttp.web": "aiohttp", "falcon": "Falcon", "pyramid": "Pyramid",
    "tornado.web": "Tornado", "sanic": "Sanic", "litestar": "Litestar", "quart": "Quart", "bottle": "Bottle",
}

# Route decorators (``@app.get(...)``, ``@bp.route(...)``, ``@router.post(...)``, ``@api_view``).
ROUTE_DECORATOR_ATTRS = frozenset(
    {"route", "get", "post", "put", "patch", "delete", "head", "options", "api_route", "websocket", "view",
     "add_route"}
)
ROUTE_DECORATOR_NAMES = frozenset({"api_view", "view_config", "notfound_view_config", "forbidden_view_config",
                                   "exception_view_config", "action"})
VIEW_BASES = frozenset(
    {"django.views.View", "django.views.generic.View", "django.views.generic.base.View",
     "rest_framework.views.APIView", "rest_framework.viewsets.ViewSet", "rest_framework.viewsets.GenericViewSet",
     "rest_framework.viewsets.ModelViewSet", "rest_framework.viewsets.ReadOnlyModelViewSet",
     "rest_framework.generics.GenericAPIView", "flask.views.MethodView", "flask.views.View",
     "starlette.endpoints.HTTPEndpoint", "aiohttp.web.View", "tornado.web.RequestHandler"}
)

# Calls that go through an endpoint: a test client's verbs, or real HTTP.
# Model factories whose first argument is the model of the row they make.
MODEL_FACTORY_CALLS = frozenset({
    "django_dynamic_fixture.get", "django_dynamic_fixture.G", "django_dynamic_fixture.new",
    "django_dynamic_fixture.N", "model_bakery.baker.make", "model_bakery.baker.prepare", "model_mommy.mommy.make",
    "mixer.backend.django.mixer.blend",
})
# Calls that run a request path without a test client: management commands, GraphQL queries against the schema.
ENTRY_POINT_CALLS = frozenset({
    "django.core.management.call_command", "graphql.execute", "graphql.execute_sync", "graphql.graphql",
    "graphql.graphql_sync", "graphene.Schema.execute", "graphene.Schema.execute_async", "strawberry.Schema.execute",
    "strawberry.Schema.execute_sync", "click.testing.CliRunner.invoke", "typer.testing.CliRunner.invoke",
})
# Library calls that render or serialize rows: ORM writes before one arrange data for it (a template test).
ROW_CONSUMERS = frozenset({
    "django.template.loader.render_to_string", "django.template.loader.get_template", "django.shortcuts.render",
    "django.template.Template", "django.template.Template.render", "django.core.serializers.serialize",
    "flask.render_template", "flask.templating.render_template", "jinja2.Template",
})
HTTP_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "open", "fetch",
                        "generic", "trace", "stream", "websocket_connect"})
BROWSER_VERBS = frozenset({"goto", "visit"})
