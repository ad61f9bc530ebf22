"""What the narrative check kinds share: finding a claim's current amount and base,
ranges of ratios under rounding, and findings that quote the sentence."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from budget_audit.findings import ERROR, WARNING, Problem, Verdict, fmt, judge, judge_copies
from budget_audit.model import Claim, Document, Value
from budget_audit.rules.refs import Skip, resolve
from budget_audit.rules.ruleset import Rule

TEN_THOUSAND = Decimal(10000)
HUNDRED = Decimal(100)


def in_wan(value: Value, unit: str | None) -> tuple[Decimal, Decimal]:
    """Amount and rounding radius in 万元 (the conversion is ``Value.in_wan``'s)."""
    converted = value.in_wan(unit)
    return converted.amount, converted.half_unit


def judge_restated(stated: Value, stated_unit: str | None, figure: Value, figure_unit: str | None,
                   tolerance: Decimal | None = None) -> Verdict:
    """The prose's restatement of a table figure against that figure (both as printed, each in its
    unit; the difference in 万元).

    Printed in the same unit to the same decimals it is a copy of the table's figure, from the same
    database: rounding cannot make them differ (docs/design.md §4, ``judge_copies``). Printed
    otherwise (fewer decimals, another unit) it is a rounding of it, judged with both rounding
    intervals."""
    said, table = stated.in_wan(stated_unit), figure.in_wan(figure_unit)
    if stated_unit is not None and stated_unit == figure_unit and stated.decimals == figure.decimals:
        return judge_copies(said, table, tolerance)
    return judge(said, [(1, table)], tolerance)


def finer_than(stated: Value, stated_unit: str | None, figure: Value, figure_unit: str | None) -> bool:
    """Whether the prose prints a table figure with more decimals than the table, in the same unit, and
    so a figure the published table does not show (12.346 where the table prints 12.35): a figure that
    rounds to the table's, not equal to it."""
    if stated_unit is None or stated_unit != figure_unit or stated.decimals <= figure.decimals:
        return False
    exponent = Decimal(1).scaleb(-figure.decimals)
    return stated.amount != figure.amount and stated.amount.quantize(exponent, rounding=ROUND_HALF_UP) == figure.amount


def claims(doc: Document) -> list[Claim]:
    if not doc.claims:
        raise Skip("no quantitative claim in the narrative")
    return doc.claims


def current_amount(doc: Document, claim: Claim) -> Claim | None:
    """The claim stating the amount a change is about: itself, or the same subject stated earlier in its section."""
    if claim.amount is not None:
        return claim
    if claim.ambiguous or not claim.subject:
        return None
    for earlier in _before(doc, claim):
        if earlier.section != claim.section:
            break
        if earlier.amount is not None and earlier.subject and (
            earlier.subject == claim.subject or earlier.subject.endswith(claim.subject) or claim.subject.endswith(earlier.subject)
        ):
            return earlier
    return None


@dataclass
class _ClaimIndex:
    """Where each claim stands and which claims make each group, for one document's claims.

    Built once per document: scanning every claim for each claim made the narrative checks
    quadratic in the length of the narrative (minutes on a long document)."""

    claims: list[Claim]
    size: int
    # each claim's first place, looked up by its id in sorted arrays (a dict of ids came to a
    # hundred bytes a claim, kept while a long document is checked)
    ids: array  # array("Q"), sorted
    places: array  # array("I"): places[k] is where the claim whose id is ids[k] first stands
    members: dict[int, list[Claim]] = field(default_factory=dict)
    leads: dict[int, Claim] = field(default_factory=dict)

    def position(self, claim: Claim) -> int | None:
        k = bisect_left(self.ids, id(claim))
        return self.places[k] if k < len(self.ids) and self.ids[k] == id(claim) else None


_last_index: _ClaimIndex | None = None  # one document is checked at a time


def _claim_index(doc: Document) -> _ClaimIndex:
    global _last_index
    index = _last_index
    if index is None or index.claims is not doc.claims or index.size != len(doc.claims):
        claims = doc.claims
        order = sorted(range(len(claims)), key=lambda at: (id(claims[at]), at))  # a claim listed twice: its first place
        index = _ClaimIndex(claims, len(claims), array("Q", (id(claims[at]) for at in order)), array("I", order))
        for c in claims:
            if c.group is not None:
                index.members.setdefault(c.group, []).append(c)
            if c.lead_of is not None:
                index.leads.setdefault(c.lead_of, c)
        _last_index = index
    return index


def _before(doc: Document, claim: Claim):
    """The claims stated before ``claim``, nearest first."""
    at = _claim_index(doc).position(claim)
    if at is None:  # not one of the document's own objects: find it by value
        at = doc.claims.index(claim)
    return (doc.claims[i] for i in range(at - 1, -1, -1))


def group_members(doc: Document, gid: int) -> list[Claim]:
    return list(_claim_index(doc).members.get(gid, ()))


def group_lead(doc: Document, gid: int) -> Claim | None:
    return _claim_index(doc).leads.get(gid)


def share_base(doc: Document, claim: Claim, rule: Rule) -> tuple[Decimal, Decimal, str, tuple[int, ...], bool] | None:
    """The base a share is of: the list's lead amount; for a class-structure list, the table
    figure named by the rule's ``structure_base``; else the sum of the list when it is whole.
    The last item says whether the base is the list's own sum (so the share's amount is part of it)."""
    if claim.share_of:
        named = _named_base(doc, claim)
        if named is None:
            return None
        amount, half = in_wan(named.amount, named.unit)
        return amount, half, f"{named.subject} {named.amount.printed}{named.unit}", (named.line,), False
    if claim.group is None:
        return None
    lead = group_lead(doc, claim.group)
    if lead is not None and lead.amount is not None:
        amount, half = in_wan(lead.amount, lead.unit)
        return amount, half, f"{lead.subject} {lead.amount.printed}{lead.unit}", (lead.line,), False
    members = group_members(doc, claim.group)
    if rule.parsed.get("structure_base") and all(m.subject.endswith("(类)") for m in members):
        try:
            res = resolve(doc, rule.parsed["structure_base"])
        except Skip:
            res = None
        if res is not None and res.value is not None:
            return (res.value.amount, res.value.half_unit, f"{res.table.alias} {res.row.label} {res.value.printed}",
                    (res.value.line,), False)
    if len(members) >= 2 and all(m.amount is not None for m in members):
        total = sum((in_wan(m.amount, m.unit)[0] for m in members), Decimal(0))
        half = sum((in_wan(m.amount, m.unit)[1] for m in members), Decimal(0))
        return total, half, f"the listed amounts' sum {fmt(total)}", (), True
    return None


def _named_base(doc: Document, claim: Claim) -> Claim | None:
    """"占项目支出总额的 P%": the latest amount stated for that subject before, in the same part."""
    key = re.sub(r"(总额|总计|合计|总数)$", "", claim.share_of or "")
    key = re.sub(r"^(部门|单位|本部门|本单位)(\(单位\))?", "", key)
    if len(key) < 2:
        return None
    for earlier in _before(doc, claim):
        if earlier.section.split(" ")[0] != claim.section.split(" ")[0]:
            break
        if earlier.amount is not None and earlier.subject == key:
            return earlier
    return None


def rate_verdict(lo: Decimal, hi: Decimal, stated: Value) -> str | None:
    """None when a value in [lo, hi] rounds to the stated percentage; else WARNING or ERROR."""
    p, h, unit = stated.amount, stated.half_unit, stated.unit
    if (hi >= p - h and lo < p + h) or (h == 0 and lo <= p <= hi):
        return None
    gap = (p - h) - hi if hi < p - h else lo - (p + h)
    return WARNING if gap <= unit else ERROR


def quote(claim: Claim, width: int = 60) -> str:
    text = claim.sentence.strip()
    start = max(0, claim.offset - 20)
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def claim_problem(rule: Rule, severity: str, claim: Claim, message: str, expected, actual, line: int | None = None,
                  lines: tuple[int, ...] = (), message_zh: str | None = None) -> Problem:
    """A problem with a statement of the prose, quoted; ``severity`` is the check's judgement (ERROR:
    as the rule says; WARNING: at most a warning); ``message_zh`` says it in Chinese (without it:
    what the statement says against what the rule expects, when both are figures)."""
    if isinstance(expected, Decimal) and isinstance(actual, Decimal):
        message_zh = message_zh or f"所述为 {fmt(actual)}，按「{rule.title}」应为 {fmt(expected)}，相差 {fmt(actual - expected)}"
    return statement_problem(severity, quote(claim), message, expected, actual, line or claim.line,
                             tuple(sorted(set(claim.lines) | set(lines))), claim.subject, message_zh)


def statement_problem(severity: str, quoted: str, message: str, expected, actual, line: int, lines: tuple[int, ...],
                      subject: str | None, message_zh: str | None) -> Problem:
    """A problem with a sentence of the prose, quoted before the message in both languages; figures
    (Decimal) written as printed, their difference when both are figures."""
    def shown(x):
        return None if x is None else (x if isinstance(x, str) else fmt(x))

    diff = fmt(actual - expected) if isinstance(expected, Decimal) and isinstance(actual, Decimal) else None
    return Problem(
        severity=severity, message=f"「{quoted}」 {message}", line=line, lines=lines, row=subject or None,
        expected=shown(expected), actual=shown(actual), difference=diff,
        message_zh=f"「{quoted}」 {message_zh}" if message_zh else None,
    )
