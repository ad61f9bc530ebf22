"""lines_to_outturns: the final-accounts statements of a 决算 narrative.

A 决算 says, for its totals, for each 项 and for the 三公 items: "年初预算为 A 万元，（全年预算数为
F 万元，）支出决算为 B 万元，完成年初预算的 R%。决算数大于年初预算数（D 万元）的主要原因是…".
Each statement is anchored on its 决算 amount; the budgets stated before it (since the previous
statement) and the rate and direction words after it (up to the next statement) belong to it.
The words are data here, in one place; the checks compare what was read.
"""

from __future__ import annotations

import re
from decimal import Decimal

from budget_audit.charlines import CharLines
from budget_audit.model import Outturn, Value
from budget_audit.parse.paragraphs import Paragraph
from budget_audit.vocabulary import NUM

_WAN = r"\s*万元"
_NOT_COMPARED = r"(?<![于过比较与同])"  # "大于年初预算数 D 万元" states a difference, not a budget
_INITIAL = re.compile(rf"{_NOT_COMPARED}年初预算(?:数)?(?:为|是|:|：)?\s*{NUM}{_WAN}")
_FULL = re.compile(rf"{_NOT_COMPARED}(?:全年预算|调整预算|调整后预算)(?:数)?(?:为|是|:|：)?\s*{NUM}{_WAN}")
# "预算为 A 万元" without saying which budget (not 年初/全年/调整预算, not a fund: 一般公共预算, 政府性基金预算)
_PLAIN = re.compile(rf"{_NOT_COMPARED}(?<![初年整后共金营])预算(?:数)?(?:为|是|:|：)?\s*{NUM}{_WAN}")
_FINAL = re.compile(rf"(?:支出)?决算(?:数)?(?:为|是|:|：)?\s*{NUM}{_WAN}")
_RATE = re.compile(rf"(?:完成|为|占|达到)(年初|全年|调整)?(?:预算|预算数)的?\s*{NUM}\s*%")
_DIRECTION = re.compile(
    r"决算数?(?:同|与|和|较|比)?(年初|全年|调整)?(?:预算)?数?"
    r"(大于|多于|高于|超过|小于|少于|低于|等于|持平|一致|相等|相同)"
    r"(?:(年初|全年|调整)?(?:预算)?数?)?"
)
# "决算数比年初预算数增加 D 万元", or after the 决算 amount: "…万元，比年初预算减少 D 万元" (never 比上年)
_DIRECTION_CHANGE = re.compile(r"(?:决算数?|^|(?<=[，,、；;]))(?:比|较)(年初|全年|调整)?预算数?(增加|增长|多|减少|下降|少|持平)")
_DIFFERENCE = re.compile(rf"\s*{NUM}{_WAN}")  # used with .match(text, pos)
_SENSE = {
    "大于": "大于", "多于": "大于", "高于": "大于", "超过": "大于", "增加": "大于", "增长": "大于", "多": "大于",
    "小于": "小于", "少于": "小于", "低于": "小于", "减少": "小于", "下降": "小于", "少": "小于",
}
_ENUM = re.compile(r"^(?:\d+[.、]|[(（]\d+[)）]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|其中[:：])\s*")
_YEAR = re.compile(r"^20\d{2}年度?")


def _value(number: str, line: int) -> Value:
    return Value(Decimal(number), number, line)


def _subject(text: str) -> str:
    """What the budget mention is about: the words since the last clause break, without numbering,
    year or 主要用于 clause ("1. 一般公共服务支出（类）…（项）。主要用于：…。年初预算" → the 项 chain)."""
    text = re.sub(r"主要用于[:：]?[^。]*。", "", text)
    text = re.sub(r"[:：]\s*$", "", text.strip())
    pieces = [p for p in re.split(r"[。；;]", text) if p.strip()]
    piece = pieces[-1] if pieces else ""
    if re.search(rf"{NUM}{_WAN}", piece):
        return ""  # a sentence stating an amount of its own: the statement names no subject
    piece = _ENUM.sub("", piece.strip())
    piece = _YEAR.sub("", piece).strip(" ，,:：")
    return piece.replace("（", "(").replace("）", ")").replace(" ", "")


def _statements(text: str, chars: CharLines[int], section: str) -> list[Outturn]:
    finals = list(_FINAL.finditer(text))

    def line_at(i: int) -> int:
        return chars[min(i, len(chars) - 1)]

    out: list[Outturn] = []
    previous_end = subject_from = 0
    for n, found in enumerate(finals):
        window = text[previous_end : found.start()]
        initial = _INITIAL.search(window)
        full = _FULL.search(window)
        plain = _PLAIN.search(window) if initial is None and full is None else None
        if initial is None and full is None and plain is None:
            previous_end = found.end()
            continue  # a 决算 amount without a budget beside it: not a statement of this kind
        first = min(m.start() for m in (initial, full, plain) if m is not None) + previous_end
        following = [m for m in (_INITIAL.search(text, found.end()), _FULL.search(text, found.end()), _PLAIN.search(text, found.end())) if m]
        end = min([m.start() for m in following] + [finals[n + 1].start() if n + 1 < len(finals) else len(text)])
        tail = text[found.end() : end]
        statement = Outturn(
            subject=_subject(text[subject_from:first]),  # the subject may stand in the previous tail: "…；公务用车运行费年初预算"
            final=_value(found.group(1), line_at(found.start(1))),
            initial=_value(initial.group(1), line_at(previous_end + initial.start(1))) if initial else None,
            full=_value(full.group(1), line_at(previous_end + full.start(1))) if full else None,
            plain=_value(plain.group(1), line_at(previous_end + plain.start(1))) if plain else None,
            sentence=text[first:end].strip(),
            line=line_at(first),
            lines=tuple(chars[first:end]),
            section=section,
        )
        rate = _RATE.search(tail)
        if rate:
            statement.rate = _value(rate.group(2), line_at(found.end() + rate.start(2)))
            statement.rate_base = rate.group(1) or "预算"
        said = []
        for direction in sorted([*_DIRECTION.finditer(tail), *_DIRECTION_CHANGE.finditer(tail)], key=lambda m: m.start()):
            word = _SENSE.get(direction.group(2), "等于")
            difference = _DIFFERENCE.match(tail, direction.end())
            amount = _value(difference.group(1), line_at(found.end() + difference.start(1))) if difference and word != "等于" else None
            later = direction.group(3) if direction.re is _DIRECTION else None
            said.append((word, direction.group(1) or later or "预算", amount))
        if said:
            statement.direction, statement.direction_base, statement.difference = said[0]
            statement.more_directions = tuple(said[1:])
        out.append(statement)
        previous_end, subject_from = end, found.end()
    return out


def lines_to_outturns(paras: list[Paragraph]) -> list[Outturn]:
    """Every 决算 statement of the narrative, in document order."""
    out: list[Outturn] = []
    previous = ""
    for para in paras:
        if para.heading or "决算" not in para.text:
            previous = "" if para.heading else para.text
            continue
        found = _statements(para.text, para.lines, para.section)
        if found and not found[0].subject and previous and not _FINAL.search(previous):
            found[0].subject = _subject(previous)  # "11、住房保障支出（类）…（项）。" printed as its own paragraph
        out.extend(found)
        previous = para.text
    return out
