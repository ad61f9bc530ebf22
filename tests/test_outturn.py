"""Reading 决算 statements from the prose (parse/outturn.py): one behaviour each."""

from __future__ import annotations

from budget_audit.parse.outturn import _statements


def _read(text: str):
    return _statements(text, [1] * len(text), "")


def test_initial_budget_final_rate_and_direction_are_read():
    (o,) = _read("年初预算为200.00万元，支出决算为186.35万元，完成年初预算的93.18%。决算数小于年初预算数13.65万元。")
    assert (o.initial.printed, o.final.printed, o.rate.printed, o.rate_base) == ("200.00", "186.35", "93.18", "年初")
    assert (o.direction, o.direction_base, o.difference.printed) == ("小于", "年初", "13.65")


def test_full_year_budget_is_the_base_when_the_sentence_says_so():
    (o,) = _read("年初预算为390.00万元，全年预算数为410.00万元，支出决算为406.40万元，为全年预算的99.12%。")
    assert (o.rate_base, o.base(o.rate_base).printed) == ("全年", "410.00")


def test_a_difference_after_the_direction_word_is_not_a_budget():
    (o,) = _read("年初预算为1150.61万元，支出决算为1194.59万元，决算数大于年初预算数43.98万元。")
    assert (o.initial.printed, o.difference.printed) == ("1150.61", "43.98")


def test_every_direction_word_of_a_statement_is_kept():
    (o,) = _read("年初预算为10.00万元，支出决算为12.00万元，决算数大于年初预算数。决算数小于年初预算数的主要原因是…")
    assert (o.direction, [d[0] for d in o.more_directions]) == ("大于", ["小于"])


def test_a_budget_not_said_to_be_initial_or_full_is_read_as_plain():
    (o,) = _read("“三公”经费财政拨款支出预算为48.00万元，支出决算为42.97万元，完成预算的89.52%。")
    assert (o.initial, o.plain.printed, o.base(o.rate_base).printed) == (None, "48.00", "48.00")


def test_compared_with_the_budget_in_change_words():
    (o,) = _read("年初预算为5.00万元，支出决算为6.00万元，决算数比年初预算数增加1.00万元。")
    assert (o.direction, o.difference.printed) == ("大于", "1.00")


def test_a_fund_name_is_no_budget():
    assert _read("一般公共预算财政拨款支出决算为6.00万元。") == []


def test_several_statements_in_one_paragraph_each_take_their_subject():
    text = ("其中：公务用车购置费年初预算为25.00万元，支出决算为24.60万元，完成年初预算的98.40%；"
            "公务用车运行费年初预算为12.00万元，支出决算为10.85万元，完成年初预算的90.42%。")
    assert [o.subject for o in _read(text)] == ["公务用车购置费", "公务用车运行费"]


def test_compared_with_the_budget_after_the_final_amount():
    (o,) = _read("年初预算为50.00万元，支出决算为45.00万元，完成年初预算的90.00%，比年初预算减少5.00万元。")
    assert (o.direction, o.difference.printed) == ("小于", "5.00")


def test_a_change_over_last_year_is_no_comparison_with_the_budget():
    (o,) = _read("年初预算为50.00万元，支出决算为45.00万元，比上年增加5.00万元。")
    assert o.direction is None
