"""Regular expressions compiled on first use.

Editors run ``flake8 FILE`` at every keystroke: compiling some twenty patterns whenever the plugin is
imported would cost milliseconds each time, most of them for patterns the file never needs.
"""

from __future__ import annotations

import re


class LazyRegex:
    """``re.compile(pattern, flags)``, compiled by the first method used (``search``, ``match``, ``findall``...).

    That method is then kept on the instance, so later calls cost what they cost on the compiled pattern.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str):
        if name.startswith("_"):  # not a pattern's: dunders, and _pattern before __init__ (copy, pickle)
            raise AttributeError(name)
        value = getattr(re.compile(self._pattern, self._flags), name)
        self.__dict__[name] = value
        return value
