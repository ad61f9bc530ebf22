"""Deeper structure checks (issue #10, points 4, 9 and 8) on small hand-made documents: consistent →
nothing; broken → exactly one finding at the right line and severity."""

from __future__ import annotations

import pytest

from .conftest import NARRATIVE_HEAD, ROOT

FINAL = ROOT / "tests" / "data" / "final"
HEADER_LINES = NARRATIVE_HEAD.count("\n")  # prose line n is file line HEADER_LINES + n

# --- point 4: the comparison year -------------------------------------------------------------------
BUDGET_PROSE = """一、收支预算总体情况
2024年收支总预算 100.00 万元，比2023年预算增加 5.00 万元，增长 5.26%。
二、一般公共预算当年拨款情况
一般公共服务支出 80.00 万元，与上年（2023年）相比持平；截至2024年12月31日，比2024年初增加车辆 0 辆。
按照《2024年测试工作规划》比较，社会保障和就业支出 20.00 万元，较2023年预算减少 1.00 万元。
"""

COMPARISONS = [
    ("比2023年预算增加 5.00", "比2024年预算增加 5.00", 2, "error"),
    ("与上年（2023年）相比", "与上年（2024年）相比", 4, "error"),
    ("较2023年预算减少", "较2021年预算减少", 5, "warning"),
]


def test_comparisons_with_the_prior_year_give_nothing(check_text):
    report = check_text(NARRATIVE_HEAD + BUDGET_PROSE, ["N.comparison-year"])
    assert [r.status for r in report.results] == ["passed"]
    assert report.findings == []


@pytest.mark.parametrize(("old", "new", "line", "severity"), COMPARISONS, ids=[c[1] for c in COMPARISONS])
def test_a_comparison_with_the_wrong_year_gives_one_finding(check_text, old, new, line, severity):
    assert BUDGET_PROSE.count(old) == 1
    report = check_text(NARRATIVE_HEAD + BUDGET_PROSE.replace(old, new), ["N.comparison-year"])
    assert [(f.severity, f.line) for f in report.findings] == [(severity, HEADER_LINES + line)]
    assert all(f.message_zh for f in report.findings)


def test_final_accounts_compared_with_their_own_budget_give_nothing(check_text):
    text = (FINAL / "consistent-department.txt").read_text(encoding="utf-8")
    own_budget = text.replace("比2023年度增加24.05万元", "比2024年年初预算增加24.05万元")
    for doc in (text, own_budget):
        assert check_text(doc, ["N.comparison-year"]).findings == []


def test_final_accounts_compared_with_their_own_year_give_one_error(check_text):
    text = (FINAL / "consistent-department.txt").read_text(encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "比2023年度增加24.05万元" in ln)
    report = check_text(text.replace("比2023年度增加24.05万元", "比2024年度增加24.05万元"), ["N.comparison-year"])
    assert [(f.severity, f.line) for f in report.findings] == [("error", line)]
