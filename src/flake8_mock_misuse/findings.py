"""A finding: where, which code, what to say."""

from __future__ import annotations

import ast

from ._frozen import Frozen


class Finding(Frozen):
    """Immutable; equal, hashed and ordered by ``(line, col, code, message)`` (analysis puts them in a set, sorted).

    A plain class, not a dataclass: ``import dataclasses`` and building the class cost milliseconds at every
    ``flake8 FILE`` an editor runs.
    """

    __slots__ = ("line", "col", "code", "message")

    line: int
    col: int  # 0-based, as in the ast; flake8 shows it 1-based
    code: str
    message: str

    def __init__(self, line: int, col: int, code: str, message: str) -> None:
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "col", col)
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "message", message)

    @classmethod
    def at(cls, node: ast.AST, code: str, message: str) -> Finding:
        return cls(getattr(node, "lineno", 1), getattr(node, "col_offset", 0), code, message)

    @property
    def text(self) -> str:
        return f"{self.code} {self.message}"

    def _key(self) -> tuple[int, int, str, str]:
        return self.line, self.col, self.code, self.message

    def __lt__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._key() < other._key()  # type: ignore[attr-defined]
        return NotImplemented

    def __reduce__(self) -> tuple:  # pickled by the audit's worker processes
        return self.__class__, self._key()

    def __repr__(self) -> str:
        return f"{self.__class__.__qualname__}(line={self.line!r}, col={self.col!r}, code={self.code!r}, " \
               f"message={self.message!r})"
