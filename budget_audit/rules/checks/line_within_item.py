"""line_within_item — a 基本支出 economic line is covered by its 三公 item (relationship 28).

The 三公 table gives each item (因公出国(境)费, 公务接待费, 公务用车运行维护费) for all the
appropriation money (财政拨款) of the department: its 基本支出 and its projects together. The
基本支出表 gives the same spending's economic lines (30212 因公出国(境)费用, 30217 公务接待费,
30231 公务用车运行维护费; 50206/50208 … in the government classification), for 基本支出 only,
and, where its title says so, for 财政拨款 or 一般公共预算 money only. So the basic line is a
part of the 三公 item: it may be smaller (projects carry the rest, and we rarely see project
economic lines) but never larger. A basic line larger than its 三公 item is the inconsistency.

Careful, so a consistent document gives nothing:
- the 基本支出表 must say its money is the 三公 table's or a part of it (``scopes``, from the
  titles: a basic table of all funds may hold 事业收入 spending the 三公 table leaves out);
- the 三公 figure is this year's: a column of another period (上年, 增减, another year) is never
  taken, and an item found in two current columns, or none, or under a header another column
  shares (the figures cannot then be told apart), is skipped;
- a line printed more than once (one row per unit, or two classifications) is judged by its
  largest figure, never a sum, and a row whose total column is blank while its other columns are
  not is not read (its figures are shifted).
A finding is a warning: the relation is heuristic (**H** in docs/relationships.md).

Example (fails): 三公经费表 公务接待费 2.00 万元, but 基本支出表 30217 公务接待费 3.00 万元: the
basic line alone is larger than the item that covers basic and project spending together.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budget_audit.findings import Problem, fmt, judge
from budget_audit.model import Column, Row, Table, Value
from budget_audit.rules.checks.common import names, shown, shown_zh
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip, find_column
from budget_audit.rules.ruleset import Rule
from budget_audit.vocabulary import YEAR_NAMED


def _pairs(value, ctx) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each ``{item, line}`` as (names of the item, names of the economic line)."""
    pairs = []
    for pair in ctx.items(value):
        if not isinstance(pair, dict) or set(pair) != {"item", "line"}:
            ctx.fail("each pair needs item and line")
        pairs.append((names(pair["item"]), names(pair["line"])))
    return pairs


def _scopes(value, ctx) -> list[tuple[str, tuple[str, ...], set[str]]]:
    """Each ``{scope, titles, within?}`` as (scope, title words, the scopes it is a part of)."""
    scopes = []
    for scope in ctx.items(value):
        if not isinstance(scope, dict) or not {"scope", "titles"} <= set(scope) or not set(scope) <= {"scope", "titles", "within"}:
            ctx.fail("each scope needs scope and titles (and may say within)")
        scopes.append((str(scope["scope"]), names(scope["titles"]), set(names(scope.get("within", [])))))
    return scopes


OPTIONS = (
    Option("items", "alias", "the 三公 table", required=True),
    Option("lines", "alias", "the 基本支出表", required=True),
    Option("pairs", "structured", "a list of {item, line}: names of the item's row or column in the 三公 table, and "
           "of its economic line in the 基本支出表", required=True, parse=_pairs),
    Option("line_columns", "names", "names of the 基本支出表's total column", required=True),
    Option("totals", "names", "names of the 三公 table's total row when items are columns", required=True),
    Option("period", "names", "where the 三公 table prints several figures per item (预算数 beside 决算数): the word of the "
           "one compared (决算数); default: the table's only figure of this year"),
    Option("scopes", "structured", "a list of {scope, titles, within}: the money each title word names, narrowest "
           "first, and the scopes each is a part of", required=True, parse=_scopes),
)

_ENUM = re.compile(r"^(?:[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、]|\[\d+\])")
_GROUP = re.compile(r"\([^()]*(?:\([^()]*\))?[^()]*\)$")
_OTHER_PERIOD = re.compile(r"上年|增减|变化|对比|比较")


def _bare(name: str) -> str:
    return _ENUM.sub("", name)


def _forms(name: str) -> set[str]:
    """A column header and what it is without the group names the reader appended: 运行费(公务用车购置及运行费)."""
    forms = {name}
    while _GROUP.search(name):
        name = _GROUP.sub("", name)
        forms.add(name)
    return forms


def _scope(table: Table, scopes, default: str | None) -> str | None:
    return next((s for s, titles, _ in scopes if any(t in table.title for t in titles)), default)


def _of_period(col: Column, words: tuple[str, ...] | None) -> bool:
    """Whether a column holds the figure the rule compares, where a table prints several per item
    (预算数 beside 决算数): its header or a group over it names one of ``words``; any column without them."""
    return words is None or any(w in part for w in words for part in (col.name, *col.parents))


def _current(col: Column, year: int | None) -> bool:
    """Whether a column holds this year's figures: no 上年/增减 above it, no other year named."""
    words = [col.name, *col.parents]
    if any(_OTHER_PERIOD.search(w) for w in words):
        return False
    years = {int(y) for w in words for y in YEAR_NAMED.findall(w)}
    return not years or years == {year}


def _shared(table: Table, column: Column) -> bool:
    """Whether another column has the same header: a row's figures are held by header, so whose it is cannot be told."""
    return sum(c.name == column.name for c in table.columns) > 1


def _item(
    table: Table, item: tuple[str, ...], totals: tuple[str, ...], year: int | None, period: tuple[str, ...] | None = None
) -> tuple[Value, Row, Column] | None:
    """This year's figure of a 三公 item, whether the items are rows or columns; None when absent or not certain.
    ``period``: the word of the figure compared where the table prints several per item (决算数 beside 预算数):
    under each item (决算数(公务接待费), found as refs finds any grouped column) or as a row of its own."""
    rows = [r for r in table.rows if _bare(r.name) in item]
    if rows:
        columns = [c for c in table.columns if _current(c, year) and _of_period(c, period) and not c.uncertain]
        if len(rows) != 1 or not columns or _shared(table, columns[0]):
            return None
        value = table.figure(rows[0], columns[0].name)
        return (value, rows[0], columns[0]) if value is not None else None
    grouped = find_column(table, tuple(f"{w}({i})" for w in period for i in item), None) if period else None
    if grouped is not None:  # 预算数 beside 决算数 under each item: the period's column of the item
        columns = [grouped]
    else:
        columns = [c for c in table.columns if _forms(c.name) & set(item) and _current(c, year)]
    if len(columns) != 1 or columns[0].uncertain or _shared(table, columns[0]):
        return None
    total = [r for r in table.rows if r.is_total or _bare(r.name) in totals]
    if period and not total:  # periods as rows: 预算数 | 决算数 under the items
        total = [r for r in table.rows if any(w in r.name for w in period)]
    row = total[0] if total else (table.rows[0] if len(table.rows) == 1 else None)
    if row is None:
        return None
    value = table.figure(row, columns[0].name)
    return (value, row, columns[0]) if value is not None else None


def _line(table: Table, line: tuple[str, ...], column: Column) -> tuple[Value, Row] | None:
    """The basic table's largest figure for an economic line; None when not printed or not read reliably."""
    found = []
    for row in table.rows:
        if _bare(row.name) not in line:
            continue
        value = row.values.get(column.name)
        if value is None:
            if any(v is not None and v.amount != 0 for v in row.values.values()):
                return None  # the total cell blank beside figures: the row is shifted
            continue
        found.append((table.figure(row, column.name), row))
    return max(found, key=lambda f: f[0].amount) if found else None


def check(doc, rule: Rule) -> Iterator[Problem]:
    three = doc.table(rule.parsed["items"])
    basic = doc.table(rule.parsed["lines"])
    if three is None or basic is None:
        raise Skip("no 三公 table or no 基本支出表")
    scopes = rule.parsed["scopes"]
    covered = _scope(three, scopes, scopes[-1][0])  # a 三公 table is of 财政拨款 unless its title narrows it
    part = _scope(basic, scopes, None)
    if part is None:
        raise Skip(f"{basic.title}: the title does not say whose money it is (all funds may exceed the 三公 table)")
    within = next(w for s, _, w in scopes if s == part)
    if part != covered and covered not in within:
        raise Skip(f"{basic.title} ({part}) is not a part of {three.title} ({covered})")
    column = next((c for c in basic.columns if c.name in rule.parsed["line_columns"]), None)
    alike = [c for c in basic.columns if column is not None and c.name == column.name]
    if column is None or any(c.uncertain for c in alike) or (len(alike) > 1 and not basic.sides):
        # (a table printed twice side by side, 人员经费 | 公用经费, names its columns alike: a row holds its side's)
        raise Skip(f"{basic.alias} has no total column that can be trusted", unread=True)
    judged = 0
    for item_names, line_names in rule.parsed["pairs"]:
        item = _item(three, item_names, rule.parsed["totals"], doc.metadata.year, rule.parsed["period"])
        line = _line(basic, line_names, column)
        if item is None or line is None:
            continue
        judged += 1
        (cover, item_row, item_col), (value, row) = item, line
        if value.amount <= cover.amount:
            continue
        verdict = judge(value, [(1, cover)], rule.tolerance)
        if verdict.consistent:
            continue
        label = item_col.name if item_row.is_total or _bare(item_row.name) in rule.parsed["totals"] else item_row.name
        yield Problem(
            message=f"{basic.alias} {row.label} {shown(value)} is more than {three.alias} {label} {shown(cover)}, which "
            f"covers basic and project spending together (difference {fmt(verdict.difference)})",
            line=value.line,
            lines=tuple(sorted({value.line, cover.line})),
            table=basic.alias,
            row=row.label,
            column=column.name,
            expected=f"≤ {fmt(cover.amount)}",
            actual=fmt(value.amount),
            difference=fmt(verdict.difference),
            page=row.page,
            message_zh=f"{basic.alias} {row.label} 为 {shown_zh(value)}，大于{three.alias} {label} {shown_zh(cover)}"
            f"（三公经费含基本支出和项目支出，基本支出中的该项不应更大），相差 {fmt(verdict.difference)}",
        )
    if not judged:
        raise Skip("no 三公 item with its economic line printed in both tables")

