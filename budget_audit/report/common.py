"""What every text reporter shares: locations, counts, the report chrome in zh/en, a console that never wraps."""

from __future__ import annotations

import io
import os
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from budget_audit.findings import ERROR, WARNING, Finding

if TYPE_CHECKING:
    from rich.console import Console

# Report chrome (headings, summary words), not the findings' messages: those come from the checks.
CHROME = {
    "en": {
        "document": ("document", "documents"),
        "error": ("error", "errors"),
        "warning": ("warning", "warnings"),
        "known": "known (baseline)",
        "unreadable": "unreadable",
        "cannot_read": "cannot be read (see the error above)",
        "tables": "tables",
        "unrecognised": "unrecognised",
        "template": "template",
        "rules_line": "{evaluated} rules evaluated, {passed} passed, {skipped} skipped",
        "skipped": "skipped",
        "unread_part": " ({unread} of them: not read reliably)",
        "unread_mark": "not read reliably",
        "known_hidden": "{n} known finding(s) from the baseline not shown (--verbose shows them)",
        "known_mark": "known",
        "statistics": "findings per rule",
        "count": "count",
        "rule": "rule",
        "severity": "severity",
        "title": "title",
    },
    "zh": {
        "document": ("个文档", "个文档"),
        "error": ("个错误", "个错误"),
        "warning": ("个警告", "个警告"),
        "known": "个已知（基线）",
        "unreadable": "个无法读取",
        "cannot_read": "无法读取（见上方错误）",
        "tables": "张表",
        "unrecognised": "张未识别",
        "template": "模板",
        "rules_line": "评估 {evaluated} 条规则，通过 {passed} 条，跳过 {skipped} 条",
        "skipped": "跳过",
        "unread_part": "（其中 {unread} 条因无法可靠读取）",
        "unread_mark": "无法可靠读取",
        "known_hidden": "基线中已知的 {n} 条问题未显示（--verbose 显示）",
        "known_mark": "已知",
        "statistics": "各规则问题数",
        "count": "数量",
        "rule": "规则",
        "severity": "级别",
        "title": "标题",
    },
}


def chrome(lang: str, key: str) -> str:
    return CHROME.get(lang, CHROME["en"])[key]  # type: ignore[return-value]


def counted(n: int, key: str, lang: str) -> str:
    """"1 document", "2 documents"; "1 个文档"."""
    words = CHROME.get(lang, CHROME["en"])[key]
    if lang == "zh":
        return f"{n} {words[0]}"
    return f"{n} {words[0] if n == 1 else words[1]}"


def default_lang(configured: str | None = None) -> str:
    """The configured language, else zh when the locale is Chinese, else en."""
    if configured:
        return configured
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def where(path: str, f: Finding) -> str:
    """``path:18`` for text; ``path:p9:18`` for a PDF: page 9, line 18 of that page; for a
    document read from several files (--join), the file of the finding."""
    out = f.file or path
    if f.page:
        out += f":p{f.page}"
    if f.line:
        out += f":{f.line}"
    return out


@dataclass
class Totals:
    documents: int
    errors: int
    warnings: int
    known: int
    unreadable: int


def totals(reports: list) -> Totals:
    found = [f for r in reports for f in r.findings]
    return Totals(
        documents=len(reports),
        errors=sum(1 for f in found if f.severity == ERROR),
        warnings=sum(1 for f in found if f.severity == WARNING),
        known=sum(len(r.known) for r in reports),
        unreadable=sum(1 for r in reports if r.error),
    )


def summary_line(reports: list, lang: str) -> str:
    """"2 documents, 3 errors, 1 warning, 4 known (baseline), 1 unreadable" (plain text)."""
    t = totals(reports)
    parts = [counted(t.documents, "document", lang), counted(t.errors, "error", lang), counted(t.warnings, "warning", lang)]
    if t.known:
        parts.append(f"{t.known} {chrome(lang, 'known')}")
    if t.unreadable:
        parts.append(f"{t.unreadable} {chrome(lang, 'unreadable')}")
    return ("，" if lang == "zh" else ", ").join(parts)


def statistics(reports: list) -> list[tuple[str, str, int, int]]:
    """(rule, severity, count, known) per rule with findings, most frequent first."""
    count: Counter[str] = Counter()
    known: Counter[str] = Counter()
    severity: dict[str, str] = {}
    for rep in reports:
        for f in rep.findings:
            count[f.rule] += 1
            severity[f.rule] = f.severity
        for f in rep.known:
            known[f.rule] += 1
            severity.setdefault(f.rule, f.severity)
    rules = sorted(severity, key=lambda r: (-count[r], -known[r], r))
    return [(r, severity[r], count[r], known[r]) for r in rules]


def text_console(color: bool, width: int | None) -> Console:
    """A rich console that renders into a string.

    ``width`` None (output is not a terminal) means no wrapping at all: rich otherwise assumes
    80 columns and splits ``path:line`` across lines in pipes and CI logs, and shortens table
    cells with "…". Colour only when asked for (the CLI decides: --color, NO_COLOR, a tty).
    rich is imported here, not above, so machine formats never load it.
    """
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        width=width or 100_000,
        soft_wrap=width is None,
        highlight=False,
        emoji=False,
    )


def console_text(console: Console) -> str:
    return console.file.getvalue()  # type: ignore[attr-defined]
