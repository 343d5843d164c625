"""
## What it does
Reports that flake8-mock-misuse failed on this file. The failure is contained: the file
gets this one finding, and flake8 goes on with every other file and plugin.

## Why is this bad?
It is a bug in flake8-mock-misuse, not in your code. Findings for this file may be missing.

## Example
```
tests/test_x.py:1:1: MM901 flake8-mock-misuse failed on this file (RecursionError); please report it with the file
```

## Use instead
Please open an issue with the file (or a reduced copy) and the exception name. Until it is
fixed, `per-file-ignores = tests/test_x.py:MM901` silences it.

## Options
None.

## Known problems
None known.
"""

from __future__ import annotations

CODE = "MM901"
SUMMARY = "flake8-mock-misuse could not analyse this file"


def message(exc: BaseException) -> str:
    """The finding's text (code first, as flake8 wants it) for a failure the adapters contained."""
    return (f"{CODE} flake8-mock-misuse failed on this file ({type(exc).__name__}); "
            "please report it with the file")
