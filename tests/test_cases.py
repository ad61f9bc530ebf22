"""Rule cases as data (tests/cases/*.yaml): every document checked with its rule alone must give
exactly the findings listed — (line, severity) — and a consistent one none. Adding a case is adding
a document to a YAML file; a new check kind comes with a file of its own. Every shipped rule has at
least one consistent and one broken case (NO_CASE names the exceptions, with the reason)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from budget_audit.audit import audit

CASES = Path(__file__).resolve().parent / "cases"
# Rules a single text document cannot show failing, and why (keep this short):
NO_CASE = {
    "JS.X.same-year-budget": "compares a 决算 with the 预算 given beside it (check --pair): two documents, see test_final.py",
}


def _cases() -> list:
    out = []
    for path in sorted(CASES.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            rule = case.get("rule", spec.get("rule"))
            out.append(pytest.param(rule, case["document"], case["findings"], id=f"{path.stem}:{rule}:{case['name']}"))
    return out


@pytest.mark.parametrize(("rule", "document", "expected"), _cases())
def test_case(tmp_path, ruleset, rule, document, expected):
    assert rule in {r.id for r in ruleset.rules}, f"no rule {rule}"
    path = tmp_path / "doc.txt"
    path.write_text(document, encoding="utf-8")
    (report,) = audit([str(path)], ruleset, select=[rule])
    assert report.error is None, report.error
    (result,) = [r for r in report.results if r.rule == rule]
    assert result.status != "skipped" or not expected, result.reason
    if not expected:
        assert result.status == "passed", result.reason
    found = [{"line": f.line, "severity": f.severity} for f in result.findings]
    assert found == expected
    # every rule has a broken case (below), so every check's findings are seen here in Chinese too
    assert all(f.message_zh for f in result.findings), "a finding without message_zh"


def test_every_rule_has_a_consistent_and_a_broken_case(ruleset):
    """Each shipped rule is specified by at least one document it passes and one it fails."""
    kinds: dict[str, set[bool]] = {}
    for case in _cases():
        rule, _, expected = case.values
        kinds.setdefault(rule, set()).add(bool(expected))
    lacking = [r.id for r in ruleset.rules if r.id not in NO_CASE and kinds.get(r.id) != {True, False}]
    assert lacking == [], "rules without a consistent and a broken case in tests/cases: " + " ".join(lacking)
    assert set(NO_CASE) <= {r.id for r in ruleset.rules}, "NO_CASE names a rule that does not exist"
