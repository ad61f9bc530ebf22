"""GitHub Actions workflow commands: one annotation per finding on the pull request's files."""

from __future__ import annotations

from budget_audit.audit import DocumentReport
from budget_audit.findings import ERROR


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def check_github(reports: list[DocumentReport]) -> str:
    lines = []
    for rep in reports:
        if rep.error:
            lines.append(f"::error file={_escape(rep.path, True)},title=unreadable::{_escape(rep.error)}")
            continue
        for f in rep.findings:
            level = "error" if f.severity == ERROR else "warning"
            where = f"file={_escape(rep.path, True)}" + (f",line={f.line}" if f.line else "")
            page = f"p{f.page} " if f.page else ""
            lines.append(f"::{level} {where},title={_escape(f.rule, True)}::{_escape(page + f.message)}")
    return "\n".join(lines)
