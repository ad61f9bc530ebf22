"""row_columns — in every row, each total column equals its parts, as the table's own columns say.

The parts are not named by the rule: the reader works them out from the header and confirms
them with the figures (parse/columns.py; ``Table.column_sums``): a total column, the columns
after it, a subtotal (…小计) standing for the columns it adds up, 其中 columns left out.
A table whose columns the figures do not confirm is skipped with the reason, never guessed.

Example (passes): 收入总表 合计 120.00 | 本年收入小计 100.00 | 一般公共预算 80.00 | 事业收入 20.00 |
上年结转结余小计 20.00 — in every row 合计 = 本年收入小计 + 上年结转结余小计 and
本年收入小计 = 一般公共预算 + 事业收入.
Example (fails): 支出总表 208 05 01 行政单位离退休 合计 50.00, but 基本支出 40.00 + 项目支出 20.00 = 60.00,
where every other row of the table adds up.
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.findings import Problem
from budget_audit.rules.checks.common import compare_columns, each_side
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule

OPTIONS = (Option("tables", "aliases", "the tables checked", required=True),)


def check(doc, rule: Rule) -> Iterator[Problem]:
    evaluated = False
    reasons: list[str] = []
    unread = False
    for alias, table, side in each_side(doc, rule.parsed["tables"], reasons):
        reading = table.column_sums.get(side)
        if reading is None or not reading.sums:
            unread |= reading is not None and reading.unread
            reasons.append(f"{alias}: columns not partitioned ({reading.reading if reading else 'not read'})")
            continue
        for row in (r for r in table.rows if r.side == side):
            for each in reading.sums:
                done, problem = compare_columns(rule, table, row, each.total, each.parts)
                evaluated |= done
                if problem:
                    yield problem
    if not evaluated:
        raise Skip("; ".join(reasons) or "no row with figures", unread=unread)
