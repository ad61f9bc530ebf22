"""The command line as CI and auditors use it: exit statuses, clean JSON, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DOCS, SAMPLE_FILES

CONSISTENT = DOCS / "consistent.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "budget_audit", *args], input=stdin, capture_output=True, timeout=60
    )


def test_version():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.decode().startswith("budget-audit ")


def test_json_report_follows_the_contract():
    out = run("check", "--format", "json", str(SAMPLE_FILES[0]))
    report = json.loads(out.stdout)
    assert report["version"] == 1 and report["tool"]["name"] == "budget-audit"
    (doc,) = report["documents"]
    assert set(doc) >= {"path", "error", "metadata", "tables", "rules", "findings"}
    for f in doc["findings"]:
        assert f["location"]["line"] and f["lines"]
        assert f["severity"] in ("error", "warning")
    errors = sum(f["severity"] == "error" for f in doc["findings"])
    assert out.returncode == (1 if errors else 0)
    assert report["summary"]["errors"] == errors


def test_exit_status_follows_fail_on(tmp_path):
    broken = tmp_path / "b.txt"
    broken.write_text(CONSISTENT.read_text(encoding="utf-8").replace("行政运行\t60.00\t60.00", "行政运行\t60.01\t60.01"), encoding="utf-8")
    assert run("check", "--select", "table.rollup", str(broken)).returncode == 0  # a warning only
    assert run("check", "--select", "table.rollup", "--fail-on", "warning", str(broken)).returncode == 1
    assert run("check", "--fail-on", "never", str(SAMPLE_FILES[0])).returncode == 0


def test_output_file_gets_the_report(tmp_path):
    target = tmp_path / "out.json"
    out = run("check", "--format", "json", "--output", str(target), str(CONSISTENT))
    assert out.stdout == b""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["documents"] == 1


def test_directory_checks_every_text_file():
    out = run("check", "--format", "json", "--fail-on", "never", str(SAMPLE_FILES[0].parent))
    assert json.loads(out.stdout)["summary"]["documents"] == len(SAMPLE_FILES)


def test_stdin_is_read_with_a_dash():
    out = run("check", "--format", "json", "-", stdin=CONSISTENT.read_bytes())
    assert json.loads(out.stdout)["documents"][0]["error"] is None


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk"])
def test_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / "doc.txt"
    path.write_bytes(CONSISTENT.read_text(encoding="utf-8").encode(encoding))
    out = run("extract", "--format", "json", str(path))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["metadata"]["department"] == "测试单位"


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[str, str]]:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "latin.txt").write_bytes("caf\xe9 \x80\x81 na\xefve".encode("latin-1") + b"\xff\xfe\xfd")
    (tmp_path / "prose.txt").write_text("只有一段文字，没有表格。\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    return {
        "missing": (str(tmp_path / "nope.txt"), "no such file"),
        "directory": (str(tmp_path / "folder"), "is a directory"),
        "empty": (str(tmp_path / "empty.txt"), "empty"),
        "binary": (str(tmp_path / "binary.txt"), "binary"),
        "undecodable": (str(tmp_path / "latin.txt"), "cannot decode"),
        "no table": (str(tmp_path / "prose.txt"), "no budget table"),
    }


@pytest.mark.parametrize("case", ["missing", "directory", "empty", "binary", "undecodable", "no table"])
def test_bad_input_gives_one_line_and_exit_2(tmp_path, case):
    path, words = _bad_inputs(tmp_path)[case]
    out = run("extract", path)
    err = out.stderr.decode()
    assert out.returncode == 2
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert path in err and words in err


def test_unreadable_document_in_check_is_reported_in_json_with_exit_2(tmp_path):
    out = run("check", "--format", "json", str(tmp_path / "nope.txt"), str(CONSISTENT))
    report = json.loads(out.stdout)
    assert out.returncode == 2
    assert report["documents"][0]["error"] and report["documents"][0]["findings"] == []


RULE_ERRORS = {
    "bad yaml": ("rules:\n  - id: a\n    check: equal\n    left: [unclosed\n", 5, "invalid YAML"),
    "unknown key": ("rules:\n  - id: a\n    check: equal\n    left: 收支总表[收入总计]\n    right: 收支总表[支出总计]\n    colour: red\n", 6, "unknown key 'colour'"),
    "unknown check": ("rules:\n  - id: a\n    check: magic\n", 3, "unknown check kind 'magic'"),
    "unknown alias": ("rules:\n  - id: a\n    check: equal\n    left: 神秘表[合计]\n    right: 收支总表[支出总计]\n", 4, "unknown table alias '神秘表'"),
    "bad reference": ("rules:\n  - id: a\n    check: equal\n    left: 收支总表 合计\n    right: 收支总表[支出总计]\n", 4, "not a reference"),
    "bad expression": ("rules:\n  - id: a\n    check: expr\n    expr: 收支总表[收入总计] + \n", 4, "expression"),
}


@pytest.mark.parametrize("case", sorted(RULE_ERRORS))
def test_malformed_rule_file_gives_file_line_and_exit_2(tmp_path, case):
    text, line, words = RULE_ERRORS[case]
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    out = run("check", "--rules", str(path), str(CONSISTENT))
    err = out.stderr.decode()
    assert out.returncode == 2
    assert "Traceback" not in err
    assert f"{path}:{line}:" in err and words in err


def test_rules_lists_the_default_rule_set():
    out = run("rules")
    assert out.returncode == 0
    assert "SZ.balance" in out.stdout.decode()


def test_rules_explain_documents_each_rule_from_its_check_kind():
    out = run("rules", "--explain").stdout.decode()
    assert "SC.row-basic-project" in out and "Example (fails)" in out


def test_sarif_report_lists_every_finding_with_its_rule():
    path = str(next(p for p in SAMPLE_FILES if "aheqi" in p.name))
    findings = json.loads(run("check", "--format", "json", path).stdout)["documents"][0]["findings"]
    sarif = json.loads(run("check", "--format", "sarif", path).stdout)
    (run_,) = sarif["runs"]
    assert sarif["version"] == "2.1.0"
    assert [r["ruleId"] for r in run_["results"]] == [f["rule"] for f in findings]
    known = {r["id"] for r in run_["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in run_["results"]} <= known
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run_["results"])


def test_github_annotations_one_per_finding():
    path = str(next(p for p in SAMPLE_FILES if "aheqi" in p.name))
    findings = json.loads(run("check", "--format", "json", path).stdout)["documents"][0]["findings"]
    lines = run("check", "--format", "github", path).stdout.decode().splitlines()
    assert len(lines) == len(findings)
    assert all(line.startswith(("::error file=", "::warning file=")) and ",line=" in line for line in lines)


def test_parallel_check_gives_the_same_report_in_input_order():
    import subprocess
    import sys

    from .conftest import SAMPLES

    def run(jobs: str) -> str:
        out = subprocess.run([sys.executable, "-m", "budget_audit", "check", "-j", jobs, "--format", "json", str(SAMPLES)],
                             capture_output=True, text=True, timeout=300)
        return out.stdout

    assert run("2") == run("1")


def test_the_command_exits_with_its_status_after_writing_the_whole_report(tmp_path):
    """The command ends without tearing the interpreter down (cli.main): what it wrote must
    still arrive whole — through a pipe and into a file — with the status the run gave."""
    samples = sorted(str(p) for p in (Path(__file__).parent.parent / "samples").glob("*.txt"))
    piped = subprocess.run([sys.executable, "-m", "budget_audit", "check", "--no-cache", "-j", "1", "--format", "json",
                            *samples], capture_output=True, text=True, timeout=300)
    assert piped.returncode == 1  # the samples have genuine errors
    assert [d["path"] for d in json.loads(piped.stdout)["documents"]] == samples
    report = tmp_path / "report.json"
    written = subprocess.run([sys.executable, "-m", "budget_audit", "check", "--no-cache", "-j", "1", "--format", "json",
                              "--output", str(report), *samples], capture_output=True, text=True, timeout=300)
    assert written.returncode == 1
    assert json.loads(report.read_text(encoding="utf-8")) == json.loads(piped.stdout)
