"""wording — the template's words left unresolved, or naming another kind of disclosure.

``look_for`` chooses what a rule looks for in the prose (every line outside the tables, lines
joined as ``hygiene`` joins them, so "增加（减" / "少）0 万元" broken over two lines is found):

- ``alternatives``: both directions of the template left in a statement — "比上年增加（减少）
  0.00 万元", "增长/下降 5.00%", "决算数大于（小于）年初预算". Only where a figure or the figure
  compared with follows: "增加（减少）额" heading a column, or a definition naming the words,
  states nothing. Before a change of 0 ("增加（减少）0 万元") both words are true and the
  finding is a warning (持平 was the word); before any other figure the reader cannot tell
  which way it went, and the finding has the rule's severity.
- ``scope``: a 单位 disclosure naming itself "2024年部门预算" (or a 部门 one "2024年单位预算") —
  the other template's words. Only when the document names itself in its own words at least
  once (so its scope is stated, not assumed), and not where it says where its budget goes
  ("纳入某局2024年部门预算"). Words without a year (部门预算改革, 部门预算经济分类) are names of
  the system, not of the document.
- ``kind``: a 决算 calling itself 预算 or the reverse, by the words that name a disclosure:
  "部门预算公开", "单位决算情况说明". A 决算 quoting its own year's budget ("2024年预算数为 60.00
  万元", "年初预算") is what a 决算 does, and is not looked at.

Example (fails, alternatives): 一般公共预算拨款收入比上年增加（减少）0.00 万元，增长（下降）0.00%。
Example (fails, scope, in a 单位预算): 2024年部门预算安排购置车辆 0 辆。
Example (fails, kind, in a 决算): 第三部分 2024年部门预算情况说明
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from decimal import Decimal

from budget_audit.findings import WARNING, Problem
from budget_audit.model import Document
from budget_audit.parse.runs import Run, excerpt, prose_runs
from budget_audit.rules.checks.common import problem_at
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule

KINDS = ("alternatives", "scope", "kind")
OPTIONS = (Option("look_for", "choice", "the wording looked for", required=True, choices=KINDS),)

_UP = "增加|增长|上升|提高|大于|高于|多于|增"
_DOWN = "减少|下降|降低|小于|低于|少于|减"
_FOLLOWED = r"\s*(?:(?P<figure>-?\d+(?:\.\d+)?)\s*(?:万元|亿元|元|%|个|人|辆|台|项)|(?:年初|全年|调整)?(?:预算|决算)|上年)"
ALTERNATIVES = re.compile(
    rf"(?:(?:{_UP})\s*[(/]\s*(?:{_DOWN})|(?:{_DOWN})\s*[(/]\s*(?:{_UP})|增\s*[(/]\s*减)\)?(?={_FOLLOWED})"
)
_OTHER = {"部门": "单位", "单位": "部门"}
_LEVEL = r"(?:省级|市级|区级|县级|本级)?"
_INTO = re.compile(r"(?:纳入|列入|编入|汇入|并入|汇总|汇编)[^，。；;,]*$")
_DISCLOSURE = re.compile(r"(部门|单位)(预算|决算)(?:公开|情况说明)")


def check(doc: Document, rule: Rule) -> Iterator[Problem]:
    runs = prose_runs(doc)
    look_for = rule.parsed["look_for"]
    if look_for == "alternatives":
        found = _alternatives(runs)
    elif look_for == "scope":
        found = _scope(doc, runs)
    else:
        found = _kind(doc, runs)
    label = {"alternatives": "模板的备选措辞未删定", "scope": "部门/单位用语与本文件不符", "kind": "预算/决算用语与本文件不符"}.get(
        look_for, "用语与本文件不符"
    )
    for run, at, message, actual, severity in found:
        quote = excerpt(run.text, at)
        problem = problem_at(run.lines[at], f"{message}: 「{quote}」", actual=actual,
                             message_zh=f"{label}：「{quote}」")
        yield replace(problem, severity=WARNING) if severity == WARNING else problem


def _alternatives(runs: Sequence[Run]) -> Iterator[tuple[Run, int, str, str, str | None]]:
    """Both directions before a change of nothing ("增加（减少）0 万元") are true either way: a warning."""
    for run in runs:
        for m in ALTERNATIVES.finditer(run.text):
            nothing = m.group("figure") is not None and Decimal(m.group("figure")) == 0
            what = "left in before a change of 0: 持平 is the word" if nothing else "left in: one of them was to be deleted"
            yield run, m.start(), f"the template's alternatives 「{m.group(0)}」 {what}", m.group(0), WARNING if nothing else None


def _self_names(scope: str) -> re.Pattern:
    return re.compile(rf"(\d{{4}})\s*年度?{_LEVEL}{scope}(?:预算|决算)")


def _scope(doc: Document, runs: Sequence[Run]) -> Iterator[tuple[Run, int, str, str, str | None]]:
    own = doc.metadata.scope
    if own not in _OTHER:
        raise Skip("the document's scope (部门/单位) is unknown", unread=True)
    if not any(_self_names(own).search(run.text) for run in runs):
        raise Skip(f"the document never names itself {own}预算/{own}决算 with its year")
    other = _OTHER[own]
    for run in runs:
        for m in _self_names(other).finditer(run.text):
            if doc.metadata.year and int(m.group(1)) != doc.metadata.year:
                continue  # another year's document, quoted
            if _INTO.search(run.text[max(0, m.start() - 30) : m.start()]):
                continue  # where the budget goes: 纳入某局2024年部门预算
            yield run, m.start(), f"a {own} disclosure calls itself 「{m.group(0)}」", m.group(0), None


def _kind(doc: Document, runs: Sequence[Run]) -> Iterator[tuple[Run, int, str, str, str | None]]:
    own = doc.metadata.kind
    if own not in ("预算", "决算") or doc.metadata.kind_source not in ("cover", "title"):
        raise Skip("the document's kind is not stated on its cover or in its title", unread=True)
    for run in runs:
        for m in _DISCLOSURE.finditer(run.text):
            if m.group(2) != own:
                yield run, m.start(), f"a {own} disclosure names itself 「{m.group(0)}」", m.group(0), None
