"""Is a test file about a web application, and which framework: the gate of the MM3xx rules.

Kept apart from ``endpoints`` and ``views`` so that the files of a project that is no web
application never load that logic.
"""

from __future__ import annotations

from ...model.file import FileModel
from ...resolve import known


def framework(model: FileModel) -> str | None:
    """The web framework the test file (or a conftest above it, or the project modules it imports) uses.

    None when no framework is in sight, or when the framework is the project itself (its own suite
    calls its internals on purpose).  The project modules are only read when the test file and its
    conftest files name no framework.
    """
    found = _framework_in(list(model.imports.values()) + list(model.conftest_imports), model)
    if found is None:
        found = _framework_in([q for m in model.imports.values() for q in _module_imports(model, m)], model)
    return found or None


def _framework_in(names: list[str], model: FileModel) -> str | None:
    """The framework named first (``""`` when the framework is the project itself), or None."""
    found = None
    table = known.WEB_FRAMEWORKS
    for q in names:
        prefix = q
        while prefix not in table and "." in prefix:  # q itself, then its dotted prefixes: longest wins
            prefix = prefix.rsplit(".", 1)[0]
        fw = table.get(prefix)
        if fw is not None:
            if model.project.is_project_package(prefix.split(".")[0]):
                return ""
            found = found or fw
    return found


def _module_imports(model: FileModel, dotted: str) -> tuple[str, ...]:
    """What a project module the test imports imports in turn: its top-level import lines, from the
    summary the project index keeps (the module is read once, for this and for resolving names)."""
    if model.project.is_library(dotted):
        return ()
    located = model.project.find_module(dotted)
    if located is None:
        return ()
    info = model.project.module(located[0], located[1])
    return info.imports if info is not None else ()
