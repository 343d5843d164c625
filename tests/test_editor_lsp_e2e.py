"""Editors: the real python-lsp-server (pylsp) with its flake8 plugin, driven over LSP JSON-RPC on stdio.

pylsp lints an open buffer by piping it to ``flake8 - --stdin-display-name <path relative to the
workspace>`` (the executable set by ``pylsp.plugins.flake8.executable``, here our venv's flake8),
so what an editor shows is what flake8 finds in the unsaved text, and test-file detection follows
the buffer's path.  Every wait has a timeout and the server is always killed.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
from pathlib import Path

import pytest

from helpers import BIN, FLAKE8, flake8

pytestmark = pytest.mark.slow  # long end-to-end: the full suite only (make test), not make check

TIMEOUT = 60.0

LYING = """\
from unittest.mock import patch

from shop.payments import charge


@patch("requests.post")
def test_charge(post):
    post.return_value.json.return_value = {"status": "ok"}
    with patch("shop.db.connection"):
        assert charge(1, 100) == "ok"
"""

HONEST = """\
from shop.payments import receipt


def test_receipt():
    assert receipt(7, 1250) == "order 7: 12.50"
"""

SHOP_DB = """\
import sqlite3

connection = sqlite3.connect("shop.db")
"""

SETTINGS = {"pylsp": {"plugins": {
    "flake8": {"enabled": True, "executable": FLAKE8},
    "pycodestyle": {"enabled": False},
    "pyflakes": {"enabled": False},
    "mccabe": {"enabled": False},
    "pylint": {"enabled": False},
    "autopep8": {"enabled": False},
    "yapf": {"enabled": False},
}}}


class LspClient:
    """A minimal LSP client: Content-Length framed JSON-RPC over the server's stdin/stdout."""

    def __init__(self, cmd: list[str], cwd: Path, stderr_path: Path):
        self._stderr = stderr_path.open("wb")
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self._stderr)
        self.stderr_path = stderr_path
        self.inbox: queue.Queue[dict | None] = queue.Queue()
        self.seen: list[dict] = []
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        try:
            while True:
                headers = {}
                while True:
                    line = out.readline()
                    if not line:
                        return
                    line = line.decode("ascii").strip()
                    if not line:
                        break
                    key, _, value = line.partition(":")
                    headers[key.strip().lower()] = value.strip()
                body = out.read(int(headers["content-length"]))
                self.inbox.put(json.loads(body.decode("utf-8")))
        finally:
            self.inbox.put(None)

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict | None = None) -> None:
        self._send({"method": method, "params": params or {}})

    def request(self, method: str, params: dict | None = None) -> dict:
        self._next_id += 1
        request_id = self._next_id
        self._send({"id": request_id, "method": method, "params": params or {}})
        reply = self.wait(lambda m: m.get("id") == request_id and "method" not in m, f"reply to {method}")
        assert "error" not in reply, reply
        return reply.get("result")

    def wait(self, match, what: str) -> dict:
        """The next message (after those already consumed) for which ``match`` is true."""
        while True:
            try:
                message = self.inbox.get(timeout=TIMEOUT)
            except queue.Empty:
                raise AssertionError(f"no {what} within {TIMEOUT}s; got {self.seen}; {self.log()}") from None
            if message is None:
                raise AssertionError(f"server closed its output before {what}; {self.log()}")
            self.seen.append(message)
            if "method" in message and "id" in message:  # a request from the server: say yes, nothing more
                self._send({"id": message["id"], "result": None})
            if match(message):
                return message

    def diagnostics(self, uri: str, version: int) -> list[dict]:
        message = self.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri and m["params"].get("version") == version,
            f"diagnostics for {uri} version {version}",
        )
        return message["params"]["diagnostics"]

    def log(self) -> str:
        return "server stderr: " + self.stderr_path.read_text(errors="replace")[-4000:]

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                self.request("shutdown")
                self.notify("exit")
                self.proc.wait(timeout=TIMEOUT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait(timeout=TIMEOUT)
            self._stderr.close()


def _mm(diagnostics: list[dict]) -> list[tuple[str, int, int, str]]:
    """(code, start line, start character, source) of our diagnostics, LSP positions (0-based)."""
    return [
        (d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"], d["source"])
        for d in diagnostics if str(d.get("code", "")).startswith("MM")
    ]


def _open(client: LspClient, uri: str, text: str) -> None:
    client.notify("textDocument/didOpen", {
        "textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text},
    })


def test_pylsp_flake8_shows_our_findings_and_clears_them(tmp_path):
    workspace = tmp_path / "workspace"
    _workspace_with(workspace, "tests/test_x.py")
    test_uri = (workspace / "tests" / "test_x.py").as_uri()
    app_uri = (workspace / "shop" / "payments.py").as_uri()

    client = LspClient([str(BIN / "pylsp")], cwd=workspace, stderr_path=tmp_path / "pylsp.log")
    try:
        result = client.request("initialize", {
            "processId": os.getpid(),
            "rootUri": workspace.as_uri(),
            "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}},
            "initializationOptions": SETTINGS,
        })
        assert result["serverInfo"]["name"] == "pylsp"
        client.notify("initialized")
        client.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

        _open(client, test_uri, LYING)
        found = client.diagnostics(test_uri, 1)
        # flake8 reports 6:2 and 9:10 (1-based line and column); LSP positions are 0-based.
        assert _mm(found) == [("MM101", 5, 1, "flake8"), ("MM111", 8, 9, "flake8")], client.log()
        by_code = {d["code"]: d for d in found}
        assert by_code["MM101"]["message"].startswith("MM101 requests.post is patched out")
        assert by_code["MM111"]["message"].startswith("MM111 shop.db.connection is patched out (sqlite3")
        assert by_code["MM101"]["range"]["end"] == {"line": 5, "character": len('@patch("requests.post")\n')}

        # The unsaved buffer is linted, not the file on disk (which still lies).
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": test_uri, "version": 2},
            "contentChanges": [{"text": HONEST}],
        })
        assert _mm(client.diagnostics(test_uri, 2)) == []

        # The same text in a buffer that is not a test file: left alone, as on the command line, while
        # flake8's own checks still run on it (F401 proves flake8 did lint this buffer).
        _open(client, app_uri, "import os\n" + LYING)
        app = client.diagnostics(app_uri, 1)
        assert [(d["code"], d["range"]["start"]["line"]) for d in app] == [("F401", 0)], app
    finally:
        client.close()
    assert client.proc.returncode == 0, client.log()


def _workspace_with(root: Path, rel: str) -> Path:
    for name, text in {"shop/__init__.py": "", "shop/db.py": SHOP_DB, rel: LYING}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root / rel


def test_absolute_display_name_as_vscode_sends_it(tmp_path):
    """VS Code's flake8 extension lints with the file's absolute path (as the file, or the stdin display name)."""
    path = _workspace_with(tmp_path / "ws", "tests/test_x.py")
    relative = flake8("--select=MM", "--stdin-display-name", "tests/test_x.py", "-", cwd=tmp_path / "ws", stdin=LYING)
    absolute = flake8("--select=MM", "--stdin-display-name", str(path), "-", cwd=tmp_path / "ws", stdin=LYING)
    assert absolute.codes == relative.codes == {(6, 2, "MM101"), (9, 10, "MM111")}
    assert {p for p, *_ in absolute.findings} == {str(path)}


def test_absolute_path_of_a_project_under_a_tests_folder(tmp_path):
    """A folder named tests/ or test/ above the project does not make every file a test file
    when flake8 is given absolute paths (VS Code, PyCharm's $FilePath$)."""
    workspace = tmp_path / "tests" / "proj"
    path = _workspace_with(workspace, "shop/billing.py")
    result = flake8("--select=MM", "--stdin-display-name", str(path), "-", cwd=workspace, stdin=LYING)
    assert result.stdout == ""
