"""A template family is one data file: adding one to parse/templates/ teaches the reader its
tables and its words, and the rules can use its tables at once (README, "Extending").

The toy family (tests/data/family/专项.yaml) numbers its tables 专项01表 and lists them in a
专项资金报表目录; its test document is tests/data/family/专项资金.txt.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from budget_audit.audit import audit
from budget_audit.errors import InputError, RuleFileError
from budget_audit.parse import catalogue, parse_document
from budget_audit.rules.engine import load_rules

FAMILY = Path(__file__).parent / "data" / "family"
DOCUMENT = FAMILY / "专项资金.txt"
RULES = """
rules:
  - id: toy.detail-total
    title: 专项资金明细表 合计 = 各行之和
    check: column_total
    tables: [专项资金明细表]
  - id: toy.detail-equals-spending
    title: 专项资金明细表 合计 = 专项资金收支表 支出合计
    check: equal
    left: 专项资金明细表[合计].金额
    right: 专项资金收支表[支出合计]
"""


@pytest.fixture
def templates(tmp_path, monkeypatch):
    """The shipped template folder, copied so a test can add a family file to it."""
    folder = tmp_path / "templates"
    shutil.copytree(catalogue.TEMPLATES, folder)
    monkeypatch.setattr(catalogue, "TEMPLATES", folder)
    monkeypatch.setattr(catalogue, "_kept", None)  # a catalogue an earlier run in this process kept
    catalogue.read_shipped.cache_clear()
    yield folder
    catalogue.read_shipped.cache_clear()


def _add_family(folder: Path) -> None:
    shutil.copy(FAMILY / "专项.yaml", folder / "专项.yaml")
    catalogue.read_shipped.cache_clear()


def _read(text: str | None = None):
    text = DOCUMENT.read_text(encoding="utf-8") if text is None else text
    return parse_document(str(DOCUMENT), text.split("\n"))


def test_without_the_family_its_document_is_not_read_as_a_disclosure(templates):
    with pytest.raises(InputError, match="no budget table"):
        _read()


def test_the_family_file_names_its_tables(templates):
    _add_family(templates)
    doc = _read()
    assert [(t.alias, t.number) for t in doc.tables] == [("专项资金收支表", "01"), ("专项资金明细表", "02")]
    assert doc.table("专项资金收支表").sides == ["收入", "支出"]


def test_the_family_words_read_its_register_of_tables(templates):
    _add_family(templates)
    assert [(e.title, e.alias) for e in _read().toc] == [
        ("专项资金收支情况表", "专项资金收支表"), ("专项资金明细情况表", "专项资金明细表"),
    ]


def test_rules_use_the_family_tables_a_consistent_document_passes(templates, tmp_path):
    _add_family(templates)
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    (report,) = audit([str(DOCUMENT)], load_rules([str(rules)]))
    assert [(r.rule, r.status) for r in report.results] == [("toy.detail-total", "passed"), ("toy.detail-equals-spending", "passed")]


def test_rules_use_the_family_tables_a_broken_total_is_found(templates, tmp_path):
    _add_family(templates)
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    broken = tmp_path / "专项资金.txt"
    broken.write_text(DOCUMENT.read_text(encoding="utf-8").replace("甲\t10.00", "甲\t11.00"), encoding="utf-8")
    (report,) = audit([str(broken)], load_rules([str(rules)]))
    assert [(f.rule, f.line, f.severity) for f in report.findings] == [("toy.detail-total", 15, "error")]


def test_a_rule_naming_a_table_no_family_has_is_refused(templates, tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES, encoding="utf-8")
    with pytest.raises(RuleFileError, match="专项资金明细表"):
        load_rules([str(rules)])


def test_a_family_file_error_names_its_file_and_line(tmp_path):
    bad = tmp_path / "坏.yaml"
    bad.write_text("kind: 预算\ntables:\n  某表:\n    titles: [某表]\n    colour: red\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="unknown key 'colour'") as error:
        catalogue.load([bad])
    assert (error.value.path, error.value.line) == (str(bad), 3)


def test_a_table_defined_by_two_families_is_refused(tmp_path):
    twice = tmp_path / "重复.yaml"
    twice.write_text("tables:\n  收支总表:\n    titles: [收支总表]\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="already defined in 预算.yaml"):
        catalogue.load([*sorted(catalogue.TEMPLATES.glob("*.yaml")), twice])


def test_a_family_word_list_the_parser_does_not_read_is_refused(tmp_path):
    bad = tmp_path / "坏.yaml"
    bad.write_text("kind: 决算\nwords:\n  document: [决算]\n  colours: [红]\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="unknown list 'colours'") as error:
        catalogue.load([bad])
    assert error.value.line == 4
