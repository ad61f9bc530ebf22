"""What keeps a long document's memory near its size (issue 11): how the model and the parser
hold text, read as specifications (no timing, no measured memory)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budget_audit.charlines import CharLines
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



def test_a_figure_keeps_its_printed_form_only_when_its_decimal_would_not_give_it_back():
    plain, scaled = Value(Decimal("12.30"), "12.30", 4), Value(Decimal("1E+1"), "10", 4)
    assert plain._printed is None and plain.printed == "12.30"
    assert scaled.printed == "10"


def test_figures_are_equal_hashed_and_pickled_by_amount_printed_form_and_place():
    import pickle

    figure = Value(Decimal("12.30"), "12.30", 4, 2)
    assert figure == Value(Decimal("12.30"), "12.30", 4, 2) != Value(Decimal("12.30"), "12.30", 5, 2)
    assert hash(figure) == hash(Value(Decimal("12.30"), "12.30", 4, 2))
    assert pickle.loads(pickle.dumps(figure)) == figure
    with pytest.raises(AttributeError):
        figure.line = 5


def test_a_characters_line_is_found_from_where_each_line_starts():
    chars: CharLines[int] = CharLines()
    for line, text in ((3, "一般公共"), (4, ""), (5, "服务支出"), (7, "120万元")):
        chars.append(line, len(text))
    assert [chars[i] for i in (0, 3, 4, 7, 8, 12)] == [3, 3, 5, 5, 7, 7]
    assert chars[2:6] == [3, 5] and chars[:] == [3, 5, 7]  # the lines a stretch lies on, each once
    window = chars.window(6, 10)  # "支出12": a sentence cut out of the paragraph
    assert [window[i] for i in range(len(window))] == [5, 5, 7, 7]


def test_the_json_report_written_in_pieces_is_the_json_report():
    from budget_audit.audit import audit
    from budget_audit.report import ReportOptions, json_report
    from budget_audit.rules.engine import load_rules

    from .conftest import SAMPLE_FILES

    ruleset = load_rules()
    reports = audit([str(SAMPLE_FILES[0])], ruleset)
    pieces = list(json_report.render_check(reports, ReportOptions(ruleset=ruleset)))
    assert "".join(pieces) == json_report.check_json(reports, ReportOptions(ruleset=ruleset).title)


def test_table_blocks_come_one_at_a_time():
    from budget_audit.parse.blocks import lines_to_blocks
    from budget_audit.parse.catalogue import shipped

    lines = normalize_lines(["一般公共预算支出表", "单位：万元", "项目\t金额", "合计\t1.00", "", "说明文字。"])
    blocks = lines_to_blocks(lines, shipped())
    assert iter(blocks) is blocks  # a generator: the caller reads each into a table before the next is cut
    assert [b.title for b in blocks] == ["一般公共预算支出表"]


def test_a_document_pickles_back_to_the_same_document_its_unchanged_lines_one_string_each():
    """A report goes back from a -j worker, and into the cache, pickled; its lines travel as columns
    (a pickled object each was most of a long document's pickling) and come back as they were."""
    import pickle

    from budget_audit.audit import read_document
    from budget_audit.rules.engine import load_rules

    sample = Path(__file__).resolve().parent.parent / "samples" / "xinjiang-aheqi-government-office-2024.txt"
    document = read_document(str(sample), load_rules(None))
    data = pickle.dumps(document)
    assert "Line" not in _pickled_classes(data)  # no line object pickled one by one
    again = pickle.loads(data)
    assert again == document
    assert all(line.raw is line.text for line, was in zip(again.lines, document.lines, strict=True) if was.raw is was.text)
    assert any(line.raw is not line.text for line in again.lines)  # and the changed ones keep both


def _pickled_classes(data: bytes) -> set[str]:
    """The names of the globals (classes) a pickle refers to."""
    import pickletools

    strings, names = [], set()
    for op, arg, _ in pickletools.genops(data):
        if op.name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE"):
            strings.append(arg)
        elif op.name == "STACK_GLOBAL":
            names.add(strings[-1])
        elif op.name == "GLOBAL":
            names.add(arg.split()[-1])
    return names


def test_a_read_document_holds_no_line_object():
    """A long document's lines are held as columns (texts, printed texts, pages): a Line object and
    its number for every line of the source were a sixth of its model. One is made when asked for."""
    import gc

    from budget_audit.audit import read_document
    from budget_audit.parse.runs import prose_runs
    from budget_audit.rules.engine import load_rules

    sample = Path(__file__).resolve().parent.parent / "samples" / "xinjiang-aheqi-government-office-2024.txt"
    document = read_document(str(sample), load_rules(None))
    assert prose_runs(document)  # the prose runs, kept for the text checks, are read too
    gc.collect()
    assert not any(type(obj) is Line for obj in gc.get_objects())
    assert document.lines[9] == Line(10, document.lines[9].text, document.lines[9].raw)


def test_lines_are_numbered_by_position_and_a_slice_is_a_view_numbered_as_the_whole():
    lines = normalize_lines(["标题", "第一行", "第二行", "第三行"])
    tail = lines[2:]
    assert [ln.number for ln in tail] == [3, 4] and tail[0].text == "第二行" and tail[-1].number == 4
    assert tail.texts() == ["第二行", "第三行"] and len(lines[5:]) == 0
    assert list(lines) == [lines[i] for i in range(4)] and lines == list(lines)


def test_a_slice_of_lines_copies_nothing():
    """A table block, a section, a run of prose each read a slice: copying the columns for each
    made reading a long document quadratic (50 MB of text: minutes, not a minute)."""
    lines = normalize_lines(["标题", "第一行", "第二行", "第三行"], pages=[(1, 1), (1, 2), (2, 1), (2, 2)])
    tail = lines[1:][1:]
    assert tail._texts is lines._texts and tail._raws is lines._raws and tail._pages is lines._pages
    assert [(ln.number, ln.text, ln.page) for ln in tail] == [(3, "第二行", 2), (4, "第三行", 2)]


def test_lines_from_pdf_keep_their_page_and_line_within_the_page():
    lines = normalize_lines(["第一页的行", "第二页的行"], pages=[(1, 7), (2, 1)])
    assert [(ln.number, ln.page, ln.page_line) for ln in lines] == [(1, 1, 7), (2, 2, 1)]


def test_hand_made_lines_must_be_numbered_from_one():
    from budget_audit.model import Lines

    assert Lines.of([Line(1, "a", "a"), Line(2, "b", "b")])[1].text == "b"
    with pytest.raises(ValueError, match="numbered from 1"):
        Lines.of([Line(3, "a", "a")])


def test_equal_figures_share_one_decimal():
    """Most figures of a disclosure are printed more than once (zeros, a total restated in
    several tables): equal printed figures are read into one Decimal, each keeping its place."""
    from budget_audit.parse.numbers import parse_value

    first, again = parse_value("1200.50", 4), parse_value(" 1200.50 ", 9)
    assert first.amount is again.amount and (first.line, again.line) == (4, 9)
    assert parse_value("—", 3) is None and parse_value("无", 3) is None


def test_prose_runs_are_held_as_columns_and_read_as_runs_with_each_characters_line():
    from budget_audit.parse.runs import lines_to_runs

    lines = normalize_lines(["一、部门职责", "本部门负责全县的", "财政工作。", "", "项目\t金额", "合计\t1.00", "二、机构设置"])
    runs = lines_to_runs(lines, [])
    assert [run.text for run in runs] == ["一、部门职责本部门负责全县的财政工作。", "二、机构设置"]
    first = runs[0]
    assert (first.lines[0], first.lines[6], first.lines[len(first.text) - 1]) == (1, 2, 3)
    assert first.line(6).text == "本部门负责全县的" and first.lines[5:7] == [1, 2]
    assert runs[1].lines[:] == [7] and runs[-1].text == "二、机构设置"
    assert not runs[1].running(0, 2)  # the line after a table row: a cell, maybe, not running text


def test_a_figure_printed_twice_in_a_row_is_one_value():
    from budget_audit.audit import read_document
    from budget_audit.rules.engine import load_rules

    sample = Path(__file__).resolve().parent.parent / "samples" / "xinjiang-aheqi-government-office-2024.txt"
    document = read_document(str(sample), load_rules(None))
    rows = [row for table in document.tables for row in table.rows]
    twice = [row for row in rows if len({v.printed for v in row.values.values() if v}) < len([v for v in row.values.values() if v])]
    assert twice  # zeros across a row, a total equal to its only part
    for row in twice:
        by_printed: dict[str, Value] = {}
        for value in filter(None, row.values.values()):
            assert by_printed.setdefault(value.printed, value) is value


def test_a_rows_figures_read_as_a_dict_of_columns():
    from budget_audit.model import RowValues

    index = RowValues.index_of(["合计", "基本支出", "项目支出", "合计"])  # a name printed twice: one column
    total, basic = Value(Decimal("30.00"), "30.00", 7), Value(Decimal("10.00"), "10.00", 7)
    figures = RowValues(index, (total, basic, None))
    assert figures == {"合计": total, "基本支出": basic, "项目支出": None}
    assert figures["基本支出"] is basic and figures.get("项目支出") is None and figures.get("其他", basic) is basic
    assert "合计" in figures and "其他" not in figures and len(figures) == 3
    assert list(figures) == ["合计", "基本支出", "项目支出"] and figures.values() == (total, basic, None)
    assert figures.items() == [("合计", total), ("基本支出", basic), ("项目支出", None)]
    with pytest.raises(KeyError):
        figures["其他"]


def test_the_rows_of_a_table_side_share_one_column_index():
    from budget_audit.parse.blocks import lines_to_blocks
    from budget_audit.parse.catalogue import shipped
    from budget_audit.parse.tables import block_to_table

    lines = normalize_lines(["一般公共预算支出表", "单位：万元", "科目名称\t合计\t基本支出\t项目支出",
                      "一般公共服务支出\t30.00\t10.00\t20.00", "合计\t30.00\t10.00\t20.00"])
    table = block_to_table(next(lines_to_blocks(lines, shipped())))
    first, second = table.rows
    assert first.values._index is second.values._index
    assert second.values["合计"].amount == Decimal("30.00")


def test_a_code_or_project_printed_on_many_rows_is_one_string():
    from budget_audit.audit import read_document
    from budget_audit.rules.engine import load_rules

    sample = Path(__file__).resolve().parent.parent / "samples" / "xinjiang-aheqi-government-office-2024.txt"
    document = read_document(str(sample), load_rules(None))
    codes = [row.code for table in document.tables for row in table.rows if row.code]
    assert len(codes) > len(set(codes))  # a subject's code is printed in several tables
    assert len({id(code) for code in codes}) == len(set(codes))
