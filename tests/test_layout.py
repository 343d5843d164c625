"""The package's structure holds: layers that import only downwards, no circle of modules, one home per
family, rule modules that point to their logic and fixtures, and a README layout that matches the tree.

Imports are read from the source with ``ast`` (every import statement, also those inside functions
and under ``TYPE_CHECKING``), so a lazy import cannot hide an arrow that runs back up.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from helpers import REPO

PACKAGE = "flake8_mock_misuse"
SRC = REPO / "src" / PACKAGE
FAMILIES = ("integration", "assertions", "web", "state", "internal")

# Lowest first: a module imports only from its own layer or the layers below it.
LAYERS = (
    ("base", ("__init__", "_lazy")),
    ("resolve", ("resolve",)),
    ("options and findings", ("config", "findings", "testfiles")),
    ("shared model", ("model",)),
    ("rules", ("rules",)),
    ("analysis", ("analysis",)),
    ("settings and suppressions", ("settings", "suppress", "baseline", "sarif")),
    ("adapters", ("plugin", "cli", "audit", "check", "processes")),
)


def _modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The package's modules that ``name`` imports."""
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            targets = [f"{mod}.{a.name}" if f"{mod}.{a.name}" in MODULES else mod for a in node.names]
        out.update(t for t in targets if t in MODULES and t != name)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(name: str) -> int:
    first = name.split(".")[1] if "." in name else "__init__"
    return next(i for i, (_label, tops) in enumerate(LAYERS) if first in tops)


def test_every_module_has_a_layer():
    assert {LAYERS[_layer(name)][0] for name in MODULES} == {label for label, _tops in LAYERS}


def test_nothing_imports_upward():
    upward = [f"{a} -> {b} ({LAYERS[_layer(a)][0]} imports {LAYERS[_layer(b)][0]})"
              for a, targets in GRAPH.items() for b in targets if _layer(b) > _layer(a)]
    assert not upward, "\n".join(upward)


def test_no_circle_of_modules():
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    circles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                circles.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])
    assert not circles, "\n".join(" -> ".join(c) for c in circles)


def test_the_model_and_the_families_keep_to_themselves():
    for a, targets in GRAPH.items():
        for b in targets:
            if a.startswith(f"{PACKAGE}.model"):
                assert not b.startswith(f"{PACKAGE}.rules"), f"the model imports a rule: {a} -> {b}"
            family = a.split(".")[2] if a.startswith(f"{PACKAGE}.rules.") else None
            if family and b.startswith(f"{PACKAGE}.rules"):
                assert b.startswith(f"{PACKAGE}.rules.{family}"), f"a family imports another: {a} -> {b}"


def test_no_source_file_looks_like_a_test_file():
    from flake8_mock_misuse.config import DEFAULT_TEST_FILES
    from flake8_mock_misuse.testfiles import is_test_file

    for path in MODULES.values():
        rel = path.relative_to(REPO / "src").as_posix()
        assert not is_test_file(rel, DEFAULT_TEST_FILES), rel


RULE_MODULES = sorted(SRC.glob("rules/*/mm[0-9]*.py"))
_POINTER = re.compile(r"^# (logic|fixtures): (.+)$", re.MULTILINE)


@pytest.mark.parametrize("path", RULE_MODULES, ids=lambda p: p.stem)
def test_a_rule_module_points_to_its_logic_and_fixtures(path: Path):
    """The comment above a rule's docstring names the files of its logic (beside it) and of its fixtures
    (in tests/fixtures/); they exist."""
    head = path.read_text(encoding="utf-8").split('"""', 1)[0]
    pointers = dict(_POINTER.findall(head))
    assert set(pointers) == {"logic", "fixtures"}, head
    for kind, text in pointers.items():
        base = path.parent if kind == "logic" else REPO / "tests" / "fixtures"
        for item in text.split(", "):
            item = item.split(" (", 1)[0]
            assert list(base.glob(item)) if "*" in item else (base / item).resolve().exists(), (kind, item)


def _readme_layout() -> set[str]:
    """Modules named in the README's layout block: a line ``  dir/  text: a.py, b.py`` (and the lines
    indented further below it) names dir/a.py and dir/b.py; rule modules (``mmNNN_*``) are left out."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("## Layout", 1)[1].split("```", 2)[1]
    named: set[str] = set()
    folder = ""
    for line in block.splitlines():
        tokens = line.split()
        if not tokens:
            continue
        if len(line) - len(line.lstrip()) <= 2:  # a new entry; deeper lines continue the one above
            folder = tokens[0] if tokens[0].endswith("/") else ""
        for file in re.findall(r"[\w/]+\.py", line):
            if not re.match(r"mm\d{3}_", file.rsplit("/", 1)[-1]):
                named.add(file if "/" in file else folder + file)
    return named


def test_the_readme_layout_names_every_module():
    on_disk = {p.relative_to(SRC).as_posix() for p in MODULES.values()
               if p.name != "__init__.py" and not re.match(r"mm\d{3}_", p.name)}
    on_disk |= {"rules/__init__.py"}  # the registry
    assert _readme_layout() == on_disk


def test_the_rule_scaffold_writes_a_rule_the_registry_runs(tmp_path: Path):
    """scripts/new_rule.py on a copy of the tree: the rule, its fixtures and its registry line, in code order."""
    import shutil
    import subprocess
    import sys

    shutil.copytree(REPO / "src", tmp_path / "src")
    shutil.copytree(REPO / "scripts", tmp_path / "scripts")
    shutil.copytree(REPO / "tests" / "fixtures" / "rules", tmp_path / "tests" / "fixtures" / "rules")
    new = [sys.executable, str(tmp_path / "scripts" / "new_rule.py"), "MM208", "assertions", "example", "--gate",
           "dead_checks"]
    subprocess.run(new, check=True, capture_output=True)
    again = subprocess.run(new, capture_output=True, text=True)
    assert again.returncode == 2 and "already" in again.stderr  # nothing is overwritten
    probe = (
        "import ast\n"
        "from flake8_mock_misuse import rules\n"
        "from flake8_mock_misuse.analysis import analyse\n"
        "from flake8_mock_misuse.config import Config\n"
        "print([r.code for r in rules.REGISTRY][8:11], rules.explanation('MM208').splitlines()[0])\n"
        "src = open('tests/fixtures/rules/mm205_bad.py').read()\n"
        "print(sorted({f.code for f in analyse(ast.parse(src), 'tests/test_x.py', Config())}))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "src")},
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == ["['MM206', 'MM207', 'MM208'] # MM208: TODO: one line", "['MM205']"]
    assert (tmp_path / "tests" / "fixtures" / "rules" / "mm208_bad.py").is_file()
