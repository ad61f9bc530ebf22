"""toc_sections — the 目录's numbered narrative sections against the body's.

The 目录 lists the parts (第一部分 …) and, under them, the numbered sections (一、 二、 …) of the
情况说明; the body prints them again as headings (parse/sections.py). Three ways they disagree:

- **listed but absent**: a section of the 目录 whose title is nowhere in the body. Only under a
  part the body prints with at least one other of its sections (a 目录 listing a narrative
  published in another file promises nothing this file breaks). A warning: the title may have
  been reworded.
- **numbering that skips**: 七 followed by 九, in the 目录 or in the body's headings. In the body
  only when no line between the two starts with the missing number (a heading not recognised as
  one is no gap). A warning.
- **under the wrong number**: a section the 目录 numbers 五 printed in the body as 六 — the same
  title, word for word, in the same part, where other sections of the part are printed under the
  目录's titles and numbers (else the body's "五、…" may be an item of a list, not this section).
  The rule's severity when two or more others agree; a warning when one does.

Only numbered narrative headings (一、… and 第X部分) are looked at; the tables the 目录 promises
are structure.tables' (an entry naming a table counts in the 目录's numbering, nothing more: a
table left out of the list is no skip here).

Example (fails, wrong number): 目录 "四、其他重要事项的情况说明", body "五、其他重要事项的情况说明".
Example (fails, skips, a warning): body headings 一、部门职责 二、机构设置 四、收支预算总体情况.
Example (fails, absent, a warning): 目录 "三、名词解释", no 名词解释 anywhere in the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from budget_audit.findings import WARNING, Problem
from budget_audit.model import Document
from budget_audit.parse.normalize import compact
from budget_audit.parse.sections import chinese_number
from budget_audit.rules.checks.common import problem_at
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule

OPTIONS: tuple[Option, ...] = ()

_PART = re.compile(r"^第([一二三四五六七八九十]+)部分")
_NUMBERED = re.compile(r"^([一二三四五六七八九十]+)、(.*)$")
_PAGE = re.compile(r"[.．…·\s\d]*$")
_DIGITS = "零一二三四五六七八九"


@dataclass
class Heading:
    part: int | None
    number: int
    title: str  # compacted, without enumerator and page number
    line: int
    table: bool = False  # a 目录 entry naming a table: numbered with the sections, but structure.tables'



def cn(n: int) -> str:
    """1 … 99 in Chinese numerals."""
    if n < 10:
        return _DIGITS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def _toc_headings(doc: Document) -> list[Heading]:
    spans = [(s.line, s.end_line) for s in doc.sections if s.kind == "toc"]
    out, part = [], None
    for entry in doc.toc:
        if not 0 < entry.line <= len(doc.lines) or not any(a <= entry.line <= b for a, b in spans):
            continue  # only what the 目录 itself prints
        text = compact(doc.lines[entry.line - 1].text.split("\t")[0])
        text = _PAGE.sub("", text)
        m = _PART.match(text)
        if m:
            part = chinese_number(m.group(1))
            continue
        m = _NUMBERED.match(text)
        if m and chinese_number(m.group(1)) and 2 <= len(m.group(2)) <= 70 and not re.search(r"[。；;]", m.group(2)):
            out.append(Heading(part, chinese_number(m.group(1)), m.group(2), entry.line,
                               table=bool(entry.alias) or m.group(2).endswith("表")))
    return out


def _body_headings(doc: Document) -> tuple[list[Heading], set[int | None]]:
    out, part, parts = [], None, set()
    for s in doc.sections:
        text = compact(s.title)
        if s.kind == "part":
            m = _PART.match(text)
            part = chinese_number(m.group(1)) if m else None
            parts.add(part)
        elif s.kind == "heading":
            m = _NUMBERED.match(text)
            if m and chinese_number(m.group(1)):
                out.append(Heading(part, chinese_number(m.group(1)), m.group(2), s.line))
    return out, parts


def check(doc: Document, rule: Rule) -> Iterator[Problem]:
    listed = _toc_headings(doc)
    body, body_parts = _body_headings(doc)
    if not listed and not body:
        raise Skip("neither the 目录 nor the body numbers its narrative sections")
    sections = [h for h in listed if not h.table]
    misnumbered = list(_misnumbered(rule, sections, body)) if sections and body else []
    absent = list(_absent(rule, doc, sections, body, body_parts)) if sections and body else []
    told = {line for f in misnumbered for line in f.lines}  # one mistake, one finding
    gone = {(entry.part, entry.number) for entry, _ in absent}  # a skip in the body where a listed section is missing
    yield from (f for f, _ in _skips(rule, doc, listed, "目录", check_lines=False) if f.line not in told)
    for f, (part, missing) in _skips(rule, doc, body, "body", check_lines=True):
        if f.line not in told and not all((part, n) in gone for n in missing):
            yield f
    yield from misnumbered
    yield from (f for _, f in absent)


def _misnumbered(rule: Rule, listed: list[Heading], body: list[Heading]) -> Iterator[Problem]:
    for entry in listed:
        same_part = [h for h in body if h.part == entry.part]
        titled = [h for h in same_part if h.title == entry.title]
        if len(titled) != 1 or titled[0].number == entry.number:
            continue
        h = titled[0]
        agree = sum(1 for x in listed if x.part == entry.part and x is not entry
                    and any(b.title == x.title and b.number == x.number for b in same_part))
        twice = [x for x in listed if x.part == entry.part and x.title == entry.title and x is not entry]
        if not agree or twice:  # no other section agrees: the body's "五、…" may be an item of a list
            continue
        problem = problem_at(_where(entry, h, listed, same_part),
            f"the 目录 numbers 「{entry.title}」 {cn(entry.number)}、, the body {cn(h.number)}、",
            expected=cn(entry.number), actual=cn(h.number),
            message_zh=f"目录中「{entry.title}」编为{cn(entry.number)}、，正文中编为{cn(h.number)}、",
        )
        problem = replace(problem, lines=tuple(sorted({entry.line, h.line})))
        yield problem if agree >= 2 else replace(problem, severity=WARNING)


def _where(entry: Heading, h: Heading, listed: list[Heading], body: list[Heading]) -> int:
    """The line of the copy out of step: the 目录's when the body counts on from the heading before
    (一、 or the number after the one before) and the 目录 does not; else the body's."""
    def in_step(x: Heading, sequence: list[Heading]) -> bool:
        before = [y for y in sequence if y.part == x.part and y.line < x.line]
        return x.number == (before[-1].number + 1 if before else 1)

    return entry.line if in_step(h, body) and not in_step(entry, listed) else h.line


def _absent(rule: Rule, doc: Document, listed: list[Heading], body: list[Heading],
            body_parts: set) -> Iterator[tuple[Heading, Problem]]:
    toc_end = max((s.end_line for s in doc.sections if s.kind == "toc"), default=0)
    body_text = None  # the body compacted, only if an entry is not found by its heading (and line by line:
    # compacting the whole body at once held several copies of a long document)
    for entry in listed:
        same_part = [h for h in body if h.part == entry.part]
        if entry.part is not None and entry.part not in body_parts:
            continue
        if not [h for h in same_part if h.number != entry.number or h.title != entry.title]:
            continue  # the body prints no other section of this part: published elsewhere
        if any(h.title == entry.title or h.number == entry.number for h in same_part):
            continue  # printed, perhaps under another number or reworded
        if body_text is None:
            body_text = "".join(compact(ln.text) for ln in doc.lines[toc_end:])
        if any(key in body_text for key in _keys(entry.title, doc.metadata.department)):
            continue
        problem = problem_at(entry.line, f"the 目录 lists 「{cn(entry.number)}、{entry.title}」, but the body never prints it",
            message_zh=f"目录列有「{cn(entry.number)}、{entry.title}」，但正文中没有该部分",
        )
        yield entry, replace(problem, severity=WARNING)


_GENERIC = re.compile(r"^(?:(?:20\d{2}年度?)|本?(?:部门|单位)|\(?(?:部门|单位)\)?)+")


def _keys(title: str, department: str | None) -> list[str]:
    """The title, and what is left of it without the department's name, a year and 部门/单位 in front
    ("单位主要职能" is printed "某中心(单位)主要职能"); at least four characters."""
    keys = [title]
    bare = title.replace(compact(department), "") if department else title
    bare = _GENERIC.sub("", bare)
    if len(bare) >= 4:
        keys.append(bare)
    return keys


def _skips(rule: Rule, doc: Document, headings: list[Heading], where: str,
           check_lines: bool) -> Iterator[tuple[Problem, tuple[int | None, range]]]:
    for before, after in zip(headings, headings[1:], strict=False):
        if before.part != after.part or after.number <= before.number + 1 or after.table:
            continue  # a table missing from the 目录's list is structure.tables'
        missing = range(before.number + 1, after.number)
        if check_lines:
            between = doc.lines[before.line : after.line - 1]
            starts = tuple(f"{cn(n)}、" for n in missing)
            if any(compact(ln.text).startswith(starts) for ln in between):
                continue  # printed, but not recognised as a heading
        gap = "、".join(cn(n) for n in missing)
        where_zh = "目录" if where == "目录" else "正文"
        problem = problem_at(after.line,
            f"the {where}'s numbering skips from {cn(before.number)}、 to {cn(after.number)}、 (no {gap}、)",
            expected=cn(before.number + 1), actual=cn(after.number),
            message_zh=f"{where_zh}编号由{cn(before.number)}、跳至{cn(after.number)}、（缺{gap}、）",
        )
        yield replace(problem, severity=WARNING, lines=(before.line, after.line)), (after.part, missing)
