"""A report that shows no more than a document's outline is given the outline (``Document.outline``):
what a -j worker sends back, and what a batch holds of each document. Every format but html and
xlsx (and --show-source) renders the same from it as from the whole document; the cache keeps the
whole report, for a later run in a format that needs more."""

from __future__ import annotations

from pathlib import Path

import pytest

from budget_audit.audit import audit
from budget_audit.cache import Cache
from budget_audit.report import FORMATS, VISUAL_FORMATS, ReportOptions, render

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "tests" / "data" / "pdf" / "xinjiang-aheqi-government-office-2024.pdf"  # it has findings
TEXT = ROOT / "samples" / "shanxi-zezhou-party-office-2024.txt"
TEXT_FORMATS = [f for f in FORMATS if f not in VISUAL_FORMATS]


def _rendered(fmt: str, reports, ruleset) -> str:
    out = render(fmt, reports, ReportOptions(ruleset=ruleset, verbose=True))
    return out if isinstance(out, str) else "".join(out)


def test_an_outline_keeps_the_metadata_contents_sections_and_table_names_without_lines_or_rows(ruleset):
    whole = audit([str(PDF)], ruleset)[0].document
    outline = whole.outline()
    assert (outline.metadata, outline.toc, outline.sections) == (whole.metadata, whole.toc, whole.sections)
    assert [(t.alias, t.title, t.line) for t in outline.tables] == [(t.alias, t.title, t.line) for t in whole.tables]
    assert outline.coverage() == whole.coverage()
    assert len(outline.lines) == 0 and not any(t.rows for t in outline.tables) and outline.claims == []


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_every_text_format_renders_an_outlined_report_as_the_whole_one(fmt, ruleset):
    paths = [str(PDF), str(TEXT)]
    whole, outlined = audit(paths, ruleset), audit(paths, ruleset, outline=True)
    assert all(r.document is not None and len(r.document.lines) == 0 for r in outlined)
    assert any(r.findings for r in whole)
    assert _rendered(fmt, outlined, ruleset) == _rendered(fmt, whole, ruleset)


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_cache_keeps_the_whole_report_of_an_outlined_run(jobs, ruleset, tmp_path):
    """A later run in html, or with --show-source, answered from the cache needs the lines."""
    cache = Cache.open(tmp_path / "cache")
    cache.rules_key = "test"
    paths = [str(PDF), str(TEXT)]
    first = audit(paths, ruleset, jobs=jobs, cache=cache, outline=True)
    assert all(len(r.document.lines) == 0 for r in first)
    again = audit(paths, ruleset, jobs=jobs, cache=cache)
    assert all(len(r.document.lines) > 0 for r in again)  # from the cache, whole
    assert [r.findings for r in again] == [r.findings for r in first]
