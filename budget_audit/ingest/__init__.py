"""Ingest: turn a file into lines with provenance. The parser never knows the source."""

from budget_audit.ingest.pdf import load_pdf
from budget_audit.ingest.text import load_text

__all__ = ["load_pdf", "load_text", "is_pdf"]


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
