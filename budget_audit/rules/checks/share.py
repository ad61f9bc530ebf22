"""share — "占 P%" equals the amount ÷ its base, to the printed precision.

The base follows the list the share belongs to: the lead amount ("收入预算 X 万元，其中：
… 占 P%"); for the class-structure list (一般公共服务支出（类）… 占 P%) the table figure
named by ``structure_base``; otherwise the list's own sum when it lists every part.
Shares without a determinable base are not judged.

Example (fails): 卫生健康支出（类）30.00 万元，占 0.30% — 30.00 ÷ 1000.00 = 3.00%.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budget_audit.findings import WARNING, Problem, fmt
from budget_audit.rules.checks.narrative import (
    HUNDRED,
    claim_problem,
    claims,
    in_wan,
    rate_verdict,
    share_base,
)
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule

OPTIONS = (
    Option("structure_base", "ref", "the base of the class-structure list's shares (一般公共预算支出表[合计|总计].合计)"),
)


def check(doc, rule: Rule) -> Iterator[Problem]:
    evaluated = 0
    for claim in claims(doc):
        if claim.share is None or claim.amount is None:
            continue
        base = share_base(doc, claim, rule)
        if base is None or base[0] - base[1] <= 0:
            continue
        evaluated += 1
        b, hb, label, base_lines, includes_self = base
        a, ha = in_wan(claim.amount, claim.unit)
        if includes_self:  # a ÷ (a + the others): the amount moves numerator and base together
            rest, hr = b - a, hb - ha
            lo = max(a - ha, 0) / (max(a - ha, 0) + rest + hr) * HUNDRED if (a - ha) + rest + hr > 0 else Decimal(0)
            hi = (a + ha) / ((a + ha) + max(rest - hr, 0)) * HUNDRED
        else:
            lo = max(a - ha, 0) / (b + hb) * HUNDRED
            hi = (a + ha) / (b - hb) * HUNDRED
        p = claim.share
        severity = rate_verdict(lo, hi, p)
        if severity is None:
            continue
        expected = (a / b * HUNDRED).quantize(p.unit)
        level = "rounding-level" if severity == WARNING else "beyond rounding"
        yield claim_problem(
            rule, severity, claim,
            f"占 {p.printed}% stated, but {fmt(a)} ÷ {label} = {fmt(expected)}% ({level})",
            expected, p.amount, line=p.line, lines=base_lines,
            message_zh=f"所述占 {p.printed}%，但 {fmt(a)} ÷ {label} = {fmt(expected)}%（{'舍入级差异' if severity == WARNING else '超出舍入误差'}）",
        )
    if not evaluated:
        raise Skip("no share with a known base")
