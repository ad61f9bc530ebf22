"""Document metadata, read from the document itself, never from the file name."""

from __future__ import annotations

import re
from collections import Counter

from budget_audit.model import Line, Metadata, Table
from budget_audit.parse.normalize import compact

_YEAR = re.compile(r"(20\d{2})\s*年")
_COVER_NOISE = re.compile(r"20\d{2}\s*年度?|部门预算公开|单位预算公开|部门决算公开|单位决算公开|预算公开|决算公开")


def read_metadata(lines: list[Line], toc_start: int, tables: list[Table], issuers: list[str]) -> Metadata:
    cover = [ln.text for ln in lines[: max(toc_start, 1)] if ln.text][:8]
    cover_text = " ".join(cover)
    meta = Metadata()
    years = _YEAR.findall(cover_text)
    if not years:
        head = " ".join(ln.text for ln in lines[:150])
        years = [y for y, _ in Counter(_YEAR.findall(head)).most_common(1)]
    meta.year = int(years[0]) if years else None
    meta.kind = "决算" if "决算" in cover_text else "预算"
    meta.scope = "单位" if "单位预算" in compact(cover_text) or "单位决算" in compact(cover_text) else "部门"
    named = Counter(i for i in issuers if len(i) >= 4)  # the 编制部门 most tables print; a cut-off name is rarer
    meta.department = named.most_common(1)[0][0] if named else None
    if not meta.department and cover:
        name = compact(_COVER_NOISE.sub("", cover[0]))
        meta.department = name or None
    units = Counter(t.unit for t in tables if t.unit)
    meta.unit = units.most_common(1)[0][0] if units else None
    numbered = sum(1 for t in tables if t.number and t.number.isdigit())
    meta.template = "numbered" if numbered >= max(1, len(tables) // 2) else "titled"
    return meta
