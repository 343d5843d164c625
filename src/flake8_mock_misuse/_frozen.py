"""Immutable value objects without ``dataclasses`` (whose import alone costs an editor's run milliseconds)."""

from __future__ import annotations


class Frozen:
    """Equal and hashed by ``_key()``; attributes cannot be set or deleted after ``__init__``
    (which writes them with ``object.__setattr__`` or through ``__dict__``)."""

    __slots__ = ()

    def _key(self) -> tuple:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._key() == other._key()  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")
