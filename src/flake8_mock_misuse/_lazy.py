"""Regular expressions compiled on first use.

Editors run ``flake8 FILE`` at every keystroke; compiling every pattern of the package at import
would cost more than analysing a small file, and most files never use most patterns.
"""

from __future__ import annotations

import re


class LazyRegex:
    """``re.compile(pattern, flags)``, compiled by the first method used (``search``, ``match``, ``findall``...)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.compiled.match(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(text)

    def findall(self, text: str) -> list:
        return self.compiled.findall(text)
