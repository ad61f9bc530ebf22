"""SARIF 2.1.0 output, for code-scanning dashboards in CI. Rule metadata comes from the rule set.

Valid against the official schema (tests/data/sarif-schema-2.1.0.json, checked by a test):

- URIs are percent-encoded (Chinese or spaced file names), relative to ``%SRCROOT%`` (the
  directory the command ran in) or absolute ``file:`` URIs; every document is listed in
  ``run.artifacts``. Standard input has no file: its artifact is named by --stdin-filename
  when given, else described as standard input (no URI, so no viewer opens a wrong file).
- Location: for a text document ``region.startLine`` is the line. A PDF has no lines SARIF
  knows of, so a PDF finding carries no region (a viewer would open the PDF as text at a
  meaningless line); its place is a logical location ``page 9 line 18`` (kind ``page``),
  ``properties.page``/``properties.pageLine``, and the message starts ``p9:18:``.
- Each rule has ``help`` (its title, description, example) and ``helpUri``: the rule's
  definition in its YAML file (a ``file:`` URI with the line as fragment) — the rules have no
  web page, and a link to where the rule is written is better than none.
- ``partialFingerprints["budgetAudit/v1"]`` is budget_audit.baseline's fingerprint. With
  --baseline, known findings are included with ``baselineState: unchanged`` and an external
  suppression (dashboards show them as dismissed), new ones with ``baselineState: new``.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from budget_audit import __version__
from budget_audit.audit import DocumentReport
from budget_audit.baseline import fingerprint
from budget_audit.findings import ERROR, Finding
from budget_audit.ingest.stdin import STDIN
from budget_audit.report import ReportOptions
from budget_audit.rules.ruleset import Rule, RuleSet

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "budgetAudit/v1"


def artifact_location(path: str, index: int | None = None) -> dict:
    """A percent-encoded URI for ``path``: relative to %SRCROOT%, or an absolute file: URI."""
    loc: dict = {}
    if path == STDIN:
        loc["description"] = {"text": "standard input"}
    else:
        p = Path(path)
        if p.is_absolute():
            loc["uri"] = p.as_uri()
        else:
            loc["uri"] = quote(p.as_posix(), safe="/")
            loc["uriBaseId"] = SRCROOT
    if index is not None:
        loc["index"] = index
    return loc


def _location(path: str, index: int, f: Finding | None) -> dict:
    physical: dict = {"artifactLocation": artifact_location(path, index)}
    location: dict = {"physicalLocation": physical}
    if f is None:
        return location
    if f.page:
        location["logicalLocations"] = [
            {"name": f"page {f.page} line {f.line}" if f.line else f"page {f.page}", "kind": "page"}
        ]
        location["properties"] = {"page": f.page, "pageLine": f.line}
    elif f.line:
        physical["region"] = {"startLine": f.line}
    return location


def _help(rule: Rule) -> dict:
    text = [rule.title]
    if rule.description:
        text.append(rule.description)
    if rule.example:
        text.append(f"Example: {rule.example}")
    text.append(f"Check kind: {rule.check}. `budget-audit rules --explain` says more.")
    return {"text": "\n\n".join(text), "markdown": "\n\n".join(text)}


def _rule(rule: Rule) -> dict:
    out = {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description or rule.title},
        "help": _help(rule),
        "defaultConfiguration": {"level": "error" if rule.severity == ERROR else "warning"},
        "properties": {"check": rule.check},
    }
    if rule.source and Path(rule.source).exists():
        out["helpUri"] = Path(rule.source).resolve().as_uri() + (f"#L{rule.line}" if rule.line else "")
    return out


def _result(rep: DocumentReport, index: int, f: Finding, rule_index: dict[str, int], known: bool, baseline: str | None) -> dict:
    place = f"p{f.page}:{f.line}: " if f.page else ""
    result = {
        "ruleId": f.rule,
        "level": "error" if f.severity == ERROR else "warning",
        "message": {"text": place + f.message},
        "locations": [_location(rep.path, index, f)],
        "partialFingerprints": {FINGERPRINT: fingerprint(f, rep.path)},
        "properties": {
            k: v
            for k, v in (("table", f.table), ("row", f.row), ("column", f.column), ("expected", f.expected),
                         ("actual", f.actual), ("difference", f.difference), ("lines", list(f.lines)),
                         ("page", f.page), ("message_zh", f.message_zh))
            if v not in (None, [])
        },
    }
    if f.rule in rule_index:
        result["ruleIndex"] = rule_index[f.rule]
    if baseline is not None:
        result["baselineState"] = "unchanged" if known else "new"
    if known:
        result["suppressions"] = [{"kind": "external", "justification": f"accepted in baseline {baseline}"}]
    return result


def check_sarif(reports: list[DocumentReport], ruleset: RuleSet, baseline: str | None = None) -> str:
    rules = [_rule(r) for r in ruleset.rules]
    rule_index = {r.id: i for i, r in enumerate(ruleset.rules)}
    artifacts = []
    results = []
    notifications = []
    for index, rep in enumerate(reports):
        artifact: dict = {"location": artifact_location(rep.path)}
        if rep.path == STDIN:
            artifact["description"] = {"text": "the document read from standard input"}
        artifacts.append(artifact)
        if rep.error:
            notifications.append(
                {"level": "error", "message": {"text": rep.error}, "locations": [_location(rep.path, index, None)]}
            )
            continue
        for f in rep.findings:
            results.append(_result(rep, index, f, rule_index, False, baseline))
        for f in rep.known:
            results.append(_result(rep, index, f, rule_index, True, baseline))
    run = {
        "tool": {"driver": {"name": "budget-audit", "version": __version__, "rules": rules}},
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "the directory budget-audit was run in"}}},
        "artifacts": artifacts,
        "results": results,
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2)


def render_check(reports: list[DocumentReport], options: ReportOptions) -> str:
    return check_sarif(reports, options.ruleset, options.baseline)
