"""The suite audit: a confidence score for a whole test suite, on the same analysis as the flake8 rules.

``collect`` finds the test files, ``scan`` analyses one file (findings plus the suite facts:
tests, smoke, fresh-start and end-to-end tests), ``score`` turns the facts into deductions,
``formats`` writes text, JSON, Markdown or SARIF.
"""
