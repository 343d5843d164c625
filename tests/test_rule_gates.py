"""The analysis imports a rule only when the file model has the fact the rule reports from (rules.NEEDS).

Skipping a rule must never lose a finding: over every example file of this suite, the gated analysis
gives exactly what running every rule gives.  And the saving is real: a file that is no web test and
writes no shared state does not load the web logic or the MM3xx/MM4xx rules at all.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from flake8_mock_misuse import rules
from flake8_mock_misuse.analysis import analyse_model
from flake8_mock_misuse.config import Config
from flake8_mock_misuse.model.file import FileModel

from helpers import FIXTURES, REPO

EXAMPLES = sorted([*FIXTURES.rglob("*.py"), *(REPO / "examples").rglob("*.py")])


def test_every_gate_names_a_rule_and_a_fact_of_the_model():
    names = {n[:5] for n in rules._rule_names()}
    for code, fact in rules.NEEDS.items():
        assert code in names
        assert hasattr(FileModel, fact), fact


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(REPO)))
def test_gated_analysis_finds_what_every_rule_finds(path: Path):
    def model() -> FileModel:
        return FileModel(ast.parse(path.read_bytes()), str(path), Config())

    everything = set()
    m = model()
    for rule in rules.RULES:
        everything.update(rule.check(m))
    assert analyse_model(model()) == sorted(everything)


def test_a_plain_unit_test_file_loads_neither_web_logic_nor_state_rules():
    probe = (
        "import ast, json, sys\n"
        "from flake8_mock_misuse.analysis import analyse\n"
        "from flake8_mock_misuse.config import Config\n"
        "f = sys.argv[1]\n"
        "found = analyse(ast.parse(open(f, 'rb').read()), f, Config())\n"
        "print(json.dumps([[x.code for x in found], sorted(m for m in sys.modules if 'mock_misuse' in m)]))\n"
    )
    target = REPO / "examples" / "bookstore" / "tests" / "test_payments.py"
    out = subprocess.run([sys.executable, "-c", probe, str(target)], capture_output=True, text=True, check=True,
                         cwd=target.parent)
    codes, loaded = json.loads(out.stdout)
    assert "MM101" in codes  # the file is analysed...
    assert "flake8_mock_misuse.model.web" not in loaded  # ...without the web logic
    assert not [m for m in loaded if m.startswith(("flake8_mock_misuse.rules.mm3", "flake8_mock_misuse.rules.mm4"))]
