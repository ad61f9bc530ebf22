"""Configuration discovery: budget-audit.toml or [tool.budget-audit], found upward; the command line wins."""

from __future__ import annotations

import json
import shutil

import pytest

from .test_ci_cli import AHEQI, CONSISTENT, cli


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A repository with a document two folders down, the command run from there."""
    docs = tmp_path / "docs" / "2024"
    docs.mkdir(parents=True)
    shutil.copy(AHEQI, docs / "aheqi.txt")
    monkeypatch.chdir(docs)
    return tmp_path


def _rules_run(out) -> set[str]:
    return {f["rule"] for d in json.loads(out.stdout)["documents"] for f in d["findings"]}


def test_pyproject_section_is_found_from_a_subfolder_and_the_command_line_overrides(project):
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.budget-audit]\nselect = ["SC."]\nformat = "json"\nfail-on = "never"\n', encoding="utf-8"
    )
    out = cli("check", "aheqi.txt")
    assert out.exit_code == 0  # fail-on never
    assert _rules_run(out) == {"SC.row-basic-project"}  # format json, select SC.
    overridden = cli("check", "--select", "table.", "--fail-on", "error", "--format", "json", "aheqi.txt")
    assert overridden.exit_code == 1 and {r.split(".")[0] for r in _rules_run(overridden)} == {"table"}
    assert cli("check", "--isolated", "--format", "json", "aheqi.txt").exit_code == 1
    assert len(_rules_run(cli("check", "--isolated", "--format", "json", "aheqi.txt"))) > 3


def test_budget_audit_toml_wins_in_its_folder_and_per_file_ignores_apply(project):
    (project / "pyproject.toml").write_text('[tool.budget-audit]\nselect = ["N."]\n', encoding="utf-8")
    (project / "budget-audit.toml").write_text(
        'select = ["SC.", "table."]\nformat = "json"\nlang = "zh"\njobs = 2\n\n[per-file-ignores]\n"docs/**/aheqi.txt" = ["table.rollup"]\n',
        encoding="utf-8",
    )
    rules = _rules_run(cli("check", "aheqi.txt"))
    assert "SC.row-basic-project" in rules and "table.rollup" not in rules and not any(r.startswith("N.") for r in rules)
    assert "table.rollup" in _rules_run(cli("check", "--format", "json", str(AHEQI)))  # other paths: not ignored
    assert "1 个文档" in cli("check", "--format", "concise", "aheqi.txt").stdout  # lang from the file


def test_config_option_names_the_file_and_rules_are_relative_to_it(project, tmp_path):
    conf = project / "ci" / "audit.toml"
    conf.parent.mkdir()
    (conf.parent / "mine.yaml").write_text(
        "rules:\n  - id: my.balance\n    title: 收支平衡\n    check: equal\n    left: 收支总表[收入总计]\n    right: 收支总表[支出总计]\n",
        encoding="utf-8",
    )
    conf.write_text('rules = ["mine.yaml"]\nformat = "json"\n', encoding="utf-8")
    out = cli("check", "--config", str(conf), "aheqi.txt")
    doc = json.loads(out.stdout)["documents"][0]
    assert doc["rules"]["evaluated"] + doc["rules"]["skipped"] == 1
    listed = cli("rules", "--config", str(conf)).stdout
    assert "my.balance" in listed and "SZ.balance" not in listed


@pytest.mark.parametrize(
    "text, words",
    [
        ("selct = ['SC.']\n", "unknown key 'selct'"),
        ("fail-on = 'sometimes'\n", "fail-on must be one of"),
        ("format = 'xml'\n", "format must be one of"),
        ("jobs = 0\n", "jobs must be a positive integer"),
        ("select = ['sc.']\n", "matches no rule"),
        ("[per-file-ignores]\n'*.txt' = ['NOPE']\n", "matches no rule"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_a_bad_configuration_is_one_line_naming_the_file_and_exit_2(project, text, words):
    (project / "budget-audit.toml").write_text(text, encoding="utf-8")
    out = cli("check", "aheqi.txt")
    assert out.exit_code == 2, out.stdout
    assert words in out.stderr and "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert "budget-audit.toml" in out.stderr


def test_missing_config_file_is_exit_2():
    out = cli("check", "--config", "nope.toml", str(CONSISTENT))
    assert out.exit_code == 2 and "nope.toml" in out.stderr
