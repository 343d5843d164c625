# logic: facts.py (http_replacements), replacements.py, messages.py
# fixtures: rules/mm101_bad.py, rules/mm101_good.py, rules/mm101_bad.txt (golden output), projects/shop
"""
## What it does
Finds tests that replace an outgoing HTTP client with a mock: `requests`, `httpx`,
`urllib3`, `urllib.request`, `http.client` and `aiohttp` functions, sessions and clients,
whether reached directly (`patch("requests.post")`) or through the code under test
(`patch("billing.gateway.requests.post")`, `patch("app.notify.requests")`), and in every
mock form: `@patch`/`with patch(...)`/`patch(...).start()`, `patch.object`, `patch.multiple`,
`mocker.patch*`, `monkeypatch.setattr`, `create_autospec(requests.Session)` and
`Mock(spec=httpx.Client)`; API SDKs that send HTTP themselves (`stripe`, `boto3`, `openai`,
Google Cloud, Slack, Twilio, ...) count as clients, and so do the project's own classes
that wrap one (a class with a method that calls the client, patched whole or as an
instance: `patch("app.billing.stripe_service")`), and so do the project's factories that make
and return one (`def get_client() -> httpx.AsyncClient`, `return StripeAdapter(key)`).
A bare mock handed to a project function whose parameter is annotated as a client
(`def push(client: httpx.Client)`, `client: "SQSClient"` of the boto3 type stubs) is
reported where it is handed over. A mock specced on an SDK's data class
(`MagicMock(spec=stripe.Charge)`) stands in for a value it returns, not for the client,
and is not reported. Aliases (`import requests as rq`, `from unittest import mock as m`)
and the project's own objects (`patch.object(client, "session")` where the client made a
`requests.Session`) are resolved from the code, not guessed from spelling.

A patch that only injects a failure (`side_effect=ConnectionError`) or that is only checked
with `assert_not_called()` (a guard) is reported too: the HTTP stack is still kept out, and a
transport fake injects the same failure (`responses.post(url, body=ConnectionError())`) or
refuses every unregistered request with the real client in place. (The same two forms on a
database are not MM111: a real database is hard to make fail on cue.)

## Why is this bad?
A patched client never builds a request. The URL, the headers, the authentication, the
JSON encoding and the error handling of the real client are never exercised: the test
checks that the code calls a function you replaced, with arguments you expected. When the
remote side wants `Authorization` and the code sends `http-authorization`, the suite stays
green and production fails on the first request.

## Example
```python
from unittest.mock import patch

@patch("billing.gateway.requests.post")
def test_charge(post):
    post.return_value.json.return_value = {"status": "ok"}
    assert charge(100) == "ok"
```

## Use instead
Keep the real client and fake the network below it, so the request is really built and
sent through the client's own stack:
```python
import responses

@responses.activate
def test_charge():
    responses.post("https://pay.example/charges", json={"status": "ok"})
    assert charge(100) == "ok"
    assert responses.calls[0].request.headers["Authorization"].startswith("Bearer ")
```
`responses`, `requests-mock`, `respx`, `pytest-httpx`, `aioresponses`, `vcrpy` and
`httpx.MockTransport` are never reported. Better still, one smoke test sends a real
request to a real server.

## Options
- `mock-misuse-http-modules`: the HTTP client modules (default: `aiohttp, http.client,
  httpcore, httpx, requests, urllib.request, urllib3` and the API SDKs that send HTTP
  themselves: `acme.client, anthropic, boto3, botocore, google.cloud, google.genai,
  googleapiclient, openai, requests_oauthlib, sendgrid, slack_sdk, stripe, twilio.rest,
  zeep`); a module you add counts whole.
- `mock-misuse-allowed-targets`: glob patterns of targets never to report
  (e.g. `billing.gateway.requests.*`).
- `mock-misuse-source-roots`: where the project's own modules are found.

## Known problems
- Classes and functions of installed third-party packages that the library tables do not
  know are followed into the installed source by astroid (the second tier; read, never
  imported): a class whose bases lead to `requests.Session`, `httpx.Client` or
  `aiohttp.ClientSession` (`pooled.PooledSession.get`), or a package function that returns
  one. Where the package is not
  installed (pre-commit's isolated environment), or with `--mock-misuse-infer=no`, such a
  name is not reported.
- A project function counts as a client when it makes the request itself or through one
  project call (a thin wrapper: `fetch()` calling `_get()` calling `requests.get`, patched at
  `fetch`, is reported only if `_get` makes the request). A function that orchestrates
  (notifies, syncs and stores, and somewhere two calls down sends) is not reported for it;
  a patched orchestrator that does send itself still is.
- Spies (`wraps=`, or a replacement that calls the saved original) are not reported: they
  keep the real client.
- When the project's module cannot be read, a target is recognised only when a client
  library's name appears in it (`app.notify.requests.post`); a client hidden behind the
  project's own name (`app.notify.http`) is then not reported. The run says so once, on
  stderr: `flake8-mock-misuse: cannot read project module app/notify.py (...)`.
- Patches made on the test's behalf are followed into the fixtures it uses and into the
  helpers it runs, up to three calls deep: functions of the test file, methods of the test
  class and of its bases, functions and context-manager classes (their `__enter__`) of
  test-support modules (`tests/utils.py`, `conftest.py`, `myapp/testing.py`). The finding
  sits on the test's `def` line and names the helper the test calls. Helpers of the
  project's own modules (not test support) are the code under test and are not followed.
- Where the finding sits: on the patch itself (the `@patch(...)` decorator, or the `patch(...)`,
  `mocker.patch(...)`, `patch.object(...)`, `monkeypatch.setattr(...)` call); on the test's
  `def` line when a fixture it uses or a helper it runs patches on its behalf. The `# noqa` goes on that line.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts
from .messages import replaced
from .replacements import FAULT, GUARD

CODE = "MM101"
SUMMARY = "Outgoing HTTP client patched out"


_CONSEQUENCE = {
    None: "this test never sends an HTTP request, so URLs, headers, auth and serialization go unchecked",
    FAULT: "the failure is injected above the HTTP stack; a transport fake (responses, respx, requests-mock) "
           "injects it with the real client in place",
    GUARD: "it only checks that no request is made; a transport fake (responses, respx, requests-mock) refuses "
           "every unregistered request with the real client in place",
}


def check(facts: Facts) -> Iterator[Finding]:
    for r in facts.http_replacements:
        yield Finding.at(r.node, CODE, replaced(r, _CONSEQUENCE[r.behaviour]))
