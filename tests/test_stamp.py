"""Checks yield problems; the engine alone makes findings of them: the rule's id, a severity no
worse than the rule's, the place as a reader finds it, and reading order."""

from __future__ import annotations

from budget_audit.findings import ERROR, WARNING, Problem
from budget_audit.model import Document, Line, Metadata
from budget_audit.rules.engine import stamp, stamped
from budget_audit.rules.ruleset import Rule


def _rule(severity: str = ERROR) -> Rule:
    return Rule(id="t.rule", title="t", check="equal", options={}, severity=severity)


def _text(n: int) -> Document:
    lines = [Line(number=i, text=f"line {i}", raw=f"line {i}") for i in range(1, n + 1)]
    return Document(path="t.txt", lines=lines, metadata=Metadata(), toc=[], tables=[])


def _pdf() -> Document:
    lines = [Line(number=i, text=f"line {i}", raw=f"line {i}", page=1 + (i > 3), page_line=i if i <= 3 else i - 3)
             for i in range(1, 7)]  # two pages of three lines
    return Document(path="t.pdf", lines=lines, metadata=Metadata(), toc=[], tables=[])


def test_a_problem_takes_the_rules_id_and_severity():
    finding = stamp(_text(3), _rule(), Problem(message="m", line=2))
    assert (finding.rule, finding.severity, finding.line, finding.lines) == ("t.rule", ERROR, 2, (2,))


def test_a_check_may_judge_a_problem_no_worse_than_a_warning():
    finding = stamp(_text(3), _rule(ERROR), Problem(message="rounding-level", line=1, severity=WARNING))
    assert finding.severity == WARNING


def test_a_warning_rule_never_yields_an_error():
    finding = stamp(_text(3), _rule(WARNING), Problem(message="m", line=1, severity=ERROR))
    assert finding.severity == WARNING


def test_a_pdf_finding_is_placed_on_its_page_and_line_within_it():
    finding = stamp(_pdf(), _rule(), Problem(message="m", line=5, lines=(2, 5)))
    assert (finding.page, finding.line, finding.lines, finding.places) == (2, 2, (2, 2), ((1, 2), (2, 2)))


def test_a_checks_problems_come_out_in_reading_order():
    problems = [Problem(message="late", line=5), Problem(message="early", line=2), Problem(message="nowhere", line=None)]
    assert [f.message for f in stamped(_pdf(), _rule(), problems)] == ["early", "late", "nowhere"]
