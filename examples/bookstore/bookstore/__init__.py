"""A tiny JSON bookstore: http.server, sqlite3 and urllib only."""

__version__ = "0.1.0"
