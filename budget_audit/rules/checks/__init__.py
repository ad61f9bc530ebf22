"""Check kinds: one module each, with KEYS, validate(rule, aliases) and check(doc, rule).

A check kind is found by being here: every module of this package that defines ``KEYS``,
``validate`` and ``check`` is the check kind of its name (``row_sum.py`` → ``check: row_sum``).
Adding a check kind is writing one module (and a case file in tests/cases); nothing to register.
Helper modules (common, narrative, hierarchy, …) define no ``check`` and are passed over.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def discover(paths: list[str] | None = None, package: str = __name__) -> dict[str, ModuleType]:
    """The check kinds in ``paths`` (default: this package's folder), by module name."""
    found: dict[str, ModuleType] = {}
    for info in sorted(pkgutil.iter_modules(paths if paths is not None else __path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package}.{info.name}")
        if all(callable(getattr(module, name, None)) for name in ("validate", "check")) and hasattr(module, "KEYS"):
            found[info.name] = module
    return found


CHECKS: dict[str, ModuleType] = discover()
