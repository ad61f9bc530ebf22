"""claim_bound — one stated amount may not exceed another stated in the same part of the text.

"面向中小企业预留政府采购项目预算金额" is at most the 政府采购预算; the share reserved for
小微企业 is at most the one for 中小企业. Each pair names the smaller and the larger by
regular expressions on the claims' subjects; the larger is the latest stated before the
smaller in the same section. Rounding is allowed for, as in every comparison.

Example (fails): 政府采购预算 90.00 万元 … 面向中小企业预留政府采购项目预算金额 95.00 万元.
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.findings import ERROR, Problem
from budget_audit.rules.checks.narrative import claim_problem, claims, in_wan
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule


def _pairs(value, ctx) -> list[tuple]:
    """Each ``{smaller: regex, larger: regex}`` as two compiled patterns."""
    pairs = []
    for pair in ctx.items(value):
        if not isinstance(pair, dict) or set(pair) != {"smaller", "larger"}:
            ctx.fail("each pair needs smaller and larger (and nothing else)")
        pairs.append((ctx.regex(pair["smaller"]), ctx.regex(pair["larger"])))
    return pairs


OPTIONS = (
    Option("pairs", "structured", "a list of {smaller, larger}: regular expressions on the subjects of the "
           "amount that may not exceed the other", required=True, parse=_pairs),
)


def check(doc, rule: Rule) -> Iterator[Problem]:
    evaluated = 0
    stated = [c for c in claims(doc) if c.amount is not None and c.subject]
    for smaller_re, larger_re in rule.parsed["pairs"]:
        latest: dict = {}  # section -> the latest larger stated so far: one pass, however long the text
        for claim in stated:
            if not smaller_re.search(claim.subject):
                if larger_re.search(claim.subject):
                    latest[claim.section] = claim
                continue
            small, large = claim, latest.get(claim.section)
            if large is None:
                continue
            evaluated += 1
            a, ha = in_wan(small.amount, small.unit)
            b, hb = in_wan(large.amount, large.unit)
            if a - b < ha + hb or a <= b:
                continue
            yield claim_problem(
                rule, ERROR, small,
                f"{small.subject} {small.amount.printed}{small.unit} exceeds {large.subject} {large.amount.printed}{large.unit}",
                b, a, line=small.amount.line, lines=(large.line,),
                message_zh=f"{small.subject} {small.amount.printed}{small.unit} 超过了 {large.subject} {large.amount.printed}{large.unit}",
            )
    if not evaluated:
        raise Skip("no pair of amounts to compare")


