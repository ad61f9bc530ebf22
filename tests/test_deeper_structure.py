"""Deeper structure checks (issue #10, points 4, 9 and 8) on small hand-made documents: consistent →
nothing; broken → exactly one finding at the right line and severity."""

from __future__ import annotations

import pytest

from .conftest import NARRATIVE_HEAD, ROOT, TABLE_ONE

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

# --- point 9: the 目录 against the body ------------------------------------------------------------
TOC_DOC = """测试单位 2024 年部门预算公开

目录
第一部分 部门概况
一、部门主要职能
二、部门机构设置
第二部分 2024 年部门预算情况说明
一、收支预算总体情况
二、收入预算情况
三、支出预算情况
四、其他重要事项的情况说明
第三部分 2024 年部门预算表

第一部分 部门概况
一、部门主要职能
测试单位负责本市测试工作的组织和实施。
二、部门机构设置
测试单位内设办公室、测试科、综合科 3 个科室。
第二部分 2024 年部门预算情况说明
一、收支预算总体情况
测试单位 2024 年收支总预算 100.00 万元。
二、收入预算情况
收入预算 100.00 万元，其中一般公共预算 90.00 万元。
三、支出预算情况
支出预算 100.00 万元，其中一般公共服务支出 80.00 万元。
四、其他重要事项的情况说明
测试单位 2024 年政府采购预算 12.50 万元。
第三部分 2024 年部门预算表
""" + TABLE_ONE


# (what, old, new, line of the finding, severity)
TOC_BREAKS = [
    ("body-misnumbered", "四、其他重要事项的情况说明\n测试", "五、其他重要事项的情况说明\n测试", 26, "error"),
    ("toc-misnumbered", "四、其他重要事项的情况说明\n第三", "五、其他重要事项的情况说明\n第三", 11, "error"),
    ("absent", "二、部门机构设置\n测试单位内设", "测试单位内设", 6, "warning"),
    ("section-left-out", "三、支出预算情况\n支出预算 100.00 万元，其中一般公共服务支出 80.00 万元。\n", "", 10, "warning"),
    ("toc-skips", "三、支出预算情况\n四、", "四、", 10, "warning"),
]


def test_a_toc_in_step_with_the_body_gives_nothing(check_text):
    report = check_text(TOC_DOC, ["structure.toc-sections"])
    assert [r.status for r in report.results] == ["passed"]
    assert report.findings == []


@pytest.mark.parametrize(("what", "old", "new", "line", "severity"), TOC_BREAKS, ids=[b[0] for b in TOC_BREAKS])
def test_a_toc_out_of_step_gives_one_finding(check_text, what, old, new, line, severity):
    assert TOC_DOC.count(old) == 1
    report = check_text(TOC_DOC.replace(old, new), ["structure.toc-sections"])
    assert [(f.severity, f.line) for f in report.findings] == [(severity, line)]
    assert all(f.message_zh for f in report.findings)


def test_a_body_skip_over_an_item_not_read_as_a_heading_is_no_skip(check_text):
    # "三、" printed with a figure is not taken for a heading; the numbering does not skip
    old = "三、支出预算情况\n支出预算"
    assert TOC_DOC.count(old) == 1
    text = TOC_DOC.replace(old, "三、支出预算情况：支出预算 100.00 万元，主要用于测试工作的组织和实施。\n支出预算")
    assert check_text(text, ["structure.toc-sections"]).findings == []


def test_tables_listed_in_the_toc_are_not_sections(check_text):
    # the 目录 lists tables 1 and 3 only: which tables are printed is structure.tables' question
    text = TOC_DOC.replace("第三部分 2024 年部门预算表\n\n", "第三部分 2024 年部门预算表\n一、部门收支总体情况表\n三、部门支出总体情况表\n\n", 1)
    assert text != TOC_DOC
    assert check_text(text, ["structure.toc-sections"]).findings == []


def test_sections_of_a_part_published_elsewhere_are_not_missing(check_text):
    # the 目录 lists the 情况说明, but this file prints only the 概况 and the tables
    start = TOC_DOC.index("第二部分 2024 年部门预算情况说明\n一、收支预算总体情况\n测试")
    end = TOC_DOC.index("第三部分 2024 年部门预算表\n表 1")
    assert check_text(TOC_DOC[:start] + TOC_DOC[end:], ["structure.toc-sections"]).findings == []


# --- point 8: facts stated twice --------------------------------------------------------------------
FACTS = """一、部门基本情况
截至2024年12月31日，测试单位人员编制 40 人，其中行政编制 30 人、事业编制 10 人；实有人数 45 人，其中：在职 36 人，退休 9 人，离休 0 人。
二、国有资产占用情况
截至2024年12月31日，测试单位共有车辆 4 辆，其中：机要通信用车 1 辆、应急保障用车 1 辆（其中新能源车辆 1 辆）、执法执勤用车 1 辆、其他用车 1 辆。
2024年预算安排购置车辆 0 辆，“三公”经费开支的公务用车保有量为 3 辆。
三、其他情况
截至2024年12月31日，测试单位共有车辆 4 辆，行政编制 30 人，实有人数 45 人。
所属单位中，测试一所行政编制 10 人、测试二所行政编制 20 人。
"""

# (rule, old, new, prose line, severity)
FACT_BREAKS = [
    ("N.vehicles-stated-twice", "共有车辆 4 辆，其中", "共有车辆 5 辆，其中", 4, "warning"),
    ("N.vehicles-stated-twice", "共有车辆 4 辆，行政", "共有车辆 3 辆，行政", 7, "error"),
    ("N.vehicles-stated-twice", "截至2024年12月31日，测试单位共有车辆 4 辆，行政", "截至2024年6月30日，测试单位共有车辆 3 辆，行政",
     7, "warning"),
    ("N.vehicles-stated-twice", "测试单位共有车辆 4 辆，行政", "测试单位实有车辆 3 辆，行政", 7, "warning"),
    ("N.staff-stated-twice", "人员编制 40 人", "人员编制 41 人", 2, "warning"),
    ("N.staff-stated-twice", "行政编制 30 人，实有", "行政编制 31 人，实有", 7, "error"),
    ("N.staff-stated-twice", "实有人数 45 人。", "实有人数 44 人。", 7, "error"),
]


@pytest.mark.parametrize("rule", ["N.vehicles-stated-twice", "N.staff-stated-twice"])
def test_facts_stated_alike_give_nothing(check_text, rule):
    report = check_text(NARRATIVE_HEAD + FACTS, [rule])
    assert [r.status for r in report.results] == ["passed"]
    assert report.findings == []


@pytest.mark.parametrize(("rule", "old", "new", "line", "severity"), FACT_BREAKS,
                         ids=[f"{b[0]}-{b[3]}-{b[4]}" for b in FACT_BREAKS])
def test_a_fact_stated_otherwise_gives_one_finding(check_text, rule, old, new, line, severity):
    assert FACTS.count(old) == 1
    report = check_text(NARRATIVE_HEAD + FACTS.replace(old, new), [rule])
    assert [(f.severity, f.line) for f in report.findings] == [(severity, HEADER_LINES + line)]
    assert all(f.message_zh for f in report.findings)


# --- point 8: how many budget units, and the units listed --------------------------------------------
UNITS = """一、部门基本情况
测试局下属 3 个预算单位，分别为：测试局本级、测试一所（测试二中心、测试四中心）、测试三所。
纳入本部门预算编制范围的二级预算单位共有 3 个，包括：
序号\t单位名称
1\t测试局本级
2\t测试一所
3\t测试三所
二、机构设置
本局设 5 个内设机构，包括：办公室、财务科、业务一科、业务二科。
三、部门预算构成
所属预算单位 2 个，具体包括：
（一）测试一所
（二）测试三所（测试
中心）
四、其他情况
测试局下属 3 个预算单位。
"""

# (old, new, prose line, severity)
UNIT_BREAKS = [
    ("测试局本级、测试一所（测试二中心、测试四中心）、测试三所", "测试局本级、测试一所（测试二中心、测试四中心）", 2, "error"),
    ("分别为：测试局本级、", "分别为：", 2, "warning"),  # one short, no 本级 listed: the count may take it in
    ("共有 3 个", "共有 4 个", 3, "error"),
    ("所属预算单位 2 个", "所属预算单位 4 个", 11, "error"),
    ("所属预算单位 2 个", "所属预算单位 3 个", 11, "warning"),
    ("测试局下属 3 个预算单位。", "测试局下属 4 个预算单位。", 16, "warning"),
]


def test_units_counted_as_listed_give_nothing(check_text):
    report = check_text(NARRATIVE_HEAD + UNITS, ["N.units-stated-twice"])
    assert [r.status for r in report.results] == ["passed"]
    assert report.findings == []


@pytest.mark.parametrize(("old", "new", "line", "severity"), UNIT_BREAKS, ids=[f"{b[2]}-{b[3]}" for b in UNIT_BREAKS])
def test_units_counted_otherwise_give_one_finding(check_text, old, new, line, severity):
    assert UNITS.count(old) == 1
    report = check_text(NARRATIVE_HEAD + UNITS.replace(old, new), ["N.units-stated-twice"])
    assert [(f.severity, f.line) for f in report.findings] == [(severity, HEADER_LINES + line)]
    assert all(f.message_zh for f in report.findings)


def test_two_units_joined_by_and_may_be_one_item(check_text):
    joined = "一、部门基本情况\n测试局所属 2 个预算单位，分别为测试局本级和测试局综合事务中心。\n"
    assert check_text(NARRATIVE_HEAD + joined, ["N.units-stated-twice"]).findings == []


def test_a_list_that_counts_its_own_kinds_is_not_counted(check_text):
    kinds = "一、部门基本情况\n下属预算单位为 5 个，分别为测试局本级、测试执法队 2 个行政单位以及测试一所、测试二所 2 个事业单位。\n"
    assert check_text(NARRATIVE_HEAD + kinds, ["N.units-stated-twice"]).findings == []


def test_a_list_ending_in_deng_names_only_some(check_text):
    some = "一、部门基本情况\n测试局下属 5 个预算单位，分别为测试一所、测试二所等。\n"
    assert check_text(NARRATIVE_HEAD + some, ["N.units-stated-twice"]).findings == []


def test_no_count_of_units_is_a_skip(check_text):
    report = check_text(NARRATIVE_HEAD + FACTS, ["N.units-stated-twice"])
    assert [r.status for r in report.results] == ["skipped"]
