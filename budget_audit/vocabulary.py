"""The words of disclosures that both the reader and the checks need.

The parser reads with them and the checks judge with them (a direction word, a list's
其中, a heading's numbering); kept here, below both, so the rules layer never reaches into
the parser's modules for them.
"""

from __future__ import annotations

import re

from budget_audit.model import YEAR
from budget_audit.parse.normalize import compact

UP, DOWN = ("增加", "增长", "上升", "提高"), ("减少", "下降", "降低")  # the words of a change, by direction
HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")
ITEM = re.compile(r"^(?:\d+[.、](?!\d)|[(（]\d+[)）]|[①-⑳])")  # a list entry: 1. 2、 (3) ④
YEAR_NAMED = re.compile(r"(\d{4})\s*年")  # a year the text names: 2024年, 2024 年度 (its digits as group 1)
NUM = r"(\d+(?:\.\d+)?)"  # an amount's digits, as group 1
# an amount with its unit, not a rate (元/人) or a threshold (万元以上)
AMOUNT = re.compile(rf"(?<![\d.]){NUM}\s*(万元|亿元|元)(?![/每]|以上|以下|及以上|及以下)")
LIST_MARK = re.compile(r"其中\s*[:：]?|主要包括\s*[:：]?|主要用于以下方面\s*[:：]?|包括\s*[:：]|资金分配情况\s*[:：]")


def year_free(name: str) -> str:
    """A name without its years and spacing: 2024年部门收支总表 and 部门收支总表 are one name."""
    return YEAR.sub("", compact(name))
