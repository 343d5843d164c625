"""The trimmed corpus run: real test suites through the analysis and the audit, no traceback, no MM901.

A deterministic sample of the pinned sdists' test files (``bench/corpora.py``; ``.corpora/`` or
``$MM_CORPORA``) and of CPython's own ``Lib/test``.  Without any pinned sdist (a fresh clone),
one small one is fetched so that something real still runs; only if that fails is it skipped.
The full run is ``python bench/corpus_check.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from helpers import REPO

sys.path.insert(0, str(REPO / "bench"))
import corpora  # noqa: E402
from corpus_check import check_files, stdlib_tests  # noqa: E402
from corpus_run import files_of  # noqa: E402

pytestmark = pytest.mark.slow  # long end-to-end: the full suite only (make test), not make check

CORPUS_SAMPLE = 150
STDLIB_SAMPLE = 100
FALLBACK = "flask"  # small, and a real application-framework suite


def present() -> list[str]:
    return [name for name, (version, _tests) in sorted(corpora.CORPORA.items())
            if (corpora.DEFAULT_DEST / f"{name}-{version}" / ".complete").exists()]


def spread(files: list[Path], count: int) -> list[Path]:
    """``count`` files evenly spaced over the sorted list: the same sample on every run."""
    files = sorted(files)
    if len(files) <= count:
        return files
    step = len(files) / count
    return [files[int(i * step)] for i in range(count)]


def corpus_names() -> list[str]:
    names = present()
    if names:
        return names
    try:
        corpora.fetch(FALLBACK)
    except (Exception, SystemExit) as exc:  # no network, index down: nothing real to run
        pytest.skip(f"no pinned corpus in {corpora.DEFAULT_DEST} and fetching {FALLBACK} failed: {exc}")
    return [FALLBACK]


def assert_clean(result: dict) -> None:
    assert result["tracebacks"] == [], "\n".join(result["tracebacks"])[:5000]
    assert result["mm901"] == 0
    assert result["files"] - result["unparsable"] > 0


def test_pinned_corpora_sample():
    names = corpus_names()
    per_corpus = max(8, CORPUS_SAMPLE // len(names))
    checked = 0
    findings = 0
    for name in names:
        root, files = files_of(name)
        result = check_files(root, spread(files, per_corpus))
        assert_clean(result)
        checked += result["files"]
        findings += result["findings"]
    assert checked >= min(CORPUS_SAMPLE, 30)
    assert findings > 0  # the analysis did its work on real tests


def test_cpython_lib_test_sample():
    found = stdlib_tests()
    if found is None or not found[1]:
        pytest.skip("this interpreter ships no Lib/test")
    root, files = found
    result = check_files(root, spread(files, STDLIB_SAMPLE))
    assert_clean(result)
    assert result["files"] == min(STDLIB_SAMPLE, len(files))
    assert result["families"]["MM2xx"] > 0  # CPython's tests have asserts that prove little, as any suite
