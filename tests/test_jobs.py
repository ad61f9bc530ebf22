"""-j N: documents checked in N processes give the report one process gives, the longest started first."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

import pypdfium2

from budget_audit.parallel import _MS_PER_PAGE, _page_objects, _work

PDFS = sorted((Path(__file__).parent / "data" / "pdf").glob("*.pdf"))
SAMPLES = sorted(str(p) for p in (Path(__file__).parents[1] / "samples").glob("*.txt"))


def test_two_processes_read_pdfs_as_one_does():
    pdfs = [str(p) for p in PDFS[:2]]

    def run(jobs: str) -> str:
        return subprocess.run([sys.executable, "-m", "budget_audit", "check", "--no-cache", "-j", jobs, "--format", "json", *pdfs],
                              capture_output=True, text=True, timeout=300).stdout

    assert run("2") == run("1") != ""


def test_a_pdf_is_weighed_by_its_pages_as_its_bytes_show_them():
    for pdf in PDFS:
        document = pypdfium2.PdfDocument(pdf)
        try:
            assert _page_objects(str(pdf)) == len(document)
        finally:
            document.close()
    by_pages = sorted(PDFS, key=lambda p: _page_objects(str(p)))
    assert sorted(PDFS, key=lambda p: _work([str(p)])) == by_pages


def test_a_pdf_whose_pages_cannot_be_seen_nor_counted_is_weighed_by_its_size(tmp_path):
    hidden = tmp_path / "unreadable.pdf"
    hidden.write_bytes(b"%PDF-1.7\n" + b"x" * 300_000)  # no page object in its bytes, and no page tree PDFium reads
    assert _work([str(hidden)]) > _work([str(tmp_path / "missing.pdf")]) == 0


def _compressed_pdf(pages: int) -> bytes:
    """A PDF whose catalogue, page tree and pages all lie in one compressed object stream, found
    through a cross-reference stream, as recent Word exports and Aspose write them: its bytes show
    no page object."""
    kids = " ".join(f"{4 + k} 0 R" for k in range(pages))
    objects = [b"<< /Type /Catalog /Pages 3 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()]
    objects += [b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>"] * pages
    offsets, body = [], b""
    for obj in objects:
        offsets.append(len(body))
        body += obj + b"\n"
    header = " ".join(f"{2 + k} {o}" for k, o in enumerate(offsets)).encode() + b"\n"
    stream = zlib.compress(header + body)
    out = b"%PDF-1.5\n"
    stream_at = len(out)
    out += (f"1 0 obj\n<< /Type /ObjStm /N {len(objects)} /First {len(header)} /Filter /FlateDecode "
            f"/Length {len(stream)} >>\nstream\n").encode() + stream + b"\nendstream\nendobj\n"
    xref_number, xref_at = 2 + len(objects), len(out)
    rows = [b"\x00" + bytes(4) + b"\xff\xff", b"\x01" + stream_at.to_bytes(4, "big") + bytes(2)]
    rows += [b"\x02" + (1).to_bytes(4, "big") + k.to_bytes(2, "big") for k in range(len(objects))]
    rows += [b"\x01" + xref_at.to_bytes(4, "big") + bytes(2)]
    xref = zlib.compress(b"".join(rows))
    out += (f"{xref_number} 0 obj\n<< /Type /XRef /Size {xref_number + 1} /W [1 4 2] /Root 2 0 R "
            f"/Filter /FlateDecode /Length {len(xref)} >>\nstream\n").encode() + xref + b"\nendstream\nendobj\n"
    return out + f"startxref\n{xref_at}\n%%EOF\n".encode()


def test_a_pdf_whose_page_objects_are_all_compressed_is_weighed_by_its_page_tree(tmp_path):
    """Not by its bytes: a few KiB a page, such a file was weighed as a page or two, started last
    and ended a batch alone."""
    compact = tmp_path / "compact.pdf"
    compact.write_bytes(_compressed_pdf(40))
    assert _page_objects(str(compact)) == 0
    assert _work([str(compact)]) == 40 * _MS_PER_PAGE


def test_a_long_pdf_alone_has_its_pages_read_in_several_processes(monkeypatch):
    from budget_audit import parallel

    monkeypatch.setattr(parallel, "_MIN_SPLIT_WORK", 0)  # the test PDFs are short: as if they were long
    longest = max(PDFS, key=lambda p: _page_objects(str(p)))
    task = ([str(longest)], None, [], [], None, None, None)
    assert len(parallel.split_plan({0: _work([str(longest)])}, [task], 2)[0]) >= 2  # ranges of pages, read apart


def test_a_pdf_too_short_to_gain_from_processes_is_read_in_one():
    from budget_audit.parallel import split_plan

    longest = max(PDFS, key=lambda p: _page_objects(str(p)))  # 18 pages
    task = ([str(longest)], None, [], [], None, None, None)
    assert split_plan({0: _work([str(longest)])}, [task], 2) == {}


def _longest_pdf_and_three_texts() -> list[tuple]:
    """A batch's tasks: the test PDF with the most pages, then three text samples."""
    longest = str(max(PDFS, key=lambda p: _page_objects(str(p))))
    return [([path], None, [], [], None, None, None) for path in [longest, *SAMPLES[:3]]]


def test_a_pdf_within_half_a_fair_share_of_a_batch_is_read_in_one_process(monkeypatch):
    """Started first, it runs in one process while the others share the rest: splitting it would
    only cost its pages sent between processes twice."""
    from budget_audit import parallel

    monkeypatch.setattr(parallel, "_MIN_SPLIT_WORK", 0)
    tasks = _longest_pdf_and_three_texts()
    assert parallel.split_plan({0: 900, 1: 1000, 2: 1000, 3: 1000}, tasks, 2) == {}  # 900 < 3900 / 2 / 2


def test_a_pdf_beyond_half_a_fair_share_of_a_batch_is_read_in_ranges(monkeypatch):
    from budget_audit import parallel

    monkeypatch.setattr(parallel, "_MIN_SPLIT_WORK", 0)
    tasks = _longest_pdf_and_three_texts()
    assert list(parallel.split_plan({0: 1100, 1: 1000, 2: 1000, 3: 1000}, tasks, 2)) == [0]  # 1100 > 4100 / 4


def check_here(jobs: str, *args: str, capsys) -> tuple[int, str]:
    """``check`` run in this process — its forked workers inherit what the test patched."""
    from budget_audit.cli import run

    capsys.readouterr()
    status = run(["check", "--no-cache", "-j", jobs, "--format", "json", *args])
    return status, capsys.readouterr().out


def test_a_pdf_read_in_page_ranges_gives_the_report_one_process_gives(monkeypatch, capsys):
    from budget_audit import parallel

    monkeypatch.setattr(parallel, "_MIN_SPLIT_WORK", 0)
    longest = max(PDFS, key=lambda p: _page_objects(str(p)))
    one, two = check_here("1", str(longest), capsys=capsys), check_here("2", str(longest), capsys=capsys)
    assert two == one and one[1] != ""


def test_a_long_pdf_split_within_a_batch_gives_the_report_one_process_gives(monkeypatch, capsys):
    """Its pages read in ranges while other documents are checked, laid out and checked by a
    worker or, when it is the last work left, by the main process."""
    from budget_audit import parallel

    monkeypatch.setattr(parallel, "_MIN_SPLIT_WORK", 0)
    longest = max(PDFS, key=lambda p: _page_objects(str(p)))
    texts = sorted(str(p) for p in (Path(__file__).parents[1] / "samples").glob("*.txt"))[:2]
    paths = [str(longest), *texts]
    tasks = [([p], None, [], [], None, None, None) for p in paths]
    assert 0 in parallel.split_plan({k: _work([p]) for k, p in enumerate(paths)}, tasks, 2)
    one, two = check_here("1", *paths, capsys=capsys), check_here("2", *paths, capsys=capsys)
    assert two == one and one[1] != ""


def test_pages_read_apart_and_laid_out_in_order_are_the_pages_read_at_once():
    from budget_audit.ingest.pdf import assemble, load_pdf, read_pages

    for pdf in PDFS:
        total = _page_objects(str(pdf))
        pages = [page for start in range(0, total, 5) for page in read_pages(str(pdf), start, start + 5)]
        assert assemble(str(pdf), pages) == load_pdf(str(pdf)), pdf.name


def test_a_pdf_past_a_limit_is_refused_alike_when_its_pages_are_read_apart(monkeypatch, capsys):
    from budget_audit import parallel

    monkeypatch.setattr(parallel, "_MIN_SPLIT_WORK", 0)  # read apart, though short
    longest = max(PDFS, key=lambda p: _page_objects(str(p)))
    task = ([str(longest)], None, [], [], None, None, None)
    assert parallel.split_plan({0: _work([str(longest)])}, [task], 2)  # it is read in ranges
    args = ("--limit", "chars=3000", str(longest))
    (_, one), (_, two) = check_here("1", *args, capsys=capsys), check_here("2", *args, capsys=capsys)
    error = json.loads(one)["documents"][0]["error"]
    assert "chars" in error
    assert json.loads(two)["documents"][0]["error"] == error


_CRASHING_WORKER = """
import os, sys
import budget_audit.parallel as parallel
checked = parallel._check_task
def _check_task(i):
    if i == 0:
        os._exit(3)  # the worker dies, as when it is killed for its memory or a PDF library crashes
    return checked(i)
_check_task.__module__ = parallel.__name__
parallel._check_task = _check_task
from budget_audit.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_worker_that_dies_costs_its_document_and_no_other():
    texts = sorted(str(p) for p in (Path(__file__).parent.parent / "samples").glob("*.txt"))[:3]
    out = subprocess.run([sys.executable, "-c", _CRASHING_WORKER, "check", "--no-cache", "-j", "2", "--format", "json", *texts],
                         capture_output=True, text=True, timeout=300)
    assert "Traceback" not in out.stderr
    assert out.returncode == 2  # a document could not be checked
    documents = json.loads(out.stdout)["documents"]
    assert [d["path"] for d in documents] == texts  # every document reported, in input order
    assert "ended abruptly" in documents[0]["error"]
    assert all(d["error"] is None and d["rules"]["evaluated"] > 0 for d in documents[1:])


def test_one_short_pdf_checked_with_jobs_starts_no_process_pool():
    """A PDF too short to split is checked in the command's own process, so the pool's modules
    (multiprocessing, concurrent.futures and the logging they bring) are not a cost of its start-up."""
    from .cli_runner import modules_loaded_by

    short = Path(__file__).parent / "data" / "pdf" / "extra" / "pdfium-features.pdf"
    args = ["check", "--no-cache", "-j", "2", "--format", "json", str(short)]
    assert modules_loaded_by(args, ("multiprocessing", "concurrent.futures", "pypdfium2")) == ["pypdfium2"]


def test_a_worker_gets_ready_with_the_parser_the_checks_and_for_pdfs_the_pdf_reader():
    """Imported as each worker starts, while the main process weighs the batch, not with its first
    document; a worker that only reads a long PDF's pages needs the reader alone."""
    code = (
        "import sys\n"
        "from budget_audit import parallel\n"
        "parallel._ready(None, None, sys.argv[1] != 'text', checks=sys.argv[1] != 'pages')\n"
        "print(*sorted(m for m in ('budget_audit.parse.document', 'budget_audit.rules.checks', "
        "'budget_audit.ingest.pdf', 'pypdfium2') if m in sys.modules))\n"
    )
    loaded = {kind: subprocess.run([sys.executable, "-c", code, kind], capture_output=True, text=True, timeout=120).stdout.split()
              for kind in ("pdf", "text", "pages")}
    assert loaded["pdf"] == ["budget_audit.ingest.pdf", "budget_audit.parse.document", "budget_audit.rules.checks", "pypdfium2"]
    assert loaded["text"] == ["budget_audit.parse.document", "budget_audit.rules.checks"]
    assert loaded["pages"] == ["budget_audit.ingest.pdf", "pypdfium2"]
