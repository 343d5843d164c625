"""Message text shared by the rules about replaced integration points (MM101, MM111)."""

from __future__ import annotations

from ...resolve import known
from ...resolve.names import strip_calls
from .replacements import Replacement


def replaced(r: Replacement, consequence: str) -> str:
    verb = "replaced by a mock" if r.form in ("spec", "create_autospec", "argument") else "patched out"
    if r.via:
        verb += f" by {r.via}"
    if r.integration.maker:
        made = "HTTP client" if r.integration.kind == known.HTTP else "database session"
        return f"{r.target} is {verb} (it makes the {made} {r.integration.resolved}, {r.integration.family}): " \
               f"{consequence}"
    if r.integration.sender:
        uses = "it sends HTTP with" if r.integration.kind == known.HTTP else "it writes to the database through"
        return f"{r.target} is {verb} ({uses} {r.integration.resolved}): {consequence}"
    resolved = strip_calls(r.integration.resolved)
    via = "" if resolved == strip_calls(r.target) else f", resolved as {r.integration.resolved}"
    return f"{r.target} is {verb} ({r.integration.family} {r.integration.what}{via}): {consequence}"
