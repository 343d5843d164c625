"""``flake8-mock-misuse``: lint without flake8 (``check``), explain a code, list the codes, audit a suite.

(The rule docs are written by the development script ``scripts/make_docs.py``, not by this command: it never
touches a user's files.)"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .processes import run_command
from .rules import codes, explanation, summary


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
        print(f"{code}  {summary(code)}")
    return 0


def _audit(args: argparse.Namespace) -> int:
    from .audit.collect import AuditError, default_paths
    from .audit.formats import FORMATS
    from .audit.run import NoTests, default_jobs, run
    from .settings import SettingsError, command_line, flake8_layer, merge, project_layer
    from .suppress import Suppressions

    root = Path.cwd()
    try:
        settings = merge([command_line({"min-score": args.min_score, "kind": args.kind}), flake8_layer(root),
                          project_layer(root)])
        paths = [Path(p) for p in args.paths] or default_paths(root)
        progress = sys.stderr.isatty() and not args.quiet and args.output != "-"
        report = run(paths, root, settings.config, settings.weights, args.jobs or default_jobs(), progress=progress,
                     suppressions=Suppressions(settings, select=("MM",)), kind=settings.kind)
    except NoTests as exc:
        print(f"flake8-mock-misuse audit: {exc}", file=sys.stderr)
        return 3
    except (AuditError, SettingsError) as exc:
        print(f"flake8-mock-misuse audit: {exc}", file=sys.stderr)
        return 2
    min_score = settings.min_score
    report.min_score = min_score
    text = FORMATS[args.format](report)
    if args.output and args.output != "-":  # ``-o -``: standard output, as usual for command-line tools
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"flake8-mock-misuse audit: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    else:
        sys.stdout.write(text)
    return 1 if min_score is not None and report.score.score < min_score else 0


def _score(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 0 <= n <= 100:
        raise argparse.ArgumentTypeError("must be from 0 to 100")
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="flake8-mock-misuse", description="Find tests that lie.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("explain", help="print the documentation of a code")
    p.add_argument("code")
    p.set_defaults(func=_explain)
    p = sub.add_parser("codes", help="list the codes")
    p.set_defaults(func=_codes)
    p = sub.add_parser("audit", help="score a whole test suite's confidence (see docs/audit.md)",
                       description="Score a test suite: start at 100, deduct for missing smoke, fresh-start and "
                                   "end-to-end tests, mocked integration points and internal calls. Exit status: 0 "
                                   "done, 1 score below --min-score, 2 bad paths or settings, 3 nothing to audit; "
                                   "130 interrupted, 141 output closed, 143 terminated.")
    p.add_argument("paths", nargs="*", help="test files or folders (default: tests/ or test/ of this project)")
    p.add_argument("--format", choices=("text", "json", "markdown", "sarif", "html"), default="text")
    p.add_argument("--kind", choices=("auto", "application", "library"),
                   help="the project's kind: a library has no server, so the smoke and fresh-start criteria do not "
                        "apply (default: auto, from the source; see docs/audit.md)")
    p.add_argument("--min-score", type=_score, help="exit with status 1 when the score is below this")
    p.add_argument("-j", "--jobs", type=int, default=0, help="worker processes (default: the machine's cores)")
    p.add_argument("-o", "--output", help="write the report to this file instead of standard output ('-': "
                                          "standard output); a file that cannot be written is an error (exit 2)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_audit)
    from .check.command import add_parser

    add_parser(sub)
    args = parser.parse_args(argv)
    return run_command(lambda: args.func(args), "flake8-mock-misuse")


if __name__ == "__main__":
    sys.exit(main())
