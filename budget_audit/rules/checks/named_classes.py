"""named_classes — the classes the narrative names ("支出预算包括：…") are the non-zero classes
of the table (收支总表's 支出 side): none left out, none added.

A heuristic (docs/relationships.md 45): report it as a warning.

Example (fails): 支出预算包括：一般公共服务支出、教育支出 — but 收支总表 also has 住房保障支出 40.00.
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.findings import Problem
from budget_audit.rules.checks.common import problem_at
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip, first_column, need_table
from budget_audit.rules.ruleset import Rule

OPTIONS = (
    Option("table", "alias", "the table whose classes are compared", required=True),
    Option("side", "text", "of a two-sided table: the side with the classes (支出)"),
)


def check(doc, rule: Rule) -> Iterator[Problem]:
    mentions = [m for m in doc.mentions if m.kind == "支出"]
    if not mentions:
        raise Skip("the narrative lists no classes")
    table = need_table(doc, rule.parsed["table"])
    side = rule.parsed["side"]
    col = first_column(table, side)
    rows = [r for r in table.rows if r.side == side and r.level == 1 and not r.is_total]
    if not rows:
        raise Skip(f"{table.alias} has no class rows")
    funded = {r.name for r in rows if (v := r.values.get(col.name)) is not None and v.amount != 0}
    for mention in mentions:
        named = set(mention.names)
        missing = sorted(n for n in funded if not any(n.startswith(x) or x.startswith(n) for x in named))
        extra = sorted(n for n in named if not any(n.startswith(x) or x.startswith(n) for x in funded))
        if not missing and not extra:
            continue
        said = "; ".join(
            part for part in (
                f"not named: {'、'.join(missing)}" if missing else "",
                f"named but without budget: {'、'.join(extra)}" if extra else "",
            ) if part
        )
        yield problem_at(mention.line, f"支出预算包括 lists {len(named)} classes, {table.alias} funds {len(funded)} ({said})",
            message_zh=f"“支出预算包括”列出 {len(named)} 个类，而{table.alias}中有预算的类为 {len(funded)} 个（{said}）",
            table=table.alias,
            expected="、".join(sorted(funded)),
            actual="、".join(mention.names),
        )
