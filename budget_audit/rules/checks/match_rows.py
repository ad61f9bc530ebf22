"""match_rows — the same subject has the same figure in two tables, row by row.

Rows are paired by subject code where both tables print one, else by name (without
enumerator). A subject with a non-zero figure on one side and no row on the other is
reported too. ``rows: classes`` (default) compares 类 rows only; ``rows: all`` every
coded row.

The two figures are copies of one figure: they come from one database and are rounded
alike, so rounding cannot make them differ. Printed to the same precision they must be
identical — one unit of the last digit apart is a warning (a typo, or a figure re-rounded by
hand), two or more an error; printed to different precisions (元 beside 万元) the coarser must
be the finer rounded. ``copies: false`` judges them as figures that rounding may separate (±
half a unit each), for a rule whose right side is computed rather than copied.

Example (fails): 支出总表 208 社会保障和就业支出 合计 110.00, but 收支总表 支出 208 … 预算数 101.00.
Example (fails, an error): 支出总表 201 一般公共服务支出 合计 673.76, but 收支总表 201 … 673.78.
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.findings import Problem, fmt, judge, judge_copies
from budget_audit.model import Row
from budget_audit.rules.checks.common import (
    names,
    problem_at,
    shown,
    shown_zh,
    table_problem,
)
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip, certain_column, first_column, need_table
from budget_audit.rules.ruleset import Rule


def _table_side(value, ctx) -> tuple[str, tuple[str, ...] | None, str | None]:
    """``{table, column?, side?}`` as (alias, column names or None, side or None)."""
    spec = ctx.mapping(value)
    if "table" not in spec:
        ctx.fail("needs a table")
    unknown = set(spec) - {"table", "column", "side"}
    if unknown:
        ctx.fail(f"unknown key {sorted(unknown)[0]!r} (known: table, column, side)")
    column = names(spec["column"]) if spec.get("column") else None
    return ctx.alias(spec["table"]), column, str(spec["side"]) if spec.get("side") else None


OPTIONS = (
    Option("left", "structured", "{table, column, side}: the table whose rows are compared (column: default its first "
           "figure column; side: of a two-sided table, default its last)", required=True, parse=_table_side),
    Option("right", "structured", "{table, column, side}: the table holding the copies", required=True, parse=_table_side),
    Option("rows", "choice", "the rows compared: the classes (类), or every coded row", default="classes", choices=("classes", "all")),
    Option("copies", "bool", "judge as copies of one figure (identical; false: figures rounding may separate)", default=True),
)


def _selected(rows: list[Row], which: str) -> list[Row]:
    if which == "all":
        return [r for r in rows if r.code and not r.is_total]
    # 类 rows: by code, by a garbled code's column, or by a functional class's name (coded by the parser);
    # an enumerated line such as 一、本年支出 is a subtotal, not a class
    # (a level from numbering alone, 一、部门预算, names no class); a 类 of the functional
    # classification is coded 2xx — a 1xx code in an expenditure table is a budget unit's
    return [
        r for r in rows
        if not r.is_total and r.level == 1 and (r.code or "garbled-code" in r.flags) and not (r.code or "2").startswith("1")
    ]


def _side(rule: Rule, key: str):
    return rule.parsed[key]


def _prepare(doc, rule: Rule, key: str):
    alias, column, side = _side(rule, key)
    table = need_table(doc, alias)
    if table.sides and side is None:
        side = table.sides[-1]
    col = certain_column(table, column, side) if column else first_column(table, side)
    rows = _selected([r for r in table.rows if r.side == side], rule.parsed["rows"])
    return table, col, rows


def _key_lookup(rows: list[Row]):
    """Pair by code; else by name, allowing a name cut short in the printing (社会保障和就业支)."""
    by_code = {r.code: r for r in rows if r.code}
    by_name = {r.name: r for r in rows}

    def find(row: Row) -> Row | None:
        if row.code and row.code in by_code:
            return by_code[row.code]
        if row.name in by_name:
            return by_name[row.name]
        if len(row.name) >= 4:
            cut = [r for r in rows if len(r.name) >= 4 and (r.name.startswith(row.name) or row.name.startswith(r.name))]
            if len(cut) == 1 and not (row.code and cut[0].code and row.code != cut[0].code):
                return cut[0]
        return None

    return find


def check(doc, rule: Rule) -> Iterator[Problem]:
    lt, lc, lrows = _prepare(doc, rule, "left")
    rt, rc, rrows = _prepare(doc, rule, "right")
    if not lrows or not rrows:
        raise Skip("no subject rows to compare")
    if rule.parsed["rows"] == "all" and any("garbled-code" in r.flags for t in (lt, rt) for r in t.rows):
        raise Skip("subject codes garbled in one of the tables", unread=True)
    find_right = _key_lookup(rrows)
    find_left = _key_lookup(lrows)
    matched = set()
    for row in lrows:
        other = find_right(row)
        lv = row.values.get(lc.name)
        if other is None:
            if lv is not None and lv.amount != 0:
                yield _missing(rule, lt, row, lc, rt)
            continue
        matched.add(id(other))
        rv = other.values.get(rc.name)
        lv = lv.in_wan(lt.unit) if lv is not None else None
        rv = rv.in_wan(rt.unit) if rv is not None else None
        if lv is None and rv is None:
            continue
        verdict = judge_copies(lv, rv, rule.tolerance) if rule.parsed["copies"] else judge(lv, [(1, rv)], rule.tolerance)
        if not verdict.consistent:
            yield table_problem(
                rule, verdict, lt, row, lc, lv, [rv],
                f"{lt.alias} {row.label} {lc.name} {shown(lv)}, but {rt.alias} {other.label} {rc.name} {shown(rv)}",
                rv.amount if rv is not None else 0,
                f"{rt.alias} {other.label} {rc.name} 为 {shown_zh(rv)}",
            )
    for row in rrows:
        rv = row.values.get(rc.name)
        if id(row) not in matched and find_left(row) is None and rv is not None and rv.amount != 0:
            yield _missing(rule, rt, row, rc, lt)


def _missing(rule: Rule, table, row: Row, col, other) -> Problem:
    value = row.values.get(col.name)
    return problem_at(value.line, f"{table.alias} {row.label} {col.name} {value.printed}, but {other.alias} has no row for it",
        message_zh=f"{table.alias} {row.label} {col.name} 为 {value.printed}，但{other.alias}中没有这一行",
        table=table.alias,
        row=row.label,
        column=col.name,
        expected="0",
        actual=value.printed,
        difference=fmt(value.amount),
        page=row.page,
    )
