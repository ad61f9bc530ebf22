"""row_sum — in every row, one column equals the sum of other columns.

合计 = 基本支出 + 项目支出; 总计 = 财政拨款小计 + 财政专户 + 单位资金 + 结转 …;
合计 = 人员经费 + 公用经费. Parts whose column the table does not have are left out
when listed under ``optional``; at least two parts must be present.

When the total
column belongs to a merged header group (本年收入 over 合计 | 一般公共预算 | …), a part is
taken only from that group, never from a neighbouring one (上年结转结余).

Example (fails): 支出总表 221 02 01 住房公积金 合计 40.00, but 基本支出 40.00 + 项目支出 200.00 = 240.00.
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.findings import Problem
from budget_audit.rules.checks.common import compare_columns, each_side
from budget_audit.rules.options import Option
from budget_audit.rules.refs import IN_GROUP, Skip, find_column
from budget_audit.rules.ruleset import Rule

OPTIONS = (
    Option("tables", "aliases", "the tables checked", required=True),
    Option("total", "names", "the header of the total column", required=True),
    Option("parts", "names-list", "the headers of the columns it sums", required=True),
    Option("optional", "names-list", "parts that may be missing from a table (left out of the sum)", default=[]),
)


def _columns(table, side, rule: Rule):
    """(total column, part columns); None when the table lacks them, False when they are there but a
    header does not line up with its figures (the reader's limit, not the template's)."""
    total = find_column(table, rule.parsed["total"], side)
    if total is None:
        return None
    optional = {n for o in rule.parsed["optional"] for n in o}
    group = total.parents[-1] if total.parents else None
    # a rule naming columns by their group (决算数(公务接待费)) has chosen them: no group fence
    by_group = any(IN_GROUP.match(n) for spec in [rule.parsed["total"], *rule.parsed["parts"]] for n in spec)
    parts = []
    for spec in rule.parsed["parts"]:
        col = find_column(table, spec, side)
        if col is not None and group and col.parents and group not in col.parents and not by_group:
            col = None  # a column of another group (单位资金 under 上年结转, beside 本年收入合计)
        if col is None:
            if set(spec) & optional:
                continue
            return None
        parts.append(col)
    if len(parts) < 2:
        return None
    if any(c.uncertain for c in parts + [total]):
        return False  # found, but a header does not line up with its figures
    return total, parts


def check(doc, rule: Rule) -> Iterator[Problem]:
    evaluated = False
    reasons: list[str] = []
    untrusted = False
    for alias, table, side in each_side(doc, rule.parsed["tables"], reasons):
        cols = _columns(table, side, rule)
        if not cols:
            untrusted |= cols is False
            reasons.append(f"{alias}: columns not trusted (a header misaligned with its figures)" if cols is False
                           else f"{alias}: columns not found")
            continue
        total_col, part_cols = cols
        for row in (r for r in table.rows if r.side == side):
            done, problem = compare_columns(rule, table, row, total_col, part_cols)
            evaluated |= done
            if problem:
                yield problem
    if not evaluated:
        raise Skip("; ".join(reasons) or "no row with figures", unread=untrusted)
