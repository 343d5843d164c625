"""What the MM1xx rules read, computed once per file from the shared model."""

from __future__ import annotations

from functools import cached_property

from ...model.file import FileModel
from ...resolve import known
from . import replacements, requests
from .replacements import Replacement


class Facts:
    def __init__(self, model: FileModel) -> None:
        self.model = model

    @cached_property
    def replacements(self) -> list[Replacement]:
        """Every mock construct whose target is an HTTP client or a database, and that replaces it."""
        return replacements.replacements(self.model)

    @cached_property
    def http_replacements(self) -> list[Replacement]:
        return [r for r in self.replacements if r.integration.kind == known.HTTP]

    @cached_property
    def db_replacements(self) -> list[Replacement]:
        return [r for r in self.replacements if r.integration.kind == known.DB]

    @cached_property
    def fabricated_requests(self) -> list[requests.FabricatedRequest]:
        return requests.find(self.model)
