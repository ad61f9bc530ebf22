"""What keeps a long document's memory near its size (issue 11): how the model and the parser
hold text, read as specifications (no timing, no measured memory)."""

from __future__ import annotations

from decimal import Decimal

from budget_audit.model import Line, Row, Value
from budget_audit.parse import normalize
from budget_audit.parse.normalize import compact, normalize_lines


def test_a_figure_and_a_line_carry_no_dict_of_their_own():
    # a document holds one Value per table cell and one Line per line: a dict each would be most of its memory
    figure = Value(Decimal("12.30"), "12.30", 4)
    for obj in (figure, Line(1, "text", "text"), Row("合计", 3, {})):
        assert not hasattr(obj, "__dict__")
    assert (figure.decimals, figure.unit, figure.half_unit) == (2, Decimal("0.01"), Decimal("0.005"))


def test_a_bare_zero_is_exactly_nothing_and_other_figures_keep_their_precision():
    assert Value(Decimal("0"), "0", 1).half_unit == 0
    assert Value(Decimal("0.00"), "0.00", 1).half_unit == Decimal("0.005")
    assert Value(Decimal("1E+1"), "10", 1).unit == 1


def test_a_line_unchanged_by_normalising_keeps_one_string():
    line, changed = normalize_lines(["一般公共服务支出\t120.00", "合计\t1,200.00"])
    assert line.text is line.raw
    assert (changed.text, changed.raw) == ("合计\t1200.00", "合计\t1,200.00")


def test_a_long_passage_is_compacted_as_its_parts_are_and_not_kept_in_the_cache():
    part = "（一）“基本支出” 合计\u3000收入\t支出「项目」"
    assert compact(part) == "(一)基本支出合计收入支出项目"
    cached = normalize._compact.cache_info().currsize, normalize.normalize_cell.cache_info().currsize
    passage = part * 5000  # far longer than a name: toc_sections compares a document's whole body
    assert compact(passage) == compact(part) * 5000
    assert (normalize._compact.cache_info().currsize, normalize.normalize_cell.cache_info().currsize) == cached

