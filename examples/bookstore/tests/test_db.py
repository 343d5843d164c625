from unittest.mock import patch

import pytest

from bookstore import db
from bookstore.db import OutOfStock, Store

DUNE = {"id": 2, "title": "Dune", "author": "Frank Herbert", "price_cents": 999, "stock": 3}


@patch("bookstore.db.sqlite3.connect")
def test_list_books(connect):
    connect.return_value.execute.return_value.fetchall.return_value = [DUNE]
    books = Store("bookstore.sqlite3").list_books()
    assert books is not None


def test_create_order_writes_to_the_database():
    with patch.object(db.sqlite3, "connect") as connect:
        connect.return_value.execute.return_value.rowcount = 1
        store = Store("bookstore.sqlite3")
        store.create_order("alice", book_id=2, quantity=1, total_cents=999, payment_id="ch_1")
    assert connect.return_value.execute.called


def test_create_order_without_stock_raises():
    store = Store(":memory:")
    with patch.object(store, "conn") as conn:
        conn.execute.return_value.rowcount = 0
        with pytest.raises(OutOfStock):
            store.create_order("alice", book_id=3, quantity=1, total_cents=1150, payment_id="ch_2")


def test_get_book(store):
    with patch.object(store, "conn") as conn:
        conn.execute.return_value.fetchone.return_value = DUNE
        book = store.get_book(2)
    assert book["title"] == "Dune"


def test_seeded_catalogue(store):
    assert [(b["title"], b["stock"]) for b in store.list_books()] == [
        ("The Left Hand of Darkness", 5),
        ("Dune", 3),
        ("Kindred", 0),
    ]
