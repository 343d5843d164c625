"""Fresh-start test: a new process, an explicit environment, an empty temporary folder, nothing inherited."""

import shutil
import subprocess
import sys
import tempfile

from conftest import EXAMPLE, call, free_port, wait_until_healthy


def test_fresh_start():
    temp_dir = tempfile.mkdtemp()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {"BOOKSTORE_DB": f"{temp_dir}/db.sqlite3", "JWT_SECRET": "fresh-secret", "PAYMENTS_URL": ""}
    process = subprocess.Popen([sys.executable, "-m", "bookstore", "--port", str(port)], cwd=EXAMPLE, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_healthy(base, process)
        status, body = call("GET", f"{base}/books")
        assert status == 200
        assert len(body["books"]) == 3
        assert body["books"][0]["stock"] > 0
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(temp_dir)
