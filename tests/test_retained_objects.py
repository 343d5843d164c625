"""What the plugin keeps alive between files, counted (not timed): every object it retains is walked by each full
collection of the garbage collector for the rest of the run, in flake8's own parsing too (issue 21).

A child process runs the plugin over a generated suite the way flake8 does (one parsed tree at a time, dropped
after use) and reports how many objects outlive the files: a large test module that the tests import one base
class from is a suite, not a helper module, and its tree is not kept.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

COUNT = r'''
import ast, gc, json, os, sys
from pathlib import Path
os.chdir(sys.argv[1])
from flake8_mock_misuse.plugin import Plugin
from flake8_mock_misuse.config import Config
import flake8_mock_misuse.analysis
Plugin.config = Config()
gc.collect(); base = len(gc.get_objects())
found = []
for p in sorted(Path("tests").rglob("test_*.py")):
    src = p.read_text(encoding="utf-8")
    found += [f"{p}:{line}: {text}" for line, _c, text, _ in Plugin(ast.parse(src), str(p), src.splitlines(True)).run()]
gc.collect()
print(json.dumps({"retained": len(gc.get_objects()) - base, "findings": found}))
'''


def _suite(root: Path, big_tests: int) -> None:
    (root / "tests").mkdir()
    (root / "pyproject.toml").write_text("")
    body = "\n".join(f"    def test_case_{i}(self):\n        self.assertEqual(compute({i}), {i})\n"
                     for i in range(big_tests))
    (root / "tests" / "__init__.py").write_text("")
    (root / "tests" / "test_big.py").write_text(
        "import unittest\n\n\ndef compute(x):\n    return x\n\n\n"
        "class BaseCase(unittest.TestCase):\n    def check_answer(self, got):\n        self.assertEqual(got, 42)\n\n\n"
        f"class BigTests(BaseCase):\n{body}")
    for i in range(3):
        (root / "tests" / f"test_user_{i}.py").write_text(
            "from tests.test_big import BaseCase\n\n\nclass UserTests(BaseCase):\n"
            "    def test_answer(self):\n        self.check_answer(6 * 7)\n")


def _count(root: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", COUNT, str(root)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_a_large_test_module_imported_for_one_base_class_is_not_kept(tmp_path):
    small, large = tmp_path / "small", tmp_path / "large"
    small.mkdir()
    large.mkdir()
    _suite(small, big_tests=20)  # 2 KB: a helper module like any other
    _suite(large, big_tests=2500)  # about 190 KB: a suite of its own
    kept_small, kept_large = _count(small), _count(large)
    # the users' helper check is found either way (by the module, or by its name when the module is not followed)
    for result in (kept_small, kept_large):
        assert not [f for f in result["findings"] if "test_user_" in f]
    # The large module's tree is not kept (153,298 objects outlived the files before, 30,668 after: what is left is
    # its project summary, read for the class hierarchy; summaries of plain values are the next step of issue 21)
    assert kept_large["retained"] < 50_000, (kept_small, kept_large["retained"])


def _many_helpers(root: Path, modules: int, functions: int) -> None:
    """Test files in folders of their own, each folder with a helper module of its own that its tests call."""
    (root / "pyproject.toml").write_text("")
    for m in range(modules):
        pkg = root / "tests" / f"area{m}"
        pkg.mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        helpers = "".join(f"def check_{i}(got):\n    assert got == {i}, got\n    return got\n\n\n"
                          for i in range(functions))
        (pkg / "helpers.py").write_text(f"{helpers}def unused():\n    return [{', '.join(map(str, range(500)))}]\n")
        (pkg / "test_area.py").write_text(
            f"from tests.area{m}.helpers import check_1\n\n\ndef test_checked():\n    check_1(1)\n\n\n"
            "def test_unchecked():\n    assert 1\n")
    (root / "tests" / "__init__.py").write_text("")


def test_support_modules_kept_between_files_stay_within_a_budget(tmp_path):
    # Twelve helper modules of about 20 KB each, one per folder: kept whole, they outlived the files (237,849 objects,
    # 228,176 of them their trees); now the most recently used are kept up to 64 KB of source (and whatever the last
    # two files used), and one needed again is read again: 48,231.
    _many_helpers(tmp_path, modules=12, functions=400)
    result = _count(tmp_path)
    assert result["retained"] < 60_000, result["retained"]
    # the helper's check is followed in every file, kept or read again: only the weak test is reported
    assert len(result["findings"]) == 12 and all("test_unchecked" in f for f in result["findings"]), result["findings"]
