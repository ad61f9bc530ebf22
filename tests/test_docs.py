"""The project explains itself: its docs are in the repository and the rule reference is current."""

from __future__ import annotations

from pathlib import Path

from budget_audit.report.rule_reference import render

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def test_rule_reference_is_generated_from_the_current_rules(ruleset):
    committed = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert committed == render(ruleset), "docs/rules.md is stale: python -m budget_audit.report.rule_reference > docs/rules.md"


def test_every_rule_and_check_kind_is_in_the_reference(ruleset):
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert all(f"`{r.id}`" in text for r in ruleset.rules)
    assert all(f"### {r.check}" in text for r in ruleset.rules)


def test_nothing_points_outside_the_repository():
    files = [*ROOT.glob("*.md"), *DOCS.glob("*.md"), *(ROOT / "budget_audit").rglob("*.py"), *(ROOT / "rules").glob("*.yaml"),
             *(ROOT / "bench").glob("*.py")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        for outside in ("../shared", "DESIGN.md", "RELATIONSHIPS.md"):
            assert outside not in text, f"{path.relative_to(ROOT)} refers to {outside}, which users never get"


def test_design_and_relationships_are_there():
    assert "## 4. Rounding" in (DOCS / "design.md").read_text(encoding="utf-8")
    assert "Checked by" in (DOCS / "relationships.md").read_text(encoding="utf-8")
