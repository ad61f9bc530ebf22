"""growth — a stated growth rate equals delta ÷ last year's amount, to the printed precision.

"增加 D 万元，增长 P%" means P = D ÷ (current − D); "减少 D 万元，下降 P%" means
P = D ÷ (current + D); when the sentence states the prior figure ("比上年预算数 A 万元减少 D 万元，
下降 P%"), P = D ÷ A. Every printed figure stands for ±half a unit of its last digit,
so the check asks whether some values inside those intervals give the stated rate;
missing by at most one unit of the rate's last digit (a truncated rate) is a warning.
A change from nothing ("增长 100%" when last year was 0) is its own warning: the rate is
undefined. When the change follows a list and its subject cannot be told, it is skipped.

Example (fails): 项目支出 230.00 万元，比上年预算增加 30.00 万元，增长 1.50% — 30.00 ÷ 200.00 = 15.00%.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budget_audit.findings import WARNING, Problem, fmt
from budget_audit.rules.checks.narrative import (
    HUNDRED,
    claim_problem,
    claims,
    current_amount,
    in_wan,
    rate_verdict,
)
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule
from budget_audit.vocabulary import DOWN, UP

OPTIONS: tuple[Option, ...] = ()



def check(doc, rule: Rule) -> Iterator[Problem]:
    evaluated = 0
    for claim in claims(doc):
        change = claim.change
        if change is None or change.delta is None or change.rate is None:
            continue
        up = change.word in UP
        if up != (change.rate_word in UP) or change.word not in UP + DOWN:
            continue  # contradictory words: the direction check reports it
        stated = current_amount(doc, claim)
        if stated is None:
            continue
        evaluated += 1
        c, hc = in_wan(stated.amount, stated.unit)
        d, hd = in_wan(change.delta, change.unit)
        p = change.rate
        if change.base is not None:
            # the sentence states the prior figure itself: the rate is measured from it
            b, hb = in_wan(change.base, change.base_unit)
            prior_lo, prior_hi = b - hb, b + hb
        elif up:
            prior_lo, prior_hi = (c - hc) - (d + hd), (c + hc) - (d - hd)
        else:
            prior_lo, prior_hi = (c - hc) + (d - hd), (c + hc) + (d + hd)
        if d - hd <= 0 and p.amount == 0:
            continue  # no change, no growth
        if prior_lo <= 0:
            if up and p.amount == 100 and prior_hi > -hc - hd:
                yield claim_problem(
                    rule, WARNING, claim,
                    f"{change.word} {change.delta.printed} from a prior year of {fmt(c - d)}: "
                    f"growth from nothing is undefined, yet stated as {p.printed}%",
                    None, p.printed, line=p.line,
                    message_zh=f"{change.word} {change.delta.printed}，而上年数为 {fmt(c - d)}：从零起的增长率无从计算，却写作 {p.printed}%",
                )
            continue
        lo = max(Decimal(0), (d - hd)) / prior_hi * HUNDRED
        hi = (d + hd) / prior_lo * HUNDRED
        severity = rate_verdict(lo, hi, p)
        if severity is None:
            continue
        if change.base is not None:
            prior = in_wan(change.base, change.base_unit)[0]
            formula = f"{fmt(d)} ÷ {fmt(prior)}"
        else:
            prior = c - d if up else c + d
            formula = f"{fmt(d)} ÷ ({fmt(c)} {'−' if up else '+'} {fmt(d)})"
        expected = (d / prior * HUNDRED).quantize(p.unit) if prior else None
        level = "rounding-level" if severity == WARNING else "beyond rounding"
        yield claim_problem(
            rule, severity, claim,
            f"{change.rate_word} {p.printed}% stated, but {formula} = {fmt(expected) if expected is not None else '?'}% ({level})",
            expected, p.amount, line=p.line,
            lines=(stated.line,),
            message_zh=f"所述{change.rate_word} {p.printed}%，但 {formula} = {fmt(expected) if expected is not None else '?'}%"
            f"（{'舍入级差异' if severity == WARNING else '超出舍入误差'}）",
        )
    if not evaluated:
        raise Skip("no change claim with its current amount")
