"""GitHub Actions workflow commands: one annotation per finding on the pull request's files.

A PDF has no lines GitHub can show, so a PDF finding is annotated on the file without
``line=`` and its place (``p9:18``: page 9, line 18 of the page) starts the message; a line
within a page passed as ``line=`` would point at an unrelated line of the file.
"""

from __future__ import annotations

from budget_audit.audit import DocumentReport
from budget_audit.findings import ERROR
from budget_audit.report import ReportOptions


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def check_github(reports: list[DocumentReport], title=None, message=None) -> str:
    lines = []
    for rep in reports:
        if rep.error:
            lines.append(f"::error file={_escape(rep.path, True)},title=unreadable::{_escape(rep.error)}")
            continue
        for f in rep.findings:
            level = "error" if f.severity == ERROR else "warning"
            where = f"file={_escape(rep.path, True)}" + (f",line={f.line}" if f.line and not f.page else "")
            place = (f"p{f.page}:{f.line}: " if f.line else f"p{f.page}: ") if f.page else ""
            name = title(f.rule) if title else ""
            heading = f"{f.rule} {name}" if name and name != f.rule else f.rule
            lines.append(f"::{level} {where},title={_escape(heading, True)}::{_escape(place + (message(f) if message else f.message))}")
    return "\n".join(lines)


def render_check(reports: list[DocumentReport], options: ReportOptions) -> str:
    return check_github(reports, options.title, options.message)
