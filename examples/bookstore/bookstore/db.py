"""SQLite storage: one connection shared by the server's threads, behind a lock."""

from __future__ import annotations

import hashlib
import hmac
import os
import sqlite3
import threading

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, salt BLOB NOT NULL, password_hash BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS books (
    id INTEGER PRIMARY KEY, title TEXT NOT NULL, author TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0), stock INTEGER NOT NULL CHECK (stock >= 0));
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name),
    book_id INTEGER NOT NULL REFERENCES books(id), quantity INTEGER NOT NULL,
    total_cents INTEGER NOT NULL, payment_id TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
"""
BOOKS = [
    (1, "The Left Hand of Darkness", "Ursula K. Le Guin", 1299, 5),
    (2, "Dune", "Frank Herbert", 999, 3),
    (3, "Kindred", "Octavia E. Butler", 1150, 0),
]
USERS = [("alice", "wonderland"), ("bob", "builder")]


class OutOfStock(Exception):
    """Not enough copies left for the order."""


def hash_password(password: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 100_000)


class Store:
    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.lock = threading.Lock()

    def init_schema(self) -> None:
        with self.lock, self.conn:
            self.conn.executescript(SCHEMA)
            self.conn.executemany("INSERT OR IGNORE INTO books VALUES (?, ?, ?, ?, ?)", BOOKS)
            for name, password in USERS:
                salt = os.urandom(16)
                self.conn.execute("INSERT OR IGNORE INTO users VALUES (?, ?, ?)",
                                  (name, salt, hash_password(password, salt)))

    def check_password(self, name: str, password: str) -> bool:
        with self.lock:
            row = self.conn.execute("SELECT salt, password_hash FROM users WHERE name = ?", (name,)).fetchone()
        return row is not None and hmac.compare_digest(hash_password(password, row["salt"]), row["password_hash"])

    def list_books(self) -> list[dict]:
        with self.lock:
            rows = self.conn.execute("SELECT id, title, author, price_cents, stock FROM books ORDER BY id").fetchall()
        return [dict(row) for row in rows]

    def get_book(self, book_id: int) -> dict | None:
        with self.lock:
            row = self.conn.execute("SELECT id, title, author, price_cents, stock FROM books WHERE id = ?",
                                    (book_id,)).fetchone()
        return dict(row) if row is not None else None

    def create_order(self, user: str, book_id: int, quantity: int, total_cents: int, payment_id: str) -> int:
        with self.lock, self.conn:
            taken = self.conn.execute("UPDATE books SET stock = stock - ? WHERE id = ? AND stock >= ?",
                                      (quantity, book_id, quantity))
            if taken.rowcount != 1:
                raise OutOfStock(f"not enough copies of book {book_id}")
            cursor = self.conn.execute(
                "INSERT INTO orders (user, book_id, quantity, total_cents, payment_id) VALUES (?, ?, ?, ?, ?)",
                (user, book_id, quantity, total_cents, payment_id))
            return cursor.lastrowid

    def close(self) -> None:
        self.conn.close()
