"""A column a rule names is found under the words templates add to its header (rules.refs.find_column)."""

from __future__ import annotations

from budget_audit.rules.refs import find_column

TABLE = """某局2025年部门预算
一般公共预算支出表
单位：万元
科目编码\t科目名称\t小计\t其中:基本支出\t项目支出
\t合计\t80.00\t60.00\t20.00
201\t一般公共服务支出\t80.00\t60.00\t20.00
"""


def _columns(parse, text: str = TABLE):
    return parse(text).table("一般公共预算支出表")


def test_a_first_column_headed_xiaoji_is_the_total(parse):
    assert find_column(_columns(parse), ("合计",), None).name == "小计"


def test_a_breakdown_header_is_found_without_its_qizhong(parse):
    assert find_column(_columns(parse), ("基本支出",), None).name == "其中:基本支出"


def test_a_header_printed_as_named_wins_over_one_with_added_words(parse):
    text = TABLE.replace("小计\t其中:基本支出\t项目支出", "合计\t基本支出小计\t基本支出").replace("80.00\t60.00\t20.00", "80.00\t60.00\t60.00")
    assert find_column(_columns(parse, text), ("基本支出",), None).name == "基本支出"
