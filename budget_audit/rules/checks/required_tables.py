"""required_tables — tables promised in the 目录 or required by the template are present,
and an empty table says so in a note (备注 … 为空表 / 本表无数据).

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

from budget_audit.findings import Problem
from budget_audit.parse.titles import title_key
from budget_audit.rules.checks.common import problem_at
from budget_audit.rules.options import Option
from budget_audit.rules.refs import Skip
from budget_audit.rules.ruleset import Rule


def _empty_subjects(value, ctx) -> dict[str, list[str]]:
    """``{alias: [words naming what the table is about]}``."""
    parsed = {}
    for alias, words in ctx.mapping(value).items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            ctx.fail(f"{alias}: expected a list of words")
        parsed[ctx.alias(alias)] = words
    return parsed


OPTIONS = (
    Option("tables", "aliases", "tables every disclosure must print (judged only without a 目录)", default=[]),
    Option("toc", "bool", "every table the 目录 lists must appear", default=False),
    Option("empty_note", "bool", "an empty table needs its note (为空表 / 本表无数据)", default=False),
    Option("text_tables", "aliases", "tables whose content is words (绩效目标表): never \"empty\"", default=[]),
    Option("empty_subjects", "structured", "alias → words naming what the table is about: a clause of the narrative "
           "saying that subject is nil (\"政府性基金拨款支出预算为0\") explains the empty table as a note would",
           default={}, parse=_empty_subjects),
)


def _absent(rule: Rule, alias: str, why: str, line: int) -> Problem:
    why_zh = {"required in every disclosure": "每份公开都必须有此表"}.get(why, why.replace("the 目录 promises", "目录列有"))
    return problem_at(line, f"{alias}: {why}, but the document has no such table", table=alias,
                      message_zh=f"{alias}：{why_zh}，但文件中没有这张表")


_PART = re.compile(r"^第[一二三四五六七八九十\d]+部分")


def _printed(doc, title: str) -> bool:
    """Whether a table of this title is printed, recognised or not (years and spacing aside)."""
    key = title_key(title)
    return bool(key) and any(key in title_key(t.title) or title_key(t.title) in key for t in doc.tables if t.title)


def _explained(doc, alias: str, rule: Rule) -> bool:
    """Whether the narrative says the table's subject is nil ("…为0", "无…", "未安排")."""
    subjects = rule.parsed["empty_subjects"].get(alias, [])
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


def check(doc, rule: Rule) -> Iterator[Problem]:
    if not doc.tables:
        raise Skip("the document holds no tables (a narrative whose tables are published in another file)")
    present = {t.alias for t in doc.tables if t.alias}
    reported = set()
    if rule.parsed["toc"]:
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
        for alias in rule.parsed["tables"]:
            if alias not in present and alias not in reported:
                reported.add(alias)
                yield _absent(rule, alias, "required in every disclosure", doc.tables[0].line)
    if rule.parsed["empty_note"] and doc.claims:
        # (without a narrative — a tables-only file — the explanation may be in the other file)
        words = set(rule.parsed["text_tables"])
        for table in doc.tables:
            if table.alias and table.alias not in words and table.is_empty and not table.note and not _explained(doc, table.alias, rule):
                yield problem_at(table.line,
                    f"{table.alias} ({table.title}) is empty but carries no note saying why (为空表 / 本表无数据)",
                    table=table.alias,
                    message_zh=f"{table.alias}（{table.title}）为空表，却没有说明原因（为空表 / 本表无数据）",
                )
