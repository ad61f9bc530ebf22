"""Column structure (parse/columns.py): which columns a total column adds up, read from the
header's layout and confirmed by the table's own figures — or no reading, with the reason."""

from __future__ import annotations

HEAD = "某局2026年部门预算\n收入总表\n单位：万元\n"


def _table(header: str, rows: list[str]) -> str:
    return HEAD + "\t".join(["单位名称", *header.split()]) + "\n" + "\n".join(rows) + "\n"


def _sums(parse, text: str) -> list[tuple[str, list[str]]]:
    reading = parse(text).table("收入总表").column_sums[None]
    return [(s.total.name, [c.name for c in s.parts]) for s in reading.sums]


def _why(parse, text: str) -> str:
    reading = parse(text).table("收入总表").column_sums[None]
    assert reading.sums == []
    return reading.reading


# 财政拨款收入小计 adds up the three columns after it, not 事业收入 (nothing in the header says so)
SUBTOTAL = _table(
    "合计 财政拨款收入小计 一般公共预算收入 政府性基金预算收入 国有资本经营预算收入 事业收入 上年结转",
    [
        "合计\t200.00\t150.00\t120.00\t25.00\t5.00\t40.00\t10.00",
        "某局本级\t120.00\t100.00\t80.00\t15.00\t5.00\t20.00\t0.00",
        "某中心\t50.00\t30.00\t30.00\t0.00\t0.00\t20.00\t0.00",
        "某站\t30.00\t20.00\t10.00\t10.00\t0.00\t0.00\t10.00",
    ],
)


def test_a_subtotal_stands_for_the_columns_its_figures_add_up(parse):
    assert _sums(parse, SUBTOTAL) == [
        ("合计", ["财政拨款收入小计", "事业收入", "上年结转"]),
        ("财政拨款收入小计", ["一般公共预算收入", "政府性基金预算收入", "国有资本经营预算收入"]),
    ]


def test_a_trailing_column_that_is_no_part_is_left_out(parse):
    text = _table(
        "合计 基本支出 项目支出 政府采购预算",
        [
            "合计\t100.00\t60.00\t40.00\t25.00",
            "某局本级\t70.00\t40.00\t30.00\t20.00",
            "某中心\t30.00\t20.00\t10.00\t5.00",
        ],
    )
    assert _sums(parse, text) == [("合计", ["基本支出", "项目支出"])]


def test_a_breakdown_right_after_the_total_may_be_its_first_part(parse):
    text = _table(
        "小计 其中:基本支出 项目支出",
        ["合计\t100.00\t60.00\t40.00", "某局本级\t70.00\t40.00\t30.00", "某中心\t30.00\t20.00\t10.00"],
    )
    assert _sums(parse, text) == [("小计", ["其中:基本支出", "项目支出"])]


def test_columns_no_partition_fits_are_left_unread(parse):
    text = _table(
        "合计 一般公共预算 事业收入",
        ["合计\t100.00\t70.00\t20.00", "某局本级\t70.00\t40.00\t20.00", "某中心\t30.00\t30.00\t10.00"],
    )
    assert "fails" in _why(parse, text)


def test_a_reading_that_holds_only_in_the_total_row_is_not_accepted(parse):
    # the total row adds up by coincidence; every other row says the columns are something else
    text = _table(
        "合计 一般公共预算 事业收入",
        [
            "合计\t100.00\t60.00\t40.00",
            "某局本级\t50.00\t50.00\t20.00",
            "某中心\t30.00\t5.00\t15.00",
            "某站\t20.00\t5.00\t5.00",
        ],
    )
    assert "fails in 3 of 4 rows" in _why(parse, text)


def test_a_failing_total_row_leaves_the_columns_unread(parse):
    text = _table(
        "合计 一般公共预算 事业收入",
        [
            "合计\t101.00\t60.00\t40.00",
            "某局本级\t50.00\t30.00\t20.00",
            "某中心\t30.00\t20.00\t10.00",
            "某站\t20.00\t10.00\t10.00",
        ],
    )
    assert "fails in the total row" in _why(parse, text)


def test_no_total_column_no_reading(parse):
    text = _table("金额", ["合计\t100.00", "某局本级\t100.00"])
    assert "no column headed as a total" in _why(parse, text)


def test_a_table_left_unread_is_skipped_with_the_reason(check_text):
    text = _table(
        "合计 一般公共预算 事业收入",
        ["合计\t100.00\t70.00\t20.00", "某局本级\t70.00\t40.00\t20.00", "某中心\t30.00\t30.00\t10.00"],
    )
    (result,) = [r for r in check_text(text, ["SR.row-columns"]).results if r.rule == "SR.row-columns"]
    assert result.status == "skipped" and "columns not partitioned" in result.reason


def test_the_finding_names_the_parts_in_chinese(check_text):
    broken = SUBTOTAL.replace("某中心\t50.00\t30.00\t30.00", "某中心\t50.00\t30.00\t31.00")
    (finding,) = check_text(broken, ["SR.row-columns"]).findings
    assert finding.severity == "error" and finding.row == "某中心" and finding.column == "财政拨款收入小计"
    assert "一般公共预算收入 31.00 + 政府性基金预算收入 0.00 + 国有资本经营预算收入 0.00 = 31.00" in finding.message_zh
    assert "相差 -1.00" in finding.message_zh


def test_a_lone_total_row_holding_is_not_enough(parse):
    text = _table("合计 基本支出 项目支出", ["合计\t95.00\t75.00\t20.00", "某局本级\t95.00\t70.00\t20.00"])
    assert "fails in 1 of 2 rows" in _why(parse, text)


def test_a_printed_group_is_read_as_printed_and_may_show_a_failing_row(parse):
    # 财政拨款（补助） heads 小计 and its funds: the header says where the subtotal's members end
    text = HEAD + (
        "单位名称\t总计\t财政拨款（补助）\t\t\t单位资金\n"
        "\t\t财政拨款（补助）小计\t一般公共预算\t政府性基金预算\t\n"
        "合计\t140.00\t100.00\t80.00\t20.00\t40.00\n"
        "某局本级\t100.00\t70.00\t50.00\t20.00\t30.00\n"
        "某中心\t40.00\t30.00\t31.00\t0.00\t10.00\n"
    )
    reading = parse(text).table("收入总表").column_sums[None]
    assert [(s.total.name, len(s.parts)) for s in reading.sums] == [("总计", 2), ("财政拨款(补助)小计", 2)]
    assert "holds in 2 of 3 rows" in reading.reading


def test_columns_there_but_unconfirmed_are_the_readers_limit(check_text):
    text = _table("合计 基本支出 项目支出", ["合计\t95.00\t75.00\t20.00", "某局本级\t95.00\t70.00\t20.00"])
    (result,) = [r for r in check_text(text, ["SR.row-columns"]).results if r.rule == "SR.row-columns"]
    assert result.status == "skipped" and result.unread
