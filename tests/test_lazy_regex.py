"""The shortcuts that keep single-file runs cheap give the answers of what they stand in for.

- every ``LazyRegex`` with ``needs`` finds what its compiled pattern finds: a text without any
  of the needs is never one the pattern matches;
- ``testfiles.glob_match`` agrees with ``fnmatch.fnmatchcase``.
"""

from __future__ import annotations

import ast
import fnmatch
import functools
import importlib
import itertools
import pkgutil
import random
import re
from pathlib import Path

import flake8_mock_misuse
from flake8_mock_misuse._lazy import LazyRegex
from flake8_mock_misuse.testfiles import glob_match

ROOT = Path(__file__).resolve().parent.parent


def _lazy_patterns() -> list[tuple[str, LazyRegex]]:
    found = []
    for info in pkgutil.walk_packages(flake8_mock_misuse.__path__, "flake8_mock_misuse."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, LazyRegex) and value._needs:
                found.append((f"{info.name}.{name}", value))
    return found


@functools.cache
def _repository_texts() -> frozenset[str]:
    texts: set[str] = set()
    for path in [*ROOT.joinpath("src").rglob("*.py"), *ROOT.joinpath("tests").glob("*.py"),
                 *ROOT.joinpath("examples").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.Name):
                texts.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                texts.add(node.name)
            elif isinstance(node, ast.Attribute):
                texts.add(node.attr)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 200:
                texts.add(node.value)
    return frozenset(texts)


def _texts(pattern: str) -> list[str]:
    """Names and strings of this repository, and texts built from the pattern's own words."""
    texts = set(_repository_texts())
    plain = pattern.replace("(?:", "(").replace("\\", "")
    words = sorted({*re.findall(r"[A-Za-z_0-9]{2,}", plain), *re.findall(r"[A-Za-z_.:/\[\]0-9-]{3,}", plain)})
    rng = random.Random(7)
    for a, b in itertools.product(words, repeat=2):
        for sep in ("", "_", " ", ".", "()."):
            texts.update({a + sep + b, f"test_{a}{sep}{b}", f"_{a}{sep}{b}_x", (a + sep + b).upper(),
                          (a + sep + b).title()})
    for _ in range(2000):
        texts.add("_".join(rng.choice(words) for _ in range(rng.randint(1, 4))))
    return sorted(texts)


def test_needs_never_hide_a_match():
    patterns = _lazy_patterns()
    assert len(patterns) >= 15
    for where, lazy in patterns:
        compiled = re.compile(lazy._pattern, lazy._flags)
        matched = 0
        for text in _texts(lazy._pattern):
            hopeless = lazy._hopeless(text)  # what search/match/fullmatch answer before the pattern is compiled
            for method in ("search", "match", "fullmatch"):
                expected = getattr(compiled, method)(text)
                assert not (hopeless and expected), (where, method, text)
                assert (getattr(lazy, method)(text) is None) == (expected is None), (where, method, text)
                matched += expected is not None
        assert matched > 10, where  # the texts did try the pattern


def test_glob_match_is_fnmatchcase():
    rng = random.Random(11)
    alphabet = "ab_.*"
    for _ in range(30_000):
        pattern = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 7)))
        name = "".join(rng.choice("ab_.") for _ in range(rng.randint(0, 9)))
        assert glob_match(name, pattern) == fnmatch.fnmatchcase(name, pattern), (name, pattern)
    for name, pattern in [("test_x.py", "test_*.py"), ("x_test.py", "*_test.py"), ("tests.py", "tests.py"),
                          ("test_.py", "test_*.py"), ("test.py", "test_*.py"), ("t[1].py", "t[[]1].py"),
                          ("conftest.py", "conftest.py"), ("a.py", "?.py")]:
        assert glob_match(name, pattern) == fnmatch.fnmatchcase(name, pattern), (name, pattern)
