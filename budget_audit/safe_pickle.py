"""Unpickling that makes only budget-audit's own classes, Decimal and compiled patterns.

What the tool pickles — cache entries (budget_audit.cache), the shipped rules parsed at build
time (budget_audit.shipped) — holds nothing else; a file that asks for any other global (a
function to call, a module's object) is refused, so a tampered file cannot run code.
"""

from __future__ import annotations

import pickle
from typing import IO, Any

SAFE_GLOBALS = {("decimal", "Decimal"), ("re", "_compile")}  # what may be made besides our own classes


class OwnClassesOnly(pickle.Unpickler):
    """Makes budget-audit's classes, Decimal and compiled patterns; refuses anything else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in SAFE_GLOBALS:
            return super().find_class(module, name)
        if module == "budget_audit" or module.startswith("budget_audit."):
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed here")


def load(stream: IO[bytes]) -> Any:
    """The object pickled in ``stream``, made by ``OwnClassesOnly``."""
    return OwnClassesOnly(stream).load()
