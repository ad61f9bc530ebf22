"""table_total — a table's total equals a figure elsewhere, even when the table prints no total row.

The total is the table's total row in ``column``, or, when it has none, the sum of its
top-level rows (a 结转结余表 that lists three carry-over items and no 合计).

Example (fails): 结转结余表 items 0.15 + 3.03 + 1.40 = 4.58, but 收支总表 上年结转结余 5.58.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budget_audit.findings import ERROR, WARNING, Problem, fmt, judge
from budget_audit.model import Value
from budget_audit.rules.checks.common import shown, shown_zh
from budget_audit.rules.checks.hierarchy import top_level
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip, certain_column, describe, need_table, resolve
from budget_audit.rules.ruleset import Rule

OPTIONS = (
    Option("table", "alias", "the table totalled", required=True),
    Option("column", "names", "the column totalled", required=True),
    Option("equals", "ref", "the figure the total must equal", required=True),
)


def check(doc, rule: Rule) -> Iterator[Problem]:
    table = need_table(doc, rule.parsed["table"])
    col = certain_column(table, rule.parsed["column"], None)
    other = resolve(doc, rule.parsed["equals"])
    total_row = next((r for r in table.rows if r.is_total and r.values.get(col.name) is not None), None)
    if total_row is not None:
        figures = [total_row.values[col.name]]
        anchor = total_row
    else:
        rows = top_level(table.rows)
        figures = [r.values.get(col.name) for r in rows if r.values.get(col.name) is not None]
        anchor = rows[0] if rows else None
    if anchor is None or (not figures and other.value is None):
        raise Skip(f"{table.alias} has no figures in {col.name}")
    figures = [v.in_wan(table.unit) for v in figures]
    verdict = judge(other.value, [(1, v) for v in figures], rule.tolerance)
    if verdict.consistent:
        return
    total = sum((v.amount for v in figures), Decimal(0))
    how = f"{total_row.label} {col.name}" if total_row is not None else f"its {len(figures)} rows' {col.name}"
    yield _problem(rule, verdict, table, anchor, col, figures, other, how, total)


def _problem(rule, verdict, table, anchor, col, figures: list[Value], other, how: str, total: Decimal) -> Problem:
    involved = sorted({v.line for v in figures} | ({other.value.line} if other.value else set()))
    how_zh = how if not how.startswith("its ") else f"{len(figures)} 行之和 {col.name}"
    return Problem(
        severity=WARNING if verdict.rounding_level else ERROR,
        message=f"{table.alias} {how} = {fmt(total)}, but {describe(other)} {shown(other.value)} ({verdict.describe()})",
        line=figures[0].line if figures else anchor.line,
        lines=tuple(involved),
        table=table.alias,
        row=anchor.label,
        column=col.name,
        expected=fmt(other.value.amount) if other.value else "0",
        actual=fmt(total),
        difference=fmt(total - (other.value.amount if other.value else Decimal(0))),
        message_zh=f"{table.alias} {how_zh} = {fmt(total)}，但{describe(other)} 为 {shown_zh(other.value)}，{verdict.describe_zh()}",
    )
