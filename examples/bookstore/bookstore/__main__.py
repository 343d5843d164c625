"""``python -m bookstore --port 8765``: serve the bookstore over HTTP."""

from __future__ import annotations

import argparse
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .app import App, Request
from .db import Store


def make_handler(app: App) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "bookstore/0.1"

        def dispatch(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = Request(self.command, urlsplit(self.path).path, self.headers, self.rfile.read(length))
            response = app.handle(request)
            payload = json.dumps(response.body).encode()
            self.send_response(response.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = dispatch

    return Handler


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bookstore", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    store = Store(os.environ.get("BOOKSTORE_DB", "bookstore.sqlite3"))
    store.init_schema()
    app = App(store, os.environ.get("JWT_SECRET", "default"), os.environ.get("PAYMENTS_URL", ""))
    server = ThreadingHTTPServer((args.host, args.port), make_handler(app))
    print(f"bookstore listening on http://{args.host}:{args.port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        store.close()


if __name__ == "__main__":
    main()
