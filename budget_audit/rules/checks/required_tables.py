"""required_tables — tables promised in the 目录 or required by the template are present,
and an empty table says so in a note (备注 … 为空表 / 本表无数据).

Options: ``tables`` (aliases every disclosure must print), ``toc`` (true: every table
the 目录 lists must appear), ``empty_note`` (true: an empty table needs its note).

Example (fails): 目录 promises 部门支出总体情况表 (支出总表), but the document has no such table.
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.findings import Finding
from budget_audit.rules.checks.common import finding_at, known_alias
from budget_audit.rules.ruleset import Rule

KEYS = {"tables", "toc", "empty_note"}


def validate(rule: Rule, aliases: set[str]) -> None:
    for alias in rule.options.get("tables", []):
        known_alias(rule, "tables", alias, aliases)


def _absent(rule: Rule, alias: str, why: str, line: int) -> Finding:
    return finding_at(rule, line, f"{alias}: {why}, but the document has no such table", table=alias)


def check(doc, rule: Rule) -> Iterator[Finding]:
    present = {t.alias for t in doc.tables if t.alias}
    reported = set()
    if rule.options.get("toc", False):
        for entry in doc.toc:
            if entry.alias and entry.alias not in present and entry.alias not in reported:
                reported.add(entry.alias)
                yield _absent(rule, entry.alias, f"the 目录 promises {entry.title}", entry.line)
    for alias in rule.options.get("tables", []):
        if alias not in present and alias not in reported:
            reported.add(alias)
            where = doc.toc[0].line if doc.toc else (doc.tables[0].line if doc.tables else 1)
            yield _absent(rule, alias, "required in every disclosure", where)
    if rule.options.get("empty_note", False):
        for table in doc.tables:
            if table.alias and table.is_empty and not table.note:
                yield finding_at(
                    rule, table.line,
                    f"{table.alias} ({table.title}) is empty but carries no note saying why (为空表 / 本表无数据)",
                    table=table.alias,
                )
