"""What the MM4xx rules read, computed once per file from the shared model."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...model.file import FileModel
from .vocabulary import Op
from .writes import Writes

if TYPE_CHECKING:  # loaded only for files with writes (below)
    from .restores import Restores


class Facts:
    def __init__(self, model: FileModel) -> None:
        self.model = model

    @cached_property
    def writes(self) -> Writes:
        """Writes to shared state (module-level objects, the environment, project state), without their restores."""
        return Writes(self.model)

    @cached_property
    def ops(self) -> list[Op]:
        """Every write to shared state: the gate of the MM4xx rules, each of which reports some of these."""
        return self.writes.ops

    @cached_property
    def restores(self) -> Restores:
        """Whether each write is put back, and who reads what: loaded only for files with writes, since the MM4xx
        rules, which read it, are imported only then."""
        from .restores import Restores

        return Restores(self.writes)
