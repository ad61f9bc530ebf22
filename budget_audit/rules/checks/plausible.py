"""plausible — figures that cannot be: a share over 100%, a negative amount where none can be.

``look_for`` chooses what a rule looks for:

- ``share``: the prose says a part is "占 P%" of a whole with P over 100. A part cannot exceed
  its whole, whatever rounding did. A share of a budget or of last year ("占年初预算的 105%",
  the rate of execution) is not a part of a whole, and is not looked at.
- ``negative``: a table figure below zero in a table of amounts. Income, spending and their
  parts cannot be negative; changes can ("增减变化", "比上年增减"), and so can balances
  (结转, 结余, 差额) and adjustments, so rows named for them are not looked at, nor tables
  with such a column (a negative change read into the next column looks just like a negative
  amount), nor columns the reader could not name or line up with their figures.

Example (fails, share): 一般公共服务支出（类）80.00 万元，占 120.00%。
Example (fails, negative): 支出总表 208 社会保障和就业支出 合计 -20.00.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budget_audit.findings import ERROR, Problem, fmt
from budget_audit.model import Document
from budget_audit.rules.checks.narrative import HUNDRED, claim_problem
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule

KINDS = ("share", "negative")
OPTIONS = (
    Option("look_for", "choice", "what cannot be", required=True, choices=KINDS),
    Option("tables", "aliases", "for negative: the tables looked at (default: every recognised table)", default=[]),
)
_NOT_A_WHOLE = re.compile(r"预算|决算|上年|年初|计划")
_MAY_BE_NEGATIVE = re.compile(r"增减|变化|变动|比上年|较上年|差额|结转|结余|调整|增加|减少|净")
_UNNAMED = re.compile(r"^列\d+$")  # a column the reader could not name


def check(doc: Document, rule: Rule) -> Iterator[Problem]:
    if rule.parsed["look_for"] == "share":
        yield from _shares(doc, rule)
    else:
        yield from _negatives(doc, rule)


def _shares(doc: Document, rule: Rule) -> Iterator[Problem]:
    shares = [c for c in doc.claims if c.share is not None and not (c.share_of and _NOT_A_WHOLE.search(c.share_of))]
    if not shares:
        raise Skip("no share of a whole in the narrative")
    for claim in shares:
        if claim.share.amount > HUNDRED:
            yield claim_problem(
                rule, ERROR, claim, f"占 {claim.share.printed}%: a part cannot be more than its whole",
                "≤ 100", claim.share.printed, line=claim.share.line,
                message_zh=f"占 {claim.share.printed}%：部分不可能大于整体",
            )


def _negatives(doc: Document, rule: Rule) -> Iterator[Problem]:
    wanted = set(rule.parsed["tables"])
    tables = [t for t in doc.tables if t.alias and (not wanted or t.alias in wanted)]
    if not tables:
        raise Skip("no table to look at")
    for table in tables:
        if any(_MAY_BE_NEGATIVE.search(" ".join((c.name, *c.parents))) for c in table.columns):
            continue  # a negative change read into its neighbour column looks just like this
        sure = {c.name for c in table.columns if not c.uncertain and not _UNNAMED.match(c.name)}
        for row in table.rows:
            if _MAY_BE_NEGATIVE.search(row.name):
                continue
            for name, value in row.values.items():
                if value is None or value.amount >= 0 or name not in sure:
                    continue
                yield Problem(
                    line=value.line, lines=(value.line,), page=row.page,
                    message=f"{table.alias} {row.label} {name} {value.printed}: an amount of this kind cannot be negative",
                    table=table.alias, row=row.label, column=name, expected="≥ 0", actual=fmt(value.amount),
                    message_zh=f"{table.alias} {row.label} {name} 为 {value.printed}：此类金额不应为负数",
                )
