# logic: ../../plugin.py (Plugin.run), ../../audit/scan.py (scan)
# fixtures: ../test_robustness.py (test_a_failing_analysis_is_contained)
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
None. Two environment variables help when working on the plugin itself: `MM_DEBUG=1`
lets a failure raise with its traceback instead of becoming this finding, and
`MM_DEBUG_FAIL=1` makes the analysis of every test file fail on purpose, to see (and
test) how a failure is contained.

## Known problems
None known.
- Where the finding sits: on line 1, column 1 of the file that could not be analysed; `# noqa:
  MM901` on line 1 silences it.
"""

from __future__ import annotations

CODE = "MM901"
SUMMARY = "flake8-mock-misuse could not analyse this file"


def message(exc: BaseException) -> str:
    """The finding's text (code first, as flake8 wants it) for a failure the adapters contained."""
    return (f"{CODE} flake8-mock-misuse failed on this file ({type(exc).__name__}); "
            "please report it with the file")
