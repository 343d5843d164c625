"""Audit settings: the flake8 plugin's options (setup.cfg, tox.ini, .flake8) plus
``[tool.flake8-mock-misuse]`` in pyproject.toml for audit-only settings (weights, min-score)."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

from ..config import Config
from .collect import AuditError
from .score import DEFAULT_WEIGHTS

_LIST_KEYS = {"test-files": "test_files", "http-modules": "http_modules", "db-modules": "db_modules",
              "allowed-targets": "allowed_targets", "source-roots": "source_roots", "allowed-env": "allowed_env"}


def plugin_config(root: Path) -> Config:
    values: dict[str, tuple[str, ...]] = {}
    for name in ("setup.cfg", "tox.ini", ".flake8"):
        path = root / name
        if not path.is_file():
            continue
        parser = configparser.RawConfigParser()
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError) as exc:
            raise AuditError(f"{path}: cannot read it: {exc}") from exc
        if not parser.has_section("flake8"):
            continue
        for key, field in _LIST_KEYS.items():
            for prefix in ("mock-misuse-", "mock_misuse_"):
                raw = parser.get("flake8", prefix + key, fallback=None)
                if raw is not None:
                    values[field] = tuple(i for i in re.split(r"[,\s]+", raw) if i)
                ext = parser.get("flake8", prefix + "extend-" + key, fallback=None)
                if ext is not None:
                    base = values.get(field, getattr(Config(), field))
                    values[field] = tuple(dict.fromkeys([*base, *(i for i in re.split(r"[,\s]+", ext) if i)]))
        for prefix in ("mock-misuse-", "mock_misuse_"):
            raw = parser.get("flake8", prefix + "infer", fallback=None)
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
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        return _minimal_toml(path)
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except (tomllib.TOMLDecodeError, OSError) as exc:
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


def _minimal_toml(path: Path) -> tuple[dict[str, int], int | None]:
    """Just enough TOML for our two settings where tomllib is missing (Python 3.10)."""
    section = None
    weights: dict[str, int] = {}
    min_score = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("["):
            section = line.strip("[] ")
            continue
        m = re.match(r'^"?([\w-]+)"?\s*=\s*(\d+)$', line)
        if not m:
            continue
        if section == "tool.flake8-mock-misuse" and m[1] == "min-score":
            min_score = int(m[2])
        elif section == "tool.flake8-mock-misuse.weights":
            weights[m[1]] = int(m[2])
    return _check(weights, min_score, path)
