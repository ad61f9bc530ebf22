"""--show-source: the printed line(s) a finding is about, with its figures marked.

An auditor checks a finding against the document; quoting the lines (as printed, cells
separated by two spaces) with a caret line under the figures the message names saves
opening the PDF. Carets are aligned by display width, so Chinese text (two columns a
character) lines up.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.markup import escape

from budget_audit.findings import Finding
from budget_audit.model import Document

_FIGURE = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?%?")
CELL_GAP = "  "
MAX_LINES = 4


def _figures(f: Finding) -> set[str]:
    """The amounts the finding names: its actual and expected figures, and the message's decimals.

    Whole numbers in a message are mostly subject codes (201 03) and counts (8 款), not
    figures, so they are marked only when they are the finding's own actual/expected value.
    """
    found = {m.group().rstrip("%").lstrip("-") for m in _FIGURE.finditer(f.message) if "." in m.group()}
    found |= {x.lstrip("-") for x in (f.actual, f.expected) if x}
    return {x for x in found if any(ch.isdigit() for ch in x) and x not in ("0",)}


def _lines(doc: Document, f: Finding) -> list[tuple[str, str]]:
    """(label, printed text) of each line the finding involves, in order, without repeats."""
    places = list(f.places) or [(None, n) for n in (f.lines or ((f.line,) if f.line else ()))]
    by_place = {(ln.page, ln.page_line): ln for ln in doc.lines if ln.page is not None}
    out: list[tuple[str, str]] = []
    seen = set()
    for page, number in places:
        if number is None or (page, number) in seen:
            continue
        seen.add((page, number))
        if page is not None:
            line = by_place.get((page, number))
            label = f"p{page}:{number}"
        else:
            line = doc.lines[number - 1] if 0 < number <= len(doc.lines) else None
            label = str(number)
        if line is not None:
            out.append((label, CELL_GAP.join(c.strip() for c in line.raw.split("\t")).rstrip()))
    return out[:MAX_LINES]


def _spans(text: str, figures: set[str]) -> list[tuple[int, int]]:
    spans = []
    for m in _FIGURE.finditer(text):
        if m.group().rstrip("%").lstrip("-") in figures:
            spans.append((m.start(), m.end()))
    return spans


def source_markup(doc: Document, f: Finding, indent: str = "          ") -> list[str]:
    """Rich markup lines: each source line, then a caret line under its marked figures."""
    figures = _figures(f)
    out = []
    width = max((len(label) for label, _ in _lines(doc, f)), default=0)
    for label, text in _lines(doc, f):
        spans = _spans(text, figures)
        gutter = f"{indent}{label:>{width}} │ "
        marked, pos = "", 0
        for start, end in spans:
            marked += escape(text[pos:start]) + f"[bold reverse]{escape(text[start:end])}[/]"
            pos = end
        marked += escape(text[pos:])
        out.append(f"[dim]{escape(gutter)}[/]{marked}")
        if spans:
            carets, col = "", 0
            for start, end in spans:
                lead = cell_len(text[:start]) - col
                carets += " " * lead + "^" * cell_len(text[start:end])
                col = cell_len(text[:end])
            out.append(f"[dim]{indent}{' ' * width} │ [/][bold red]{carets}[/]")
    return out
