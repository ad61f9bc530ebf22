"""Row structure (issue: which rows a total totals, levels in every layout): one case each,
a consistent table and the same table with one figure broken."""

from __future__ import annotations

import pytest

HEAD = "测试单位 2024 年部门预算公开\n\n"
UNIT = "编制部门：测试单位\n单位：万元\n"

# 收支总表 whose expenditure side numbers its classes (四、 五、) and prints 款/项 unnumbered
MIXED_NUMBERING = HEAD + "表 1\n部门收支总体情况表\n" + UNIT + (
    "收 入\t\t支 出\t\n项 目\t预算数\t项 目\t预算数\n"
    "一、财政拨款\t100.00\t一、卫生健康支出\t60.00\n"
    "1.一般公共预算拨款\t100.00\t行政事业单位医疗\t60.00\n"
    "2.政府性基金预算拨款\t0.00\t行政单位医疗\t60.00\n"
    "\t\t二、住房保障支出\t40.00\n"
    "\t\t住房改革支出\t40.00\n"
    "\t\t住房公积金\t40.00\n"
    "本年收入合计\t100.00\t本年支出合计\t100.00\n"
    "上年结转\t0.00\t年终结转\t0.00\n"
    "1.财政拨款结转\t0.00\t\t\n"
    "收入总计\t100.00\t支出总计\t100.00\n\n说明。\n"
)

# 支出总表 whose 款/项 rows print only their own digits under the class
PARTIAL_CODES = HEAD + "表 3\n部门支出总体情况表\n" + UNIT + (
    "科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出\n"
    "类\t款\t项\t\t\t\t\n"
    "\t\t\t合计\t100.00\t60.00\t40.00\n"
    "208\t\t\t社会保障和就业支出\t60.00\t60.00\t\n"
    "\t05\t\t行政事业单位养老支出\t60.00\t60.00\t\n"
    "\t\t05\t机关事业单位基本养老保险缴费支出\t40.00\t40.00\t\n"
    "\t\t06\t机关事业单位职业年金缴费支出\t20.00\t20.00\t\n"
    "221\t\t\t住房保障支出\t40.00\t\t40.00\n"
    "\t02\t\t住房改革支出\t40.00\t\t40.00\n"
    "\t\t01\t住房公积金\t40.00\t\t40.00\n\n说明。\n"
)

# 一般公共预算支出表 with levels only by numbering
NUMBERED_LEVELS = HEAD + "表 5\n一般公共预算支出情况表\n" + UNIT + (
    "科目名称\t合计\t基本支出\t项目支出\n"
    "合计\t100.00\t60.00\t40.00\n"
    "一、社会保障和就业支出\t60.00\t60.00\t\n"
    "（一）行政事业单位养老支出\t60.00\t60.00\t\n"
    "1.机关事业单位基本养老保险缴费支出\t40.00\t40.00\t\n"
    "2.机关事业单位职业年金缴费支出\t20.00\t20.00\t\n"
    "二、住房保障支出\t40.00\t\t40.00\n"
    "（一）住房改革支出\t40.00\t\t40.00\n"
    "1.住房公积金\t40.00\t\t40.00\n\n说明。\n"
)

# 项目支出表 with a unit's 小计 heading its projects, and the 合计 first
SUBTOTALS = HEAD + "表 7\n项目支出情况表\n" + UNIT + (
    "单位名称\t项目名称\t合计\t商品和服务支出\n"
    "合计\t\t60.00\t60.00\n"
    "测试单位本级\t小计\t40.00\t40.00\n"
    "\t信息系统运维\t25.00\t25.00\n"
    "\t档案数字化\t15.00\t15.00\n"
    "测试中心\t小计\t20.00\t20.00\n"
    "\t设备维护\t20.00\t20.00\n\n说明。\n"
)

# 收入总表 whose groups are labelled in a merged first column, each group's 小计 on its label's row;
# the last group is blank, with only its own 其中 row under it
GROUP_LABELS = HEAD + "表 2\n收入预算总表\n" + UNIT + (
    "项目名称\t\t金额\n"
    "收入总计\t\t100.00\n"
    "一般公共预算资金\t小计\t80.00\n"
    "\t公共财政拨款资金\t80.00\n"
    "\t专项收入\t\n"
    "其他资金\t小计\t20.00\n"
    "\t事业收入\t\n"
    "\t其他收入\t20.00\n"
    "上年结转和结余资金\t小计\t\n"
    "\t其中：动用上年结转和结余资金\t\n\n说明。\n"
)

# 支出总表 with a 栏次 row under the header
INDEX_ROW = PARTIAL_CODES.replace("类\t款\t项\t\t\t\t\n", "类\t款\t项\t\t\t\t\n栏次\t\t\t\t1\t2\t3\n")

CASES = [
    # (document, rule, figure to break, broken figure)
    (MIXED_NUMBERING, "table.enumerated-lines", "1.一般公共预算拨款\t100.00", "1.一般公共预算拨款\t90.00"),
    (PARTIAL_CODES, "table.rollup", "机关事业单位职业年金缴费支出\t20.00\t20.00", "机关事业单位职业年金缴费支出\t21.00\t20.00"),
    (PARTIAL_CODES, "table.column-total", "\t\t\t合计\t100.00", "\t\t\t合计\t101.00"),
    (NUMBERED_LEVELS, "table.rollup", "2.机关事业单位职业年金缴费支出\t20.00\t20.00", "2.机关事业单位职业年金缴费支出\t22.00\t20.00"),
    (NUMBERED_LEVELS, "table.column-total", "合计\t100.00\t60.00", "合计\t101.00\t60.00"),
    (SUBTOTALS, "table.column-total", "档案数字化\t15.00\t15.00", "档案数字化\t16.00\t15.00"),
    (INDEX_ROW, "table.column-total", "\t\t\t合计\t100.00", "\t\t\t合计\t101.00"),
    (GROUP_LABELS, "table.column-total", "\t其他收入\t20.00", "\t其他收入\t21.00"),
]
IDS = ["mixed-numbering", "partial-codes-rollup", "partial-codes-total", "numbered-rollup", "numbered-total", "subtotals", "index-row", "group-labels"]


@pytest.mark.parametrize(("text", "rule", "old", "new"), CASES, ids=IDS)
def test_consistent_table_gives_no_finding(check_text, text, rule, old, new):
    report = check_text(text, ["table."])
    assert [f.message for f in report.findings if f.severity == "error"] == []
    assert any(r.rule == rule and r.status == "passed" for r in report.results)


@pytest.mark.parametrize(("text", "rule", "old", "new"), CASES, ids=IDS)
def test_broken_table_gives_exactly_one_finding(check_text, text, rule, old, new):
    assert old in text
    report = check_text(text.replace(old, new, 1), [rule])
    assert len([f for f in report.findings if f.severity == "error"]) == 1, [f.message for f in report.findings]


def test_partial_codes_are_completed_from_the_rows_above(parse):
    rows = parse(PARTIAL_CODES).table("支出总表").rows
    assert [(r.code, r.level) for r in rows if r.name.startswith("机关事业单位")] == [("2080505", 3), ("2080506", 3)]


def test_index_row_is_not_data(parse):
    assert not any(r.name == "栏次" for r in parse(INDEX_ROW).table("支出总表").rows)


def test_total_records_the_rows_it_totals(parse):
    total = next(r for r in parse(NUMBERED_LEVELS).table("一般公共预算支出表").rows if r.is_total)
    assert [m.name for m in total.members] == ["社会保障和就业支出", "住房保障支出"]
