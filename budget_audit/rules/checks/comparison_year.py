"""comparison_year — a comparison is with the right year, not with the document's own.

A change is stated against a base: "比2025年预算增加 5.00 万元", "与上年相比". In the 2026 budget
the base is 2025 (the prior year); "比2026年预算增加" compares the year with itself — a template
leftover whose year was moved on once too often. In a 决算 of 2024 the base is 2023 as well, but
comparing the outturn with its own year's budget is what a 决算 does: "比2024年年初预算增加",
"比2024年度预算减少" are right there, "比2024年度增加" or "与2024年度决算相比" are not.

Only the base of a comparison is read — the year right after 比 / 较 / 与 / 同 and before the
words of a change (增加, 减少, 增长, 下降, 持平, 相比, 相较…): a year anywhere else in the sentence is
what is being described. Not looked at: years inside 《titles》 and after 截至 / 截止, dates
("比2024年12月31日"), and the bracket naming the prior year ("与上年（2025年）相比") when it names
the prior year. "上年（2026年）" in the 2026 budget names the current year as the prior one.

Severity: the rule's for a base that is the document's own year (certain: the year compared
with itself); a warning for a base later than the document's year or more than one year before it
(a multi-year comparison — "比2020年下降" in a performance review — may be meant).

Example (fails, in the 2026 budget): 2026年一般公共预算财政拨款支出 80.00 万元，比2026年预算增加 5.00 万元。
Example (fails, in the 2024 决算): 2024年度支出决算 60.00 万元，比2024年度增加 3.00 万元。
Example (passes, in the 2024 决算): 支出决算 60.00 万元，比2024年年初预算增加 3.00 万元。
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from budget_audit.findings import WARNING, Problem
from budget_audit.model import Document
from budget_audit.parse.runs import excerpt, prose_runs
from budget_audit.rules.checks.common import problem_at
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule

OPTIONS: tuple[Option, ...] = ()

_CHANGE = r"(?:增加|减少|增长|下降|上升|降低|提高|持平|相比|相较|对比|比较|基本持平)"
# the base: 比2026年(度)(的)(部门)(预算|决算|…)(数)(A 万元)? then a change word
_BASE = re.compile(
    r"(?:比|较|与|同)\s*(?P<year>20\d{2})\s*年(?P<rest>度?\s*(?:的)?\s*(?:部门|单位)?"
    r"(?P<what>年初预算|全年预算|调整预算|预算执行数?|预算数?|决算数?|执行数?|实际(?:支出|收入|执行)?数?|同期|)"
    r"\s*(?:数)?\s*(?:\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元))?\s*)"
    rf"(?={_CHANGE})"
)
_PRIOR = re.compile(r"(?:上年度?|上一年度?)\s*[(]\s*(?P<year>20\d{2})\s*年度?\s*[)]")
_HIDDEN = re.compile(r"《[^》]*》|截[至止][^，,。；;]*")
_OWN_BUDGET = ("年初预算", "全年预算", "调整预算", "预算执行", "预算")



def check(doc: Document, rule: Rule) -> Iterator[Problem]:
    year = doc.metadata.year
    kind = doc.metadata.kind
    if not year or kind not in ("预算", "决算"):
        raise Skip("the document's year or kind is unknown", unread=True)
    evaluated = 0
    for run in prose_runs(doc):
        text = _HIDDEN.sub(lambda m: "\0" * len(m.group(0)), run.text)  # same length: positions stay
        for m in _BASE.finditer(text):
            evaluated += 1
            stated = int(m.group("year"))
            what = m.group("what") or ""
            if stated == year - 1:
                continue
            if stated == year and kind == "决算" and what.startswith(_OWN_BUDGET):
                continue  # the outturn against its own year's budget: what a 决算 does
            yield _problem(rule, run, m.start(), year, kind, stated, m.group(0), stated != year)
        for m in _PRIOR.finditer(text):
            evaluated += 1
            stated = int(m.group("year"))
            if stated == year - 1:
                continue
            yield _problem(rule, run, m.start(), year, kind, stated, m.group(0), stated != year, prior=True)
    if not evaluated:
        raise Skip("no comparison names the year it compares with")


def _problem(rule: Rule, run, at: int, year: int, kind: str, stated: int, words: str, doubtful: bool,
             prior: bool = False) -> Problem:
    quote = excerpt(run.text, at)
    if stated == year:
        what = f"the {year} {kind} compares {year} with itself"
        what_zh = f"{year} 年{kind}与 {year} 年本身相比"
    elif stated > year:
        what = f"the {year} {kind} compares with a later year, {stated}"
        what_zh = f"{year} 年{kind}与以后的 {stated} 年相比"
    else:
        what = f"the {year} {kind} compares with {stated}, not with the prior year {year - 1}"
        what_zh = f"{year} 年{kind}与 {stated} 年相比，而非上年（{year - 1} 年）"
    if prior:
        what = f"the prior year is named {stated}, but in the {year} {kind} it is {year - 1}"
        what_zh = f"上年写作 {stated} 年，但 {year} 年{kind}的上年是 {year - 1} 年"
    problem = problem_at(run.lines[at], f"{what}: 「{quote}」", actual=str(stated),
                         expected=str(year - 1), message_zh=f"比较年份有误，{what_zh}：「{quote}」")
    return replace(problem, severity=WARNING) if doubtful else problem
