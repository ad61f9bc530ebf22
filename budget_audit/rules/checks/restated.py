"""restated — one item, one amount: the prose does not state the same quantity as two figures.

``look_for`` chooses where:

- ``sentence``: within one sentence and one clause group (no ；between them) the same item is
  named twice with different amounts: "…公务接待费 3.00 万元，…公务接待费预算安排 4.00 万元".
  Both mentions must name the item the same way once the words of budgeting are left out
  (预算安排, 预算数, 安排), both be current-year amounts in 万元 (nothing about 上年, 执行数,
  决算, 年初, 调整, 结转 or another year in their clause), both stand alone or both be parts of
  the same list (a total and one of its parts are two quantities), and neither be a change.
- ``entry``: a list entry names its item with an amount ("2. “其他支出（项）” 50.00 万元，主要用于…。") and
  its next sentence, of the same entry, states this year's amount again without naming anything
  ("2023年预算执行数为 A 万元，2024年预算安排 B 万元，…"): B is the item's amount, and must be it.
- ``sections``: across the whole narrative, the subjects the rule lists (``subjects``: regular
  expressions on the subject as the sentence names it — totals that only ever mean one
  figure, such as 一般公共预算拨款 or 三公经费) stated as two different current-year amounts.
  A part of a list, a project's paragraph and a sentence naming another year are left out.

Two copies of one figure come from one database and are rounded alike (docs/design.md §4):
any difference is a finding, but a warning — two mentions named alike may still be two
quantities (an all-funds figure and a 财政拨款 one the sentence does not qualify).

Example (fails, sentence): 其中公务接待费 3.00 万元，主要用于公务接待，公务接待费预算安排 4.00 万元。
Example (fails, entry): 2. “其他支出（项）” 50.00 万元，主要用于设备维护。2024年预算执行数为 40.00 万元，2025年预算安排 55.00 万元。
Example (fails, sections): 收入预算中一般公共预算拨款 90.00 万元 … （三公经费说明中）一般公共预算拨款 95.00 万元。
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budget_audit.findings import Problem, judge_copies
from budget_audit.model import Claim, Document
from budget_audit.parse.normalize import compact
from budget_audit.rules.checks.narrative import claim_problem, claims
from budget_audit.rules.options import Option, fail
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule
from budget_audit.vocabulary import ITEM, YEAR_NAMED

KINDS = ("sentence", "entry", "sections")
OPTIONS = (
    Option("look_for", "choice", "where one item is looked for with two amounts", required=True, choices=KINDS),
    Option("subjects", "regexes", "for sections: the totals compared, as regular expressions on the subject", default=[]),
)
_BUDGETING = re.compile(r"(?:预算安排|安排|预算数|预算|总额|共计|合计)$")
_GENERIC = re.compile(r"^(?:收入|支出|收支|经费|资金|拨款|财政拨款|金额|总|项目|其他)$")
_NOT_CURRENT = re.compile(r"上年|上一年|去年|以前年度|执行|决算|年初|调整|追加|调减|结转|结余|累计|截[至止]|已|比|较|增|减|下降|节约")
_CLAUSE_END = re.compile(r"[，,；;。:：]")
_NUM = r"\d+(?:\.\d+)?"
# "2022年当年预算执行数为 A 万元，2023年预算安排 B 万元…": this year's amount of the entry's item, unnamed
_ENTRY_YEAR = re.compile(
    rf"^(?:\d{{4}}\s*年度?(?:当年)?(?:预算执行数|执行数|预算数)(?:为)?\s*{_NUM}\s*万元\s*[，,]\s*)?"
    rf"(?P<y>\d{{4}})\s*年度?(?:当年)?(?:预算安排|预算数|预算)(?:为)?\s*(?P<b>{_NUM})\s*万元"
)


def validate(rule: Rule) -> None:
    """``subjects`` says what to compare across sections: needed there, and only there."""
    if rule.parsed["look_for"] == "sections" and not rule.parsed["subjects"]:
        fail(rule, "look_for", "look_for: sections needs subjects (regular expressions naming the totals compared)")


def _item(subject: str) -> str:
    text = compact(subject)
    previous = None
    while previous != text:
        previous = text
        text = _BUDGETING.sub("", text)
    return text


def _clause_current(doc: Document, c: Claim) -> bool:
    before = c.sentence[: c.offset]
    stops = [m.end() for m in _CLAUSE_END.finditer(before)]
    clause = before[stops[-1] if stops else 0 :]
    if _NOT_CURRENT.search(clause):
        return False
    year = doc.metadata.year
    return all(year is not None and int(y) == year for y in YEAR_NAMED.findall(clause))


def check(doc, rule: Rule) -> Iterator[Problem]:
    if rule.parsed["look_for"] == "sentence":
        yield from _in_sentence(doc, rule)
    elif rule.parsed["look_for"] == "entry":
        yield from _in_entry(doc, rule)
    else:
        yield from _across(doc, rule)


def _sentences(doc) -> list[list[Claim]]:
    seen: dict[tuple[str, tuple[int, ...]], list[Claim]] = {}
    for c in claims(doc):
        seen.setdefault((c.sentence, c.lines), []).append(c)
    return list(seen.values())


def _in_sentence(doc, rule: Rule) -> Iterator[Problem]:
    evaluated = 0
    for found in _sentences(doc):
        amounts = [c for c in found if c.amount is not None and c.project is None and _clause_current(doc, c) and c.unit == "万元"]
        reported = False
        for i, first in enumerate(amounts):
            key = _item(first.subject)
            if len(key) < 3 or _GENERIC.match(key):
                continue
            for second in amounts[i + 1 :]:
                if _item(second.subject) != key or first.group != second.group:
                    continue
                if first.lead_of is not None or second.lead_of is not None:
                    continue  # a total beside its parts
                if re.search(r"[；;]", first.sentence[first.offset : second.offset]):
                    continue  # two entries of a list
                evaluated += 1
                verdict = judge_copies(first.amount, second.amount)
                if verdict.consistent or reported:
                    continue
                reported = True
                yield claim_problem(
                    rule, "warning", second,
                    f"{key} stated as {first.amount.printed}万元 and as {second.amount.printed}万元 in one sentence",
                    first.amount.printed, second.amount.printed, lines=(first.line,),
                    message_zh=f"同一句中{key}先写作 {first.amount.printed} 万元，又写作 {second.amount.printed} 万元",
                )
    if not evaluated:
        raise Skip("no item named twice with an amount in one sentence")


def _across(doc, rule: Rule) -> Iterator[Problem]:
    patterns = rule.parsed["subjects"]
    first_of: dict[int, Claim] = {}
    reported: set[int] = set()
    evaluated = 0
    for c in claims(doc):
        if c.amount is None or c.unit != "万元" or c.group is not None or c.project is not None:
            continue
        subject = compact(c.subject)
        at = next((n for n, p in enumerate(patterns) if p.search(subject) or p.search(_item(subject))), None)
        if at is None or not _clause_current(doc, c):
            continue
        if any(doc.metadata.year is None or int(y) != doc.metadata.year for y in YEAR_NAMED.findall(c.sentence[: c.offset])):
            continue  # another year named before the amount (a comparison after it is no matter)
        first = first_of.setdefault(at, c)
        if first is c:
            continue
        evaluated += 1
        if at in reported or judge_copies(first.amount, c.amount).consistent:
            continue
        reported.add(at)
        yield claim_problem(
            rule, "warning", c,
            f"{subject} stated as {c.amount.printed}万元 here, as {first.amount.printed}万元 at line {first.line}",
            first.amount.printed, c.amount.printed, lines=(first.line,),
            message_zh=f"{subject}此处写作 {c.amount.printed} 万元，第 {first.line} 行写作 {first.amount.printed} 万元",
        )
    if not evaluated:
        raise Skip("no listed subject stated twice with a current-year amount")


def _in_entry(doc, rule: Rule) -> Iterator[Problem]:
    evaluated = 0
    sentences = _sentences(doc)
    for prev, cur in zip(sentences, sentences[1:], strict=False):
        if prev[0].section != cur[0].section or not ITEM.match(prev[0].sentence.lstrip()):
            continue
        if min(cur[0].lines) > max(prev[0].lines) + 1:
            continue  # not the same list entry
        item = next((c for c in prev if c.amount is not None), None)
        if item is None or item.unit != "万元" or not item.subject or item.change is not None or item.offset > 80:
            continue
        m = _ENTRY_YEAR.match(cur[0].sentence)
        if m is None or doc.metadata.year is None or int(m.group("y")) != doc.metadata.year:
            continue
        stated = next((c for c in cur if c.amount is not None and c.offset == m.start("b")), None)
        if stated is None or stated.unit != "万元":
            continue
        evaluated += 1
        if judge_copies(item.amount, stated.amount).consistent:
            continue
        yield claim_problem(
            rule, "warning", stated,
            f"the entry's item ({item.subject}) is {item.amount.printed}万元, yet its {m.group('y')} budget is stated as "
            f"{stated.amount.printed}万元",
            item.amount.printed, stated.amount.printed, lines=(item.line,),
            message_zh=f"本条所列{item.subject}为 {item.amount.printed} 万元，其后又称{m.group('y')}年预算安排 {stated.amount.printed} 万元",
        )
    if not evaluated:
        raise Skip("no list entry stating its item's amount and then this year's amount again")
