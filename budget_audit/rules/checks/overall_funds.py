"""overall_funds — the money a 整体绩效目标表 covers equals the disclosure's totals.

The 部门（单位）整体支出绩效目标表 states the whole budget its targets are for: 预算支出总额 and
its sources, 财政拨款 and 其他资金 (read by parse/performance.py). They are the budget's own
totals: 预算支出总额 = 支出总表 合计, 财政拨款 = 财政拨款收支总表 支出总计. Some templates state
the year's new money only, without the carry-over (上年结转); the amount is then consistent
with the total less that carry-over (``less``), so either reading passes.

Only tables whose title names the whole department or unit (``titles``: 部门整体, 单位整体) are
read: a 专项资金整体绩效目标表 is about one fund.

Example (fails): 部门整体支出绩效目标表 预算支出总额 1,250.00 万元, but 支出总表 合计 1,200.00 (and
收支总表 上年结转 is 0).
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.findings import Problem, fmt, judge
from budget_audit.rules.checks.common import converted, severity, shown, shown_zh
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip, describe, resolve
from budget_audit.rules.ruleset import Rule

OPTIONS = (
    Option("titles", "names", "words of the title of a table about the whole department or unit (部门整体, 单位整体)",
           required=True),
    Option("amount", "text", "the label read: 总额, 财政拨款, 其他资金", required=True),
    Option("equals", "ref", "the total the amount must equal", required=True),
    Option("less", "ref", "the carry-over the amount may leave out (``?`` when it may be absent)"),
)


def check(doc, rule: Rule) -> Iterator[Problem]:
    label = rule.parsed["amount"]
    stated = [
        (o, o.amounts[label].in_wan(o.unit))
        for o in doc.overall
        if any(t in o.title for t in rule.parsed["titles"]) and label in o.amounts
    ]
    if not stated:
        raise Skip(f"no 整体绩效目标表 with its {label} read")
    total = resolve(doc, rule.parsed["equals"])
    if total.value is None:
        raise Skip(f"{describe(total)} blank")
    less = resolve(doc, rule.parsed["less"]) if rule.parsed["less"] is not None else None
    carried = less.value if less is not None and less.value is not None and less.value.amount != 0 else None
    for overall, value in stated:
        verdict = judge(value, [(1, total.value)], rule.tolerance)
        if verdict.consistent or (carried is not None and judge(value, [(1, total.value), (-1, carried)], rule.tolerance).consistent):
            continue
        also = f" (or, without {describe(less)} {shown(carried)}, {fmt(total.value.amount - carried.amount)})" if carried else ""
        also_zh = f"（不含{describe(less)} {shown_zh(carried)} 则为 {fmt(total.value.amount - carried.amount)}）" if carried else ""
        yield Problem(
            severity=severity(verdict),
            message=f"{overall.title} {label} {shown(value)}, but {describe(total)} {shown(total.value)}{also} "
            f"({verdict.describe()})",
            line=value.line,
            lines=tuple(sorted({value.line, total.value.line} | ({carried.line} if carried else set()))),
            table="整体绩效目标表",
            row=label,
            column=None,
            expected=fmt(total.value.amount),
            actual=fmt(value.amount) if converted(value) else value.printed,
            difference=fmt(verdict.difference),
            page=value.page,
            message_zh=f"{overall.title} {label} 为 {shown_zh(value)}，但{describe(total)} 为 {shown_zh(total.value)}{also_zh}，"
            f"{verdict.describe_zh()}",
        )
