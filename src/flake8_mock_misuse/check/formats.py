"""``check``'s output: flake8's default text, JSON, SARIF 2.1.0, GitHub workflow annotations."""

from __future__ import annotations

import json

from .. import __version__
from ..sarif import Result, document
from .run import Outcome


def text(o: Outcome) -> str:
    """flake8's default format: ``path:row:col: CODE message``."""
    return "".join(f"{r.path}:{r.line}:{r.column}: {r.code} {r.message}\n" for r in o.results if not r.suppressed)


def as_json(o: Outcome) -> str:
    shown = [r for r in o.results if not r.suppressed]
    held = [r for r in o.results if r.suppressed]
    doc = {
        "schema_version": 1,
        "tool": {"name": "flake8-mock-misuse", "version": __version__},
        "findings": [_item(r) for r in shown],
        "suppressed": [{**_item(r), "by": r.suppressed} for r in held],
        "counts": {"reported": len(shown), "suppressed": sum(1 for r in held if r.suppressed != "baseline"),
                   "baseline": o.known},
        "skipped_files": [{"path": p, "reason": why} for p, why in o.skipped],
    }
    return json.dumps(doc, indent=2) + "\n"


def _item(r: Result) -> dict:
    return {"path": r.path, "line": r.line, "column": r.column, "code": r.code, "message": r.message}


def sarif(o: Outcome) -> str:
    return document(o.results, __version__)


def github(o: Outcome) -> str:
    """Workflow commands that GitHub Actions shows as annotations on the pull request (the same lines as the
    flake8 ``--format`` string of docs/ci.md, with GitHub's escapes)."""
    out = []
    for r in o.results:
        if r.suppressed:
            continue
        out.append(f"::error file={_prop(r.path)},line={max(r.line, 1)},col={r.column}::"
                   f"{_data(f'{r.code} {r.message}')}\n")
    return "".join(out)


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


FORMATS = {"text": text, "json": as_json, "sarif": sarif, "github": github}
