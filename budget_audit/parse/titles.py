"""Recognising table titles and numbers, and naming a table by its standard alias."""

from __future__ import annotations

import re

from budget_audit.model import TableKind
from budget_audit.parse.catalogue import Catalogue, shipped
from budget_audit.parse.normalize import compact

_CN_NUM = "一二三四五六七八九十"


def marker_parts(m: re.Match) -> tuple[str, str]:
    """(number, rest of the title) of a match of the catalogue's ``number_marker``."""
    return m.group(1) or m.group(2), m.group(3)

_YEAR = re.compile(r"\d{4}年度?|\(\d{4}年?\)")
_ENUM_PREFIX = re.compile(rf"^(?:[{_CN_NUM}]+[、.]|\(?[{_CN_NUM}]+\)|\d+[、.]|表[{_CN_NUM}]+|表\d{{1,2}}(?!\d))")
_PAGE_SUFFIX = re.compile(r"\t?\s*\d+\s*$")


def title_key(text: str, catalogue: Catalogue | None = None) -> str:
    """Title reduced to what identifies the table: no year, number, spacing or quotes."""
    text = compact(text)
    text = _YEAR.sub("", text)
    m = (catalogue or shipped()).number_marker.match(text)
    if m and m.group(3):
        text = m.group(3)
    return text


def match_kind(title: str, catalogue: Catalogue) -> TableKind | None:
    """The kind that names the title most specifically.

    A title keyword found in the title scores its length; a pattern (one word of each
    group, none of the excluded words) scores the length of the words it matched. The
    highest score wins, so 财政拨款收支总表 is not mistaken for 收支总表, and
    a kind whose every pattern excludes a word of the title is not considered at all (a
    政府性基金…财政拨款支出预算表 is no 财政拨款支出表); and
    "一般公共预算支出功能分类预算表" is an 一般公共预算支出表 though no keyword is its title.
    """
    key = title_key(title, catalogue)
    best: tuple[int, TableKind] | None = None
    for kind in catalogue.tables:
        if kind.patterns and all(any(compact(w) in key for w in p.none) for p in kind.patterns):
            continue  # every pattern of the kind excludes a word of this title: it is another table
        score = max((len(k) for k in map(compact, kind.titles) if k and k in key), default=0)
        for pattern in kind.patterns:
            if any(compact(w) in key for w in pattern.none):
                continue
            found = [next((w for w in group if compact(w) in key), None) for group in pattern.all_of]
            if all(found):
                score = max(score, sum(len(compact(w)) for w in found))
        if score and (best is None or score > best[0]):
            best = (score, kind)
    return best[1] if best else None


def looks_like_title(text: str) -> bool:
    """A line that can head a table: short, no tabs, ends with 表 (maybe a bracket after)."""
    if "\t" in text or not text or len(text) > 60:
        return False
    if text[0] in "(（" or re.match(r"^(备注|注[:：])", text):
        return False
    stripped = re.sub(r"[(（][^)）]*[)）]$", "", text).rstrip()
    return stripped.endswith("表") or stripped.endswith("明细表")


def toc_entry_text(text: str) -> str:
    """A table-of-contents line without its page number and enumerator."""
    text = _PAGE_SUFFIX.sub("", text).strip()
    text = _ENUM_PREFIX.sub("", text).strip()
    return text
