"""Regular expressions compiled on first use, and only when a match is possible.

Editors run ``flake8 FILE`` at every keystroke: Python compiles a pattern in about a
millisecond, so compiling some twenty of them in every run would cost more than the rest of
the plugin on a small file.  A pattern is compiled the first time it is used, and not even
then when the text lacks every one of the pattern's ``needs``: substrings of which each
match contains at least one (tests/test_lazy_regex.py checks them against the patterns).
"""

from __future__ import annotations

import re


class LazyRegex:
    """``re.compile(pattern, flags)``, compiled by the first method used (``search``, ``match``, ``findall``...).

    ``needs``: substrings one of which every match contains (lower case when ``flags`` has
    ``re.IGNORECASE``).  ``search``, ``match`` and ``fullmatch`` on a text with none of them
    return None without compiling.
    """

    def __init__(self, pattern: str, flags: int = 0, needs: tuple[str, ...] = ()) -> None:
        self._pattern = pattern
        self._flags = flags
        self._needs = needs
        self._folded = bool(flags & re.IGNORECASE)

    def _hopeless(self, text: str) -> bool:
        if not self._needs:
            return False
        if self._folded:
            text = text.lower()
        for n in self._needs:
            if n in text:
                return False
        return True

    def search(self, text: str, *args):
        return None if self._hopeless(text) else self.compiled.search(text, *args)

    def match(self, text: str, *args):
        return None if self._hopeless(text) else self.compiled.match(text, *args)

    def fullmatch(self, text: str, *args):
        return None if self._hopeless(text) else self.compiled.fullmatch(text, *args)

    @property
    def compiled(self) -> re.Pattern:
        found = self.__dict__.get("_compiled")
        if found is None:
            found = re.compile(self._pattern, self._flags)
            # compiled once: from now on the pattern's own methods answer (no more looking for needs)
            self.__dict__.update(_compiled=found, search=found.search, match=found.match, fullmatch=found.fullmatch)
        return found

    def __getattr__(self, name: str):
        if name.startswith("_"):  # not a pattern's: dunders, and _pattern before __init__ (copy, pickle)
            raise AttributeError(name)
        return getattr(self.compiled, name)
