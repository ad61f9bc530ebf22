"""column_total — a total row equals the sum of the rows it totals, column by column.

Which rows a total totals is read by the parser and confirmed by the table's own
figures: normally the top-level rows — classes (类) but not their 款/项, enumerated
lines (一、 …) but not their 1. 2. sub-lines, never 其中 breakdowns; a table with two
totals (本年收入合计 … 收入总计) is read as subtotal + the rows after it. A total whose
rows cannot be established is skipped, with the reason, rather than compared with a sum
of the wrong rows.

Example (fails): 支出总表 合计 基本支出 600.00, but its classes sum to 600.10.
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.findings import Problem, fmt
from budget_audit.rules.checks.common import compare_sum
from budget_audit.rules.checks.hierarchy import table_sides, total_members
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip, find_column
from budget_audit.rules.ruleset import Rule

OPTIONS = (
    Option("tables", "aliases", "the tables whose total rows are checked", required=True),
    Option("totals", "names", "the total rows checked (default: every total row)"),
    Option("columns", "names-list", "the columns checked (default: every column whose header is trusted)"),
)


def columns_for(table, side, rule: Rule):
    if rule.parsed["columns"]:
        cols = [find_column(table, c, side) for c in rule.parsed["columns"]]
        return [c for c in cols if c is not None and not c.uncertain]
    return [c for c in table.value_columns(side) if not c.uncertain]


def sum_by_column(rule: Rule, table, side, total, members, says, says_zh) -> tuple[bool, list[Problem]]:
    """``total`` = Σ ``members`` in every column the rule looks at: whether any column was
    judged (not all blank), and the problems."""
    evaluated, problems = False, []
    for col in columns_for(table, side, rule):
        parts = [m.values.get(col.name) for m in members]
        done, problem = compare_sum(rule, table, total, col, total.values.get(col.name), parts, says, says_zh)
        evaluated |= done
        problems += [problem] if problem else []
    return evaluated, problems


def check(doc, rule: Rule) -> Iterator[Problem]:
    wanted = rule.parsed["totals"]
    evaluated = False
    unread: list[str] = []
    for table, side, rows in table_sides(doc, rule.parsed["tables"]):
        for total in [r for r in rows if r.is_total and (wanted is None or r.name in wanted)]:
            members = total_members(rows, total)
            if not members:
                if total.members_reading:
                    unread.append(f"{table.alias} {total.label}: {total.members_reading}")
                continue
            count = len(members)
            says = lambda e, n=count: f"the {n} rows it totals sum to {fmt(e)}"  # noqa: E731
            says_zh = lambda e, n=count: f"其所合计的 {n} 行之和为 {fmt(e)}"  # noqa: E731
            done, problems = sum_by_column(rule, table, side, total, members, says, says_zh)
            evaluated |= done
            yield from problems
    if not evaluated:
        raise Skip("; ".join(unread) if unread else "no total row with figures in " + ", ".join(rule.parsed["tables"]), unread=bool(unread))
