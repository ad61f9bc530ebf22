"""stated_twice — a fact the document states twice says the same both times.

``look_for`` chooses the fact:

- ``vehicles``: the vehicles a department has. "共有车辆 N 辆，其中：主要负责人用车 a 辆、机要通信
  用车 b 辆…" — the kinds listed after 其中 add up to N (a kind inside brackets is a part of the one
  before it and is not added again); and "共有车辆 N 辆" / "实有车辆 N 辆" / "现有车辆 N 辆" said
  again elsewhere is N again. Vehicles bought or planned ("购置车辆 2 辆") and the 三公 section's 保有量 (the vehicles
  run on public money, not all the vehicles) are other quantities and are not compared.
- ``staff``: 编制 and 实有人数. "人员编制 N 人，其中行政编制 a 人、事业编制 b 人" adds up; 实有人数
  and each kind of 编制 said again elsewhere is the same figure.
- ``units``: how many budget units the department's budget is made of (parse/unit_counts.py).
  "下属 N 个预算单位，分别为 A、B、…" — the units listed after it (inline, numbered （一）…, or a table
  with a 序号 column) are N. A list whose last item may be two units joined by 和/及 ("A和B") counts
  as one or two; a list one short of the count that names no 本级/机关, or one over it that names
  one, is a warning (the count may take in the department's own 本级, or leave it out). The same
  count said again (the same words: 二级预算单位, 预算单位 …) is N again (a warning: one statement
  may count 本级, the other not).

The vehicle and staff statements are read by the parser (parse/counts.py, ``Document.counts``), the
unit counts too (parse/unit_counts.py); this check only compares them.

Severity: the rule's when two statements are unambiguous about the same quantity and date — the
same words (共有车辆, 行政编制, 实有人数) under the same 截至 date; a
warning otherwise (a total against its listed parts, or statements without a date or of different
dates, may count differently). A sentence stating the same words twice or more is a list of units,
each with its own figure, and is not compared.

Example (fails, vehicles, a warning): 截至2024年12月31日，共有车辆 5 辆，其中：机要通信用车 1 辆、
应急保障用车 1 辆、执法执勤用车 1 辆、其他用车 1 辆 (1 + 1 + 1 + 1 = 4).
Example (fails, staff): 行政编制 38 名 … (later) 本部门行政编制 36 名。
Example (fails, units): 本局下属 4 个预算单位，分别为：测试局本级、测试一所、测试二所 (3 listed, and 本级 among them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from budget_audit.findings import WARNING, Problem
from budget_audit.model import CountStatement, Document, UnitCount
from budget_audit.rules.checks.common import problem_at
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule

KINDS = ("vehicles", "staff", "units")
OPTIONS = (Option("look_for", "choice", "the fact looked for", required=True, choices=KINDS),)


def check(doc: Document, rule: Rule) -> Iterator[Problem]:
    if rule.parsed["look_for"] == "units":
        yield from _units(doc, rule)
        return
    vehicles = rule.parsed["look_for"] == "vehicles"
    statements: list[CountStatement] = []
    found: list[Problem] = []
    for s in doc.counts:
        if s.kind != rule.parsed["look_for"]:
            continue
        if s.parts and sum(n for _, n in s.parts) != s.count:
            found.append(_parts_finding(s))  # told once: not compared again with its other statements
        else:
            statements.append(s)
    statements = _not_listed(statements)
    if not statements and not found:
        raise Skip("the document does not state " + ("its vehicles (共有车辆 N 辆)" if vehicles else "its 编制 or 实有人数"))
    yield from found
    yield from _again(rule, statements, vehicles)


def _not_listed(statements: list[CountStatement]) -> list[CountStatement]:
    """Without the statements of a sentence that states the same words twice or more: a list of units
    ("测试一所行政编制 10 人、测试二所行政编制 20 人"), each with its own figure."""
    count: dict[tuple, int] = {}
    for s in statements:
        key = (*s.sentence, s.word)
        count[key] = count.get(key, 0) + 1
    return [s for s in statements if count[(*s.sentence, s.word)] == 1]


def _parts_finding(s: CountStatement) -> Problem:
    listed = " + ".join(f"{name} {n}" for name, n in s.parts)
    added = sum(n for _, n in s.parts)
    problem = problem_at(s.line, f"「{s.words}」, but the kinds listed add up to {listed} = {added}: 「{s.quote}」",
        expected=str(added), actual=str(s.count), difference=str(s.count - added),
        message_zh=f"「{s.words}」，但其中所列各类合计 {listed} = {added}：「{s.quote}」",
    )
    return replace(problem, severity=WARNING)


def _again(rule: Rule, statements: list[CountStatement], vehicles: bool) -> Iterator[Problem]:
    """Each statement against the first of the same words that says another figure."""
    first: dict[str, CountStatement] = {}
    for s in statements:
        if s.word not in first:
            first[s.word] = s
            continue
        f = first[s.word]
        if s.count == f.count:
            continue
        same = s.date is not None and s.date == f.date and s.said == f.said
        when = "" if same else f" ({f.said} dated {f.date or 'nowhere'}, {s.said} dated {s.date or 'nowhere'})"
        problem = problem_at(s.line, f"{s.word} {s.count}, but {f.count} at line {f.line}{when}: 「{s.quote}」",
            expected=str(f.count), actual=str(s.count), difference=str(s.count - f.count),
            message_zh=f"{s.word}为 {s.count}，与前文（第 {f.line} 行）所述 {f.count} 不一致：「{s.quote}」",
        )
        problem = replace(problem, lines=tuple(sorted({f.line, s.line})))
        yield problem if same else replace(problem, severity=WARNING)


def _units(doc: Document, rule: Rule) -> Iterator[Problem]:
    """Each count of budget units against the units listed after it, and against the same count said
    before."""
    if not doc.unit_counts:
        raise Skip("the document does not say how many budget units it covers (下属 N 个预算单位)")
    first: dict[str, UnitCount] = {}
    for u in doc.unit_counts:
        if u.names is not None:
            yield from _listed_units(rule, u)
        earlier = first.setdefault(u.noun, u)
        if earlier is not u and earlier.count != u.count:
            problem = problem_at(u.line, f"{u.count} {u.noun}, but {earlier.count} at line {earlier.line}: 「{u.text}」",
                expected=str(earlier.count), actual=str(u.count), difference=str(u.count - earlier.count),
                message_zh=f"{u.noun}为 {u.count} 个，与前文（第 {earlier.line} 行）所述 {earlier.count} 个不一致：「{u.text}」",
            )
            yield replace(problem, severity=WARNING, lines=tuple(sorted({earlier.line, u.line})))


def _listed_units(rule: Rule, u: UnitCount) -> Iterator[Problem]:
    names = u.names or ()
    listed = len(names)
    if listed == u.count or (listed + 1 == u.count and re.search(r"和|及", names[-1])):
        return  # "A和B" may be two units
    own = any(re.search(r"本级|机关", n) for n in names)
    shown = "、".join(names) if listed <= 6 else "、".join(names[:3]) + f"…（{listed} 个）"
    problem = problem_at(u.line, f"「{u.text}」, but {listed} units are listed: {shown}",
        expected=str(listed), actual=str(u.count), difference=str(u.count - listed),
        message_zh=f"「{u.text}」，但其后列出 {listed} 个单位：{shown}",
    )
    # 本级 in the count but not the list, or in the list but not the count ("下属" units): a warning
    doubtful = (listed == u.count - 1 and not own) or (listed == u.count + 1 and own)
    yield replace(problem, severity=WARNING) if doubtful else problem
