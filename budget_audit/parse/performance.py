"""lines_to_overall: the funds a 整体绩效目标表 states (预算支出总额 / 总额, 财政拨款, 其他资金).

Two layouts are read, both by the position of their header cells, never by guessing:

- a 总体资金情况（万元） block: one header row 预算支出总额 | 财政拨款 | 其他资金, a second row
  合计 | 基本支出 | 项目支出 under each source, then one row of figures;
- a task list under 预算金额（万元） with the columns 总额 | 财政拨款 | 其他资金, whose 金额合计 row
  holds the figures.

A figure is taken only where its header cell sits in the same column, so a table whose headers
were lost or shifted in extraction (a 预算金额 header over 其他资金 alone) gives nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from budget_audit.model import Line, OverallFunds, Table, Value
from budget_audit.parse.normalize import compact
from budget_audit.parse.numbers import parse_value

_UNIT = re.compile(r"[(（](万元|元)[)）]")
_SOURCES = ("财政拨款", "其他资金")
_SPLIT = ("合计", "基本支出", "项目支出")


def _cells(line: Line) -> list[str]:
    return [compact(c) for c in line.text.split("\t")]


def _unit(line: Line) -> str:
    """The unit its header label states (总体资金情况（万元）, 预算金额（元）); 万元 when it says none."""
    found = _UNIT.search(line.text)
    return found.group(1) if found else "万元"


def _figures(line: Line, where: dict[str, int]) -> dict[str, Value]:
    """The figures under the header cells at ``where``; a blank cell is left out, never 0."""
    out = {}
    raw = line.text.split("\t")
    for label, k in where.items():
        if k < len(raw):
            value = parse_value(raw[k].replace(",", ""), line.number, line.page)
            if value is not None:
                out[label] = value
    return out


def _summary(body: Sequence[Line]) -> tuple[dict, str, int] | None:
    """预算支出总额 | 财政拨款 (合计 基本支出 项目支出) | 其他资金 (…), then the row of figures."""
    for i, line in enumerate(body[:-2]):
        cells = _cells(line)
        if "预算支出总额" not in cells or not all(s in cells for s in _SOURCES):
            continue
        unit = _unit(line)
        under = _cells(body[i + 1])
        where = {"总额": cells.index("预算支出总额")}
        for source in _SOURCES:
            k = cells.index(source)
            if under[k : k + 3] != list(_SPLIT):
                return None
            where[source] = k
            where[f"{source}.基本支出"] = k + 1
            where[f"{source}.项目支出"] = k + 2
        row = body[i + 2]
        if any(c and not re.fullmatch(r"-?[\d,.]+", c) for c in _cells(row)):
            return None  # words among the figures: not the row of figures
        figures = _figures(row, where)
        return (figures, unit, row.number) if figures else None
    return None


def _task_total(body: Sequence[Line]) -> tuple[dict, str, int] | None:
    """Tasks under 预算金额（万元）: 总额 | 财政拨款 | 其他资金, summed in the 金额合计 row."""
    for i, line in enumerate(body[:-1]):
        if not any(c.startswith("预算金额") for c in _cells(line)):
            continue
        unit = _unit(line)
        under = _cells(body[i + 1])
        if not all(s in under for s in ("总额", *_SOURCES)):
            return None
        where = {"总额": under.index("总额"), **{s: under.index(s) for s in _SOURCES}}
        for row in body[i + 2 :]:
            cells = _cells(row)
            if cells and "金额合计" in cells:
                words = [c for c in cells if c and c != "金额合计" and not re.fullmatch(r"-?[\d,.]+", c)]
                figures = _figures(row, where)
                return (figures, unit, row.number) if figures and not words else None
        return None
    return None


def lines_to_overall(lines: Sequence[Line], tables: list[Table]) -> list[OverallFunds]:
    found = []
    for table in tables:
        if table.alias != "整体绩效目标表":
            continue
        body = [ln for ln in lines[table.line - 1 : max(table.end_line, table.line)] if "\t" in ln.text]
        read = _summary(body) or _task_total(body)
        if read is not None:
            figures, unit, line = read
            found.append(OverallFunds(table.title, figures, unit, line))
    return found
