"""flake8-mock-misuse: a flake8 plugin that finds tests that lie."""

__version__ = "0.1.0"
