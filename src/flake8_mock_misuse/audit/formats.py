"""Audit output: text for people, JSON (versioned schema), Markdown, SARIF 2.1.0 for code scanning."""

from __future__ import annotations

import json

from ..sarif import Result, document
from .run import Report

JSON_VERSION = 1


def as_data(r: Report) -> dict:
    """The JSON document (schema version 1, documented in docs/audit.md)."""
    return {
        "schema_version": JSON_VERSION,
        "tool": {"name": "flake8-mock-misuse", "version": r.version},
        "score": r.score.score,
        "min_score": r.min_score,
        "passed": r.min_score is None or r.score.score >= r.min_score,
        "deductions": [
            {"id": d.id, "points": d.points, "reason": d.reason, "examples": d.examples, "cure": d.cure}
            for d in r.score.deductions
        ],
        "counts": {"files": len(r.files), "tests": r.tests, "findings_by_family": r.families(),
                   "findings_by_code": r.counts(), "suppressed": r.suppressed()},
        "recognised": {"smoke": r.recognised("smoke"), "fresh_start": r.recognised("fresh"),
                       "end_to_end": r.recognised("e2e")},
        "skipped_files": [{"path": p, "reason": why} for p, why in r.skipped],
        "findings": [
            {"path": f.path, "line": x.line, "column": x.col + 1, "code": x.code, "message": x.message}
            for f in r.files for x in f.findings
        ],
        "suppressed": [
            {"path": f.path, "line": x.line, "column": x.col + 1, "code": x.code, "message": x.message, "by": why}
            for f in r.files for x, why in f.suppressed
        ],
    }


def text(r: Report) -> str:
    lines = [f"flake8-mock-misuse audit of {', '.join(r.paths)}: {len(r.files)} test files, {r.tests} tests",
             "", f"Confidence score: {r.score.score}/100"]
    for d in r.score.deductions:
        lines.append(f"  -{d.points:<3} {d.reason}")
        for ex in d.examples:
            lines.append(f"         {ex}")
        if d.cure:
            lines.append(f"         to cure: {d.cure}")
    if not r.score.deductions:
        lines.append("  no deductions")
    lines += ["", "Recognised:"]
    for label, kind in (("smoke", "smoke"), ("fresh-start", "fresh"), ("end-to-end", "e2e")):
        found = r.recognised(kind)
        shown = ", ".join(found[:5]) + (f", +{len(found) - 5} more" if len(found) > 5 else "")
        lines.append(f"  {label:<12} {len(found):>4}  {shown}")
    fam = r.families()
    lines += ["", "Findings by family: " + ", ".join(f"{k} {v}" for k, v in fam.items())]
    if r.counts():
        lines.append("Findings by code:   " + ", ".join(f"{k} {v}" for k, v in r.counts().items()))
    if r.suppressed():
        lines.append(f"Suppressed (# noqa, ignore settings): {r.suppressed()}, not counted")
    for path, why in r.skipped:
        lines.append(f"skipped {path}: {why}")
    if r.min_score is not None:
        verdict = "passes" if r.score.score >= r.min_score else "is below"
        lines.append(f"\nScore {r.score.score} {verdict} the minimum of {r.min_score}.")
    return "\n".join(lines) + "\n"


def markdown(r: Report) -> str:
    out = [f"## Test suite confidence: {r.score.score}/100", "",
           f"{len(r.files)} test files, {r.tests} tests ({', '.join(r.paths)}).", "",
           "| deduction | points | examples |", "| --- | ---: | --- |"]
    for d in r.score.deductions:
        ex = ", ".join(f"`{e}`" for e in d.examples) or (d.cure or "")
        out.append(f"| {d.reason} | -{d.points} | {ex} |")
    if not r.score.deductions:
        out.append("| none | 0 | |")
    out += ["", "| recognised | count |", "| --- | ---: |",
            f"| smoke tests | {len(r.recognised('smoke'))} |",
            f"| fresh-start tests | {len(r.recognised('fresh'))} |",
            f"| end-to-end tests | {len(r.recognised('e2e'))} |", "",
            "| family | findings |", "| --- | ---: |"]
    out += [f"| {k} | {v} |" for k, v in r.families().items()]
    return "\n".join(out) + "\n"


def sarif(r: Report) -> str:
    """SARIF 2.1.0 (sarif.py): one result per finding, suppressed ones marked, the score as a property."""
    results = [Result(f.path, x.line, x.col + 1, x.code, x.message) for f in r.files for x in f.findings]
    results += [Result(f.path, x.line, x.col + 1, x.code, x.message, why) for f in r.files for x, why in f.suppressed]
    results.sort(key=lambda x: (x.path, x.line, x.column, x.code))
    return document(results, r.version, {"confidenceScore": r.score.score,
                                         "deductions": [{"id": d.id, "points": d.points} for d in r.score.deductions]})


FORMATS = {"text": text, "json": lambda r: json.dumps(as_data(r), indent=2) + "\n", "markdown": markdown,
           "sarif": sarif}
