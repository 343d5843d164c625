"""Write docs/rules/ from the rules' docstrings (a development script: `make docs`).

    python scripts/make_docs.py [--out docs/rules] [--check]

Each rule's page is its docstring, the same text `flake8-mock-misuse explain CODE` prints, and
`README.md` there is the index.  `--check` writes nothing and exits 1 when a page differs.  Only
files this script writes are touched: a stale page of a code that no longer exists (`MM123.md`) is
removed, nothing else in the folder ever is.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from flake8_mock_misuse.rules import codes, explanation, summary  # noqa: E402

_PAGE = re.compile(r"^MM\d{3}\.md$")


def rule_docs() -> dict[str, str]:
    """File name -> content of every generated page."""
    pages = {f"{code}.md": explanation(code) or "" for code in codes()}
    index = ["# Rules", "", "| code | what it finds |", "| --- | --- |"]
    index += [f"| [{c}]({c}.md) | {summary(c)} |" for c in codes()]
    index += ["", "Each page is generated from the rule's docstring by `make docs` (`scripts/make_docs.py`);",
              "`flake8-mock-misuse explain CODE` prints the same text.", ""]
    pages["README.md"] = "\n".join(index)
    return pages


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "rules")
    ap.add_argument("--check", action="store_true", help="exit 1 if the pages differ from the docstrings")
    args = ap.parse_args(argv)
    pages = rule_docs()
    stale = [name for name, text in pages.items()
             if not (args.out / name).is_file() or (args.out / name).read_text(encoding="utf-8") != text]
    gone = sorted(p.name for p in args.out.glob("MM*.md") if _PAGE.match(p.name) and p.name not in pages) \
        if args.out.is_dir() else []
    if args.check:
        if stale or gone:
            print(f"docs out of date: {', '.join(stale + gone)}; run `make docs`", file=sys.stderr)
            return 1
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (args.out / name).write_text(pages[name], encoding="utf-8")
    for name in gone:
        (args.out / name).unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
