"""leftovers — template text left in the published document.

Instructions to the author ("（按部门预算公开表四…逐项说明。）", "无内容应公开空表并说明情况"),
placeholders (XX, ××, 待填) and a reason announced but never given ("主要原因是。") are
leftovers of the template. The patterns are regular expressions in the rule, so an
auditor can add the phrases of their own province; lines of tables are not searched.

Options: ``patterns`` (regular expressions).

Example (fails): 备注：无内容应公开空表并说明情况。
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budget_audit.errors import RuleFileError
from budget_audit.findings import Finding
from budget_audit.rules.checks.common import finding_at, option_line, require
from budget_audit.rules.ruleset import Rule

KEYS = {"patterns"}


def validate(rule: Rule, aliases: set[str]) -> None:
    patterns = require(rule, "patterns")
    try:
        rule.parsed["patterns"] = [re.compile(str(p)) for p in patterns]
    except re.error as exc:
        raise RuleFileError(rule.source, f"rule {rule.id}: bad pattern ({exc})", option_line(rule, "patterns")) from None


def check(doc, rule: Rule) -> Iterator[Finding]:
    for line in doc.lines:
        if not line.text or "\t" in line.text:
            continue
        for pattern in rule.parsed["patterns"]:
            m = pattern.search(line.text)
            if m:
                yield finding_at(rule, line.number, f"template text left in the document: 「{line.text[:60]}」", actual=m.group(0),
                                 message_zh=f"文中留有模板文字：「{line.text[:60]}」")
                break
