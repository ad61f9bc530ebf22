"""Parse: lines with provenance → Document (tables, table of contents, metadata)."""

from __future__ import annotations

__all__ = ["parse_document"]


def __getattr__(name: str):
    """``parse_document`` on first use: importing one helper (``parse.normalize``) must not load the whole parser."""
    if name == "parse_document":
        from budget_audit.parse.document import parse_document

        return parse_document
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
