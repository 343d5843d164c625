"""The labelled corpus of real applications (issue 15): extract the pinned checkouts, run flake8 on them,
draw the test functions to label.

    python bench/apps.py extract --snapshots DIR   # DIR/<owner>+<repo>[/repo]: a bare git repository each
    python bench/apps.py run [--out F.jsonl] [--tests-only] [NAME ...]
    python bench/apps.py sample --findings F.jsonl --out candidates.jsonl [--held-back]
    python bench/apps.py draw --findings F.jsonl --family MM3 --n 40 --seed 16 --out drawn.jsonl [NAME ...]

``bench/apps.json`` is the manifest: repository, commit, stack, and whether the application is held
back (labelled only after the fixes).  ``extract`` writes the Python files (and the files that
mark a project's root) of each checkout at its pinned commit into ``.apps/<name>/`` (ignored by git;
nothing of it enters the repository).  ``run`` runs the real
``flake8 --isolated --select=MM`` from each checkout's root over the whole checkout, as users run it,
and writes every finding with the test function it belongs to; tracebacks and MM901 are counted.
``sample`` draws the functions to label so that misses can be found, not only false alarms: functions
the plugin reports (stratified by code), functions a naive text search flags that it does not report,
and a random share; each candidate says why it was drawn.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
MANIFEST = Path(__file__).resolve().parent / "apps.json"
APPS = Path(os.environ.get("MM_APPS", ROOT / ".apps"))
FLAKE8 = str(Path(sys.executable).parent / "flake8")
KEPT = (".py", ".pyi", "pyproject.toml", "setup.cfg", "setup.py", "tox.ini", ".flake8")
_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) (?P<msg>.*)$")


def manifest() -> list[dict]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))["apps"]


def checkout(app: dict) -> Path:
    if "sdist" in app:  # a pinned sdist of bench/corpora.py: its unpacked folder
        from corpora import DEFAULT_DEST

        name, version = app["sdist"].split("==")
        return DEFAULT_DEST / f"{name}-{version}"
    return APPS / app["name"]


# -- extract ------------------------------------------------------------------------------------------
def extract(app: dict, snapshots: Path) -> Path:
    if "sdist" in app:
        from corpora import fetch

        return fetch(app["sdist"].split("==")[0])
    target = checkout(app)
    stamp = target / ".extracted"
    if stamp.exists() and stamp.read_text().strip() == app["commit"]:
        return target
    owner, repo = app["repository"].split("/")
    git_dir = next((p for p in (snapshots / f"{owner}+{repo}" / "repo", snapshots / f"{owner}+{repo}",
                                snapshots / repo) if (p / "HEAD").exists() or (p / ".git").exists()), None)
    if git_dir is None:
        raise SystemExit(f"{app['repository']}: no snapshot under {snapshots}")
    target.mkdir(parents=True, exist_ok=True)
    git = ["git", "--git-dir", str(git_dir if (git_dir / "HEAD").exists() else git_dir / ".git")]
    listing = subprocess.run([*git, "ls-tree", "-r", "-z", app["commit"]], capture_output=True, check=True).stdout
    wanted = []  # Python sources and the files that mark a project's root; snapshots may lack large blobs
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, sha = meta.split()
        path = name.decode("utf-8", "replace")
        if kind == b"blob" and mode != b"120000" and path.endswith(KEPT):
            wanted.append((sha.decode(), path))
    batch = subprocess.run([*git, "cat-file", "--batch"], input="".join(f"{sha}\n" for sha, _ in wanted).encode(),
                           capture_output=True, check=True).stdout
    pos = 0
    missing = 0
    for _sha, path in wanted:
        header_end = batch.index(b"\n", pos)
        header = batch[pos:header_end].split()
        pos = header_end + 1
        if header[-1] == b"missing":
            missing += 1
            continue
        size = int(header[2])
        dest = target / path
        if ".." in Path(path).parts or Path(path).is_absolute():
            pos += size + 1
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(batch[pos:pos + size])
        pos += size + 1
    if missing:
        print(f"{app['name']}: {missing} files missing from the snapshot", file=sys.stderr)
    stamp.write_text(app["commit"] + "\n")
    return target


# -- run ------------------------------------------------------------------------------------------------
def functions_of(path: Path) -> list[tuple[int, int, str]]:
    """(first line, last line, qualified name) of the top-level functions and methods of top-level classes,
    decorators included: the unit a label is about."""
    try:
        tree = ast.parse(path.read_bytes())
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    out = []
    for node in tree.body:
        owners = [(node, "")] if not isinstance(node, ast.ClassDef) else [(n, node.name + ".") for n in node.body]
        for fn, prefix in owners:
            if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                first = min([fn.lineno, *(d.lineno for d in fn.decorator_list)])
                out.append((first, fn.end_lineno or fn.lineno, prefix + fn.name))
    return out


def function_at(spans: list[tuple[int, int, str]], line: int) -> str:
    return next((name for first, last, name in spans if first <= line <= last), "<module>")


def tests_only_copy(app: dict, dest: Path) -> Path:
    """A copy of the checkout's test files alone (the plugin's default test-file patterns) and the files that
    mark a project's root: what the plugin sees when the project's source is not there to read."""
    sys.path.insert(0, str(ROOT / "src"))
    from flake8_mock_misuse.config import DEFAULT_TEST_FILES
    from flake8_mock_misuse.testfiles import is_test_file

    root = checkout(app)
    target = dest / app["name"]
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        marker = path.name in KEPT and path.suffix != ".py" and len(rel.parts) == 1
        if marker or path.suffix == ".py" and is_test_file(str(rel), DEFAULT_TEST_FILES):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            (target / rel).write_bytes(path.read_bytes())
    return target


def run(app: dict, root: Path | None = None) -> tuple[list[dict], dict]:
    root = root or checkout(app)
    start = time.monotonic()
    proc = subprocess.run([FLAKE8, "--isolated", "--select=MM", "-j2", "."], cwd=root, capture_output=True,
                          text=True)
    elapsed = time.monotonic() - start
    findings = []
    spans: dict[str, list] = {}
    for line in proc.stdout.splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        path = m["path"][2:] if m["path"].startswith("./") else m["path"]
        if path not in spans:
            spans[path] = functions_of(root / path)
        line_no = int(m["line"])
        findings.append({"app": app["name"], "commit": app.get("commit", app.get("sdist")), "path": path,
                         "line": line_no, "col": int(m["col"]), "code": m["code"],
                         "function": function_at(spans[path], line_no), "message": m["msg"]})
    summary = {"app": app["name"], "findings": dict(sorted(Counter(f["code"] for f in findings).items())),
               "tracebacks": proc.stderr.count("Traceback"), "exit": proc.returncode, "wall_s": round(elapsed, 1)}
    return findings, summary


# -- sample ---------------------------------------------------------------------------------------------
# What a naive search would flag, per family: where misses are looked for.
NAIVE = {
    "MM1": re.compile(r"patch\(|patch\.object|mocker\.patch|monkeypatch\.setattr|MagicMock\(|Mock\(|"
                      r"SimpleNamespace\(|pretend\.stub|RequestFactory|request\s*=\s*|\.objects\b|session"),
    "MM2": re.compile(r"is not None|isinstance\(|assertIsNotNone|assertTrue\(|assert_called|call_count|"
                      r"call_args|\.called\b|assert \w+$", re.MULTILINE),
    "MM3": re.compile(r"\.objects\.create|\.save\(\)|session\.add|\.commit\(\)|views?\.|as_view|"
                      r"Request\(|DummyRequest"),
    "MM4": re.compile(r"os\.environ\[|os\.environ\.|settings\.\w+\s*=|\.config\[|global |"
                      r"^\s*[A-Z_]{3,}\.(append|update|clear|pop)\(|setattr\(", re.MULTILINE),
}


def test_functions(app: dict) -> list[tuple[str, int, int, str]]:
    """(path, first, last, name) of every test function of the checkout's test files."""
    sys.path.insert(0, str(ROOT / "src"))
    from flake8_mock_misuse.config import DEFAULT_TEST_FILES
    from flake8_mock_misuse.testfiles import is_test_file

    root = checkout(app)
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if any(part.startswith(".") or part in ("node_modules", "site-packages") for part in Path(rel).parts) \
                or not is_test_file(rel, DEFAULT_TEST_FILES):
            continue
        for first, last, name in functions_of(path):
            if name.rsplit(".", 1)[-1].startswith("test"):
                out.append((rel, first, last, name))
    return out


def sample(apps: list[dict], findings: list[dict], seed: int, per_code: int, naive_per_family: int,
           random_share: int) -> list[dict]:
    rng = random.Random(seed)
    reported: dict[tuple, set[str]] = {}
    for f in findings:
        reported.setdefault((f["app"], f["path"], f["function"]), set()).add(f["code"])
    out: dict[tuple, dict] = {}

    def add(key: tuple, span: tuple[int, int], why: str, app: dict) -> None:
        entry = out.setdefault(key, {"app": key[0], "repository": app.get("repository", app.get("sdist")),
                                     "commit": app.get("commit", app.get("sdist")),
                                     "path": key[1], "function": key[2], "lines": list(span), "drawn": []})
        if why not in entry["drawn"]:
            entry["drawn"].append(why)

    for app in apps:
        funcs = test_functions(app)
        spans = {(app["name"], p, n): (a, b) for p, a, b, n in funcs}
        by_code: dict[str, list[tuple]] = {}
        for key, codes in reported.items():
            if key[0] == app["name"] and key in spans:
                for code in codes:
                    by_code.setdefault(code, []).append(key)
        for code, keys in sorted(by_code.items()):
            for key in rng.sample(sorted(keys), min(per_code, len(keys))):
                add(key, spans[key], f"reported:{code}", app)
        root = checkout(app)
        texts: dict[str, list[str]] = {}
        for family, pattern in NAIVE.items():
            hits = []
            for p, a, b, n in funcs:
                key = (app["name"], p, n)
                if any(c.startswith(family) for c in reported.get(key, ())):
                    continue
                if p not in texts:
                    texts[p] = (root / p).read_text(encoding="utf-8", errors="replace").splitlines()
                if pattern.search("\n".join(texts[p][a - 1:b])):
                    hits.append(key)
            for key in rng.sample(sorted(hits), min(naive_per_family, len(hits))):
                add(key, spans[key], f"naive:{family}", app)
        keys = sorted(spans)
        for key in rng.sample(keys, min(random_share, len(keys))):
            add(key, spans[key], "random", app)
    return sorted(out.values(), key=lambda e: (e["app"], e["path"], e["lines"][0]))


def draw(apps: list[dict], findings_file: Path, out: Path, family: str, n: int, seed: int) -> int:
    """Draw ``n`` of the family's findings at random (one per test function), each with the lines of its
    function, so that a judge who has not seen the plugin's reasoning can say whether the claim holds."""
    names = {a["name"]: a for a in apps}
    picked: dict[tuple, dict] = {}
    for line in findings_file.read_text(encoding="utf-8").splitlines():
        f = json.loads(line) if line else None
        if f and f["app"] in names and f["code"].startswith(family):
            picked.setdefault((f["app"], f["path"], f["function"]), f)
    keys = sorted(picked)
    chosen = random.Random(seed).sample(keys, min(n, len(keys)))
    with out.open("w", encoding="utf-8") as handle:
        for key in sorted(chosen):
            f = picked[key]
            spans = functions_of(checkout(names[f["app"]]) / f["path"])
            span = next(((a, b) for a, b, name in spans if name == f["function"]), (f["line"], f["line"]))
            handle.write(json.dumps({"app": f["app"], "path": f["path"], "function": f["function"],
                                     "lines": list(span), "line": f["line"], "code": f["code"],
                                     "message": f["message"]}) + "\n")
    print(f"{len(chosen)} of {len(keys)} functions with {family} findings drawn (seed {seed}) into {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract")
    p.add_argument("--snapshots", type=Path, required=True)
    p.add_argument("names", nargs="*")
    p = sub.add_parser("run")
    p.add_argument("--out", type=Path)
    p.add_argument("--held-back", action="store_true", help="the held-back applications too")
    p.add_argument("--tests-only", action="store_true",
                   help="lint a copy that holds the test files alone: the project's modules cannot be read")
    p.add_argument("names", nargs="*")
    p = sub.add_parser("sample")
    p.add_argument("--findings", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--held-back", action="store_true", help="draw from the held-back applications only")
    p.add_argument("--seed", type=int, default=15)
    p.add_argument("--per-code", type=int, default=6)
    p.add_argument("--naive", type=int, default=4, help="unreported naive-search hits per family and application")
    p.add_argument("--random", type=int, default=8, help="random test functions per application")
    p.add_argument("names", nargs="*")
    p = sub.add_parser("draw", help="a seeded random draw of one family's findings, for a blind judgement")
    p.add_argument("--findings", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--family", required=True, help="a code prefix: MM3")
    p.add_argument("--n", type=int, default=40)
    p.add_argument("--seed", type=int, default=15)
    p.add_argument("names", nargs="*")
    args = ap.parse_args(argv)
    apps = [a for a in manifest() if not args.names or a["name"] in args.names]
    if args.command == "extract":
        for app in apps:
            print(f"{app['name']}: {extract(app, args.snapshots)}")
        return 0
    if args.command == "run":
        apps = [a for a in apps if args.held_back or args.names or not a["held_back"]]
        out = args.out.open("w", encoding="utf-8") if args.out else None
        bad = 0
        scratch = tempfile.TemporaryDirectory(prefix="mm-tests-only-") if args.tests_only else None
        for app in apps:
            findings, summary = run(app, tests_only_copy(app, Path(scratch.name)) if scratch else None)
            bad += summary["tracebacks"] + summary["findings"].get("MM901", 0)
            print(json.dumps(summary))
            for f in findings:
                if out:
                    out.write(json.dumps(f) + "\n")
        return 1 if bad else 0
    if args.command == "draw":
        return draw(apps, args.findings, args.out, args.family, args.n, args.seed)
    apps = [a for a in apps if a["held_back"] == args.held_back]
    findings = [json.loads(line) for line in args.findings.read_text(encoding="utf-8").splitlines() if line]
    drawn = sample(apps, findings, args.seed, args.per_code, args.naive, args.random)
    with args.out.open("w", encoding="utf-8") as f:
        for entry in drawn:
            f.write(json.dumps(entry) + "\n")
    strata = Counter(w.split(":")[0] for e in drawn for w in e["drawn"])
    print(f"{len(drawn)} functions from {len({e['app'] for e in drawn})} applications: "
          + ", ".join(f"{k} {v}" for k, v in sorted(strata.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
