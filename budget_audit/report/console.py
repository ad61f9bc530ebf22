"""Console output for people at a terminal: rich, coloured, one block per document."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from budget_audit.audit import DocumentReport
from budget_audit.findings import ERROR, WARNING, Finding
from budget_audit.model import Document
from budget_audit.report import ReportOptions
from budget_audit.report.common import (
    chrome,
    console_text,
    counted,
    statistics,
    summary_line,
    text_console,
    where,
)
from budget_audit.report.source import source_markup

STYLE = {ERROR: "bold red", WARNING: "yellow"}


def _coverage(cov: dict, lang: str) -> str:
    """" (目录 12/13, 1 unrecognised)": how much of what the document promises was read."""
    parts = []
    if cov["toc_tables"]:
        parts.append(f"目录 {cov['toc_tables_found']}/{cov['toc_tables']}")
    if cov["unrecognised"]:
        parts.append(f"{len(cov['unrecognised'])} {chrome(lang, 'unrecognised')}")
    return f" ({', '.join(parts)})" if parts else ""


def render_check(reports: list[DocumentReport], options: ReportOptions) -> str:
    """The console report: per document a heading, its findings (rule, title, place, message), its counts."""
    console = text_console(options.color, options.width)
    lang = options.lang
    for rep in reports:
        _document(console, rep, options)
    if options.statistics:
        print_statistics(console, reports, options)
    if not options.quiet or not any(rep.findings for rep in reports):  # --quiet: the findings, or else the summary
        console.print(f"[bold]{escape(summary_line(reports, lang))}[/]")
    return console_text(console)


def _document(console: Console, rep: DocumentReport, options: ReportOptions) -> None:
    lang, quiet = options.lang, options.quiet
    if rep.error:  # the error itself went to stderr once; do not repeat it here
        if not quiet:
            console.print(f"[bold]{escape(rep.path)}[/]  [red]{chrome(lang, 'cannot_read')}[/]\n")
        return
    if not quiet:
        meta = rep.document.metadata
        console.print(
            f"[bold]{escape(rep.path)}[/]  {escape(meta.department or '?')} · {meta.year or '?'}年{meta.kind or ''}"
            f" · {meta.template} {chrome(lang, 'template')} · {len([t for t in rep.document.tables if t.alias])}"
            f" {chrome(lang, 'tables')}" + _coverage(rep.document.coverage(), lang)
        )
    for f in rep.findings:
        _finding(console, rep, f, options)
    if options.verbose:
        for f in rep.known:
            _finding(console, rep, f, options, known=True)
        for r in rep.results:
            if r.status == "skipped":
                mark = f" ({chrome(lang, 'unread_mark')})" if r.unread else ""
                console.print(f"  [dim]{chrome(lang, 'skipped')} {escape(r.rule)}{mark}: {escape(r.reason or '')}[/]")
    if quiet:
        return
    if rep.known and not options.verbose:
        console.print(f"  [dim]{escape(chrome(lang, 'known_hidden').format(n=len(rep.known)))}[/]")
    errors = sum(1 for f in rep.findings if f.severity == ERROR)
    warnings = sum(1 for f in rep.findings if f.severity == WARNING)
    rules = chrome(lang, "rules_line").format(
        evaluated=rep.count("passed") + rep.count("failed"), passed=rep.count("passed"), skipped=rep.count("skipped")
    ) + (chrome(lang, "unread_part").format(unread=rep.unread) if rep.unread else "")
    console.print(
        f"  [dim]{rules}[/]  "
        + (f"[{STYLE[ERROR]}]{counted(errors, 'error', lang)}[/] " if errors else f"[green]{counted(0, 'error', lang)}[/] ")
        + (f"[{STYLE[WARNING]}]{counted(warnings, 'warning', lang)}[/]" if warnings else counted(0, "warning", lang))
    )
    console.print()


def _finding(console: Console, rep: DocumentReport, f: Finding, options: ReportOptions, known: bool = False) -> None:
    context = " · ".join(x for x in (f.table, f.row, f.column) if x)
    title = options.title(f.rule)
    mark = f" [dim]({chrome(options.lang, 'known_mark')})[/]" if known else ""
    console.print(
        f"  [{STYLE[f.severity]}]{f.severity:7}[/] [cyan]{escape(f.rule)}[/]"
        + (f" [bold]「{escape(title)}」[/]" if title and title != f.rule else "")
        + f" [dim]{escape(where(rep.path, f))}[/]"
        + (f"  [dim]{escape(context)}[/]" if context else "")
        + mark
    )
    console.print(f"          {escape(options.message(f))}")
    if options.show_source and rep.document is not None:
        for line in source_markup(rep.document, f):
            console.print(line)


def print_statistics(console: Console, reports: list[DocumentReport], options: ReportOptions) -> None:
    """--statistics: one line per rule with findings, most frequent first (like ruff/flake8)."""
    lang = options.lang
    rows = statistics(reports)
    if not rows:
        return
    console.print(f"[bold]{chrome(lang, 'statistics')}[/]")
    for rule, severity, count, known in rows:
        extra = f" [dim](+{known} {chrome(lang, 'known_mark')})[/]" if known else ""
        console.print(
            f"{count:5}  [cyan]{escape(rule)}[/] [{STYLE[severity]}]\\[{severity}][/] {escape(options.title(rule))}{extra}"
        )
    console.print()


def _unclipped(grid: RichTable) -> RichTable:
    """Cells fold onto a second line when the terminal is narrow, never cut with "…" (a figure cut is a lie)."""
    for column in grid.columns:
        column.overflow = "fold"
    return grid


def print_document(console: Console, doc: Document) -> None:
    meta = doc.metadata
    console.print(f"[bold]{escape(doc.path)}[/]")
    console.print(
        f"  department: {escape(meta.department or '?')}   year: {meta.year}   kind: {meta.kind}   "
        f"scope: {meta.scope}   unit: {meta.unit}   template: {meta.template}"
    )
    present = {t.alias for t in doc.tables if t.alias}
    promised = [e for e in doc.toc if e.alias]
    if promised:
        marks = [f"{e.alias}" + ("" if e.alias in present else " [red](absent)[/]") for e in promised]
        console.print("  目录: " + ", ".join(marks))
    for t in doc.tables:
        page, line = doc.locate(t.line)
        where = f"page {page} line {line}" if page else f"line {line}"
        title = f"{t.alias or '(unrecognised)'} — 表{t.number or ''} {t.title} ({where}, {t.unit or 'no unit'})"
        grid = RichTable(title=escape(title), title_justify="left", show_lines=False, header_style="bold")
        grid.add_column("line", justify="right", style="dim")
        if t.sides:
            grid.add_column("side")
        grid.add_column("code")
        grid.add_column("name")
        for c in t.columns:
            grid.add_column(escape(c.name + (" ?" if c.uncertain else "")) + (f" [{c.side}]" if c.side else ""), justify="right")
        for r in t.rows:
            page, line = doc.locate(r.line)
            cells = [f"p{page}:{line}" if page else str(line)] + ([r.side or ""] if t.sides else []) + [r.code_label or ("?" if r.flags else "")]
            name = ("  " * ((r.level or 1) - 1)) + (r.enum + " " if r.enum else "") + r.name + (f" · {r.project}" if r.project else "")
            cells.append(escape(name))
            for c in t.columns:
                v = r.values.get(c.name) if c.side == r.side else None
                cells.append(v.printed if v is not None else "")
            grid.add_row(*cells, style="bold" if r.is_total else None)
        console.print(_unclipped(grid))
        if t.note:
            console.print(f"  [dim]note (line {t.note_line}): {escape(t.note)}[/]")
    if doc.claims:
        grid = RichTable(title="narrative claims", title_justify="left", header_style="bold")
        for name in ("line", "subject", "amount", "share", "change", "list"):
            grid.add_column(name, justify="right" if name in ("line", "amount", "share") else "left")
        for c in doc.claims:
            page, line = doc.locate(c.line)
            change = ""
            if c.change is not None:
                ch = c.change
                change = " ".join(
                    x for x in (ch.word, ch.delta.printed if ch.delta else "", ch.rate_word or "",
                                f"{ch.rate.printed}%" if ch.rate else "") if x
                )
            role = f"total of #{c.lead_of}" if c.lead_of else (f"part of #{c.group}" if c.group else "")
            grid.add_row(
                f"p{page}:{line}" if page else str(line), escape(c.subject or ("(ambiguous)" if c.ambiguous else "?")),
                f"{c.amount.printed}{c.unit}" if c.amount else "", f"{c.share.printed}%" if c.share else "",
                escape(change), role,
            )
        console.print(_unclipped(grid))
    for target in doc.targets:
        where = doc.locate(target.line)[1]
        console.print(f"  [dim]绩效目标表 (line {where}): {escape(target.project)} 年度资金 {target.amount.printed}{target.unit}[/]")
    for overall in doc.overall:
        where = doc.locate(overall.line)[1]
        amounts = "，".join(f"{label} {v.printed}" for label, v in overall.amounts.items())
        console.print(f"  [dim]{escape(overall.title)} (line {where}, {overall.unit}): {escape(amounts)}[/]")


def print_rules(console: Console, ruleset, explain: bool = False) -> None:
    from budget_audit.rules.checks import CHECKS

    if explain:
        for rule in ruleset.rules:
            doc = (CHECKS[rule.check].__doc__ or "").strip()
            console.print(f"[bold cyan]{escape(rule.id)}[/] [dim]({rule.severity}, {rule.check})[/] {escape(rule.title)}")
            if rule.description:
                console.print(f"  {escape(rule.description)}")
            if rule.example:
                console.print(f"  example: {escape(rule.example)}")
            console.print(f"  [dim]{escape(doc)}[/]")
            for option in CHECKS[rule.check].OPTIONS:
                console.print(f"  [dim]option {escape(option.describe())}[/]")
            console.print()
        return

    grid = RichTable(header_style="bold", show_lines=False)
    for name in ("id", "severity", "check", "title"):
        grid.add_column(name)
    for rule in ruleset.rules:
        grid.add_row(escape(rule.id), rule.severity, rule.check, escape(rule.title))
    console.print(_unclipped(grid))
    console.print(f"[dim]{len(ruleset.rules)} rules from {', '.join(ruleset.sources)}[/]")
    console.print("[dim]check kinds: " + ", ".join(sorted(CHECKS)) + "[/]")
