"""JSON output: the check report (docs/design.md §6, a contract) and the extracted Document."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict
from functools import partial

from budget_audit import __version__
from budget_audit.audit import DocumentReport
from budget_audit.baseline import fingerprint
from budget_audit.findings import ERROR, WARNING, Finding
from budget_audit.model import Claim, Document, Row, Table, Value
from budget_audit.report import ReportOptions
from budget_audit.report.common import statistics


def finding_json(f: Finding, path: str | None = None, title: str | None = None) -> dict:
    """One finding; ``fingerprint`` (see budget_audit.baseline) when the document's path is given."""
    out = {
        "rule": f.rule,
        "title": title,
        "severity": f.severity,
        "message": f.message,
        "message_zh": f.message_zh,
        "location": {"line": f.line, "page": f.page, "table": f.table, "row": f.row, "column": f.column},
        "lines": list(f.lines),
        "expected": f.expected,
        "actual": f.actual,
        "difference": f.difference,
    }
    if path is not None:
        out["fingerprint"] = fingerprint(f, path)
    return out


def render_check(reports: list[DocumentReport], options: ReportOptions) -> Iterator[str]:
    extra = None
    if options.statistics:
        extra = {
            "statistics": [
                {"rule": rule, "title": options.title(rule), "severity": severity, "count": count, "known": known}
                for rule, severity, count, known in statistics(reports)
            ]
        }
    return _pieces(check_report(reports, options.title, extra, each=_EncodedOnRead))


def check_json(reports: list[DocumentReport], title: Callable[[str], str] | None = None, extra: dict | None = None) -> str:
    """The check report. Findings the baseline accepts are under each document's ``known``, not ``findings``."""
    return json.dumps(check_report(reports, title, extra), ensure_ascii=False, indent=2)


_PIECE = 1 << 16  # characters written at a time


def _pieces(report: dict) -> Iterator[str]:
    """The report's JSON text (as ``json.dumps`` writes it) in pieces of some 64 K characters:
    a report of thousands of findings joined into one string, then encoded, would hold it
    three times over at the end of the run."""
    buffer: list[str] = []
    size = 0
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(report):
        buffer.append(chunk)
        size += len(chunk)
        if size >= _PIECE:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


class _EncodedOnRead(list):
    """Findings whose JSON objects are made as the encoder reads them, one at a time: a report's
    findings made all at once were the peak of a long document's check (``_pieces`` only, which
    encodes the report as soon as it is made; read for anything else, it is not a list of dicts)."""

    def __init__(self, items: list, encode: Callable) -> None:
        super().__init__(items)
        self._encode = encode

    def __iter__(self) -> Iterator:
        return map(self._encode, super().__iter__())


def _each(items: list, encode: Callable) -> list:
    return [encode(item) for item in items]


def check_report(
    reports: list[DocumentReport], title: Callable[[str], str] | None = None, extra: dict | None = None,
    each: Callable[[list, Callable], list] = _each,
) -> dict:
    """The check report as data (what ``check_json`` writes); ``each`` makes the findings' lists."""
    title = title or (lambda _rule: None)
    documents = []
    for rep in reports:
        doc = rep.document
        documents.append(
            {
                "path": rep.path,
                "error": rep.error,
                "metadata": _metadata(doc) if doc else None,
                "tables": [t.alias for t in doc.tables if t.alias] if doc else [],
                "coverage": doc.coverage() if doc else None,
                "rules": {
                    "evaluated": rep.count("passed") + rep.count("failed"),
                    "passed": rep.count("passed"),
                    "failed": rep.count("failed"),
                    "skipped": rep.count("skipped"),
                    "unread": rep.unread,
                },
                "skipped": [
                    {"rule": r.rule, "reason": r.reason, "unread": r.unread} for r in rep.results if r.status == "skipped"
                ],
                "findings": each(rep.findings, partial(_finding, rep.path, title)),
                "known": each(rep.known, partial(_finding, rep.path, title)),
            }
        )
    out = {
        "version": 1,
        "tool": {"name": "budget-audit", "version": __version__},
        "documents": documents,
        "summary": {
            "documents": len(reports),
            "errors": sum(1 for r in reports for f in r.findings if f.severity == ERROR),
            "warnings": sum(1 for r in reports for f in r.findings if f.severity == WARNING),
            "known": sum(len(r.known) for r in reports),
        },
        **(extra or {}),
    }
    return out


def _finding(path: str, title: Callable[[str], str | None], f: Finding) -> dict:
    return finding_json(f, path, title(f.rule))


def _metadata(doc: Document) -> dict:
    return asdict(doc.metadata)


def _value(v: Value | None, doc: Document | None = None) -> dict | None:
    if v is None:
        return None
    page, line = doc.locate(v.line) if doc is not None else (v.page, v.line)
    return {"value": format(v.amount, "f"), "printed": v.printed, "line": line, "page": page}


def _row(r: Row, doc: Document) -> dict:
    page, line = doc.locate(r.line)
    return {
        "line": line,
        "page": page,
        "side": r.side,
        "code": r.code,
        "level": r.level,
        "name": r.name,
        "enum": r.enum,
        "project": r.project,
        "total": r.is_total,
        "flags": list(r.flags),
        "values": {k: _value(v, doc) for k, v in r.values.items()},
    }


def _table(t: Table, doc: Document) -> dict:
    page, line = doc.locate(t.line)
    return {
        "alias": t.alias,
        "number": t.number,
        "title": t.title,
        "line": line,
        "page": page,
        "end_line": doc.locate(t.end_line)[1],
        "unit": t.unit,
        "sides": t.sides,
        "empty": t.is_empty,
        "note": t.note,
        "note_line": t.note_line,
        "continued_at": t.continued_at,
        "columns": [
            {"name": c.name, "side": c.side, "parents": list(c.parents), "uncertain": c.uncertain} for c in t.columns
        ],
        "rows": [_row(r, doc) for r in t.rows],
    }


def _claim(c: Claim, doc: Document) -> dict:
    change = c.change
    page, line = doc.locate(c.line)
    return {
        "line": line,
        "page": page,
        "lines": [doc.locate(n)[1] for n in c.lines],
        "section": c.section,
        "subject": c.subject,
        "amount": _value(c.amount, doc),
        "unit": c.unit,
        "share": _value(c.share, doc),
        "change": None if change is None else {
            "word": change.word,
            "delta": _value(change.delta, doc),
            "unit": change.unit,
            "rate_word": change.rate_word,
            "rate": _value(change.rate, doc),
            "reason": change.reason,
        },
        "group": c.group,
        "group_kind": c.group_kind,
        "lead_of": c.lead_of,
        "years": list(c.years),
        "project": c.project,
        "ambiguous": c.ambiguous,
        "sentence": c.sentence,
    }


def document_dict(doc: Document) -> dict:
    present = {t.alias for t in doc.tables if t.alias}
    return {
        "version": 1,
        "path": doc.path,
        "metadata": _metadata(doc),
        "toc": [{"title": e.title, "line": doc.locate(e.line)[1], "page": doc.locate(e.line)[0], "alias": e.alias, "note": e.note}
                for e in doc.toc],
        "missing": [e.alias for e in doc.toc if e.alias and e.alias not in present],
        "tables": [_table(t, doc) for t in doc.tables],
        "claims": [_claim(c, doc) for c in doc.claims],
        "targets": [
            {"project": t.project, "amount": _value(t.amount, doc), "unit": t.unit, "line": doc.locate(t.line)[1]}
            for t in doc.targets
        ],
        "overall": [
            {"title": o.title, "amounts": {k: _value(v, doc) for k, v in o.amounts.items()}, "unit": o.unit,
             "line": doc.locate(o.line)[1]}
            for o in doc.overall
        ],
        "staffing": [
            {"total": s.total, "in_service": s.in_service, "retired": s.retired, "retired_early": s.retired_early,
             "line": doc.locate(s.line)[1]}
            for s in doc.staffing
        ],
        "mentions": [{"kind": m.kind, "names": list(m.names), "line": doc.locate(m.line)[1]} for m in doc.mentions],
    }


def document_json(doc: Document) -> str:
    return json.dumps(document_dict(doc), ensure_ascii=False, indent=2)
