"""Scaffold a new rule: its module, its two fixtures and its line in the registry.

    python scripts/new_rule.py MM208 assertions name_in_snake_case --gate test_checks

Writes ``src/flake8_mock_misuse/rules/<family>/mm208_<name>.py`` (the pointers to its logic and
fixtures, the sections of its documentation, a ``check`` that yields nothing yet),
``tests/fixtures/rules/mm208_bad.py`` and ``mm208_good.py``, and inserts the rule into
``rules.REGISTRY`` in code order.  Nothing is overwritten.  Then follow "Adding a rule" in the
README: the suite fails until the bad fixture's cases are reported.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "src" / "flake8_mock_misuse" / "rules"
FIXTURES = ROOT / "tests" / "fixtures" / "rules"
FAMILIES = {"integration": "1", "assertions": "2", "web": "3", "state": "4"}

MODULE = '''\
# logic: facts.py ({gate})
# fixtures: rules/{low}_bad.py, rules/{low}_good.py, rules/{low}_bad.txt (golden output)
"""
## What it does
TODO: what the rule finds, in one paragraph.

## Why is this bad?
TODO: what the test fails to prove, and what breaks in production while it stays green.

## Example
```python
TODO
```

## Use instead
```python
TODO
```

## Options
None of its own.

## Known problems
- TODO: what it cannot see; where its finding sits (which line takes the `# noqa`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding
from .facts import Facts

CODE = "{code}"
SUMMARY = "TODO: one line"


def check(facts: Facts) -> Iterator[Finding]:
    for _item in facts.{gate}:
        yield from ()  # TODO: Finding.at(node, CODE, "message: what it means; what to do instead")
'''

BAD = '''\
"""Cases {code} reports: each reported line carries an `# expect: {code} col=N` marker."""

'''

GOOD = '''\
"""Good tests and near misses {code} keeps silent about."""

'''


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("code", help="MMNNN")
    ap.add_argument("family", choices=sorted(FAMILIES))
    ap.add_argument("name", help="what it finds, in snake_case")
    ap.add_argument("--gate", required=True, help="the fact of the family's Facts the rule loops over")
    args = ap.parse_args(argv)
    code, low = args.code.upper(), args.code.lower()
    if not re.fullmatch(r"MM\d{3}", code) or code[2] != FAMILIES[args.family]:
        ap.error(f"{code} is no code of the {args.family} family (MM{FAMILIES[args.family]}xx)")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", args.name) or not args.gate.isidentifier():
        ap.error("name and gate are snake_case identifiers")
    facts = (RULES / args.family / "facts.py").read_text(encoding="utf-8")
    if f"def {args.gate}(" not in facts and f"self.{args.gate} =" not in facts:
        print(f"note: {args.family}/facts.py has no fact {args.gate!r} yet; add it", file=sys.stderr)
    registry_path = RULES / "__init__.py"
    registry = registry_path.read_text(encoding="utf-8")
    if f'Rule("{code}"' in registry:
        ap.error(f"{code} is in the registry already")
    module = RULES / args.family / f"{low}_{args.name}.py"
    targets = {module: MODULE, FIXTURES / f"{low}_bad.py": BAD, FIXTURES / f"{low}_good.py": GOOD}
    for path in targets:
        if path.exists():
            ap.error(f"{path.relative_to(ROOT)} exists")
    for path, template in targets.items():
        path.write_text(template.format(code=code, low=low, gate=args.gate), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    entry = f'    Rule("{code}", "{args.family}.{low}_{args.name}", "{args.gate}"),\n'
    lines = registry.splitlines(keepends=True)
    codes = [(i, m.group(1)) for i, line in enumerate(lines) if (m := re.match(r'\s+Rule\("(MM\d{3})"', line))]
    after = max((i for i, c in codes if c < code), default=codes[0][0] - 1)
    lines.insert(after + 1, entry)
    registry_path.write_text("".join(lines), encoding="utf-8")
    print(f"added {code} to rules.REGISTRY")
    return 0


if __name__ == "__main__":
    sys.exit(main())
