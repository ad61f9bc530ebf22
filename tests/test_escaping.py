"""Document text is data in every report (issue 15): escaped in HTML, text in xlsx, serialised
in JSON, SARIF and JUnit, escaped as GitHub documents its workflow commands, and never a
control sequence on a terminal or in a log.

One real sample is made hostile: a row with a finding is named with markup, a formula, the
characters GitHub's workflow commands reserve and terminal control codes, and the file
name carries some too. Every format is produced through the real command line.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "xinjiang-aheqi-government-office-2024.txt"
ROW = "22\t02\t01\t住房公积金\t46.39\t46.39\t254.73"  # a row with a finding (合计 ≠ 基本 + 项目)
PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>&%25,:=HYPERLINK(\"x\")\x1b[2J\x07"
NAME = "=x <img src=y>,%:\x1b.txt"  # a file name as a website might give it


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budget_audit", *args], capture_output=True, timeout=180, cwd=cwd)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    text = SAMPLE.read_text(encoding="utf-8")
    assert ROW in text
    (folder / NAME).write_text(text.replace(ROW, ROW.replace("住房公积金", "住房公积金" + PAYLOAD)), encoding="utf-8")
    return folder


def report(folder: Path, fmt: str) -> str:
    target = folder / f"report.{fmt}"
    out = run("check", NAME, "--format", fmt, "-o", target.name, "--color", "never", cwd=folder)
    assert out.returncode == 1, out.stderr.decode()
    return target.read_text(encoding="utf-8") if fmt != "xlsx" else ""


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_keeps_markup_from_the_document_as_text(folder):
    text = report(folder, "html")
    parser = _Tags()
    parser.feed(text)
    assert [t for t, _ in parser.tags].count("script") == 1  # ours
    assert not [a for t, a in parser.tags if t == "img" and a.get("src") in ("x", "y")]
    assert not any(k.startswith("on") for _, a in parser.tags for k in a)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&lt;img src=y&gt;" in text


def test_xlsx_holds_no_formula(folder):
    report(folder, "xlsx")
    book = load_workbook(folder / "report.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("HYPERLINK" in str(c.value) for c in cells)
    assert not [c.coordinate for c in cells if c.data_type == "f"]


def test_xlsx_holds_no_control_character(folder):
    report(folder, "xlsx")
    book = load_workbook(folder / "report.xlsx")
    texts = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", t) for t in texts)


def test_json_carries_the_text_verbatim_but_no_control_character(folder):
    rows = [f["location"]["row"] or "" for f in json.loads(report(folder, "json"))["documents"][0]["findings"]]
    (hostile,) = [r for r in rows if "<script>" in r]
    assert "=HYPERLINK(x)" in hostile and "%25,:" in hostile and "\x1b" not in hostile


def test_sarif_is_valid_json_with_the_text_in_its_message(folder):
    results = json.loads(report(folder, "sarif"))["runs"][0]["results"]
    assert any("<script>alert(1)</script>" in r["message"]["text"] for r in results)


def test_junit_is_well_formed_xml_with_the_text_in_a_failure(folder):
    root = ET.fromstring(report(folder, "junit").encode("utf-8"))
    messages = [f.get("message") for f in root.iter("failure")]
    assert any("<script>alert(1)</script>" in m for m in messages)


def _unescape(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def test_github_annotations_escape_what_workflow_commands_reserve(folder):
    lines = report(folder, "github").splitlines()
    assert all(line.startswith(("::error ", "::warning ")) for line in lines)  # one line each
    (line,) = [ln for ln in lines if "<script>" in ln]
    props, message = line.split("::", 2)[1:]
    file_value = props.split(" ", 1)[1].split(",line=")[0].removeprefix("file=")
    assert "," not in file_value and ":" not in file_value and "%2C%25%3A" in file_value
    assert "%2525," in message  # % in data is %25; , and : need no escape there
    assert "住房公积金<script>alert(1)</script>" in _unescape(message)


@pytest.mark.parametrize("fmt", ["console", "concise", "github"])
def test_text_reports_carry_no_control_sequence(folder, fmt):
    text = report(folder, fmt)
    assert "<script>" in text and not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text)


def test_an_unreadable_file_with_a_line_break_in_its_name_is_one_line_on_stderr(tmp_path):
    (tmp_path / "a\nb.txt").write_bytes(b"")
    out = run("check", "a\nb.txt", cwd=tmp_path)
    err = out.stderr.decode()
    assert out.returncode == 2 and len(err.strip().splitlines()) == 1 and "a b.txt" in err


def test_an_xlsx_cell_takes_any_text():
    from openpyxl import Workbook

    from budget_audit.report.xlsx import CELL_CHARS, put

    ws = Workbook().active
    assert put(ws, 1, 1, "a\x01b\x1bc").value == "a\ufffdb\ufffdc"
    assert len(put(ws, 1, 2, "x" * 40_000).value) == CELL_CHARS


def test_a_page_too_large_to_render_is_not_rendered(tmp_path):
    from budget_audit.report.page_images import PdfPages

    from . import hostile

    huge = hostile.pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>",
    ])
    (tmp_path / "huge.pdf").write_bytes(huge)
    pages = PdfPages(str(tmp_path / "huge.pdf"))
    try:
        assert pages._page(1) is None
    finally:
        pages.close()
