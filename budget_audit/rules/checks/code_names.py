"""code_names — a subject code carries the same name in every table.

"201 一般公共服务支出" in 收支总表 but "201 一般公共预算服务支出" in 一般公共预算支出表 is a
typo or a template leftover; a name cut short by the printing (社会保障和就业支) is not.

Example (fails): 一般公共预算支出表 201 一般公共预算服务支出, but 支出总表 201 一般公共服务支出.
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.findings import Problem
from budget_audit.rules.checks.common import problem_at
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule

OPTIONS = (Option("tables", "aliases", "the tables whose names are compared", required=True),)


def _same(a: str, b: str) -> bool:
    return a == b or a.startswith(b) or b.startswith(a)


def check(doc, rule: Rule) -> Iterator[Problem]:
    names: dict[str, list[tuple[str, str, int]]] = {}
    for alias in rule.parsed["tables"]:
        table = doc.table(alias)
        if table is None or (table.columns and all(c.uncertain for c in table.columns)):
            continue  # a table read without its grid: its names are not reliable either
        for row in table.rows:
            if row.code and row.name and not row.is_total and not row.project:
                names.setdefault(row.code, []).append((row.name, alias, row.line))
    if not names:
        raise Skip("no coded rows")
    for code, seen in names.items():
        counts: dict[str, int] = {}
        for name, _, _ in seen:
            counts[name] = counts.get(name, 0) + 1
        usual = max(counts, key=lambda n: (counts[n], len(n)))
        for name, alias, line in seen:
            if not _same(name, usual):
                yield problem_at(line, f"{alias} {code} is named {name}, but elsewhere {code} is {usual}",
                    message_zh=f"{alias} 中 {code} 名为「{name}」，而其他处 {code} 名为「{usual}」",
                    table=alias,
                    row=f"{code} {name}",
                    expected=usual,
                    actual=name,
                )
