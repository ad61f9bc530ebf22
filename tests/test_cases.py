"""Rule cases as data (tests/cases/*.yaml): every document checked with its rule alone must give
exactly the findings listed — (line, severity) — and a consistent one none. Adding a case is adding
a document to a YAML file; a new check kind comes with a file of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from budget_audit.audit import audit

CASES = Path(__file__).resolve().parent / "cases"


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
