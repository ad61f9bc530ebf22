"""lines_to_mentions: what a narrative names without amounts.

- the classes "支出预算包括：A、B、C。" lists (kind 支出);
- clauses saying something is nil — "政府性基金拨款支出预算为0", "本单位无国有资本经营预算",
  "…未安排", "…为空表" (kind 无), which explain an empty table as a note under it would.
"""

from __future__ import annotations

import re

from budget_audit.model import Line, Mention
from budget_audit.parse.normalize import compact

_SPENDING = re.compile(r"^支出预算包括[:：](.+)$")
_NIL = re.compile(
    r"为0(?![.\d])|为零|(?<![\d.])0(?:\.0+)?万?元|为空表?|空表|无数据|(?:^|[，,])(?:本部门|本单位)?(?:无|没有)"
    r"|(?:本部门|本单位|我部门|我单位)(?:无|没有)|未安排|不涉及|未发生"
)
_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")


def lines_to_mentions(lines: list[Line]) -> list[Mention]:
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


def _nil_clauses(lines: list[Line]) -> list[Mention]:
    """Clauses saying something is nil, read across lines (a sentence may wrap mid-clause)."""
    out: list[Mention] = []
    text, start = "", None
    for line in [*lines, None]:
        if line is not None and line.text and _HEADING.match(line.text.strip()) and text:
            # a heading starts a new paragraph: flush what came before it
            pieces, first = re.split(r"[。；;]", text), start
            text, start = "", None
            out += [Mention(kind="无", names=(p,), line=first) for p in pieces if p and _NIL.search(p)]
        if line is None or not line.text or "\t" in line.text:
            pieces, text, start = (re.split(r"[。；;]", text) if text else []), "", None
        else:
            start = start if start is not None else line.number
            text += compact(line.text)
            if not re.search(r"[。；;]$", text):
                continue
            pieces, text, first = re.split(r"[。；;]", text), "", start
            start = None
            out += [Mention(kind="无", names=(p,), line=first) for p in pieces if p and _NIL.search(p)]
            continue
        out += [Mention(kind="无", names=(p,), line=line.number if line else 0) for p in pieces if p and _NIL.search(p)]
    return out
