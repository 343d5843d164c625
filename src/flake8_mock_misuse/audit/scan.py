"""Analyse one file for the audit: its findings and its suite facts (picklable, for worker processes)."""

from __future__ import annotations

import ast
import os
import stat
import tokenize
from typing import Any
from dataclasses import dataclass, field

from ..analysis import analyse_model, paused_collector
from ..config import Config
from ..findings import Finding
from ..model.file import FileModel
from ..rules.web.endpoints import sends_http
from ..rules.web.subject import reaches_endpoint
from ..resolve.source import fresh_stack
from ..suppress import file_noqa, noqa_line, noqa_lines
from .servers import server_tests


@dataclass
class FileFacts:
    path: str  # relative to the audit's root, posix
    findings: list[Finding] = field(default_factory=list)
    tests: int = 0
    smoke: list[int] = field(default_factory=list)  # line numbers of the tests
    fresh: list[int] = field(default_factory=list)
    e2e: list[int] = field(default_factory=list)
    # recognised as smoke, fresh-start or end-to-end but checking nothing it got: (line, kind, why); no credit
    refused: list[tuple[int, str, str]] = field(default_factory=list)
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # each judged test: name, first and last line
    error: str | None = None  # why the file could not be read (syntax error, encoding...)
    noqa: list[str] = field(default_factory=list)  # per finding: the text searched for ``# noqa``
    suppressed: list[tuple[Finding, str]] = field(default_factory=list)  # switched off by the user (run.py)


_REFUSED = "checks nothing it got in its own body (no status, body or header compared: MM2xx's strong check)"


def _proving_tests(model: FileModel, families: dict[str, object]) -> set[int]:
    """The judged tests with at least one check of their own that can fail for a wrong answer (MM2xx's ``STRONG``,
    written in the test's body): only these earn the audit's credit for reaching an endpoint or a server."""
    from ..rules import facts_class
    from ..rules.assertions.checks import STRONG

    facts: Any = families.get("assertions") or facts_class("assertions")(model)
    out = set()
    for t, checks in facts.test_checks:
        first, last = t.node.lineno, t.node.end_lineno or t.node.lineno
        # in the test's own body: a helper that polls /health until it answers proves the server starts, not that
        # the journey's answer is right
        if any(c.kind == STRONG and first <= getattr(c.node, "lineno", 0) <= last and not _polls(c, model)
               for c in checks):
            out.add(id(t))
    return out


def _polls(check: object, model: FileModel) -> bool:
    """An asserting helper that sends the requests itself (``wait_until_healthy(base)``): it proves the server
    answers, not that what the test got is right."""
    node = getattr(check, "node", None)
    if not str(getattr(check, "what", "")).startswith("helper ") or not isinstance(node, ast.Call):
        return False
    helper = model.helper(node.func)
    return helper is not None and any(sends_http(call, helper) for call in helper.calls)


def scan(path: str, display: str, config: Config) -> FileFacts:
    facts = FileFacts(display)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a named pipe would block the read for ever
            facts.error = "not a regular file"
            return facts
        with tokenize.open(path) as f:  # honours encoding cookies and BOMs
            source = f.read()
        tree = fresh_stack(ast.parse, source, filename=display)
    except (SyntaxError, ValueError, UnicodeDecodeError, OSError, RecursionError, MemoryError) as exc:
        facts.error = f"{type(exc).__name__}: {getattr(exc, 'msg', None) or exc}"
        return facts
    lines = source.splitlines(keepends=True)
    try:
        with paused_collector():  # as in the plugin (analysis.py)
            model = FileModel(tree, display, config, lines)
            families: dict[str, object] = {}
            facts.findings = analyse_model(model, families)
            tests = model.judged_tests
            facts.tests = len(tests)
            proves = _proving_tests(model, families)
            for t in tests:
                first = min([t.node.lineno, *(d.lineno for d in t.node.decorator_list)])
                name = f"{t.fn.cls.name}.{t.node.name}" if t.fn.cls is not None else t.node.name
                facts.spans.append((name, first, t.node.end_lineno or t.node.lineno))
                if reaches_endpoint(t.fn, model):
                    if id(t) in proves:
                        facts.e2e.append(t.node.lineno)
                    else:
                        facts.refused.append((t.node.lineno, "end-to-end", _REFUSED))
            for st in server_tests(model):
                line = st.test.node.lineno
                if st.smoke and id(st.test) not in proves:
                    facts.refused.append((line, "smoke", _REFUSED))
                    continue
                if st.smoke:
                    facts.smoke.append(line)
                    if line not in facts.e2e:
                        facts.e2e.append(line)
                if st.fresh:
                    facts.fresh.append(line)
    except Exception as exc:  # contained like the flake8 plugin: the file gets MM901 and the audit goes on
        from ..rules.internal.mm901_internal_error import CODE, message

        facts.findings = [Finding(1, 0, CODE, message(exc)[len(CODE) + 1:])]
    facts.e2e.sort()
    facts.refused = sorted(set(facts.refused))
    if facts.findings:
        if file_noqa(lines):
            facts.noqa = ["# noqa"] * len(facts.findings)  # ``# flake8: noqa``: the whole file is switched off
        else:
            mapping = noqa_lines(lines)
            facts.noqa = [noqa_line(mapping, lines, f.line) for f in facts.findings]
    return facts
