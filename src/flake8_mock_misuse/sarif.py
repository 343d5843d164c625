"""SARIF 2.1.0, as GitHub code scanning accepts it, for ``check`` and the audit: one result per finding; findings a
user switched off stay in the log, marked with ``suppressions`` (``inSource`` for ``# noqa``, ``external`` for the
configuration or a baseline), so that code scanning shows them as dismissed instead of losing them."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from . import rules


class Result(NamedTuple):
    path: str  # as shown (``./`` in front is dropped in the log)
    line: int
    column: int  # 1-based
    code: str
    message: str
    suppressed: str | None = None  # None, "noqa", "config" or "baseline"


_KINDS = {"noqa": "inSource", "config": "external", "baseline": "external"}
_WHY = {"noqa": "a # noqa comment", "config": "the select/ignore/per-file-ignores settings",
        "baseline": "the baseline file"}


def document(results: list[Result], version: str, properties: dict[str, Any] | None = None) -> str:
    codes = sorted({r.code for r in results} | set(rules.BY_CODE))
    driver_rules = []
    for code in codes:
        summary = rules.summary(code) if code in rules.BY_CODE else code
        driver_rules.append({
            "id": code,
            "name": summary.replace(" ", "").replace(",", "").replace(":", ""),
            "shortDescription": {"text": summary},
            "fullDescription": {"text": summary},
            "help": {"text": summary, "markdown": rules.explanation(code) or summary},
            "defaultConfiguration": {"level": "warning"},
        })
    out = []
    for r in results:
        item: dict[str, Any] = {
            "ruleId": r.code,
            "level": "error" if r.code == "MM901" or not r.code.startswith("MM") else "warning",
            "message": {"text": r.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": _uri(r.path), "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": max(r.line, 1), "startColumn": max(r.column, 1)},
            }}],
        }
        if r.suppressed:
            item["suppressions"] = [{"kind": _KINDS[r.suppressed],
                                     "justification": f"switched off by {_WHY[r.suppressed]}"}]
        out.append(item)
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "flake8-mock-misuse", "version": version,
                            "informationUri": "https://pypi.org/project/flake8-mock-misuse/",
                            "rules": driver_rules}},
        "results": out,
    }
    if properties:
        run["properties"] = properties
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2) + "\n"


def _uri(path: str) -> str:
    path = path.replace("\\", "/")
    return path[2:] if path.startswith("./") else path
