"""The house can be extended by data and one module: a toy check kind found without registering it, and a
toy template (a table kind) added by a rule file — each then checks a hand-made document."""

from __future__ import annotations

import sys
import textwrap

import budget_audit.rules.checks as checks
from budget_audit.audit import audit
from budget_audit.rules.engine import load_rules

TOY_CHECK = '''
"""toy_empty_tables — every table named in ``tables`` has at least one figure (a toy for the tests)."""

from budget_audit.rules.checks.common import problem_at
from budget_audit.rules.options import Option

OPTIONS = (Option("tables", "aliases", "the tables that must have a figure", required=True),)


def check(doc, rule):
    for alias in rule.parsed["tables"]:
        table = doc.table(alias)
        if table is not None and table.is_empty:
            yield problem_at(table.line, f"{alias} has no figure", message_zh=f"{alias} 没有任何数字")
'''

TOY_TEMPLATE = """
tables:
  测试明细表:
    titles: [测试明细情况表]
rules:
  - id: toy.total
    title: 测试明细表 合计 = 各行之和
    check: column_total
    tables: [测试明细表]
"""

DOCUMENT = """测试单位2024年部门预算公开
测试明细情况表
单位：万元
项目\t金额\t其中：基本\t其中：项目
甲\t{a}\t6.00\t4.00
乙\t20.00\t15.00\t5.00
合计\t30.00\t21.00\t9.00
"""  # the two columns that add up confirm which rows the total totals (docs/design.md §4a)


def test_a_check_kind_is_one_module_found_without_registering(tmp_path, monkeypatch):
    (tmp_path / "toy_empty_tables.py").write_text(textwrap.dedent(TOY_CHECK), encoding="utf-8")
    monkeypatch.setattr(checks, "__path__", [*checks.__path__, str(tmp_path)])
    monkeypatch.delitem(sys.modules, "budget_audit.rules.checks.toy_empty_tables", raising=False)
    for name, module in checks.discover().items():
        monkeypatch.setitem(checks.CHECKS, name, module)
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - id: toy.empty\n    check: toy_empty_tables\n    tables: [收支总表]\n", encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("测试单位2024年部门预算公开\n部门收支总体情况表\n单位：万元\n收入\t预算数\t支出\t预算数\n", encoding="utf-8")
    (report,) = audit([str(doc)], load_rules([str(rules)]))
    assert [(f.rule, f.message) for f in report.findings] == [("toy.empty", "收支总表 has no figure")]


def _check_template(tmp_path, a: str):
    rules = tmp_path / "template.yaml"
    rules.write_text(TOY_TEMPLATE, encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text(DOCUMENT.format(a=a), encoding="utf-8")
    (report,) = audit([str(doc)], load_rules([str(rules)]))
    return report


def test_a_template_is_data_the_reader_recognises(tmp_path):
    report = _check_template(tmp_path, "10.00")
    assert report.document.table("测试明细表") is not None
    assert report.findings == []


def test_a_template_added_as_data_is_checked(tmp_path):
    report = _check_template(tmp_path, "11.00")
    assert [(f.rule, f.line) for f in report.findings] == [("toy.total", 7)]
