"""direction — the words of a change agree: 增加 goes with 增长, 减少 with 下降.

"增加 20.00 万元，下降 20.00%" is an error. A stated reason whose conclusion argues the
opposite direction ("减少 … 主要原因是 … 所以预算比上年增长") is a warning.

Example (fails): 事业运行 120.00 万元，比上年预算增加 20.00 万元，下降 20.00%.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budget_audit.findings import ERROR, WARNING, Problem
from budget_audit.rules.checks.narrative import claim_problem, claims
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule
from budget_audit.vocabulary import DOWN, UP

OPTIONS = (
    Option("reasons", "bool", "also judge a stated reason that argues the opposite direction (a warning)", default=True),
)
_UP_WORDS = re.compile(r"增加|增长|上升|提高|调增|增多|新增")
_DOWN_WORDS = re.compile(r"减少|下降|降低|调减|压缩|缩减|减")
_FACTORS = re.compile(r"一是|二是|其一|其二|一方面|另一方面")  # a reason that lists its factors
_CONCLUDES = re.compile(r"所以|因此|因而|故|综上|相抵|总体|总的")  # words that draw the conclusion


def _conclusion(reason: str) -> str:
    """The last clause of a reason that speaks of a direction: what the author concludes. A
    reason listing its factors (一是…减少；二是…增加) weighs them: its last factor is one of them,
    not the conclusion, unless the clause draws it (所以, 增减相抵后 …)."""
    clauses = [c for c in re.split(r"[，,；;。]", reason) if _UP_WORDS.search(c) or _DOWN_WORDS.search(c)]
    if not clauses:
        return ""
    if _FACTORS.search(reason) and not _CONCLUDES.search(clauses[-1]):
        return ""
    return clauses[-1]


def check(doc, rule: Rule) -> Iterator[Problem]:
    evaluated = 0
    for claim in claims(doc):
        change = claim.change
        if change is None or change.rate_word is None:
            continue
        evaluated += 1
        up, rate_up = change.word in UP, change.rate_word in UP
        if up != rate_up and change.word in UP + DOWN and change.rate_word in UP + DOWN:
            yield claim_problem(
                rule, ERROR, claim, f"says {change.word} {change.delta.printed} but {change.rate_word} {change.rate.printed}%: "
                "the two direction words contradict each other", None, None, line=change.rate.line,
                message_zh=f"写作{change.word} {change.delta.printed}，却又{change.rate_word} {change.rate.printed}%：两个方向词自相矛盾",
            )
            continue
        if not rule.parsed["reasons"] or not change.reason:
            continue
        if change.delta is not None and change.delta.amount == 0:
            continue
        last = _conclusion(change.reason)
        opposite = _DOWN_WORDS if up else _UP_WORDS
        same = _UP_WORDS if up else _DOWN_WORDS
        if last and opposite.search(last) and not same.search(last):
            yield claim_problem(
                rule, WARNING, claim,
                f"{change.word} {change.delta.printed}, but the stated reason concludes the opposite: 「{last}」",
                None, None, line=change.delta.line,
                message_zh=f"{change.word} {change.delta.printed}，但所述原因的结论方向相反：「{last}」",
            )
    if not evaluated:
        raise Skip("no change claim in the narrative")
