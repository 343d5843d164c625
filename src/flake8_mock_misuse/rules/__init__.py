"""The rules: one module per code.  A rule's module docstring is its documentation.

Each rule module defines ``CODE``, ``SUMMARY`` (one line) and ``check(model)`` which yields
:class:`~flake8_mock_misuse.findings.Finding` objects from facts the file model holds.
``flake8-mock-misuse explain CODE`` prints the docstring; ``docs/rules/CODE.md`` is generated
from it.
"""

from __future__ import annotations

import inspect
from types import ModuleType

from . import (
    mm101_http_patched,
    mm102_fabricated_request,
    mm111_db_patched,
    mm201_weak_checks,
    mm202_no_checks,
    mm203_mock_only_checks,
    mm204_tautology,
    mm205_check_after_raise,
    mm206_discarded_check,
    mm207_mock_noop_assertion,
    mm301_view_called_directly,
    mm302_persistence_without_endpoint,
    mm401_module_state_mutated,
    mm402_order_dependence,
    mm403_global_in_test,
    mm404_environ_not_restored,
    mm405_project_state_not_restored,
    mm406_import_time_mutation,
    mm901_internal_error,
)

RULES: tuple[ModuleType, ...] = (
    mm101_http_patched,
    mm102_fabricated_request,
    mm111_db_patched,
    mm201_weak_checks,
    mm202_no_checks,
    mm203_mock_only_checks,
    mm204_tautology,
    mm205_check_after_raise,
    mm206_discarded_check,
    mm207_mock_noop_assertion,
    mm301_view_called_directly,
    mm302_persistence_without_endpoint,
    mm401_module_state_mutated,
    mm402_order_dependence,
    mm403_global_in_test,
    mm404_environ_not_restored,
    mm405_project_state_not_restored,
    mm406_import_time_mutation,
    mm901_internal_error,
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
