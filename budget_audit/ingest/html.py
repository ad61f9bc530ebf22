"""HTML loader: a disclosure published as a web page → lines, tables as tab-separated rows.

Some bureaus publish the 情况说明 (and sometimes the tables) as an article page. Its text is
read as a person reads it: paragraphs and block elements become lines, a ``<table>`` row
becomes one line of tab-separated cells (a cell spanning several columns leaves the columns
it spans empty, as extracted text does), and what is not content — scripts, styles, the
page head, navigation — is dropped. The stdlib parser is used: it never fetches anything
and handles nesting of any depth without recursion.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from budget_audit import limits
from budget_audit.controls import visible_lines
from budget_audit.ingest.text import bounded_text, read_source

_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
           "tbody", "thead", "tfoot", "caption", "blockquote", "pre", "hr", "dd", "dt", "form"}
_SKIP = {"script", "style", "head", "title", "noscript", "nav", "header", "footer", "select", "option", "iframe",
         "svg", "template", "button"}
_SPACES = re.compile(r"[ \t\r\n\u00a0]+")
# Elements that never hold others, and those a new one of their kind closes (<p>…<p>, <td>…<td>),
# so that the nesting depth counted is the one a browser builds.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
         "wbr", "keygen"}
_SELF_CLOSING = {"p", "li", "td", "th", "tr", "dt", "dd", "option"}


def looks_like_html(path: str, head: bytes) -> bool:
    """By name (.html/.htm) or by a document type or <html> tag at the start."""
    if path.lower().endswith((".html", ".htm")):
        return True
    start = head.lstrip()[:200].lower()
    return start.startswith(b"<!doctype html") or start.startswith(b"<html")


class _Reader(HTMLParser):
    def __init__(self, path: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.path = path
        self.open: list[str] = []  # elements open, outermost first (html-depth limit)
        self.lines: list[str] = []
        self.text: list[str] = []
        self.skip = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.text)).strip()
        if text:
            self.lines.append(text)
        self.text = []

    def _nest(self, tag: str) -> None:
        if tag in _VOID:
            return
        if tag in _SELF_CLOSING and self.open and self.open[-1] == tag:
            self.open.pop()
        self.open.append(tag)
        limits.check_html_depth(self.path, len(self.open))

    def _unnest(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()
        elif tag in self.open:  # closes the elements left open inside it; an end tag without its start is ignored
            while self.open.pop() != tag:
                pass

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._nest(tag)
        if tag in _SKIP:
            self.skip += 1
        elif tag == "tr":
            self._flush()
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            span = dict(attrs).get("colspan") or "1"
            self.span = int(span) if span.isascii() and span.isdigit() and len(span) <= 3 and 0 < int(span) <= 100 else 1
        elif tag in _BLOCKS and self.cell is None:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and self.cell is None:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        self._unnest(tag)
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(_SPACES.sub(" ", "".join(self.cell)).strip())
            self.row.extend([""] * (self.span - 1))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(self.row):
                self.lines.append("\t".join(self.row) if len(self.row) > 1 else self.row[0])
            self.row = None
        elif tag in _BLOCKS and self.cell is None:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        (self.cell if self.cell is not None else self.text).append(data)


def load_html(path: str, data: bytes | None = None) -> list[str]:
    """The lines of a web page, as a reader sees them."""
    raw = read_source(path) if data is None else data
    reader = _Reader(path)
    reader.feed(bounded_text(raw, path))
    reader.close()
    reader._flush()
    limits.check_lines(path, len(reader.lines))
    return visible_lines(reader.lines)
