"""Reading a project or support module's source with the stdlib parser, one syntax newer than it knows.

A project may be written for a newer Python than the one flake8 runs under (pre-commit's interpreter,
an editor's). Python 3.14 allows ``except A, B:`` without parentheses (PEP 758); on an older parser
that one line makes the whole module unreadable, and every name it defines unresolvable. The line is
read as ``except (A, B):`` instead, which is what it means. Other new syntax still makes the module
unreadable (it is then treated as unknown, never guessed).
"""

from __future__ import annotations

import ast
import re

_BARE_EXCEPT_TUPLE = rb"^(\s*except\*?\s+)([^:#\n]+?)(\s*:)"  # compiled (and cached by re) on first use
_MESSAGE = "multiple exception types must be parenthesized"
MAX_REWRITES = 64


def parse(data: bytes, filename: str = "<unknown>") -> ast.Module:
    """``ast.parse(data)``; raises what it raises, except for the unparenthesised ``except`` lists of PEP 758."""
    try:
        return ast.parse(data, filename=filename)
    except SyntaxError as exc:
        if exc.msg != _MESSAGE or not exc.lineno:
            raise
        first = exc
    lines = data.splitlines(keepends=True)
    exc = first
    for _ in range(MAX_REWRITES):
        index = (exc.lineno or 0) - 1
        if not 0 <= index < len(lines):
            raise first
        fixed = re.sub(_BARE_EXCEPT_TUPLE, rb"\1(\2)\3", lines[index], count=1)
        if fixed == lines[index]:
            raise first
        lines[index] = fixed
        try:
            return ast.parse(b"".join(lines), filename=filename)
        except SyntaxError as again:
            if again.msg != _MESSAGE or not again.lineno:
                raise first from None
            exc = again
    raise first
