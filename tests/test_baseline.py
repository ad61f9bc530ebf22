"""Baselines: accept the findings documents have, fail on new ones only; fingerprints ignore line numbers."""

from __future__ import annotations

import json

from budget_audit.baseline import document_identity

from .test_ci_cli import CONSISTENT, cli

# One injected error: a 基本支出 figure where the row has none (row sum and 款 roll-up now fail).
CLEAN_ROW = "201\t03\t02\t一般行政管理事务\t20.00\t\t20.00"
BROKEN_ROW = "201\t03\t02\t一般行政管理事务\t20.00\t1.00\t20.00"


def _findings(out) -> list[dict]:
    return [f for d in json.loads(out.stdout)["documents"] for f in d["findings"]]


# A finding the document already has when the baseline is written: 收入总计 ≠ 支出总计.
KNOWN_OLD, KNOWN_NEW = "收 入 总 计\t100.00", "收 入 总 计\t100.50"


def test_baseline_round_trip(tmp_path):
    doc = tmp_path / "部门预算.txt"
    doc.write_text(CONSISTENT.read_text(encoding="utf-8").replace(KNOWN_OLD, KNOWN_NEW), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    before = _findings(cli("check", "--format", "json", str(doc)))
    assert before and cli("check", str(doc)).exit_code == 1

    written = cli("check", "--write-baseline", str(baseline), str(doc))
    assert written.exit_code == 0 and f"{len(before)} finding(s)" in written.stderr
    entries = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert sorted(e["fingerprint"] for e in entries) == sorted(f["fingerprint"] for f in before)

    again = cli("check", "--baseline", str(baseline), str(doc))
    assert again.exit_code == 0
    assert f"0 errors, 0 warnings, {len(before)} known (baseline)" in again.stdout
    assert "known finding(s) from the baseline not shown" in again.stdout
    listed = cli("check", "--verbose", "--baseline", str(baseline), str(doc)).stdout
    assert listed.count("(known)") == len(before)

    text = doc.read_text(encoding="utf-8")
    assert text.count(CLEAN_ROW) == 1
    doc.write_text(text.replace(CLEAN_ROW, BROKEN_ROW), encoding="utf-8")
    out = cli("check", "--format", "json", "--baseline", str(baseline), str(doc))
    assert out.exit_code == 1
    new = _findings(out)
    assert {(f["rule"], f["location"]["row"]) for f in new} == {
        ("SC.row-basic-project", "201 03 02 一般行政管理事务"),
        ("table.rollup", "201 03 政府办公厅(室)及相关机构事务"),
    }
    report = json.loads(out.stdout)
    assert report["summary"]["known"] == len(before) and len(report["documents"][0]["known"]) == len(before)
    concise = cli("check", "--format", "concise", "--baseline", str(baseline), str(doc)).stdout.splitlines()
    assert len(concise) == len(new) + 1


def test_fingerprints_do_not_depend_on_line_numbers(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text(CONSISTENT.read_text(encoding="utf-8"), encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    cli("check", "--write-baseline", str(baseline), str(doc))
    doc.write_text("\n\n说明：重新导出，前面多了几行。\n\n" + CONSISTENT.read_text(encoding="utf-8"), encoding="utf-8")
    assert cli("check", "--baseline", str(baseline), str(doc)).exit_code == 0


def test_a_renamed_copy_in_another_folder_keeps_its_identity():
    assert document_identity("ci/docs/2024 部门预算.PDF") == document_identity("2024  部门预算.txt") == "2024 部门预算"
    assert document_identity("a/x.txt") != document_identity("a/y.txt")


def test_a_missing_or_foreign_baseline_is_one_line_and_exit_2(tmp_path):
    for content, words in ((None, "not found"), ("{}", "not a budget-audit baseline"), ("{", "not valid JSON")):
        path = tmp_path / "b.json"
        if content is not None:
            path.write_text(content, encoding="utf-8")
        out = cli("check", "--baseline", str(path), str(CONSISTENT))
        assert out.exit_code == 2 and words in out.stderr and len(out.stderr.strip().splitlines()) == 1
