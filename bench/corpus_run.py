"""Run the analysis over the pinned real test suites: files, findings per code, failures.

    python bench/corpus_run.py [NAME ...] [--out findings.jsonl] [--limit N]

Each file is parsed and analysed as the flake8 plugin would (same entry point, same
containment), with the sdist's root as the source root, as when flake8 runs there.
A failure is an exception escaping the analysis (the plugin would report it as MM901).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import CORPORA, fetch, test_folders  # noqa: E402

from flake8_mock_misuse.analysis import analyse  # noqa: E402
from flake8_mock_misuse.config import Config  # noqa: E402
from flake8_mock_misuse.testfiles import is_test_file  # noqa: E402


def files_of(name: str) -> tuple[Path, list[Path]]:
    root = fetch(name)
    out: list[Path] = []
    for folder in test_folders(name):
        for path in sorted(folder.rglob("*.py")):
            rel = str(path.relative_to(root))
            if is_test_file(rel, Config().test_files):
                out.append(path)
    return root, out


def run(name: str, out, limit: int | None) -> dict:
    root, files = files_of(name)
    if limit:
        files = files[:limit]
    config = Config(source_roots=(str(root),))
    counts: Counter[str] = Counter()
    failures: list[str] = []
    skipped = 0
    analysis_cpu = 0.0
    start = time.process_time()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        for path in files:
            rel = str(path.relative_to(root))
            try:
                tree = ast.parse(path.read_bytes(), filename=rel)
            except (SyntaxError, ValueError):
                skipped += 1  # flake8 reports E999 and runs no plugin on it
                continue
            t0 = time.process_time()
            try:
                findings = analyse(tree, rel, config)
            except Exception:
                failures.append(f"{rel}\n{traceback.format_exc()}")
                continue
            finally:
                analysis_cpu += time.process_time() - t0
            for f in findings:
                counts[f.code] += 1
                if out:
                    out.write(json.dumps({"corpus": name, "file": rel, "line": f.line, "col": f.col + 1,
                                          "code": f.code, "message": f.message}) + "\n")
    finally:
        os.chdir(cwd)
    return {"corpus": name, "files": len(files), "unparsable": skipped, "findings": dict(sorted(counts.items())),
            "failures": len(failures), "cpu_s": round(time.process_time() - start, 2),
            "analysis_cpu_s": round(analysis_cpu, 2), "failure_text": failures[:3]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", default=sorted(CORPORA))
    ap.add_argument("--out", type=Path, help="write every finding as JSON lines")
    ap.add_argument("--limit", type=int, help="at most this many files per corpus")
    args = ap.parse_args()
    out = args.out.open("w") if args.out else None
    total_fail = 0
    for name in args.names:
        res = run(name, out, args.limit)
        total_fail += res["failures"]
        text = res.pop("failure_text")
        print(json.dumps(res))
        for t in text:
            print(t, file=sys.stderr)
    return 1 if total_fail else 0


if __name__ == "__main__":
    sys.exit(main())
