"""Issue 12 through the real CLI (in process: tests/cli_runner.py): strict selectors and inputs,
output formats for machines and people, PDF locations, inputs from stdin."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .cli_runner import invoke
from .conftest import DOCS, SAMPLE_FILES

CONSISTENT = DOCS / "consistent.txt"
AHEQI = next(p for p in SAMPLE_FILES if "aheqi" in p.name)
PDFS = Path(__file__).resolve().parent / "data" / "pdf"
UNRULED_PDF = PDFS / "extra" / "unruled.pdf"
AHEQI_PDF = PDFS / "xinjiang-aheqi-government-office-2024.pdf"
# A plain English locale and no colour unless a test asks: the results must not depend on the developer's shell.
ENV = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8", "NO_COLOR": None, "TERM": None}


def cli(*args: str, stdin: bytes | None = None, env: dict | None = None):
    return invoke(list(args), stdin=stdin, env={**ENV, **(env or {})})


# 1. Fail loudly on nothing


@pytest.mark.parametrize("selector, nearest", [("sc.", "SC."), ("NOPE.", None), ("SC.row-basic-projetc", "SC.row-basic-project")])
def test_a_selector_matching_no_rule_exits_2_naming_it_and_the_nearest(selector, nearest):
    for option in ("--select", "--ignore"):
        out = cli("check", option, selector, str(CONSISTENT))
        assert out.exit_code == 2
        assert out.stdout == ""
        assert option in out.stderr and repr(selector) in out.stderr and "Traceback" not in out.stderr
        assert len(out.stderr.strip().splitlines()) == 1
        if nearest:
            assert f"nearest: {nearest}" in out.stderr


def test_a_valid_prefix_still_selects():
    assert cli("check", "--select", "SC.", "--format", "concise", str(CONSISTENT)).exit_code == 0


@pytest.mark.parametrize("case", ["empty directory", "directory without documents", "glob matching nothing"])
def test_no_input_files_exits_2_with_a_message(tmp_path, case):
    folder = tmp_path / "docs"
    folder.mkdir()
    if case == "directory without documents":
        (folder / "notes.md").write_text("# not a disclosure\n", encoding="utf-8")
        (folder / "sub").mkdir()
    target = str(tmp_path / "nothing-*.txt") if case == "glob matching nothing" else str(folder)
    out = cli("check", target)
    assert out.exit_code == 2
    assert out.stdout == "" and target in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_one_document_is_singular_and_errors_are_printed_once(tmp_path):
    out = cli("check", "--select", "SC.", str(CONSISTENT))
    assert "1 document," in out.stdout and "1 documents" not in out.stdout
    missing = str(tmp_path / "nope.txt")
    out = cli("check", missing, str(CONSISTENT))
    assert out.exit_code == 2
    assert (out.stdout + out.stderr).count("no such file") == 1
    assert "2 documents" in out.stdout and "1 unreadable" in out.stdout


# 4. Output for machines and people


def test_concise_is_one_unwrapped_line_per_finding_with_the_rule_title():
    out = cli("check", "--format", "concise", str(AHEQI))
    as_json = json.loads(cli("check", "--format", "json", str(AHEQI)).stdout)
    findings = as_json["documents"][0]["findings"]
    lines = out.stdout.splitlines()
    assert len(lines) == len(findings) + 1  # + the summary line
    pattern = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<rule>\S+) \[(?P<sev>error|warning)\] 「(?P<title>[^」]+)」 .+$")
    for line, f in zip(lines[:-1], findings, strict=True):
        m = pattern.match(line)
        assert m, line
        assert (m["path"], int(m["line"]), m["rule"], m["sev"]) == (str(AHEQI), f["location"]["line"], f["rule"], f["severity"])
        assert m["title"] == f["title"] and f["title"]
    assert max(len(x) for x in lines) > 120  # long lines stay whole
    assert lines[-1].startswith("1 document, ")


def test_console_never_wraps_when_not_a_terminal():
    out = cli("check", str(AHEQI)).stdout
    where = f"{AHEQI}:202"
    line = next(x for x in out.splitlines() if where in x)
    assert "SC.row-basic-project" in line and "「每行 合计 = 基本支出 + 项目支出（及表中其余组成列）」" in line and "住房公积金" in line
    assert max(len(x) for x in out.splitlines()) > 120


def test_extract_never_cuts_cells():
    out = cli("extract", str(AHEQI)).stdout
    assert "…" not in out
    assert "政府办公厅(室)及相关机构事务" in out


def test_junit_has_a_testcase_per_rule_and_a_failure_per_finding():
    as_json = json.loads(cli("check", "--format", "json", str(AHEQI), str(CONSISTENT)).stdout)
    out = cli("check", "--format", "junit", str(AHEQI), str(CONSISTENT))
    assert out.exit_code == 1
    root = ET.fromstring(out.stdout.encode("utf-8"))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(AHEQI), str(CONSISTENT)]
    for suite, doc in zip(suites, as_json["documents"], strict=True):
        cases = suite.findall("testcase")
        assert len(cases) == doc["rules"]["evaluated"] + doc["rules"]["skipped"]
        errors = [f for f in doc["findings"] if f["severity"] == "error"]
        failures = [x for case in cases for x in case.findall("failure")]
        assert len(failures) == len(errors)
        assert int(suite.get("failures")) == len({f["rule"] for f in errors})
        assert len(suite.findall("testcase/skipped")) == doc["rules"]["skipped"]
    rollup = next(c for c in suites[0].findall("testcase") if c.get("name").startswith("table.rollup "))
    assert "类 = Σ款" in rollup.get("name") and rollup.find("failure").get("type") == "error"
    # --fail-on warning: warnings become failures too
    strict = ET.fromstring(cli("check", "--format", "junit", "--fail-on", "warning", str(AHEQI)).stdout.encode("utf-8"))
    assert len(strict.findall(".//failure")) == len(as_json["documents"][0]["findings"])


def test_statistics_count_findings_per_rule():
    findings = json.loads(cli("check", "--format", "json", str(AHEQI)).stdout)["documents"][0]["findings"]
    out = cli("check", "--statistics", "--format", "concise", "--quiet", str(AHEQI)).stdout
    for rule in {f["rule"] for f in findings}:
        n = sum(f["rule"] == rule for f in findings)
        assert re.search(rf"^\s*{n}\s+{re.escape(rule)} \[", out, re.M), rule
    stats = json.loads(cli("check", "--statistics", "--format", "json", str(AHEQI)).stdout)["statistics"]
    assert sum(s["count"] for s in stats) == len(findings) and all(s["title"] for s in stats)
    refused = cli("check", "--statistics", "--format", "sarif", str(AHEQI))
    assert refused.exit_code == 2 and "--statistics" in refused.stderr


def test_quiet_prints_only_the_findings_or_else_the_summary():
    noisy = cli("check", str(AHEQI)).stdout
    quiet = cli("check", "--quiet", "--format", "concise", str(AHEQI)).stdout.splitlines()
    assert quiet and all(line.startswith(f"{AHEQI}:") for line in quiet)
    console_quiet = cli("check", "-q", str(AHEQI)).stdout
    assert "rules evaluated" in noisy and "rules evaluated" not in console_quiet and "numbered template" not in console_quiet
    clean = cli("check", "-q", "--select", "SC.", str(CONSISTENT)).stdout
    assert clean.strip() == "1 document, 0 errors, 0 warnings"


def test_color_always_never_and_no_color():
    ansi = "\x1b["
    assert ansi in cli("check", "--color", "always", "--format", "concise", str(AHEQI)).stdout
    assert ansi not in cli("check", "--color", "never", "--format", "concise", str(AHEQI)).stdout
    assert ansi not in cli("check", "--format", "concise", str(AHEQI)).stdout  # auto, not a terminal
    assert ansi not in cli("check", "--format", "concise", str(AHEQI), env={"NO_COLOR": "1"}).stdout
    assert ansi in cli("check", "--color", "always", str(AHEQI), env={"NO_COLOR": "1"}).stdout  # the flag wins


def test_show_source_quotes_the_line_and_marks_its_figures():
    out = cli("check", "--show-source", "--format", "concise", "--select", "SC.row-basic-project", str(AHEQI)).stdout
    lines = out.splitlines()
    i = next(i for i, x in enumerate(lines) if x.startswith(f"{AHEQI}:202:"))
    source, carets = lines[i + 1], lines[i + 2]
    assert re.match(r"^\s+202 │ .*住房公积金\s+46\.39\s+46\.39\s+254\.73$", source)
    # the carets sit under the three figures (住房公积金 is five characters but ten columns wide)
    from rich.cells import cell_len

    marked = [m.start() for m in re.finditer(r"\^+", carets)]
    starts = [cell_len(source[: m.start()]) for m in re.finditer(r"46\.39|254\.73", source)]
    assert [cell_len(carets[:p]) for p in marked] == starts


def test_h_is_help():
    out = cli("check", "-h")
    assert out.exit_code == 0 and "--write-baseline" in out.stdout and "--show-source" in out.stdout


def test_lang_selects_the_report_chrome():
    zh = cli("check", "--lang", "zh", "--select", "SC.", str(CONSISTENT)).stdout
    assert "1 个文档，0 个错误，0 个警告" in zh
    assert "1 个文档" in cli("check", "--select", "SC.", str(CONSISTENT), env={"LANG": "zh_CN.UTF-8"}).stdout
    assert "1 document" in cli("check", "--lang", "en", "--select", "SC.", str(CONSISTENT), env={"LANG": "zh_CN.UTF-8"}).stdout


# 5. PDF locations


def test_pdf_findings_are_in_page_then_line_order_and_unambiguous_everywhere():
    report = json.loads(cli("check", "--format", "json", str(AHEQI_PDF)).stdout)
    findings = report["documents"][0]["findings"]
    places = [(f["location"]["page"], f["location"]["line"]) for f in findings]
    assert places == sorted(places) and len({p for p, _ in places}) > 1
    concise = cli("check", "--format", "concise", str(AHEQI_PDF)).stdout.splitlines()
    assert [tuple(map(int, re.match(r"^.+\.pdf:p(\d+):(\d+): ", x).groups())) for x in concise[:-1]] == places
    github = cli("check", "--format", "github", str(AHEQI_PDF)).stdout.splitlines()
    assert all(",line=" not in x for x in github)  # a line within a page is no line of the file
    assert [re.search(r"::p(\d+):(\d+): ", x).groups() for x in github] == [tuple(map(str, p)) for p in places]


# 7. Inputs


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_text_with_bom_is_read(tmp_path, encoding):
    path = tmp_path / "doc.txt"
    text = CONSISTENT.read_text(encoding="utf-8")
    path.write_bytes(("\ufeff" + text).encode(encoding) if encoding == "utf-16-be" else text.encode(encoding))
    out = cli("extract", "--format", "json", str(path))
    assert out.exit_code == 0, out.stderr
    assert json.loads(out.stdout)["metadata"]["department"] == "测试单位"
    assert cli("check", "--select", "SC.", str(path)).exit_code == 0


def test_a_pdf_on_stdin_is_read_like_the_file():
    from_file = json.loads(cli("check", "--format", "json", str(UNRULED_PDF)).stdout)["documents"][0]
    out = cli("check", "--format", "json", "-", stdin=UNRULED_PDF.read_bytes())
    (doc,) = json.loads(out.stdout)["documents"]
    assert doc["error"] is None and doc["path"] == "-"
    assert [(f["rule"], f["location"]) for f in doc["findings"]] == [(f["rule"], f["location"]) for f in from_file["findings"]]
    assert all(f["location"]["page"] for f in doc["findings"])
    extracted = cli("extract", "--format", "json", "-", stdin=UNRULED_PDF.read_bytes())
    assert extracted.exit_code == 0 and json.loads(extracted.stdout)["tables"]


def test_a_broken_pdf_on_stdin_names_stdin_not_a_temporary_file():
    out = cli("check", "-", stdin=b"%PDF-1.7\n" + b"garbage" * 50)
    assert out.exit_code == 2 and out.stderr.startswith("error: -: ") and "tmp" not in out.stderr


def test_stdin_filename_names_the_document():
    out = cli("check", "--format", "concise", "--stdin-filename", "部门 预算.txt", "-", stdin=AHEQI.read_bytes())
    assert out.stdout.startswith("部门 预算.txt:")


def test_report_file_and_rule_listing_are_not_wrapped_either(tmp_path):
    target = tmp_path / "report.txt"
    assert cli("check", "--output", str(target), str(AHEQI)).stdout == ""
    text = target.read_text(encoding="utf-8")
    assert any(f"{AHEQI}:202" in line and "SC.row-basic-project" in line for line in text.splitlines())
    from budget_audit.rules.engine import load_rules

    listing = cli("rules").stdout
    assert all(rule.title in listing for rule in load_rules().rules)  # whole titles, none cut with "…"
