"""SARIF 2.1.0 output, for code-scanning dashboards in CI. Rule metadata comes from the rule set."""

from __future__ import annotations

import json
from pathlib import Path

from budget_audit import __version__
from budget_audit.audit import DocumentReport
from budget_audit.findings import ERROR
from budget_audit.rules.ruleset import RuleSet

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _location(path: str, line: int | None, page: int | None) -> dict:
    physical: dict = {"artifactLocation": {"uri": Path(path).as_posix()}}
    if line:
        physical["region"] = {"startLine": line}
    location: dict = {"physicalLocation": physical}
    if page:
        location["logicalLocations"] = [{"name": f"page {page}", "kind": "page"}]
    return location


def check_sarif(reports: list[DocumentReport], ruleset: RuleSet) -> str:
    rules = [
        {
            "id": r.id,
            "name": r.id,
            "shortDescription": {"text": r.title},
            "fullDescription": {"text": r.description or r.title},
            "defaultConfiguration": {"level": "error" if r.severity == ERROR else "warning"},
        }
        for r in ruleset.rules
    ]
    results = []
    notifications = []
    for rep in reports:
        if rep.error:
            notifications.append({"level": "error", "message": {"text": rep.error}, "locations": [_location(rep.path, None, None)]})
            continue
        for f in rep.findings:
            results.append(
                {
                    "ruleId": f.rule,
                    "level": "error" if f.severity == ERROR else "warning",
                    "message": {"text": f.message},
                    "locations": [_location(rep.path, f.line, f.page)],
                    "properties": {
                        k: v
                        for k, v in (("table", f.table), ("row", f.row), ("column", f.column), ("expected", f.expected),
                                     ("actual", f.actual), ("difference", f.difference), ("lines", list(f.lines)))
                        if v not in (None, [])
                    },
                }
            )
    run = {
        "tool": {"driver": {"name": "budget-audit", "version": __version__, "rules": rules}},
        "results": results,
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2)
