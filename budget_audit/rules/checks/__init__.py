"""Check kinds: one module each, with OPTIONS (its options, declared: rules/options.py) and check(doc, rule).

A check kind is found by being here: every module of this package that defines ``OPTIONS``
and ``check`` is the check kind of its name (``row_sum.py`` → ``check: row_sum``). ``check``
yields Problems (budget_audit.findings.Problem) and raises Skip when it cannot judge; the
engine stamps the problems into findings. A module may also define ``validate(rule)`` for a
constraint between options (one option needed because of another's value).
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
        if callable(getattr(module, "check", None)) and isinstance(getattr(module, "OPTIONS", None), tuple):
            found[info.name] = module
    return found


CHECKS: dict[str, ModuleType] = discover()
