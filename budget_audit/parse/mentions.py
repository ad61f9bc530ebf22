"""lines_to_mentions: what a narrative names without amounts.

- the classes "支出预算包括：A、B、C。" lists (kind 支出);
- clauses saying something is nil — "政府性基金拨款支出预算为0", "本单位无国有资本经营预算",
  "…未安排", "…为空表" (kind 无), which explain an empty table as a note under it would.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from budget_audit.model import Line, Mention
from budget_audit.parse.normalize import compact

_SPENDING = re.compile(r"^支出预算包括[:：](.+)$")
_NIL = re.compile(
    r"为0(?![.\d])|为零|(?<![\d.])0(?:\.0+)?万?元|为空表?|空表|无数据|(?:^|[，,(（])(?:本部门|本单位)?(?:无|没有)"
    r"|(?:本部门|本单位|我部门|我单位)(?:无|没有)|未安排|不涉及|未发生"
)
_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")


def lines_to_mentions(lines: Sequence[Line]) -> list[Mention]:
    found = []
    for line in lines:
        if "\t" in line.text:
            continue
        m = _SPENDING.match(compact(line.text))
        if m and not re.search(r"\d", m.group(1)):
            names = [re.sub(r"等$", "", n) for n in re.split(r"[、，,]", m.group(1).rstrip("。.;；"))]
            found.append(Mention(kind="支出", names=tuple(n for n in names if n), line=line.number))
    found += _nil_clauses(lines)
    return found


def _nil_clauses(lines: Sequence[Line]) -> list[Mention]:
    """Clauses saying something is nil, read across lines (a sentence may wrap mid-clause)."""
    return [
        Mention(kind="无", names=(clause,), line=first)
        for text, first in _paragraphs(lines)
        for clause in re.split(r"[。；;]", text)
        if clause and _NIL.search(clause)
    ]


def _paragraphs(lines: Sequence[Line]) -> list[tuple[str, int]]:
    """Prose joined across lines, with its first line: a paragraph ends at 。/；, a blank or
    table line, or before a heading."""
    out: list[tuple[str, int]] = []
    text, start = "", 0
    for line in lines:
        prose = bool(line.text) and "\t" not in line.text
        if text and (not prose or _HEADING.match(line.text.strip())):
            out.append((text, start))
            text = ""
        if not prose:
            continue
        if not text:
            start = line.number
        text += compact(line.text)
        if re.search(r"[。；;]$", text):
            out.append((text, start))
            text = ""
    if text:
        out.append((text, start))
    return out
