"""Rule selectors (--select/--ignore, per-file-ignores): every one must match some rule.

A selector is a rule id or a prefix of ids (``SC.``, ``table.``). One that matches nothing is
almost always a typo (``sc.`` for ``SC.``) and would silently check nothing, so it is an error
that names the selector and the nearest ids.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from budget_audit.errors import UsageError
from budget_audit.rules.ruleset import Rule


def matches(rule_id: str, selector: str) -> bool:
    return rule_id == selector or rule_id.startswith(selector)


def _candidates(ids: Iterable[str]) -> list[str]:
    """Rule ids and the prefixes people select by: each id cut after every '.' or '-'."""
    out: set[str] = set()
    for rule_id in ids:
        out.add(rule_id)
        for i, ch in enumerate(rule_id):
            if ch in ".-":
                out.add(rule_id[: i + 1])
    return sorted(out)


def nearest(selector: str, ids: Sequence[str], n: int = 3) -> list[str]:
    """The closest ids or prefixes: a case-insensitive match first, then difflib's."""
    pool = _candidates(ids)
    same_case = [c for c in pool if c.lower() == selector.lower()]
    close = difflib.get_close_matches(selector, pool, n=n, cutoff=0.5)
    folded = {c.lower(): c for c in pool}
    close += [folded[c] for c in difflib.get_close_matches(selector.lower(), list(folded), n=n, cutoff=0.5)]
    out: list[str] = []
    for c in same_case + close:
        if c not in out:
            out.append(c)
    return out[:n]


def check_selectors(rules: Sequence[Rule], option: str, selectors: Iterable[str]) -> None:
    """Raise UsageError for the first selector that matches no rule."""
    ids = [r.id for r in rules]
    for selector in selectors:
        if not any(matches(rule_id, selector) for rule_id in ids):
            near = nearest(selector, ids)
            hint = f" (nearest: {', '.join(near)})" if near else ""
            raise UsageError(option, f"{selector!r} matches no rule id{hint}; `budget-audit rules` lists them")
