"""The registry, and the gates that keep rules unimported on files where they cannot fire.

A rule is imported only for a file where its gate (a fact of its family's ``Facts``) is non-empty.
Skipping a rule must never lose a finding: over every example file of this suite, the gated analysis
gives exactly what running every rule gives.  And the saving is real: a file that is no web test and
writes no shared state does not load the web logic, the restore analysis or the MM3xx/MM4xx rules.
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
RULES_DIR = REPO / "src" / "flake8_mock_misuse" / "rules"


def test_the_registry_names_every_rule_module_once():
    on_disk = {p.relative_to(RULES_DIR).with_suffix("").as_posix().replace("/", ".")
               for p in RULES_DIR.glob("*/mm[0-9]*.py")}
    assert sorted(r.module for r in rules.REGISTRY) == sorted(on_disk)
    assert len(rules.BY_CODE) == len(rules.REGISTRY)


@pytest.mark.parametrize("rule", rules.REGISTRY, ids=lambda r: r.code)
def test_each_entry_is_its_module_and_gates_on_a_fact_of_its_family(rule):
    module = rules.load(rule)
    assert module.CODE == rule.code
    assert module.__name__.rsplit(".", 1)[-1].startswith(rule.code.lower() + "_")
    assert rule.code[:3] == {"integration": "MM1", "assertions": "MM2", "web": "MM3", "state": "MM4",
                             "internal": "MM9"}[rule.family]
    if rule.gate is None:
        assert not hasattr(module, "check")  # reported by the adapters, never by the analysis
    else:
        assert hasattr(rules.facts_class(rule.family), rule.gate)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(REPO)))
def test_gated_analysis_finds_what_every_rule_finds(path: Path):
    def model() -> FileModel:
        return FileModel(ast.parse(path.read_bytes()), str(path), Config())

    everything = set()
    m = model()
    families = {}
    for rule in rules.REGISTRY:
        if rule.gate is not None:
            facts = families.setdefault(rule.family, rules.facts_class(rule.family)(m))
            everything.update(rules.load(rule).check(facts))
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
    rules_pkg = "flake8_mock_misuse.rules."
    assert not {f"{rules_pkg}web.endpoints", f"{rules_pkg}web.views", f"{rules_pkg}state.restores"} & set(loaded)
    assert not [m for m in loaded if m.startswith((f"{rules_pkg}web.mm", f"{rules_pkg}state.mm"))]
