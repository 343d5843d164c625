"""Analyse the files (in worker processes with ``-j``; the output does not depend on it), decide what is reported."""

from __future__ import annotations

import ast
import multiprocessing
import os
import sys
from typing import NamedTuple

from .. import baseline as baselines
from ..config import Config
from ..plugin import Plugin
from ..processes import worker_pool
from ..resolve.source import fresh_stack
from ..sarif import Result
from ..suppress import Suppressions, file_noqa, noqa_line, noqa_lines
from .files import read_lines, read_stdin


class Found(NamedTuple):
    line: int
    column: int  # 1-based, as shown
    code: str
    message: str
    noqa: str  # the text searched for ``# noqa``
    owner: str  # the test or function it sits in (for the baseline)


class FileResult(NamedTuple):
    display: str
    found: list[Found]
    skipped: str | None = None  # why the file was not read at all


def check_file(path: str, display: str, config: Config, lines: list[str] | None = None) -> FileResult:
    """The plugin's findings on one file, or E902/E999 as flake8 reports a file it cannot read or parse."""
    if lines is None:
        try:
            lines = read_lines(path)
        except OSError as exc:
            return FileResult(display, [Found(0, 1, "E902", f"{type(exc).__name__}: {exc}", "", baselines.MODULE)])
        except ValueError as exc:
            return FileResult(display, [], str(exc))
    if file_noqa(lines):
        return FileResult(display, [])
    mapping = noqa_lines(lines)
    try:
        tree = fresh_stack(ast.parse, "".join(lines))
    except SyntaxError as exc:
        row, col = _syntax_position(exc)
        return FileResult(display, [Found(row, col + 1, "E999", f"{type(exc).__name__}: {exc.args[0]}",
                                          noqa_line(mapping, lines, row), baselines.MODULE)])
    except (ValueError, RecursionError, MemoryError) as exc:
        return FileResult(display, [Found(1, 1, "E999", f"{type(exc).__name__}: {exc}",
                                          noqa_line(mapping, lines, 1), baselines.MODULE)])
    Plugin.config, Plugin.baseline = config, None  # the baseline is applied by check itself, across files
    found = []
    scopes = None
    for line, col, text, _ in Plugin(tree, display, lines).run():
        code, message = text.split(" ", 1)
        if scopes is None:
            scopes = baselines.scopes(tree)
        found.append(Found(line, col + 1, code, message, noqa_line(mapping, lines, line),
                           baselines.owner(line, scopes)))
    return FileResult(display, found)


def _syntax_position(exc: SyntaxError) -> tuple[int, int]:
    """flake8's row and column for a syntax error (its column is shown one further on)."""
    if len(exc.args) > 1 and exc.args[1] and len(exc.args[1]) > 2:
        return exc.args[1][1], exc.args[1][2]
    return 1, 0


def _worker(item: tuple[str, str, Config]) -> FileResult:
    return check_file(*item)


class Outcome(NamedTuple):
    results: list[Result]  # reported and suppressed, in output order
    owners: list[str]  # the owner of each result (for --write-baseline)
    skipped: list[tuple[str, str]]
    known: int  # findings the baseline holds back
    fixed: int  # findings the baseline records for these files that are gone


def check(files: list[str], config: Config, suppressions: Suppressions, jobs: int,
          baseline: baselines.Baseline | None = None, stdin_display_name: str = "stdin") -> Outcome:
    items = [(path, stdin_display_name if path == "-" else path, config) for path in files if path != "-"]
    per_file: list[FileResult] = []
    if "-" in files:
        per_file.append(check_file("-", stdin_display_name, config, read_stdin()))
    if jobs > 1 and len(items) > 1:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with worker_pool(min(jobs, len(items)), context) as pool:
            per_file.extend(pool.map(_worker, items, chunksize=max(1, len(items) // (jobs * 8))))
    else:
        per_file.extend(_worker(item) for item in items)
    per_file.sort(key=lambda r: r.display)  # flake8 reports files in name order, each by line and column

    results: list[Result] = []
    owners: list[str] = []
    skipped: list[tuple[str, str]] = []
    known = fixed = 0
    for fr in per_file:
        if fr.skipped:
            skipped.append((fr.display, fr.skipped))
            continue
        found = sorted(fr.found, key=lambda f: (f.line, f.column))
        why = [suppressions.reason(fr.display, f.code, f.noqa) for f in found]
        held: set[tuple[int, int, str, str]] = set()
        if baseline is not None:
            reported = [(f.line, f.column, f.code, f.owner) for f, w in zip(found, why) if w is None]
            held = baseline.split(fr.display, reported)
            known += len(held)
            fixed += baseline.recorded([fr.display]) - len(held)
        for f, w in zip(found, why):
            if w is None and (f.line, f.column, f.code, f.owner) in held:
                w = "baseline"
            results.append(Result(fr.display, f.line, f.column, f.code, f.message, w))
            owners.append(f.owner)
    return Outcome(results, owners, skipped, known, fixed)


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def tell(message: str) -> None:
    sys.stderr.write(f"flake8-mock-misuse check: {message}\n")
