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

Options: ``look_for`` (required: share or negative); ``tables`` (for negative: the aliases
looked at; default every recognised table).

Example (fails, share): 一般公共服务支出（类）80.00 万元，占 120.00%。
Example (fails, negative): 支出总表 208 社会保障和就业支出 合计 -20.00.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budget_audit.errors import RuleFileError
from budget_audit.findings import Finding, fmt
from budget_audit.model import Document
from budget_audit.rules.checks.common import known_alias, option_line, require
from budget_audit.rules.checks.narrative import HUNDRED, claim_finding
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule

KEYS = {"look_for", "tables"}
KINDS = ("share", "negative")
_NOT_A_WHOLE = re.compile(r"预算|决算|上年|年初|计划")
_MAY_BE_NEGATIVE = re.compile(r"增减|变化|变动|比上年|较上年|差额|结转|结余|调整|增加|减少|净")
_UNNAMED = re.compile(r"^列\d+$")  # a column the reader could not name


def validate(rule: Rule, aliases: set[str]) -> None:
    if str(require(rule, "look_for")) not in KINDS:
        raise RuleFileError(
            rule.source, f"rule {rule.id}: look_for must be one of {', '.join(KINDS)}", option_line(rule, "look_for")
        )
    rule.parsed["tables"] = [known_alias(rule, "tables", str(a), aliases) for a in rule.options.get("tables", [])]


def check(doc: Document, rule: Rule) -> Iterator[Finding]:
    if rule.options["look_for"] == "share":
        yield from _shares(doc, rule)
    else:
        yield from _negatives(doc, rule)


def _shares(doc: Document, rule: Rule) -> Iterator[Finding]:
    shares = [c for c in doc.claims if c.share is not None and not (c.share_of and _NOT_A_WHOLE.search(c.share_of))]
    if not shares:
        raise Skip("no share of a whole in the narrative")
    for claim in shares:
        if claim.share.amount > HUNDRED:
            yield claim_finding(
                rule, rule.severity, claim, f"占 {claim.share.printed}%: a part cannot be more than its whole",
                "≤ 100", claim.share.printed, line=claim.share.line,
                message_zh=f"占 {claim.share.printed}%：部分不可能大于整体",
            )


def _negatives(doc: Document, rule: Rule) -> Iterator[Finding]:
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
                yield Finding(
                    rule=rule.id, severity=rule.severity, line=value.line, lines=(value.line,), page=row.page,
                    message=f"{table.alias} {row.label} {name} {value.printed}: an amount of this kind cannot be negative",
                    table=table.alias, row=row.label, column=name, expected="≥ 0", actual=fmt(value.amount),
                    message_zh=f"{table.alias} {row.label} {name} 为 {value.printed}：此类金额不应为负数",
                )
