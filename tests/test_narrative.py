"""Narrative claims and their checks, on small hand-made documents: one difficulty each."""

from __future__ import annotations

import re

import pytest

from budget_audit.parse.paragraphs import lines_to_paragraphs, narrative_lines
from budget_audit.vocabulary import AMOUNT

from .conftest import NARRATIVE_HEAD, SAMPLE_FILES

TABLE = NARRATIVE_HEAD
HEADER_LINES = TABLE.count("\n")  # prose line n is file line HEADER_LINES + n

CONSISTENT = """一、关于测试单位 2024 年收支预算情况的总体说明
收支总预算 100.00 万元。
二、关于测试单位 2024 年收入预算情况说明
测试单位收入预算 100.00 万元，其中：
一般公共预算 90.00 万元，占 90.00%，比上年预算增加 10.00 万元，增长 12.50%，主要原因是人员增加，预算较上年增加。
单位资金 10.00 万元，占 10.00%，比上年预算减少 2.00 万元，下降 16.67%，主要原因是事业收入减少。
三、关于测试单位 2024 年一般公共预算当年拨款情况说明
（二）一般公共预算当年拨款结构情况
1. 一般公共服务支出（类）600.00 万元，占 33.33%。
2. 社会保障和就业支出（类）600.00 万元，占 33.33%。
3. 住房保障支出（类）600.00 万元，占 33.33%。
（三）一般公共预算当年拨款具体使用情况
1. 一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）：2024年预算数为700.00万元，比上年预算增加100.00万元，增长16.67%，主要原因是人员增加。
四、其他重要事项的情况说明
2024 年，测试单位政府采购预算 12.50 万元，其中：政府采购货物预算 7.50 万元，政府采购工程预算 0 万元，政府采购服务预算 5.00 万元。
“三公”经费比上年预算减少 1.00 万元，其中：公务接待费减少 0.40 万元，下降 10.00%；公务用车运行费减少 0.60 万元，下降 10.00%；因公出国（境）费增加 0.00 万元，增长 0.00%。
"""

# (rule, old, new, prose line of the finding, severity)
BROKEN = [
    ("N.share", "占 33.33%。\n3.", "占 33.34%。\n3.", 10, "warning"),  # forced to 100, rounding-level
    ("N.growth", "增长16.67%", "增长16.66%", 13, "warning"),  # truncated, not rounded
    ("N.direction", "减少 2.00 万元，下降 16.67%", "增加 2.00 万元，下降 16.67%", 6, "error"),
    ("N.growth", "增加 10.00 万元，增长 12.50%", "增加 10.00 万元，增长 1.25%", 5, "error"),  # decimal slip
    ("N.share", "单位资金 10.00 万元，占 10.00%", "单位资金 10.00 万元，占 11.11%", 6, "error"),  # base 90, not 100
    ("N.year", "2024年预算数为700.00万元", "2022年预算数为700.00万元", 13, "error"),
    ("N.unit", "政府采购服务预算 5.00 万元", "政府采购服务预算 5.00 元", 15, "error"),
    ("N.list-sum", "政府采购货物预算 7.50 万元", "政府采购货物预算 7.40 万元", 15, "error"),
    ("N.matches-table", "收支总预算 100.00 万元", "收支总预算 101.00 万元", 2, "error"),
    ("N.change-sum", "公务用车运行费减少 0.60", "公务用车运行费减少 0.70", 16, "error"),
    ("N.percent-sum", "3. 住房保障支出（类）600.00 万元，占 33.33%", "3. 住房保障支出（类）600.00 万元，占 35.33%", 9, "error"),
]
RULES = sorted({b[0] for b in BROKEN})


@pytest.mark.parametrize("rule", RULES)
def test_consistent_narrative_gives_no_finding(check_text, rule):
    report = check_text(TABLE + CONSISTENT, [rule])
    assert report.findings == [], [f.message for f in report.findings]
    assert report.results[0].status == "passed", report.results[0].reason


@pytest.mark.parametrize(("rule", "old", "new", "line", "severity"), BROKEN, ids=[f"{b[0]}:{b[2][:12]}" for b in BROKEN])
def test_broken_narrative_gives_exactly_one_finding(check_text, rule, old, new, line, severity):
    assert old in CONSISTENT
    report = check_text(TABLE + CONSISTENT.replace(old, new, 1), [rule])
    assert [(f.rule, f.severity, f.line) for f in report.findings] == [(rule, severity, HEADER_LINES + line)]
    assert "「" in report.findings[0].message  # the sentence is quoted


def test_growth_from_a_zero_prior_year_is_its_own_warning(check_text):
    text = CONSISTENT.replace("增加100.00万元，增长16.67%", "增加700.00万元，增长100.00%")
    (finding,) = check_text(TABLE + text, ["N.growth"]).findings
    assert finding.severity == "warning" and "from nothing" in finding.message


def test_reason_arguing_the_opposite_direction_is_a_warning(check_text):
    text = CONSISTENT.replace("主要原因是事业收入减少。", "主要原因是业务拓展，所以预算比上年增长。")
    (finding,) = check_text(TABLE + text, ["N.direction"]).findings
    assert (finding.severity, finding.line) == ("warning", HEADER_LINES + 6)


def test_reason_weighing_factors_of_both_directions_is_not_judged_by_its_last_factor(check_text):
    reason = "。主要原因：一是事业收入减少，经费相应减少；二是新增人员，增加了该项支出。"
    text = CONSISTENT.replace("，主要原因是事业收入减少。", reason)
    assert reason in text
    assert check_text(TABLE + text, ["N.direction"]).findings == []


def test_reason_listing_factors_still_judged_where_it_draws_its_conclusion(check_text):
    reason = "。主要原因：一是业务拓展；二是新增人员，所以预算比上年增长。"
    text = CONSISTENT.replace("，主要原因是事业收入减少。", reason)
    (finding,) = check_text(TABLE + text, ["N.direction"]).findings
    assert finding.severity == "warning"


def test_sentence_broken_across_lines_is_one_claim(parse):
    text = TABLE + "二、收入\n一般公共预算 90.00 万元，比上年预算增加\n\n10.00 万元，增长 12.50%。\n"
    (claim,) = parse(text).claims
    assert (claim.subject, claim.amount.printed, claim.change.delta.printed, claim.change.rate.printed) == (
        "一般公共预算", "90.00", "10.00", "12.50")
    assert claim.lines == (HEADER_LINES + 2, HEADER_LINES + 4)


def test_change_after_a_list_is_not_attributed_to_its_last_part(parse):
    text = TABLE + "一、总体\n预算收入总计100.00万元，其中：本年收入100.00万元，上年结转0万元，比上年增加20.00万元，增长25.00%。\n"
    claims = parse(text).claims
    assert [c.subject for c in claims if c.amount is not None] == ["预算收入总计", "本年收入", "上年结转"]
    assert all(c.change is None for c in claims if c.amount is not None)
    assert [c.ambiguous for c in claims if c.amount is None] == [True]


def test_flat_change_is_understood(parse):
    claims = parse(TABLE + "七、三公\n“三公”经费预算0万元，与上年预算数相同。\n").claims
    assert claims[0].change.word == "持平"


PERCENT = re.compile(r"\d+(?:\.\d+)?\s*%")


def _not_understood(doc) -> list[str]:
    """Narrative sentences with a 万元/元 figure or a percentage that no claim accounts for."""
    start = max((t.end_line for t in doc.tables if t.alias and "绩效" not in t.alias), default=0)
    lines = [ln for ln in narrative_lines(doc.lines, doc.tables, 0) if ln.number > start]
    found: dict[str, list[int]] = {}
    for c in doc.claims:
        got = found.setdefault(c.sentence, [0, 0])
        got[0] += (c.amount is not None) + bool(c.change and c.change.delta)
        got[1] += (c.share is not None) + bool(c.change and c.change.rate)
    out = []
    for para in lines_to_paragraphs(lines):
        if para.heading:
            continue
        for sentence in (s + "。" for s in para.text.split("。") if s.strip()):
            amounts, percents = len(AMOUNT.findall(sentence)), len(PERCENT.findall(sentence))
            if not (amounts or percents):
                continue
            got = found.get(sentence, [0, 0])
            if got[0] < amounts or got[1] < percents:
                out.append(sentence)
    return out


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_every_figure_of_the_narrative_is_understood(sample, path):
    """Every 万元 amount and percentage of every narrative sentence belongs to a claim."""
    doc = sample(path.stem.split("-party")[0].split("-government")[0])
    assert _not_understood(doc) == []
    assert len(doc.claims) >= 50


def test_share_of_a_named_base(check_text):
    prose = "十、绩效\n项目支出 200.00 万元。公开项目金额 50.00 万元，占项目支出总额的 25.00%。\n"
    assert check_text(TABLE + prose, ["N.share"]).findings == []
    (finding,) = check_text(TABLE + prose.replace("25.00%", "20.00%"), ["N.share"]).findings
    assert finding.expected == "25.00"


PROJECT = """表 7
一般公共预算项目支出情况表
单位：万元
科目编码\t\t\t科目名称\t项目名称\t项目支出合计
类\t款\t项\t\t\t
201\t\t\t一般公共服务支出\t\t3.00
201\t03\t\t政府办公厅（室）及相关机构事务\t\t3.00
201\t03\t02\t一般行政管理事务\t党务内网服务费项目\t3.00
\t\t\t\t合计\t3.00

项目支出绩效目标表
项目名称\t\t党务内网服务费\t\t
项目资金 (元)\t实施期资金总额:\t30,000\t年度资金总额:\t30,000
"""


def test_performance_target_in_yuan_matches_its_project(check_text):
    assert check_text(TABLE + PROJECT, ["N.targets-match-projects"]).results[0].status == "passed"
    broken = PROJECT.replace("年度资金总额:\t30,000", "年度资金总额:\t40,000")
    (finding,) = check_text(TABLE + broken, ["N.targets-match-projects"]).findings
    assert (finding.expected, finding.actual, finding.line) == ("3.00", "4", HEADER_LINES + 13)


def test_table_in_yuan_is_compared_in_wan(check_text):
    """Tables printed in 元 and prose in 万元: compared after conversion, precision kept."""
    in_yuan = TABLE.replace("单位：万元", "单位：元")
    for wan, yuan in (("100.00", "1000000"), ("90.00", "900000"), ("80.00", "800000"), ("20.00", "200000"), ("10.00", "100000")):
        in_yuan = in_yuan.replace(f"\t{wan}", f"\t{yuan}")
    report = check_text(in_yuan + CONSISTENT, ["N.matches-table"])
    assert report.findings == []
    broken = in_yuan.replace("收入总计\t1000000", "收入总计\t1010000")
    (finding,) = check_text(broken + CONSISTENT, ["N.matches-table"]).findings
    assert finding.expected == "101.0000"


def test_value_in_yuan_keeps_its_precision():
    from decimal import Decimal

    from budget_audit.model import Value

    v = Value(Decimal("30000"), "30000", 1).in_wan("元")
    assert (v.amount, v.half_unit) == (Decimal("3.0000"), Decimal("0.00005"))


def test_headcount_adds_up(check_text):
    staff = "二、机构设置及人员情况\n编制数 20，实有人数 30 人，其中：在职 18 人，增加 1 人；退休 12 人；离休 0 人。\n"
    assert check_text(TABLE + staff, ["N.headcount"]).results[0].status == "passed"
    (finding,) = check_text(TABLE + staff.replace("退休 12 人", "退休 11 人"), ["N.headcount"]).findings
    assert (finding.expected, finding.actual, finding.line) == ("29", "30", HEADER_LINES + 2)


def test_reserved_procurement_cannot_exceed_the_procurement_budget(check_text):
    prose = CONSISTENT + "2024 年，测试单位面向中小企业预留政府采购项目预算金额 10.00 万元，小微企业预留政府采购项目预算金额 8.00 万元。\n"
    assert check_text(TABLE + prose, ["N.procurement-reserved"]).findings == []
    (finding,) = check_text(TABLE + prose.replace("预算金额 10.00 万元", "预算金额 13.00 万元").replace("8.00 万元", "9.00 万元"),
                            ["N.procurement-reserved"]).findings
    assert (finding.actual, finding.expected) == ("13.00", "12.50")


def test_a_reserved_amount_is_held_to_the_procurement_budget_stated_latest_before_it(check_text):
    reserved = "面向中小企业预留政府采购项目预算金额 13.00 万元。\n"
    restated = "政府采购预算 20.00 万元。\n"
    assert check_text(TABLE + CONSISTENT + restated + reserved, ["N.procurement-reserved"]).findings == []
    (finding,) = check_text(TABLE + CONSISTENT + reserved + restated, ["N.procurement-reserved"]).findings
    assert (finding.actual, finding.expected) == ("13.00", "12.50")


def test_classes_named_in_the_text_are_the_funded_classes(check_text):
    named = "一、总体\n支出预算包括：一般公共服务支出、社会保障和就业支出。\n"
    assert check_text(TABLE + named, ["N.named-classes"]).results[0].status == "passed"
    (finding,) = check_text(TABLE + named.replace("、社会保障和就业支出", "、教育支出"), ["N.named-classes"]).findings
    assert finding.severity == "warning" and "社会保障和就业支出" in finding.message and "教育支出" in finding.message


def test_parts_that_state_their_own_changes_own_the_change_after_them(parse):
    text = TABLE + ("五、一般公共预算\n一般公共预算拨款合计 100.00 万元，其中：基本支出 80.00 万元，比上年预算增加 10.00 万元，"
                    "增长 14.29%；项目支出 20.00 万元，比上年预算增加 5.00 万元，增长 33.33%。\n")
    claims = {c.subject: c for c in parse(text).claims if c.amount is not None}
    assert claims["项目支出"].change.rate.printed == "33.33"
    assert not any(c.ambiguous for c in parse(text).claims)


def test_growth_is_measured_from_a_prior_figure_the_sentence_states(check_text):
    prose = "二、支出\n支出预算 96.27 万元，比上年预算数 98.20 万元减少 1.93 万元，下降 1.97%。\n"
    assert check_text(TABLE + prose, ["N.growth"]).findings == []
    (finding,) = check_text(TABLE + prose.replace("1.97%", "1.93%"), ["N.growth"]).findings
    assert finding.severity == "error" and "1.93 ÷ 98.20" in finding.message


def test_a_prior_figure_is_not_an_amount_of_its_own(parse):
    prose = "二、支出\n支出预算 96.27 万元，比2023年预算执行数 98.20 万元减少 1.93 万元，下降 1.97%。\n"
    claims = parse(TABLE + prose).claims
    assert [c.amount.printed for c in claims if c.amount is not None] == ["96.27"]
    assert claims[0].change.base.printed == "98.20"


@pytest.mark.parametrize("comparison", ["比2023年预算减少", "比2023年(上一年度，下同)预算减少", "比2023年预算执行数减少", "减少"])
def test_a_change_is_never_a_part_of_the_list_before_it(parse, comparison):
    prose = f"二、收入\n收入预算 100.00 万元，其中：财政拨款收入 100.00 万元，{comparison} 9.00 万元。\n"
    claims = parse(TABLE + prose).claims
    parts = [c for c in claims if c.group is not None]
    assert [c.subject for c in parts] == ["财政拨款收入"]
    assert [c.change.delta.printed for c in claims if c.amount is None] == ["9.00"]


def test_a_narrative_published_without_its_tables_is_read(parse):
    prose = ("2024年测试单位部门预算情况说明\n一、收支预算总体情况\n收入预算 100.00 万元，支出预算 100.00 万元。\n"
             "二、一般公共预算\n一般公共预算支出 90.00 万元，比上年预算增加 10.00 万元，增长 12.50%。\n")
    doc = parse(prose)
    assert doc.tables == [] and len(doc.claims) == 3


def test_a_list_ending_with_deng_names_only_the_main_parts_even_at_the_end_of_its_paragraph(check_text):
    prose = "五、其他\n本年度拟购置固定资产 100.00 万元，其中：办公设备 10.00 万元，专用设备\n20.00 万元等。\n六、下一节\n"
    assert check_text(TABLE + prose, ["N.list-sum"]).findings == []
    exhaustive = prose.replace("万元等。", "万元。")
    assert len(check_text(TABLE + exhaustive, ["N.list-sum"]).findings) == 1


def test_a_clause_printed_twice_is_no_list_of_its_own(check_text):
    prose = ("五、其他\n计划购置车辆 3 辆、30.00 万元，其中：\n使用财政拨款购置车辆 2 辆，20.00 万元、使用单位资金购置车辆 1 辆，"
             "10.00 万元更新，其中：使用财政拨款购置车辆 2 辆，20.00 万元、使用单位资金购置车辆 1 辆，10.00 万元；\n"
             "单价 100 万元以上设备 0 台、0 万元，主要是无购置计划。\n")
    assert check_text(TABLE + prose, ["N.list-sum"]).findings == []


def test_changes_stated_for_only_some_parts_are_no_breakdown_of_the_total_change(check_text):
    prose = ("七、三公\n“三公”经费预算 18.60 万元，按照定额标准编报，较上年减少 24.50 万元，其中：因公出国（境）经费 0 万元，"
             "预算未做安排；公务接待费 8.60 万元，较上年增加 1.50 万元；公务用车运行维护费 10.00 万元，较上年减少 1.00 万元。\n")
    assert check_text(TABLE + prose, ["N.change-sum"]).findings == []
    stated = prose.replace("预算未做安排", "较上年减少 25.00 万元")
    assert check_text(TABLE + stated, ["N.change-sum"]).findings == []
    (finding,) = check_text(TABLE + stated.replace("减少 25.00", "减少 20.00"), ["N.change-sum"]).findings
    assert "24.50" in finding.message


def test_a_bare_total_in_a_section_about_appropriations_is_the_appropriations_total(parse):
    prose = ("五、收支说明\n（二）财政拨款收支情况\n本部门财政拨款收入预算总计 90.00 万元，全部为一般公共预算拨款。"
             "支出预算总计 90.00 万元，全部为一般公共预算拨款。\n（三）其他\n支出预算总计 100.00 万元。\n")
    subjects = [c.subject for c in parse(TABLE + prose).claims if c.amount is not None]
    assert subjects == ["财政拨款收入预算总计", "财政拨款支出预算总计", "支出预算总计"]


def test_a_figure_naming_nothing_makes_no_list(check_text):
    """A prior-year figure left beside this year's: which figure leads the list cannot be told."""
    prose = ("五、支出\n对个人和家庭的补助（509）100.00 万元，98.00 万元，其中：人员经费 20.00 万元，19.00 万元，"
             "较上年增加 1.00 万元；专项业务经费 80.00 万元，较上年减少 2.00 万元。\n六、其他\n")
    assert check_text(TABLE + prose, ["N.list-sum"]).findings == []
