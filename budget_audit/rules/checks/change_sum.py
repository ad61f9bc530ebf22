"""change_sum — the changes of a total's parts add up to the total's change.

"“三公”经费比上年减少 0.50 万元，其中：因公出国（境）费减少 0.00 万元 … 公务用车运行费减少
0.60 万元 … 公务接待费增加 0.10 万元": −0.50 = −0.00 − 0.00 − 0.60 + 0.10. Increases count
positive, decreases negative; rounding as in every sum.

Example (fails): 三公经费 增加 12.00, but its parts change by 0 + 8.00 + 3.00 = 11.00.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budget_audit.findings import ERROR, WARNING, Problem, fmt, judge
from budget_audit.model import Claim, Value
from budget_audit.rules.checks.narrative import claim_problem, claims
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule
from budget_audit.vocabulary import UP

OPTIONS: tuple[Option, ...] = ()



def _signed(c: Claim) -> Value:
    v = c.change.delta
    return v if c.change.word in UP else Value(-v.amount, v.printed, v.line)


def check(doc, rule: Rule) -> Iterator[Problem]:
    evaluated = 0
    by_sentence: dict[str, list[Claim]] = {}
    for c in claims(doc):
        if c.amount is None and c.change is not None and c.change.delta is not None and not c.ambiguous:
            by_sentence.setdefault(c.sentence, []).append(c)
    for changes in by_sentence.values():
        mark = changes[0].breakdown_at
        if mark is None or len(changes) < 3:
            continue
        lead = [c for c in changes if c.offset < mark]
        parts = [c for c in changes if c.offset > mark]
        if len(lead) != 1 or len(parts) < 2:
            continue
        evaluated += 1
        total = _signed(lead[0])
        signed = [_signed(p) for p in parts]
        verdict = judge(total, [(1, v) for v in signed], rule.tolerance)
        if verdict.consistent:
            continue
        expected = sum((v.amount for v in signed), Decimal(0))
        listed = " ".join(f"{p.change.word}{p.change.delta.printed}" for p in parts)
        yield claim_problem(
            rule, WARNING if verdict.rounding_level else ERROR, lead[0],
            f"{lead[0].subject} {lead[0].change.word} {lead[0].change.delta.printed}, but its parts change by "
            f"{listed} = {fmt(expected)} ({verdict.describe()})",
            expected, total.amount, line=lead[0].change.delta.line,
            message_zh=f"{lead[0].subject} {lead[0].change.word} {lead[0].change.delta.printed}，但各分项增减之和 {listed} = "
            f"{fmt(expected)}，{verdict.describe_zh()}",
        )
    if not evaluated:
        raise Skip("no stated change broken down into its parts' changes")
