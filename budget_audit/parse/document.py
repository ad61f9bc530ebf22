"""parse_document: the parse steps composed, from raw lines to a Document."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from budget_audit.errors import InputError
from budget_audit.model import Document, Table, TableKind
from budget_audit.parse.blocks import RawBlock, lines_to_blocks
from budget_audit.parse.catalogue import Catalogue, shipped
from budget_audit.parse.claims import text_to_claims
from budget_audit.parse.counts import runs_to_counts
from budget_audit.parse.mentions import lines_to_mentions
from budget_audit.parse.metadata import read_metadata
from budget_audit.parse.normalize import normalize_lines
from budget_audit.parse.outturn import lines_to_outturns
from budget_audit.parse.paragraphs import lines_to_paragraphs, narrative_lines
from budget_audit.parse.performance import lines_to_overall
from budget_audit.parse.runs import prose_runs
from budget_audit.parse.sections import find_sections
from budget_audit.parse.staffing import lines_to_staffing
from budget_audit.parse.tables import block_to_table
from budget_audit.parse.targets import lines_to_targets
from budget_audit.parse.toc import find_register, find_toc
from budget_audit.parse.unit_counts import lines_to_unit_counts


def parse_document(
    path: str,
    raw_lines: list[str],
    added: Sequence[TableKind] = (),
    pages: list[tuple[int, int]] | None = None,
    sources: list[str | None] | None = None,
    catalogue: Catalogue | None = None,
) -> Document:
    """The document of ``raw_lines``, read with the template catalogue (the shipped one by
    default) and the tables a user's rule file ``added`` for this run."""
    catalogue = (catalogue or shipped()).with_tables(added)
    lines = normalize_lines(raw_lines, pages, sources)
    toc, body_start = find_toc(lines, catalogue)
    toc = toc + [e for e in find_register(lines, catalogue) if e.title not in {t.title for t in toc}]
    issuers: list[str] = []
    tables = [t for t in _tables(lines_to_blocks(lines, catalogue, start=body_start), issuers) if t.alias or t.rows]
    toc_line = next((i for i, ln in enumerate(lines) if ln.text.replace(" ", "") == "目录"), body_start)
    doc_kinds = {k.alias: k.kind or "预算" for k in catalogue.tables}  # the budget tables' titles exclude 决算
    metadata = read_metadata(
        lines, toc_line, tables, issuers, [doc_kinds[t.alias] for t in tables if t.alias in doc_kinds], catalogue,
    )
    paragraphs = lines_to_paragraphs(narrative_lines(lines, tables, body_start))
    claims = text_to_claims(paragraphs, metadata.department)
    outturns = lines_to_outturns(paragraphs) if metadata.kind == "决算" else []
    if not any(t.alias for t in tables) and not _is_narrative(claims) and not outturns:
        raise InputError(path, "no budget table and no budget narrative recognised (is this a budget disclosure?)")
    unit_counts = lines_to_unit_counts(lines, paragraphs)
    del paragraphs  # read: let go before the prose runs are (a long document's peak was both at once)
    document = Document(
        path=path, lines=lines, metadata=metadata, toc=toc, tables=tables, claims=claims,
        targets=lines_to_targets(lines, body_start),
        staffing=lines_to_staffing(lines[body_start:]),
        mentions=lines_to_mentions(lines[body_start:]),
        sections=find_sections(lines, toc_line if toc_line < body_start else None, body_start, tables),
        outturns=outturns,
        unit_counts=unit_counts,
        overall=lines_to_overall(lines, tables),
    )
    document.counts = runs_to_counts(prose_runs(document))  # the runs stay for the text checks
    return document


def _tables(blocks: Iterator[RawBlock], issuers: list[str]) -> Iterator[Table]:
    """Each block as a table, in order, and its issuer (编制单位) added to ``issuers``: the
    blocks come one at a time and each is let go once read."""
    for block in blocks:
        if block.issuer:
            issuers.append(block.issuer)
        yield block_to_table(block)


def _is_narrative(claims: list) -> bool:
    """A disclosure's 情况说明 published without its tables: several amounts about 收入/支出/预算."""
    budget_words = sum(1 for c in claims if c.amount is not None and any(w in c.subject for w in ("收入", "支出", "预算", "决算", "经费")))
    return budget_words >= 3
