"""Analyse one file: the single entry point shared by the flake8 plugin and the audit."""

from __future__ import annotations

import ast

from .config import Config
from .findings import Finding
from .model.file import FileModel
from .rules import applicable


def analyse(tree: ast.AST, filename: str, config: Config) -> list[Finding]:
    """Findings for one test file, sorted.  May raise: callers contain failures (see plugin.run)."""
    return analyse_model(FileModel(tree, filename, config))


def analyse_model(model: FileModel) -> list[Finding]:
    found: set[Finding] = set()
    for rule in applicable(model):
        found.update(rule.check(model))
    return sorted(found)
