"""Console output for people at a terminal: rich, coloured, one block per document."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from budget_audit.audit import DocumentReport
from budget_audit.findings import ERROR, WARNING
from budget_audit.model import Document

STYLE = {ERROR: "bold red", WARNING: "yellow"}


def print_check(console: Console, reports: list[DocumentReport], verbose: bool = False) -> None:
    for rep in reports:
        if rep.error:
            console.print(f"[bold]{escape(rep.path)}[/]  [red]cannot be read:[/] {escape(rep.error)}")
            continue
        meta = rep.document.metadata
        console.print(
            f"[bold]{escape(rep.path)}[/]  {escape(meta.department or '?')} · {meta.year or '?'}年{meta.kind or ''}"
            f" · {meta.template} template · {len([t for t in rep.document.tables if t.alias])} tables"
        )
        for f in rep.findings:
            where = rep.path + (f":p{f.page}" if f.page else "") + (f":{f.line}" if f.line else "")
            context = " · ".join(x for x in (f.table, f.row, f.column) if x)
            console.print(
                f"  [{STYLE[f.severity]}]{f.severity:7}[/] [cyan]{escape(f.rule)}[/] [dim]{escape(where)}[/]"
                + (f"  [dim]{escape(context)}[/]" if context else "")
            )
            console.print(f"          {escape(f.message)}")
        if verbose:
            for r in rep.results:
                if r.status == "skipped":
                    console.print(f"  [dim]skipped {escape(r.rule)}: {escape(r.reason or '')}[/]")
        errors = sum(1 for f in rep.findings if f.severity == ERROR)
        warnings = sum(1 for f in rep.findings if f.severity == WARNING)
        console.print(
            f"  [dim]{rep.count('passed') + rep.count('failed')} rules evaluated, {rep.count('passed')} passed, "
            f"{rep.count('skipped')} skipped[/]  "
            + (f"[{STYLE[ERROR]}]{errors} errors[/] " if errors else "[green]0 errors[/] ")
            + (f"[{STYLE[WARNING]}]{warnings} warnings[/]" if warnings else "0 warnings")
        )
        console.print()
    total_e = sum(1 for r in reports for f in r.findings if f.severity == ERROR)
    total_w = sum(1 for r in reports for f in r.findings if f.severity == WARNING)
    unreadable = sum(1 for r in reports if r.error)
    console.print(
        f"[bold]{len(reports)} documents[/], {total_e} errors, {total_w} warnings"
        + (f", {unreadable} unreadable" if unreadable else "")
    )


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
        console.print(grid)
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
        console.print(grid)
    for target in doc.targets:
        where = doc.locate(target.line)[1]
        console.print(f"  [dim]绩效目标表 (line {where}): {escape(target.project)} 年度资金 {target.amount.printed}{target.unit}[/]")


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
            console.print(f"  [dim]{escape(doc)}[/]\n")
        return

    grid = RichTable(header_style="bold", show_lines=False)
    for name in ("id", "severity", "check", "title"):
        grid.add_column(name)
    for rule in ruleset.rules:
        grid.add_row(escape(rule.id), rule.severity, rule.check, escape(rule.title))
    console.print(grid)
    console.print(f"[dim]{len(ruleset.rules)} rules from {', '.join(ruleset.sources)}[/]")
    console.print("[dim]check kinds: " + ", ".join(sorted(CHECKS)) + "[/]")
