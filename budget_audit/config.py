"""Configuration files: ``budget-audit.toml`` or ``[tool.budget-audit]`` in ``pyproject.toml``.

Found from the current directory upward (the nearest wins; in one directory
``budget-audit.toml`` before ``pyproject.toml``, and a pyproject.toml without our table is
passed over), so a repository states its options once and every run, local or CI, uses them.
The command line overrides each key; ``--config FILE`` names the file, ``--isolated`` ignores
all files. Paths in the file (``rules``, ``per-file-ignores`` patterns) are relative to it.
"""

from __future__ import annotations

import fnmatch
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from budget_audit import limits as bounds
from budget_audit.errors import UsageError

FILE_NAME = "budget-audit.toml"
SECTION = ("tool", "budget-audit")
FAIL_ON = ("error", "warning", "never")
LANGS = ("zh", "en")
KEYS = ("rules", "select", "ignore", "per-file-ignores", "fail-on", "format", "lang", "jobs", "cache-dir", "limits")
MAX_BYTES = 1 << 20  # a configuration file is a few lines; a bigger one is not read


@dataclass
class Config:
    """Options from a file; None means "not set here" so that defaults and the command line decide."""

    path: str | None = None
    root: Path = field(default_factory=Path.cwd)
    rules: list[str] | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_on: str | None = None
    format: str | None = None
    lang: str | None = None
    jobs: int | None = None  # processes for check (-j); default: every core
    cache_dir: str | None = None  # where check keeps results (budget_audit.cache); relative to this file
    limits: dict[str, int] = field(default_factory=dict)  # budget_audit.limits names → values

    def ignores_for(self, path: str) -> list[str]:
        """Rule selectors that per-file-ignores turns off for ``path``.

        A pattern is matched against the path relative to the configuration's folder (``*``
        crosses ``/``, as in fnmatch); a pattern without ``/`` also against the file name alone.
        """
        if not self.per_file_ignores:
            return []
        p = Path(path)
        try:
            rel = p.resolve().relative_to(self.root.resolve()).as_posix()
        except (ValueError, OSError):
            rel = p.as_posix()
        out: list[str] = []
        for pattern, ids in self.per_file_ignores.items():
            candidates = [rel, p.as_posix()] + ([PurePath(rel).name] if "/" not in pattern else [])
            if any(fnmatch.fnmatchcase(c, pattern) for c in candidates):
                out.extend(ids)
        return out


def find_config(start: Path) -> Path | None:
    """The nearest configuration file from ``start`` upward, or None."""
    for folder in [start, *start.parents]:
        own = folder / FILE_NAME
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _section(_read(pyproject), pyproject) is not None:
            return pyproject
    return None


def load_config(config_file: str | None = None, isolated: bool = False, cwd: Path | None = None) -> Config:
    """The configuration in force: the named file, else the discovered one, else none."""
    if isolated:
        return Config()
    if config_file is not None:
        path = Path(config_file)
        if not path.is_file():
            raise UsageError(config_file, "configuration file not found")
    else:
        path = find_config((cwd or Path.cwd()).resolve())
        if path is None:
            return Config()
    data = _read(path)
    if path.name == "pyproject.toml":
        data = _section(data, path) or {}
    return _parse(data, path)


def _read(path: Path) -> dict:
    # imported here: a run with no configuration file (the usual case) never needs a TOML parser
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10 has no tomllib; tomli is the same parser, installed only there (pyproject.toml)
        import tomli as tomllib
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise UsageError(str(path), f"configuration file larger than {MAX_BYTES >> 20} MiB: not read")
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(str(path), f"invalid TOML: {exc}") from None
    except RecursionError:
        raise UsageError(str(path), "invalid TOML: arrays or tables nested too deeply") from None
    except OSError as exc:
        raise UsageError(str(path), f"cannot read configuration ({exc.strerror or exc})") from None


def _section(data: dict, path: Path) -> dict | None:
    table = data.get(SECTION[0], {}).get(SECTION[1]) if isinstance(data.get(SECTION[0]), dict) else None
    if table is not None and not isinstance(table, dict):
        raise UsageError(str(path), "[tool.budget-audit] must be a table")
    return table


def _ids(value: object, key: str, where: str) -> list[str]:
    """A list of strings, or one comma-separated string, as on the command line."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(where, f"{key} must be a list of rule ids or prefixes")
    return [v.strip() for v in value if v.strip()]


def _choice(value: object, key: str, where: str, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise UsageError(where, f"{key} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _parse(data: dict, path: Path) -> Config:
    from budget_audit.report import FORMATS

    where = str(path)
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise UsageError(where, f"unknown key {unknown[0]!r} (known: {', '.join(KEYS)})")
    config = Config(path=where, root=path.parent)
    if "rules" in data:
        rules = data["rules"]
        rules = [rules] if isinstance(rules, str) else rules
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            raise UsageError(where, "rules must be a list of rule file paths")
        config.rules = [str(path.parent / r) for r in rules]
    if "select" in data:
        config.select = _ids(data["select"], "select", where)
    if "ignore" in data:
        config.ignore = _ids(data["ignore"], "ignore", where)
    if "per-file-ignores" in data:
        table = data["per-file-ignores"]
        if not isinstance(table, dict):
            raise UsageError(where, 'per-file-ignores must be a table of "glob" = [rule ids]')
        config.per_file_ignores = {str(k): _ids(v, f"per-file-ignores {k!r}", where) for k, v in table.items()}
    if "fail-on" in data:
        config.fail_on = _choice(data["fail-on"], "fail-on", where, FAIL_ON)
    if "format" in data:
        config.format = _choice(data["format"], "format", where, FORMATS)
    if "lang" in data:
        config.lang = _choice(data["lang"], "lang", where, LANGS)
    if "jobs" in data:
        jobs = data["jobs"]
        if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
            raise UsageError(where, f"jobs must be a positive integer, not {jobs!r}")
        config.jobs = jobs
    if "cache-dir" in data:
        if not isinstance(data["cache-dir"], str) or not data["cache-dir"].strip():
            raise UsageError(where, "cache-dir must be a folder path")
        config.cache_dir = str(path.parent / data["cache-dir"])
    if "limits" in data:
        config.limits = bounds.from_table(data["limits"], where)
    return config
