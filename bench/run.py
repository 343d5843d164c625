"""Benchmark: what the plugin costs, against the budgets of the performance issue.

    python bench/run.py                       # django + fastapi + flask; CPU: median of 3 fresh runs
    python bench/run.py --corpora django --runs 30 --out bench/results/bench.json

Reports, on this machine, in one run:
1. the plugin's own CPU over all test files of the corpora (analysis of pre-parsed trees, as
   flake8 hands them over) against a bare ``ast.NodeVisitor`` pass over the same trees;
2. ``flake8 -j1`` without and with the plugin, wall and CPU, and peak RSS of the flake8
   process: two virtualenvs with the same pinned flake8, the second with the plugin installed
   from a freshly built wheel, as users install it (bytecode compiled by pip);
3. single-file latency (``flake8 FILE``), median of N runs, without and with the plugin,
   wall and CPU; and, when valgrind is installed, the instructions each executes (one run under
   callgrind: the same count on every run, so it shows a change this machine's timing noise hides);
4. scaling: the analysis over 1x, 2x and 4x copies of a corpus.
Prints a table and writes JSON.  Not part of the test suite's pass/fail.
"""

from __future__ import annotations

import argparse
import ast
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from corpora import fetch, test_folders  # noqa: E402

from flake8_mock_misuse.analysis import analyse  # noqa: E402
from flake8_mock_misuse.config import Config  # noqa: E402
from flake8_mock_misuse.testfiles import is_test_file  # noqa: E402

PLAIN_VENV = ROOT / ".bench" / "plain"
WITH_VENV = ROOT / ".bench" / "with"
_FLAKE8_PINS = ("flake8", "pyflakes", "pycodestyle", "mccabe")
BUDGETS = {"cpu_ratio": 2.0, "latency_overhead_ms": 15.0, "rss_overhead_mb": 100.0, "scaling_4x": 4.4}


def corpus_files(name: str) -> tuple[Path, list[Path]]:
    root = fetch(name)
    files = [p for folder in test_folders(name) for p in sorted(folder.rglob("*.py"))
             if is_test_file(p.relative_to(root).as_posix(), Config().test_files)]
    return root, files


def parse_all(root: Path, files: list[Path]) -> list[tuple[str, ast.AST]]:
    out = []
    for p in files:
        try:
            out.append((p.relative_to(root).as_posix(), ast.parse(p.read_bytes())))
        except (SyntaxError, ValueError):
            pass
    return out


class Bare(ast.NodeVisitor):
    pass


def plugin_cpu(root: Path, trees: list[tuple[str, ast.AST]]) -> tuple[float, float]:
    """(bare NodeVisitor CPU, plugin analysis CPU) over the same trees, in seconds.

    File by file, the bare pass and then the analysis, so that a slower spell of a shared
    machine falls on both sides alike.  The trees of every file are held at once here (flake8
    holds one at a time): they are moved out of the garbage collector's sight first, so that its
    passes over them, which flake8 would never make, are not charged to either side.  Every rule is
    imported first (the analysis imports most of them on first need): importing is start-up, which
    the latency rows measure, not work per tree.
    """
    from flake8_mock_misuse import rules

    for rule in rules.REGISTRY:  # every rule, and through them every module of the analysis
        rules.load(rule)
        if rule.gate is not None:
            rules.facts_class(rule.family)
    gc.collect()
    gc.freeze()
    cwd = os.getcwd()
    os.chdir(root)
    clock = time.process_time
    floor = cpu = 0.0
    try:
        config = Config(source_roots=(str(root),))
        for name, tree in trees:
            t0 = clock()
            Bare().visit(tree)
            t1 = clock()
            try:
                analyse(tree, name, config)
            except Exception:  # the plugin contains these as MM901; count the time all the same
                pass
            t2 = clock()
            floor += t1 - t0
            cpu += t2 - t1
        return floor, cpu
    finally:
        os.chdir(cwd)


def _pins(*names: str) -> list[str]:
    """Our pins of ``names`` for this Python (requirements/dev.txt, then bench.txt; a pin may carry a marker)."""
    from packaging.requirements import Requirement

    out = []
    for path in (ROOT / "requirements" / "dev.txt", ROOT / "requirements" / "bench.txt"):
        for line in path.read_text().splitlines():
            text = line.split("#", 1)[0].strip()
            if "==" not in text:
                continue
            req = Requirement(text)
            if req.name.lower() in names and (req.marker is None or req.marker.evaluate()):
                out.append(f"{req.name}{req.specifier}")
    return out


def _venv(where: Path, fresh: bool = False) -> Path:
    if fresh or not (where / "bin" / "flake8").exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(where)
        subprocess.run([str(where / "bin" / "python"), "-m", "pip", "install", "-q", *_pins(*_FLAKE8_PINS)],
                       check=True)
    return where / "bin" / "flake8"


def fresh_cpu(name: str | None = None, folder: Path | None = None) -> tuple[float, float]:
    """(floor, plugin) CPU in a fresh interpreter, nothing cached from before: over a corpus's test
    files, or over every ``.py`` file below ``folder``."""
    if folder is not None:
        load = f"root = Path({str(folder)!r}); files = sorted(root.rglob('*.py'))"
    else:
        load = f"root, files = run.corpus_files({name!r})"
    code = (f"import sys; sys.path.insert(0, {str(HERE)!r}); import run; from pathlib import Path; {load}; "
            "print(*run.plugin_cpu(root, run.parse_all(root, files)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(out[-2]), float(out[-1])


def best_cpu(name: str, repeat: int) -> tuple[float, float]:
    """The fresh run (of ``repeat``) with the median ratio: a figure little disturbed by other load."""
    runs = sorted((fresh_cpu(name) for _ in range(repeat)), key=lambda r: r[1] / r[0])
    return runs[len(runs) // 2]


def plain_flake8() -> Path:
    return _venv(PLAIN_VENV)


def plugin_flake8() -> Path:
    """The same flake8 with this checkout installed from a wheel built now (no editable install).

    Made anew each time, so that it holds exactly what the plain one holds, and the plugin: flake8 reads
    the entry points of every installed distribution at start-up, so any other difference shows in the
    single-file figures.
    """
    exe = _venv(WITH_VENV, fresh=True)
    with tempfile.TemporaryDirectory() as dist:
        subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, str(ROOT)],
                       check=True, capture_output=True)
        wheel = next(Path(dist).glob("*.whl"))
        subprocess.run([str(WITH_VENV / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps",
                        "--force-reinstall", str(wheel)], check=True)
    return exe


_MEASURE = (
    "import os, resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss)\n"
)


def measured(cmd: list[str], cwd: Path) -> dict:
    """Wall, CPU (user+sys) and peak RSS of one flake8 process.

    Measured by a small fresh interpreter that runs it: a child forked from this (large)
    process would inherit this process's resident size as its starting high-water mark.
    """
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], cwd=cwd, capture_output=True, text=True,
                         check=True).stdout.split()
    wall, cpu, rss_kb = float(out[0]), float(out[1]), int(out[2])
    return {"wall_s": round(wall, 4), "cpu_s": round(cpu, 4), "peak_rss_mb": round(rss_kb / 1024, 1)}


def latency(exes: list[Path], file: Path, runs: int) -> list[tuple[float, float]]:
    """Median wall and median CPU (user + system) of ``flake8 FILE`` for each executable, in milliseconds.

    The executables take turns, run after run, so that a slower spell of the machine falls on all
    of them alike.  Two executables: a third pair, the medians of the run-by-run differences
    (second minus first), wall and CPU, which a drifting machine disturbs least.
    """
    walls: list[list[float]] = [[] for _ in exes]
    cpus: list[list[float]] = [[] for _ in exes]
    for _ in range(runs):
        for i, exe in enumerate(exes):
            m = measured([str(exe), "--isolated", str(file)], file.parent)
            walls[i].append(m["wall_s"])
            cpus[i].append(m["cpu_s"])
    out = [(statistics.median(w) * 1000, statistics.median(c) * 1000) for w, c in zip(walls, cpus)]
    if len(exes) == 2:
        out.append((statistics.median(b - a for a, b in zip(*walls)) * 1000,
                    statistics.median(b - a for a, b in zip(*cpus)) * 1000))
    return out


def instructions(exes: list[Path], file: Path) -> list[int] | None:
    """Instructions executed by ``flake8 FILE`` under each executable (valgrind's callgrind), or None
    without valgrind.  Deterministic (hash seed fixed), unlike times on a shared machine."""
    if shutil.which("valgrind") is None:
        return None
    out = []
    for exe in exes:
        run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", str(exe),
                              "--isolated", str(file)], cwd=file.parent, capture_output=True, text=True,
                             env={**os.environ, "PYTHONHASHSEED": "0"})
        counts = [line.split()[-1] for line in run.stderr.splitlines() if "Collected :" in line]
        if not counts:
            return None
        out.append(int(counts[-1]))
    return out


def scaling(name: str, repeat: int, factors=(1, 2, 4)) -> dict:
    """Analysis CPU over k copies of a corpus's test folders, each copy a fresh path, in a fresh process."""
    root, files = corpus_files(name)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k in factors:
            dest = Path(tmp) / f"x{k}"
            for i in range(k):
                for folder in test_folders(name):
                    shutil.copytree(folder, dest / f"copy{i}" / folder.relative_to(root))
            out[f"{k}x"] = round(min(fresh_cpu(folder=dest)[1] for _ in range(repeat)), 3)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", default="django,fastapi,flask")
    ap.add_argument("--runs", type=int, default=30, help="runs per single-file latency median")
    ap.add_argument("--scaling-corpus", default="fastapi")
    ap.add_argument("--repeat", type=int, default=3, help="fresh runs per CPU figure (the least is kept)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "bench.json")
    args = ap.parse_args()
    without = plain_flake8()
    with_plugin = plugin_flake8()
    report: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}, "corpora": {}}
    for name in args.corpora.split(","):
        root, files = corpus_files(name)
        floor, cpu = best_cpu(name, args.repeat)
        rel = [str(f.relative_to(root)) for f in test_folders(name)]
        row = {"files": len(parse_all(root, files)), "floor_cpu_s": round(floor, 3), "plugin_cpu_s": round(cpu, 3),
               "ratio": round(cpu / floor, 2) if floor else None,
               "flake8_without": measured([str(without), "-j1", "--isolated", *rel], root),
               "flake8_with": measured([str(with_plugin), "-j1", "--isolated", *rel], root)}
        report["corpora"][name] = row
    typical = ROOT / "examples" / "bookstore" / "tests" / "test_payments.py"
    big = fetch("django") / "tests" / "admin_views" / "tests.py"
    report["latency_ms"] = {}
    for label, f in (("typical (examples/bookstore/tests/test_payments.py)", typical),
                     ("large (django tests/admin_views/tests.py)", big)):
        if f.exists():
            (aw, ac), (bw, bc), (dw, dc) = latency([without, with_plugin], f, args.runs)
            report["latency_ms"][label] = {"without": round(aw, 1), "with": round(bw, 1), "overhead": round(dw, 1),
                                           "cpu_without": round(ac, 1), "cpu_with": round(bc, 1),
                                           "cpu_overhead": round(dc, 1)}
            counted = instructions([without, with_plugin], f) if f == typical else None
            if counted:
                report["latency_ms"][label]["instructions"] = {"without": counted[0], "with": counted[1]}
    report["scaling_cpu_s"] = {args.scaling_corpus: scaling(args.scaling_corpus, args.repeat)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(table(report))
    print(f"\nJSON: {args.out}")
    return 0


def table(r: dict) -> str:
    lines = ["corpus        files  floor CPU  plugin CPU  ratio   flake8 -j1 wall/CPU/RSS without -> with"]
    for name, row in r["corpora"].items():
        a, b = row["flake8_without"], row["flake8_with"]
        lines.append(f"{name:<12} {row['files']:>6} {row['floor_cpu_s']:>9.2f}s {row['plugin_cpu_s']:>10.2f}s "
                     f"{row['ratio']:>5}x   {a['wall_s']:.1f}s/{a['cpu_s']:.1f}s/{a['peak_rss_mb']:.0f}MB -> "
                     f"{b['wall_s']:.1f}s/{b['cpu_s']:.1f}s/{b['peak_rss_mb']:.0f}MB")
    lines.append("")
    for label, v in r["latency_ms"].items():
        lines.append(f"latency {label}: wall {v['without']} -> {v['with']} ms, CPU {v['cpu_without']} -> "
                     f"{v['cpu_with']} ms; added (median of run-by-run differences) {v['overhead']:+} ms wall, "
                     f"{v['cpu_overhead']:+} ms CPU")
        n = v.get("instructions")
        if n:
            share = (n["with"] - n["without"]) / n["without"]
            lines.append(f"  instructions (callgrind): {n['without'] / 1e6:.1f}M -> {n['with'] / 1e6:.1f}M, "
                         f"added {(n['with'] - n['without']) / 1e6:.1f}M = {share:.1%} of plain flake8, "
                         f"{share * v['cpu_without']:.1f} ms at this run's median CPU of plain flake8")
    for name, v in r["scaling_cpu_s"].items():
        base = v["1x"] or 1
        lines.append(f"scaling {name}: " + ", ".join(f"{k} {s:.2f}s ({s / base:.2f}x)" for k, s in v.items()))
    lines.append("budgets: plugin CPU <= 2x floor (django); latency +<= 15 ms; RSS +<= 100 MB; 4x corpus <= 4.4x time")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
