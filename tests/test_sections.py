"""The parts of a disclosure (parse/sections.py): what the 检查表 has one row for."""

from pathlib import Path

from budget_audit.audit import read_document
from budget_audit.parse.sections import chinese_number
from budget_audit.rules.engine import load_rules

SAMPLE = Path(__file__).parent.parent / "samples" / "xinjiang-aheqi-government-office-2024.txt"


def test_chinese_numbers():
    assert [chinese_number(t) for t in ("一", "九", "十", "十二", "二十", "二十三", "x")] == [1, 9, 10, 12, 20, 23, 0]


def test_sections_in_reading_order():
    doc = read_document(str(SAMPLE), load_rules(None))
    kinds = [s.kind for s in doc.sections]
    assert kinds[:3] == ["cover", "toc", "part"]
    titles = [s.title for s in doc.sections]
    assert "一、主要职能" in titles and "第四部分名词解释" in titles
    # the 目录 repeats the headings: they belong to it, not to the body
    toc = doc.sections[1]
    assert toc.title == "目录" and not any(s.kind == "heading" and s.line <= toc.end_line for s in doc.sections)
    # a table's own 一、 rows are not headings; every table is a section
    assert sum(1 for s in doc.sections if s.kind == "table") == len(doc.tables)
    starts = [s.line for s in doc.sections]
    assert starts == sorted(starts)
    assert all(s.line <= s.end_line for s in doc.sections)
    # definitions "一、财政拨款：指由…" are not headings
    assert not any(s.title.startswith("一、财政拨款") for s in doc.sections)
