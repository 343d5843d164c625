"""One configuration for the flake8 plugin, ``check`` and the audit: where it is read, in which order, how it is
checked.  Precedence, highest first (docs/configuration.md says the same):

1. the command line (flake8's own options for the plugin; ``check``'s and ``audit``'s flags);
2. flake8's configuration file, as flake8 finds it: walking up from the current folder (not into the home
   folder), in each folder the first of ``setup.cfg``, ``tox.ini``, ``.flake8`` with a ``[flake8]`` section;
   ``[tool.flake8]`` of ``pyproject.toml`` in the current folder (Flake8-pyproject) takes its place when present;
3. ``[tool.flake8-mock-misuse]`` of the nearest ``pyproject.toml`` (same walk), for projects without flake8;
4. the defaults.

Each key is taken whole from the highest layer that sets it.  Every layer is validated the same way; a bad value
is a ``SettingsError`` (exit status 2 everywhere, flake8's own status for a bad option).
"""

from __future__ import annotations

import configparser
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from .config import DEFAULT_WEIGHTS, LIST_OPTIONS, Config, invalid_option

# flake8's keys that check and the audit honour (the rest of a [flake8] section is flake8's business)
_FLAKE8_KEYS = ("select", "ignore", "extend-select", "extend-ignore", "per-file-ignores", "exclude",
                "extend-exclude")
_PREFIX = "mock-misuse-"
_SCALAR_OPTIONS = ("infer", "baseline", "max-module-bytes")  # options of one value, besides the lists
_CODE = re.compile(r"^[A-Z]{1,3}[0-9]{0,3}$")  # what flake8 accepts in select and ignore
_SPLIT = re.compile(r"[,\s]+")
_TRUE = ("yes", "true", "1", "on")
_FALSE = ("no", "false", "0", "off")


class SettingsError(Exception):
    """A bad setting or a configuration file that cannot be read (exit status 2)."""

    def __init__(self, origin: str, problem: str, key: str | None = None) -> None:
        super().__init__(f"{origin}: {key}: {problem}" if key else f"{origin}: {problem}")
        self.origin, self.key, self.problem = origin, key, problem


class Layer:
    """The settings one source gives, keys spelled as in [tool.flake8-mock-misuse] (``test-files``...)."""

    __slots__ = ("origin", "values", "folder")

    def __init__(self, origin: str, values: dict[str, Any] | None = None, folder: Path | None = None) -> None:
        self.origin = origin  # shown in messages: a file name or "command line"
        self.values = values if values is not None else {}
        self.folder = folder  # relative paths in this layer (exclude, baseline) start here


class Settings(NamedTuple):
    """Everything the three ways in read (a NamedTuple, not a dataclass: flake8 imports this for every run)."""

    config: Config = Config()
    select: tuple[str, ...] | None = None  # None: the command's default (check: MM,E9)
    ignore: tuple[str, ...] | None = None  # None: flake8's default ignore list
    extend_select: tuple[str, ...] = ()
    extend_ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    baseline: str | None = None
    weights: dict[str, int] = {}
    min_score: int | None = None
    kind: str = "auto"  # the audit's project kind: auto, application or library
    read: tuple[str, ...] = ()  # the files the settings came from


# --- finding the files -------------------------------------------------------------------------------------

def _walk_up(start: Path):
    home = Path.home().resolve()
    folder = start.resolve()
    while True:
        yield folder
        if folder.parent == folder or folder.parent == home:
            return
        folder = folder.parent


def find_flake8_config(start: Path) -> Path | None:
    """The file flake8 itself reads (an unparsable candidate is skipped, as flake8 skips it)."""
    for folder in _walk_up(start):
        for name in ("setup.cfg", "tox.ini", ".flake8"):
            parser = configparser.RawConfigParser()
            try:
                parser.read(folder / name, encoding="utf-8")
            except (configparser.Error, UnicodeDecodeError):
                continue
            if parser.has_section("flake8") or parser.has_section("flake8:local-plugins"):
                return folder / name
    return None


def _toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10: the same parser, published as tomli (a dependency there only)
        import tomli as tomllib
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
        raise SettingsError(str(path), f"cannot read it: {exc}") from exc


def _tool_table(path: Path, name: str) -> dict[str, Any] | None:
    tool = _toml(path).get("tool")
    table = tool.get(name) if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise SettingsError(str(path), f"[tool.{name}] must be a table")
    return table


def flake8_layer(cwd: Path) -> Layer | None:
    """Layer 2: flake8's own configuration, with the keys this package reads."""
    pyproject = cwd / "pyproject.toml"
    if pyproject.is_file():
        table = _tool_table(pyproject, "flake8")
        if table is not None:  # Flake8-pyproject reads it in place of the ini files
            return _from_flake8_keys(table, str(pyproject), cwd.resolve())
    path = find_flake8_config(cwd)
    if path is None:
        return None
    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as exc:
        raise SettingsError(str(path), f"cannot read it: {exc}") from exc
    raw = dict(parser.items("flake8")) if parser.has_section("flake8") else {}
    return _from_flake8_keys(raw, str(path), path.parent.resolve())


def _from_flake8_keys(raw: dict[str, Any], origin: str, folder: Path) -> Layer:
    layer = Layer(origin, folder=folder)
    for key, value in raw.items():
        key = key.strip().lower().replace("_", "-")
        if key.startswith(_PREFIX):
            key = key[len(_PREFIX):]
            if key.startswith("extend-") and key[len("extend-"):] in LIST_OPTIONS:
                layer.values[key] = value
            elif key in LIST_OPTIONS or key in _SCALAR_OPTIONS:
                layer.values[key] = value
        elif key in _FLAKE8_KEYS:
            layer.values[key] = value
    return checked(layer)


def project_layer(cwd: Path) -> Layer | None:
    """Layer 3: ``[tool.flake8-mock-misuse]`` of the nearest pyproject.toml that has it."""
    for folder in _walk_up(cwd):
        path = folder / "pyproject.toml"
        try:
            with open(path, "rb") as f:
                if b"flake8-mock-misuse" not in f.read():
                    continue  # no table of ours: not worth importing a TOML parser (flake8 runs this per file)
        except OSError:
            continue
        table = _tool_table(path, "flake8-mock-misuse")
        if table is None:
            continue
        layer = Layer(str(path), folder=folder)
        for key, value in table.items():
            norm = key.strip().lower().replace("_", "-")
            if norm not in _PROJECT_KEYS:
                raise SettingsError(f"{path}: [tool.flake8-mock-misuse]", f"unknown setting {key!r}; known: "
                                    f"{', '.join(sorted(_PROJECT_KEYS))}")
            layer.values[norm] = value
        return checked(layer)
    return None


_PROJECT_KEYS = frozenset({*LIST_OPTIONS, *(f"extend-{k}" for k in LIST_OPTIONS), *_SCALAR_OPTIONS,
                           *_FLAKE8_KEYS, "min-score", "weights", "kind"})


# --- values ------------------------------------------------------------------------------------------------

def as_list(value: Any) -> tuple[str, ...]:
    """An ini string (comma or whitespace separated), a TOML string or a TOML list -> a tuple of strings."""
    if isinstance(value, str):
        items = _SPLIT.split(value)
    elif isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
    else:
        raise ValueError(f"expected a list of strings, not {value!r}")
    return tuple(dict.fromkeys(i.strip() for i in items if i and i.strip()))


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"expected yes or no, not {str(value).strip()!r}")


def parse_per_file_ignores(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """flake8's ``per-file-ignores`` (``"pattern, pattern: CODE CODE ..."``, or in TOML a table of pattern to
    codes) -> ((pattern, codes), ...)."""
    if isinstance(value, dict):
        return tuple((str(k), as_list(v)) for k, v in value.items())
    text = "\n".join(value) if isinstance(value, (list, tuple)) else str(value)
    out: list[tuple[str, tuple[str, ...]]] = []
    files: list[str] = []
    codes: list[str] = []
    after_colon = False
    for token in re.findall(r"[^\s:,]+|:", text):
        if token == ":":
            if after_colon or not files:
                raise ValueError(f"expected 'pattern: codes', got a misplaced ':' in {text.strip()!r}")
            after_colon = True
        elif after_colon and _CODE.match(token):
            codes.append(token)
        elif after_colon:  # a file after the codes: the next entry begins
            if not codes:
                raise ValueError(f"no codes after ':' in {text.strip()!r}")
            out.extend((f, tuple(codes)) for f in files)
            files, codes, after_colon = [token], [], False
        else:
            files.append(token)
    if files and not after_colon:
        raise ValueError(f"expected 'pattern: codes' in {text.strip()!r}")
    if after_colon and not codes:
        raise ValueError(f"no codes after ':' in {text.strip()!r}")
    out.extend((f, tuple(codes)) for f in files)
    return tuple(out)


def _codes(value: Any) -> tuple[str, ...]:
    items = as_list(value)
    bad = [c for c in items if not _CODE.match(c)]
    if bad:
        raise ValueError(f"not an error code or prefix: {bad[0]!r} (expected something like MM or MM101)")
    return items


def _convert(key: str, value: Any) -> Any:
    """A raw value -> its checked, typed form (ValueError with the reason when it is bad)."""
    if key in LIST_OPTIONS or key.startswith("extend-") and key[7:] in LIST_OPTIONS:
        items = as_list(value)
        problem = invalid_option(key.removeprefix("extend-"), items) if items or key in LIST_OPTIONS else None
        if problem:
            raise ValueError(problem)
        return items
    if key == "infer":
        return as_bool(value)
    if key == "max-module-bytes":
        if isinstance(value, str) and value.strip().replace("_", "").isdigit():
            value = int(value.strip().replace("_", ""))
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"expected a number of bytes (a whole number above 0), not {value!r}")
        return value
    if key in ("select", "ignore", "extend-select", "extend-ignore"):
        return _codes(value)
    if key == "per-file-ignores":
        pairs = parse_per_file_ignores(value)
        for _pattern, codes in pairs:
            _codes(list(codes))
        return pairs
    if key in ("exclude", "extend-exclude"):
        return as_list(value)
    if key == "baseline":
        if not isinstance(value, str) or not value.strip():
            raise ValueError("expected a file name")
        return value.strip()
    if key == "min-score":
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
            raise ValueError("must be a whole number from 0 to 100")
        return value
    if key == "kind":
        if value not in ("auto", "application", "library"):
            raise ValueError(f"expected auto, application or library, not {value!r}")
        return value
    if key == "weights":
        if not isinstance(value, dict):
            raise ValueError("must be a table of weights")
        for name, points in value.items():
            if name not in DEFAULT_WEIGHTS:
                raise ValueError(f"unknown weight {name!r}; known: {', '.join(DEFAULT_WEIGHTS)}")
            if not isinstance(points, int) or isinstance(points, bool) or not 0 <= points <= 100:
                raise ValueError(f"weight {name!r} must be a whole number from 0 to 100")
        return dict(value)
    return value


def checked(layer: Layer) -> Layer:
    """The layer with every value converted and validated (SettingsError on the first bad one)."""
    for key, value in list(layer.values.items()):
        try:
            layer.values[key] = _convert(key, value)
        except ValueError as exc:
            raise SettingsError(layer.origin, str(exc), key) from None
    return layer


def command_line(values: dict[str, Any]) -> Layer:
    """Layer 1 from a command's flags (keys as in [tool.flake8-mock-misuse]; None: not given)."""
    return checked(Layer("command line", {k: v for k, v in values.items() if v is not None}, Path.cwd()))


# --- merging -----------------------------------------------------------------------------------------------

def merge(layers: Sequence[Layer | None]) -> Settings:
    """Layers highest first; each key from the first layer that sets it."""
    present = [layer for layer in layers if layer is not None]

    def pick(key: str) -> tuple[Any, Layer | None]:
        for layer in present:
            if key in layer.values:
                return layer.values[key], layer
        return None, None

    config_values: dict[str, Any] = {}
    for opt, (attr, default, _help) in LIST_OPTIONS.items():
        base, _ = pick(opt)
        extra, _ = pick(f"extend-{opt}")
        if base is not None or extra:
            config_values[attr] = tuple(dict.fromkeys([*(base if base is not None else default), *(extra or ())]))
    infer, _ = pick("infer")
    if infer is not None:
        config_values["infer"] = infer
    max_bytes, _ = pick("max-module-bytes")
    if max_bytes is not None:
        config_values["max_module_bytes"] = max_bytes
    exclude, exclude_layer = pick("exclude")
    extend_exclude, extend_layer = pick("extend-exclude")
    baseline, baseline_layer = pick("baseline")
    if baseline is not None and baseline_layer is not None and baseline_layer.folder is not None:
        baseline = os.path.join(baseline_layer.folder, baseline)
    weights, _ = pick("weights")
    return Settings(
        config=Config(**config_values),
        select=pick("select")[0],
        ignore=pick("ignore")[0],
        extend_select=pick("extend-select")[0] or (),
        extend_ignore=pick("extend-ignore")[0] or (),
        per_file_ignores=pick("per-file-ignores")[0] or (),
        exclude=None if exclude is None else _paths(exclude, exclude_layer),
        extend_exclude=_paths(extend_exclude or (), extend_layer),
        baseline=baseline,
        weights=weights or {},
        min_score=pick("min-score")[0],
        kind=pick("kind")[0] or "auto",
        read=tuple(layer.origin for layer in present if layer.origin != "command line"),
    )


def _paths(patterns: tuple[str, ...], layer: Layer | None) -> tuple[str, ...]:
    """Path patterns, normalised against the folder of the file that set them (the current folder for the
    command line)."""
    parent = str(layer.folder) if layer is not None and layer.folder is not None else os.curdir
    return tuple(normalize_path(p, parent) for p in patterns)


def normalize_path(pattern: str, parent: str = os.curdir) -> str:
    """flake8's normalisation of a path pattern: one with a slash (or ``.``) is made absolute against ``parent``;
    a bare name (``*.py``, ``build``) is matched against base names and stays as it is."""
    if pattern == "." or os.sep in pattern or (os.altsep and os.altsep in pattern):
        pattern = os.path.abspath(os.path.join(parent, pattern))
    return pattern.rstrip(os.sep + (os.altsep or ""))


def load(cwd: Path, flags: dict[str, Any] | None = None) -> Settings:
    """Everything, for ``check`` and the audit."""
    return merge([command_line(flags or {}), flake8_layer(cwd), project_layer(cwd)])
