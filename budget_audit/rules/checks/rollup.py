"""rollup — a parent row equals the sum of its children, column by column.

``by: code`` (default): 类 = Σ款 and 款 = Σ项, for codes printed in three columns
(201 | 03 | 01) or as one 3/5/7-digit code, and for economic classes (301 = Σ301xx);
in a table without codes, by the levels its numbering gives (一、 = Σ（一）, （一） = Σ1.).
``by: enumeration``: a line numbered 一、 equals the sum of its 1. 2. … lines (the
income side of 收支总表). Rows whose code is garbled are not used.

Example (fails): 一般公共预算支出表 201 03 政府办公厅（室）及相关机构事务 合计 700.00,
but its items sum to 705.00.
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.findings import Problem, fmt
from budget_audit.rules.checks.column_total import sum_by_column
from budget_audit.rules.checks.hierarchy import (
    code_children,
    enum_children,
    enum_parents,
    level_children,
    table_sides,
)
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule

OPTIONS = (
    Option("tables", "aliases", "the tables whose parent rows are checked", required=True),
    Option("by", "choice", "how children are found: by subject code (or numbering levels), or by enumeration",
           default="code", choices=("code", "enumeration")),
    Option("columns", "names-list", "the columns checked (default: every column whose header is trusted)"),
)


def check(doc, rule: Rule) -> Iterator[Problem]:
    by_code = rule.parsed["by"] == "code"
    evaluated = False
    for table, side, rows in table_sides(doc, rule.parsed["tables"]):
        if by_code:
            uncoded = not any(x.code or "garbled-code" in x.flags for x in rows)  # levels from numbering
            parents = [r for r in rows if r.level in (1, 2, 3) and (r.code or uncoded)]
        else:
            parents = enum_parents(rows)
        for parent in parents:
            if not by_code and all(v is None for v in parent.values.values()):
                continue  # a numbered heading printed without figures (一、部门预算) is not a subtotal
            if by_code:
                children = code_children(rows, parent) if parent.code else level_children(rows, parent)
            else:
                children = enum_children(rows, parent)
            if not children:
                continue
            word = {1: "款", 2: "项"}.get(parent.level, "items") if by_code else "items"
            count = len(children)
            says = lambda e, n=count, w=word: f"its {n} {w} sum to {fmt(e)}"  # noqa: E731
            word_zh = word if by_code and parent.level in (1, 2) else "个分项"
            says_zh = lambda e, n=count, w=word_zh: f"其下 {n} {w}之和为 {fmt(e)}"  # noqa: E731
            done, problems = sum_by_column(rule, table, side, parent, children, says, says_zh)
            evaluated |= done
            yield from problems
    if not evaluated:
        raise Skip("no parent row with children and figures")
