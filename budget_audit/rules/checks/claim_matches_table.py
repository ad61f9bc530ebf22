"""claim_matches_table — an amount the prose states for a table subject equals that figure.

Subjects are matched three ways:
- a 类/款/项 chain, "一般公共服务支出（类）…（款）行政运行（项）… 400.00 万元", is looked up
  in the ``chain`` table (by class, then 款, then 项 name) and compared with its first
  column; a bare "…支出（类）" or a class name alone with the class row;
- "预算安排规模" of a project (项目名称：…) with the sum of that project's rows in the
  ``projects`` table;
- everything else by the ``subjects`` list: a regular expression on the subject, an
  optional one on the section headings, and the references whose figure it must equal
  (any of them; the first is quoted when none does).
With ``relation: at-most`` the references bound the amount instead: it may be smaller, not larger
(beyond rounding) — for a figure that is only a part of the table's, as 机关运行经费 is of the 公用经费
of a department with 事业单位. Amounts in 元 are converted to 万元; an amount exactly 10,000 times off (元 labelled 万元, or
万元 labelled 元) or 10 times off (a misplaced decimal point) says so in the finding. A subject that cannot be found in the tables is skipped, never guessed.

A prose figure printed in the table's unit to the table's decimals is a copy of the table's figure
(one database): rounding cannot make them differ, so one unit of the last digit apart is a warning
and two or more the rule's severity (docs/design.md §4). A figure printed to fewer decimals or in
another unit is a rounding of it. A figure printed with more decimals than the table, that rounds
to the table's (12.346 where the table prints 12.35), is a warning: it was not taken from the table
as published.

Example (fails): 住房保障支出（类）：30.00 万元 — 一般公共预算支出表 221 住房保障支出 合计 40.00.
Example (fails, copies): 基本支出 120.45 万元 — 一般公共预算支出表 合计 基本支出 120.47 (an error; 120.46 a warning).
Example (fails, a warning): 基本支出 120.458 万元 — the table prints 120.46.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budget_audit.findings import ERROR, WARNING, Problem, fmt, judge
from budget_audit.model import Claim, Row, Value
from budget_audit.parse.normalize import compact
from budget_audit.rules.checks.hierarchy import chain_row
from budget_audit.rules.checks.narrative import (
    TEN_THOUSAND,
    claim_problem,
    claims,
    finer_than,
    judge_restated,
)
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Resolved, Skip, resolve
from budget_audit.rules.ruleset import Rule


def _subjects(value, ctx) -> list[tuple]:
    """Each ``{match, section?, refs}`` as (pattern, section pattern or None, [Ref])."""
    entries = []
    for entry in ctx.items(value):
        if not isinstance(entry, dict) or "match" not in entry or "refs" not in entry:
            ctx.fail("each subject needs match and refs")
        unknown = set(entry) - {"match", "section", "refs"}
        if unknown:
            ctx.fail(f"unknown key {sorted(unknown)[0]!r} in a subject (known: match, section, refs)")
        section = ctx.regex(entry["section"]) if entry.get("section") else None
        entries.append((ctx.regex(entry["match"]), section, [ctx.ref(str(r)) for r in ctx.items(entry["refs"])]))
    return entries


OPTIONS = (
    Option("subjects", "structured", "a list of {match, section, refs}: a regular expression on the subject, an "
           "optional one on the section headings, and the references whose figure the amount must equal",
           default=[], parse=_subjects),
    Option("chain", "alias", "the table where a 类/款/项 chain is looked up"),
    Option("projects", "alias", "the project table (项目支出表) for a project's 预算安排规模"),
    Option("relation", "choice", "equal: the amount is the table's figure; at-most: the figure is an upper bound "
           "of the amount (it may be smaller, not larger)", default="equal", choices=("equal", "at-most")),
)


def _chain_row(doc, alias: str, subject: str) -> Row | None:
    table = doc.table(alias)
    return chain_row(table, subject) if table is not None else None


def _class_row(doc, alias: str, subject: str) -> Row | None:
    table = doc.table(alias)
    if table is None:
        return None
    return next((r for r in table.rows if r.level == 1 and r.code and r.name == subject), None)


def _compare(rule: Rule, claim: Claim, figure: Value | None, unit: str | None, label: str) -> tuple[bool, Problem | None]:
    """The claim against a table figure as printed (``unit``: the table's; None for a figure the
    tables do not print as such, a sum of rows, which the prose can only round): whether they agree,
    and the finding (when they agree, only that the prose prints more decimals than the table)."""
    stated = claim.amount.in_wan(claim.unit)
    table_value = figure.in_wan(unit) if figure is not None else None
    if figure is None:
        verdict = judge(stated, [(1, None)], rule.tolerance)
    else:
        verdict = judge_restated(claim.amount, claim.unit, figure, unit, rule.tolerance)
    if verdict.consistent:
        return True, _finer(rule, claim, figure, unit, label) if figure is not None else None
    shown = table_value.printed if table_value is not None else "blank"
    unit_note = _slip(claim, table_value) if table_value is not None and table_value.amount else ""
    severity = WARNING if verdict.rounding_level else ERROR
    copies = f" ({verdict.describe()})" if verdict.copies and abs(verdict.difference) <= 2 * stated.unit else ""  # a near miss
    return False, claim_problem(
        rule, severity, claim,
        f"{claim.subject} {claim.amount.printed}{claim.unit}, but {label} {shown}{unit_note}{copies}",
        table_value.amount if table_value is not None else Decimal(0), stated.amount.normalize()
        if claim.unit != "万元" else stated.amount,
        line=claim.amount.line, lines=(table_value.line,) if table_value is not None else (),
        message_zh=f"{claim.subject} {claim.amount.printed}{claim.unit}，但{label} 为 {table_value.printed if table_value is not None else '空白'}"
        + ("——文中数字像是以元计却标作万元" if unit_note else "")
        + f"，{verdict.describe_zh()}",
    )


def _figure(found: Resolved) -> tuple[Value | None, str | None, str]:
    """A resolved reference's figure, the unit it is printed in (None for a figure the tables do
    not print as such) and how a finding names it."""
    if found.column is None:
        return found.value, None, f"{found.table.alias} {found.row.label}"
    return (found.row.values.get(found.column.name), found.table.unit,
            f"{found.table.alias} {found.row.label} {found.column.name}")


def _exceeds(rule: Rule, claim: Claim, bound: Resolved) -> Problem | None:
    """The claim when it is larger than the table figure that bounds it, beyond the rounding of
    either (an amount may be a part of the figure, never more than all of it)."""
    figure, unit, label = _figure(bound)
    if figure is None:
        return None
    stated = claim.amount.in_wan(claim.unit)
    limit = figure.in_wan(unit)
    if stated.amount <= limit.amount + stated.half_unit + limit.half_unit:
        return None
    return claim_problem(
        rule, ERROR, claim,
        f"{claim.subject} {claim.amount.printed}{claim.unit} is more than {label} {limit.printed}, of which it is a part",
        limit.amount, stated.amount, line=claim.amount.line, lines=(limit.line,),
        message_zh=f"{claim.subject} {claim.amount.printed}{claim.unit} 大于{label} {limit.printed}，而前者只是后者的一部分",
    )


def _finer(rule: Rule, claim: Claim, figure: Value, unit: str | None, label: str) -> Problem | None:
    """A warning for a prose figure with more decimals than the table prints, that rounds to it
    (12.346 where the table shows 12.35): it was not taken from the table as published."""
    if not finer_than(claim.amount, claim.unit, figure, unit):
        return None
    return claim_problem(
        rule, WARNING, claim,
        f"{claim.subject} {claim.amount.printed}{claim.unit} has more decimals than {label} {figure.printed}{unit} "
        "prints: the figure was not taken from the table as published",
        figure.amount, claim.amount.amount, line=claim.amount.line, lines=(figure.line,),
        message_zh=f"{claim.subject} {claim.amount.printed}{claim.unit} 的小数位多于{label}所列 {figure.printed}{unit}："
        "文中数字并非取自所公开的表",
    )


def _slip(claim: Claim, table_value: Value) -> str:
    """What a figure that is the table's times 10⁴ or 10 (to the printed precision) was likely meant to be."""
    table = table_value.amount

    def close(amount: Decimal) -> bool:
        return abs(amount - table) <= table_value.unit

    stated, wan = claim.amount.amount, claim.amount.in_wan(claim.unit).amount
    if claim.unit == "万元" and close(stated / TEN_THOUSAND):
        return " — the prose figure looks like 元 labelled 万元"
    if claim.unit == "元" and close(stated):
        return " — the prose figure looks like 万元 labelled 元"
    if close(wan / 10):
        return " — ten times the table's: a misplaced decimal point?"
    if close(wan * 10):
        return " — a tenth of the table's: a misplaced decimal point?"
    return ""


def _compare_row(rule: Rule, claim: Claim, table, row: Row) -> Iterator[Problem]:
    """The claim against the row's first figure column (合计)."""
    col = next(c for c in table.columns if c.side is None)
    _, problem = _compare(rule, claim, row.values.get(col.name), table.unit, f"{table.alias} {row.label} {col.name}")
    if problem:
        yield problem


def check(doc, rule: Rule) -> Iterator[Problem]:
    evaluated = 0
    chain = rule.parsed["chain"]
    projects = rule.parsed["projects"]
    for claim in claims(doc):
        if claim.amount is None or claim.unit not in ("万元", "元") or not claim.subject:
            continue
        subject = claim.subject
        if chain and ("(类)" in subject):
            row = _chain_row(doc, chain, subject)
            if row is not None:
                evaluated += 1
                yield from _compare_row(rule, claim, doc.table(chain), row)
            continue
        if projects and claim.project and "预算安排规模" in subject:
            table = doc.table(projects)
            rows = [r for r in table.rows if r.project and compact(r.project) == claim.project] if table else []
            if rows:
                col = table.columns[0]
                values = [r.values[col.name].in_wan(table.unit) for r in rows if r.values.get(col.name) is not None]
                if values:
                    evaluated += 1
                    total = sum((v.amount for v in values), Decimal(0))
                    places = max(v.decimals for v in values)
                    figure = Value(total, fmt(total.quantize(Decimal(1).scaleb(-places))), values[0].line)
                    _, problem = _compare(rule, claim, figure, None, f"{projects} {claim.project} {col.name}")
                    if problem:
                        yield problem
            continue
        matched = False
        for pattern, section, refs in rule.parsed["subjects"]:
            if not pattern.search(subject) or (section and not section.search(claim.section)):
                continue
            matched = True
            resolved = []
            for ref in refs:
                try:
                    resolved.append(resolve(doc, ref))
                except Skip:
                    continue
            resolved = [r for r in resolved if r.row is not None]
            if not resolved:
                break
            evaluated += 1
            if rule.parsed["relation"] == "at-most":
                problem = _exceeds(rule, claim, resolved[0])
                if problem:
                    yield problem
                break
            compared = [_compare(rule, claim, *_figure(r)) for r in resolved]
            agreeing = [f for ok, f in compared if ok]
            if not agreeing:
                yield compared[0][1]
            elif all(f is not None for f in agreeing):
                yield agreeing[0]  # agrees with the table only to its printed precision
            break
        if not matched and chain:
            row = _class_row(doc, chain, subject)
            if row is not None and "一般公共预算" in claim.section and "财政拨款" not in claim.section:
                evaluated += 1
                yield from _compare_row(rule, claim, doc.table(chain), row)
    if not evaluated:
        raise Skip("no claim names a table subject")
