"""Reading a project or support module's source with the stdlib parser, a few syntaxes newer than it knows.

A project may be written for a newer Python than the one flake8 runs under (pre-commit's interpreter,
an editor's). On an older parser one such line makes the whole module unreadable, and every name it
defines unresolvable. These lines are read as what they mean to this tool instead:

- ``except A, B:`` (PEP 758, Python 3.14) as ``except (A, B):``;
- ``type Alias[T] = value`` (PEP 695, Python 3.12) as ``Alias = value``;
- ``def f[T](...)`` and ``class C[T](...)`` (PEP 695) without their type parameters.

Other new syntax still makes the module unreadable (it is then treated as unknown, never guessed).
"""

from __future__ import annotations

import ast
import os
import queue
import re
import stat
import threading
from collections.abc import Callable
from typing import Any, TypeVar


T = TypeVar("T")

_PARAMS = rb"\[[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\]"  # a type parameter list, one level of nested brackets
# (message of the error it mends, pattern of the line, replacement); compiled (and cached by re) on first use
_REWRITES = (
    ("multiple exception types must be parenthesized",
     rb"^(\s*except\*?\s+)([^:#\n()\[\]]+,[^:#\n()\[\]]+?)(\s*:)", rb"\1(\2)\3"),
    ("invalid syntax", rb"^(\s*)type\s+(\w+)\s*(?:" + _PARAMS + rb")?\s*=", rb"\1\2 ="),
    ("invalid syntax expected '('", rb"^(\s*(?:async\s+)?def\s+\w+)\s*" + _PARAMS + rb"\s*\(", rb"\1("),
    ("invalid syntax", rb"^(\s*class\s+\w+)\s*" + _PARAMS, rb"\1"),
)
MAX_REWRITES = 64
_STARTS = (b"e", b"t", b"d", b"a", b"c")  # first letters of the lines above: except, type, def, async, class


def _rewritten(line: bytes, message: str | None = None) -> bytes:
    """``line`` read as the older syntax; with ``message``, only by the rewrites that mend that error."""
    for mends, pattern, replacement in _REWRITES:
        if message is None or message in mends:
            fixed = re.sub(pattern, replacement, line, count=1)
            if fixed != line:
                return fixed
    return line


# Modules read besides the linted file past this size are not read (a generated conftest.py of 30 MB would take
# gigabytes once parsed); what the test file itself shows still resolves. The option max-module-bytes (config.py).
DEFAULT_MAX_MODULE_BYTES = 1_000_000
_limit = [DEFAULT_MAX_MODULE_BYTES]


class Skipped(OSError):
    """A module not read: larger than the limit, or no regular file (a FIFO, a socket, a device)."""


def set_module_limit(max_bytes: int) -> None:
    """The size past which project and support modules are not read (set from the options for each file)."""
    _limit[0] = max_bytes


def read_module(path: str) -> bytes:
    """The bytes of a project or support module; ``Skipped`` when it is no regular file or larger than the limit.

    Opened without blocking, so that a named pipe called like a module is seen for what it is instead of waiting
    for a writer, and sized before it is read: a generated 30 MB module would cost gigabytes once parsed.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Skipped("not a regular file")
        if info.st_size > _limit[0]:
            raise Skipped(f"{info.st_size:,} bytes, over max-module-bytes: {_limit[0]:,}")
        with os.fdopen(fd, "rb", closefd=True) as f:
            fd = -1
            return f.read(_limit[0] + 1)
    finally:
        if fd >= 0:
            os.close(fd)


_UNREADABLE: dict[str, str] = {}  # module path -> why it could not be read, in this process
_SAID: set[str] = set()
MAX_UNREADABLE = 64


def note_unreadable(path: str, exc: BaseException) -> None:
    """Remember why a module could not be read, to be told once (see ``unreadable_modules``)."""
    if len(_UNREADABLE) < MAX_UNREADABLE:
        if isinstance(exc, Skipped):
            _UNREADABLE.setdefault(path, str(exc))
            return
        line = getattr(exc, "lineno", None)
        detail = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
        _UNREADABLE.setdefault(path, f"{type(exc).__name__}: {detail}" + (f", line {line}" if line else ""))


def unreadable_modules() -> list[tuple[str, str]]:
    """The modules that could not be read since the last call, each told once per process: what they define
    stays unresolved (the test file still gets what it shows by itself)."""
    out = [(p, why) for p, why in _UNREADABLE.items() if p not in _SAID]
    _SAID.update(p for p, _why in out)
    return out


PARSE_STACK_BYTES = 64 * 1024 * 1024  # the reading thread's C stack: room for the deepest tree the parser builds


def parse(data: bytes, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse(data)``; raises what it raises, except for the newer syntax listed above.

    Parsed in a thread of its own (see ``fresh_stack``).
    """
    return fresh_stack(_parse, data, filename)


def fresh_stack(read: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``read(*args, **kwargs)`` run by the reading thread, always from the same depth of its stack.

    How deep a tree Python will build (``RecursionError`` "during ast construction" past it) depends on how
    deep the calling stack already is; the reading thread calls ``read`` from the same depth wherever the
    request comes from, so a module nested near that limit is read alike by ``flake8 -j1``, by its workers,
    by the audit and by ``check``. What ``read`` raises is raised here. One thread for the whole process: a
    thread made per module cost four times the parse of a small module.
    """
    answer: queue.SimpleQueue = queue.SimpleQueue()  # this request's own: an abandoned one (Ctrl-C) is never read
    _reader().put((read, args, kwargs, answer))
    ok, value = answer.get()
    if not ok:
        raise value
    return value


_READER: list[queue.SimpleQueue] = []  # the requests of the reading thread, once it runs
_READER_LOCK = threading.Lock()


def _reader() -> queue.SimpleQueue:
    with _READER_LOCK:
        if not _READER:
            requests: queue.SimpleQueue = queue.SimpleQueue()
            try:
                old = threading.stack_size(PARSE_STACK_BYTES)
            except (ValueError, RuntimeError):  # a platform that will not size threads: its default
                old = None
            try:
                threading.Thread(target=_serve, args=(requests,), name="flake8-mock-misuse-reader",
                                 daemon=True).start()
            finally:
                if old is not None:
                    threading.stack_size(old)
            _READER.append(requests)
        return _READER[0]


def _serve(requests: queue.SimpleQueue) -> None:
    while True:
        read, args, kwargs, answer = requests.get()
        try:
            answer.put((True, read(*args, **kwargs)))
        except BaseException as exc:  # handed to the caller, as if raised there
            answer.put((False, exc))
        del read, args, kwargs, answer  # nothing of a request outlives it


def _forget_reader() -> None:
    """In a child made by fork: the reading thread was not copied, a new one starts on the first request."""
    global _READER_LOCK
    _READER.clear()
    _READER_LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_reader)


def _parse(data: bytes, filename: str) -> ast.Module:
    try:
        return ast.parse(data, filename=filename)
    except SyntaxError as exc:
        first = exc
    lines = data.splitlines(keepends=True)
    index = (first.lineno or 0) - 1
    if not 0 <= index < len(lines) or _rewritten(lines[index], first.msg) == lines[index]:
        raise first
    # Such lines seldom come alone: rewrite every one at once (each is only ever the newer syntax), then
    # mend what is left one error at a time.
    lines = [_rewritten(line) if line.lstrip()[:1] in _STARTS else line for line in lines]
    try:
        return ast.parse(b"".join(lines), filename=filename)
    except SyntaxError as again:
        error = again
    for _ in range(MAX_REWRITES):
        index = (error.lineno or 0) - 1
        if not 0 <= index < len(lines) or not error.msg:
            raise first
        fixed = _rewritten(lines[index], error.msg)
        if fixed == lines[index]:
            raise first
        lines[index] = fixed
        try:
            return ast.parse(b"".join(lines), filename=filename)
        except SyntaxError as again:
            error = again
    raise first
