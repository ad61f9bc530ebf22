"""The shipped rule set and catalogues, parsed when the package is built.

Every check starts from the shipped rules (a few YAML files), the table templates and the subject
catalogue: PyYAML's import, the parse, and the checks a user's rule file gets against hostile
YAML — about 45 ms, paid by every process, most of a short PDF's check after the interpreter
itself. The build (``hatch_build.py``) parses them once and keeps the result in the package
(``_shipped.pickle``), which a check loads in a few milliseconds. It belongs to the installed
package as its compiled bytecode does, so ``--no-cache`` — which reads nothing from the user's
cache folder — uses it as well.

It is used only if made from exactly the files now in place: the digest of every Python and YAML
file of the package and of the shipped rule files is kept in it and compared, so a checkout whose
code or rules changed since its install reads the YAML (and says so in nothing but time). It is
unpickled by ``safe_pickle``, which makes nothing but the tool's own classes.
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from budget_audit import safe_pickle
from budget_audit.package_files import PACKAGE, package_files

if TYPE_CHECKING:
    from budget_audit import subjects
    from budget_audit.parse import catalogue
    from budget_audit.rules.ruleset import RuleSet

FROZEN = PACKAGE / "_shipped.pickle"
MAGIC = b"budget-audit shipped rules 1\n"


@dataclass
class Shipped:
    """The shipped rule set, template catalogue and subject catalogue, as their YAML reads."""

    rules: RuleSet
    templates: catalogue.Catalogue
    subjects: subjects.Catalogue


def digest(rule_files: list[str]) -> str:
    """What the parsed form depends on: the Python version, and the name and content of every
    Python and YAML file of the package (the installed copy of the rules aside) and of each of
    ``rule_files``. The same in a source checkout and in an install of it."""
    crc = zlib.crc32(f"{sys.implementation.cache_tag}\0".encode())
    for name, path in package_files((".py", ".yaml"), skip=("default_rules",)):
        crc = zlib.crc32(f"{name}\0".encode(), crc)
        with open(path, "rb") as f:
            crc = zlib.crc32(f.read(), crc)
    for path in rule_files:
        crc = zlib.crc32(f"rules/{os.path.basename(path)}\0".encode(), crc)
        with open(path, "rb") as f:
            crc = zlib.crc32(f.read(), crc)
    return f"{crc:08x}"


def freeze(target: Path = FROZEN) -> None:
    """Parse the shipped files and keep the result in ``target`` (written whole or not at all).
    The rules' file names are kept without their folder, which the install moves."""
    from budget_audit import subjects
    from budget_audit.parse import catalogue
    from budget_audit.rules.engine import default_rule_files, load_rules

    files = default_rule_files()
    shipped = Shipped(load_rules(None), catalogue.read_shipped(), subjects.read_catalogue())
    _move_rules(shipped.rules, "")
    partial = target.with_suffix(".partial")
    with open(partial, "wb") as f:
        f.write(MAGIC + digest(files).encode() + b"\n")
        pickle.dump(shipped, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, target)


def thaw(rule_files: list[str], frozen: Path | None = None) -> Shipped | None:
    """The parsed shipped files (from ``frozen``, by default the package's), or None: not built,
    made from other files than ``rule_files`` and the package's (an edited checkout), or
    unreadable."""
    try:
        with open(frozen or FROZEN, "rb") as f:
            if f.readline() != MAGIC or f.readline() != digest(rule_files).encode() + b"\n":
                return None
            shipped = safe_pickle.load(f)
    except Exception:  # missing, truncated, or not ours: read the YAML
        return None
    if not isinstance(shipped, Shipped) or not rule_files:
        return None
    _move_rules(shipped.rules, os.path.dirname(rule_files[0]))
    from budget_audit.parse.catalogue import TEMPLATES

    shipped.templates.sources = tuple(str(TEMPLATES / os.path.basename(p)) for p in shipped.templates.sources)
    return shipped


def _move_rules(ruleset: RuleSet, folder: str) -> None:
    """Put the rules' source files in ``folder`` ("": their bare names)."""
    def moved(path: str) -> str:
        name = os.path.basename(path)
        return os.path.join(folder, name) if folder else name

    ruleset.sources = [moved(p) for p in ruleset.sources]
    for rule in ruleset.rules:
        if rule.source:
            rule.source = moved(rule.source)
