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
from .config import (
    Config, DB_MODULES, DEFAULT_ALLOWED_ENV, DEFAULT_SOURCE_ROOTS, DEFAULT_TEST_FILES, HTTP_MODULES, invalid_option,
)
from .testfiles import is_test_file

_LIST_OPTIONS = {
    # option (without --mock-misuse-) -> (Config field, default, help)
    "test-files": ("test_files", DEFAULT_TEST_FILES,
                   "Globs of files to analyse; a glob ending in '/' names a folder anywhere above the file."),
    "http-modules": ("http_modules", HTTP_MODULES, "HTTP client modules whose patching is MM101."),
    "db-modules": ("db_modules", DB_MODULES, "Database modules whose patching is MM111."),
    "allowed-targets": ("allowed_targets", (), "Glob patterns of mock targets never to report."),
    "source-roots": ("source_roots", DEFAULT_SOURCE_ROOTS,
                     "Folders where the project's own modules are found (besides the file's own project)."),
    "allowed-env": ("allowed_env", DEFAULT_ALLOWED_ENV,
                    "Environment variables a conftest.py or test module may set at import time (MM406)."),
}


class Plugin:
    name = "flake8-mock-misuse"
    version = __version__
    config = Config()

    def __init__(self, tree: ast.AST, filename: str, lines: list[str] | None = None) -> None:
        self.tree = tree
        self.filename = filename
        self.lines = lines  # the source as flake8 read it (from disk or stdin): comments are not in the tree

    @classmethod
    def add_options(cls, manager: Any) -> None:
        for opt, (_field, default, help_) in _LIST_OPTIONS.items():
            manager.add_option(
                f"--mock-misuse-{opt}",
                default=",".join(default),
                parse_from_config=True,
                comma_separated_list=True,
                help=f"{help_} (default: %(default)s)",
            )
            if opt in ("http-modules", "db-modules", "allowed-targets", "test-files", "allowed-env"):
                manager.add_option(
                    f"--mock-misuse-extend-{opt}",
                    default="",
                    parse_from_config=True,
                    comma_separated_list=True,
                    help=f"Add to --mock-misuse-{opt} instead of replacing it.",
                )

        manager.add_option(
            "--mock-misuse-infer",
            default="yes",
            parse_from_config=True,
            help="Ask installed packages (read with astroid, never imported) what the project's source and the "
                 "library tables cannot tell: yes or no (default: %(default)s)",
        )

    @classmethod
    def parse_options(cls, options: Any) -> None:
        values: dict[str, Any] = {}
        for opt, (field, _default, _help) in _LIST_OPTIONS.items():
            attr = "mock_misuse_" + opt.replace("-", "_")
            items = list(getattr(options, attr, None) or ())
            items += list(getattr(options, "mock_misuse_extend_" + opt.replace("-", "_"), None) or ())
            values[field] = tuple(dict.fromkeys(i.strip() for i in items if i and i.strip()))
            problem = invalid_option(opt, values[field])
            if problem:
                # flake8's own way with a bad value: a one-line error and exit status 2, no traceback
                sys.stderr.write(f"flake8: error: argument --mock-misuse-{opt}: {problem}\n")
                raise SystemExit(2)
        infer = str(getattr(options, "mock_misuse_infer", "yes") or "yes").strip().lower()
        if infer not in ("yes", "no", "true", "false", "1", "0", "on", "off"):
            sys.stderr.write(f"flake8: error: argument --mock-misuse-infer: expected yes or no, not {infer!r}\n")
            raise SystemExit(2)
        values["infer"] = infer in ("yes", "true", "1", "on")
        cls.config = Config(**values)

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        filename = self.filename
        if not is_test_file(filename, self.config.test_files):
            return
        try:
            from .analysis import analyse  # imported on the first test file: other files cost nothing

            findings = analyse(self.tree, filename, self.config, self.lines)
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
    from .resolve.project import unreadable_modules

    for path, why in unreadable_modules():
        try:
            shown = os.path.relpath(path)
        except ValueError:  # another drive
            shown = path
        shown = path if shown.startswith("..") else shown
        sys.stderr.write(f"flake8-mock-misuse: cannot read project module {shown} ({why}); "
                         "names it defines stay unresolved\n")
