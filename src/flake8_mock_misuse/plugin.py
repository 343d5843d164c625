"""The flake8 adapter: options in, ``(line, col, message)`` out.  Nothing here knows a rule.

Editors run ``flake8 FILE`` at every keystroke: importing this module loads only the options and the
test-file patterns; the analysis is imported on the first test file (see ``Plugin.run``).
"""

from __future__ import annotations

import ast
import os
import sys
from collections.abc import Iterator
from typing import Any

from . import __version__
from .config import LIST_OPTIONS, Config
from .testfiles import is_test_file


class Plugin:
    name = "flake8-mock-misuse"
    version = __version__
    config = Config()
    baseline: str | None = None  # a baseline file (see baseline.py): findings it records are not reported

    def __init__(self, tree: ast.AST, filename: str, lines: list[str] | None = None) -> None:
        self.tree = tree
        self.filename = filename
        self.lines = lines  # the source as flake8 read it (from disk or stdin): comments are not in the tree

    @classmethod
    def add_options(cls, manager: Any) -> None:
        # Defaults are None, so that an option flake8 was not given falls through to [tool.flake8-mock-misuse]
        # of pyproject.toml and then to the default (settings.py: one precedence for every way in).
        for opt, (_field, default, help_) in LIST_OPTIONS.items():
            manager.add_option(
                f"--mock-misuse-{opt}",
                default=None,
                parse_from_config=True,
                comma_separated_list=True,
                help=f"{help_} (default: {','.join(default)})",
            )
            manager.add_option(
                f"--mock-misuse-extend-{opt}",
                default=None,
                parse_from_config=True,
                comma_separated_list=True,
                help=f"Add to --mock-misuse-{opt} instead of replacing it.",
            )
        manager.add_option(
            "--mock-misuse-infer",
            default=None,
            parse_from_config=True,
            help="Ask installed packages (read with astroid, never imported) what the project's source and the "
                 "library tables cannot tell: yes or no (default: yes)",
        )
        manager.add_option(
            "--mock-misuse-max-module-bytes",
            default=None,
            parse_from_config=True,
            help="Project and support modules (conftest.py, helpers) larger than this many bytes are not read; "
                 "what the test file shows still resolves (default: 1000000)",
        )
        manager.add_option(
            "--mock-misuse-baseline",
            default=None,
            parse_from_config=True,
            help="A baseline file written by `flake8-mock-misuse check --write-baseline`: the findings it records "
                 "are not reported, new ones are.",
        )

    @classmethod
    def parse_options(cls, options: Any) -> None:
        from pathlib import Path

        from .settings import Layer, SettingsError, checked, merge, project_layer

        given: dict[str, Any] = {}
        for opt in LIST_OPTIONS:
            for key in (opt, f"extend-{opt}"):
                value = getattr(options, "mock_misuse_" + key.replace("-", "_"), None)
                if value is not None:
                    given[key] = list(value)
        for key in ("infer", "baseline", "max-module-bytes"):
            value = getattr(options, "mock_misuse_" + key.replace("-", "_"), None)
            if value is not None:
                given[key] = value
        try:
            settings = merge([checked(Layer("flake8", given, Path.cwd())), project_layer(Path.cwd())])
        except SettingsError as exc:
            # flake8's own way with a bad value: a one-line error and exit status 2, no traceback
            where = f"argument --mock-misuse-{exc.key}" if exc.origin == "flake8" else exc.origin
            problem = exc.problem if exc.origin == "flake8" or exc.key is None else f"{exc.key}: {exc.problem}"
            sys.stderr.write(f"flake8: error: {where}: {problem}\n")
            raise SystemExit(2) from None
        cls.config = settings.config
        cls.baseline = settings.baseline
        if settings.baseline:
            from .baseline import BaselineError, load

            try:
                load(settings.baseline)
            except BaselineError as exc:
                sys.stderr.write(f"flake8: error: argument --mock-misuse-baseline: {exc}\n")
                raise SystemExit(2) from None

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        filename = self.filename
        if not is_test_file(filename, self.config.test_files):
            return
        try:
            from .analysis import analyse  # imported on the first test file: other files cost nothing

            findings = analyse(self.tree, filename, self.config, self.lines)
            if self.baseline and findings:
                from .baseline import load

                known = load(self.baseline).known(filename, self.tree, [(f.line, f.col, f.code) for f in findings])
                findings = [f for f in findings if (f.line, f.col, f.code) not in known]
        except Exception as exc:  # contain every failure: a raising plugin aborts the user's whole run
            if os.environ.get("MM_DEBUG"):
                raise
            from .rules.internal.mm901_internal_error import message

            yield 1, 0, message(exc), type(self)
            return
        for f in findings:
            yield f.line, f.col, f.text, type(self)
        _tell_unreadable()


def _tell_unreadable() -> None:
    """Say once, on stderr, which project module could not be read (newer syntax than this Python, a
    template): the verdicts that depended on it are missing, not clean."""
    from .resolve.source import unreadable_modules

    for path, why in unreadable_modules():
        try:
            shown = os.path.relpath(path)
        except ValueError:  # another drive
            shown = path
        shown = path if shown.startswith("..") else shown
        sys.stderr.write(f"flake8-mock-misuse: cannot read project module {shown} ({why}); "
                         "names it defines stay unresolved\n")
