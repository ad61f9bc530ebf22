"""Ingest: turn a file into lines with provenance. The parser never knows the source.

The PDF and HTML loaders are imported when a PDF or a web page is read, not before: a text
check never loads the PDF stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from budget_audit.ingest.text import load_text

if TYPE_CHECKING:
    from budget_audit.ingest.pdf import ProgressFn

__all__ = ["load_pdf", "load_text", "load_html", "is_pdf", "is_html"]

_HTML_NAMES = (".html", ".htm")


def load_pdf(path: str, progress: ProgressFn | None = None) -> list[tuple[int, int, str]]:
    """(page, line within page, text) of every line of a PDF (budget_audit.ingest.pdf)."""
    from budget_audit.ingest.pdf import load_pdf as load

    return load(path, progress)


def load_html(path: str, data: bytes | None = None) -> list[str]:
    """The lines of a web page (budget_audit.ingest.html)."""
    from budget_audit.ingest.html import load_html as load

    return load(path, data)


def is_html(path: str) -> bool:
    """A web page, by name or by its first bytes."""
    if path == "-":
        return False
    if path.lower().endswith(_HTML_NAMES):
        return True
    try:
        with open(path, "rb") as f:
            head = f.read(512)
    except OSError:
        return False
    if not head.lstrip().startswith(b"<"):  # not markup: no need to load the HTML reader
        return False
    from budget_audit.ingest.html import looks_like_html

    return looks_like_html(path, head)


def is_pdf(path: str) -> bool:
    """By name, or by content for a file whose name does not say."""
    if path == "-":
        return False
    if path.lower().endswith(".pdf"):
        return True
    try:
        with open(path, "rb") as f:
            return f.read(5) == b"%PDF-"
    except OSError:
        return False
