"""Smoke test: start the actual server, make real HTTP requests, authenticate end to end."""

import subprocess
import sys

from conftest import EXAMPLE, call, free_port, wait_until_healthy


def test_server_smoke(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "bookstore", "--port", str(port)], cwd=EXAMPLE,
                              env={"BOOKSTORE_DB": str(tmp_path / "db.sqlite3"), "JWT_SECRET": "smoke"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_healthy(base, server)
        assert call("GET", f"{base}/health") == (200, {"status": "ok"})
        status, body = call("POST", f"{base}/login", {"username": "alice", "password": "wonderland"})
        assert status == 200
        status, order = call("POST", f"{base}/orders", {"book_id": 1, "quantity": 1},
                             headers={"Authorization": f"Bearer {body['token']}"})
        assert status == 201
        assert order["total_cents"] > 0
    finally:
        server.terminate()
        server.wait(timeout=10)
