"""Precision and recall of the plugin against the labelled test functions (issue 15).

    python bench/score.py --findings F.jsonl bench/labels/tune.jsonl [more label files]
    python bench/score.py --findings F.jsonl --family MM1 --list bench/labels/tune.jsonl

``F.jsonl`` is what ``bench/apps.py run --out`` writes.  A label says, per family, which codes of that
family hold for one test function (an empty list: the family's claim does not hold); a finding counts
for the function whose lines (decorators included) hold it.  Per family, a function is a true positive
when it is labelled and reported, a false positive when reported and not labelled, a false negative when
labelled and not reported; per code the same with that code.  ``--list`` names every false negative and
false positive with the label's reason and the finding's message.

The guide labels a test by what it does "in its body, its decorators, or a fixture it uses", while the
plugin reports a fixture's own writes on the fixture's lines (where the ``# noqa`` goes).  So a finding
inside a fixture also counts for each labelled test that requests that fixture by a parameter or
``@pytest.mark.usefixtures`` (the fixture defined in the test's file or a ``conftest.py`` above it, read
from the checkouts of ``bench/apps.py``), and a finding inside a ``setUp``-like hook of the test's class or
of a base class it inherits (found in the same file or imported by name), or inside ``setUpModule``, for
the tests that hook runs for; an MM406 finding in a test module's body counts for that module's tests (not
a ``conftest.py``'s: the two readings of the tuning labels disagree on those).  ``--strict`` counts findings
by their lines only.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from collections import defaultdict
from pathlib import Path

FAMILIES = ("MM1", "MM2", "MM3", "MM4")


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def key(entry: dict) -> tuple[str, str, str]:
    return entry["app"], entry["path"], entry["function"]


def score(labels: list[dict], findings: list[dict]) -> tuple[dict, dict, list]:
    """(per family, per code, cases): counts of tp/fp/fn, and each fp and fn with its evidence."""
    reported: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for f in findings:
        reported[key(f)][f["code"]].append(f)
    fam: dict[str, dict[str, int]] = {f: {"tp": 0, "fp": 0, "fn": 0, "tn": 0} for f in FAMILIES}
    codes: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    cases = []
    for label in labels:
        if label.get("labels") is None:
            continue
        got = reported.get(key(label), {})
        for family in FAMILIES:
            want = set(label["labels"].get(family, []))
            have = {c for c in got if c.startswith(family)}
            outcome = "tp" if want and have else "fp" if have else "fn" if want else "tn"
            fam[family][outcome] += 1
            if outcome in ("fp", "fn"):
                messages = [f["message"] for c in sorted(have) for f in got[c]]
                cases.append({"family": family, "outcome": outcome, "function": "::".join(key(label)),
                              "labelled": sorted(want), "reported": sorted(have), "reason": label.get("reason", ""),
                              "messages": messages[:2]})
            for code in want | have:
                codes[code]["tp" if code in want and code in have else "fp" if code in have else "fn"] += 1
    return fam, dict(sorted(codes.items())), cases


def _fixture_defs(tree: ast.Module) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    """{requested name: function} of the module-level pytest fixtures of a file."""
    out = {}
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for dec in node.decorator_list:
            call = dec if isinstance(dec, ast.Call) else None
            target = call.func if call is not None else dec
            if not (isinstance(target, ast.Attribute) and target.attr == "fixture"
                    or isinstance(target, ast.Name) and target.id == "fixture"):
                continue
            name = next((k.value.value for k in (call.keywords if call else []) if k.arg == "name"
                         and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str)), node.name)
            out[name] = node
    return out


def _requested(fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> list[str]:
    """The fixtures a test function (its parameters, ``usefixtures``) or a test class (``usefixtures``) asks for."""
    args = [] if isinstance(fn, ast.ClassDef) else fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs
    names = [a.arg for a in args if a.arg not in ("self", "cls", "request")]
    for dec in fn.decorator_list:
        if isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute) and dec.func.attr == "usefixtures":
            names += [a.value for a in dec.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return names


class _Fixtures:
    """Where pytest finds a test's fixtures in a checkout: the test's file, the ``conftest.py`` files above
    it, and the modules those pull in with ``from pkg.mod import *`` (resolved from the folders above)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.trees: dict[Path, ast.Module | None] = {}
        self.tables: dict[Path, dict[str, tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]] = {}

    def tree(self, rel: str) -> ast.Module | None:
        path = self.root / rel
        if path not in self.trees:
            try:
                self.trees[path] = ast.parse(path.read_bytes()) if path.is_file() else None
            except (OSError, SyntaxError, ValueError):
                self.trees[path] = None
        return self.trees[path]

    def table(self, rel: str, depth: int = 0) -> dict[str, tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
        """{fixture name: (file, function)} a module defines or star-imports."""
        key = self.root / rel
        if key in self.tables:
            return self.tables[key]
        self.tables[key] = {}
        tree = self.tree(rel)
        if tree is None or depth > 4:
            return {}
        out: dict[str, tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and any(a.name == "*" for a in node.names):
                found = self._module_file(rel, node.module, node.level)
                if found is not None:
                    out.update(self.table(found, depth + 1))
        out.update({name: (rel, fn) for name, fn in _fixture_defs(tree).items()})
        self.tables[key] = out
        return out

    def _module_file(self, rel: str, module: str, level: int) -> str | None:
        parts = module.replace(".", "/")
        folder = Path(rel).parent
        bases = [folder.parents[level - 2] if level > 1 else folder] if level else [folder, *folder.parents]
        for base in bases:
            for cand in (base / f"{parts}.py", base / parts / "__init__.py"):
                if (self.root / cand).is_file():
                    return str(cand)
        return None

    def visible(self, rel: str) -> list[dict[str, tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]]:
        folder, out = Path(rel).parent, [self.table(rel)]
        for base in [folder, *folder.parents]:
            out.append(self.table(str(base / "conftest.py")))
        return out


def via_fixtures(labels: list[dict], findings: list[dict]) -> list[dict]:
    """Copies of the findings inside fixtures, one for each labelled test that requests the fixture, directly
    or through the fixtures it requests; and of the findings in the set-up hooks that run for the test."""
    from apps import checkout, manifest

    roots = {app["name"]: _Fixtures(checkout(app)) for app in manifest()}
    in_fixture: dict[tuple[str, str, str], list[dict]] = {}
    for f in findings:
        in_fixture.setdefault((f["app"], f["path"], f["function"]), []).append(f)
    out = []
    for label in labels:
        fixtures = roots.get(label["app"])
        tree = fixtures.tree(label["path"]) if fixtures is not None and label.get("labels") is not None else None
        if tree is None:
            continue
        owner, _, name = label["function"].rpartition(".")
        cls = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == owner), None)
        body = tree.body if not owner else cls.body if cls is not None else []
        fn = next((n for n in body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name), None)
        if fn is None:
            continue
        scopes = fixtures.visible(label["path"])
        todo, seen = _requested(fn) + (_requested(cls) if cls is not None else []), set()
        while todo:
            want = todo.pop()
            if want in seen or len(seen) > 200:
                continue
            seen.add(want)
            found = next((scope[want] for scope in scopes if want in scope), None)  # the nearest definition
            if found is None:
                continue
            place, fixture = found
            for f in in_fixture.get((label["app"], place, fixture.name), []):
                out.append({**f, "path": label["path"], "function": label["function"]})
            todo.extend(_requested(fixture))
        hooks = [(label["path"], h) for h in _MODULE_HOOKS]
        for f in in_fixture.get((label["app"], label["path"], "<module>"), []):
            if f["code"] == "MM406":  # the test's own module changing state as it is imported
                out.append({**f, "function": label["function"]})
        if cls is not None:
            hooks += [(where, f"{c.name}.{h}") for where, c in _class_chain(fixtures, label["path"], cls)
                      for h in _CLASS_HOOKS]
        for where, hook in hooks:
            for f in in_fixture.get((label["app"], where, hook), []):
                out.append({**f, "path": label["path"], "function": label["function"]})
    return out


_CLASS_HOOKS = ("setUp", "asyncSetUp", "setUpClass", "setUpTestData", "setup_method", "setup_class", "_pre_setup")
_MODULE_HOOKS = ("setUpModule", "setup_module")


def _class_chain(fixtures: _Fixtures, path: str, cls: ast.ClassDef) -> list[tuple[str, ast.ClassDef]]:
    """A test class and its base classes found in the checkout (same file, or imported by name), nearest first:
    their ``setUp`` hooks run for the test."""
    out: list[tuple[str, ast.ClassDef]] = []
    todo = [(path, cls)]
    while todo and len(out) < 12:
        where, c = todo.pop(0)
        if any(c is known for _w, known in out):
            continue
        out.append((where, c))
        tree = fixtures.tree(where)
        for base in c.bases:
            name = base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else None
            if name is None or tree is None:
                continue
            local = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name), None)
            if local is not None:
                todo.append((where, local))
                continue
            imported = next((n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module
                             and any((a.asname or a.name) == name for a in n.names)), None)
            if imported is None:
                continue
            real = next(a.name for a in imported.names if (a.asname or a.name) == name)
            other = fixtures._module_file(where, imported.module, imported.level)
            other_tree = fixtures.tree(other) if other is not None else None
            found = next((n for n in other_tree.body if isinstance(n, ast.ClassDef) and n.name == real), None) \
                if other_tree is not None else None
            if found is not None:
                todo.append((other, found))
    return out


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "-"


def table(name: str, rows: dict[str, dict[str, int]]) -> str:
    out = [f"{name:<8} {'tp':>4} {'fp':>4} {'fn':>4}  precision  recall"]
    for k, c in rows.items():
        out.append(f"{k:<8} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4}  {_ratio(c['tp'], c['tp'] + c['fp']):>9}  "
                   f"{_ratio(c['tp'], c['tp'] + c['fn']):>6}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("labels", nargs="+", type=Path)
    ap.add_argument("--findings", type=Path, required=True)
    ap.add_argument("--family", choices=FAMILIES, help="only this family's cases with --list")
    ap.add_argument("--list", action="store_true", help="name every false positive and false negative")
    ap.add_argument("--strict", action="store_true", help="count a finding only for the function whose lines hold it")
    args = ap.parse_args(argv)
    labels = [entry for p in args.labels for entry in load(p)]
    findings = load(args.findings)
    apps = {entry["app"] for entry in labels}
    findings = [f for f in findings if f["app"] in apps]
    if not args.strict:
        findings += via_fixtures(labels, findings)
    fam, codes, cases = score(labels, findings)
    judged = sum(1 for entry in labels if entry.get("labels") is not None)
    how = "findings by their lines only" if args.strict else "findings in fixtures count for the tests requesting them"
    print(f"{judged} labelled test functions from {len(apps)} applications ({how})\n")
    print(table("family", fam))
    print()
    print(table("code", codes))
    if args.list:
        for c in cases:
            if args.family and c["family"] != args.family:
                continue
            print(f"\n{c['outcome'].upper()} {c['family']} {c['function']}\n  labelled {c['labelled'] or '-'}, "
                  f"reported {c['reported'] or '-'}: {c['reason']}")
            for m in c["messages"]:
                print(f"  > {m[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
