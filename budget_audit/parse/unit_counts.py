"""lines_to_unit_counts: "下属二级预算单位 21 个，分别为 A、B、…" — how many units the narrative says
the department's budget is made of, and the units it then lists.

The 概况 of a 部门 disclosure says how many budget units (预算单位, 二级预算单位, 所属单位 …) it covers,
in many wordings: "下属 14 个预算单位，分别为…", "预算单位 4 个，分别为：…", "纳入本部门预算编制范围的
二级预算单位共有 7 个，包括：…". The units listed right after (分别为/分别是/包括/即) are kept when they
can be counted for certain: split at 、 (or at ； when the units carry remarks, "A，属全额拨款事业单位；B…"),
brackets dropped ("某市文化馆（某市艺术活动中心、…）" is one unit); or numbered on the lines that
follow ("（一）…", "1. …", a table with a 序号 column). A list that counts its own kinds ("3 个行政单位
以及…10 个事业单位"), ends in 等, or reads otherwise is not kept: the count is then compared only with
the same count said again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from budget_audit.model import Line, UnitCount
from budget_audit.parse.paragraphs import Paragraph
from budget_audit.parse.sections import chinese_number

# What is counted: the units of the budget, never 内设机构 (offices) or units the money goes to.
NOUNS = ("二级预算单位", "三级预算单位", "预算单位", "所属预算单位", "基层预算单位", "所属单位", "下属单位", "二级单位")
# Words that make a plain number of units the units the budget is made of.
SCOPES = ("下属", "所属", "下设", "包括", "包含", "纳入", "编制范围", "组成", "共有", "共计")
# Words that open the list of the units counted.
LIST_OPENERS = ("分别为", "分别是", "包括", "具体包括", "即", "为")

_NUMBER = r"(\d{1,3}|[一二三四五六七八九十]{1,3})"
_NOUN = "|".join(sorted(map(re.escape, NOUNS), key=len, reverse=True))
# "二级预算单位 21 个" / "二级预算单位共有 7 个" / "预算单位为 13 个" or "14 个预算单位" / "共 4 个"
_AFTER = re.compile(rf"(?P<noun>{_NOUN})(?:共有|共计|共|有|为)?\s*(?P<n>{_NUMBER})\s*个")
_BEFORE = re.compile(rf"(?<![\d.])(?P<n>{_NUMBER})\s*个(?:所属|下属)?(?P<noun>{_NOUN})")
_OPENER = re.compile(r"^[，,]?\s*(?:" + "|".join(sorted(LIST_OPENERS, key=len, reverse=True)) + r")\s*[:：]?")
_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")
_KINDS = re.compile(r"\d+\s*个|[一二三四五六七八九十]\s*个")


def lines_to_unit_counts(lines: Sequence[Line], paras: list[Paragraph]) -> list[UnitCount]:
    found: list[UnitCount] = []
    for at, para in enumerate(paras):
        if para.heading:
            continue
        text, taken = para.text, []
        for m in sorted([*_AFTER.finditer(text), *_BEFORE.finditer(text)], key=lambda m: m.start()):
            if any(m.start() < end and begin < m.end() for begin, end in taken):
                continue
            count = _count(m.group("n"))
            sentence_start = max(text.rfind(mark, 0, m.start()) for mark in "。；;") + 1
            opener = _OPENER.match(text[m.end() :])
            scoped = any(w in text[sentence_start : m.start()] for w in SCOPES)
            if not count or not (scoped or opener):
                continue
            taken.append((m.start(), m.end()))
            names = None
            if opener:
                rest = text[m.end() + opener.end() :]
                if rest.strip():
                    names = _split(rest)
                elif at + 1 < len(paras):  # "…，分别为：" ends the paragraph: the list follows
                    names = _numbered(lines, para.lines[-1]) or (_split(paras[at + 1].text) if not paras[at + 1].heading else None)
            found.append(
                UnitCount(count=count, noun=m.group("noun"), names=names, line=para.lines[m.start()],
                          text=text[sentence_start : m.end()].strip("，, "))
            )
    return found


def _count(number: str) -> int:
    return int(number) if number.isdigit() else chinese_number(number)


def _split(text: str) -> tuple[str, ...] | None:
    """The units of an inline list, up to the end of its sentence; None when it cannot be counted for certain."""
    stop = text.find("。")
    clause = text[:stop] if stop >= 0 else text
    while _BRACKETS.search(clause):
        clause = _BRACKETS.sub("", clause)
    if not clause.strip() or _KINDS.search(clause) or re.search(r"[(（)）:：]", clause) or re.search(r"等\s*$", clause):
        return None  # "A、B等": not all of them
    marked = bool(re.search(r"[；;]", clause))
    parts = [p.strip(" ，,") for p in re.split(r"[；;]" if marked else r"、", clause)]
    if any(not p for p in parts) or (not marked and any(re.search(r"[，,]", p) for p in parts)):
        return None
    return tuple(parts)


_ENUMERATED = (
    re.compile(r"^\s*[(（]([一二三四五六七八九十]{1,3})[)）]\s*(\S.*)$"),
    re.compile(r"^\s*(\d{1,3})[.、．]\s*(\S.*)$"),
    re.compile(r"^\s*(\d{1,3})\t+([^\t]+)"),  # a table of the units: 序号 | 单位名称
)
_PAGE_NUMBER = re.compile(r"^[-—－\s\d第页/]*$")


def _numbered(lines: Sequence[Line], after: int) -> tuple[str, ...] | None:
    """The units listed on the lines after line ``after``, numbered 1, 2, 3 … (（一）…, 1. …, or a table
    with a 序号 column); None when no such list follows. A name wrapped onto a short line of its own
    is part of the item above; the list ends at the first line that does not go on with it."""
    names: list[str] = []
    style = None
    for line in lines[after : after + 400]:  # Line.number is 1-based: lines[after] is the next line
        text = line.text.strip()
        if not text or _PAGE_NUMBER.match(text) or (style is not None and style.pattern.endswith("+)") and "序号" in text):
            continue
        if style is None and "序号" in text and "\t" in text:
            continue  # the header of a table of units
        m = next(((p, m) for p in _ENUMERATED if (m := p.match(line.text))), None)
        if m and (style is None or m[0] is style) and _count(m[1].group(1)) == len(names) + 1:
            style = m[0]
            names.append(m[1].group(2).split("\t")[0].strip())
            continue
        if names and style is _ENUMERATED[0] and not m and len(text) <= 15 and "\t" not in text:
            names[-1] += text  # the rest of a wrapped name
            continue
        break
    return tuple(names) if names else None
