"""Which findings a user has switched off, decided as flake8 decides it, for ``check`` and the audit (inside flake8,
flake8 decides): ``--select``/``--ignore`` and their ``extend-`` twins, ``per-file-ignores``, ``# noqa`` on the
finding's logical line, and ``# flake8: noqa`` for a whole file.
"""

from __future__ import annotations

import os
import re
import tokenize
from fnmatch import fnmatch
from functools import lru_cache

from .settings import Settings, normalize_path

# flake8's syntax for inline suppressions (case-insensitive; codes after an optional colon)
NOQA_INLINE = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
NOQA_FILE = re.compile(r"\s*# flake8[:=]\s*noqa", re.IGNORECASE)
FLAKE8_DEFAULT_SELECT = ("C90", "E", "F", "W", "MM")  # flake8's own defaults and this plugin's prefix
FLAKE8_DEFAULT_IGNORE = ("E121", "E123", "E126", "E226", "E24", "E704", "W503", "W504")
DEFAULT_SELECT = ("MM", "E9")  # check's selection: the plugin's codes and the errors that stop a file being read


class Decider:
    """Selected or not, by code, as flake8's decision engine answers: an explicit choice beats an implicit one;
    when a code is in both lists at the same level, the longer matching prefix wins (a tie ignores)."""

    def __init__(self, select: tuple[str, ...] | None, ignore: tuple[str, ...] | None,
                 extend_select: tuple[str, ...] = (), extend_ignore: tuple[str, ...] = ()) -> None:
        self.select_explicit = _longest_first((select or ()) + extend_select)
        self.ignore_explicit = _longest_first((ignore or ()) + extend_ignore)
        self.select_all = _longest_first((select if select is not None else FLAKE8_DEFAULT_SELECT) + extend_select)
        self.ignore_all = _longest_first((ignore if ignore is not None else FLAKE8_DEFAULT_IGNORE) + extend_ignore)
        self._cache: dict[str, bool] = {}

    def selected(self, code: str) -> bool:
        found = self._cache.get(code)
        if found is None:
            found = self._cache[code] = self._decide(code)
        return found

    def _decide(self, code: str) -> bool:
        sel = _level(code, self.select_explicit, self.select_all)
        ign = _level(code, self.ignore_explicit, self.ignore_all)
        if ign == "not":
            return sel != "not"
        if sel == "not":
            return False
        if sel == "explicit" and ign == "implicit":
            return True
        if sel == "implicit" and ign == "explicit":
            return False
        chosen = next(s for s in self.select_all if code.startswith(s))
        dropped = next(s for s in self.ignore_all if code.startswith(s))
        return len(chosen) > len(dropped)


def _level(code: str, explicit: tuple[str, ...], every: tuple[str, ...]) -> str:
    """How a code is chosen by one list: "explicit", "implicit" (a default) or "not"."""
    return "explicit" if code.startswith(explicit) else "implicit" if code.startswith(every) else "not"


def _longest_first(codes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(codes, reverse=True))


class Suppressions:
    """The settings' choices for every file: ``reason(path, code, noqa_line)`` says why a finding is not reported
    (``"noqa"``, ``"config"``) or None when it is."""

    def __init__(self, settings: Settings, select: tuple[str, ...] | None = DEFAULT_SELECT) -> None:
        chosen = settings.select if settings.select is not None else select
        self.default = Decider(chosen, settings.ignore, settings.extend_select, settings.extend_ignore)
        # per-file-ignores: the longest matching pattern's entry decides, as flake8's style guides do
        self.per_file = sorted(
            ((normalize_path(pattern), Decider(chosen, settings.ignore, settings.extend_select,
                                               settings.extend_ignore + codes))
             for pattern, codes in settings.per_file_ignores),
            key=lambda item: -len(item[0]))

    def decider_for(self, path: str) -> Decider:
        for pattern, decider in self.per_file:
            if _matches(path, pattern):
                return decider
        return self.default

    def reason(self, path: str, code: str, noqa_line: str | None) -> str | None:
        if not self.decider_for(path).selected(code):
            return "config"
        if noqa_line is not None and inline_noqa(code, noqa_line):
            return "noqa"
        return None


def _matches(path: str, pattern: str) -> bool:
    base = os.path.basename(path)
    if base not in (".", "..") and fnmatch(base, pattern):
        return True
    return fnmatch(os.path.abspath(path), pattern)


def excluded(path: str, patterns: tuple[str, ...]) -> bool:
    """flake8's exclude test: the base name or the absolute path matches a pattern."""
    return any(_matches(path, p) for p in patterns)


def inline_noqa(code: str, line: str) -> bool:
    listed = _noqa_codes(line)
    if listed is None:
        return False
    return listed is _ALL or code in listed or code.startswith(listed)


_ALL: tuple[str, ...] = ("*",)  # a bare ``# noqa``


@lru_cache(maxsize=256)
def _noqa_codes(line: str) -> tuple[str, ...] | None:
    """The codes a line's ``# noqa`` lists (``_ALL`` for a bare one), None without one. Searched once per line:
    forty thousand findings on a line of a megabyte were forty thousand searches of it."""
    match = NOQA_INLINE.search(line)
    if match is None:
        return None
    codes = match.group("codes")
    if codes is None:
        return _ALL
    return tuple(c for c in re.split(r"[,\s]+", codes.strip()) if c)


def file_noqa(lines: list[str]) -> bool:
    """``# flake8: noqa`` alone on a line switches off the whole file."""
    return any(NOQA_FILE.match(line) for line in lines)


def noqa_lines(lines: list[str]) -> dict[int, str]:
    """Line number -> the text searched for ``# noqa``: a statement or string spread over several lines is searched
    whole for any of its lines, as flake8 does."""
    out: dict[int, str] = {}
    first, last = len(lines) + 2, -1
    it = iter(lines)
    try:
        for tok in tokenize.generate_tokens(lambda: next(it)):
            if tok.type in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            first, last = min(first, tok.start[0]), max(last, tok.end[0])
            if tok.type in (tokenize.NL, tokenize.NEWLINE):
                joined = "".join(lines[first - 1:last])
                for n in range(first, last + 1):
                    out[n] = joined
                first, last = len(lines) + 2, -1
    except (tokenize.TokenError, SyntaxError, StopIteration):
        return {}
    return out


def noqa_line(mapping: dict[int, str], lines: list[str], line: int) -> str:
    found = mapping.get(line)
    if found is not None:
        return found
    return lines[line - 1] if 0 < line <= len(lines) else ""
