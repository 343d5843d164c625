"""The rules: one module per code.  A rule's module docstring is its documentation.

Each rule module defines ``CODE``, ``SUMMARY`` (one line) and ``check(model)`` which yields
:class:`~flake8_mock_misuse.findings.Finding` objects from facts the file model holds.
``flake8-mock-misuse explain CODE`` prints the docstring; ``docs/rules/CODE.md`` is generated
from it.

``RULES`` and ``BY_CODE`` are built on first use: importing this package (the flake8 plugin does,
for MM901) does not import every rule and the whole model.  The analysis goes further: a rule listed
in ``NEEDS`` is imported only for a file whose model has that fact (see :func:`applicable`).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from types import ModuleType

RULES: tuple[ModuleType, ...]
BY_CODE: dict[str, ModuleType]


# A rule's check() yields only from inside a loop over one fact of the file model; for a file where
# that fact is empty, the rule cannot fire and is not imported (editors run flake8 on one file per
# keystroke pause, and importing modules is most of what the plugin costs there).
# tests/test_rule_gates.py checks every rule named here against the analysis with every rule run.
NEEDS: dict[str, str] = {
    "mm101": "http_replacements", "mm111": "db_replacements",
    "mm102": "fabricated_requests",
    "mm204": "tautologies", "mm205": "dead_checks", "mm206": "dead_checks", "mm207": "dead_checks",
    "mm301": "web_tests", "mm302": "web_tests",
    "mm401": "state_ops", "mm402": "state_ops", "mm403": "state_ops", "mm404": "state_ops", "mm405": "state_ops",
    "mm406": "state_ops",
}
_NAMES: list[str] = []


def _rule_names() -> list[str]:
    """Every ``mm*`` module of this package: adding a file adds the rule."""
    if not _NAMES:
        _NAMES.extend(_list_rules())
    return _NAMES


def _list_rules() -> list[str]:
    try:
        return sorted({n[:-3] for folder in __path__ for n in os.listdir(folder)
                       if n.startswith("mm") and n.endswith(".py") and "." not in n[:-3]})
    except OSError:  # not a plain folder (a zip archive): ask the import system
        import pkgutil

        return sorted(info.name for info in pkgutil.iter_modules(__path__) if info.name.startswith("mm"))


def _by_code() -> dict[str, ModuleType]:
    found = globals().get("BY_CODE")
    if found is None:
        rules = tuple(importlib.import_module(f"{__name__}.{n}") for n in _rule_names())
        found = {r.CODE: r for r in rules}
        globals().update(RULES=rules, BY_CODE=found)
    return found


def __getattr__(name: str) -> object:
    if name in ("RULES", "BY_CODE"):
        _by_code()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def applicable(model: object) -> Iterator[ModuleType]:
    """The rules that can fire on ``model`` (a FileModel), imported on first use, in code order."""
    for name in _rule_names():
        if name.startswith("mm9"):
            continue  # the plugin's own trouble: reported by the adapter, never by a check
        fact = NEEDS.get(name[:5])
        if fact is None or getattr(model, fact):
            yield importlib.import_module(f"{__name__}.{name}")


def codes() -> list[str]:
    return sorted(_by_code())


def explanation(code: str) -> str | None:
    """The documentation of ``code`` as Markdown, or None for an unknown code."""
    code = code.strip().upper()
    rule = _by_code().get(code)
    if rule is None:
        return None
    return render(rule.__doc__ or "", code, rule.SUMMARY)


def render(doc: str, code: str, summary: str) -> str:
    import inspect

    body = inspect.cleandoc(doc)
    return f"# {code}: {summary}\n\n{body}\n"
