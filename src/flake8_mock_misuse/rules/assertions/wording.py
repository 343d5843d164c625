"""Shared wording for the rules that judge a whole test (MM201, MM202, MM203)."""

from __future__ import annotations

import ast
import re

from ..._lazy import LazyRegex
from .checks import Check

# A test whose name or docstring says it checks that nothing is raised needs no assert.
NO_EXCEPTION = LazyRegex(
    r"(no|not|doesnt|does_not|dont|never|without)_?(raise|raises|fail|fails|crash|crashes|error|errors|exception"
    r"|warn|warns|warning|warnings)"
    r"|smoke|does not (raise|fail|crash)|doesn't (raise|fail|crash)|no (exception|error|crash)"
    r"|should not (raise|fail)|without (raising|error|crash)|no_?op\b|noop"
    r"|(would|used to|previously) (raise|crash|fail)",
    re.IGNORECASE,
    needs=("rais", "fail", "crash", "error", "exception", "smoke", "noop", "no_op", "warn"),
)


# ... and docstrings that say the point is that the input is accepted (a validator that raises on a bad one),
# that the thing can be set up and used at all, or that there is nothing to check.
ACCEPTED = LazyRegex(
    r"\b(is|are|be|get|gets) accepted\b|\baccepts?\b|pass(es)? (the )?validation|should pass\b|gracefully"
    r"|\b(is|are) handled\b|(must|should|does) not (throw|error)|\bnot thrown\b"
    r"|\bno need to (check|assert|verify)\b|\bensure (that )?(we|it|you) can\b|\b(is|be|are) usable\b",
    re.IGNORECASE,
    needs=("accept", "pass", "graceful", "handled", "throw", "error", "no need", "can", "usable"),
)


def says_no_exception(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str] | None = None) -> bool:
    """The test's name, docstring or a comment in its body says its point is that nothing is raised."""
    doc = ast.get_docstring(node) or ""
    if NO_EXCEPTION.search(node.name) or NO_EXCEPTION.search(doc) or ACCEPTED.search(doc):
        return True
    comments = _comments(node, lines)
    return bool(comments and (NO_EXCEPTION.search(comments) or ACCEPTED.search(comments)))


MAX_COMMENT_LINES = 200


def _comments(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str] | None) -> str:
    """The text of the ``#`` comments in the function's body (lines that start with one), bounded."""
    if not lines or not node.body:
        return ""
    first = node.body[0].lineno - 1
    stop = min(len(lines), first + MAX_COMMENT_LINES)
    end = node.end_lineno or first
    found = []
    for i in range(max(first - 1, 0), stop):
        text = lines[i].lstrip()
        if i >= end and text and not (text.startswith("#") and len(lines[i]) - len(text) > node.col_offset):
            break  # past the last statement, only the comments indented into the body belong to it
        if text.startswith("#"):
            found.append(text[1:500].strip())
    return "\n".join(found)


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
