"""year — a claim about the current budget names the document's year.

"2022年预算数为 60.00 万元" in a 2024 budget is a template leftover. Years of the prior
year (the comparison base), years inside 《titles》 and after 截至 are accepted.

Example (fails): 机关事业单位基本养老保险缴费支出（项）：2022年预算数为60.00万元 (document year 2024).
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.findings import ERROR, Problem
from budget_audit.rules.checks.narrative import claim_problem, claims
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule

OPTIONS: tuple[Option, ...] = ()



def check(doc, rule: Rule) -> Iterator[Problem]:
    year = doc.metadata.year
    if not year:
        raise Skip("document year unknown", unread=True)
    seen = set()
    evaluated = 0
    for claim in claims(doc):
        if claim.sentence in seen:
            continue
        seen.add(claim.sentence)
        for stated in claim.budget_years:
            evaluated += 1
            if stated in (year, year - 1):
                continue
            yield claim_problem(
                rule, ERROR, claim, f"names the year {stated} for this budget, but the document is the {year} budget",
                str(year), str(stated),
                message_zh=f"本年预算写作 {stated} 年，但本文件是 {year} 年预算",
            )
    if not evaluated:
        raise Skip("no claim names a budget year")
