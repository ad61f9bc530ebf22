"""Document kinds (预算 / 决算, 部门 / 单位): read from the document, forced with --kind, and the
file-level guard that keeps a rule to the kinds its file names."""

from __future__ import annotations

import pytest

from budget_audit.audit import audit, parse_kind
from budget_audit.errors import RuleFileError, UsageError
from budget_audit.rules.engine import load_rules

from .conftest import DOCS

CONSISTENT = (DOCS / "consistent.txt").read_text(encoding="utf-8")

FINAL_TABLES_ONLY = """收入支出决算总表
单位：万元
项目\t决算数\t项目\t决算数
一、财政拨款收入\t10.00\t一、一般公共服务支出\t10.00
本年收入合计\t10.00\t本年支出合计\t10.00
总计\t10.00\t总计\t10.00
"""


def test_budget_cover_is_read_as_a_department_budget(parse):
    meta = parse(CONSISTENT).metadata
    assert (meta.kind, meta.scope, meta.kind_source) == ("预算", "部门", "cover")


def test_final_accounts_cover_is_read_as_final_accounts(parse):
    meta = parse(CONSISTENT.replace("2024 年部门预算公开", "2024 年单位决算公开")).metadata
    assert (meta.kind, meta.scope) == ("决算", "单位")


def test_a_fund_name_on_the_cover_is_no_evidence_of_kind(parse):
    from budget_audit.parse.metadata import read_kind

    assert read_kind("一般公共预算 2024年度部门决算", [], [])[:2] == ("决算", "部门")


def test_tables_only_file_takes_its_kind_from_the_tables(parse):
    meta = parse(FINAL_TABLES_ONLY).metadata
    assert (meta.kind, meta.kind_source) == ("决算", "tables")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("决算", ("决算", None)), ("单位预算", ("预算", "单位")), ("部门决算", ("决算", "部门")), ("final", ("决算", None))],
)
def test_kind_option_values(text, expected):
    assert parse_kind(text) == expected


def test_unknown_kind_option_is_a_usage_error():
    with pytest.raises(UsageError, match="--kind"):
        parse_kind("季报")


def test_forced_kind_replaces_the_kind_read(tmp_path, ruleset):
    path = tmp_path / "doc.txt"
    path.write_text(CONSISTENT, encoding="utf-8")
    (report,) = audit([str(path)], ruleset, kind="决算")
    assert (report.document.metadata.kind, report.document.metadata.kind_source) == ("决算", "forced")


def test_budget_rules_never_run_on_final_accounts(tmp_path, ruleset):
    path = tmp_path / "doc.txt"
    path.write_text(CONSISTENT, encoding="utf-8")
    (report,) = audit([str(path)], ruleset, kind="决算")
    ran = {r.rule for r in report.results}
    budget_only = {r.id for r in ruleset.rules if r.kinds == ("预算",)}
    assert budget_only and not ran & budget_only


def test_final_rules_never_run_on_a_budget(tmp_path, ruleset):
    path = tmp_path / "doc.txt"
    path.write_text(CONSISTENT, encoding="utf-8")
    (report,) = audit([str(path)], ruleset)
    ran = {r.rule for r in report.results}
    assert not ran & {r.id for r in ruleset.rules if r.kinds == ("决算",)}


def test_every_default_rule_file_but_the_common_ones_names_its_kind(ruleset):
    # common.yaml (table identities, prose arithmetic), hygiene.yaml (the words of the prose) and
    # structure_deeper.yaml (the document against itself), narrative_deeper.yaml (the prose against itself)
    # and catalogue.yaml (subject names: year Y's catalogue for year Y's budget and final accounts alike)
    # hold for every kind; every other file must say which kind its rules are for
    for rule in ruleset.rules:
        assert rule.kinds or rule.source.endswith(
            ("common.yaml", "hygiene.yaml", "structure_deeper.yaml", "narrative_deeper.yaml", "catalogue.yaml")
        ), rule.id


def _rule_file(tmp_path, head: str, rule_extra: str = ""):
    path = tmp_path / "rules.yaml"
    path.write_text(
        f"{head}rules:\n  - id: x.one\n    check: expr\n    expr: \"收支总表[收入总计] == 收支总表[支出总计]\"\n{rule_extra}",
        encoding="utf-8",
    )
    return str(path)


def test_file_level_kinds_reach_every_rule(tmp_path):
    rules = load_rules([_rule_file(tmp_path, "kinds: [决算]\n")])
    assert rules.rules[0].kinds == ("决算",)


def test_a_rule_may_narrow_but_not_widen_its_files_kinds(tmp_path):
    with pytest.raises(RuleFileError, match="widens"):
        load_rules([_rule_file(tmp_path, "kinds: [决算]\n", "    kinds: [预算, 决算]\n")])


def test_unknown_kind_in_a_rule_file_is_an_error(tmp_path):
    with pytest.raises(RuleFileError, match="kinds must be"):
        load_rules([_rule_file(tmp_path, "kinds: [季报]\n")])
