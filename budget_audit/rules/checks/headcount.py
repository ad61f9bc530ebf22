"""headcount — 实有人数 = 在职 + 退休 + 离休, as the 概况 states them.

Example (fails): 实有人数 78 人，其中：在职 54 人；退休 23 人；离休 0 人 (54 + 23 + 0 = 77).
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.findings import Problem
from budget_audit.rules.checks.common import problem_at
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule

OPTIONS: tuple[Option, ...] = ()



def check(doc, rule: Rule) -> Iterator[Problem]:
    if not doc.staffing:
        raise Skip("no statement of 实有人数 with 在职 and 退休")
    for s in doc.staffing:
        parts = s.in_service + s.retired + s.retired_early
        if parts != s.total:
            yield problem_at(s.line,
                f"「{s.text[:60]}」 实有人数 {s.total}, but 在职 {s.in_service} + 退休 {s.retired} + 离休 "
                f"{s.retired_early} = {parts}",
                message_zh=f"「{s.text[:60]}」 实有人数 {s.total}，但在职 {s.in_service} + 退休 {s.retired} + 离休 {s.retired_early} = {parts}",
                expected=str(parts),
                actual=str(s.total),
                difference=str(s.total - parts),
            )
