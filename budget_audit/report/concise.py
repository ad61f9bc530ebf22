"""--format concise: one finding per line, ``path:line: RULE [severity] 「title」 message``.

For grep, editors' quickfix lists and CI logs: a line is never wrapped (a PDF location is
``path:p9:18``: page 9, line 18 of that page). The summary line follows; with --quiet only
when there is no finding to show.
"""

from __future__ import annotations

from rich.markup import escape

from budget_audit.audit import DocumentReport
from budget_audit.report import ReportOptions
from budget_audit.report.common import console_text, summary_line, text_console, where
from budget_audit.report.console import STYLE, print_statistics
from budget_audit.report.source import source_markup


def render_check(reports: list[DocumentReport], options: ReportOptions) -> str:
    console = text_console(options.color, options.width)
    for rep in reports:
        for f in rep.findings:
            title = options.title(f.rule)
            named = f" 「{escape(title)}」" if title and title != f.rule else ""
            console.print(
                f"[bold]{escape(where(rep.path, f))}[/]: [cyan]{escape(f.rule)}[/] "
                f"[{STYLE[f.severity]}]\\[{f.severity}][/]{named} {escape(' '.join(options.message(f).split()))}",
                soft_wrap=True,
            )
            if options.show_source and rep.document is not None:
                for line in source_markup(rep.document, f, indent="    "):
                    console.print(line, soft_wrap=True)
    if options.statistics:
        print_statistics(console, reports, options)
    if not options.quiet or not any(rep.findings for rep in reports):  # --quiet: the findings, or else the summary
        console.print(escape(summary_line(reports, options.lang)), soft_wrap=True)
    return console_text(console)
