"""Each check kind on a small hand-made document: consistent → nothing; broken → exactly one finding."""

from __future__ import annotations

import pytest

from budget_audit.rules.engine import load_rules

from .conftest import DOCS

CONSISTENT = (DOCS / "consistent.txt").read_text(encoding="utf-8")

# (rule id, figure to change, replacement, line of the judged figure, lines involved)
BROKEN = [
    ("SZ.balance", "支 出 总 计\t100.00", "支 出 总 计\t100.50", 21, (21,)),
    ("table.column-total", "208 社会保障和就业支出\t20.00", "208 社会保障和就业支出\t21.00", 21, (15, 16, 21)),
    ("table.enumerated-lines", "2. 单位资金\t10.00", "2. 单位资金\t11.00", 15, (15, 16, 19)),
    ("table.rollup", "行政运行\t60.00\t60.00", "行政运行\t61.00\t60.00", 30, (30, 31, 32)),
    ("SC.row-basic-project", "一般行政管理事务\t20.00\t\t20.00", "一般行政管理事务\t20.00\t\t21.00", 32, (32,)),
    ("SC.equals-SZ", "\t\t\t合计\t100.00", "\t\t\t合计\t100.40", 36, (21, 36)),
    ("SC.classes-equal-SZ", "208 社会保障和就业支出\t20.00", "208 社会保障和就业支出\t20.30", 33, (16, 33)),
]


@pytest.mark.parametrize("rule", sorted({r[0] for r in BROKEN}))
def test_consistent_document_gives_no_finding(check_text, rule):
    report = check_text(CONSISTENT, [rule])
    assert report.findings == []
    assert report.results[0].status == "passed", report.results[0].reason


@pytest.mark.parametrize(("rule", "old", "new", "line", "lines"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_document_gives_exactly_one_finding(check_text, rule, old, new, line, lines):
    assert old in CONSISTENT
    report = check_text(CONSISTENT.replace(old, new, 1), [rule])
    assert [(f.rule, f.severity, f.line) for f in report.findings] == [(rule, "error", line)]
    assert report.findings[0].lines == lines


def test_difference_of_one_printed_unit_beyond_rounding_is_a_warning(check_text):
    text = CONSISTENT.replace("行政运行\t60.00\t60.00", "行政运行\t60.01\t60.01")
    (finding,) = check_text(text, ["table.rollup"]).findings
    assert finding.severity == "warning"
    assert finding.difference == "-0.01"
    assert "rounding-level" in finding.message


def test_rounding_of_many_parts_is_tolerated(check_text):
    # 80.00 and 20.00 printed as 80.004 → 80.00 and 19.996 → 20.00: the total may be 100.00 or 99.99
    text = CONSISTENT.replace("收 入 总 计\t100.00\t支 出 总 计\t100.00", "收 入 总 计\t100.00\t支 出 总 计\t99.995")
    assert check_text(text, ["table.column-total"]).findings == []


def test_missing_table_promised_by_the_toc_is_reported(check_text):
    text = CONSISTENT.replace("三、部门支出总体情况表", "三、部门支出总体情况表\n四、财政拨款收支预算总体情况表")
    report = check_text(text, ["structure.tables"])
    promised = [f for f in report.findings if "目录" in f.message]
    assert [(f.table, f.line) for f in promised] == [("财政拨款收支总表", 7)]


def test_rule_whose_table_is_absent_is_skipped_with_a_reason(check_text):
    report = check_text(CONSISTENT, ["JB.row-personnel-public"])
    assert report.results[0].status == "skipped"
    assert "基本支出表" in report.results[0].reason


def _rules(tmp_path, body: str):
    path = tmp_path / "extra.yaml"
    path.write_text("rules:\n" + body, encoding="utf-8")
    return load_rules([str(path)])


def test_sum_check_with_subtraction(tmp_path, check_text):
    rules = _rules(
        tmp_path,
        "  - id: x.sum\n    check: sum\n    total: 收支总表[一般公共预算拨款]\n"
        "    parts: [\"收支总表[本年收入]\", \"-收支总表[单位资金]\"]\n",
    )
    assert check_text(CONSISTENT, ["x.sum"], rules).findings == []
    broken = CONSISTENT.replace("1. 一般公共预算拨款\t90.00", "1. 一般公共预算拨款\t91.00")
    (finding,) = check_text(broken, ["x.sum"], rules).findings
    assert (finding.line, finding.expected, finding.actual) == (16, "90.00", "91.00")


def test_expr_check_compares_with_rounding(tmp_path, check_text):
    rules = _rules(tmp_path, "  - id: x.expr\n    check: expr\n    expr: \"支出总表[合计].基本支出 * 1.25 == 支出总表[合计].合计\"\n")
    assert check_text(CONSISTENT, ["x.expr"], rules).findings == []
    broken = CONSISTENT.replace("\t\t\t合计\t100.00\t80.00", "\t\t\t合计\t110.00\t80.00")
    (finding,) = check_text(broken, ["x.expr"], rules).findings
    assert finding.lines == (36,)


def test_expr_inequality(tmp_path, check_text):
    rules = _rules(tmp_path, "  - id: x.le\n    check: expr\n    expr: \"支出总表[合计].项目支出 <= (支出总表[合计].基本支出 - 50) / 1.5\"\n")
    assert check_text(CONSISTENT, ["x.le"], rules).findings == []
    rules2 = _rules(tmp_path, "  - id: x.gt\n    check: expr\n    expr: \"支出总表[合计].项目支出 > 支出总表[合计].基本支出\"\n")
    assert len(check_text(CONSISTENT, ["x.gt"], rules2).findings) == 1


def test_select_by_prefix_and_ignore(check_text):
    report = check_text(CONSISTENT, ["SC."])
    assert {r.rule for r in report.results} == {"SC.row-basic-project", "SC.equals-SZ", "SC.classes-equal-SZ"}


def test_budget_rule_is_not_evaluated_on_final_accounts(check_text):
    text = CONSISTENT.replace("2024 年部门预算公开", "2024 年部门决算公开")
    report = check_text(text, ["structure.tables"])
    assert report.results == []


def test_unknown_metadata_field_in_when_is_a_rule_file_error(tmp_path):
    from budget_audit.errors import RuleFileError

    path = tmp_path / "bad.yaml"
    path.write_text("rules:\n  - id: x\n    check: expr\n    when: [colour=red]\n    expr: \"1 == 1\"\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="unknown field 'colour'"):
        load_rules([str(path)])


def test_a_code_named_differently_in_another_table_is_a_warning(check_text):
    assert check_text(CONSISTENT, ["table.code-names"]).findings == []
    text = CONSISTENT.replace("208\t\t\t社会保障和就业支出", "208\t\t\t社会保障支出")
    (finding,) = check_text(text, ["table.code-names"]).findings
    assert (finding.severity, finding.line, finding.expected) == ("warning", 33, "社会保障和就业支出")


def test_three_public_expenses_table_with_items_as_columns(check_text):
    """三公经费表 turned sideways (items as columns, 2023/2024 as rows), from tests/data/unseen-errors-c."""
    text = (DOCS.parent / "data" / "unseen-errors-c.txt").read_text(encoding="utf-8")
    report = check_text(text, ["SG.items-as-columns", "SG.vehicles-as-columns"])
    assert [r.status for r in report.results] == ["passed", "passed"]
    broken = text.replace("2024年预算数\t213,000.00", "2024年预算数\t214,000.00")
    (finding,) = check_text(broken, ["SG.items-as-columns"]).findings
    assert (finding.line, finding.expected) == (258, "213000.00")


def test_template_leftovers_are_reported_line_by_line(check_text):
    assert check_text(CONSISTENT, ["structure.leftovers"]).findings == []
    text = CONSISTENT.replace("第三部分 2024 年部门预算情况说明", "（按部门预算公开表三进行说明。）\n备注：无内容应公开空表并说明情况。")
    assert [f.line for f in check_text(text, ["structure.leftovers"]).findings] == [38, 39]


CARRY_OVER = """测试单位 2024 年部门预算公开

表 1
部门收支总体情况表
单位：万元
收 入\t\t支 出\t
项 目\t预算数\t功能分类\t预算数
一、本年收入\t10.00\t201 一般公共服务支出\t14.58
二、上年结转结余\t4.58\t\t
收入总计\t14.58\t支出总计\t14.58

表 11
上年结转结余情况明细表
单位：万元
项目\t总计\t财政拨款\t\t\t\t非财政拨款
\t\t合计\t基本支出\t\t项目支出\t合计
2023 年驻村工作经费\t0.15\t0.15\t\t\t0.15\t
2023 年下半年个人补助\t3.03\t3.03\t\t\t3.03\t
专项工作经费\t1.40\t1.40\t\t\t1.40\t

说明。
"""


def test_carry_over_table_without_a_total_row_sums_its_items(check_text):
    assert check_text(CARRY_OVER, ["JZ.equals-SZ"]).results[0].status == "passed"
    (finding,) = check_text(CARRY_OVER.replace("专项工作经费\t1.40\t", "专项工作经费\t2.40\t"), ["JZ.equals-SZ"]).findings
    assert (finding.expected, finding.actual, finding.line) == ("4.58", "5.58", 17)


def test_table_promised_by_the_toc_under_an_unknown_title_is_not_missing(check_text):
    toc = "三、部门支出总体情况表\n四、部门专用经费明细表"
    body = "表 3\n部门支出总体情况表"
    text = CONSISTENT.replace("三、部门支出总体情况表", toc).replace(
        body, "部门专用经费明细表\n单位：万元\n项目\t金额\n合计\t1.00\n\n" + body)
    report = check_text(text, ["structure.tables"])
    assert [f.message for f in report.findings if "目录" in f.message] == []


def test_toc_promises_are_not_checked_on_a_narrative_without_tables(check_text):
    text = ("2024年测试单位部门预算情况说明\n目录\n一、部门收支总体情况表\n二、部门支出总体情况表\n"
            "一、收支预算总体情况\n收入预算 100.00 万元，支出预算 100.00 万元，基本支出 80.00 万元。\n")
    report = check_text(text, ["structure.tables"])
    assert report.findings == [] and report.results[0].status == "skipped"


def test_empty_table_explained_in_the_narrative_needs_no_note(check_text):
    empty = "表 9\n政府性基金预算支出情况表\n单位：万元\n科目\t合计\t基本支出\t项目支出\n合计\t\t\t\n\n"
    text = CONSISTENT + "\n" + empty + "\n一、说明\n收入预算 100.00 万元。\n"
    assert any("政府性基金支出表" in f.message for f in check_text(text, ["structure.tables"]).findings)
    explained = text + "\n二、说明\n本部门政府性基金拨款支出预算为0。\n"
    assert not any("政府性基金支出表" in f.message for f in check_text(explained, ["structure.tables"]).findings)


def test_empty_table_explained_by_a_bracketed_note_needs_no_other(check_text):
    empty = "表 9\n政府性基金预算支出情况表\n单位：万元\n科目\t合计\t基本支出\t项目支出\n合计\t\t\t\n(无政府性基金支出）\n\n"
    text = CONSISTENT + "\n" + empty + "\n一、说明\n收入预算 100.00 万元。\n"
    assert not any("政府性基金支出表" in f.message for f in check_text(text, ["structure.tables"]).findings)


def test_register_of_tables_saying_a_table_is_empty_explains_it(check_text):
    register = "报表目录\n报表\t报表名称\t是否空表\t表格为空的理由\n表1\t部门收支总体情况表\t\t\n表9\t政府性基金预算支出情况表\t是\t不涉及\n\n"
    empty = "表 9\n政府性基金预算支出情况表\n单位：万元\n科目\t合计\t基本支出\t项目支出\n合计\t\t\t\n\n"
    prose = "\n二、说明\n收入预算 100.00 万元。\n"
    flagged = check_text(CONSISTENT + "\n" + empty + prose, ["structure.tables"]).findings
    assert any("政府性基金支出表" in f.message for f in flagged)
    explained = check_text(CONSISTENT.replace("表 1\n", register + "表 1\n", 1) + "\n" + empty + prose, ["structure.tables"])
    assert not any("政府性基金支出表" in f.message for f in explained.findings)


def test_empty_table_of_a_file_without_narrative_is_not_judged(check_text):
    empty = "表 9\n政府性基金预算支出情况表\n单位：万元\n科目\t合计\t基本支出\t项目支出\n合计\t\t\t\n\n"
    report = check_text(CONSISTENT + "\n" + empty, ["structure.tables"])
    assert not any("政府性基金支出表" in f.message for f in report.findings)  # the narrative may be in another file


def test_coverage_says_how_much_of_the_promised_tables_was_read(sample):
    cov = sample("xinjiang-kizilsu").coverage()
    assert cov["toc_tables"] == 12 and cov["toc_tables_found"] == 9  # two promised tables are not printed
    assert cov["tables_read"] >= cov["toc_tables_found"] and isinstance(cov["unrecognised"], list)
