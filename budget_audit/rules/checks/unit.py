"""unit — amounts are compared in one unit, and a unit evidently wrong is an error.

A part of a list printed in 元 where every other part is in 万元 (and where reading it
as 万元 would make the list add up) is reported: "18.5 元" among 万元 figures.

Example (fails): 其中：货物 50.00 万元，工程 0 万元，服务 40.00 元.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budget_audit.findings import ERROR, Problem
from budget_audit.rules.checks.narrative import claim_problem, claims, group_lead, group_members
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule

OPTIONS: tuple[Option, ...] = ()



def check(doc, rule: Rule) -> Iterator[Problem]:
    evaluated = 0
    groups = {c.group for c in claims(doc) if c.group is not None}
    for gid in sorted(groups):
        members = [m for m in group_members(doc, gid) if m.amount is not None]
        lead = group_lead(doc, gid)
        everyone = members + ([lead] if lead is not None and lead.amount is not None else [])
        units = [m.unit for m in everyone]
        if len(everyone) < 3:
            continue
        evaluated += 1
        odd = [m for m in members if m.unit == "元"]
        if len(odd) != 1 or units.count("万元") < len(everyone) - 1:
            continue
        part = odd[0]
        hint = ""
        if lead is not None and lead.amount is not None:
            as_wan = sum((m.amount.amount for m in members), Decimal(0))
            if abs(as_wan - lead.amount.amount) <= Decimal("0.01") * len(everyone):
                hint = f"; read as 万元 the list adds up to {lead.subject} {lead.amount.printed}"
        yield claim_problem(
            rule, ERROR, part,
            f"{part.subject} {part.amount.printed}元 in a list of 万元 figures{hint}",
            f"{part.amount.printed}万元", f"{part.amount.printed}元", line=part.amount.line,
            message_zh=f"{part.subject} {part.amount.printed}元 出现在一组以万元计的数字中{hint}",
        )
    if not evaluated:
        raise Skip("no list of amounts")
