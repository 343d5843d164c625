# logic: facts.py (ops), writes.py, restores.py (leaks)
# fixtures: rules/mm405_bad.py, rules/mm405_good.py, rules/mm405_bad.txt (golden output)
"""
## What it does
Finds a test, fixture, `setUp`/`setUpClass` hook or test helper that changes state of the
code under test that outlives it, and does not put it back:

- settings: `settings.DEBUG = True` on `django.conf.settings` or on the project's own
  settings object (Pydantic, Dynaconf, a config module), `settings.INSTALLED_APPS.append(...)`,
  `get_settings().debug = True` on a cached settings factory;
- an app built once: `app.config["TESTING"] = True`, `app.config.update(...)`,
  `app.dependency_overrides[get_db] = fake_db` on an app imported from the project or
  built at module level;
- a project module or class: `orders.TIMEOUT = 1`, `orders.send = fake_send`,
  `Order.discount = 0.5`, `setattr(orders, "TIMEOUT", 1)`, `del Order.cache`,
  `orders.REGISTRY["x"] = ...`, and a decorator re-applied by hand
  (`orders.place = retry(orders.place)`);
- an entry in a registry that stays until it is removed: `signal.connect(receiver)` on a
  project or Django/Flask signal, `plugins.register(FakePlugin)`, or `register(FakePlugin)`
  where the project binds `register = plugins.register` with `unregister` beside it;
- a class of an installed library: `httpx.Client.request = Mock()`;
- a project class or module handed to a helper function of the test module that writes an
  attribute of its parameter (`_set_mode(pricing.Handler, "fast")` with
  `def _set_mode(cls, mode): cls.mode = mode`), followed one call deep and reported on the
  call;
- what a shared web app keeps once a test adds it: `app.add_url_rule(...)`, `app.route(...)`,
  `register_blueprint`, request hooks, error handlers, `include_router`, `add_middleware`;
- the object of a `package`- or `module`-scoped fixture (`app.config[...]` on the app of a
  `scope="package"` fixture), and `current_app.config` when a wide-scoped fixture pushes one
  app context for many tests.

A restore that a failing check skips is not a restore: `old = orders.RATE; orders.RATE = 0.5;
assert ...; orders.RATE = old` (no `try/finally`) leaves 0.5 behind as soon as the assert
fails, and so does `connect(...)` ... `disconnect(...)` at the end of the test. The message
then says so and names the line of the late restore.

## Why is this bad?
Modules, classes, settings objects and apps are created once per process: what a test
writes into them is there for every test after it, so later tests pass or fail depending
on what ran before, and they run against a configuration production never has.

## Example
```python
from shop import settings

def test_free_shipping():
    settings.FREE_SHIPPING = True
    assert shipping_cost(order) == 0
```

## Use instead
```python
def test_free_shipping(monkeypatch):
    monkeypatch.setattr(settings, "FREE_SHIPPING", True)
    assert shipping_cost(order) == 0
```
With Django: `@override_settings(FREE_SHIPPING=True)` or pytest-django's `settings`
fixture. For an app: build it per test with the app factory in a fixture, or
`app.dependency_overrides.clear()` after `yield`.

## Options
None.

## Known problems
- Restored means: `monkeypatch.setattr`/`setitem`, `patch`/`patch.object`/`patch.dict` of
  it or of an object it belongs to (also `mocker.patch.object`), `override_settings`/
  `modify_settings`/`self.settings(...)` (as a decorator of the test or its class, or a
  `with` block), a context manager or decorator whose name says it overrides settings or
  config or restores state (`restore_execv_state()`, `@clear_edit_handler(Page)`), a later
  write to the same attribute or item in the same test (`finally`, after a fixture's
  `yield`, `addCleanup(setattr, ...)`), a reset call on the object (`REGISTRY.reset()`,
  `get_settings.cache_clear()`, `importlib.reload(settings)`), the same write in `setUp`
  before each test of the class, or a `tearDown` hook, an `autouse` fixture of the file or
  a `conftest.py` above it, or a fixture the test uses that puts it back (itself, or through
  a helper function of its own module it hands the object to, followed one call deep) or whose
  name says it does (`teardown_profiling`, `reset_settings`). A wide-scoped fixture that yields
  a module-level object (`yield settings`) is that object: what a test writes through the
  fixture and what a cleanup writes through the module meet.
- Fixtures that come from pytest plugins (`pytest_plugins = "app.testing"`, `pytest11` entry
  points) are not found: a session app handed in that way is not known to be shared.
- Writing `None`, `0`, `""` or an empty container to a module or class attribute (a cache
  put back to its start: `module._memo = None`), deleting an attribute (`del DNS_NAME._fqdn`:
  a cached value computed again), and keeping an original (`mod.orig_send = mod.send`) are
  not reported. On settings and config objects (names with `settings`, `config`, `conf`,
  `options`) such values are configuration (`settings.RETENTION_DAYS = 0`,
  `app.config["ALLOWED"] = []`) and are reported; `_private` names are not.
- `importlib.reload(module)` of a project module under `@override_settings` (or inside
  `with override_settings(...)`) rebuilds the module with the test's settings, and the module
  keeps what it built once the settings are put back: reported, unless the module is reloaded
  again in a cleanup. A reload outside an override starts the module over and is a reset.
- `override_settings` and pytest-django's `settings` put back settings only: a class attribute
  written under them (`ReportView.page_size = 5`) is still reported.
- A `setUp` that writes a project attribute again before each test of its class does not
  restore it for the classes and files that run after: the tests' writes are reported there
  (the `setUp` write itself is not, when the class's tests write the same attribute).
- Writes in `session`-scoped fixtures are set-up for the whole run, like a `conftest.py` at
  import time: they are not reported. Neither is a `setUp` that puts a module attribute back
  to an object the code's own configuration makes (`serve.storage = storages["media"]`,
  `pricing.limiter = RateLimiter()`): a reset before each test.
- A signal receiver defined in the test (a function or lambda) is held weakly by Django's and
  blinker's signals and goes when the test ends: not reported unless `weak=False`. A `Mock`
  receiver is kept (its children refer back to it) and is reported.
- pytest-django's `settings` fixture, objects made per test (an app from a factory in a
  fixture, `self.app` made in `setUp`), attributes of `self`, context-local proxies
  (`flask.g`, `flask.session`, `flask.request`) and items or attributes of elements of a
  project collection (`backends["us-east-1"].stacks[i].status`) are never reported.
- The project's own modules (found under the source roots; when the roots hold no package of
  the project's at all, as with a hook handed the test files alone, a top-level package that
  is neither the standard library, a library the tables know, nor installed is taken for the
  project's), Django's settings and classes of libraries are
  followed. Module attributes of libraries (`sys.argv`, `requests.get = ...`) and anything of
  `logging`, `warnings`, `unittest`/`mock`, `pytest`, `structlog`, `loguru`, `freezegun`,
  `factory` and `hypothesis` are not reported. Item writes and container methods are reported
  only on settings, configs, registries, dependency overrides and UPPER_CASE constants of the
  project.
- When the code under test itself puts the state back (a test that sets a cache, calls the
  function that clears it and asserts that it did), the write is still reported.
- Writes at import time are reported as MM406.
- Where the finding sits: on the write to the settings, app config or attribute
  (`settings.FREE_SHIPPING = True`, `setattr(...)`); the `# noqa` goes on that line.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts
from .vocabulary import REMOVE, is_project_state, not_restored, who

CODE = "MM405"
SUMMARY = "Project state (settings, app config, module or class attribute) changed and not restored"


def check(facts: Facts) -> Iterator[Finding]:
    seen: set[tuple[int, str]] = set()
    for op in facts.restores.leaks:
        if not is_project_state(op):
            continue
        key = (id(op.actor), op.full)
        if key in seen:
            continue
        seen.add(key)
        called = op.shown.endswith(")") or op.shown.startswith("reload(")
        verb = "calls" if called else "removes" if op.kind == REMOVE else "sets"
        late = facts.restores.late_restore(op)
        yield Finding.at(
            op.node, CODE,
            f"{who(op.actor)} {verb} {op.shown} and {not_restored(late)}: every later test runs against this "
            "state; use monkeypatch.setattr/setitem, patch.object or override_settings, or restore it after the test",
        )
