"""The rules: one registry of every code, and one package per family.

A family is a package (``integration`` MM1xx, ``assertions`` MM2xx, ``web`` MM3xx, ``state``
MM4xx, ``internal`` MM9xx) holding ``facts.py`` (``Facts(model)``: what the family computes once
per file from the shared model) beside one module per code.  A rule module defines ``CODE``,
``SUMMARY`` (one line), its documentation as its docstring (``flake8-mock-misuse explain CODE``
prints it; ``docs/rules/CODE.md`` is generated from it) and ``check(facts)``, which yields
:class:`~flake8_mock_misuse.findings.Finding` objects from its family's facts.

``REGISTRY`` is the one table of codes: the module of each, and the fact that gates it.  A rule
is imported only for a file where its gate fact is non-empty (editors lint one file per
keystroke pause, and importing modules is most of what the plugin costs there), so a rule's
``check`` must yield only from a loop over that fact; ``tests/test_rule_gates.py`` checks that
gating loses no finding.  Adding a rule: see "Adding a rule" in the README.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class Rule:
    """One line of the registry (a plain class: a NamedTuple's class costs the editor's run more)."""

    __slots__ = ("code", "module", "gate", "family")

    def __init__(self, code: str, module: str, gate: str | None) -> None:
        self.code = code
        self.module = module  # below this package: "<family>.<module>"
        self.gate = gate  # the attribute of the family's Facts the rule loops over; None: never run by the analysis
        self.family = module.split(".", 1)[0]

    def __repr__(self) -> str:
        return f"Rule({self.code!r}, {self.module!r}, {self.gate!r})"


REGISTRY: tuple[Rule, ...] = (
    # MM1xx, mocked integration points (rules/integration/)
    Rule("MM101", "integration.mm101_http_patched", "http_replacements"),
    Rule("MM102", "integration.mm102_fabricated_request", "fabricated_requests"),
    Rule("MM111", "integration.mm111_db_patched", "db_replacements"),
    # MM2xx, assertions that prove nothing (rules/assertions/)
    Rule("MM201", "assertions.mm201_weak_checks", "test_checks"),
    Rule("MM202", "assertions.mm202_no_checks", "test_checks"),
    Rule("MM203", "assertions.mm203_mock_only_checks", "test_checks"),
    Rule("MM204", "assertions.mm204_tautology", "tautologies"),
    Rule("MM205", "assertions.mm205_check_after_raise", "dead_checks"),
    Rule("MM206", "assertions.mm206_discarded_check", "dead_checks"),
    Rule("MM207", "assertions.mm207_mock_noop_assertion", "dead_checks"),
    # MM3xx, internals instead of the real path (rules/web/)
    Rule("MM301", "web.mm301_view_called_directly", "subjects"),
    Rule("MM302", "web.mm302_layer_called_directly", "subjects"),
    # MM4xx, shared mutable state (rules/state/)
    Rule("MM401", "state.mm401_module_state_mutated", "ops"),
    Rule("MM402", "state.mm402_order_dependence", "ops"),
    Rule("MM403", "state.mm403_global_rebinding", "ops"),
    Rule("MM404", "state.mm404_environ_not_restored", "ops"),
    Rule("MM405", "state.mm405_project_state_not_restored", "ops"),
    Rule("MM406", "state.mm406_import_time_mutation", "ops"),
    # MM9xx, the plugin's own trouble (rules/internal/): reported by the adapters
    Rule("MM901", "internal.mm901_internal_error", None),
)
BY_CODE: dict[str, Rule] = {r.code: r for r in REGISTRY}


def load(rule: Rule) -> ModuleType:
    """The rule's module, imported on first use."""
    return importlib.import_module(f"{__name__}.{rule.module}")


def facts_class(family: str) -> type:
    """The ``Facts`` class of a family, imported on first use."""
    return importlib.import_module(f"{__name__}.{family}.facts").Facts


def codes() -> list[str]:
    return sorted(BY_CODE)


def summary(code: str) -> str:
    return load(BY_CODE[code]).SUMMARY


def explanation(code: str) -> str | None:
    """The documentation of ``code`` as Markdown, or None for an unknown code."""
    code = code.strip().upper()
    rule = BY_CODE.get(code)
    if rule is None:
        return None
    module = load(rule)
    return render(module.__doc__ or "", code, module.SUMMARY)


def render(doc: str, code: str, summary: str) -> str:
    import inspect  # not at import: the analysis imports this package for every test file

    body = inspect.cleandoc(doc)
    return f"# {code}: {summary}\n\n{body}\n"
