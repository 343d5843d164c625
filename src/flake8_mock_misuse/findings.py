"""A finding: where, which code, what to say."""

from __future__ import annotations

import ast
from typing import NamedTuple


class Finding(NamedTuple):
    """Immutable; equal, hashed and ordered by ``(line, col, code, message)`` (analysis puts them in a set, sorted)."""

    line: int
    col: int  # 0-based, as in the ast; flake8 shows it 1-based
    code: str
    message: str

    @classmethod
    def at(cls, node: ast.AST, code: str, message: str) -> Finding:
        return cls(getattr(node, "lineno", 1), getattr(node, "col_offset", 0), code, message)

    @property
    def text(self) -> str:
        return f"{self.code} {self.message}"
