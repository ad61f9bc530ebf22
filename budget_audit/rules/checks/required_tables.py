"""required_tables — tables promised in the 目录 or required by the template are present,
and an empty table says so in a note (备注 … 为空表 / 本表无数据).

Options: ``tables`` (aliases every disclosure must print), ``toc`` (true: every table
the 目录 lists must appear), ``empty_note`` (true: an empty table needs its note),
``text_tables`` (aliases whose content is words, such as 绩效目标表: never "empty"),
``empty_subjects`` (alias → words naming what the table is about: a clause of the
narrative saying that subject is nil — "政府性基金拨款支出预算为0" — explains the empty
table as a note would).

The 目录 is the primary promise: an entry is kept when a table of that title (or of its
kind) is printed, even under a title the catalogue does not know. The template's list
applies only to a document without a 目录 and without unrecognised tables — a table the
reader could not name may be the one required, and is never reported missing. A
narrative published without its tables (they are in another file) is not checked here.

Example (fails): 目录 promises 部门支出总体情况表 (支出总表), but the document has no such table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budget_audit.findings import Finding
from budget_audit.parse.titles import title_key
from budget_audit.rules.checks.common import finding_at, known_alias
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule

KEYS = {"tables", "toc", "empty_note", "text_tables", "empty_subjects"}


def validate(rule: Rule, aliases: set[str]) -> None:
    for option in ("tables", "text_tables"):
        for alias in rule.options.get(option, []):
            known_alias(rule, option, alias, aliases)


def _absent(rule: Rule, alias: str, why: str, line: int) -> Finding:
    why_zh = {"required in every disclosure": "每份公开都必须有此表"}.get(why, why.replace("the 目录 promises", "目录列有"))
    return finding_at(rule, line, f"{alias}: {why}, but the document has no such table", table=alias,
                      message_zh=f"{alias}：{why_zh}，但文件中没有这张表")


_PART = re.compile(r"^第[一二三四五六七八九十\d]+部分")


def _printed(doc, title: str) -> bool:
    """Whether a table of this title is printed, recognised or not (years and spacing aside)."""
    key = title_key(title)
    return bool(key) and any(key in title_key(t.title) or title_key(t.title) in key for t in doc.tables if t.title)


def _explained(doc, alias: str, rule: Rule) -> bool:
    """Whether the narrative says the table's subject is nil ("…为0", "无…", "未安排")."""
    subjects = rule.options.get("empty_subjects", {}).get(alias, [])
    if any(w in m.names[0] for m in doc.mentions if m.kind == "无" for w in subjects):
        return True
    # a register of tables that says beside the title that it is empty, and why ("是 不涉及")
    table = doc.table(alias)
    key = title_key(table.title) if table else ""
    return any(
        e.note and _NIL_NOTE.search(e.note) and key and (title_key(e.title) in key or key in title_key(e.title))
        for e in doc.toc
    )


_NIL_NOTE = re.compile(r"是|空|不涉及|无")
_TABLE_WORDS = re.compile(r"收支|收入|支出|拨款|三公|经费|采购|绩效|结转|资产|明细|购买服务")


def check(doc, rule: Rule) -> Iterator[Finding]:
    if not doc.tables:
        raise Skip("the document holds no tables (a narrative whose tables are published in another file)")
    present = {t.alias for t in doc.tables if t.alias}
    reported = set()
    if rule.options.get("toc", False):
        for entry in doc.toc:
            is_table = _PART.sub("", entry.title).endswith("表") and not _PART.match(entry.title)
            if not (entry.alias or is_table and _TABLE_WORDS.search(entry.title) and not entry.title.endswith("报表")):
                continue
            if _printed(doc, entry.title):
                continue
            if entry.alias in present:
                continue
            key = entry.alias or entry.title
            if key not in reported:
                reported.add(key)
                yield _absent(rule, key, f"the 目录 promises {entry.title}", entry.line)
    unrecognised = any(not t.alias for t in doc.tables)
    if not any(e.alias for e in doc.toc) and not unrecognised:
        for alias in rule.options.get("tables", []):
            if alias not in present and alias not in reported:
                reported.add(alias)
                yield _absent(rule, alias, "required in every disclosure", doc.tables[0].line)
    if rule.options.get("empty_note", False) and doc.claims:
        # (without a narrative — a tables-only file — the explanation may be in the other file)
        words = set(rule.options.get("text_tables", []))
        for table in doc.tables:
            if table.alias and table.alias not in words and table.is_empty and not table.note and not _explained(doc, table.alias, rule):
                yield finding_at(
                    rule, table.line,
                    f"{table.alias} ({table.title}) is empty but carries no note saying why (为空表 / 本表无数据)",
                    table=table.alias,
                    message_zh=f"{table.alias}（{table.title}）为空表，却没有说明原因（为空表 / 本表无数据）",
                )
