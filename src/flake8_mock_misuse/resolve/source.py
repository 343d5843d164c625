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
import re
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


PARSE_STACK_BYTES = 64 * 1024 * 1024  # the reading thread's C stack: room for the deepest tree the parser builds


def parse(data: bytes, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse(data)``; raises what it raises, except for the newer syntax listed above.

    Parsed in a thread of its own (see ``fresh_stack``).
    """
    return fresh_stack(_parse, data, filename)


def fresh_stack(read: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``read(*args, **kwargs)`` in a thread of its own, which starts with an empty stack.

    How deep a tree Python will build (``RecursionError`` "during ast construction" past it) depends on how
    deep the calling stack already is; a fresh thread starts at the same depth wherever it is called from, so
    a module nested near that limit is read alike by ``flake8 -j1``, by its workers, by the audit and by
    ``check``. What ``read`` raises is raised here.
    """
    result: list = []

    def work() -> None:
        try:
            result.append(read(*args, **kwargs))
        except BaseException as exc:  # handed to the caller, as if raised here
            result.append(exc)

    try:
        old = threading.stack_size(PARSE_STACK_BYTES)
    except (ValueError, RuntimeError):  # a platform that will not size threads: its default
        old = None
    try:
        reader = threading.Thread(target=work, name="flake8-mock-misuse-parse", daemon=True)
        reader.start()
    finally:
        if old is not None:
            threading.stack_size(old)
    reader.join()
    if not result:
        raise RuntimeError("the reading thread ended without a result")
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]


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
