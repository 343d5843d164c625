"""Which files ``check`` reads and how: flake8's discovery (the same paths, spelled the same way, so the output is
the same) narrowed to test files, and flake8's way of reading a file (encoding cookie, latin-1 fallback, BOM)."""

from __future__ import annotations

import io
import os
import stat
import sys
import tokenize
from collections.abc import Iterator

from ..suppress import excluded
from ..testfiles import is_test_file

FLAKE8_EXCLUDE = (".svn", "CVS", ".bzr", ".hg", ".git", "__pycache__", ".tox", ".nox", ".eggs", "*.egg")


def discover(paths: list[str], exclude: tuple[str, ...], test_files: tuple[str, ...],
             stdin_display_name: str) -> Iterator[str]:
    """The test files below ``paths`` as flake8 names them (``./tests/test_a.py`` for ``.``); ``-`` is stdin."""
    for arg in paths or ["."]:
        if arg == "-":
            if stdin_display_name == "stdin" or not excluded(stdin_display_name, exclude):
                yield arg
            continue
        if excluded(arg, exclude):
            continue
        if os.path.isdir(arg):
            for root, dirs, files in os.walk(arg):
                dirs[:] = [d for d in dirs if not excluded(os.path.join(root, d), exclude)]
                for name in files:
                    joined = os.path.join(root, name)
                    if name.endswith(".py") and not excluded(joined, exclude) and is_test_file(joined, test_files):
                        yield joined
        elif is_test_file(arg, test_files):  # a file named on the command line: checked whatever its suffix
            yield arg


def read_lines(path: str) -> list[str]:
    """The file's lines as flake8 reads them.  Raises OSError (E902), or ValueError for what is not a regular
    file (a FIFO would block the run)."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise ValueError("not a regular file")
    try:
        with tokenize.open(path) as f:
            lines = f.readlines()
    except (SyntaxError, UnicodeError):
        with open(path, encoding="latin-1") as f:
            lines = f.readlines()
    return _strip_bom(lines)


def read_stdin() -> list[str]:
    data = sys.stdin.buffer.read()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (LookupError, SyntaxError, UnicodeError):
        text = data.decode("utf-8", errors="replace")
    return _strip_bom(text.splitlines(keepends=True))


def _strip_bom(lines: list[str]) -> list[str]:
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    return lines
