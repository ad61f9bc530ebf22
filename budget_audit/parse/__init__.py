"""Parse: lines with provenance → Document (tables, table of contents, metadata)."""

from budget_audit.parse.document import parse_document

__all__ = ["parse_document"]
