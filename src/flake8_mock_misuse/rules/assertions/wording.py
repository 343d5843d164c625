"""Shared wording for the rules that judge a whole test (MM201, MM202, MM203)."""

from __future__ import annotations

import ast
import re

from ..._lazy import LazyRegex
from .checks import Check

# A test whose name or docstring says it checks that nothing is raised needs no assert.
NO_EXCEPTION = LazyRegex(
    r"(no|not|doesnt|does_not|dont|never|without)_?(raise|raises|fail|fails|crash|crashes|error|errors|exception)"
    r"|smoke|does not (raise|fail|crash)|doesn't (raise|fail|crash)|no (exception|error|crash)"
    r"|should not (raise|fail)|without (raising|error|crash)|no_?op\b|noop"
    r"|(would|used to|previously) (raise|crash|fail)",
    re.IGNORECASE,
    needs=("rais", "fail", "crash", "error", "exception", "smoke", "noop", "no_op"),
)


# ... and docstrings that say the point is that the input is accepted (a validator that raises on a bad one).
ACCEPTED = LazyRegex(
    r"\b(is|are|be|get|gets) accepted\b|\baccepts?\b|pass(es)? (the )?validation|should pass\b|gracefully"
    r"|\b(is|are) handled\b|(must|should|does) not (throw|error)|\bnot thrown\b",
    re.IGNORECASE,
    needs=("accept", "pass", "graceful", "handled", "throw", "error"),
)


def says_no_exception(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    doc = ast.get_docstring(node) or ""
    return bool(NO_EXCEPTION.search(node.name) or NO_EXCEPTION.search(doc) or ACCEPTED.search(doc))


def shown(checks: list[Check], limit: int = 2) -> str:
    whats = list(dict.fromkeys(c.what for c in checks))
    more = f", +{len(whats) - limit} more" if len(whats) > limit else ""
    return ", ".join(whats[:limit]) + more


TYPE_MATTERS = LazyRegex(r"type|convert|coerce|normali[sz]|upgrade|immutab|preserv|cast|resolv|promot|wrap",
                         re.IGNORECASE,
                         needs=("type", "convert", "coerce", "normali", "upgrade", "immutab", "preserv", "cast",
                                "resolv", "promot", "wrap"))


def says_type_matters(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return bool(TYPE_MATTERS.search(node.name) or TYPE_MATTERS.search(ast.get_docstring(node) or ""))
