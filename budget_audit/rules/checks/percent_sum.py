"""percent_sum — the shares of one list add up to 100%, within what rounding allows.

Only lists whose amounts make up their whole base are judged (a list of some items is
not expected to reach 100). The finding gives the sum and each share's own error, so a
share bent to force the total to 100 shows as a rounding-level difference.

Example (fails): 80.00% + 15.00% + 0.30% + 2.00% = 97.30%, not 100%.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budget_audit.findings import ERROR, WARNING, Problem, fmt
from budget_audit.rules.checks.narrative import (
    HUNDRED,
    claim_problem,
    claims,
    group_members,
    in_wan,
    share_base,
)
from budget_audit.rules.checks.share import OPTIONS as SHARE_OPTIONS
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule

OPTIONS = SHARE_OPTIONS  # the same base as the shares they sum


def check(doc, rule: Rule) -> Iterator[Problem]:
    evaluated = 0
    for gid in sorted({c.group for c in claims(doc) if c.group is not None}):
        members = group_members(doc, gid)
        if len(members) < 2 or any(m.share is None or m.amount is None for m in members):
            continue
        base = share_base(doc, members[0], rule)
        if base is None or base[0] <= 0:
            continue
        amounts = [in_wan(m.amount, m.unit) for m in members]
        total = sum((a for a, _ in amounts), Decimal(0))
        slack = sum((h for _, h in amounts), Decimal(0)) + base[1]
        if abs(total - base[0]) > slack + Decimal("0.01"):
            continue  # the list does not cover its base: its shares need not reach 100
        evaluated += 1
        stated = sum((m.share.amount for m in members), Decimal(0))
        tolerance = sum((m.share.half_unit for m in members), Decimal(0))
        unit = max(m.share.unit for m in members)
        gap = abs(stated - HUNDRED)
        if gap == 0 or gap < tolerance:
            continue
        severity = WARNING if gap <= tolerance + unit else ERROR
        own = ", ".join(
            f"{m.subject} {m.share.printed}% (computed {fmt((a / base[0] * HUNDRED).quantize(m.share.unit))}%)"
            for m, (a, _) in zip(members, amounts, strict=True)
        )
        yield claim_problem(
            rule, severity, members[0],
            f"shares sum to {fmt(stated)}%, not 100% (rounding allows ±{fmt(tolerance)}): {own}",
            HUNDRED, stated, line=members[0].share.line, lines=tuple(m.line for m in members),
            message_zh=f"各项占比合计 {fmt(stated)}%，不是 100%（舍入允许 ±{fmt(tolerance)}）：{own}",
        )
    if not evaluated:
        raise Skip("no list of shares covering its whole base")
