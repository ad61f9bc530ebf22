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
from dataclasses import dataclass, replace

from budget_audit.findings import WARNING, Problem
from budget_audit.model import Document, UnitCount
from budget_audit.rules.checks.common import problem_at
from budget_audit.rules.checks.hygiene import excerpt, prose_runs
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule

KINDS = ("vehicles", "staff", "units")
OPTIONS = (Option("look_for", "choice", "the fact looked for", required=True, choices=KINDS),)

_DATE = re.compile(r"截[至止]\s*(20\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|底|末)?)")
_VEHICLES = re.compile(r"(?P<word>共有|实有|现有)(?:公务)?车辆\s*(?:共计?|合计)?\s*(?P<n>\d+)\s*辆")
_PARTS_START = re.compile(r"^[，,]?\s*其中\s*[:：]?")
_VEHICLE_PART = re.compile(r"([\u4e00-\u9fff]{1,12}?(?:用车|车辆))\s*(\d+)\s*辆")
_STAFF = re.compile(
    r"(?P<word>人员编制|行政编制|事业编制|行政附属编制|工勤编制|实有人数|实有人员|编制人数|编制数|编制)"
    r"(?:为|共计?|合计)?\s*(?P<n>\d+)\s*(?:名|人)"
)
_STAFF_TOTAL = ("人员编制", "编制人数", "编制数", "编制")
_STAFF_PARTS = ("行政编制", "事业编制", "行政附属编制", "工勤编制")
_BRACKETS = re.compile(r"\([^()]*\)")


@dataclass
class Statement:
    word: str  # 共有车辆 / 行政编制 / 实有人数 …
    count: int
    date: str | None  # the 截至 date of its sentence
    run: object
    at: int
    line: int
    said: str = ""  # the words as printed: 共有车辆, 实有人员


def check(doc: Document, rule: Rule) -> Iterator[Problem]:
    if rule.parsed["look_for"] == "units":
        yield from _units(doc, rule)
        return
    vehicles = rule.parsed["look_for"] == "vehicles"
    statements: list[Statement] = []
    found: list[Problem] = []
    for run in prose_runs(doc):
        for m in (_VEHICLES if vehicles else _STAFF).finditer(run.text):
            word = said = m.group("word")
            if vehicles:
                word, said = "车辆", said + "车辆"
            elif word in ("实有人员",):
                word = "实有人数"
            elif word in ("编制人数", "编制数", "人员编制"):
                word = "编制"
            statements.append(Statement(word, int(m.group("n")), _date(run.text, m.start()), run, m.start(),
                                        run.lines[m.start()].number, said))
            parts = _vehicle_parts(run.text, m.end()) if vehicles else _staff_parts(run.text, m.end(), m.group("word"))
            if parts and sum(n for _, n in parts) != int(m.group("n")):
                found.append(_parts_finding(rule, run, m.start(), m.group(0), int(m.group("n")), parts))
                statements.pop()  # told once: not compared again with its other statements
    statements = _not_listed(statements)
    if not statements and not found:
        raise Skip("the document does not state " + ("its vehicles (共有车辆 N 辆)" if vehicles else "its 编制 or 实有人数"))
    yield from found
    yield from _again(rule, statements, vehicles)


def _sentence(s: Statement) -> tuple[int, int]:
    return id(s.run), len(re.findall(r"[。！？]", s.run.text[: s.at]))


def _not_listed(statements: list[Statement]) -> list[Statement]:
    """Without the statements of a sentence that states the same words twice or more: a list of units
    ("测试一所行政编制 10 人、测试二所行政编制 20 人"), each with its own figure."""
    count: dict[tuple, int] = {}
    for s in statements:
        key = (*_sentence(s), s.word)
        count[key] = count.get(key, 0) + 1
    return [s for s in statements if count[(*_sentence(s), s.word)] == 1]


def _date(text: str, at: int) -> str | None:
    """The 截至 date of the sentence the statement is in (before it, in the same sentence)."""
    start = max(text.rfind(mark, 0, at) for mark in "。！？") + 1
    dates = _DATE.findall(text[start:at])
    return re.sub(r"\s+", "", dates[-1]) if dates else None


def _clause_after(text: str, end: int) -> str | None:
    m = _PARTS_START.match(text[end:])
    if not m:
        return None
    rest = text[end + m.end():]
    stop = re.search(r"[。；;]|单价|另有|此外", rest)
    return rest[: stop.start()] if stop else rest


def _vehicle_parts(text: str, end: int) -> list[tuple[str, int]]:
    clause = _clause_after(text, end)
    if clause is None:
        return []
    while _BRACKETS.search(clause):
        clause = _BRACKETS.sub("", clause)  # a part of a part: counted in the one before it
    return [(m.group(1), int(m.group(2))) for m in _VEHICLE_PART.finditer(clause)]


def _staff_parts(text: str, end: int, word: str) -> list[tuple[str, int]]:
    if word not in _STAFF_TOTAL:
        return []
    clause = _clause_after(text, end)
    if clause is None:
        return []
    parts = []
    for m in _STAFF.finditer(clause):
        if m.group("word") not in _STAFF_PARTS:
            break  # 实有人数 begins another statement
        parts.append((m.group("word"), int(m.group("n"))))
    return parts if len(parts) >= 2 else []


def _parts_finding(rule: Rule, run, at: int, words: str, total: int, parts: list[tuple[str, int]]) -> Problem:
    quote = excerpt(run.text, at)
    listed = " + ".join(f"{name} {n}" for name, n in parts)
    added = sum(n for _, n in parts)
    problem = problem_at(run.lines[at].number, f"「{words}」, but the kinds listed add up to {listed} = {added}: 「{quote}」",
        expected=str(added), actual=str(total), difference=str(total - added),
        message_zh=f"「{words}」，但其中所列各类合计 {listed} = {added}：「{quote}」",
    )
    return replace(problem, severity=WARNING)


def _again(rule: Rule, statements: list[Statement], vehicles: bool) -> Iterator[Problem]:
    """Each statement against the first of the same words that says another figure."""
    first: dict[str, Statement] = {}
    for s in statements:
        if s.word not in first:
            first[s.word] = s
            continue
        f = first[s.word]
        if s.count == f.count:
            continue
        same = s.date is not None and s.date == f.date and s.said == f.said
        quote = excerpt(s.run.text, s.at)
        when = "" if same else f" ({f.said} dated {f.date or 'nowhere'}, {s.said} dated {s.date or 'nowhere'})"
        problem = problem_at(s.line, f"{s.word} {s.count}, but {f.count} at line {f.line}{when}: 「{quote}」",
            expected=str(f.count), actual=str(s.count), difference=str(s.count - f.count),
            message_zh=f"{s.word}为 {s.count}，与前文（第 {f.line} 行）所述 {f.count} 不一致：「{quote}」",
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
