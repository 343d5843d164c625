"""Every regular expression of the package compiles, and its ``needs`` never hide a match.

Patterns are compiled on first use (``_lazy.LazyRegex``), so a broken one would otherwise surface
only on the file that needs it; and a pattern is not even tried on a text that holds none of its
``needs``, so a wrong need would silently lose findings.
"""

from __future__ import annotations

import ast
import functools
import importlib
import itertools
import pkgutil
import random
import re
from pathlib import Path

import flake8_mock_misuse
from flake8_mock_misuse._lazy import LazyRegex

ROOT = Path(__file__).resolve().parent.parent


def _lazy_patterns() -> list[tuple[str, LazyRegex]]:
    found = []
    for info in pkgutil.walk_packages(flake8_mock_misuse.__path__, "flake8_mock_misuse."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, LazyRegex):
                found.append((f"{info.name}.{name}", value))
    return found


def test_every_lazy_pattern_compiles():
    patterns = _lazy_patterns()
    assert len(patterns) >= 15
    for where, lazy in patterns:
        assert isinstance(lazy.compiled, re.Pattern), where


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
    patterns = [(where, lazy) for where, lazy in _lazy_patterns() if lazy.needs]
    assert len(patterns) >= 15
    for where, lazy in patterns:
        compiled = re.compile(lazy.pattern, lazy.flags)
        matched = 0
        for text in _texts(lazy.pattern):
            hopeless = lazy.hopeless(text)  # what search/match/fullmatch answer before the pattern is compiled
            for method in ("search", "match", "fullmatch"):
                expected = getattr(compiled, method)(text)
                assert not (hopeless and expected), (where, method, text)
                assert (getattr(lazy, method)(text) is None) == (expected is None), (where, method, text)
                matched += expected is not None
        assert matched > 10, where  # the texts did try the pattern
