"""MM3xx through real flake8 on small Django, Flask, FastAPI and Pyramid projects, and a library where it is
silent.

The frameworks are not installed: views and models are read from the projects' source.
"""

from __future__ import annotations

import pytest

from helpers import expectations, flake8


@pytest.mark.parametrize("name", ["djangoshop", "flaskapp", "fastapiapp", "pyramidapp", "library"])
def test_web_project(project, name):
    root = project(name)
    expected = {
        (path.relative_to(root).as_posix(), line, col, code)
        for path in root.rglob("test_*.py")
        for line, col, code in expectations(path)
    }
    result = flake8("--select=MM3", "tests", cwd=root)
    assert set(result.findings) == expected, result.stdout
    if name == "library":
        assert result.stdout == ""
    else:
        assert expected
