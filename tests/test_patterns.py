"""Every regular expression of the package compiles: patterns are compiled on first use
(``_lazy.LazyRegex``), so a broken one would otherwise surface only on the file that needs it."""

from __future__ import annotations

import importlib
import pkgutil
import re

import flake8_mock_misuse
from flake8_mock_misuse._lazy import LazyRegex


def test_every_lazy_pattern_compiles():
    found = 0
    for info in pkgutil.walk_packages(flake8_mock_misuse.__path__, "flake8_mock_misuse."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, LazyRegex):
                assert isinstance(value.compiled, re.Pattern), value.pattern
                found += 1
    assert found >= 15


def test_a_lazy_pattern_answers_as_its_compiled_pattern():
    lazy = LazyRegex(r"(^|_)client($|_)", re.IGNORECASE)
    compiled = re.compile(lazy.pattern, lazy.flags)
    for text in ("client", "api_Client", "clients", "my_client_x", ""):
        for method in ("search", "match", "fullmatch"):
            assert (getattr(lazy, method)(text) is None) == (getattr(compiled, method)(text) is None), (method, text)
    assert lazy.findall("a_client_b client") == compiled.findall("a_client_b client")
