"""Audit output: text for people, JSON (versioned schema), Markdown, SARIF 2.1.0 for code scanning."""

from __future__ import annotations

import json

from ..sarif import Result, document
from .run import Report
from .score import MAX_EXAMPLES

JSON_VERSION = 1


WEAK_CODES = ("MM201", "MM202", "MM203")  # a test that only checks existence, checks nothing, or only its mocks
STATE_CODES = ("MM4",)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _share(n: int, total: int) -> str:
    return f"{round(100 * n / total)}%" if total else "0%"


def picture(r: Report) -> dict:
    """Beside the score: how much the tests' checks prove, and how many tests lean on shared state."""
    weak = r.tests_with(WEAK_CODES)
    state = r.tests_with(STATE_CODES)
    return {
        "weak_or_no_checks": {"tests": len(weak), "share": round(len(weak) / r.tests, 3) if r.tests else 0.0,
                              "codes": list(WEAK_CODES), "worst_files": r.worst_files(WEAK_CODES)},
        "shared_state": {"tests": len(state), "share": round(len(state) / r.tests, 3) if r.tests else 0.0,
                         "outside_tests": r.outside_tests("MM4"), "worst_files": r.worst_files(STATE_CODES)},
    }


def project(r: Report) -> dict:
    return {"kind": r.kind, "evidence": r.kind_from, "not_applicable": r.score.not_applicable,
            "score_as_application": r.score.as_application}


def as_data(r: Report) -> dict:
    """The JSON document (schema version 1, documented in docs/audit.md; keys are only ever added)."""
    return {
        "schema_version": JSON_VERSION,
        "tool": {"name": "flake8-mock-misuse", "version": r.version},
        "score": r.score.score,
        "min_score": r.min_score,
        "passed": r.min_score is None or r.score.score >= r.min_score,
        "project": project(r),
        "deductions": [
            {"id": d.id, "points": d.points, "reason": d.reason, "examples": d.examples, "cure": d.cure}
            for d in r.score.deductions
        ],
        "counts": {"files": len(r.files), "test_files": r.test_files, "tests": r.tests,
                   "findings_by_family": r.families(), "findings_by_code": r.counts(), "suppressed": r.suppressed()},
        "recognised": {"smoke": r.recognised("smoke"), "fresh_start": r.recognised("fresh"),
                       "end_to_end": r.recognised("e2e")},
        "refused": [{"test": f"{p}:{line}", "as": kind, "why": why} for p, line, kind, why in r.refused()],
        "picture": picture(r),
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


def _examples(items: list[str], limit: int = MAX_EXAMPLES) -> str:
    return ", ".join(items[:limit]) + (f", +{len(items) - limit} more" if len(items) > limit else "")


def _project_line(r: Report) -> str:
    if r.kind == "library":
        return (f"Project: a library ({r.kind_from}): the smoke and fresh-start criteria do not apply; as an "
                f"application it would score {r.score.as_application}/100 (kind = \"application\" in "
                "[tool.flake8-mock-misuse] if it serves HTTP)")
    return f"Project: an application (server entry point: {r.kind_from})"


def _picture_lines(r: Report) -> list[str]:
    p = picture(r)
    weak, state = p["weak_or_no_checks"], p["shared_state"]
    lines = [f"Assertions:   {weak['tests']} of {_plural(r.tests, 'test')} ({_share(weak['tests'], r.tests)}) "
             "check nothing, only existence or only their mocks (MM201-MM203)"]
    if weak["worst_files"]:
        lines.append("              worst files: " + ", ".join(f"{p_} {n}" for p_, n in weak["worst_files"]))
    lines.append(f"Shared state: {state['tests']} of {_plural(r.tests, 'test')} ({_share(state['tests'], r.tests)}) "
                 f"change shared state and leave it changed (MM4xx); {state['outside_tests']} more finding(s) in "
                 "fixtures, setUp or at import")
    if state["worst_files"]:
        lines.append("              worst files: " + ", ".join(f"{p_} {n}" for p_, n in state["worst_files"]))
    return lines


def _verdict(r: Report) -> str | None:
    if r.min_score is None:
        return None
    verdict = "passes" if r.score.score >= r.min_score else "is below"
    return f"Score {r.score.score} {verdict} the minimum of {r.min_score}."


def text(r: Report) -> str:
    lines = [f"flake8-mock-misuse audit of {', '.join(r.paths)}: {_plural(r.test_files, 'test file')}, "
             f"{_plural(r.tests, 'test')}", "", f"Confidence score: {r.score.score}/100"]
    for d in r.score.deductions:
        lines.append(f"  -{d.points:<3} {d.reason}")
        if d.examples:
            lines.append(f"         {_examples(d.examples)}")
        if d.cure:
            lines.append(f"         to cure: {d.cure}")
    if not r.score.deductions:
        lines.append("  no deductions")
    lines += ["", _project_line(r), "", "Recognised:"]
    for label, kind in (("smoke", "smoke"), ("fresh-start", "fresh"), ("end-to-end", "e2e")):
        found = r.recognised(kind)
        lines.append(f"  {label:<12} {len(found):>4}  {_examples(found)}".rstrip())
    refused = r.refused()
    if refused:
        lines.append(f"Refused ({len(refused)}): recognised, but a test must check what it got")
        for path, line, kind, why in refused[:MAX_EXAMPLES]:
            lines.append(f"  {path}:{line} ({kind}) {why}")
        if len(refused) > MAX_EXAMPLES:
            lines.append(f"  +{len(refused) - MAX_EXAMPLES} more")
    lines += ["", *_picture_lines(r)]
    fam = r.families()
    lines += ["", "Findings by family: " + ", ".join(f"{k} {v}" for k, v in fam.items())]
    if r.counts():
        lines.append("Findings by code:   " + ", ".join(f"{k} {v}" for k, v in r.counts().items()))
    if r.suppressed():
        lines.append(f"Suppressed (# noqa, ignore settings): {r.suppressed()}, not counted")
    for path, why in r.skipped:
        lines.append(f"skipped {path}: {why}")
    verdict = _verdict(r)
    if verdict:
        lines.append(f"\n{verdict}")
    return "\n".join(lines) + "\n"


def markdown(r: Report) -> str:
    out = [f"## Test suite confidence: {r.score.score}/100", ""]
    verdict = _verdict(r)
    if verdict:
        out += [f"**{'✅' if r.score.score >= (r.min_score or 0) else '❌'} {verdict}**", ""]
    out += [f"{_plural(r.test_files, 'test file')}, {_plural(r.tests, 'test')} ({', '.join(r.paths)}).", "",
            _project_line(r) + ".", "",
            "| deduction | points | examples |", "| --- | ---: | --- |"]
    for d in r.score.deductions:
        ex = ", ".join(f"`{e}`" for e in d.examples[:MAX_EXAMPLES])
        if len(d.examples) > MAX_EXAMPLES:
            ex += f", +{len(d.examples) - MAX_EXAMPLES} more"
        out.append(f"| {d.reason} | -{d.points} | {ex or (d.cure or '')} |")
    if not r.score.deductions:
        out.append("| none | 0 | |")
    p = picture(r)
    out += ["", "| recognised | count |", "| --- | ---: |",
            f"| smoke tests | {len(r.recognised('smoke'))} |",
            f"| fresh-start tests | {len(r.recognised('fresh'))} |",
            f"| end-to-end tests | {len(r.recognised('e2e'))} |",
            f"| refused (check nothing they got) | {len(r.refused())} |", "",
            "| beside the score | tests | share |", "| --- | ---: | ---: |",
            f"| weak or no checks (MM201-MM203) | {p['weak_or_no_checks']['tests']} | "
            f"{_share(p['weak_or_no_checks']['tests'], r.tests)} |",
            f"| shared state left changed (MM4xx) | {p['shared_state']['tests']} | "
            f"{_share(p['shared_state']['tests'], r.tests)} |", "",
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


def html(r: Report) -> str:
    from .html import render  # only for this format

    return render(r, as_data(r))


FORMATS = {"text": text, "json": lambda r: json.dumps(as_data(r), indent=2) + "\n", "markdown": markdown,
           "sarif": sarif, "html": html}
