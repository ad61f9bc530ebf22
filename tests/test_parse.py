"""Parsing difficulties, each isolated in a small hand-made document."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budget_audit.model import RANK_BREAKDOWN, RANK_CLASS, RANK_ITEM
from budget_audit.parse.normalize import normalize_lines

from .conftest import value

HEAD = "测试单位 2024 年部门预算公开\n\n"
UNIT = "编制部门：测试单位\n单位：万元\n"


def _xinjiang_expenditure(rows: str, title: str = "部门支出总体情况表") -> str:
    return (
        HEAD + f"表 3\n{title}\n" + UNIT
        + "功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出\n类\t款\t项\t\t\t\t\n" + rows
        + "\n\n第三部分 说明\n"
    )


def test_full_width_digits_thousands_separators_and_markup_are_normalised():
    (line,) = normalize_lines(["<b>一、本年收入</b>\t<b>３,３８４.０８</b>\t**合计**"])
    assert line.text == "一、本年收入\t3384.08\t合计"
    assert line.raw.startswith("<b>")


def test_markdown_headings_and_list_markers_are_stripped():
    lines = normalize_lines(["## 部门收入总体情况表", "- 1、一般公共服务支出（类）"])
    assert [ln.text for ln in lines] == ["部门收入总体情况表", "1、一般公共服务支出(类)"]


def test_spaced_out_characters_are_joined():
    (line,) = normalize_lines(["收 入 总 计\t40.0 0\t支 出 总 计"])
    assert line.text == "收入总计\t40.00\t支出总计"


def test_watermark_lines_are_blanked_but_keep_their_numbers():
    raw = ["仅供内部审核", "", "仅供内部审核", "标题", "仅供内部审核", "仅供内部审", "正文"]
    lines = normalize_lines(raw)
    assert [ln.text for ln in lines] == ["", "", "", "标题", "", "", "正文"]
    assert [ln.number for ln in lines] == list(range(1, 8))


def test_repeated_headers_that_never_stand_twice_in_a_row_are_not_watermarks():
    raw = ["单位：万元", "a\tb", "单位：万元", "c\td", "单位：万元"]
    assert [ln.text for ln in normalize_lines(raw)][0] == "单位：万元".replace("：", ":")


def test_three_column_codes_give_class_item_and_subitem(parse):
    doc = parse(_xinjiang_expenditure("201\t\t\t一般公共服务支出\t5.00\t5.00\t\n201\t03\t\t政府办公厅\t5.00\t5.00\t\n201\t03\t01\t行政运行\t5.00\t5.00\t\n\t\t\t合计\t5.00\t5.00\t"))
    rows = doc.table("支出总表").rows
    assert [(r.code, r.level) for r in rows] == [("201", 1), ("20103", 2), ("2010301", 3), (None, None)]
    assert rows[-1].is_total


def test_empty_cells_are_none_not_zero(parse):
    doc = parse(_xinjiang_expenditure("201\t\t\t一般公共服务支出\t5.00\t5.00\t"))
    assert value(doc, "支出总表", "201", "项目支出") is None
    assert value(doc, "支出总表", "201", "基本支出").amount == Decimal("5.00")


def test_garbled_code_is_kept_and_flagged(parse):
    doc = parse(_xinjiang_expenditure("20\t\t\t一般公共服务支出\t5.00\t5.00\t\n20\t03\t\t政府办公厅\t5.00\t5.00\t"))
    rows = doc.table("支出总表").rows
    assert [(r.code, r.level, r.flags) for r in rows] == [(None, 1, ("garbled-code",)), (None, 2, ("garbled-code",))]


UNIT_INCOME = ("收入总表\n单位:万元\n部门代码\t部门名称\t合计\t一般公共预算\n合计\t\t9.00\t9.00\n"
               "302\t某市某局\t9.00\t9.00\n302001\t某市某局(本级)\t9.00\t9.00\n\n说明文字。\n")


def test_a_department_code_is_no_subject_code(parse):
    """部门代码 302 | 302001 are the department and its units, not 类 302 商品和服务支出."""
    rows = parse(HEAD + UNIT_INCOME).table("收入总表").rows
    assert [(r.code, r.level, r.flags, r.name) for r in rows[1:]] == [
        (None, None, (), "某市某局"), (None, None, (), "某市某局(本级)")]


def test_a_total_printed_in_the_department_code_column_is_still_the_total(parse):
    rows = parse(HEAD + UNIT_INCOME).table("收入总表").rows
    assert (rows[0].name, rows[0].is_total) == ("合计", True)


def test_seven_digit_codes(parse):
    text = HEAD + "2024年预算支出总表\n项目\t\t2024年预算数\t\t\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n合计\t\t9.00\t9.00\t\n201\t一般公共服务支出\t9.00\t9.00\t\n20131\t党委办公厅（室）及相关机构事务\t9.00\t9.00\t\n2013101\t行政运行\t9.00\t9.00\t\n\n说明文字。\n"
    rows = parse(text).table("支出总表").rows
    assert [(r.code, r.level, r.is_total) for r in rows] == [(None, None, True), ("201", 1, False), ("20131", 2, False), ("2013101", 3, False)]


def test_chinese_numbered_class_rows_keep_their_enumerator(parse):
    text = HEAD + "预算公开表1\n2024年预算收支总表\n收入\t\t支出\t\n项目\t2024年\t项目\t2024年合计\n一、一般公共预算\t9.00\t一、一般公共服务支出\t9.00\n收入总计\t9.00\t支出总计\t9.00\n\n说明。\n"
    table = parse(text).table("收支总表")
    assert table.number == "1"
    assert [(r.side, r.enum, r.name) for r in table.rows][:2] == [("收入", "一、", "一般公共预算"), ("支出", "一、", "一般公共服务支出")]


def test_two_sided_table_reads_each_side_with_its_own_columns(parse):
    text = HEAD + "表 4\n财政拨款收支预算总体情况表\n" + UNIT + "财政拨款收入\t\t财政拨款支出\t\t\t\t\n项目\t合计\t功能分类\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算\n一般公共预算\t7.00\t201 一般公共服务支出\t7.00\t7.00\t\t\n收入总计\t7.00\t支出总计\t7.00\t7.00\t\t\n\n说明。\n"
    table = parse(text).table("财政拨款收支总表")
    assert table.sides == ["收入", "支出"]
    assert [c.name for c in table.columns if c.side == "支出"] == ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]
    spending = next(r for r in table.rows if r.side == "支出" and r.code == "201")
    assert spending.values["一般公共预算"].line == 9


def test_table_continued_over_pages_is_merged_and_repeated_header_dropped(parse):
    rows1 = "201\t\t\t一般公共服务支出\t5.00\t5.00\t\n"
    repeat = "编制部门：测试单位\n单位：万元\n功能分类科目编码\t\t\t功能分类科目名称\t合 计\t基本支出\t项目支出\n类\t款\t项\t\t\t\t\n"
    rows2 = "208\t\t\t社会保障和就业支出\t2.00\t2.00\t\n\t\t\t合计\t7.00\t7.00\t"
    table = parse(_xinjiang_expenditure(rows1 + "\n" + repeat + rows2)).table("支出总表")
    assert [r.code for r in table.rows] == ["201", "208", None]
    assert table.continued_at == [11]


def test_cell_wrapped_onto_the_next_line_is_joined(parse):
    doc = parse(_xinjiang_expenditure("201\t03\t\t政府办公厅（室）及相关机构\t5.00\t5.00\t\n\t\t\t事务\t\t\t\n\t\t\t合计\t5.00\t5.00\t"))
    assert doc.table("支出总表").rows[0].name == "政府办公厅(室)及相关机构事务"


def test_index_row_is_not_data(parse):
    doc = parse(_xinjiang_expenditure("※\t※\t※\t※\t1\t2\t3\n201\t\t\t一般公共服务支出\t5.00\t5.00\t"))
    assert [r.code for r in doc.table("支出总表").rows] == ["201"]


def test_breakdown_rows_after_qizhong_are_marked(parse):
    text = HEAD + "表 1\n部门收支总体情况表\n" + UNIT + "收 入\t\t支 出\t\n项 目\t预算数\t功能分类\t预算数\n一、本年收入\t9.00\t201 一般公共服务支出\t9.00\n1. 一般公共预算拨款\t9.00\t\t\n其中：一般财力\t9.00\t\t\n上级一般公共预算安排转移支付\t\t\t\n2. 单位资金\t\t\t\n收入总计\t9.00\t支出总计\t9.00\n\n说明。\n"
    rows = [r for r in parse(text).table("收支总表").rows if r.side == "收入"]
    assert [(r.name, r.rank) for r in rows][:5] == [
        ("本年收入", RANK_CLASS), ("一般公共预算拨款", RANK_ITEM), ("一般财力", RANK_BREAKDOWN),
        ("上级一般公共预算安排转移支付", RANK_BREAKDOWN), ("单位资金", RANK_ITEM)]


def test_an_enumerator_after_qizhong_is_not_part_of_the_name(parse):
    text = HEAD + "表 8\n财政拨款安排的行政经费及三公经费预算表\n" + UNIT + "项目\t合计\t一般公共预算\n三公经费\t5.00\t5.00\n其中：（一）因公出国（境）支出\t5.00\t5.00\n\n说明。\n"
    row = parse(text).table("三公经费表").rows[1]
    assert (row.name, row.enum, row.rank) == ("因公出国(境)支出", "其中", RANK_BREAKDOWN)


def test_empty_table_and_its_note(parse):
    text = HEAD + "表 8\n政府性基金预算支出情况表\n" + UNIT + "科 目\t\t\t政府性基金预算支出\t\t\t\n功能分类科目编码\t\t\t合计\t基本支出\t\t项目支出\n\t\t\t合计\t\t\t\n\n备注：本单位没有政府性基金预算拨款安排的支出，本表为空表。\n\n第三部分\n"
    table = parse(text).table("政府性基金支出表")
    assert table.is_empty
    assert table.note_line == 11


_SHIFTED = (
    HEAD + "表 2\n部门收入总体情况表\n" + UNIT
    + "功能分类科目编码\t\t\t功能分类科目名称\t总计\t财政拨款（补助）\t\t单位资金\n"
    + "类\t款\t项\t\t\t小计\t一般公共预算\t上级转移支付\n"
    + "201\t\t\t一般公共服务支出\t9.00\t8.00\t8.00\t\t1.00{extra}\n\n说明。\n"
)


def test_header_shifted_against_the_figures_is_realigned_from_its_labels(parse):
    cols = parse(_SHIFTED.format(extra="")).table("收入总表").columns
    assert [(c.name, c.uncertain) for c in cols] == [
        ("总计", False), ("小计", False), ("一般公共预算", False), ("上级转移支付", False), ("单位资金", False)
    ]


def test_header_that_cannot_be_realigned_is_not_trusted(parse):
    cols = parse(_SHIFTED.format(extra="\t2.00")).table("收入总表").columns
    assert (cols[0].name, cols[0].uncertain) == ("总计", False)
    assert all(c.uncertain for c in cols[1:])


def test_table_of_contents_and_absent_tables(sample):
    doc = sample("xinjiang-kizilsu")
    promised = [e.alias for e in doc.toc if e.alias]
    assert len(promised) == 11
    assert [a for a in promised if doc.table(a) is None] == ["支出总表", "政府性基金支出表"]


def test_page_number_line_inside_a_table_does_not_end_it(parse):
    rows = "201\t\t\t一般公共服务支出\t5.00\t5.00\t\n— 3 —\n208\t\t\t社会保障和就业支出\t2.00\t2.00\t\n\t\t\t合计\t7.00\t7.00\t"
    table = parse(_xinjiang_expenditure(rows)).table("支出总表")
    assert [r.code for r in table.rows] == ["201", "208", None]


@pytest.mark.parametrize("cover", ["某局2025年部门预算", "某局2025年部门预算公开", "某局2024年度部门决算", "某局 2025 年单位预算"])
def test_the_department_is_the_cover_line_less_its_year_and_kind(parse, cover):
    text = cover + "\n第三部分 情况说明\n一、收入\n政府采购预算12.50万元，其中：政府采购货物预算7.50万元，政府采购服务预算5.00万元。\n"
    assert parse(text).metadata.department == "某局"


def test_a_blank_column_some_pages_print_before_the_others_is_dropped(parse):
    # the frame of the table's first page is a column wider (blank) than its next page's: the rows
    # are put back on the same columns, and the figure columns are trusted again
    doc = parse(
        "某局2025年部门预算\n一般公共预算基本支出表\n单位：万元\n"
        "\t科目名称\t合计\t人员经费\t公用经费\n"
        "\t工资福利支出\t10.00\t10.00\t\n"
        "商品和服务支出\t5.00\t\t5.00\n"
        "合计\t15.00\t10.00\t5.00\n"
    )
    table = doc.table("基本支出表")
    assert [c.name for c in table.columns] == ["合计", "人员经费", "公用经费"]
    assert not any(c.uncertain for c in table.columns)
    assert table.rows_named("商品和服务支出")[0].values["公用经费"].amount == Decimal("5.00")


def test_rows_of_two_lengths_with_text_in_the_first_cell_keep_their_columns_untrusted(parse):
    doc = parse(
        "某局2025年部门预算\n一般公共预算基本支出表\n单位：万元\n"
        "类\t科目名称\t合计\t人员经费\t公用经费\n"
        "301\t工资福利支出\t10.00\t10.00\t\n"
        "商品和服务支出\t5.00\t\t5.00\n"
    )
    assert any(c.uncertain for c in doc.table("基本支出表").columns)
