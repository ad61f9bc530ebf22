"""Document metadata, read from the document itself, never from the file name."""

from __future__ import annotations

import re
from collections import Counter

from budget_audit.model import Line, Metadata, Table
from budget_audit.parse.normalize import compact

_YEAR = re.compile(r"(20\d{2})\s*年")
# a cover line less its year and the kind of document is the department ("某局2025年部门预算" → 某局)
_COVER_NOISE = re.compile(r"20\d{2}\s*年度?|(?:部门|单位)\s*(?:预算|决算)(?:公开)?|(?:预算|决算)公开")


_DOC_KIND = re.compile(r"(部门|单位)\s*(预算|决算)|(预算|决算)\s*(公开|情况说明|报告|报表)")
_DOC_SCOPE = re.compile(r"(部门|单位)\s*(?:预算|决算)")


def read_kind(cover_text: str, titles: list[str], table_kinds: list[str]) -> tuple[str, str, str]:
    """预算 or 决算, 部门 or 单位, and what said so: the cover's own words first ("2024年度部门决算"),
    then the document's first headings, then the kinds of the tables recognised (a tables-only
    file has no cover), else a budget. ("一般公共预算" is no evidence: it names a fund.)"""
    for source, text in (("cover", cover_text), ("title", " ".join(titles))):
        found = _DOC_KIND.search(compact(text))
        if found:
            kind = found.group(2) or found.group(3)
            scope = _DOC_SCOPE.search(compact(text))
            return kind, scope.group(1) if scope else "部门", source
    votes = Counter(table_kinds)
    if votes:
        kind = "决算" if votes["决算"] > votes["预算"] else "预算"
        return kind, "部门", "tables"
    return "预算", "部门", "default"


def read_metadata(
    lines: list[Line], toc_start: int, tables: list[Table], issuers: list[str], table_kinds: list[str] | None = None
) -> Metadata:
    cover = [ln.text for ln in lines[: max(toc_start, 1)] if ln.text][:8]
    cover_text = " ".join(cover)
    meta = Metadata()
    years = _YEAR.findall(cover_text)
    if not years:
        head = " ".join(ln.text for ln in lines[:150])
        years = [y for y, _ in Counter(_YEAR.findall(head)).most_common(1)]
    meta.year = int(years[0]) if years else None
    titles = [ln.text for ln in lines[:60] if ln.text and len(ln.text) < 60]
    meta.kind, meta.scope, meta.kind_source = read_kind(cover_text, titles, table_kinds or [])
    named = Counter(i for i in issuers if len(i) >= 4)  # the 编制部门 most tables print; a cut-off name is rarer
    meta.department = named.most_common(1)[0][0] if named else None
    if not meta.department and cover and not compact(cover[0]).endswith("表"):  # a tables-only file opens with a title
        name = compact(_COVER_NOISE.sub("", cover[0]))
        meta.department = name or None
    units = Counter(t.unit for t in tables if t.unit)
    meta.unit = units.most_common(1)[0][0] if units else None
    numbered = sum(1 for t in tables if t.number and t.number.isdigit())
    meta.template = "numbered" if numbered >= max(1, len(tables) // 2) else "titled"
    return meta
