"""The rules: one module per code.  A rule's module docstring is its documentation.

Each rule module defines ``CODE``, ``SUMMARY`` (one line) and ``check(model)`` which yields
:class:`~flake8_mock_misuse.findings.Finding` objects from facts the file model holds.
``flake8-mock-misuse explain CODE`` prints the docstring; ``docs/rules/CODE.md`` is generated
from it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType

# Every ``mmNNN_*.py`` module of this package is a rule: adding a file adds the rule.
RULES: tuple[ModuleType, ...] = tuple(
    importlib.import_module(f"{__name__}.{info.name}")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
    if info.name.startswith("mm")
)

BY_CODE: dict[str, ModuleType] = {r.CODE: r for r in RULES}


def codes() -> list[str]:
    return sorted(BY_CODE)


def explanation(code: str) -> str | None:
    """The documentation of ``code`` as Markdown, or None for an unknown code."""
    code = code.strip().upper()
    rule = BY_CODE.get(code)
    if rule is None:
        return None
    return render(rule.__doc__ or "", code, rule.SUMMARY)


def render(doc: str, code: str, summary: str) -> str:
    body = inspect.cleandoc(doc)
    return f"# {code}: {summary}\n\n{body}\n"
