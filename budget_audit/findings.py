"""Findings and the rounding judgement that decides their severity (docs/design.md §4)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from budget_audit.model import Value

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


@dataclass(frozen=True, slots=True)
class Problem:
    """What a check found, before the engine stamps it (budget_audit.rules.engine.stamp).

    A check says what is wrong and where; the engine adds which rule, how severe, the place as a
    reader finds it (page, line within the page, file) and the order. ``severity`` is the check's
    own judgement: ERROR means "as severe as the rule says"; WARNING caps it (a rounding-level
    difference, a doubtful reading), whatever the rule's severity.
    """

    message: str
    line: int | None
    lines: tuple[int, ...] = ()
    table: str | None = None
    row: str | None = None
    column: str | None = None
    expected: str | None = None
    actual: str | None = None
    difference: str | None = None
    page: int | None = None
    message_zh: str | None = None  # the message as a Chinese auditor writes it (--lang zh; JSON keeps both)
    severity: str = ERROR


@dataclass(frozen=True, slots=True)
class Finding(Problem):
    """A problem stamped by the engine: ``severity`` is now the finding's (the lesser of the
    rule's and the check's), ``line``/``lines``/``page`` are placed as a reader finds them."""

    rule: str = ""
    # (page, line) of every line in ``lines``: for a PDF ``lines`` are within-page numbers, which
    # alone cannot say on which page each one is (--show-source needs that).
    places: tuple[tuple[int | None, int | None], ...] = ()
    file: str | None = None  # the part it is in, for a document read from several files (--join)


@dataclass
class Verdict:
    """How a stated figure compares with the figure recomputed from others."""

    consistent: bool
    rounding_level: bool  # off by no more than one printed unit beyond rounding
    difference: Decimal
    slack: Decimal  # what rounding of the printed figures can explain
    copies: bool = False  # two copies of one figure, which rounding cannot make differ

    def describe(self) -> str:
        if self.copies:
            level = "one unit of the last digit" if self.rounding_level else f"beyond rounding (±{fmt(self.slack)})"
            return f"difference {fmt(self.difference)}, {level}: copies of one figure are identical"
        if self.rounding_level:
            return f"difference {fmt(self.difference)}, rounding-level: rounding explains up to {fmt(self.slack)}"
        return f"difference {fmt(self.difference)}, beyond rounding (±{fmt(self.slack)})"


    def describe_zh(self) -> str:
        if self.copies:  # two copies of one figure: rounding cannot make them differ
            level = "差一个末位单位" if self.rounding_level else (f"超出舍入误差（±{fmt(self.slack)}）" if self.slack else "不止一个末位单位")
            return f"相差 {fmt(self.difference)}，{level}：同一数字的两处应完全一致"
        if self.rounding_level:
            return f"相差 {fmt(self.difference)}，仅在舍入误差外一个末位单位内（舍入可解释 ±{fmt(self.slack)}）"
        return f"相差 {fmt(self.difference)}，超出舍入误差（±{fmt(self.slack)}）"


def fmt(amount: Decimal) -> str:
    """A Decimal as a plain string, never in exponent notation."""
    text = format(amount, "f")
    return "0" if text in ("-0", "-0.0", "-0.00") else text


def judge(actual: Value | None, parts: Iterable[tuple[int, Value | None]], tolerance: Decimal | None = None) -> Verdict:
    """Compare ``actual`` with Σ sign·part, each figure standing for ±half a unit of its last digit.

    Blank figures count as exactly 0. The relation holds when some values inside the
    figures' rounding intervals satisfy it (half-open intervals, so 40.38 and 40.39 do
    not meet); it is rounding-level when it misses by at most one unit of the last digit.
    """
    parts = list(parts)
    expected = sum((sign * v.amount for sign, v in parts if v is not None), Decimal(0))
    found = actual.amount if actual is not None else Decimal(0)
    difference = found - expected
    figures = [v for _, v in parts if v is not None] + ([actual] if actual is not None else [])
    slack = sum((v.half_unit for v in figures), Decimal(0))
    if tolerance is not None:
        slack = max(slack, tolerance)
    unit = actual.unit if actual is not None else max((v.unit for v in figures), default=Decimal("0.01"))
    gap = abs(difference)
    consistent = gap == 0 or gap < slack or (tolerance is not None and gap <= tolerance)
    return Verdict(consistent, not consistent and gap <= slack + unit, difference, slack)


def judge_copies(first: Value | None, second: Value | None, tolerance: Decimal | None = None) -> Verdict:
    """Compare two copies of one figure (the same subject and column printed in two tables).

    Copies come from one database and are rounded alike, so rounding cannot make them differ:
    printed to the same precision they must be identical; to different precisions (a table in
    元 beside one in 万元) the coarser must be the finer rounded, within half its unit. One
    unit of the coarser last digit beyond that is rounding-level (a warning); more is an error.
    A blank copy counts as exactly 0.
    """
    precisions = {v.unit for v in (first, second) if v is not None and v.half_unit}  # a bare 0 is exactly 0
    coarse = max(precisions, default=Decimal("0.01"))
    slack = coarse / 2 if len(precisions) > 1 else Decimal(0)
    if tolerance is not None:
        slack = max(slack, tolerance)
    difference = (first.amount if first is not None else Decimal(0)) - (second.amount if second is not None else Decimal(0))
    gap = abs(difference)
    consistent = gap <= slack
    return Verdict(consistent, not consistent and gap <= slack + coarse, difference, slack, copies=True)


@dataclass
class RuleResult:
    rule: str
    status: str  # passed / failed / skipped
    reason: str | None = None
    findings: list[Finding] = field(default_factory=list)
    unread: bool = False  # skipped because what it judges could not be read reliably (rules.refs.Skip)
