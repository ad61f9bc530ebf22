"""Document metadata, read from the document itself, never from the file name."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from budget_audit.model import Line, Metadata, Table
from budget_audit.parse.catalogue import Catalogue, shipped
from budget_audit.parse.normalize import compact

_YEAR = re.compile(r"(20\d{2})\s*年")


def read_kind(
    cover_text: str, titles: list[str], table_kinds: list[str], catalogue: Catalogue | None = None
) -> tuple[str, str, str]:
    """预算 or 决算, 部门 or 单位, and what said so: the cover's own words first ("2024年度部门决算"),
    then the document's first headings, then the kinds of the tables recognised (a tables-only
    file has no cover), else a budget. ("一般公共预算" is no evidence: it names a fund.)
    The words are the catalogue's (``document``, ``scope``, ``reports``)."""
    catalogue = catalogue or shipped()
    for source, text in (("cover", cover_text), ("title", " ".join(titles))):
        found = catalogue.document_kind.search(compact(text))
        if found:
            kind = catalogue.kinds[found.group(2) or found.group(3)]
            scope = catalogue.document_scope.search(compact(text))
            return kind, scope.group(1) if scope else "部门", source
    votes = Counter(table_kinds)
    if votes:
        kind = "决算" if votes["决算"] > votes["预算"] else "预算"
        return kind, "部门", "tables"
    return "预算", "部门", "default"


def read_metadata(
    lines: Sequence[Line], toc_start: int, tables: list[Table], issuers: list[str], table_kinds: list[str] | None = None,
    catalogue: Catalogue | None = None,
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
    catalogue = catalogue or shipped()
    meta.kind, meta.scope, meta.kind_source = read_kind(cover_text, titles, table_kinds or [], catalogue)
    named = Counter(i for i in issuers if len(i) >= 4)  # the 编制部门 most tables print; a cut-off name is rarer
    meta.department = named.most_common(1)[0][0] if named else None
    if not meta.department and cover and not compact(cover[0]).endswith("表"):  # a tables-only file opens with a title
        name = compact(catalogue.cover_noise.sub("", cover[0]))
        meta.department = name or None
    units = Counter(t.unit for t in tables if t.unit)
    meta.unit = units.most_common(1)[0][0] if units else None
    numbered = sum(1 for t in tables if t.number and t.number.isdigit())
    meta.template = "numbered" if numbered >= max(1, len(tables) // 2) else "titled"
    return meta
