"""What the MM3xx rules read, computed once per file from the shared model."""

from __future__ import annotations

from functools import cached_property

from ...model.file import FileModel
from ...model.testcases import Test
from .framework import framework


class Facts:
    def __init__(self, model: FileModel) -> None:
        self.model = model

    @cached_property
    def framework(self) -> str | None:
        """The web framework this test file is about (None: not a web app, or the framework's own suite)."""
        return framework(self.model)

    @cached_property
    def web_tests(self) -> list[tuple[Test, bool]]:
        """Judged tests of a web project, with whether each goes through an endpoint."""
        if self.framework is None:
            return []
        from .endpoints import uses_endpoint  # endpoints and views: only for the files of a web application

        return [(t, uses_endpoint(t.fn, self.model)) for t in self.model.judged_tests]
