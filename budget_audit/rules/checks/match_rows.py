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

A table that prints no 类 rows but only 项 (or only 款) rows — every coded row of one length, as
a table listing each unit's 项 does — gives each class as the sum of its rows (by the code's first
three digits): that sum is judged against the other table's class figure as a sum, within the
rounding of its parts, not as a copy.

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
    side_rows = [r for r in table.rows if r.side == side]
    return table, col, _selected(side_rows, rule.parsed["rows"]), side_rows


def _leaves(rows: list[Row]) -> dict[str, list[Row]] | None:
    """A table without 类 rows, by class: its coded rows when all are of one length (项 only, or 款
    only — nothing is then counted twice), grouped by the class their code begins with."""
    coded = [r for r in rows if not r.is_total and r.code and r.code.isdigit() and r.code.startswith("2")]
    if not coded or any("garbled-code" in r.flags for r in rows) or len({len(r.code) for r in coded}) != 1:
        return None
    if len(coded[0].code) not in (5, 7):
        return None
    groups: dict[str, list[Row]] = {}
    for r in coded:
        groups.setdefault(r.code[:3], []).append(r)
    return groups


def _complete(table, col, rows: list[Row], leaves: dict[str, list[Row]]) -> None:
    """Summing a table's rows into classes needs every row: only when its rows add up to its own
    total row is the reading known to be whole (a page lost, or a table printed short, would
    otherwise be a class "missing" money). Skip otherwise — table.column-total speaks to that."""
    total = next((r for r in rows if r.is_total), None)
    value = table.figure(total, col.name) if total is not None else None
    if value is None:
        raise Skip(f"{table.alias} prints 项 rows only and no total row: whether all were read cannot be told", unread=True)
    parts = [table.figure(m, col.name) for ms in leaves.values() for m in ms]
    if not judge(value, [(1, p) for p in parts]).consistent:
        raise Skip(f"{table.alias}'s 项 rows do not add up to its total row: not summed into classes")


def _against_leaves(rule: Rule, ct, cc, class_rows: list[Row], lt, lc, leaves: dict[str, list[Row]]) -> Iterator[Problem]:
    """Each class row of ``ct`` against the sum of the rows of that class in ``lt``."""
    evaluated = False
    for row in class_rows:
        members = leaves.pop(row.code, []) if row.code else None
        if members is None:
            continue
        cv = ct.figure(row, cc.name)
        parts = [lt.figure(m, lc.name) for m in members]
        if cv is None and all(p is None for p in parts):
            continue
        evaluated = True
        verdict = judge(cv, [(1, p) for p in parts], rule.tolerance)
        if verdict.consistent:
            continue
        total = sum((p.amount for p in parts if p is not None), 0)
        yield table_problem(
            rule, verdict, ct, row, cc, cv, parts,
            f"{ct.alias} {row.label} {cc.name} {shown(cv)}, but the {len(members)} rows of class {row.code} in "
            f"{lt.alias} sum to {fmt(total)}",
            total,
            f"{lt.alias} 中 {row.code} 类的 {len(members)} 行之和为 {fmt(total)}",
        )
    for code, members in leaves.items():  # a class the other table does not print
        total = sum((v.amount for m in members if (v := m.values.get(lc.name)) is not None), 0)
        if total:
            evaluated = True
            first = members[0]
            yield problem_at(first.line, f"{lt.alias}: the rows of class {code} sum to {fmt(total)}, but {ct.alias} has no row for {code}",
                message_zh=f"{lt.alias} 中 {code} 类各行之和为 {fmt(total)}，但{ct.alias}中没有这一类",
                table=lt.alias, row=first.label, column=lc.name, expected="0", actual=fmt(total), difference=fmt(total),
                page=first.page)
    if not evaluated:
        raise Skip("no class with figures to compare")


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
    lt, lc, lrows, lside = _prepare(doc, rule, "left")
    rt, rc, rrows, rside = _prepare(doc, rule, "right")
    if rule.parsed["rows"] == "classes" and bool(lrows) != bool(rrows):
        leaves = _leaves(rside if lrows else lside)
        if leaves is not None:  # one table prints 项 (or 款) only: its classes are sums
            _complete(*((rt, rc, rside) if lrows else (lt, lc, lside)), leaves)
            yield from (_against_leaves(rule, lt, lc, lrows, rt, rc, leaves) if lrows
                        else _against_leaves(rule, rt, rc, rrows, lt, lc, leaves))
            return
    if not lrows or not rrows:
        raise Skip("no subject rows to compare")
    if rule.parsed["rows"] == "all" and any("garbled-code" in r.flags for t in (lt, rt) for r in t.rows):
        raise Skip("subject codes garbled in one of the tables", unread=True)
    find_right = _key_lookup(rrows)
    find_left = _key_lookup(lrows)
    matched = set()
    for row in lrows:
        other = find_right(row)
        lv = lt.figure(row, lc.name)
        if other is None:
            if lv is not None and lv.amount != 0:
                yield _missing(rule, lt, row, lc, rt)
            continue
        matched.add(id(other))
        rv = rt.figure(other, rc.name)
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
