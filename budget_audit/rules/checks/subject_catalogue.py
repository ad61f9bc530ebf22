"""subject_catalogue — the function-classification subjects (类 and 款) the tables print, and the classes
the prose names, against the official 政府收支分类科目 of the document's year (``budget_audit/data/
subjects.yaml``: the catalogue of year Y applies to the budget and to the final accounts of year Y).

``look_for`` chooses what is looked for:

- ``contradiction``: a row whose code is in the catalogue but whose name is another subject's
  (205 printed with 社会保障和就业支出). Not a contradiction: a name cut short by the printing
  (社会保障和就业支), with or without its trailing 支出, with full- or half-width brackets, or a name the
  subject bore in another year.
- ``retired``: a name the subject bore until a year before the document's (210 医疗卫生与计划生育支出
  in a 2024 budget: 卫生健康支出 since 2019). The message names the name in force.
- ``misspelt``: a name one character (two in a name of eight or more) away from the name in force
  (201 一般公共服物支出), and no other subject's name.
- ``prose``: the prose naming a class (类) by another of its names than the tables print ("医疗卫生与计划
  生育支出（类）…" where the tables print 210 卫生健康支出). The prose's classes come from the parsed
  statements (类/款/项 chains, 决算 statements, the 支出预算包括 list), never from the raw text.

A code or a name the catalogue cannot place is never a finding. Names the reader may have cut or
merged are not judged: rows of a table with a column whose place is uncertain (read without its
grid), rows with a garbled code, totals and project rows. A name printed alike in several rows (the
class in 收支总表, 支出总表, 一般公共预算支出表 …) is one finding, at its first row.

Example (fails, retired): a 2024 budget's 一般公共预算支出表 prints 210 医疗卫生与计划生育支出 — the
2019 catalogue renamed it 卫生健康支出.
Example (fails, contradiction): 支出总表 205 社会保障和就业支出 — 205 is 教育支出, 208 is 社会保障和就业支出.
Example (passes): 208 社会保障和就业支 (cut short by the printing), 20103 政府办公厅(室)及相关机构事务.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from budget_audit.findings import Problem
from budget_audit.model import Document, Row
from budget_audit.rules.checks.common import problem_at
from budget_audit.rules.checks.hierarchy import chain_names
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule
from budget_audit.subjects import MISSPELT, OTHER, RETIRED, SAME, Reading, catalogue, same_name

KINDS = ("contradiction", "retired", "misspelt", "prose")
OPTIONS = (
    Option("look_for", "choice", "what is looked for", required=True, choices=KINDS),
    Option("tables", "aliases", "the tables whose coded rows are read", required=True),
)
_VERDICT = {"contradiction": OTHER, "retired": RETIRED, "misspelt": MISSPELT}



@dataclass
class Printed:
    """A subject as the tables print it: its code, name, the reading, and every row printing it so."""

    code: str
    name: str
    reading: Reading
    rows: list[tuple[str, Row]]


def _trusted(table) -> bool:
    """A table whose names are read in their cells: no column of uncertain place (read without a grid)."""
    return not any(c.uncertain for c in table.columns)


def printed_subjects(doc: Document, aliases: list[str]) -> list[Printed]:
    """The catalogued 类 and 款 the trusted tables print, one entry per code and name (first row first)."""
    book = catalogue()
    found: dict[tuple[str, str], Printed] = {}
    for alias in aliases:
        table = doc.table(alias)
        if table is None or not _trusted(table):
            continue
        for row in table.rows:
            code = row.code
            if not code or len(code) not in (3, 5) or not row.name or row.is_total or row.project:
                continue
            if "garbled-code" in row.flags or not book.names(code):
                continue
            key = (code, row.name)
            if key not in found:
                found[key] = Printed(code, row.name, book.read(code, row.name, doc.metadata.year), [])
            found[key].rows.append((alias, row))
    for subject in found.values():
        subject.rows.sort(key=lambda seen: seen[1].line)
    return sorted(found.values(), key=lambda p: p.rows[0][1].line)


def check(doc: Document, rule: Rule) -> Iterator[Problem]:
    look_for = rule.parsed["look_for"]
    printed = printed_subjects(doc, rule.parsed["tables"])
    if not printed:
        raise Skip("no table row with a subject code of the catalogue (or no table read reliably)")
    if look_for == "prose":
        yield from _prose(doc, rule, printed)
        return
    if look_for == "retired" and not catalogue().covered(doc.metadata.year):
        raise Skip(f"the document's year ({doc.metadata.year or 'not read'}) is not one the catalogue covers")
    for subject in printed:
        if subject.reading.verdict == _VERDICT[look_for]:
            yield _table_problem(rule, look_for, subject, doc.metadata.year)


def _table_problem(rule: Rule, look_for: str, subject: Printed, year: int | None) -> Problem:
    alias, row = subject.rows[0]
    code, name, official = subject.code, subject.name, subject.reading.name
    more = len(subject.rows) - 1
    also = f" (and {more} more row{'s' if more > 1 else ''})" if more else ""
    also_zh = f"（另有 {more} 行同样）" if more else ""
    if look_for == "contradiction":
        other = subject.reading.code
        message = f"{alias} {code} is named {name}, which is {other}'s name: {code} is {official}{also}"
        zh = f"{alias} 中科目 {code} 名为「{name}」，而这是科目 {other} 的名称；{code} 应为「{official}」{also_zh}"
    elif look_for == "retired":
        message = f"{alias} {code} {name} is a retired name: in the {year} catalogue {code} is {official}{also}"
        zh = f"{alias} 中科目 {code}「{name}」为旧科目名称，{year} 年政府收支分类科目中 {code} 为「{official}」{also_zh}"
    else:
        message = f"{alias} {code} is named {name}, the catalogue's name is {official}{also}"
        zh = f"{alias} 中科目 {code} 名为「{name}」，与政府收支分类科目的名称「{official}」不符（疑为笔误）{also_zh}"
    problem = problem_at(row.line, message, message_zh=zh, table=alias, row=f"{code} {name}", expected=official, actual=name,
    )
    return replace(problem, lines=tuple(sorted({r.line for _, r in subject.rows})))


def _prose_classes(doc: Document) -> Iterator[tuple[str, int]]:
    """(class name, line) for each class the prose names: 类/款/项 chains of statements, the 支出预算包括 list."""
    for item in [*doc.claims, *doc.outturns]:
        chain = chain_names(item.subject) if "(类)" in item.subject else None
        if chain:
            yield chain[0][0], item.line
    for mention in doc.mentions:
        for name in mention.names:
            yield name, mention.line


def _prose(doc: Document, rule: Rule, printed: list[Printed]) -> Iterator[Problem]:
    book = catalogue()
    tables: dict[str, list[str]] = {}
    for subject in printed:
        if len(subject.code) == 3 and subject.reading.verdict in (SAME, RETIRED):
            tables.setdefault(subject.code, []).append(subject.name)
    named = [(name, line, code) for name, line in _prose_classes(doc) if (code := book.code_of(name, 1)) in tables]
    if not named:
        raise Skip("the prose names no class the tables print")
    told: set[tuple[int, str]] = set()
    for name, line, code in named:
        if (line, code) in told or any(same_name(name, t) or same_name(t, name) for t in tables[code]):
            continue
        told.add((line, code))
        shown = "、".join(dict.fromkeys(tables[code]))
        yield problem_at(line, f"the text names class {code} {name}, the tables print {code} {shown}",
            message_zh=f"文中所列类级科目「{name}」与表中科目 {code}「{shown}」名称不一致",
            row=f"{code} {name}", expected=shown, actual=name,
        )
