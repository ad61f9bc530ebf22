"""Findings placed in the parts of the document, as the auditors' 检查表 lists them.

Shared by the HTML and xlsx reports (no rendering here). A finding belongs to the part
holding its first line; a part is 是 when rules examined it and found nothing, 否 when
they found something, 未检查 when no rule could examine it (a table not recognised, a
section with no figures, a table no evaluated rule reads) — an auditor must not take
silence for a pass.

Findings about a PDF carry the page and the line within the page (what a reader needs);
the model numbers lines through the document, so the running line is recovered here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from budget_audit.audit import DocumentReport
from budget_audit.findings import Finding
from budget_audit.model import Document, Section, Table, Value
from budget_audit.rules.ruleset import Rule, RuleSet

YES, NO, UNCHECKED = "是", "否", "未检查"

# check kinds that read the narrative (claims, targets, staffing, mentions) rather than tables
NARRATIVE_CHECKS = {
    "change_sum", "claim_bound", "claim_matches_table", "direction", "growth", "headcount", "list_sum",
    "named_classes", "percent_sum", "share", "target_matches_project", "unit", "year",
}
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_QUOTE = re.compile(r"「([^」]+)」")


@dataclass
class Located:
    """A finding with its running lines (first = where it is) and the printed figures to outline per line."""

    finding: Finding
    lines: list[int]
    figures: dict[int, list[str]] = field(default_factory=dict)

    @property
    def line(self) -> int | None:
        return self.lines[0] if self.lines else None


@dataclass
class Part:
    title: str  # 检查内容 as the 检查表 names it
    kind: str  # cover / toc / part / heading / table / other
    line: int | None
    end_line: int | None
    findings: list[Located] = field(default_factory=list)
    checked: bool = False
    reason: str = ""  # why 未检查

    @property
    def status(self) -> str:
        if self.findings:
            return NO
        return YES if self.checked else UNCHECKED

    @property
    def anchor(self) -> str:
        return f"p{self.line or 0}-{self.kind}"


def _amount(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _values_by_line(doc: Document) -> dict[int, list[tuple[str | None, str | None, Value]]]:
    """(table alias, column, value) for every printed figure, by its line."""
    out: dict[int, list[tuple[str | None, str | None, Value]]] = {}
    for t in doc.tables:
        for row in t.rows:
            for column, v in row.values.items():
                if v is not None:
                    out.setdefault(v.line, []).append((t.alias, column, v))
    for c in doc.claims:
        figures = [c.amount, c.share]
        if c.change is not None:
            figures += [c.change.delta, c.change.rate]
        for v in figures:
            if v is not None:
                out.setdefault(v.line, []).append((None, None, v))
    for tg in doc.targets:
        out.setdefault(tg.amount.line, []).append((None, None, tg.amount))
    return out


class Locator:
    """Running lines and figures of findings in one document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.pdf = bool(doc.lines) and doc.lines[0].page is not None
        self.values = _values_by_line(doc)
        self.by_page_line: dict[int, list[int]] = {}
        self.index: dict[tuple[int, int], int] = {}
        if self.pdf:
            for ln in doc.lines:
                if ln.page is not None and ln.page_line is not None:
                    self.index[(ln.page, ln.page_line)] = ln.number
                    self.by_page_line.setdefault(ln.page_line, []).append(ln.number)

    def locate(self, f: Finding) -> Located:
        unquoted = _QUOTE.sub("", f.message)
        numbers = {a for a in (_amount(m) for m in _NUMBER.findall(unquoted)) if a is not None}
        numbers |= {a for a in (_amount(x) for x in (f.expected, f.actual) if x) if a is not None}
        quotes = [q.strip("…").strip() for q in _QUOTE.findall(f.message)]
        lines: list[int] = []
        if f.line is None:
            return Located(f, [])
        primary = self.index.get((f.page, f.line)) if self.pdf else f.line
        if primary is None:
            return Located(f, [])
        lines.append(primary)
        own = list(f.lines)
        if self.pdf and f.line in own:
            own.remove(f.line)  # the first line's own page line: already placed, on its page
        for n in own:
            if not self.pdf:
                candidates = [n]
            else:
                candidates = [c for c in self.by_page_line.get(n, [])
                              if abs((self.doc.lines[c - 1].page or 0) - (f.page or 0)) <= 3]
                named = [t for t in self.doc.tables if t.alias and (t.alias == f.table or t.alias in f.message)]

                def rank(c: int, named: list[Table] = named) -> tuple:
                    # a line of a table the finding names, holding one of its figures; else the nearest line
                    in_named = any(t.line <= c <= t.end_line for t in named)
                    return (not (in_named and self._figures(f, c, numbers, [], named=False)),
                            not (in_named and self._figures(f, c, numbers, [])), abs(c - primary))

                candidates.sort(key=rank)
            if candidates and candidates[0] not in lines:
                lines.append(candidates[0])
        figures = {n: self._figures(f, n, numbers, quotes) for n in lines}
        return Located(f, lines, figures)

    def _figures(self, f: Finding, n: int, numbers: set[Decimal], quotes: list[str], named: bool = True) -> list[str]:
        """The printed figures on line ``n`` this finding is about, as printed."""
        if not 0 < n <= len(self.doc.lines):
            return []
        text = self.doc.lines[n - 1].text
        out: list[str] = []
        for alias, column, v in self.values.get(n, []):
            in_column = named and f.column is not None and column == f.column and alias == f.table
            if (v.amount in numbers or in_column) and v.printed not in out and v.printed in text:
                out.append(v.printed)
        for q in quotes if not out else ():
            for piece in q.split("…"):
                piece = piece.strip()
                if len(piece) >= 4 and piece in text and piece not in out:
                    out.append(piece)
        for word in (f.actual, f.expected):
            if not out and word and len(word) >= 2 and not _amount(word) and word in text:
                out.append(word)  # a text figure: template text left in
        if not out and f.actual and _amount(f.actual) is not None and re.search(rf"(?<![\d.]){re.escape(f.actual)}", text):
            out.append(f.actual)  # a year or rate printed in prose
        return out


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def _reads(rule: Rule, alias: str) -> bool:
    return any(alias in s for s in _strings([rule.options, rule.when]))


def _table_titles(doc: Document) -> dict[int, str]:
    """《title》 per table line; repeated titles are numbered so each row is told apart."""
    seen: dict[str, int] = {}
    out: dict[int, str] = {}
    for s in doc.sections:
        if s.kind == "table":
            seen[s.title] = seen.get(s.title, 0) + 1
            out[s.line] = f"《{s.title}》" + (f"（{seen[s.title]}）" if seen[s.title] > 1 else "")
    return out


def document_parts(report: DocumentReport, ruleset: RuleSet, locator: Locator | None = None) -> list[Part]:
    """The 检查表 rows of one document, in document order, with their findings."""
    doc = report.document
    if doc is None:
        return []
    locator = locator or Locator(doc)
    rules = {r.id: r for r in ruleset.rules}
    evaluated = [rules[r.rule] for r in report.results if r.status in ("passed", "failed") and r.rule in rules]
    narrative = any(r.check in NARRATIVE_CHECKS for r in evaluated)
    toc_checked = any(r.check == "required_tables" for r in evaluated)
    tables = {t.line: t for t in doc.tables}
    titles = _table_titles(doc)
    figure_lines = {n for c in doc.claims for n in c.lines} | {c.line for c in doc.claims}
    figure_lines |= {t.line for t in doc.targets} | {s.line for s in doc.staffing}

    sections = list(doc.sections)
    parts: list[Part] = []
    for s in sections:
        part = Part(titles.get(s.line, s.title) if s.kind == "table" else s.title, s.kind, s.line, s.end_line)
        part.checked, part.reason = _coverage(s, tables.get(s.line), evaluated, narrative, toc_checked, figure_lines)
        parts.append(part)
    other = Part("其他", "other", None, None, reason="未归入以上部分的问题")
    for f in report.findings:
        located = locator.locate(f)
        target = _part_of(located.line, parts)
        (target or other).findings.append(located)
    kept = [p for p in parts if p.kind != "part" or p.findings or not _has_child_part(p, parts)]
    other.checked = bool(evaluated)
    return kept + [other]


def _has_child_part(p: Part, parts: list[Part]) -> bool:
    return any(o is not p and p.line is not None and o.line is not None and p.line < o.line <= (p.end_line or 0)
               for o in parts)


def _part_of(line: int | None, parts: list[Part]) -> Part | None:
    """The innermost part holding ``line``."""
    if line is None:
        return None
    holding = [p for p in parts if p.line is not None and p.line <= line <= (p.end_line or p.line)]
    return min(holding, key=lambda p: (p.end_line or 0) - (p.line or 0), default=None)


def _coverage(s: Section, table: Table | None, evaluated: list[Rule], narrative: bool, toc_checked: bool,
              figure_lines: set[int]) -> tuple[bool, str]:
    if s.kind == "table":
        if table is None or table.alias is None:
            return False, "表格未识别"
        if any(_reads(r, table.alias) for r in evaluated):
            return True, ""
        if narrative and any(s.line <= n <= s.end_line for n in figure_lines):
            return True, ""  # a 绩效目标表 whose amounts the narrative checks compare
        return False, "没有适用于此表的规则"
    if s.kind == "toc":
        return (True, "") if toc_checked else (False, "未核对目录")
    if s.kind == "cover":
        return False, "封面不做数字核对"
    has_figures = any(s.line <= n <= s.end_line for n in figure_lines)
    if has_figures and narrative:
        return True, ""
    return False, "此部分没有可核对的数字"
