"""Analyse one file: the single entry point shared by the flake8 plugin and the audit."""

from __future__ import annotations

import ast
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager

from .config import Config
from .findings import Finding
from .model.file import FileModel
from .rules import REGISTRY, facts_class, load

# A debugging hook, part of the shipped code: with this variable set, the analysis of every test
# file fails on purpose, so that the containment of failures (MM901) can be seen and tested through
# the real flake8 and audit.
FAIL_ON_PURPOSE = "MM_DEBUG_FAIL"


class FailureOnPurpose(RuntimeError):
    """Raised for every file while ``MM_DEBUG_FAIL`` is set."""


def analyse(tree: ast.AST, filename: str, config: Config, lines: list[str] | None = None) -> list[Finding]:
    """Findings for one test file, sorted.  May raise: callers contain failures (see plugin.run)."""
    with paused_collector():
        return analyse_model(FileModel(tree, filename, config, lines))


@contextmanager
def paused_collector() -> Iterator[None]:
    """The garbage collector waits while one file is analysed, and is put back exactly as it was.

    The analysis makes many short-lived objects, most of them gone when the file is done. Left to the collector,
    they outlive its young collections and bring on full ones, each of which walks everything flake8 and the plugin
    hold, flake8's own parsing included (issue 21: over Django's tests with -j1, 118 full collections without the
    pause, 92 with it, 89 in plain flake8). Whatever happens, an enabled collector is
    enabled again and a disabled one stays disabled: flake8's collector state is never left changed."""
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def analyse_model(model: FileModel, families: dict[str, object] | None = None) -> list[Finding]:
    """Run every rule whose gate fact is non-empty on ``model``: each family's facts are computed once (and left in
    ``families`` when given, for the audit to read)."""
    if os.environ.get(FAIL_ON_PURPOSE):
        raise FailureOnPurpose(f"{FAIL_ON_PURPOSE} is set")
    found: set[Finding] = set()
    if families is None:
        families = {}
    for rule in REGISTRY:
        if rule.gate is None:
            continue  # the plugin's own trouble: reported by the adapters, never by a check
        facts = families.get(rule.family)
        if facts is None:
            facts = families[rule.family] = facts_class(rule.family)(model)
        if getattr(facts, rule.gate):
            found.update(load(rule).check(facts))
    return sorted(found)
