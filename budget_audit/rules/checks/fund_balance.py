"""fund_balance — per fund, what was there and came in equals what went out and is left.

财政拨款收入支出决算总表 lists, on its 收入 side, each fund's 本年收入 (一、一般公共预算财政拨款 …)
and, under 年初财政拨款结转和结余, each fund's opening balance; its 支出 side has one column per
fund, with the rows 本年支出合计 and 年末财政拨款结转和结余. For every fund:
年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余 (docs/relationships.md 48).

A fund whose figures are all blank is not judged; when the opening balance is printed only as
a total, the fund is judged only if it is the one fund with figures (else the rule cannot tell
whose balance it is, and skips that fund).

Example (fails): 一般公共预算 年初结转和结余 10.00 + 本年收入 100.00 = 110.00, but 本年支出 95.00 +
年末结转和结余 5.00 = 100.00.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budget_audit.findings import Problem, fmt, judge
from budget_audit.model import Column, Row, Table, Value
from budget_audit.rules.checks.common import shown, shown_zh, table_problem
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip, first_column
from budget_audit.rules.ruleset import Rule

OPTIONS = (
    Option("table", "alias", "the 财政拨款收入支出决算总表", required=True),
    Option("funds", "names", "words naming each fund in row and column headers (一般公共预算, 政府性基金 …)", required=True),
    Option("income_total", "names", "names of the 本年收入合计 row", required=True),
    Option("spending_total", "names", "names of the 本年支出合计 row", required=True),
    Option("opening", "names", "words of the opening balance row (年初)", required=True),
    Option("closing", "names", "words of the closing balance row (年末)", required=True),
)


def _value(table: Table, row: Row | None, column: Column | None) -> Value | None:
    return table.figure(row, column.name) if row is not None and column is not None else None


def _index(rows: list[Row], words: tuple[str, ...]) -> int | None:
    return next((i for i, r in enumerate(rows) if any(w in r.name for w in words)), None)


def check(doc, rule: Rule) -> Iterator[Problem]:
    alias = rule.parsed["table"]
    table = doc.table(alias)
    if table is None:
        raise Skip(f"table {alias} absent")
    if table.sides[:2] != ["收入", "支出"]:
        raise Skip(f"{alias} is not read as two sides (收入 | 支出)", unread=True)
    income = [r for r in table.rows if r.side == "收入"]
    spending = [r for r in table.rows if r.side == "支出"]
    income_col = first_column(table, "收入")
    end_income = _index(income, rule.parsed["income_total"])
    opening_at = _index(income, rule.parsed["opening"])
    spent_at = _index(spending, rule.parsed["spending_total"])
    closing_at = _index(spending, rule.parsed["closing"])
    if end_income is None or spent_at is None:
        raise Skip(f"{alias} has no 本年收入合计 or no 本年支出合计 row")
    funds = rule.parsed["funds"]
    columns = {f: next((c for c in table.value_columns("支出") if f in c.name and not c.uncertain), None) for f in funds}
    opening_rows = income[opening_at + 1 :] if opening_at is not None else []
    opening_total = _value(table, income[opening_at], income_col) if opening_at is not None else None
    active = [f for f in funds if _value(table, spending[spent_at], columns[f]) is not None]
    judged = False
    reasons = []
    for fund in funds:
        column = columns[fund]
        if column is None:
            reasons.append(f"no 支出 column for {fund}")
            continue
        in_row = next((r for r in income[:end_income] if fund in r.name), None)
        received = _value(table, in_row, income_col)
        spent = _value(table, spending[spent_at], column)
        left = _value(table, spending[closing_at], column) if closing_at is not None else None
        opening_row = next((r for r in opening_rows if fund in r.name), None)
        opening = _value(table, opening_row, income_col)
        if opening_row is None and opening_total is not None and opening_total.amount != 0:
            if active != [fund]:
                reasons.append(f"{fund}: opening balance printed only as a total")
                continue
            opening = opening_total
        if all(v is None for v in (received, spent, left, opening)):
            continue
        judged = True
        verdict = judge(spent, [(1, opening), (1, received), (-1, left)], rule.tolerance)
        if verdict.consistent:
            continue
        expected = sum(
            (s * v.amount for s, v in ((1, opening), (1, received), (-1, left)) if v is not None), Decimal(0)
        )
        yield table_problem(
            rule, verdict, table, spending[spent_at], column, spent, [opening, received, left],
            f"{alias} {fund}: 年初结转和结余 {shown(opening)} + 本年收入 {shown(received)} − 年末结转和结余 "
            f"{shown(left)} = {fmt(expected)}, but 本年支出 is {shown(spent)}",
            expected,
            f"年初结转和结余 {shown_zh(opening)} + 本年收入 {shown_zh(received)} − 年末结转和结余 {shown_zh(left)} = {fmt(expected)}",
        )
    if not judged:
        raise Skip("; ".join(reasons) or "no fund with figures")
