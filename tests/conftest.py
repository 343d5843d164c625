"""pytest fixtures for our suite; the helpers they use live in helpers.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES


@pytest.fixture
def project(tmp_path: Path):
    """A throwaway project folder; ``project(name)`` copies ``tests/fixtures/projects/<name>`` into it."""

    def make(name: str | None = None) -> Path:
        root = tmp_path / (name or "proj")
        if name:
            shutil.copytree(FIXTURES / "projects" / name, root)
        else:
            root.mkdir()
        return root

    return make
