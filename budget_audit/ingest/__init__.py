"""Ingest: turn a file into lines with provenance. The parser never knows the source."""

from budget_audit.ingest.text import load_text

__all__ = ["load_text"]
