"""pair_rate — a rate of change agrees with the two amounts the sentence states.

"2025年预算执行数为 A 万元，2026年预算安排 B 万元，比2025年减少 R%" states both figures, so R must
be (B − A) ÷ A; "2026年预算安排 B 万元，比2025年预算执行数 A 万元减少 D 万元，下降 R%" likewise, and a
stated change D must be B − A. Every printed figure stands for ±half a unit of its last digit
(docs/design.md §4): the rate is consistent when some values inside the intervals give it;
missing by one unit of the rate's last digit is a warning, more an error. A stated change is
a sum: B − A within the figures' rounding, one unit beyond it a warning, more an error.

Only sentences whose grammar makes the two amounts the prior and the current figure of one
subject are read: either two clauses "<年> [subject] <预算执行数|预算数|决算数…> A 万元，<later 年>
[the same subject or none] <预算安排|预算…> B 万元，比<the first 年>…R%", or one "B 万元，比<年>
<预算执行数|预算数…> A 万元 增加/减少 …R%". A sentence with the subjects named differently, or
amounts in different units, or a comparison with another year, is not looked at. When a change
D is stated and agrees with B − A, the rate against D is N.growth's question and is left to it.

Example (fails): 一般公共预算拨款2025年预算执行数为 200.00 万元，2026年预算安排 150.00 万元，比2025年减少
20.00% — (150.00 − 200.00) ÷ 200.00 = −25.00%.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from budget_audit.findings import ERROR, WARNING, Problem, fmt, judge
from budget_audit.model import Claim, Value
from budget_audit.parse.normalize import compact
from budget_audit.rules.checks.narrative import HUNDRED, claim_problem, claims, rate_verdict
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule
from budget_audit.vocabulary import DOWN, UP

OPTIONS: tuple[Option, ...] = ()

_NUM = r"\d+(?:\.\d+)?"
_UNIT = r"万元|亿元|元"
_WORD = r"增加|减少|增长|下降|上升|降低"
_SUBJ = r"[\u4e00-\u9fff“”\"()（）]{0,20}?"
_PRIOR_KW = r"年初预算数|年初预算|预算执行数|执行数|预算数|决算数|预算|决算"
_CUR_KW = r"预算安排|预算数|预算|安排|决算数|决算"
_TAIL = (
    rf"\s*(?:同比)?(?P<w>{_WORD})\s*(?:(?P<d>{_NUM})\s*(?P<ud>{_UNIT})\s*[,，、]?\s*(?:同比)?(?P<w2>{_WORD})?\s*)?"
    rf"(?P<r>{_NUM})\s*%"
)
# "2025年预算执行数为 A 万元，2026年预算安排 B 万元，比2025年减少 R%"
_TWO_CLAUSES = re.compile(
    rf"(?P<y1>\d{{4}})\s*年度?(?P<s1>{_SUBJ})(?:{_PRIOR_KW})(?:为|是)?\s*(?P<a>{_NUM})\s*(?P<ua>{_UNIT})\s*[，,]\s*"
    rf"(?P<y2>\d{{4}})\s*年度?(?P<s2>{_SUBJ})(?:{_CUR_KW})(?:为|是)?\s*(?P<b>{_NUM})\s*(?P<ub>{_UNIT})\s*[，,]\s*"
    rf"(?:同比)?(?:比|较)(?:(?P<y3>\d{{4}})\s*年度?|上年)(?:{_PRIOR_KW})?" + _TAIL
)
# "2026年预算安排 B 万元，比2025年预算执行数 A 万元减少 D 万元，下降 R%"
_BASE_INSIDE = re.compile(
    rf"(?<![\d.])(?P<b>{_NUM})\s*(?P<ub>{_UNIT})\s*[，,]?\s*(?:同比)?(?:比|较)(?:(?P<y1>\d{{4}})\s*年度?|上年)"
    rf"(?:{_PRIOR_KW})(?:为|的)?\s*(?P<a>{_NUM})\s*(?P<ua>{_UNIT})" + _TAIL
)



def _sentences(doc) -> Iterator[list[Claim]]:
    """The claims of each sentence, once per sentence."""
    seen: dict[tuple[str, tuple[int, ...]], list[Claim]] = {}
    for c in claims(doc):
        seen.setdefault((c.sentence, c.lines), []).append(c)
    return iter(seen.values())


def _subject(text: str) -> str:
    return re.sub(r"^(?:的)|(?:的)$", "", compact(text))


def _lead_in(sentence: str, start: int) -> str:
    """The words of the clause before the first year: "一般公共预算拨款2025年…" names its subject there."""
    before = sentence[:start]
    stops = [m.end() for m in re.finditer(r"[，,；;。:：]", before)]
    return _subject(before[stops[-1] if stops else 0 :])


def _value(m: re.Match, group: str, found: list[Claim], fallback: int) -> Value:
    at = m.start(group)
    line = next((c.line for c in found if c.offset == at), fallback)
    return Value(Decimal(m.group(group)), m.group(group), line)


def _rate_range(a: Value, b: Value) -> tuple[Decimal, Decimal] | None:
    """(B − A) ÷ A × 100 over the rounding intervals of A and B; None when A may be 0."""
    a_lo, a_hi = a.amount - a.half_unit, a.amount + a.half_unit
    if a_lo <= 0:
        return None
    b_lo, b_hi = b.amount - b.half_unit, b.amount + b.half_unit
    return (b_lo / a_hi - 1) * HUNDRED, (b_hi / a_lo - 1) * HUNDRED


def _read(sentence: str, doc_year: int | None) -> Iterator[re.Match]:
    for m in _TWO_CLAUSES.finditer(sentence):
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        s1, s2 = _subject(m.group("s1")), _subject(m.group("s2"))
        if y1 >= y2 or (m.group("y3") and int(m.group("y3")) != y1) or (not m.group("y3") and y2 != y1 + 1):
            continue  # not the prior and the current year, or compared with a third year
        if s2 and s2 != (s1 or _lead_in(sentence, m.start())):
            continue  # two subjects, or one that cannot be told to be the other
        yield m
    for m in _BASE_INSIDE.finditer(sentence):
        y1 = m.group("y1")
        if y1 and doc_year is not None and int(y1) >= doc_year:
            continue  # compared with the year itself or a later one: N.year-style, not a rate from two amounts
        yield m


def check(doc, rule: Rule) -> Iterator[Problem]:
    evaluated = 0
    doc_year = doc.metadata.year
    for found in _sentences(doc):
        sentence = found[0].sentence
        amounts = [c for c in found if c.amount is not None]
        if not amounts:
            continue
        for m in _read(sentence, doc_year):
            units = {m.group("ua"), m.group("ub")} | ({m.group("ud")} if m.group("d") else set())
            word = m.group("w2") or m.group("w")
            if len(units) != 1 or (m.group("w2") and (m.group("w") in UP) != (m.group("w2") in UP)):
                continue  # mixed units, or contradictory words (N.direction's question)
            current = next((c for c in amounts if c.offset == m.start("b")), None)
            if current is None:
                continue  # the parser did not read B as an amount of its own: not sure what it is
            evaluated += 1
            line = current.line
            a, b = _value(m, "a", found, line), _value(m, "b", found, line)
            rate = _value(m, "r", found, line)
            down = word in DOWN
            problem = _judge(rule, current, a, b, rate, down, m.group("d") and _value(m, "d", found, line), m.group("w"), word)
            if problem is not None:
                yield problem
    if not evaluated:
        raise Skip("no sentence stating a prior and a current amount with a rate of change")


def _judge(rule: Rule, claim: Claim, a: Value, b: Value, rate: Value, down: bool, delta: Value | None,
           delta_word: str, rate_word: str) -> Problem | None:
    unit = claim.unit or "万元"
    if delta is not None:
        parts = [(1, a), (-1, b)] if down else [(1, b), (-1, a)]
        verdict = judge(delta, parts)
        if verdict.consistent:
            return None  # the rate against the delta is N.growth's
        severity = WARNING if verdict.rounding_level else ERROR
        expected = a.amount - b.amount if down else b.amount - a.amount
        formula = f"{a.printed} − {b.printed}" if down else f"{b.printed} − {a.printed}"
        level, level_zh = ("rounding-level", "舍入级差异") if severity == WARNING else ("beyond rounding", "超出舍入误差")
        return claim_problem(
            rule, severity, claim,
            f"{delta_word} {delta.printed}{unit} stated, but the two amounts give {formula} = {fmt(expected)}{unit} ({level})",
            expected, delta.amount, line=delta.line, lines=(a.line, b.line),
            message_zh=f"所述{delta_word} {delta.printed}{unit}，但两个金额之差 {formula} = {fmt(expected)}{unit}（{level_zh}）",
        )
    span = _rate_range(a, b)
    if span is None:
        return None
    lo, hi = span
    if down:
        lo, hi = -hi, -lo
    severity = rate_verdict(lo, hi, rate)
    if severity is None:
        return None
    expected = ((b.amount - a.amount) / a.amount * HUNDRED).quantize(rate.unit)
    formula = f"({b.printed} − {a.printed}) ÷ {a.printed}"
    level, level_zh = ("rounding-level", "舍入级差异") if severity == WARNING else ("beyond rounding", "超出舍入误差")
    return claim_problem(
        rule, severity, claim,
        f"{rate_word} {rate.printed}% stated, but {formula} = {fmt(expected)}% ({level})",
        None, None, line=rate.line, lines=(a.line, b.line),
        message_zh=f"所述{rate_word} {rate.printed}%，但 {formula} = {fmt(expected)}%（{level_zh}）",
    )
