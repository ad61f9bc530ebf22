"""User rule files that extend the shipped rules: add a rule, adjust one (severity, options), disable some."""

from __future__ import annotations

import pytest

from budget_audit.errors import RuleFileError
from budget_audit.rules.engine import load_rules


def _rules(tmp_path, text: str):
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return load_rules([str(path)])


def _ids(ruleset) -> list[str]:
    return [r.id for r in ruleset.rules]


def test_a_file_without_extends_replaces_the_shipped_rules(tmp_path):
    ruleset = _rules(tmp_path, "rules:\n  - id: my.one\n    check: equal\n    left: 收支总表[收入总计]\n    right: 收支总表[支出总计]\n")
    assert _ids(ruleset) == ["my.one"]


def test_extends_keeps_the_shipped_rules_and_adds_its_own(tmp_path, ruleset):
    mine = _rules(
        tmp_path,
        "extends: default\nrules:\n  - id: my.one\n    check: equal\n    left: 收支总表[收入总计]\n    right: 收支总表[支出总计]\n",
    )
    assert _ids(mine) == _ids(ruleset) + ["my.one"]


def test_a_shipped_rule_adjusted_by_id_keeps_what_is_not_said(tmp_path, ruleset):
    mine = _rules(tmp_path, "extends: default\nrules:\n  - id: SC.equals-SZ\n    severity: warning\n")
    shipped = next(r for r in ruleset.rules if r.id == "SC.equals-SZ")
    adjusted = next(r for r in mine.rules if r.id == "SC.equals-SZ")
    assert (adjusted.severity, adjusted.check, adjusted.title) == ("warning", shipped.check, shipped.title)
    assert _ids(mine) == _ids(ruleset)


def test_disable_turns_off_rules_by_id_and_prefix(tmp_path, ruleset):
    mine = _rules(tmp_path, "extends: default\ndisable: [N.named-classes, SG.]\n")
    assert "N.named-classes" not in _ids(mine)
    assert not [i for i in _ids(mine) if i.startswith("SG.")]
    assert len(_ids(mine)) < len(_ids(ruleset))


def test_disabling_a_rule_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(RuleFileError, match="matches no rule"):
        _rules(tmp_path, "extends: default\ndisable: [NOPE.]\n")


def test_extends_names_the_shipped_rules_only(tmp_path):
    with pytest.raises(RuleFileError, match="extends must be"):
        _rules(tmp_path, "extends: my-company\n")
