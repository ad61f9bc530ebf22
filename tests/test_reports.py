"""The visual reports (issue 13): the 检查表 as .xlsx and the HTML report, through the real CLI.

The xlsx is opened with openpyxl (rows, 是/否/未检查, texts, images in their rows); the HTML
is checked structurally (every finding once, every image decodes, nothing external) and
for escaping of document text (issue 15).
"""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PIL import Image

from budget_audit.report.xlsx import put

from .cli_runner import modules_loaded_by

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "samples" / "xinjiang-aheqi-government-office-2024.txt"
PDF = ROOT / "tests" / "data" / "pdf" / "xinjiang-aheqi-government-office-2024.pdf"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budget_audit", *args], capture_output=True, timeout=180, cwd=cwd)


def findings(path: Path) -> list[dict]:
    out = run("check", "--format", "json", str(path))
    return json.loads(out.stdout)["documents"][0]["findings"]


@pytest.fixture(scope="module")
def pdf_xlsx(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    out = run("check", str(PDF), "--format", "xlsx", "--output", str(target))
    assert out.returncode == 1, out.stderr.decode()
    return target


def rows_of(ws) -> list[tuple]:
    header = next(i for i, row in enumerate(ws.iter_rows(values_only=True), start=1) if row[:2] == ("序号", "检查内容"))
    return [(i, row) for i, row in enumerate(ws.iter_rows(min_row=header + 1, values_only=True), start=header + 1)
            if row[1]]


def test_xlsx_is_the_checklist(pdf_xlsx):
    book = load_workbook(pdf_xlsx)
    assert len(book.worksheets) == 1  # one document: no overview
    ws = book.worksheets[0]
    rows = rows_of(ws)
    parts = [row[1] for _, row in rows]
    assert parts[:3] == ["封面", "目录", "一、主要职能"]
    assert parts[-1] == "其他"
    assert "《部门(单位)支出总体情况表》" in parts and "第四部分名词解释" in parts
    assert [n for _, row in rows for n in [row[0]]] == list(range(1, len(rows) + 1))
    status = {row[1]: row[2] for _, row in rows}
    assert set(status.values()) == {"是", "否", "未检查"}
    assert status["《部门(单位)支出总体情况表》"] == "否"
    assert status["《财政拨款收支预算总体情况表》"] == "是"
    assert status["封面"] == "未检查"
    problem = next(row[3] for _, row in rows if row[1] == "《部门(单位)支出总体情况表》")
    assert problem.startswith("1.《支出总表》 住房公积金 合计（第4页第8行）")
    assert "应为301.12，实为46.39，相差-254.73" in problem
    numbered = next(row[3] for _, row in rows if row[1] == "《一般公共预算支出情况表》")
    assert re.findall(r"(?:^|\n)(\d+)\.", numbered) == ["1", "2", "3", "4", "5"] and "；\n2." in numbered
    assert all(row[2] == "否" and row[5] for _, row in rows if row[3] and row[3].startswith("1."))
    # every finding is in one row, numbered
    total = sum(len(re.findall(r"(?:^|\n)\d+\.", row[3])) for _, row in rows if row[2] == "否")
    assert total == len(findings(PDF))


def test_xlsx_embeds_a_page_image_in_each_problem_row(pdf_xlsx):
    ws = load_workbook(pdf_xlsx).worksheets[0]
    problem_rows = {i for i, row in rows_of(ws) if row[2] == "否"}
    anchored = {img.anchor._from.row + 1 for img in ws._images}
    columns = {img.anchor._from.col for img in ws._images}
    assert anchored == problem_rows and columns == {4}  # 问题截图 is the fifth column
    for img in ws._images:
        data = img._data()
        picture = Image.open(io.BytesIO(data))
        assert picture.format == "PNG" and 50 < picture.width <= 1100 and picture.height <= 1400


def test_xlsx_many_documents_have_an_overview(tmp_path):
    target = tmp_path / "two.xlsx"
    other = ROOT / "samples" / "xinjiang-kizilsu-party-office-2024.txt"
    out = run("check", str(TEXT), str(other), "--format", "xlsx", "-o", str(target))
    assert out.returncode == 1
    book = load_workbook(target)
    assert len(book.worksheets) == 3 and book.worksheets[0].title == "总览"
    overview = list(book.worksheets[0].iter_rows(min_row=4, values_only=True))
    assert [r[0] for r in overview[:2]] == [str(TEXT), str(other)]
    assert overview[0][3] == sum(f["severity"] == "error" for f in findings(TEXT))


def test_xlsx_never_writes_document_text_as_a_formula(tmp_path):
    book = Workbook()
    ws = book.active
    for col, text in enumerate(("=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "plain"), start=1):
        put(ws, 1, col, text)
    target = tmp_path / "f.xlsx"
    book.save(target)
    cells = load_workbook(target).active[1]
    assert [c.data_type for c in cells] == ["s"] * 5
    assert cells[0].value == "=HYPERLINK(\"http://x\")"
    # through the CLI: a file named like a formula lands in the overview sheet as text
    shutil.copy(TEXT, tmp_path / "=1+1.txt")
    shutil.copy(TEXT, tmp_path / "@a.txt")
    out = run("check", "=1+1.txt", "@a.txt", "--format", "xlsx", "-o", "r.xlsx", cwd=tmp_path)
    assert out.returncode == 1, out.stderr.decode()
    overview = load_workbook(tmp_path / "r.xlsx").worksheets[0]
    assert [(c.value, c.data_type) for c in (overview["A4"], overview["A5"])] == [("=1+1.txt", "s"), ("@a.txt", "s")]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.findings: list[str] = []
        self.images: list[str] = []
        self.urls: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article" and "finding" in (a.get("class") or ""):
            self.findings.append(a["data-rule"])
        if tag == "img":
            self.images.append(a["src"])
        if tag == "script":
            self.scripts += 1
        for key in ("src", "href", "action"):
            if a.get(key):
                self.urls.append(a[key])


def parse_html(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def check_self_contained(page: _Page, text: str) -> None:
    assert all(u.startswith(("data:", "#")) for u in page.urls), page.urls
    assert not re.search(r"url\(|@import|https?://", text)
    for src in page.images:
        head, data = src.split(",", 1)
        assert head == "data:image/png;base64"
        Image.open(io.BytesIO(base64.b64decode(data))).verify()


def test_html_from_pdf_shows_every_finding_once_with_page_images(tmp_path):
    target = tmp_path / "report.html"
    out = run("check", str(PDF), "--format", "html", "--output", str(target))
    assert out.returncode == 1, out.stderr.decode()
    page = parse_html(target)
    expected = findings(PDF)
    assert sorted(page.findings) == sorted(f["rule"] for f in expected)
    assert len(page.images) >= len(expected)  # every finding on a PDF has its page region
    check_self_contained(page, target.read_text(encoding="utf-8"))
    text = target.read_text(encoding="utf-8")
    assert "每行 合计 = 基本支出 + 项目支出" in text  # the rule's Chinese title
    assert page.scripts == 1 and "<form class='filters' hidden" in text  # filters appear only with JavaScript


def test_html_escapes_document_text(tmp_path):
    hostile = TEXT.read_text(encoding="utf-8").replace(
        "22\t02\t01\t住房公积金\t46.39\t46.39\t254.73", "22\t02\t01\t住房公积金<script>alert(1)</script>\t46.39\t46.39\t254.73"
    )
    assert "<script>" in hostile
    source = tmp_path / "hostile.txt"
    source.write_text(hostile, encoding="utf-8")
    target = tmp_path / "report.html"
    out = run("check", str(source), "--format", "html", "-o", str(target))
    assert out.returncode == 1, out.stderr.decode()
    text = target.read_text(encoding="utf-8")
    page = parse_html(target)
    assert page.scripts == 1  # ours, and no other
    assert "<script>alert" not in text and "住房公积金&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert sorted(page.findings) == sorted(f["rule"] for f in findings(source))
    check_self_contained(page, text)
    assert "<mark>46.39</mark>" in text  # text input: the lines, figures marked


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx"], "needs --output"),
        (["--format", "html", "-o", "/nonexistent/dir/r.html"], "no such directory"),
        (["--format", "xlsx", "-o", str(TEXT)], "one of the input files"),
        (["--format", "html", "-o", str(ROOT)], "is a directory"),
    ],
)
def test_bad_output_is_one_line_and_exit_2(args, message):
    out = run("check", str(TEXT), *args)
    err = out.stderr.decode()
    assert out.returncode == 2 and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_other_formats_do_not_load_the_rendering_libraries():
    assert modules_loaded_by(["check", "--format", "json", str(TEXT)], ("PIL", "openpyxl", "pypdfium2")) == []


@pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")), reason="needs chromium")
def test_html_filters_work_in_a_real_browser(tmp_path):
    target = tmp_path / "report.html"
    run("check", str(TEXT), "--format", "html", "-o", str(target))
    poke = ("<script>addEventListener('load',function(){var f=document.querySelector('.filters');"
            "f.querySelector('input[value=error]').checked=false;f.dispatchEvent(new Event('change'));});</script>")
    target.write_text(target.read_text(encoding="utf-8").replace("</body>", poke + "</body>"), encoding="utf-8")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000",
                          "--dump-dom", target.as_uri()], capture_output=True, text=True, timeout=120).stdout
    articles = re.findall(r"<article class=\"finding (\w+)\"[^>]*>", dom)
    shown = re.findall(r"<article class=\"finding (\w+)\"(?![^>]*hidden)[^>]*>", dom)
    warnings = sum(f["severity"] == "warning" for f in findings(TEXT))
    assert len(articles) == len(findings(TEXT)) and shown == ["warning"] * warnings
    assert f"显示 {warnings} / {len(articles)} 个问题" in dom
