"""outturn — a 决算 statement against its own figures and against the tables.

Each statement of a 决算 narrative ("年初预算为 A 万元，支出决算为 B 万元，完成年初预算的 R%。决算数
大于年初预算数 D 万元", see parse/outturn.py) is checked for one ``aspect``:

- ``rate``: R = B ÷ A (or ÷ the 全年预算数 when the sentence says 全年预算), with every figure's
  rounding interval; a rate that truncates instead of rounding is a warning. A rate stated over a
  budget of 0 is a warning: there is no such rate (docs/relationships.md 49).
- ``direction``: 大于/高于 only when B > A, 小于/低于 only when B < A, 持平/一致/等于 only when
  B = A; a stated difference D = |B − A| (50).
- ``budget``: with ``check --pair``, the 年初预算 a statement cites equals the figure of the same
  department's 预算 of that year given beside it: a ``subjects`` entry's ``budget`` reference, or the
  ``chain`` table's row of the 项 (``chain_initial`` column) in the budget (55; a warning: the
  budget may have been restated).
- ``tables``: the 决算 amount (and the 年初预算, where the table prints one) equals the table's:
  statements whose subject matches a ``subjects`` entry are compared with its references
  (``final``, ``initial``; a list of references is tried in order, one per table layout); a statement about one 项 ("一般公共服务支出（类）…（款）…（项）") with
  that row of the ``chain`` table, found by the names of its 类, 款 and 项 (52, 53); a 项 whose 类 the
  table lists but not under the 款/项 names the prose gives is a warning (the prose names it otherwise).
  A figure printed in 万元 to the decimals of a table in 万元 is a copy of it: one unit of the last
  digit apart is a warning, two or more an error; more decimals than the table prints, rounding to
  its figure, is a warning (not taken from the table as published).

Example (fails, rate): 年初预算为 200.00 万元，支出决算为 186.35 万元，完成年初预算的 93.81% —
186.35 ÷ 200.00 = 93.18%.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budget_audit.findings import ERROR, WARNING, Problem, fmt, judge
from budget_audit.model import Outturn, Table, Value
from budget_audit.rules.checks.hierarchy import chain_names, chain_row, same_name
from budget_audit.rules.checks.narrative import (
    HUNDRED,
    finer_than,
    judge_restated,
    rate_verdict,
    statement_problem,
)
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip, find_column, resolve
from budget_audit.rules.ruleset import Rule

ASPECTS = ("rate", "direction", "tables", "budget")


def _subjects(value, ctx) -> list[tuple]:
    """Each ``{match, final?, initial?, budget?}`` as (pattern, {key: [Ref, …]})."""
    parsed = []
    for entry in ctx.items(value):
        if not isinstance(entry, dict) or "match" not in entry:
            ctx.fail("each subject needs match")
        unknown = set(entry) - {"match", "final", "initial", "budget"}
        if unknown:
            ctx.fail(f"unknown key {sorted(unknown)[0]!r} in a subject (known: match, final, initial, budget)")
        refs = {k: [ctx.ref(str(x)) for x in ctx.items(entry[k])] for k in ("final", "initial", "budget") if k in entry}
        parsed.append((ctx.regex(str(entry["match"])), refs))
    return parsed


OPTIONS = (
    Option("aspect", "choice", "what is judged: the completion rate, the direction words and differences, the amounts "
           "against the 决算 tables, or the 年初预算 against the same year's 预算 (check --pair)", required=True, choices=ASPECTS),
    Option("subjects", "structured", "for tables and budget: a list of {match, final, initial, budget}: a regular "
           "expression on the statement's subject and the references (a list is tried in order) of its 决算数, its "
           "年初预算, and its figure in the 预算", default=[], parse=_subjects),
    Option("chain", "alias", "for tables and budget: the table where a 类/款/项 statement is looked up"),
    Option("chain_final", "names", "the chain table's 决算数 column"),
    Option("chain_initial", "names", "the chain table's 年初预算 column (in the 预算: its 预算数 column)"),
)


def _problem(rule: Rule, severity: str, o: Outturn, message: str, expected=None, actual=None, zh: str | None = None) -> Problem:
    quoted = o.sentence if len(o.sentence) <= 70 else o.sentence[:69] + "…"
    return statement_problem(severity, quoted, message, expected, actual, o.line, o.lines, o.subject, zh)


def _label(word: str | None) -> str:
    return {"年初": "年初预算", "全年": "全年预算数", "调整": "调整预算数"}.get(word or "", "预算")


def _rate(rule: Rule, o: Outturn) -> Iterator[Problem]:
    base = o.base(o.rate_base)
    if base is None:
        return
    if base.amount == 0:
        yield _problem(rule, WARNING, o, f"states a rate of {o.rate.printed}% of a {_label(o.rate_base)} of 0: there is no such rate",
                       zh=f"{_label(o.rate_base)}为 0，却写有完成率 {o.rate.printed}%：这样的比率并不存在")
        return
    lo = (o.final.amount - o.final.half_unit) / (base.amount + base.half_unit) * HUNDRED
    hi = (o.final.amount + o.final.half_unit) / (base.amount - base.half_unit) * HUNDRED if base.amount > base.half_unit else lo
    verdict = rate_verdict(min(lo, hi), max(lo, hi), o.rate)
    if verdict:
        exact = o.final.amount / base.amount * HUNDRED
        yield _problem(
            rule, verdict, o,
            f"{o.rate.printed}% stated, but {o.final.printed} ÷ {base.printed} = {fmt(exact.quantize(Decimal('0.01')))}%"
            + (" (rounding-level)" if verdict == WARNING else ""),
            exact.quantize(Decimal("0.01")), o.rate.amount,
            zh=f"所述完成率 {o.rate.printed}%，但 {o.final.printed} ÷ {base.printed} = {fmt(exact.quantize(Decimal('0.01')))}%"
            + ("（舍入级差异）" if verdict == WARNING else "（超出舍入误差）"),
        )


def _direction(rule: Rule, o: Outturn) -> Iterator[Problem]:
    for word, base_word, difference in ((o.direction, o.direction_base, o.difference), *o.more_directions):
        base = o.base(base_word)
        if base is None:
            continue
        gap = o.final.amount - base.amount
        actual = "大于" if gap > 0 else "小于" if gap < 0 else "等于"
        if actual != word:
            yield _problem(
                rule, ERROR, o,
                f"says 决算数{word}{_label(base_word)}, but {o.final.printed} against {base.printed} is {actual}",
                actual, word,
                zh=f"写作决算数{word}{_label(base_word)}，但 {o.final.printed} 与 {base.printed} 相比是{actual}",
            )
            return  # one wrong word per statement is enough to say
        if difference is not None:
            verdict = judge(difference, [(1 if gap > 0 else -1, o.final), (-1 if gap > 0 else 1, base)], rule.tolerance)
            if not verdict.consistent:
                yield _problem(
                    rule, WARNING if verdict.rounding_level else ERROR, o,
                    f"states a difference of {difference.printed}, but |{o.final.printed} − {base.printed}| = {fmt(abs(gap))}",
                    abs(gap), difference.amount,
                    zh=f"所述差额 {difference.printed}，但 |{o.final.printed} − {base.printed}| = {fmt(abs(gap))}",
                )
                return


def _first(doc, refs: list):
    """The first of several references (one per table layout) that the document has."""
    for ref in refs:
        try:
            return ref, resolve(doc, ref)
        except Skip:
            continue
    return None


def _unlisted(rule: Rule, table: Table, o: Outturn) -> Problem | None:
    """A statement about a 项 whose 类 the table lists but not under the names the prose gives
    (a 款 or 项 named differently, an old catalogue name): a warning, the figures are not compared."""
    chain = chain_names(o.subject)
    if chain is None or len(chain) < 2 or not any(r.level == 1 and same_name(r.name, chain[0][0]) for r in table.rows):
        return None
    below = "".join(f"{n}（{lv}）" for n, lv in chain[1:])
    return _problem(
        rule, WARNING, o,
        f"names {below} under {chain[0][0]}（类）, which {table.alias} does not list so "
        "(a 款 or 项 named otherwise than in the table)",
        zh=f"所述 {chain[0][0]}（类）{below}在{table.alias}中找不到同名的款、项（文中名称与表中不一致）",
    )


def _compare(rule: Rule, o: Outturn, stated: Value, found: Value | None, what: str, where: str) -> Iterator[Problem]:
    """A figure against the same department's 预算 (in 万元): a rounding of it at most."""
    if found is None:
        return
    verdict = judge(found, [(1, stated)], rule.tolerance)
    if not verdict.consistent:
        yield _problem(
            rule, WARNING if verdict.rounding_level else ERROR, o,
            f"{what} {stated.printed}, but {where} {found.printed}", found.amount, stated.amount,
            zh=f"所述{what} {stated.printed}，但{where} 为 {found.printed}，{verdict.describe_zh()}",
        )


def _compare_printed(rule: Rule, o: Outturn, stated: Value, found: Value | None, unit: str | None, what: str,
                     where: str) -> Iterator[Problem]:
    """A figure (in 万元) against the table's as printed, in the table's ``unit``: in 万元 to the same
    decimals it is a copy of it (``judge_restated``); with more decimals than the table prints, it
    was not taken from the table as published (a warning)."""
    if found is None:
        return
    verdict = judge_restated(stated, "万元", found, unit, rule.tolerance)
    table = found.in_wan(unit)
    if not verdict.consistent:
        copies = f" ({verdict.describe()})" if verdict.copies and abs(verdict.difference) <= 2 * stated.unit else ""  # a near miss
        yield _problem(
            rule, WARNING if verdict.rounding_level else ERROR, o,
            f"{what} {stated.printed}, but {where} {found.printed}{copies}", table.amount, stated.amount,
            zh=f"所述{what} {stated.printed}，但{where} 为 {found.printed}，{verdict.describe_zh()}",
        )
    elif finer_than(stated, "万元", found, unit):
        yield _problem(
            rule, WARNING, o,
            f"{what} {stated.printed} has more decimals than {where} {found.printed} prints: "
            "the figure was not taken from the table as published", table.amount, stated.amount,
            zh=f"所述{what} {stated.printed} 的小数位多于{where}所列 {found.printed}：文中数字并非取自所公开的表",
        )


def _tables(rule: Rule, doc, o: Outturn) -> tuple[bool, list[Problem]]:
    out: list[Problem] = []
    for pattern, refs in rule.parsed["subjects"]:
        if not pattern.search(o.subject):
            continue
        judged = False
        for key, stated in (("final", o.final), ("initial", o.initial)):
            if key not in refs or stated is None:
                continue
            found = _first(doc, refs[key])
            if found is None:
                continue
            judged = True
            res = found[1]
            printed = res.row.values.get(res.column.name) if res.row is not None and res.column is not None else None
            out += _compare_printed(rule, o, stated, printed, res.table.unit,
                                    "决算数" if key == "final" else "年初预算", found[0].text)
        return judged, out
    table = doc.table(rule.parsed["chain"] or "")
    row = chain_row(table, o.subject) if table is not None else None
    if row is None:
        unlisted = _unlisted(rule, table, o) if table is not None else None
        return unlisted is not None, [unlisted] if unlisted else out
    judged = False
    for key, stated in (("chain_final", o.final), ("chain_initial", o.initial)):
        column = find_column(table, rule.parsed[key], row.side) if rule.parsed[key] else None
        if column is None or stated is None or column.uncertain:
            continue
        value = row.values.get(column.name)
        judged = True
        out += _compare_printed(rule, o, stated, value, table.unit,
                                "决算数" if key == "chain_final" else "年初预算", f"{table.alias} {row.label} {column.name}")
    return judged, out


def _budget(rule: Rule, doc, o: Outturn) -> tuple[bool, list[Problem]]:
    """The 年初预算 cited against the same year's budget document (relationship 55)."""
    budget = doc.budget
    if o.initial is None:
        return False, []
    for pattern, refs in rule.parsed["subjects"]:
        if pattern.search(o.subject) and "budget" in refs:
            found = _first(budget, refs["budget"])
            if found is None:
                return False, []
            return True, list(_compare(rule, o, o.initial, found[1].value, "年初预算", f"the 预算's {found[0].text}"))
    table = budget.table(rule.parsed["chain"] or "")
    row = chain_row(table, o.subject) if table is not None else None
    column = find_column(table, rule.parsed["chain_initial"], row.side) if row is not None and rule.parsed["chain_initial"] else None
    if row is None or column is None or column.uncertain:
        return False, []
    found = table.figure(row, column.name)
    return True, list(_compare(rule, o, o.initial, found, "年初预算", f"the 预算's {table.alias} {row.label} {column.name}"))


def check(doc, rule: Rule) -> Iterator[Problem]:
    if not doc.outturns:
        raise Skip("no 年初预算 … 决算 statement in the narrative")
    if rule.parsed["aspect"] == "budget" and doc.budget is None:
        raise Skip("no 预算 of the same department and year given beside it (check --pair)")
    aspect = rule.parsed["aspect"]
    judged = 0
    for o in doc.outturns:
        if aspect == "rate" and o.rate is not None and o.base(o.rate_base) is not None:
            judged += 1
            yield from _rate(rule, o)
        elif aspect == "direction" and o.direction is not None and o.base(o.direction_base) is not None:
            judged += 1
            yield from _direction(rule, o)
        elif aspect in ("tables", "budget"):
            done, found = (_tables if aspect == "tables" else _budget)(rule, doc, o)
            judged += done
            yield from found
    if not judged:
        raise Skip(f"no statement states a {'rate' if aspect == 'rate' else aspect} to check" if aspect != "tables"
                   else "no statement names a table figure that could be found")
