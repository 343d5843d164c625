"""Precision and recall of the plugin against the labelled test functions (issue 15).

    python bench/score.py --findings F.jsonl bench/labels/tune.jsonl [more label files]
    python bench/score.py --findings F.jsonl --family MM1 --list bench/labels/tune.jsonl

``F.jsonl`` is what ``bench/apps.py run --out`` writes.  A label says, per family, which codes of that
family hold for one test function (an empty list: the family's claim does not hold); a finding counts
for the function whose lines (decorators included) hold it.  Per family, a function is a true positive
when it is labelled and reported, a false positive when reported and not labelled, a false negative when
labelled and not reported; per code the same with that code.  ``--list`` names every false negative and
false positive with the label's reason and the finding's message.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

FAMILIES = ("MM1", "MM2", "MM3", "MM4")


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def key(entry: dict) -> tuple[str, str, str]:
    return entry["app"], entry["path"], entry["function"]


def score(labels: list[dict], findings: list[dict]) -> tuple[dict, dict, list]:
    """(per family, per code, cases): counts of tp/fp/fn, and each fp and fn with its evidence."""
    reported: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for f in findings:
        reported[key(f)][f["code"]].append(f)
    fam: dict[str, dict[str, int]] = {f: {"tp": 0, "fp": 0, "fn": 0, "tn": 0} for f in FAMILIES}
    codes: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    cases = []
    for label in labels:
        if label.get("labels") is None:
            continue
        got = reported.get(key(label), {})
        for family in FAMILIES:
            want = set(label["labels"].get(family, []))
            have = {c for c in got if c.startswith(family)}
            outcome = "tp" if want and have else "fp" if have else "fn" if want else "tn"
            fam[family][outcome] += 1
            if outcome in ("fp", "fn"):
                messages = [f["message"] for c in sorted(have) for f in got[c]]
                cases.append({"family": family, "outcome": outcome, "function": "::".join(key(label)),
                              "labelled": sorted(want), "reported": sorted(have), "reason": label.get("reason", ""),
                              "messages": messages[:2]})
            for code in want | have:
                codes[code]["tp" if code in want and code in have else "fp" if code in have else "fn"] += 1
    return fam, dict(sorted(codes.items())), cases


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


def table(name: str, rows: dict[str, dict[str, int]]) -> str:
    out = [f"{name:<8} {'tp':>4} {'fp':>4} {'fn':>4}  precision  recall"]
    for k, c in rows.items():
        out.append(f"{k:<8} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4}  {_ratio(c['tp'], c['tp'] + c['fp']):>9}  "
                   f"{_ratio(c['tp'], c['tp'] + c['fn']):>6}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("labels", nargs="+", type=Path)
    ap.add_argument("--findings", type=Path, required=True)
    ap.add_argument("--family", choices=FAMILIES, help="only this family's cases with --list")
    ap.add_argument("--list", action="store_true", help="name every false positive and false negative")
    args = ap.parse_args(argv)
    labels = [entry for p in args.labels for entry in load(p)]
    findings = load(args.findings)
    apps = {entry["app"] for entry in labels}
    findings = [f for f in findings if f["app"] in apps]
    fam, codes, cases = score(labels, findings)
    judged = sum(1 for entry in labels if entry.get("labels") is not None)
    print(f"{judged} labelled test functions from {len(apps)} applications\n")
    print(table("family", fam))
    print()
    print(table("code", codes))
    if args.list:
        for c in cases:
            if args.family and c["family"] != args.family:
                continue
            print(f"\n{c['outcome'].upper()} {c['family']} {c['function']}\n  labelled {c['labelled'] or '-'}, "
                  f"reported {c['reported'] or '-'}: {c['reason']}")
            for m in c["messages"]:
                print(f"  > {m[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
