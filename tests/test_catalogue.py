"""Subject names against the official catalogue 政府收支分类科目 (issue #10 point 5): a consistent
document gives nothing; a name that is another subject's is one error, a retired or misspelt name and
prose naming a class otherwise than the tables one warning each, at the line of the name."""

from __future__ import annotations

from budget_audit.subjects import MISSPELT, OTHER, RETIRED, SAME, UNKNOWN, catalogue, same_name

HEAD = "测试单位 {year} 年部门预算公开\n\n"
TABLE = """表 4
一般公共预算支出表
编制部门：测试单位
单位：万元
科目编码\t科目名称\t合计\t基本支出\t项目支出
201\t一般公共服务支出\t80.00\t60.00\t20.00
20103\t政府办公厅（室）及相关机构事务\t80.00\t60.00\t20.00
210\t卫生健康支出\t20.00\t20.00\t
21011\t行政事业单位医疗\t20.00\t20.00\t
\t合计\t100.00\t80.00\t20.00
"""
PROSE = """
第三部分 {year} 年部门预算情况说明

一、关于测试单位 {year} 年一般公共预算当年拨款情况说明
（二）一般公共预算当年拨款结构情况
1. 一般公共服务支出（类）80.00 万元，占 80.00%。
2. 卫生健康支出（类）20.00 万元，占 20.00%。
"""
LINE_201, LINE_210, LINE_PROSE_210 = 8, 10, 19
RULES = ["table.subject-contradiction", "table.subject-retired", "table.subject-misspelt", "N.subject-names"]


def document(year: int = 2024, table: str = TABLE, prose: str = PROSE) -> str:
    return HEAD.format(year=year) + table + prose.format(year=year)


def found(report) -> list[tuple[str, str, int]]:
    return [(f.rule, f.severity, f.line) for f in report.findings]


def test_a_consistent_document_gives_no_finding(check_text):
    report = check_text(document(), RULES)
    assert found(report) == []
    assert {r.rule: r.status for r in report.results} == dict.fromkeys(RULES, "passed")


def test_another_subjects_name_is_an_error(check_text):
    text = document(table=TABLE.replace("210\t卫生健康支出", "210\t社会保障和就业支出"))
    report = check_text(text, ["table.subject-contradiction"])
    assert found(report) == [("table.subject-contradiction", "error", LINE_210)]
    assert "208" in report.findings[0].message_zh and "卫生健康支出" in report.findings[0].message_zh


def test_a_name_cut_short_by_the_printing_is_the_subjects_own(check_text):
    text = document(table=TABLE.replace("201\t一般公共服务支出", "201\t一般公共服务支"))
    assert found(check_text(text, RULES)) == []


def test_a_name_without_its_trailing_zhichu_is_the_subjects_own(check_text):
    text = document(table=TABLE.replace("201\t一般公共服务支出", "201\t一般公共服务"))
    assert found(check_text(text, RULES)) == []


def test_half_width_brackets_are_the_same_name(check_text):
    text = document(table=TABLE.replace("政府办公厅（室）", "政府办公厅(室)"))
    assert found(check_text(text, RULES)) == []


def test_a_retired_name_is_a_warning_naming_the_name_in_force(check_text):
    text = document(table=TABLE.replace("210\t卫生健康支出", "210\t医疗卫生与计划生育支出"))
    report = check_text(text, ["table.subject-retired"])
    assert found(report) == [("table.subject-retired", "warning", LINE_210)]
    assert "卫生健康支出" in report.findings[0].message_zh


def test_a_retired_name_is_no_contradiction(check_text):
    text = document(table=TABLE.replace("210\t卫生健康支出", "210\t医疗卫生与计划生育支出"))
    assert found(check_text(text, ["table.subject-contradiction", "table.subject-misspelt"])) == []


def test_the_old_name_in_a_document_of_its_own_year_is_right(check_text):
    text = document(year=2018, table=TABLE.replace("210\t卫生健康支出", "210\t医疗卫生与计划生育支出"))
    assert found(check_text(text, ["table.subject-retired"])) == []


def test_a_name_printed_ahead_of_its_catalogue_is_not_retired(check_text):
    assert found(check_text(document(year=2018), ["table.subject-retired"])) == []


def test_a_misspelt_name_is_a_warning(check_text):
    text = document(table=TABLE.replace("201\t一般公共服务支出", "201\t一般公共服物支出"))
    report = check_text(text, RULES)
    assert found(report) == [("table.subject-misspelt", "warning", LINE_201)]


def test_a_code_the_catalogue_does_not_list_is_never_a_finding(check_text):
    text = document(table=TABLE.replace("20103\t政府办公厅（室）", "20198\t政府办公厅（室）"))
    assert found(check_text(text, RULES)) == []


def test_a_table_read_without_its_grid_is_not_judged(check_text):
    # rows of different lengths: the blank cells are lost, nothing says which cell is the name
    ragged = TABLE.replace("210\t卫生健康支出", "210\t社会保障和就业支出").replace("20.00\t\n", "20.00\n")
    report = check_text(document(table=ragged), ["table.subject-contradiction"])
    assert found(report) == []
    assert report.results[0].status == "skipped"


def test_a_name_printed_alike_in_several_tables_is_one_finding(check_text):
    retired = TABLE.replace("210\t卫生健康支出", "210\t医疗卫生与计划生育支出")
    second = retired.replace("表 4\n一般公共预算支出表", "表 3\n部门支出总体情况表")
    report = check_text(document(table=retired + "\n" + second), ["table.subject-retired"])
    (finding,) = report.findings
    assert finding.line == LINE_210 and len(finding.lines) == 2


def test_prose_naming_a_class_by_its_old_name_is_a_warning(check_text):
    prose = PROSE.replace("2. 卫生健康支出（类）", "2. 医疗卫生与计划生育支出（类）")
    report = check_text(document(prose=prose), ["N.subject-names"])
    assert found(report) == [("N.subject-names", "warning", LINE_PROSE_210)]
    assert "卫生健康支出" in report.findings[0].message_zh


def test_prose_naming_a_class_without_zhichu_names_it_as_the_tables(check_text):
    prose = PROSE.replace("2. 卫生健康支出（类）", "2. 卫生健康（类）")
    assert found(check_text(document(prose=prose), ["N.subject-names"])) == []


# --- the catalogue itself ------------------------------------------------------------------------


def test_the_catalogue_is_shipped_inside_the_package():
    from budget_audit import subjects

    assert subjects.DATA.parent.parent == __import__("pathlib").Path(subjects.__file__).parent
    assert subjects.DATA.is_file()


def test_every_subject_is_a_class_or_an_item_under_a_listed_class():
    book = catalogue()
    for code, names in book.subjects.items():
        assert len(code) in (3, 5) and code.startswith("2"), code
        assert len(code) == 3 or code[:3] in book.subjects, code
        for name in names:
            assert name.start is None or name.end is None or name.start <= name.end, code


def test_the_2019_renamings_are_in_the_catalogue():
    book = catalogue()
    assert book.read("210", "医疗卫生与计划生育支出", 2024).name == "卫生健康支出"
    assert book.read("207", "文化体育与传媒支出", 2019).name == "文化旅游体育与传媒支出"
    assert book.read("207", "文化体育与传媒支出", 2018).verdict == SAME


def test_readings_of_a_printed_name():
    book = catalogue()
    assert book.read("205", "社会保障和就业支出", 2024).verdict == OTHER
    assert book.read("205", "教育支出", 2024).verdict == SAME
    assert book.read("215", "资源勘探信息等支出", 2024).verdict == RETIRED
    assert book.read("201", "一般公共服物支出", 2024).verdict == MISSPELT
    assert book.read("20101", "某某事务", 2024).verdict == UNKNOWN
    assert book.read("299", "某某支出", 2024).verdict == UNKNOWN


def test_a_short_prefix_is_no_name_of_its_own():
    # "其他" may begin many subjects' names: only a prefix of four characters or more is a name cut short
    assert same_name("社会保障和就业支", "社会保障和就业支出")
    assert not same_name("其他", "其他教育支出")
