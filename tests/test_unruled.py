"""Tables printed without rules: lines laid on columns found from the x-positions of their cells.

Pages are made of characters in pdfplumber's shape (what both PDF readers give the layout code),
placed by hand: a word at (x, top), CJK characters 8 pt wide, digits 4.5 pt.
"""

from __future__ import annotations

from budget_audit.ingest.pdf import _text_line, line_groups
from budget_audit.ingest.unruled import Carry, lay_out_tables

SIZE = 8.0


def word(text: str, x: float, top: float, right: bool = False) -> list[dict]:
    """Characters of one word starting at x (or ending at x when ``right``)."""
    widths = [4.5 if ch.isascii() else 8.0 for ch in text]
    if right:
        x -= sum(widths)
    out = []
    for ch, w in zip(text, widths, strict=True):
        out.append({"text": ch, "x0": x, "x1": x + w, "top": top, "bottom": top + SIZE, "size": SIZE})
        x += w
    return out


def page(*rows: list[list[dict]], carry: Carry | None = None) -> list[str]:
    chars = [c for row in rows for w in row for c in w]
    lines = [_text_line(group, 6.0) for group in line_groups(chars)]
    return [text for _, text in lay_out_tables(lines, 6.0, [], carry)]


def row(top: float, name: str, *figures: str | None, at=(200, 260, 320)) -> list[list[dict]]:
    """A row: its name at x=40, its figures right-aligned at the column ends ``at`` (None: blank)."""
    return [word(name, 40, top)] + [word(f, x, top, right=True) for f, x in zip(figures, at, strict=False) if f]


def test_figures_keep_their_columns_and_blank_cells_stay_blank():
    lines = page(
        [word("项目", 40, 10), word("合计", 176, 10), word("基本支出", 222, 10), word("项目支出", 282, 10)],
        row(24, "合计", "30.00", "10.00", "20.00"),
        row(36, "行政运行", "10.00", "10.00", None),
        row(48, "专项业务", "20.00", None, "20.00"),
    )
    assert lines == ["项目\t合计\t基本支出\t项目支出", "合计\t30.00\t10.00\t20.00",
                     "行政运行\t10.00\t10.00\t", "专项业务\t20.00\t\t20.00"]


def test_a_column_blank_in_every_row_is_named_by_its_header():
    lines = page(
        [word("项目", 40, 10), word("合计", 176, 10), word("结转", 236, 10), word("项目支出", 282, 10)],
        row(24, "合计", "30.00", None, "30.00"),
        row(36, "专项业务", "30.00", None, "30.00"),
    )
    assert lines[0] == "项目\t合计\t结转\t项目支出"
    assert lines[1:] == ["合计\t30.00\t\t30.00", "专项业务\t30.00\t\t30.00"]


def test_a_header_centred_beside_right_aligned_figures_names_their_column():
    lines = page(
        [word("项目", 40, 10), word("合计", 160, 10), word("基本支出", 226, 10)],
        row(24, "合计", "3.00", "3.00", at=(200, 262)),
        row(36, "行政运行", "3.00", "3.00", at=(200, 262)),
    )
    assert lines[0] == "项目\t合计\t基本支出"


def test_a_group_heading_stands_over_the_first_of_its_columns():
    """收  入 over 项目 | 预算数 and 支  出 over 项目 | 合计 | 一般公共预算, each centred: the 支出
    side must start at its own 项目 column, where the parser splits a two-sided table."""
    at = (150, 300, 360)
    lines = page(
        [word("收", 80, 4), word("入", 96, 4), word("支", 250, 4), word("出", 266, 4)],
        [word("项目", 40, 16), word("预算数", 126, 16), word("项目", 160, 16), word("合计", 284, 16),
         word("一般公共预算", 316, 16)],
        [word("一、本年收入", 40, 30), word("9.00", 150, 30, right=True), word("教育支出", 160, 30),
         word("9.00", 300, 30, right=True), word("9.00", 360, 30, right=True)],
        [word("收入总计", 40, 42), word("9.00", at[0], 42, right=True), word("支出总计", 160, 42),
         word("9.00", 300, 42, right=True), word("9.00", 360, 42, right=True)],
    )
    assert lines[:2] == ["收入\t\t支出\t\t", "项目\t预算数\t项目\t合计\t一般公共预算"]


def test_a_figure_under_two_columns_leaves_the_lines_as_they_were():
    """Figures that cannot be told apart by position are not placed: the parser then trusts no column."""
    lines = page(
        row(24, "合计", "30.00", "10.00", "20.00"),
        row(36, "专项业务", "30.00", "10.00", "20.00"),
        [word("行政运行", 40, 48), word("1234567.00", 240, 48, right=True)],
    )
    assert lines[-1] == "行政运行\t1234567.00"
    assert lines[0] == "合计\t30.00\t10.00\t20.00"


def test_a_name_wrapped_around_its_figures_is_one_cell():
    """A word processor prints a long name on two lines with the figures between them."""
    lines = page(
        row(24, "合计", "30.00", "10.00", "20.00"),
        row(36, "行政运行", "10.00", "10.00", None),
        [word("机关事业单位基本养", 40, 46)],
        row(50.5, "", "20.00", None, "20.00"),
        [word("老保险缴费", 40, 55)],
        row(68, "专项业务", "0.00", None, "0.00"),
    )
    assert lines[2] == "机关事业单位基本养老保险缴费\t20.00\t\t20.00"
    assert len(lines) == 4


def test_a_prose_line_after_the_table_is_not_a_row():
    lines = page(
        row(24, "合计", "30.00", "10.00", "20.00"),
        row(36, "行政运行", "30.00", "10.00", "20.00"),
        [word("第三部分情况说明", 40, 48), word("附表", 200, 48)],
    )
    assert lines[-1] == "第三部分情况说明\t附表"


def test_characters_of_one_line_in_two_fonts_are_one_line():
    """Figures in a Latin font sit half a point above the CJK glyphs beside them."""
    cjk = word("公开", 40, 100.5)
    figures = [{**c, "top": 100.0, "bottom": 108.0} for c in word("04", 56, 100)]
    assert ["".join(c["text"] for c in line) for line in line_groups(cjk + figures + word("表", 65, 100.5))] == ["公开04表"]


def test_rows_continued_on_the_next_page_keep_the_columns_of_their_table():
    """The continuation has no header and leaves 基本支出 blank throughout: its columns come from the page before."""
    carry = Carry()
    page(
        [word("项目", 40, 10), word("合计", 176, 10), word("基本支出", 222, 10), word("项目支出", 282, 10)],
        row(24, "合计", "30.00", "10.00", "20.00"),
        row(36, "行政运行", "10.00", "10.00", None),
        carry=carry,
    )
    assert carry.cores is not None
    assert page(row(20, "专项业务", "20.00", None, "20.00"), carry=carry) == ["专项业务\t20.00\t\t20.00"]


def test_a_table_followed_by_prose_passes_no_columns_on():
    carry = Carry()
    page(row(24, "合计", "30.00", "10.00", "20.00"), row(36, "行政运行", "30.00", "10.00", "20.00"),
         [word("注：本表为示例。", 40, 60)], carry=carry)
    assert carry.cores is None
