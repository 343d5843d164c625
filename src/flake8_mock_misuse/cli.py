"""``flake8-mock-misuse``: explain a code, list the codes, write the rule docs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .rules import BY_CODE, codes, explanation


def _explain(args: argparse.Namespace) -> int:
    text = explanation(args.code)
    if text is None:
        print(f"flake8-mock-misuse: unknown code {args.code!r}; known codes: {', '.join(codes())}",
              file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


def _codes(_args: argparse.Namespace) -> int:
    for code in codes():
        print(f"{code}  {BY_CODE[code].SUMMARY}")
    return 0


def rule_docs() -> dict[str, str]:
    """File name -> content of every generated page under docs/rules/."""
    pages = {f"{code}.md": explanation(code) or "" for code in codes()}
    index = ["# Rules", "", "| code | what it finds |", "| --- | --- |"]
    index += [f"| [{c}]({c}.md) | {BY_CODE[c].SUMMARY} |" for c in codes()]
    index += ["", "Each page is generated from the rule's docstring by `flake8-mock-misuse docs`;",
              "`flake8-mock-misuse explain CODE` prints the same text.", ""]
    pages["README.md"] = "\n".join(index)
    return pages


def _docs(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    pages = rule_docs()
    stale = []
    for name, text in pages.items():
        path = out / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    for extra in sorted(p.name for p in out.glob("*.md") if p.name not in pages):
        stale.append(extra) if args.check else (out / extra).unlink()
    if stale:
        print(f"docs out of date: {', '.join(stale)}; run `flake8-mock-misuse docs`", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="flake8-mock-misuse", description="Find tests that lie.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("explain", help="print the documentation of a code")
    p.add_argument("code")
    p.set_defaults(func=_explain)
    p = sub.add_parser("codes", help="list the codes")
    p.set_defaults(func=_codes)
    p = sub.add_parser("docs", help="write docs/rules/ from the rules' docstrings")
    p.add_argument("--out", default="docs/rules")
    p.add_argument("--check", action="store_true", help="exit 1 if the pages differ from the docstrings")
    p.set_defaults(func=_docs)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
