"""Deeper checks (issue #10) on small hand-made documents: consistent → nothing; broken → exactly one finding."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_audit.errors import RuleFileError
from budget_audit.findings import judge_copies
from budget_audit.model import Value
from budget_audit.rules.engine import load_rules

from .conftest import DOCS, NARRATIVE_HEAD, ROOT

DATA = ROOT / "tests" / "data"

TABLE = NARRATIVE_HEAD
HEADER_LINES = TABLE.count("\n")  # prose line n is file line HEADER_LINES + n

# Chinese doubles some words on purpose (人人, 常常, 一步一步): none of them is a slip
PROSE = """一、部门主要职能
测试单位负责本市测试工作（含“测试标准”的制定），人人参与，常常检查，一步一步推进。
二、关于测试单位 2024 年收支预算情况的总体说明
按照《测试条例》规定，收支总预算 100.00 万元，其中：1）一般公共预算 90.00 万元；2）单位资金 10.00 万元。
三、其他重要事项的情况说明
测试单位 2024 年政府采购预算 12.50 万元（其中：货物 7.50 万元。服务 5.00 万元。），主要用于设备购置和运行维护。
"""

# (rule, old, new, prose line of the finding)
HYGIENE = [
    ("hygiene.doubled-punctuation", "人人参与，常常", "人人参与，，常常", 2),
    ("hygiene.doubled-punctuation", "单位资金 10.00 万元。", "单位资金 10.00 万元；。", 4),
    ("hygiene.doubled-words", "收支总预算 100.00", "收支总预算预算 100.00", 4),
    ("hygiene.doubled-words", "主要用于设备", "主要用于主要用于设备", 6),
    ("hygiene.brackets", "（含“测试标准”的制定）", "（含“测试标准的制定）", 2),
    ("hygiene.brackets", "按照《测试条例》规定", "按照《测试条例规定", 4),
    ("hygiene.brackets", "货物 7.50 万元。", "货物 7.50 万元）。", 6),
    ("hygiene.ascii-comma", "人人参与，常常", "人人参与,常常", 2),
]


@pytest.mark.parametrize("rule", sorted({r[0] for r in HYGIENE}))
def test_clean_prose_gives_no_hygiene_finding(check_text, rule):
    report = check_text(TABLE + PROSE, [rule])
    assert report.findings == []


@pytest.mark.parametrize(("rule", "old", "new", "line"), HYGIENE, ids=[f"{h[0]}-{h[3]}" for h in HYGIENE])
def test_slip_gives_one_hygiene_warning(check_text, rule, old, new, line):
    assert old in PROSE
    report = check_text(TABLE + PROSE.replace(old, new, 1), [rule])
    assert [(f.rule, f.severity, f.line) for f in report.findings] == [(rule, "warning", HEADER_LINES + line)]


def test_hygiene_rules_are_selected_as_a_group(check_text):
    report = check_text(TABLE + PROSE, ["hygiene."])
    assert {r.rule for r in report.results} == {
        "hygiene.doubled-punctuation", "hygiene.doubled-words", "hygiene.brackets", "hygiene.ascii-comma",
    }


def test_a_two_character_word_outside_the_vocabulary_may_be_doubled(check_text):
    text = TABLE + PROSE.replace("一步一步推进", "研究研究推进")
    assert check_text(text, ["hygiene.doubled-words"]).findings == []


def test_a_slip_across_a_line_break_of_running_prose_is_found(check_text):
    broken = "测试单位 2024 年一般公共预算当年拨款的主要用途是保障机构正常运转和完成各项预算\n预算安排的重点工作，比上年有所增加。\n"
    (finding,) = check_text(TABLE + PROSE + broken, ["hygiene.doubled-words"]).findings
    assert finding.line == HEADER_LINES + 7


def test_a_double_across_short_lines_is_two_table_cells(check_text):
    # a narrow cell wrapped beside another: "北京国际运河艺术" / "河艺术周" is no slip of the author
    cells = "扩大国际运河艺术\n河艺术周影响力。\n"
    assert check_text(TABLE + PROSE + cells, ["hygiene.doubled-words"]).findings == []


def test_a_bracket_may_hold_several_sentences(check_text):
    # "（其中：货物 7.50 万元。服务 5.00 万元。）": the pair spans two sentences
    assert "万元。）" in PROSE
    assert check_text(TABLE + PROSE, ["hygiene.brackets"]).findings == []


def test_table_rows_are_not_prose(check_text):
    text = TABLE.replace("2. 单位资金\t10.00", "2. 单位资金（\t10.00") + PROSE
    assert check_text(text, ["hygiene.brackets"]).findings == []


def test_a_project_named_after_its_unit_repeats_the_name(check_text):
    titles = "45.测试市儿童医院市儿童医院新院区一期项目绩效自评表，已随本说明一并公开。\n"
    assert check_text(TABLE + PROSE + titles, ["hygiene.doubled-words"]).findings == []


# --- the template's words (point 6) -------------------------------------------------------------

CHANGES = "一般公共预算拨款比上年增加 10.00 万元，增长 12.50%。单位资金与上年持平，“增加（减少）额”栏为 0。\n"
CHANGE_LINE = PROSE.count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "severity"),
    [
        ("比上年增加 10.00 万元", "比上年增加（减少）10.00 万元", "error"),
        ("增长 12.50%", "增长/下降 12.50%", "error"),
        ("比上年增加 10.00 万元", "比上年增加（减少）0.00 万元", "warning"),  # true either way: 持平 was the word
    ],
)
def test_alternatives_left_in_a_statement(check_text, old, new, severity):
    assert check_text(TABLE + PROSE + CHANGES, ["structure.alternatives"]).findings == []
    report = check_text(TABLE + PROSE + CHANGES.replace(old, new), ["structure.alternatives"])
    assert [(f.severity, f.line) for f in report.findings] == [(severity, HEADER_LINES + CHANGE_LINE)]


def test_alternatives_broken_over_two_lines(check_text):
    text = TABLE + PROSE + "一般公共预算拨款收入与上年相比增加（减\n少）10.00 万元，主要原因是人员增加。\n"
    (finding,) = check_text(text, ["structure.alternatives"]).findings
    assert finding.line == HEADER_LINES + CHANGE_LINE


UNIT = TABLE.replace("2024 年部门预算公开", "2024 年单位预算公开").replace("2024 年部门预算情况说明", "2024 年单位预算情况说明")
VEHICLES = "2024年单位预算安排购置车辆 0 辆。本单位预算纳入测试局2024年部门预算，执行部门预算改革要求。\n"


def test_a_unit_disclosure_in_its_own_words_gives_nothing(check_text):
    assert check_text(UNIT + PROSE + VEHICLES, ["structure.scope-wording"]).findings == []


def test_a_unit_disclosure_calling_itself_a_department_budget(check_text):
    text = UNIT + PROSE + VEHICLES.replace("2024年单位预算安排", "2024年部门预算安排")
    report = check_text(text, ["structure.scope-wording"])
    assert [(f.severity, f.line) for f in report.findings] == [("warning", HEADER_LINES + CHANGE_LINE)]


def test_a_department_disclosure_calling_itself_a_unit_budget(check_text):
    report = check_text(TABLE + PROSE + "2024年单位预算安排购置车辆 0 辆。\n", ["structure.scope-wording"])
    assert [(f.severity, f.line) for f in report.findings] == [("warning", HEADER_LINES + CHANGE_LINE)]


def test_a_budget_naming_itself_final_accounts(check_text):
    part = "本说明是测试单位 2024 年部门预算公开的组成部分。\n"
    assert check_text(TABLE + PROSE + part, ["structure.kind-wording"]).findings == []
    report = check_text(TABLE + PROSE + part.replace("部门预算公开", "部门决算公开"), ["structure.kind-wording"])
    assert [(f.severity, f.line) for f in report.findings] == [("warning", HEADER_LINES + CHANGE_LINE)]


def test_final_accounts_quoting_their_budget_give_nothing(check_text):
    final = (DATA / "final" / "consistent-department.txt").read_text(encoding="utf-8")
    assert "预算" in final
    report = check_text(final, ["structure.kind-wording", "structure.scope-wording", "structure.alternatives"])
    assert report.findings == []


# --- figures that cannot be (point 10) -----------------------------------------------------------

SHARES = "支出预算 100.00 万元，其中：基本支出 80.00 万元，占 80.00%；项目支出 20.00 万元，占 20.00%。\n"


def test_a_share_over_a_hundred_percent(check_text):
    assert check_text(TABLE + PROSE + SHARES, ["N.share-at-most-100"]).findings == []
    report = check_text(TABLE + PROSE + SHARES.replace("占 80.00%", "占 800.00%"), ["N.share-at-most-100"])
    assert [(f.severity, f.line, f.actual) for f in report.findings] == [("error", HEADER_LINES + CHANGE_LINE, "800.00")]


def test_a_rate_of_execution_is_no_share(check_text):
    executed = "基本支出决算 84.00 万元，占年初预算的 105.00%。\n"
    assert check_text(TABLE + PROSE + executed, ["N.share-at-most-100"]).findings == []


def test_a_negative_amount_in_a_table(check_text):
    assert check_text(TABLE + PROSE, ["table.no-negative"]).findings == []
    text = TABLE.replace("2. 单位资金\t10.00", "2. 单位资金\t-10.00") + PROSE
    report = check_text(text, ["table.no-negative"])
    assert [(f.severity, f.line) for f in report.findings] == [("warning", 11)]


def test_a_negative_change_is_no_slip(check_text):
    text = TABLE.replace("2. 单位资金\t10.00", "比上年增减\t-10.00")
    assert check_text(text + PROSE, ["table.no-negative"]).findings == []


@pytest.mark.parametrize(
    ("stated", "says"),
    [
        ("1000000.00 万元", "元 labelled 万元"),
        ("1000.00 万元", "misplaced decimal point"),
        ("10.00 万元", "misplaced decimal point"),
        ("100.00 元", "万元 labelled 元"),
    ],
)
def test_a_prose_figure_off_by_a_unit_or_a_decimal_says_so(check_text, stated, says):
    total = "一、关于测试单位 2024 年收支预算情况的总体说明\n收支总预算 100.00 万元。\n"
    assert check_text(TABLE + total, ["N.matches-table"]).findings == []
    (finding,) = check_text(TABLE + total.replace("100.00 万元", stated), ["N.matches-table"]).findings
    assert finding.severity == "error"
    assert says in finding.message


TOTAL = "一、关于测试单位 2024 年收支预算情况的总体说明\n收支总预算 100.00 万元。\n"


@pytest.mark.parametrize(("stated", "severity"), [("100.01 万元", "warning"), ("100.02 万元", "error")])
def test_a_total_the_prose_copies_from_the_table_is_identical(check_text, stated, severity):
    # printed in the table's unit to its decimals, the prose's figure is a copy: rounding cannot part them
    assert check_text(TABLE + TOTAL, ["N.matches-table"]).findings == []
    report = check_text(TABLE + TOTAL.replace("100.00 万元", stated), ["N.matches-table"])
    assert [(f.severity, f.line) for f in report.findings] == [(severity, HEADER_LINES + 2)]
    assert "copies of one figure" in report.findings[0].message


@pytest.mark.parametrize("stated", ["100.0 万元", "100 万元", "1000000.00 元", "100.000 万元"])
def test_a_total_the_prose_rounds_or_converts_is_no_copy(check_text, stated):
    assert check_text(TABLE + TOTAL.replace("100.00 万元", stated), ["N.matches-table"]).findings == []


def test_a_rounded_total_is_judged_with_its_rounding(check_text):
    # 100.01 to one decimal is 100.0: "100.1" misses it by one unit of its last digit, a warning, not an error
    report = check_text(TABLE + TOTAL.replace("100.00 万元", "100.1 万元"), ["N.matches-table"])
    assert [(f.severity, f.line) for f in report.findings] == [("warning", HEADER_LINES + 2)]


def test_a_prose_figure_with_more_decimals_than_the_table(check_text):
    # 100.004 rounds to the table's 100.00 but is not what the table prints: taken from elsewhere
    report = check_text(TABLE + TOTAL.replace("100.00 万元", "100.004 万元"), ["N.matches-table"])
    assert [(f.severity, f.line) for f in report.findings] == [("warning", HEADER_LINES + 2)]
    assert "more decimals" in report.findings[0].message


# --- copies of one figure are identical (point 1) -------------------------------------------------

CONSISTENT = (DOCS / "consistent.txt").read_text(encoding="utf-8")
CLASS_208 = "208\t\t\t社会保障和就业支出\t20.00\t20.00\t"


@pytest.mark.parametrize(("printed", "severity"), [("20.01", "warning"), ("20.02", "error"), ("20.30", "error")])
def test_copies_of_one_figure_differ(check_text, printed, severity):
    assert CLASS_208 in CONSISTENT
    assert check_text(CONSISTENT, ["SC.classes-equal-SZ"]).findings == []
    text = CONSISTENT.replace(CLASS_208, CLASS_208.replace("\t20.00\t20.00", f"\t{printed}\t{printed}", 1))
    report = check_text(text, ["SC.classes-equal-SZ"])
    assert [(f.severity, f.line) for f in report.findings] == [(severity, 33)]
    assert "copies of one figure" in report.findings[0].message


def _value(printed: str, unit: str | None = None) -> Value:
    return Value(Decimal(printed), printed, 1).in_wan(unit)


@pytest.mark.parametrize(
    ("first", "second", "consistent", "rounding_level"),
    [
        (_value("12345", "元"), _value("1.23"), True, False),  # 1.2345 万元 rounds to 1.23
        (_value("12350", "元"), _value("1.24"), True, False),  # a tie may round either way
        (_value("12250", "元"), _value("1.24"), False, True),  # 1.2250 rounds to 1.22 or 1.23: one unit off
        (_value("0"), _value("0.00"), True, False),  # a bare 0 is exactly nothing
        (None, _value("0.01"), False, True),  # a blank copy counts as 0
    ],
)
def test_copies_printed_to_different_precisions(first, second, consistent, rounding_level):
    verdict = judge_copies(first, second)
    assert (verdict.consistent, verdict.rounding_level) == (consistent, rounding_level)


@pytest.mark.parametrize("kind", ["hygiene", "wording", "plausible"])
def test_an_unknown_look_for_is_a_rule_file_error(tmp_path, kind):
    path = tmp_path / "extra.yaml"
    path.write_text(f"rules:\n  - id: x.look\n    check: {kind}\n    look_for: nonsense\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="extra.yaml:4: rule x.look: look_for: must be one of"):
        load_rules([str(path)])
