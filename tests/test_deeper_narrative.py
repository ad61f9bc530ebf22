"""Deeper narrative checks (issue #10, points 2 and 3) on small hand-made documents:
consistent → nothing; broken → exactly one finding at the right line and severity."""

from __future__ import annotations

import pytest

from .conftest import NARRATIVE_HEAD

HEADER_LINES = NARRATIVE_HEAD.count("\n")  # prose line n is file line HEADER_LINES + n

PROSE = """一、关于测试单位 2024 年收支预算情况的总体说明
收支总预算 100.00 万元，其中：一般公共预算拨款 90.00 万元，单位资金 10.00 万元。
二、关于测试单位 2024 年一般公共预算拨款情况的说明
一般公共预算拨款 2023 年预算执行数为 80.00 万元，2024 年预算安排 90.00 万元，比 2023 年增长 12.50%。
2024 年项目支出预算 30.00 万元，比 2023 年预算执行数 40.00 万元减少 10.00 万元，下降 25.00%。
三、关于测试单位 2024 年“三公”经费预算情况的说明
2024 年三公经费预算 6.00 万元，其中：公务接待费 2.00 万元，主要用于接待来访，公务接待费预算安排 2.00 万元；公务用车运行维护费 4.00 万元。
四、其他重要事项的情况说明
2024 年一般公共预算拨款 90.00 万元，主要用于保障机构运转。
测试单位一般公共预算拨款收入 90.00 万元，全部为当年拨款。
1. “一般公共服务支出（类）其他一般公共服务支出（款）其他一般公共服务支出（项）” 20.00 万元，主要用于日常工作。2023 年预算执行数为 16.00 万元，2024 年预算安排 20.00 万元，比 2023 年增长 25.00%。
"""

# (rule, old, new, prose line of the finding, severity)
BROKEN = [
    # the rate against the two amounts: 10/80 = 12.50%, not 15.00% (an error); 12.6% is one unit off (a warning)
    ("N.rate-from-amounts", "比 2023 年增长 12.50%", "比 2023 年增长 15.00%", 4, "error"),
    ("N.rate-from-amounts", "比 2023 年增长 12.50%", "比 2023 年增长 12.6%", 4, "warning"),
    # the stated change against the two amounts (the rate agrees with the change, so N.growth is silent)
    ("N.rate-from-amounts", "40.00 万元减少 10.00 万元，下降 25.00%", "40.00 万元减少 12.00 万元，下降 30.00%", 5, "error"),
    ("N.item-one-amount", "公务接待费预算安排 2.00 万元", "公务接待费预算安排 2.50 万元", 7, "warning"),
    ("N.entry-one-amount", "2024 年预算安排 20.00 万元", "2024 年预算安排 22.00 万元", 11, "warning"),
    ("N.total-one-amount", "拨款收入 90.00 万元，全部", "拨款收入 95.00 万元，全部", 10, "warning"),
]
RULES = sorted({b[0] for b in BROKEN})


@pytest.mark.parametrize("rule", RULES)
def test_consistent_prose_gives_nothing(check_text, rule):
    report = check_text(NARRATIVE_HEAD + PROSE, [rule])
    assert report.findings == []
    assert [r.status for r in report.results if r.rule == rule] != ["skipped"], "the rule looked at nothing"


@pytest.mark.parametrize(("rule", "old", "new", "line", "severity"), BROKEN, ids=[f"{b[0]}-{b[3]}-{b[4]}" for b in BROKEN])
def test_broken_prose_gives_one_finding(check_text, rule, old, new, line, severity):
    assert old in PROSE
    report = check_text(NARRATIVE_HEAD + PROSE.replace(old, new, 1), [rule])
    assert [(f.rule, f.severity, f.line) for f in report.findings] == [(rule, severity, HEADER_LINES + line)]
    assert all(f.message_zh for f in report.findings)


@pytest.mark.parametrize(
    "sentence",
    [
        # two subjects: not the same quantity's two years
        "项目支出 2023 年预算执行数为 80.00 万元，2024 年基本支出预算安排 90.00 万元，比 2023 年增长 50.00%。",
        # compared with a third year
        "2022 年预算执行数为 80.00 万元，2024 年预算安排 90.00 万元，比 2021 年增长 50.00%。",
        # amounts in different units
        "2023 年预算执行数为 800000 元，2024 年预算安排 90.00 万元，比 2023 年增长 50.00%。",
    ],
)
def test_rate_from_amounts_leaves_unclear_sentences_alone(check_text, sentence):
    report = check_text(NARRATIVE_HEAD + PROSE + sentence + "\n", ["N.rate-from-amounts"])
    assert report.findings == []


@pytest.mark.parametrize(
    "sentence",
    [
        # a total and one of its parts
        "三公经费 6.00 万元，其中：三公经费（公务接待）2.00 万元。",
        # last year's amount beside this year's
        "公务接待费 2.00 万元，上年公务接待费 3.00 万元。",
        # two entries of a list
        "培训项目：培训费 2.00 万元；会议项目：培训费 3.00 万元。",
        # one part of a list, the other not
        "三公经费 6.00 万元，其中：公务接待费 2.00 万元。另安排公务接待费 1.00 万元用于接待。",
    ],
)
def test_item_one_amount_leaves_two_quantities_alone(check_text, sentence):
    report = check_text(NARRATIVE_HEAD + PROSE + sentence + "\n", ["N.item-one-amount"])
    assert report.findings == []


@pytest.mark.parametrize(
    "sentence",
    [
        "2023 年一般公共预算拨款 80.00 万元。",  # another year
        "一般公共预算拨款比上年增加 10.00 万元。",  # a change
        "收入预算 120.00 万元，其中：一般公共预算拨款 95.00 万元，单位资金 25.00 万元。",  # a part of a list
        "上年一般公共预算拨款 80.00 万元。",  # last year
    ],
)
def test_total_one_amount_leaves_other_figures_alone(check_text, sentence):
    report = check_text(NARRATIVE_HEAD + PROSE + sentence + "\n", ["N.total-one-amount"])
    assert report.findings == []


def test_a_change_that_agrees_with_the_two_amounts_leaves_the_rate_to_n_growth(check_text):
    # 10.00 is 40.00 − 30.00: the rate against it is N.growth's question, not asked twice
    text = NARRATIVE_HEAD + PROSE.replace("下降 25.00%", "下降 20.00%", 1)
    assert check_text(text, ["N.rate-from-amounts"]).findings == []
    assert [f.rule for f in check_text(text, ["N.growth"]).findings] == ["N.growth"]


@pytest.mark.parametrize(
    ("sentence", "severity"),
    [
        ("支出决算 90.00 万元，比 2023 年度决算数 80.00 万元增长 12.50%。", None),
        ("支出决算 90.00 万元，比 2023 年度决算数 80.00 万元增长 20.00%。", "error"),
        ("三公经费 2023 年预算执行数为 0 万元，2024 年预算安排 6.00 万元，比 2023 年增长 100.00%。", None),  # from nothing
    ],
)
def test_rate_from_a_prior_figure_inside_the_comparison(check_text, sentence, severity):
    report = check_text(NARRATIVE_HEAD + PROSE + sentence + "\n", ["N.rate-from-amounts"])
    assert [f.severity for f in report.findings] == ([severity] if severity else [])
