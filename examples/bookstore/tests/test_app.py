import json
from types import SimpleNamespace
from unittest.mock import MagicMock, patch

from bookstore.app import App, Request
from bookstore.auth import issue_token

PROVIDER = "https://payments.example.test/v1/charges"


def test_health():
    app = App(store=MagicMock(), secret="s3cret")
    request = SimpleNamespace(method="GET", path="/health", headers={}, body=b"")
    response = app.handle(request)
    assert response is not None


def test_list_books():
    store = MagicMock()
    store.list_books.return_value = [{"id": 2, "title": "Dune"}]
    app = App(store=store, secret="s3cret")
    req = MagicMock(method="GET", path="/books", headers={})
    response = app.handle(req)
    assert isinstance(response.body, dict)


@patch("bookstore.payments.urlopen")
def test_place_order(urlopen):
    urlopen.return_value.__enter__.return_value.read.return_value = json.dumps(
        {"status": "approved", "id": "ch_9"}).encode()
    store = MagicMock()
    store.get_book.return_value = {"id": 2, "price_cents": 999, "stock": 3}
    store.create_order.return_value = 42
    app = App(store=store, secret="s3cret", payments_url=PROVIDER)
    headers = {"Authorization": f"Bearer {issue_token('alice', 's3cret')}"}
    response = app.handle(Request("POST", "/orders", headers, b'{"book_id": 2, "quantity": 2}'))
    assert store.create_order.called
    assert response.status == 201
