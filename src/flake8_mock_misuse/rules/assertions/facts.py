"""What the MM2xx rules read, computed once per file from the shared model."""

from __future__ import annotations

import ast
from functools import cached_property

from ...model.file import FileModel
from ...model.mocknames import injected_targets
from ...model.testcases import Test
from . import checks, deadchecks, tautology


class Facts:
    def __init__(self, model: FileModel) -> None:
        self.model = model

    @cached_property
    def test_checks(self) -> list[tuple[Test, list[checks.Check]]]:
        """Every judged test (not skipped or abstract), with its checks in source order."""
        return [(t, checks.checks_of(t.fn, self.model)) for t in self.model.judged_tests]

    @cached_property
    def dead_checks(self) -> list[deadchecks.DeadCheck]:
        """Checks that never run or assert nothing, in the tests of the file and the functions nested in them."""
        out: list[deadchecks.DeadCheck] = []
        todo = [t.fn for t in self.model.tests if not t.skipped]
        while todo:
            fn = todo.pop()
            out.extend(deadchecks.find(fn))
            todo.extend(fn.children)
        return out

    @cached_property
    def tautologies(self) -> list[tautology.Tautology]:
        """Assertions, in judged tests, of a value the test itself configured on a mock."""
        out: list[tautology.Tautology] = []
        for test in self.model.judged_tests:
            targets = {k: v for k, v in injected_targets(test.fn).items() if v}
            out.extend(tautology.find(test.fn, targets))
        return out


def where(test: Test, found: list[checks.Check]) -> ast.AST:
    """Where a finding about a test's checks sits: on its one check, when it has one in its own body (the
    line a ``# noqa`` goes on), else on the test's ``def``."""
    node = test.node
    first, last = node.lineno, node.end_lineno or node.lineno
    own = [c for c in found if first <= getattr(c.node, "lineno", 0) <= last]
    return own[0].node if len(found) == 1 and len(own) == 1 else node
