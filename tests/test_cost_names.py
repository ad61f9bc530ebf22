"""A cost item is one item whichever ending the template gives it — 费, 费用 or 经费 — so a rule
names it once (model.cost_name, used by rules.refs.find_row and find_column)."""

from __future__ import annotations

import pytest

from budget_audit.model import cost_name
from budget_audit.rules.refs import find_column, find_row

SANGONG = """某局2025年部门预算
“三公”经费支出预算表
单位：万元
项目\t预算数
合计\t12.00
公务接待经费\t2.00
公务接待费\t3.00
公务用车运行经费\t10.00
"""


@pytest.mark.parametrize(("printed", "looked_up"), [
    ("因公出国(境)经费", "因公出国(境)费"),
    ("因公出国(境)费用", "因公出国(境)费"),
    ("公务用车购置及运行经费(小计)", "公务用车购置及运行费(小计)"),
    ("培训费用合计", "培训费合计"),
])
def test_the_endings_of_a_cost_item_are_one(printed, looked_up):
    assert cost_name(printed) == looked_up


@pytest.mark.parametrize("name", ["公用经费支出", "费用支出", "一般公共预算", "公务接待费"])
def test_a_name_not_ending_in_a_cost_word_is_left_alone(name):
    assert cost_name(name) == name


def test_a_row_with_another_ending_is_found(parse):
    table = parse(SANGONG).table("三公经费表")
    assert find_row(table, ("公务用车运行费",)).name == "公务用车运行经费"


def test_a_row_printed_with_the_name_asked_for_wins(parse):
    table = parse(SANGONG).table("三公经费表")
    assert find_row(table, ("公务接待费",)).name == "公务接待费"
    assert find_row(table, ("公务接待费用", "公务接待经费")).name == "公务接待经费"  # exact, though named second


def test_a_column_with_another_ending_is_found(parse):
    text = """某局2025年部门预算
“三公”经费支出预算表
单位：万元
单位名称\t合计\t因公出国（境）经费\t公务接待费用\t公务用车购置及运行维护经费
合计\t12.00\t0.00\t2.00\t10.00
"""
    table = parse(text).table("三公经费表")
    assert find_column(table, ("公务接待费",), None).name == "公务接待费用"
