"""Counts the prose states: the department's vehicles ("共有车辆 5 辆，其中：主要负责人用车 1 辆、…")
and its staff ("人员编制 40 人，其中行政编制 30 人、事业编制 10 人", "实有人数 38 人").

Read from the prose runs (parse/runs.py), every stretch of text outside the tables, for the
stated_twice check: each statement with the kinds listed after its 其中 (a kind in brackets is a
part of the one before it, not listed again), the 截至 date of its sentence, and where it
stands. Vehicles bought or planned ("购置车辆 2 辆") are another quantity and are not read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from budget_audit.model import CountStatement
from budget_audit.parse.runs import Run, excerpt

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
_SENTENCE_END = re.compile(r"[。！？]")


def runs_to_counts(runs: Sequence[Run]) -> list[CountStatement]:
    """Every statement of vehicles, then of staff, in the order of the text within each kind."""
    return [s for kind in ("vehicles", "staff") for n, run in enumerate(runs) for s in _statements(run, n, kind)]


def _statements(run: Run, n: int, kind: str) -> list[CountStatement]:
    vehicles = kind == "vehicles"
    out = []
    for m in (_VEHICLES if vehicles else _STAFF).finditer(run.text):
        word = said = m.group("word")
        if vehicles:
            word, said = "车辆", said + "车辆"
        elif word in ("实有人员",):
            word = "实有人数"
        elif word in ("编制人数", "编制数", "人员编制"):
            word = "编制"
        parts = _vehicle_parts(run.text, m.end()) if vehicles else _staff_parts(run.text, m.end(), m.group("word"))
        out.append(CountStatement(
            kind=kind, word=word, said=said, count=int(m.group("n")), date=_date(run.text, m.start()),
            line=run.lines[m.start()], sentence=(n, len(_SENTENCE_END.findall(run.text, 0, m.start()))),
            words=m.group(0), quote=excerpt(run.text, m.start()), parts=tuple(parts),
        ))
    return out


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
