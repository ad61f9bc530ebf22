"""Check options are declared once (name, type, default, doc) and validated by one reader:
every mistake is one `file:line: rule ID: option: message`, before any document is read."""

from __future__ import annotations

import pytest

from budget_audit.errors import RuleFileError
from budget_audit.rules.checks import CHECKS
from budget_audit.rules.engine import load_rules
from budget_audit.rules.options import TYPES


def _load(tmp_path, body: str):
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n" + body, encoding="utf-8")
    return load_rules([str(path)])


def _error(tmp_path, body: str) -> str:
    with pytest.raises(RuleFileError) as caught:
        _load(tmp_path, body)
    return str(caught.value)


def test_one_alias_given_as_a_word_is_a_list_of_one(tmp_path):
    ruleset = _load(tmp_path, "  - id: t.names\n    check: code_names\n    tables: 收支总表\n")
    assert ruleset.rules[0].parsed["tables"] == ["收支总表"]


def test_a_choice_out_of_its_list_names_the_line_and_the_choices(tmp_path):
    message = _error(tmp_path, "  - id: t.rows\n    check: match_rows\n    left: {table: 支出总表}\n"
                               "    right: {table: 收支总表, side: 支出}\n    rows: everything\n")
    assert message.endswith("rules.yaml:6: rule t.rows: rows: must be one of classes, all, not 'everything'")


def test_an_unknown_alias_is_an_error_at_its_line(tmp_path):
    message = _error(tmp_path, "  - id: t.names\n    check: code_names\n    tables: [收支总表, 没有这张表]\n")
    assert message.endswith("rules.yaml:4: rule t.names: tables: unknown table alias '没有这张表' (define it under tables:)")


def test_a_pattern_that_does_not_compile_is_an_error(tmp_path):
    message = _error(tmp_path, "  - id: t.left\n    check: leftovers\n    patterns: ['(未闭合']\n")
    assert "rules.yaml:4: rule t.left: patterns: '(未闭合' is no regular expression" in message


def test_a_required_option_left_out_is_an_error(tmp_path):
    message = _error(tmp_path, "  - id: t.eq\n    check: equal\n    left: 收支总表[收入总计]\n")
    assert message.endswith("rule t.eq: check equal needs 'right'")


def test_a_structured_option_checks_its_shape(tmp_path):
    message = _error(tmp_path, "  - id: t.rows\n    check: match_rows\n    left: {table: 支出总表, colum: 合计}\n"
                               "    right: {table: 收支总表}\n")
    assert "rule t.rows: left: unknown key 'colum' (known: table, column, side)" in message


def test_a_boolean_option_wants_true_or_false(tmp_path):
    message = _error(tmp_path, "  - id: t.dir\n    check: direction\n    reasons: sometimes\n")
    assert "rule t.dir: reasons: expected true or false, not 'sometimes'" in message


def test_an_option_needed_because_of_another_is_asked_for(tmp_path):
    message = _error(tmp_path, "  - id: t.re\n    check: restated\n    look_for: sections\n")
    assert "rule t.re: look_for: look_for: sections needs subjects" in message


def test_an_option_left_out_takes_its_declared_default(tmp_path):
    ruleset = _load(tmp_path, "  - id: t.rows\n    check: match_rows\n    left: {table: 支出总表}\n    right: {table: 收支总表}\n")
    assert (ruleset.rules[0].parsed["rows"], ruleset.rules[0].parsed["copies"]) == ("classes", True)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_every_option_of_every_check_kind_is_declared_with_a_type_and_a_doc(name):
    for option in CHECKS[name].OPTIONS:
        assert option.type in TYPES and option.doc.strip(), f"{name}.{option.name}"
