"""Resource bounds (issue 15): hostile documents are refused in seconds, with the limit named.

Every hostile input is made on the fly (tests/hostile.py) and run through the real command
line; the subprocess timeout is only a guard against a hang, never a measure of speed
(bench/limits.py prints the figures).
"""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from budget_audit import limits
from budget_audit.errors import UsageError
from budget_audit.ingest.inflate import inflated_size

from . import hostile
from .conftest import DOCS, SAMPLE_FILES

PDFS = Path(__file__).resolve().parent / "data" / "pdf"
HANG_GUARD = 120  # seconds: far above any refusal, below a hang


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budget_audit", *args], input=stdin, capture_output=True,
                          timeout=HANG_GUARD, cwd=cwd)


def refused(out: subprocess.CompletedProcess, path: str, limit: str) -> bool:
    """Exit 2 and one line on stderr naming the file and the limit, no traceback."""
    err = out.stderr.decode()
    return (out.returncode == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
            and f"{path}:" in err and f"--limit {limit}=N" in err)


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


# --- the four hostile inputs of the issue -------------------------------------------------


def test_a_pdf_whose_streams_inflate_to_gigabytes_is_refused(tmp_path):
    path = write(tmp_path, "bomb.pdf", hostile.inflate_bomb_pdf(gib=2, layers=2))
    assert Path(path).stat().st_size < 64 * 1024
    assert refused(run("check", path), path, "inflated-mb")


def test_a_pdf_of_ten_thousand_empty_pages_is_refused(tmp_path):
    path = write(tmp_path, "pages.pdf", hostile.empty_pages_pdf(10_000))
    out = run("check", path)
    assert refused(out, path, "pages") and "10000 pages" in out.stderr.decode()


def test_a_text_of_a_million_lines_is_refused(tmp_path):
    path = write(tmp_path, "lines.txt", hostile.many_lines_text(1_000_000))
    assert refused(run("check", path), path, "lines")


def test_a_deeply_nested_web_page_is_refused(tmp_path):
    path = write(tmp_path, "nested.html", hostile.nested_html(100_000))
    assert refused(run("check", path), path, "html-depth")


# --- each limit, lowered on the command line -------------------------------------------------


def test_a_page_with_too_many_characters_is_refused_before_they_are_read(tmp_path):
    path = write(tmp_path, "dense.pdf", hostile.text_pdf(["1234567890"] * 50))
    assert refused(run("check", "--limit", "page-chars=100", path), path, "page-chars")


def test_a_file_larger_than_file_mb_is_refused_unread(tmp_path):
    path = write(tmp_path, "big.txt", b"x" * (2 << 20))
    assert refused(run("check", "--limit", "file-mb=1", path), path, "file-mb")


def test_standard_input_is_read_no_further_than_file_mb():
    assert refused(run("check", "--limit", "file-mb=1", "-", stdin=b"x" * (2 << 20)), "-", "file-mb")


def test_a_text_with_too_many_characters_is_refused():
    path = str(SAMPLE_FILES[0])
    assert refused(run("check", "--limit", "chars=1000", path), path, "chars")


def test_a_document_still_being_checked_after_seconds_is_refused(tmp_path):
    # the samples end to end fifty times: seconds of work on any machine, however fast it reads
    path = write(tmp_path, "long.txt", b"\n".join(p.read_bytes() for p in SAMPLE_FILES * 10))
    out = run("check", "--limit", "seconds=1", path)
    assert refused(out, path, "seconds") and "not done after 1 s" in out.stderr.decode()


def test_a_refused_document_is_an_error_entry_in_json(tmp_path):
    path = write(tmp_path, "pages.pdf", hostile.empty_pages_pdf(3))
    out = run("check", "--format", "json", "--limit", "pages=2", path)
    assert "pages=2" in json.loads(out.stdout)["documents"][0]["error"]


def test_a_limit_of_zero_removes_it():
    out = run("check", "--limit", "chars=0", "--limit", "lines=0", "--format", "json", str(DOCS / "consistent.txt"))
    assert out.returncode == 0


def test_limits_come_from_the_configuration_file(tmp_path):
    (tmp_path / "budget-audit.toml").write_text("[limits]\nchars = 100\n", encoding="utf-8")
    path = str(DOCS / "consistent.txt")
    assert refused(run("check", path, cwd=tmp_path), path, "chars")


def test_the_command_line_overrides_the_configured_limit(tmp_path):
    (tmp_path / "budget-audit.toml").write_text("[limits]\nchars = 100\n", encoding="utf-8")
    assert run("check", "--limit", "chars=0", str(DOCS / "consistent.txt"), cwd=tmp_path).returncode == 0


def test_extract_takes_limits_too(tmp_path):
    path = write(tmp_path, "pages.pdf", hostile.empty_pages_pdf(3))
    assert refused(run("extract", "--limit", "pages=2", path), path, "pages")


@pytest.mark.parametrize("option", ["pages", "pages=x", "pages=-1", "nonsense=3"])
def test_a_bad_limit_option_is_one_line_naming_it(option):
    out = run("check", "--limit", option, str(DOCS / "consistent.txt"))
    err = out.stderr.decode()
    assert out.returncode == 2 and len(err.strip().splitlines()) == 1 and "--limit" in err


def test_a_bad_limit_in_the_configuration_names_the_file(tmp_path):
    (tmp_path / "budget-audit.toml").write_text("[limits]\npages = \"many\"\n", encoding="utf-8")
    out = run("check", str(DOCS / "consistent.txt"), cwd=tmp_path)
    assert out.returncode == 2 and "budget-audit.toml" in out.stderr.decode()


# --- the pieces -------------------------------------------------------------------------------


def test_limits_resolve_defaults_then_configuration_then_command_line():
    got = limits.resolve({"pages": 10, "lines": 5}, ["pages=20"])
    assert (got.pages, got.lines, got.chars) == (20, 5, limits.DEFAULT.chars)


def test_an_unknown_configured_limit_is_refused():
    with pytest.raises(UsageError, match="unknown limit 'page'"):
        limits.from_table({"page": 3}, "budget-audit.toml")


def test_inflated_size_counts_a_stream_exactly():
    data = b"<< >>\nstream\n" + zlib.compress(b"a" * 10_000) + b"\nendstream"
    assert inflated_size(data, 1 << 20) == 10_000


def test_inflated_size_counts_every_nested_layer():
    inner = zlib.compress(b"a" * 10_000)
    data = b"stream\n" + zlib.compress(inner) + b"\nendstream"
    assert inflated_size(data, 1 << 20) == 10_000 + len(inner)


def test_inflated_size_stops_soon_after_the_budget():
    data = b"stream\n" + hostile.repeated_deflate(b"\0" * (1 << 20), 64)
    assert (1 << 20) < inflated_size(data, 1 << 20) <= 3 << 20


def test_inflated_size_ignores_streams_that_are_not_zlib():
    assert inflated_size(b"stream\n\xff\xd8\xff\xe0 a JPEG\nendstream", 1 << 20) == 0
