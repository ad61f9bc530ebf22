"""target_matches_project — a project's 绩效目标表 annual amount equals its 项目支出表 amount.

The performance table's amount is converted to 万元 when its label says 元. Projects are
paired by name: equal once brackets such as （一般公共预算） are dropped, or sharing a long
common beginning with exactly one project row name (…运行保障费 / …运行保障项目). A project
with no such row (non-appropriation money, a carry-over project) is skipped.

Example (fails): 网络运维费 年度资金总额 30,000 元 = 3.00 万元, but 项目支出表 网络运维费 4.00.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from budget_audit.findings import Problem, fmt, judge
from budget_audit.parse.normalize import compact
from budget_audit.rules.checks.common import severity
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip, first_column
from budget_audit.rules.ruleset import Rule

OPTIONS = (Option("projects", "alias", "the project table (项目支出表)", required=True),)
_BRACKETS = re.compile(r"\([^()]*\)$")


def _key(name: str) -> str:
    name = compact(name)
    while _BRACKETS.search(name):
        name = _BRACKETS.sub("", name)
    return name


def _common(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _match(target: str, names: list[str]) -> str | None:
    key = _key(target)
    exact = [n for n in names if _key(n) == key]
    if exact:
        return exact[0]
    close = [n for n in names if _common(_key(n), key) >= max(6, int(0.7 * min(len(_key(n)), len(key))))]
    return close[0] if len(close) == 1 else None


def check(doc, rule: Rule) -> Iterator[Problem]:
    table = doc.table(rule.parsed["projects"])
    if table is None or not doc.targets:
        raise Skip("no project table or no performance target table")
    col = first_column(table, None)
    names = sorted({r.project or r.name for r in table.rows if (r.project or r.name) and not r.is_total})
    evaluated = 0
    for target in doc.targets:
        name = _match(target.project, names)
        if name is None:
            continue
        rows = [r for r in table.rows if (r.project or r.name) == name and r.values.get(col.name) is not None]
        if not rows:
            continue
        evaluated += 1
        figures = [r.values[col.name].in_wan(table.unit) for r in rows]
        total = sum((v.amount for v in figures), Decimal(0))
        stated = target.amount.in_wan(target.unit)
        verdict = judge(stated, [(1, v) for v in figures], rule.tolerance)
        if verdict.consistent:
            continue
        amount = stated.amount.normalize() if target.unit == "元" else stated.amount
        shown = f"{target.amount.printed}{target.unit}" + (f" = {fmt(amount)}万元" if target.unit == "元" else "")
        yield Problem(
            severity=severity(verdict),
            message=f"绩效目标表 {target.project} 年度资金 {shown}, but {table.alias} {name} {col.name} {fmt(total)} "
            f"({verdict.describe()})",
            line=target.line,
            lines=tuple(sorted({target.line} | {v.line for v in figures})),
            table=table.alias,
            row=name,
            column=col.name,
            expected=fmt(total),
            actual=fmt(amount),
            difference=fmt(amount - total),
            message_zh=f"绩效目标表 {target.project} 年度资金 {shown}，但{table.alias} {name} {col.name} 为 {fmt(total)}，"
            f"{verdict.describe_zh()}",
        )
    if not evaluated:
        raise Skip("no performance target paired with a project row")
