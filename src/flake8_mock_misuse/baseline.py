"""A baseline, for adopting the tool on a large legacy suite: today's findings recorded once and not reported again.

Findings are keyed by file (relative to the baseline's folder), the test or function they sit in (its qualified
name, ``<module>`` outside any) and code, with a count: not by line, so editing above a test does not bring its
known findings back.  A key found more often than recorded reports the extra findings (the last ones in the file).
"""

from __future__ import annotations

import ast
import json
import os
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

VERSION = 1
MODULE = "<module>"


class BaselineError(Exception):
    """A baseline file that cannot be read or is not one (exit status 2)."""


def scopes(tree: ast.AST) -> list[tuple[int, int, str]]:
    """(first line, last line, qualified name) of every function and class; the first line is the first
    decorator's, so a finding on a decorator belongs to what it decorates."""
    out: list[tuple[int, int, str]] = []
    todo: list[tuple[ast.AST, str]] = [(tree, "")]
    while todo:
        node, prefix = todo.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                start = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                out.append((start, getattr(child, "end_lineno", None) or child.lineno, name))
                todo.append((child, name + "."))
            elif isinstance(child, (ast.stmt, ast.ExceptHandler, ast.match_case)):
                todo.append((child, prefix))
    return out


def owner(line: int, found: list[tuple[int, int, str]]) -> str:
    """The innermost function or class holding ``line``."""
    best: tuple[int, int, str] | None = None
    for start, end, name in found:
        if start <= line <= end and (best is None or start >= best[0]):
            best = (start, end, name)
    return best[2] if best else MODULE


class Baseline:
    def __init__(self, path: str, counts: dict[tuple[str, str, str], int]) -> None:
        self.path = path
        self.folder = os.path.dirname(os.path.abspath(path))
        self.counts = counts
        self.files = {k[0] for k in counts}

    def file_key(self, filename: str) -> str:
        try:
            rel = os.path.relpath(os.path.abspath(filename), self.folder)
        except ValueError:  # another drive
            rel = os.path.abspath(filename)
        return rel.replace(os.sep, "/")

    def known(self, filename: str, tree: ast.AST,
              items: Iterable[tuple[int, int, str]]) -> set[tuple[int, int, str]]:
        """Which of ``(line, col, code)`` the baseline records."""
        if self.file_key(filename) not in self.files:
            return set()
        found = scopes(tree)
        return {(line, col, code) for line, col, code, _owner in
                self.split(filename, [(line, col, code, owner(line, found)) for line, col, code in items])}

    def split(self, filename: str, items: list[tuple[int, int, str, str]]) -> set[tuple[int, int, str, str]]:
        """Which of ``(line, col, code, owner)`` the baseline records: for each key, the first ``count`` in file
        order (a key found more often than recorded leaves its last findings reported)."""
        file = self.file_key(filename)
        if file not in self.files:
            return set()
        seen: Counter[tuple[str, str, str]] = Counter()
        out = set()
        for item in sorted(items):
            key = (file, item[3], item[2])
            seen[key] += 1
            if seen[key] <= self.counts.get(key, 0):
                out.add(item)
        return out

    def recorded(self, files: Iterable[str]) -> int:
        """How many findings the baseline records for these files."""
        keys = {self.file_key(f) for f in files}
        return sum(n for k, n in self.counts.items() if k[0] in keys)


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Baseline:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file (write one with "
                            "`flake8-mock-misuse check --write-baseline FILE`)") from None
    except (OSError, ValueError) as exc:
        raise BaselineError(f"{path}: cannot read it: {exc}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a flake8-mock-misuse baseline (version {VERSION})")
    counts: dict[tuple[str, str, str], int] = {}
    for item in data["findings"]:
        try:
            key = (str(item["file"]), str(item["test"]), str(item["code"]))
            counts[key] = counts.get(key, 0) + int(item.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise BaselineError(f"{path}: a finding without file, test and code: {item!r}") from None
    return Baseline(path, counts)


def load(path: str) -> Baseline:
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        mtime = -1.0
    return _load(os.path.abspath(path), mtime)


def write(path: str, entries: Iterable[tuple[str, str, str]]) -> int:
    """Record ``(filename, owner, code)`` findings; returns how many."""
    folder = os.path.dirname(os.path.abspath(path))
    counts: Counter[tuple[str, str, str]] = Counter()
    for filename, name, code in entries:
        try:
            rel = os.path.relpath(os.path.abspath(filename), folder)
        except ValueError:
            rel = os.path.abspath(filename)
        counts[(rel.replace(os.sep, "/"), name, code)] += 1
    doc = {"version": VERSION, "tool": "flake8-mock-misuse",
           "findings": [{"file": f, "test": t, "code": c, "count": n} for (f, t, c), n in sorted(counts.items())]}
    try:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(doc, out, indent=1)
            out.write("\n")
    except OSError as exc:
        raise BaselineError(f"cannot write {path}: {exc.strerror or exc}") from None
    return sum(counts.values())
