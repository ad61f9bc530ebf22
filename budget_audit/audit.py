"""The library entry point: audit files with rule sets. The CLI is a thin layer over this."""

from __future__ import annotations

import dataclasses
import glob
from dataclasses import dataclass, field
from pathlib import Path

from budget_audit.errors import InputError, UserError
from budget_audit.findings import ERROR, WARNING, Finding, RuleResult
from budget_audit.ingest import is_pdf, load_pdf, load_text
from budget_audit.ingest.pdf import ProgressFn
from budget_audit.model import Document
from budget_audit.parse import parse_document
from budget_audit.rules.engine import evaluate, load_rules, select_rules
from budget_audit.rules.ruleset import RuleSet

SUPPORTED = (".txt", ".text", ".pdf")  # what a directory is searched for; any file can be named


@dataclass
class DocumentReport:
    path: str
    document: Document | None = None
    error: str | None = None
    results: list[RuleResult] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        found = [f for r in self.results for f in r.findings]
        return sorted(found, key=lambda f: (f.line or 0, f.rule))

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


def read_lines(path: str, progress: ProgressFn | None = None) -> tuple[list[str], list[tuple[int, int]] | None]:
    """The raw lines of a file and, for a PDF, the (page, line within page) of each."""
    if is_pdf(path):
        items = load_pdf(path, progress)
        return [t for _, _, t in items], [(p, n) for p, n, _ in items]
    return load_text(path), None


def read_document(path: str, ruleset: RuleSet, progress: ProgressFn | None = None) -> Document:
    raw, pages = read_lines(path, progress)
    return parse_document(path, raw, ruleset.tables, pages)


def localize(doc: Document, finding: Finding) -> Finding:
    """Lines as a reader finds them: for a PDF, the page and the line within it."""
    if not doc.lines or doc.lines[0].page is None:
        return finding
    page, line = doc.locate(finding.line)
    return dataclasses.replace(finding, page=page, line=line, lines=tuple(doc.locate(n)[1] for n in finding.lines))


def expand_paths(paths: list[str]) -> list[str]:
    """Files, directories (their .txt files) and globs, in a stable order."""
    out: list[str] = []
    for p in paths:
        if p == "-":
            out.append(p)
        elif Path(p).is_dir():
            out.extend(sorted(str(f) for f in Path(p).rglob("*") if f.suffix.lower() in SUPPORTED))
        elif any(ch in p for ch in "*?[") and not Path(p).exists():
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                raise InputError(p, "no file matches this pattern")
            out.extend(matches)
        else:
            out.append(p)
    return out


def audit(
    paths: list[str],
    ruleset: RuleSet,
    select: list[str] = (),
    ignore: list[str] = (),
    progress: ProgressFn | None = None,
) -> list[DocumentReport]:
    rules = select_rules(ruleset.rules, list(select), list(ignore))
    reports = []
    for path in expand_paths(paths):
        report = DocumentReport(path)
        try:
            report.document = read_document(path, ruleset, progress)
        except UserError as exc:
            report.error = str(exc)
        else:
            report.results = evaluate(report.document, rules)
            for result in report.results:
                result.findings = [localize(report.document, f) for f in result.findings]
        reports.append(report)
    return reports


def exit_status(reports: list[DocumentReport], fail_on: str) -> int:
    if any(r.error for r in reports):
        return 2
    if fail_on == "never":
        return 0
    levels = {ERROR} if fail_on == ERROR else {ERROR, WARNING}
    return 1 if any(f.severity in levels for r in reports for f in r.findings) else 0


__all__ = ["audit", "exit_status", "load_rules", "read_document", "DocumentReport"]
