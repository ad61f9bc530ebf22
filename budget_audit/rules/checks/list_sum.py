"""list_sum — the parts of a listed total add up to it.

"政府采购预算 90.00 万元，其中：货物 50.00 万元，工程 0 万元，服务 40.00 万元";
"三公经费 9.00 万元，其中：…"; "资金分配情况：…" against the project's 预算安排规模;
"收入预算 X 万元，其中：" followed by one paragraph per source. Rounding as in every
sum: n + 1 printed figures may miss by n + 1 half-units.

A list introduced by 主要包括/主要用于 names the main parts: only parts exceeding their total
are a finding. A list continued paragraph by paragraph is compared when its section ends
with it; one whose end had to be guessed (a paragraph of another shape, or one that would
make the parts overshoot) is not compared at all.

Example (fails): 一般公共预算拨款合计 500.00 万元，其中：基本支出 300.00 万元 … 项目支出 150.00 万元 (= 450.00).
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.findings import ERROR, WARNING, Problem, fmt, judge
from budget_audit.rules.checks.narrative import claim_problem, claims, group_lead, group_members
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule


def _compositions(value, ctx) -> dict[str, list[list[str]]]:
    """``{word of the lead: [[alternative words of one part], …]}``, checked for shape."""
    parsed = {}
    for key, groups in ctx.mapping(value).items():
        if not isinstance(groups, list) or not all(isinstance(g, list) and g and all(isinstance(w, str) for w in g) for g in groups):
            ctx.fail(f"{key}: expected a list of parts, each a list of alternative words")
        parsed[str(key)] = groups
    return parsed


OPTIONS = (
    Option("warning_subjects", "regex", "totals whose lists are judged as warnings at most (价值|面积: figures of another kind)"),
    Option("compositions", "structured", "totals of known make-up: a word of the total → its parts, each a list of "
           "alternative words; a list naming anything else, or a part twice, is not compared", default={}, parse=_compositions),
)
NOT_EXHAUSTIVE = ("main",)  # lists that need not name every part



def _composed(lead, parts, compositions: dict) -> bool:
    """For a total of known make-up (``compositions``: a word of the lead → its parts, each a
    list of alternative words), whether the list names each part exactly once and nothing else."""
    for key, groups in compositions.items():
        if key not in lead.subject:
            continue
        hits = [[g for g in groups if any(w in p.subject for w in g)] for p in parts]
        if any(len(h) != 1 for h in hits):
            return False  # a part that is none of them (会议费 beside 三公), or that the words cannot place
        return sorted(map(tuple, (h[0] for h in hits))) == sorted(map(tuple, groups))
    return True


def check(doc, rule: Rule) -> Iterator[Problem]:
    evaluated = 0
    soft = rule.parsed["warning_subjects"]
    for gid in sorted({c.lead_of for c in claims(doc) if c.lead_of is not None}):
        lead = group_lead(doc, gid)
        parts = group_members(doc, gid)
        if lead is None or lead.amount is None or len(parts) < 2 or any(p.amount is None for p in parts):
            continue
        if len({p.unit for p in parts} | {lead.unit}) != 1:
            continue  # mixed units: the unit check speaks first
        if not _composed(lead, parts, rule.parsed["compositions"]):
            continue  # a total of known make-up (三公) whose list names other things, or not each part
        kind = parts[0].group_kind
        if kind == "paragraphs-cut":
            continue  # where the list ends was guessed: nothing to compare
        evaluated += 1
        verdict = judge(lead.amount, [(1, p.amount) for p in parts], rule.tolerance)
        if verdict.consistent:
            continue
        if kind in NOT_EXHAUSTIVE and verdict.difference > 0:
            continue  # "主要包括" names the main parts, not all: only parts exceeding the total are wrong
        severity = WARNING if verdict.rounding_level or (soft and soft.search(lead.subject)) else ERROR
        listed = " + ".join(f"{p.subject} {p.amount.printed}" for p in parts)
        expected = sum((p.amount.amount for p in parts), 0)
        yield claim_problem(
            rule, severity, lead,
            f"{lead.subject} {lead.amount.printed}{lead.unit}, but its parts {listed} = {fmt(expected)} ({verdict.describe()})",
            expected, lead.amount.amount, line=lead.amount.line, lines=tuple(p.line for p in parts),
            message_zh=f"{lead.subject} {lead.amount.printed}{lead.unit}，但所列分项 {listed} = {fmt(expected)}，{verdict.describe_zh()}",
        )
    if not evaluated:
        raise Skip("no listed total with parts in the narrative")
