"""sum — a figure equals the sum (or difference) of listed figures.

Example (passes): 收支总表[收入总计] 900.00 = 本年收入 890.00 + 上年结转结余 10.00.
Example (fails): 收入总计 900.00 but 本年收入 + 上年结转结余 = 890.00.
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.findings import Problem, fmt, judge
from budget_audit.rules.checks.common import shown, shown_zh, table_problem
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip, describe, resolve
from budget_audit.rules.ruleset import Rule


def _parts(value, ctx) -> list[tuple[int, object]]:
    """Each part as (sign, Ref): ``-`` before a reference subtracts it."""
    if not isinstance(value, list) or not value:
        ctx.fail("expected a non-empty list of references")
    out = []
    for text in value:
        text = str(text).strip()
        sign = -1 if text.startswith("-") else 1
        out.append((sign, ctx.ref(text.lstrip("-+ "))))
    return out


OPTIONS = (
    Option("total", "ref", "the total", required=True),
    Option("parts", "structured", "a list of references; prefix one with ``-`` to subtract it, end one with ``?`` "
           "when its row may be absent", required=True, parse=_parts),
)


def check(doc, rule: Rule) -> Iterator[Problem]:
    total = resolve(doc, rule.parsed["total"])
    parts = [(sign, resolve(doc, ref)) for sign, ref in rule.parsed["parts"]]
    if total.value is None and all(p.value is None for _, p in parts):
        raise Skip("all figures blank")
    if all(p.row is None for _, p in parts):
        raise Skip("none of the parts is printed in this document (the template splits it otherwise)")
    verdict = judge(total.value, [(s, p.value) for s, p in parts], rule.tolerance)
    if verdict.consistent:
        return
    expected = sum((s * p.value.amount for s, p in parts if p.value is not None), 0)
    listed = " + ".join(f"{describe(p)} {shown(p.value)}" for _, p in parts).replace("+ -", "- ")
    listed_zh = " + ".join(f"{describe(p)} {shown_zh(p.value)}" for _, p in parts).replace("+ -", "- ")
    yield table_problem(
        rule, verdict, total.table, total.row, total.column, total.value, [p.value for _, p in parts],
        f"{describe(total)} {shown(total.value)}, but {listed} = {fmt(expected)}",
        expected, f"{listed_zh} = {fmt(expected)}",
    )
