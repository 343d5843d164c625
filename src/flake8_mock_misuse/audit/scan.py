"""Analyse one file for the audit: its findings and its suite facts (picklable, for worker processes)."""

from __future__ import annotations

import ast
import tokenize
from dataclasses import dataclass, field

from ..analysis import analyse_model
from ..config import Config
from ..findings import Finding
from ..model.file import FileModel
from ..rules.web.subject import reaches_endpoint
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
    error: str | None = None  # why the file could not be read (syntax error, encoding...)
    noqa: list[str] = field(default_factory=list)  # per finding: the text searched for ``# noqa``
    suppressed: list[tuple[Finding, str]] = field(default_factory=list)  # switched off by the user (run.py)


def scan(path: str, display: str, config: Config) -> FileFacts:
    facts = FileFacts(display)
    try:
        with tokenize.open(path) as f:  # honours encoding cookies and BOMs
            source = f.read()
        tree = ast.parse(source, filename=display)
    except (SyntaxError, ValueError, UnicodeDecodeError, OSError, RecursionError, MemoryError) as exc:
        facts.error = f"{type(exc).__name__}: {getattr(exc, 'msg', None) or exc}"
        return facts
    lines = source.splitlines(keepends=True)
    try:
        model = FileModel(tree, display, config, lines)
        facts.findings = analyse_model(model)
        tests = model.judged_tests
        facts.tests = len(tests)
        for t in tests:
            if reaches_endpoint(t.fn, model):
                facts.e2e.append(t.node.lineno)
        for st in server_tests(model):
            if st.smoke:
                facts.smoke.append(st.test.node.lineno)
                if st.test.node.lineno not in facts.e2e:
                    facts.e2e.append(st.test.node.lineno)
            if st.fresh:
                facts.fresh.append(st.test.node.lineno)
    except Exception as exc:  # contained like the flake8 plugin: the file gets MM901 and the audit goes on
        from ..rules.internal.mm901_internal_error import CODE, message

        facts.findings = [Finding(1, 0, CODE, message(exc)[len(CODE) + 1:])]
    facts.e2e.sort()
    if facts.findings:
        if file_noqa(lines):
            facts.noqa = ["# noqa"] * len(facts.findings)  # ``# flake8: noqa``: the whole file is switched off
        else:
            mapping = noqa_lines(lines)
            facts.noqa = [noqa_line(mapping, lines, f.line) for f in facts.findings]
    return facts
