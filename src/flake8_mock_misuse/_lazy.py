"""Regular expressions compiled on first use, and only when a match is possible.

Editors run ``flake8 FILE`` at every keystroke.  Python compiles a pattern in pure Python: the five
patterns a typical test file would reach cost about 11 million instructions, a quarter of all the
plugin adds to a ``flake8 FILE`` run.  So a pattern is compiled the first time it is used, and not
even then when the text lacks every one of its ``needs``: substrings of which each match contains
at least one (``tests/test_patterns.py`` checks every pattern's needs against the pattern).
"""

from __future__ import annotations

import re


class LazyRegex:
    """``re.compile(pattern, flags)``, compiled by the first method that needs it.

    ``needs``: substrings one of which every match contains (lower case when ``flags`` has
    ``re.IGNORECASE``).  ``search``, ``match`` and ``fullmatch`` on a text with none of them
    return None without compiling.
    """

    def __init__(self, pattern: str, flags: int = 0, needs: tuple[str, ...] = ()) -> None:
        self.pattern = pattern
        self.flags = flags
        self.needs = needs
        self._folded = bool(flags & re.IGNORECASE)
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def hopeless(self, text: str) -> bool:
        """Can no match be found in ``text``? (True only when it holds none of the needs.)"""
        if not self.needs:
            return False
        if self._folded:
            text = text.lower()
        return not any(n in text for n in self.needs)

    def search(self, text: str) -> re.Match[str] | None:
        return None if self.hopeless(text) else self.compiled.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return None if self.hopeless(text) else self.compiled.match(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return None if self.hopeless(text) else self.compiled.fullmatch(text)

    def findall(self, text: str) -> list:
        return self.compiled.findall(text)
