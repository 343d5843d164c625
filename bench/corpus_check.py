"""Reliability over real suites: the plugin's analysis and the audit's scan of every test file of the
pinned sdists and of CPython's own ``Lib/test``; files, findings per family, MM901 and tracebacks.

    python bench/corpus_check.py                 # every pinned corpus + the running interpreter's Lib/test
    python bench/corpus_check.py flask stdlib    # just these ("stdlib" is CPython's Lib/test)
    python bench/corpus_check.py --no-audit      # the plugin's analysis only
    python bench/corpus_check.py --checkouts     # whole checkouts: the applications of bench/apps.json

A traceback is an exception escaping ``analysis.analyse`` (the flake8 plugin turns it into MM901)
or an MM901 in the audit's scan (which contains the same failures).  Exit status 1 when any.

``--checkouts`` runs the real ``flake8 --isolated --select=MM -j2 .`` from the root of each extracted
application of the accuracy issue (``bench/apps.py extract``), over the whole checkout as users run it (the
project's own modules, generated files and all; only test files are analysed), and reports per application:
Python files, test files analysed, findings, MM901, tracebacks on stderr, wall time, and the peak RSS of the
largest process (a worker), measured by a small fresh interpreter that runs flake8.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
import sysconfig
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import CORPORA  # noqa: E402
from corpus_run import files_of  # noqa: E402

from flake8_mock_misuse.analysis import analyse  # noqa: E402
from flake8_mock_misuse.audit.scan import scan  # noqa: E402
from flake8_mock_misuse.config import Config  # noqa: E402
from flake8_mock_misuse.testfiles import is_test_file  # noqa: E402

FAMILIES = ("MM1xx", "MM2xx", "MM3xx", "MM4xx", "MM9xx")


def stdlib_tests() -> tuple[Path, list[Path]] | None:
    """CPython's ``Lib/test`` of the running interpreter (root: the stdlib folder), if installed."""
    root = Path(sysconfig.get_paths()["stdlib"])
    folder = root / "test"
    if not folder.is_dir():
        return None
    patterns = Config().test_files
    files = [p for p in sorted(folder.rglob("*.py")) if is_test_file(p.relative_to(root).as_posix(), patterns)]
    return root, files


def check_files(root: Path, files: list[Path], audit: bool = True) -> dict:
    """Analyse each file as flake8 would (and scan it as the audit would), with ``root`` as the source root."""
    config = Config(source_roots=(str(root),))
    codes: Counter[str] = Counter()
    tracebacks: list[str] = []
    audit_mm901 = unparsable = 0
    start = time.process_time()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        for path in files:
            rel = path.relative_to(root).as_posix()
            try:
                tree = ast.parse(path.read_bytes(), filename=rel)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                unparsable += 1  # flake8 reports E999 and runs no plugin on it
                continue
            try:
                findings = analyse(tree, rel, config)
            except Exception:
                tracebacks.append(f"{root.name}/{rel}\n{traceback.format_exc()}")
                codes["MM901"] += 1
                continue
            codes.update(f.code for f in findings)
            if audit:
                facts = scan(str(path), rel, config)
                if any(f.code == "MM901" for f in facts.findings):
                    audit_mm901 += 1
                    tracebacks.append(f"{root.name}/{rel} (audit)\n" + next(
                        f.message for f in facts.findings if f.code == "MM901"))
    finally:
        os.chdir(cwd)
    families = Counter(f"{code[:3]}xx" for code in codes.elements())
    return {
        "files": len(files),
        "unparsable": unparsable,
        "findings": sum(codes.values()),
        "families": {f: families.get(f, 0) for f in FAMILIES},
        "codes": dict(sorted(codes.items())),
        "mm901": codes.get("MM901", 0) + audit_mm901,
        "tracebacks": tracebacks,
        "cpu_s": round(time.process_time() - start, 1),
    }


def sources(names: list[str]) -> list[tuple[str, Path, list[Path]]]:
    out = []
    for name in names:
        if name == "stdlib":
            found = stdlib_tests()
            if found is not None:
                out.append((f"cpython-{sys.version_info.major}.{sys.version_info.minor}-Lib/test", *found))
        else:
            out.append((name, *files_of(name)))
    return out


_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.monotonic()\n"
    "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(time.monotonic() - t, u.ru_maxrss, r.returncode, len(r.stdout.splitlines()))\n"
    "sys.stdout.write(r.stdout)\n"
    "sys.stderr.write(r.stderr)\n"
)


def check_checkout(root: Path) -> dict:
    """The real flake8 over a whole checkout, from its root: what users run."""
    import subprocess

    flake8 = str(Path(sys.executable).parent / "flake8")
    proc = subprocess.run([sys.executable, "-c", _MEASURE, flake8, "--isolated", "--select=MM", "-j2", "."],
                          cwd=root, capture_output=True, text=True)
    head, _, out = proc.stdout.partition("\n")
    wall, rss_kb, status, _lines = head.split()
    codes = Counter(line.split(": ", 1)[1].split(" ", 1)[0] for line in out.splitlines() if ": MM" in line)
    patterns = Config().test_files
    py = tests = 0
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.endswith(".py"):
                py += 1
                tests += is_test_file(Path(folder, name).relative_to(root).as_posix(), patterns)
    families = Counter(f"{code[:3]}xx" for code in codes.elements())
    return {"python_files": py, "test_files": tests, "findings": sum(codes.values()),
            "families": {f: families.get(f, 0) for f in FAMILIES}, "mm901": codes.get("MM901", 0),
            "tracebacks": proc.stderr.count("Traceback"), "exit": int(status), "wall_s": round(float(wall), 1),
            "peak_rss_mb": round(int(rss_kb) / 1024, 1)}


def checkouts(names: list[str]) -> int:
    from apps import checkout, manifest

    total: Counter[str] = Counter()
    for app in manifest():
        if names and app["name"] not in names:
            continue
        root = checkout(app)
        if not root.is_dir():
            print(json.dumps({"app": app["name"], "missing": str(root)}))
            continue
        res = check_checkout(root)
        print(json.dumps({"app": app["name"], **res}))
        total.update({k: res[k] for k in ("python_files", "test_files", "findings", "mm901", "tracebacks")})
        total["wall_s"] += res["wall_s"]
        total["peak_rss_mb"] = max(total["peak_rss_mb"], res["peak_rss_mb"])
    print(json.dumps({"app": "TOTAL", **{k: round(v, 1) for k, v in total.items()}}))
    return 1 if total.get("tracebacks") or total.get("mm901") else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", default=None)
    ap.add_argument("--no-audit", action="store_true", help="skip the audit's scan of each file")
    ap.add_argument("--checkouts", action="store_true",
                    help="the real flake8 over whole checkouts of the applications (names: of bench/apps.json)")
    args = ap.parse_args(argv)
    if args.checkouts:
        return checkouts(args.names or [])
    args.names = args.names or [*sorted(CORPORA), "stdlib"]
    total: Counter[str] = Counter()
    families: Counter[str] = Counter()
    for name, root, files in sources(args.names):
        res = check_files(root, files, audit=not args.no_audit)
        for t in res["tracebacks"]:
            print(t, file=sys.stderr)
        res["tracebacks"] = len(res["tracebacks"])
        print(json.dumps({"corpus": name, **res}))
        total.update({k: res[k] for k in ("files", "unparsable", "findings", "mm901", "tracebacks")})
        families.update(res["families"])
    print(json.dumps({"corpus": "TOTAL", **{k: total.get(k, 0) for k in ("files", "unparsable", "findings")},
                      "families": {f: families.get(f, 0) for f in FAMILIES},
                      "mm901": total.get("mm901", 0), "tracebacks": total.get("tracebacks", 0)}))
    return 1 if total.get("tracebacks") else 0


if __name__ == "__main__":
    sys.exit(main())
