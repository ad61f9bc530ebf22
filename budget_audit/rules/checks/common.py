"""What the check kinds share: finding tables and columns, wording figures, describing problems.

A check yields Problems (budget_audit.findings.Problem); the engine stamps them into findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from budget_audit.findings import ERROR, WARNING, Problem, Verdict, fmt, judge
from budget_audit.model import Column, Row, Table, Value
from budget_audit.parse.normalize import compact
from budget_audit.rules.ruleset import Rule


def names(value) -> tuple[str, ...]:
    """An option given as "a|b" or [a, b] → normalised alternatives."""
    items = value if isinstance(value, list) else str(value).split("|")
    return tuple(compact(str(x)) for x in items if str(x).strip())


def severity(verdict: Verdict) -> str:
    """The check's judgement of a difference: a rounding-level one is at most a warning."""
    return WARNING if verdict.rounding_level else ERROR


def lines_of(values: Iterable[Value | None], rows: Iterable[Row | None] = ()) -> tuple[int, ...]:
    found = {v.line for v in values if v is not None}
    found |= {r.line for r in rows if r is not None}
    return tuple(sorted(found))


def converted(value: Value) -> bool:
    """Whether the figure was printed in another unit (元) and is held in 万元."""
    return Decimal(value.printed) != value.amount


def shown(value: Value | None) -> str:
    """A figure as printed; one converted from 元 also in 万元, the unit of the comparison."""
    if value is None:
        return "blank"
    return f"{value.printed}元 (= {fmt(value.amount.normalize())}万元)" if converted(value) else value.printed


def shown_zh(value: Value | None) -> str:
    """``shown`` in Chinese: 空白 for a blank cell, 元 converted to 万元 in brackets."""
    if value is None:
        return "空白"
    return f"{value.printed}元（= {fmt(value.amount.normalize())}万元）" if converted(value) else value.printed


def table_problem(
    rule: Rule,
    verdict: Verdict,
    table: Table,
    row: Row,
    column: Column | None,
    actual: Value | None,
    involved: Iterable[Value | None],
    message: str,
    expected,
    says_zh: str | None = None,
) -> Problem:
    """A problem with a table figure. ``says_zh`` words the recomputed side in Chinese ("基本支出 46.39 +
    项目支出 254.73 = 301.12"); without it the Chinese message says what the rule expects."""
    involved = list(involved)
    where = " ".join(x for x in (table.alias or table.title, row.label, column.name if column else "") if x)
    says_zh = says_zh or f"按「{rule.title}」应为 {fmt(expected) if isinstance(expected, Decimal) else expected}"
    message_zh = f"{where} 为 {shown_zh(actual)}，但{says_zh}，{verdict.describe_zh()}"
    return Problem(
        severity=severity(verdict),
        message=f"{message} ({verdict.describe()})",
        line=actual.line if actual is not None else row.line,
        lines=lines_of(involved + [actual], [row]),
        table=table.alias,
        row=row.label,
        column=column.name if column else None,
        expected=fmt(expected),
        actual=(fmt(actual.amount) if converted(actual) else actual.printed) if actual is not None else "0",
        difference=fmt(verdict.difference),
        page=row.page,
        message_zh=message_zh,
    )


def compare_sum(
    rule: Rule,
    table: Table,
    row: Row,
    column: Column,
    actual: Value | None,
    parts: list[Value | None],
    says: Callable[[Decimal], str],
    says_zh: Callable[[Decimal], str] | None = None,
) -> tuple[bool, Problem | None]:
    """Judge ``actual`` = Σ ``parts`` for one row and column.

    Returns whether anything was evaluated (not when every figure is blank) and the
    finding, if the relation fails; ``says(expected)`` words the recomputed side.
    """
    if actual is None and all(p is None for p in parts):
        return False, None
    if actual is None and any(v is not None for v in row.values.values()) and any(p is not None and p.amount != 0 for p in parts):
        # a row with figures elsewhere but blank in this column, over figures: what a figure read
        # into the wrong column looks like, far more often than one left out; not judged. (A row
        # printed wholly blank over its parts is judged: that is an omission.)
        return False, None
    verdict = judge(actual, [(1, p) for p in parts], rule.tolerance)
    if verdict.consistent:
        return True, None
    expected = sum((p.amount for p in parts if p is not None), Decimal(0))
    message = f"{table.alias} {row.label} {column.name} {shown(actual)}, but {says(expected)}"
    says_zh = says_zh(expected) if says_zh else None
    return True, table_problem(rule, verdict, table, row, column, actual, parts, message, expected, says_zh)


def each_side(doc, aliases: Iterable[str], reasons: list[str]) -> Iterator[tuple[str, Table, str | None]]:
    """(alias, table, side) of every table present among ``aliases``; an absent one is noted in ``reasons``."""
    for alias in aliases:
        table = doc.table(alias)
        if table is None:
            reasons.append(f"{alias} absent")
            continue
        for side in table.sides or [None]:
            yield alias, table, side


def compare_columns(rule: Rule, table: Table, row: Row, total: Column, parts: list[Column]) -> tuple[bool, Problem | None]:
    """``compare_sum`` of one row's ``total`` column against its ``parts`` columns, each part named in the message."""
    values = [row.values.get(c.name) for c in parts]
    listed = " + ".join(f"{c.name} {shown(v)}" for c, v in zip(parts, values, strict=True))
    listed_zh = " + ".join(f"{c.name} {shown_zh(v)}" for c, v in zip(parts, values, strict=True))
    return compare_sum(
        rule, table, row, total, row.values.get(total.name), values, lambda e: f"{listed} = {fmt(e)}", lambda e: f"{listed_zh} = {fmt(e)}"
    )


def problem_at(line: int | None, message: str, **fields) -> Problem:
    """A problem at one place of the document (a line); ``fields`` as Problem's (message_zh, row, …)."""
    return Problem(message=message, line=line, lines=(line,) if line is not None else (), **fields)
