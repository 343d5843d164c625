"""What the MM3xx rules read, computed once per file from the shared model."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...model.file import FileModel
from ...model.testcases import Test
from .framework import framework

if TYPE_CHECKING:
    from .subject import Subject


class Facts:
    def __init__(self, model: FileModel) -> None:
        self.model = model

    @cached_property
    def framework(self) -> str | None:
        """The web framework this test file is about (None: not a web app, or the framework's own suite)."""
        return framework(self.model)

    @cached_property
    def subjects(self) -> list[tuple[Test, Subject]]:
        """Judged tests of a web project that reach no endpoint, with the subject a rule judges (a view, the
        model or the service layer)."""
        if self.framework is None:
            return []
        from .subject import subject  # endpoints and views: only for the files of a web application

        return [(t, found) for t in self.model.judged_tests for found in [subject(t.fn, self.model)] if found]
