"""A skipped rule says why, and whether it is the reader's limit (not read reliably) or the
document's (nothing the rule judges): users see how much of a document the tool vouched for."""

from __future__ import annotations

import json

from tests.cli_runner import invoke

from .conftest import NARRATIVE_HEAD, TABLE_ONE

WITHOUT_YEAR = NARRATIVE_HEAD.replace("2024 年", "") + "支出预算为 100.00 万元。\n"


def _skipped(report, rule: str):
    (result,) = [r for r in report.results if r.rule == rule]
    assert result.status == "skipped", result
    return result


def test_a_table_the_document_does_not_print_is_nothing_to_judge(check_text):
    report = check_text(f"测试单位 2024 年部门预算公开\n\n{TABLE_ONE}", ["JZ.equals-SZ"])
    result = _skipped(report, "JZ.equals-SZ")
    assert (result.unread, result.reason) == (False, "table 结转结余表 absent")


def test_a_year_that_could_not_be_read_is_the_readers_limit(check_text):
    report = check_text(WITHOUT_YEAR, ["N.year"])
    result = _skipped(report, "N.year")
    assert (result.unread, report.unread) == (True, 1)


def test_json_counts_the_rules_not_read_reliably(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(WITHOUT_YEAR, encoding="utf-8")
    out = invoke(["check", "--format", "json", "--select", "N.year", "--select", "JZ.", str(path)])
    (document,) = json.loads(out.stdout)["documents"]
    assert document["rules"]["unread"] == 1
    assert {s["rule"]: s["unread"] for s in document["skipped"]} == {"N.year": True, "JZ.equals-SZ": False}


def test_the_summary_line_says_how_many_skips_were_the_readers(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(WITHOUT_YEAR, encoding="utf-8")
    out = invoke(["check", "--select", "N.year", str(path)])
    assert "1 skipped (1 of them: not read reliably)" in out.stdout


def _leaf_document(yaml_case: str) -> str:
    import yaml

    from .conftest import ROOT

    cases = yaml.safe_load((ROOT / "tests" / "cases" / "budget-leaf-classes.yaml").read_text(encoding="utf-8"))["cases"]
    return next(c["document"] for c in cases if c["name"].startswith(yaml_case))


def test_item_rows_that_do_not_add_up_to_their_total_are_not_summed_into_classes(check_text):
    document = _leaf_document("each class").replace("2010101\t行政运行\t50.00\t50.00", "2010101\t行政运行\t55.00\t55.00")
    report = check_text(document, ["SC.classes-equal-SZ"])
    result = _skipped(report, "SC.classes-equal-SZ")
    assert "do not add up to its total row" in result.reason and not report.findings
