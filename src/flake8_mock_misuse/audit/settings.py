"""Audit settings: the flake8 plugin's options (setup.cfg, tox.ini, .flake8) plus
``[tool.flake8-mock-misuse]`` in pyproject.toml for audit-only settings (weights, min-score)."""

from __future__ import annotations

import configparser
import re
import sys
from pathlib import Path

from ..config import Config, invalid_option
from .collect import AuditError
from .score import DEFAULT_WEIGHTS

_LIST_KEYS = {"test-files": "test_files", "http-modules": "http_modules", "db-modules": "db_modules",
              "allowed-targets": "allowed_targets", "source-roots": "source_roots", "allowed-env": "allowed_env"}


def find_flake8_config(start: Path) -> Path | None:
    """The file flake8 itself reads: from ``start`` up to (not into) the home folder, in each folder the first of
    ``setup.cfg``, ``tox.ini``, ``.flake8`` that has a ``[flake8]`` section (an unparsable one is skipped)."""
    home = Path.home().resolve()
    folder = start.resolve()
    while True:
        for name in ("setup.cfg", "tox.ini", ".flake8"):
            path = folder / name
            parser = configparser.RawConfigParser()
            try:
                parser.read(path, encoding="utf-8")
            except (configparser.Error, UnicodeDecodeError):
                continue
            if parser.has_section("flake8") or parser.has_section("flake8:local-plugins"):
                return path
        if folder.parent == folder or folder.parent == home:
            return None
        folder = folder.parent


def plugin_config(root: Path) -> Config:
    """The plugin's options as flake8 would give them for a run from ``root``: the one configuration file
    flake8 reads (see ``find_flake8_config``), dashes or underscores, validated as the plugin validates them
    (a bad value is an ``AuditError``: exit 2, as flake8 exits 2)."""
    values: dict[str, object] = {}
    path = find_flake8_config(root)
    if path is None:
        return Config()
    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as exc:
        raise AuditError(f"{path}: cannot read it: {exc}") from exc
    for key, field in _LIST_KEYS.items():
        for prefix in ("mock-misuse-", "mock_misuse_"):
            for spelled in (prefix + key, prefix + key.replace("-", "_")):
                raw = parser.get("flake8", spelled, fallback=None)
                if raw is not None:
                    values[field] = tuple(i for i in re.split(r"[,\s]+", raw) if i)
        for prefix in ("mock-misuse-extend-", "mock_misuse_extend_"):
            for spelled in (prefix + key, prefix + key.replace("-", "_")):
                ext = parser.get("flake8", spelled, fallback=None)
                if ext is not None:
                    base = values.get(field, getattr(Config(), field))
                    values[field] = tuple(dict.fromkeys([*base, *(i for i in re.split(r"[,\s]+", ext) if i)]))
        problem = invalid_option(key, values[field]) if field in values else None  # type: ignore[arg-type]
        if problem:
            raise AuditError(f"{path}: mock-misuse-{key}: {problem}")
    for spelled in ("mock-misuse-infer", "mock_misuse_infer"):
        raw = parser.get("flake8", spelled, fallback=None)
        if raw is not None:
            word = raw.strip().lower()
            if word not in ("yes", "no", "true", "false", "1", "0", "on", "off"):
                raise AuditError(f"{path}: mock-misuse-infer must be yes or no, not {raw.strip()!r}")
            values["infer"] = word in ("yes", "true", "1", "on")
    return Config(**values)  # type: ignore[arg-type]


def audit_settings(root: Path) -> tuple[dict[str, int], int | None]:
    """(weights, min_score) from ``[tool.flake8-mock-misuse]`` of pyproject.toml."""
    path = root / "pyproject.toml"
    if not path.is_file():
        return {}, None
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: the same parser, published as tomli (a dependency there only)
        import tomli as tomllib
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
        raise AuditError(f"{path}: {exc}") from exc
    table = data.get("tool", {}).get("flake8-mock-misuse", {})
    return _check(table.get("weights", {}), table.get("min-score"), path)


def _check(weights: dict, min_score: object, path: Path) -> tuple[dict[str, int], int | None]:
    out: dict[str, int] = {}
    for key, value in weights.items():
        if key not in DEFAULT_WEIGHTS:
            raise AuditError(f"{path}: unknown weight {key!r}; known: {', '.join(DEFAULT_WEIGHTS)}")
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
            raise AuditError(f"{path}: weight {key!r} must be a whole number from 0 to 100")
        out[key] = value
    if min_score is not None and (not isinstance(min_score, int) or not 0 <= min_score <= 100):
        raise AuditError(f"{path}: min-score must be a whole number from 0 to 100")
    return out, min_score  # type: ignore[return-value]
