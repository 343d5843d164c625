"""The ``check`` command line: options as flake8 spells them, settings from settings.py, exit 0/1/2 like flake8."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ..config import LIST_OPTIONS


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "check", help="lint test files without flake8 in the loop (same output as flake8 --select=MM,E9)",
        description="Report the plugin's findings on test files as `flake8 --select=MM,E9` would, for projects "
                    "that do not run flake8. Settings come from the command line, then flake8's configuration "
                    "file, then [tool.flake8-mock-misuse] in pyproject.toml (see docs/configuration.md). Exit "
                    "status: 0 nothing reported, 1 findings reported, 2 bad options, paths or settings.")
    p.add_argument("paths", nargs="*", help="files or folders (default: the current folder); '-' reads stdin")
    for name, what in (("select", "codes or prefixes to report (default: MM,E9)"),
                       ("ignore", "codes or prefixes not to report"),
                       ("extend-select", "add to --select"), ("extend-ignore", "add to --ignore"),
                       ("exclude", "file or folder patterns to skip (default: flake8's)"),
                       ("extend-exclude", "add to --exclude")):
        p.add_argument(f"--{name}", metavar="LIST", help=what)
    p.add_argument("--per-file-ignores", metavar="MAPPING", help="'pattern: CODES' pairs, as in flake8")
    p.add_argument("--stdin-display-name", default="stdin", help="the name of the file read from '-'")
    p.add_argument("-j", "--jobs", default="auto", help="worker processes ('auto': one per core)")
    p.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text",
                   help="text is flake8's default format")
    p.add_argument("--output-file", help="write the report to this file instead of standard output")
    p.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings are reported")
    p.add_argument("--isolated", action="store_true",
                   help="read no flake8 configuration file, as flake8 --isolated ([tool.flake8-mock-misuse] is "
                        "still read, as the plugin inside flake8 reads it)")
    p.add_argument("--baseline", metavar="FILE", help="report only findings this baseline does not record")
    p.add_argument("--write-baseline", metavar="FILE",
                   help="record today's findings in FILE (keyed by file, test and code) and report nothing")
    for opt, (_field, default, help_) in LIST_OPTIONS.items():
        p.add_argument(f"--mock-misuse-{opt}", metavar="LIST", help=f"{help_} (default: {','.join(default)})")
        p.add_argument(f"--mock-misuse-extend-{opt}", metavar="LIST", help=f"add to --mock-misuse-{opt}")
    p.add_argument("--mock-misuse-infer", metavar="YES|NO", help="the astroid tier (default: yes)")
    p.add_argument("--mock-misuse-max-module-bytes", metavar="N",
                   help="project and support modules larger than this are not read (default: 1000000)")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from ..baseline import BaselineError, load, write
    from ..settings import Layer, SettingsError, checked, merge, project_layer, flake8_layer
    from ..suppress import Suppressions
    from .files import FLAKE8_EXCLUDE, discover
    from .formats import FORMATS
    from .run import check, default_jobs, tell

    flags: dict[str, Any] = {key: getattr(args, key.replace("-", "_")) for key in
                             ("select", "ignore", "extend-select", "extend-ignore", "per-file-ignores", "exclude",
                              "extend-exclude", "baseline")}
    for opt in LIST_OPTIONS:
        flags[opt] = getattr(args, "mock_misuse_" + opt.replace("-", "_"))
        flags[f"extend-{opt}"] = getattr(args, "mock_misuse_extend_" + opt.replace("-", "_"))
    flags["infer"] = args.mock_misuse_infer
    flags["max-module-bytes"] = args.mock_misuse_max_module_bytes
    cwd = Path.cwd()
    try:
        layers: list[Layer | None] = [checked(Layer("command line", {k: v for k, v in flags.items() if v is not None},
                                                    cwd))]
        layers += [None if args.isolated else flake8_layer(cwd), project_layer(cwd)]
        settings = merge(layers)
        jobs = default_jobs() if args.jobs == "auto" else int(args.jobs)
        if jobs < 1:
            raise ValueError
    except SettingsError as exc:
        tell(str(exc))
        return 2
    except ValueError:
        tell(f"--jobs: expected a whole number of at least 1 or 'auto', not {args.jobs!r}")
        return 2
    missing = [p for p in args.paths if p != "-" and not os.path.exists(p)]
    if missing:  # flake8 reports E902 and goes on; a path that does not exist is a mistake in the command
        tell(f"{missing[0]}: no such file or folder")
        return 2
    baseline = None
    if settings.baseline and not args.write_baseline:
        try:
            baseline = load(settings.baseline)
        except BaselineError as exc:
            tell(str(exc))
            return 2
    exclude = (settings.exclude if settings.exclude is not None else FLAKE8_EXCLUDE) + settings.extend_exclude
    files = list(discover(args.paths, exclude, settings.config.test_files, args.stdin_display_name))
    outcome = check(files, settings.config, Suppressions(settings), jobs, baseline, args.stdin_display_name)
    for path, why in outcome.skipped:
        tell(f"{path}: skipped ({why})")
    if args.write_baseline:
        entries = [(r.path, owner, r.code) for r, owner in zip(outcome.results, outcome.owners)
                   if not r.suppressed]
        try:
            n = write(args.write_baseline, entries)
        except BaselineError as exc:
            tell(str(exc))
            return 2
        tell(f"recorded {n} finding(s) in {args.write_baseline}; `check --baseline {args.write_baseline}` "
             "reports only new ones")
        return 0
    report = FORMATS[args.format](outcome)
    if args.output_file:
        try:
            Path(args.output_file).write_text(report, encoding="utf-8")
        except OSError as exc:
            tell(f"cannot write {args.output_file}: {exc.strerror or exc}")
            return 2
    else:
        sys.stdout.write(report)
    if baseline is not None:
        tell(f"{outcome.known} known finding(s) recorded in {settings.baseline} not shown"
             + (f"; {outcome.fixed} recorded one(s) are gone (rewrite it with --write-baseline)"
                if outcome.fixed else ""))
    reported = sum(1 for r in outcome.results if not r.suppressed)
    return 1 if reported and not args.exit_zero else 0
