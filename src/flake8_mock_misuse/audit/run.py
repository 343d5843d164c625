"""Run an audit: collect, scan (in parallel, same output as one process), score."""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..config import Config
from ..processes import worker_pool
from ..suppress import Suppressions
from .collect import AuditError, relative, test_files
from .kind import detect
from .scan import FileFacts, scan
from .score import Score, compute


@dataclass
class Report:
    root: str
    paths: list[str]
    files: list[FileFacts]
    score: Score
    version: str = __version__
    min_score: int | None = None
    skipped: list[tuple[str, str]] = field(default_factory=list)
    kind: str = "application"  # or "library": no server entry point (kind.py)
    kind_from: str = ""  # the evidence, or "settings"

    @property
    def tests(self) -> int:
        return sum(f.tests for f in self.files)

    @property
    def test_files(self) -> int:
        """Files with at least one test (settings, urls and helpers under tests/ are read, not counted)."""
        return sum(1 for f in self.files if f.tests)

    def tests_with(self, prefixes: tuple[str, ...]) -> list[tuple[str, str, int, list[str]]]:
        """(path, test, line, codes) of each test holding a finding whose code starts with one of ``prefixes``."""
        out = []
        for f in self.files:
            for name, first, last in f.spans:
                codes = sorted({x.code for x in f.findings if x.code.startswith(prefixes) and first <= x.line <= last})
                if codes:
                    out.append((f.path, name, first, codes))
        return out

    def outside_tests(self, prefix: str) -> int:
        """Findings of a family that sit outside every test (fixtures, setUp, helpers, import time)."""
        return sum(1 for f in self.files for x in f.findings
                   if x.code.startswith(prefix) and not any(a <= x.line <= b for _n, a, b in f.spans))

    def worst_files(self, prefixes: tuple[str, ...], limit: int = 5) -> list[tuple[str, int]]:
        counts = Counter(x[0] for x in self.tests_with(prefixes))
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    def refused(self) -> list[tuple[str, int, str, str]]:
        return [(f.path, line, kind, why) for f in self.files for line, kind, why in f.refused]

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(x.code for f in self.files for x in f.findings).items()))

    def suppressed(self) -> int:
        return sum(len(f.suppressed) for f in self.files)

    def families(self) -> dict[str, int]:
        fam = Counter(f"{x.code[:3]}xx" for f in self.files for x in f.findings)
        return {k: fam.get(k, 0) for k in ("MM1xx", "MM2xx", "MM3xx", "MM4xx", "MM9xx")}

    def recognised(self, kind: str) -> list[str]:
        return [f"{f.path}:{line}" for f in self.files for line in getattr(f, kind)]


def run(paths: list[Path], root: Path, config: Config, weights: dict[str, int], jobs: int,
        progress: bool = False, suppressions: Suppressions | None = None, kind: str = "auto") -> Report:
    files = test_files(paths, config.test_files, root)
    if not files:
        raise NoTests(f"no test files under {', '.join(str(p) for p in paths)}")
    displays = [relative(p, root) for p in files]
    results: list[FileFacts]
    if jobs > 1 and len(files) > 8:
        with worker_pool(jobs) as pool:
            it = pool.map(scan, [str(p) for p in files], displays, [config] * len(files), chunksize=8)
            results = list(_progress(it, len(files), progress))
    else:
        results = list(_progress((scan(str(p), d, config) for p, d in zip(files, displays)), len(files), progress))
    results.sort(key=lambda f: f.path)
    readable = [f for f in results if f.error is None]
    if suppressions is not None:
        for f in readable:  # what the user switched off does not count, and is listed apart
            kept = []
            for finding, noqa in zip(f.findings, f.noqa or [""] * len(f.findings)):
                why = suppressions.reason(f.path, finding.code, noqa)
                if why is None:
                    kept.append(finding)
                else:
                    f.suppressed.append((finding, why))
            f.findings = kept
    if not any(f.tests for f in readable):
        raise NoTests(f"no tests found in {len(files)} test file(s)")
    if kind == "auto":
        kind, kind_from = detect(root)
    else:
        kind_from = "settings (kind)"
    report = Report(str(root), [str(p) for p in paths], readable,
                    compute(readable, weights, servers_apply=kind == "application"))
    report.kind, report.kind_from = kind, kind_from
    report.skipped = [(f.path, f.error or "") for f in results if f.error is not None]
    return report


class NoTests(AuditError):
    """Nothing to audit (exit status 3)."""


def _progress(items, total: int, show: bool):
    done = 0
    for item in items:
        done += 1
        if show:
            width = 30
            filled = int(width * done / total)
            sys.stderr.write(f"\r[{'#' * filled}{' ' * (width - filled)}] {done}/{total} files")
            sys.stderr.flush()
        yield item
    if show:
        sys.stderr.write("\r" + " " * 60 + "\r")
        sys.stderr.flush()


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
