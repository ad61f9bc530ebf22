"""Performance sections and 三公 against the tables (issue #10, points 7 and 12). The cases that pass
and fail are data in tests/cases/performance-*.yaml; here, what the 整体绩效目标表 reader takes, and
the documents on which a rule must say nothing because it cannot know."""

from __future__ import annotations

RULE = "JB.lines-within-SG"

BASIC = """某局2025年{title}
单位：万元
经济科目编码	经济科目名称	合计	人员经费	公用经费
	合计	13.00	10.00	3.00
301	工资福利支出	10.00	10.00\t
302	商品和服务支出	3.00		3.00
30217	公务接待费	{line}		3.00
"""
THREE = """某局2025年{title}
单位：万元
单位名称	合计	因公出国（境）费	公务用车购置及运行费			公务接待费
			小计	公务用车购置费	公务用车运行费\t
合计	2.00				0.00	2.00
"""


def _result(check_text, basic_title="一般公共预算基本支出表", three_title="“三公”经费支出预算表", line="3.00"):
    text = "某局2025年部门预算公开\n\n" + BASIC.format(title=basic_title, line=line) + "\n" + THREE.format(title=three_title)
    (result,) = [r for r in check_text(text, [RULE]).results if r.rule == RULE]
    return result


def test_a_basic_line_larger_than_its_item_is_one_warning(check_text):
    result = _result(check_text)
    assert [(f.line, f.severity) for f in result.findings] == [(9, "warning")]
    assert "大于三公经费表 公务接待费 2.00" in result.findings[0].message_zh


def test_a_basic_table_of_all_funds_is_not_judged(check_text):
    """基本支出表 without 财政拨款/一般公共预算 in its title may hold 事业收入 spending the 三公 table leaves out."""
    result = _result(check_text, basic_title="部门基本支出预算表")
    assert result.status == "skipped" and "whose money" in result.reason


def test_a_general_budget_three_table_does_not_cover_an_appropriation_basic_table(check_text):
    """财政拨款 includes 政府性基金, which a 一般公共预算 三公 table leaves out."""
    result = _result(check_text, basic_title="财政拨款基本支出表", three_title="一般公共预算三公经费支出表")
    assert result.status == "skipped" and "not a part of" in result.reason


def test_a_row_with_a_blank_total_beside_figures_is_not_read(check_text):
    """The total cell blank while 公用经费 holds 3.00: the row's figures are shifted, its line is not taken."""
    result = _result(check_text, line="")
    assert result.status == "skipped" and not result.findings


OVERALL = """某局2025年部门预算公开

某局2025年{title}
部门名称\t某局\t\t\t\t\t\t
总体资金情况（万元）\t预算支出总额\t财政拨款\t\t\t其他资金\t\t
\t\t合计\t基本支出\t项目支出\t合计\t基本支出\t项目支出
\t110.00\t100.00\t80.00\t20.00\t10.00\t\t10.00
"""
TASKS = """某局2025年部门整体支出绩效目标表
部门（单位）名称\t某局\t\t\t
任务名称\t主要内容\t预算金额（万元）\t\t
{under}
任务1\t机构运转\t80.00\t\t
金额合计\t\t80.00\t\t
"""


def test_the_summary_block_is_read_by_its_headers(parse):
    (overall,) = parse(OVERALL.format(title="部门整体支出绩效目标表")).overall
    amounts = {k: v.printed for k, v in overall.amounts.items()}
    assert amounts == {"总额": "110.00", "财政拨款": "100.00", "财政拨款.基本支出": "80.00", "财政拨款.项目支出": "20.00",
                       "其他资金": "10.00", "其他资金.项目支出": "10.00"}
    assert (overall.unit, overall.line) == ("万元", 7)


def test_a_task_list_whose_source_headers_were_lost_gives_nothing(parse):
    """预算金额 over 其他资金 alone (总额 and 财政拨款 lost in extraction): whose figure 80.00 is cannot be told."""
    doc = parse("某局2025年部门预算公开\n\n" + TASKS.format(under="\t\t\t\t其他资金"))
    assert doc.overall == []


def test_a_special_fund_performance_table_is_not_the_department_total(check_text):
    text = OVERALL.format(title="专项资金整体绩效目标表") + "\n某局2025年部门支出总表\n单位：万元\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\t合计\t90.00\t70.00\t20.00\n"
    (result,) = [r for r in check_text(text, ["ZT.total-equals-SC"]).results if r.rule == "ZT.total-equals-SC"]
    assert result.status == "skipped" and "no 整体绩效目标表" in result.reason
