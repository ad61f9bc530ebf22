"""equal — two figures that must be the same, in one table or across tables.

Example (passes): 收支总表[收入总计] 1200.00 and 收支总表[支出总计] 1200.00.
Example (fails): 支出总表[合计] 900.00 but 收支总表[支出总计] 890.00.
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.findings import Problem, judge
from budget_audit.rules.checks.common import shown, shown_zh, table_problem
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip, describe, resolve
from budget_audit.rules.ruleset import Rule

OPTIONS = (
    Option("left", "ref", "the first figure", required=True),
    Option("right", "ref", "the figure it must equal", required=True),
)


def check(doc, rule: Rule) -> Iterator[Problem]:
    left = resolve(doc, rule.parsed["left"])
    right = resolve(doc, rule.parsed["right"])
    if left.value is None and right.value is None:
        raise Skip("both figures blank")
    verdict = judge(left.value, [(1, right.value)], rule.tolerance)
    if verdict.consistent:
        return
    row = left.row if left.row is not None else right.row
    yield table_problem(
        rule, verdict, left.table, row, left.column, left.value, [right.value],
        f"{describe(left)} {shown(left.value)}, but {describe(right)} {shown(right.value)}",
        right.value.amount if right.value is not None else 0,
        f"{describe(right)} 为 {shown_zh(right.value)}",
    )
