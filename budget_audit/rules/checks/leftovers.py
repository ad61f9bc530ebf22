"""leftovers — template text left in the published document.

Instructions to the author ("（按部门预算公开表四…逐项说明。）", "无内容应公开空表并说明情况"),
placeholders (XX, ××, 待填) and a reason announced but never given ("主要原因是。") are
leftovers of the template. The patterns are regular expressions in the rule, so an
auditor can add the phrases of their own province; lines of tables are not searched.

Example (fails): 备注：无内容应公开空表并说明情况。
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.findings import Problem
from budget_audit.rules.checks.common import problem_at
from budget_audit.rules.options import Option
from budget_audit.rules.ruleset import Rule

OPTIONS = (Option("patterns", "regexes", "phrases of the template: any line outside the tables matching one is a finding", required=True),)


def check(doc, rule: Rule) -> Iterator[Problem]:
    for line in doc.lines:
        if not line.text or "\t" in line.text:
            continue
        for pattern in rule.parsed["patterns"]:
            m = pattern.search(line.text)
            if m:
                yield problem_at(line.number, f"template text left in the document: 「{line.text[:60]}」", actual=m.group(0),
                                 message_zh=f"文中留有模板文字：「{line.text[:60]}」")
                break
