"""Ingest: turn a file into lines with provenance. The parser never knows the source."""

from budget_audit.ingest.html import load_html, looks_like_html
from budget_audit.ingest.pdf import load_pdf
from budget_audit.ingest.text import load_text

__all__ = ["load_pdf", "load_text", "load_html", "is_pdf", "is_html"]


def is_html(path: str) -> bool:
    """A web page, by name or by its first bytes."""
    if path == "-":
        return False
    try:
        with open(path, "rb") as f:
            return looks_like_html(path, f.read(512))
    except OSError:
        return False


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
