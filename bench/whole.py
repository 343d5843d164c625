"""What users pay: whole-process CPU of flake8 over a corpus's test folders, with and without the plugin, beside
peers measured in the same run (issue 21).

    python bench/whole.py                          # django, -j2, 3 rounds
    python bench/whole.py --corpus django --jobs 1,2 --rounds 3 --out bench/results/whole.json

Each round runs every command once, in the same order, so a slow spell of this shared machine falls on all of
them alike; the figure kept is the median over rounds of each command's CPU (user + system of the process and
its workers) and peak RSS (of the largest single process: a worker with -j2).  Overheads are the medians of the
round-by-round differences against plain flake8.  The floor is a bare ``ast.NodeVisitor`` pass over the same
trees (bench/run.py), the unit the budget is written in.  Also reported: how many objects the plugin keeps alive
once every test file is analysed (what each full collection of the garbage collector walks for the rest of a run).

Commands, each from a virtualenv of its own under .bench/ (pins in requirements/bench.txt):
plain flake8; flake8 with this plugin (a wheel built now), with the astroid tier on and off; flake8 with
flake8-pytest-style; flake8 with flake8-bugbear; ruff's PT rules; and ``flake8-mock-misuse check``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import run  # noqa: E402
from corpora import fetch, test_folders  # noqa: E402

BENCH = ROOT / ".bench"
_MEASURE = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(u.ru_utime + u.ru_stime, u.ru_maxrss)\n"
)


def _env(name: str, *packages: str) -> Path:
    where = BENCH / name
    if not (where / "bin" / "python").exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(where)
        subprocess.run([str(where / "bin" / "python"), "-m", "pip", "install", "-q",
                        *run._pins("flake8", "pyflakes", "pycodestyle", "mccabe", *packages)], check=True)
    return where / "bin"


def commands(jobs: int, folder: str) -> dict[str, list[str]]:
    plain = run.plain_flake8().parent
    with_plugin = run.plugin_flake8().parent
    style = _env("pytest-style", "flake8-pytest-style", "flake8-plugin-utils")
    bugbear = _env("bugbear", "flake8-bugbear", "attrs")
    ruff = _env("ruff", "ruff")
    j = f"-j{jobs}"
    return {
        "flake8": [str(plain / "flake8"), "--isolated", j, folder],
        "flake8 + this plugin": [str(with_plugin / "flake8"), "--isolated", j, folder],
        "flake8 + this plugin, astroid tier off": [str(with_plugin / "flake8"), "--isolated", j,
                                                   "--mock-misuse-infer=no", folder],
        "flake8 + flake8-pytest-style": [str(style / "flake8"), "--isolated", j, folder],
        "flake8 + flake8-bugbear": [str(bugbear / "flake8"), "--isolated", j, folder],
        "ruff check --select PT": [str(ruff / "ruff"), "check", "--isolated", "--no-cache", "--select", "PT",
                                   "--exit-zero", folder],
        "flake8-mock-misuse check": [str(with_plugin / "flake8-mock-misuse"), "check", "--isolated", j, folder],
    }


# What the plugin keeps alive between files (issue 21): every full collection of the garbage collector walks it for
# the rest of the run, in flake8's own parsing too. The plugin runs over the test files one parsed tree at a time, as
# flake8 hands them over; the count is of objects the collector tracks that outlive the files.
_RETAINED = (
    "import ast, gc, os, sys\n"
    "from pathlib import Path\n"
    "from flake8_mock_misuse.plugin import Plugin\n"
    "from flake8_mock_misuse.testfiles import is_test_file\n"
    "import flake8_mock_misuse.analysis\n"
    "gc.collect(); base = len(gc.get_objects())\n"
    "for p in sorted(Path(sys.argv[1]).rglob('*.py')):\n"
    "    if not is_test_file(str(p), Plugin.config.test_files):\n"
    "        continue\n"
    "    try:\n"
    "        src = p.read_text(encoding='utf-8'); tree = ast.parse(src)\n"
    "    except (SyntaxError, ValueError, UnicodeDecodeError):\n"
    "        continue\n"
    "    list(Plugin(tree, str(p), src.splitlines(True)).run())\n"
    "gc.collect(); print(len(gc.get_objects()) - base)\n"
)


def retained(python: Path, folder: str, cwd: Path) -> int:
    out = subprocess.run([str(python), "-c", _RETAINED, folder], cwd=cwd, capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1])


def measure(cmd: list[str], cwd: Path) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], cwd=cwd, capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="django")
    ap.add_argument("--jobs", default="2", help="comma-separated -j values")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "whole.json")
    args = ap.parse_args()
    base = fetch(args.corpus)
    (folder,) = [f.relative_to(base) for f in test_folders(args.corpus)][:1]
    files = sorted(p for p in (base / folder).rglob("*.py"))
    floor, _plugin = run.plugin_cpu(base, run.parse_all(base, files))
    kept = retained(run.plugin_flake8().parent / "python", str(folder), base)
    result: dict = {"corpus": args.corpus, "files": len(files), "floor_s": round(floor, 3), "retained_objects": kept,
                    "runs": {}}
    for jobs in (int(j) for j in args.jobs.split(",")):
        cmds = commands(jobs, str(folder))
        cpu: dict[str, list[float]] = {k: [] for k in cmds}
        rss: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(args.rounds):
            for name, cmd in cmds.items():
                c, r = measure(cmd, base)
                cpu[name].append(c)
                rss[name].append(r)
        rows = {}
        for name in cmds:
            diffs = [a - b for a, b in zip(cpu[name], cpu["flake8"])]
            rows[name] = {"cpu_s": round(statistics.median(cpu[name]), 2),
                          "added_cpu_s": round(statistics.median(diffs), 2),
                          "added_over_floor": round(statistics.median(diffs) / floor, 2) if floor else None,
                          "peak_rss_mb": round(statistics.median(rss[name]), 1),
                          "rounds": [round(c, 2) for c in cpu[name]]}
        result["runs"][f"-j{jobs}"] = rows
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{args.corpus}: {len(files)} files, floor {floor:.2f} s (bare visitor); objects the plugin keeps alive "
          f"after the run: {kept:,}")
    for jobs, rows in result["runs"].items():
        print(f"\n{jobs}   {'command':<42} {'CPU s':>7} {'added':>7} {'x floor':>8} {'peak RSS MB':>12}")
        for name, row in rows.items():
            print(f"      {name:<42} {row['cpu_s']:>7} {row['added_cpu_s']:>7} {row['added_over_floor']!s:>8} "
                  f"{row['peak_rss_mb']:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
