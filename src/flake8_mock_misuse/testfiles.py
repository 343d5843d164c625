"""Which files are test files.  Everything else is left at once."""

from __future__ import annotations

import fnmatch
import os


def is_test_file(filename: str, patterns: tuple[str, ...]) -> bool:
    """``patterns`` are globs on the file name; one ending in ``/`` names a folder anywhere above it."""
    if not filename or filename in ("-", "stdin"):
        return False
    norm = filename.replace(os.sep, "/").replace("\\", "/")
    parts = [p for p in norm.split("/") if p]
    if not parts or not parts[-1].endswith((".py", ".pyi")) and not any(
        not p.endswith("/") and fnmatch.fnmatchcase(parts[-1], p) for p in patterns
    ):
        return False
    name, folders = parts[-1], parts[:-1]
    for pat in patterns:
        if pat.endswith("/"):
            if any(fnmatch.fnmatchcase(f, pat[:-1]) for f in folders):
                return True
        elif fnmatch.fnmatchcase(name, pat):
            return True
    return False
