"""The engine: load rule sets, select rules, evaluate them on a Document, stamp results."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from budget_audit.errors import RuleFileError
from budget_audit.findings import ERROR, WARNING, Finding, Problem, RuleResult
from budget_audit.model import Document
from budget_audit.rules.options import read_options
from budget_audit.rules.refs import Skip, describe, parse_ref, resolve
from budget_audit.rules.ruleset import Rule, RuleSet, extends_defaults, load_rule_file

_HERE = Path(__file__).resolve().parent.parent


def default_rule_files() -> list[str]:
    """The shipped rule set: inside the installed package, or rules/ of a source checkout."""
    for folder in (_HERE / "default_rules", _HERE.parent / "rules"):
        if folder.is_dir():
            first = {"common.yaml": 0}  # the rules for every kind first
            return [str(p) for p in sorted(folder.glob("*.yaml"), key=lambda p: (first.get(p.name, 1), p.name))]
    return []


def rule_files(paths: list[str] | None = None) -> list[str]:
    """The files ``load_rules(paths)`` reads: the default set, or ``paths`` (the table catalogue
    is the parser's, in budget_audit/parse/templates/, and always there)."""
    defaults = default_rule_files()
    if not paths:
        return defaults
    if any(extends_defaults(p) for p in paths):
        return defaults + list(paths)  # the shipped rules, then the user's additions and adjustments
    return list(paths)


def load_rules(paths: list[str] | None = None) -> RuleSet:
    """Rule files in order; a rule may name any table of the parser's catalogue, or one its files add.
    User files replace the shipped rules, unless one says ``extends: default``: then the shipped rules
    load first and the user's files add rules, adjust shipped ones (same id) and ``disable`` some."""
    from budget_audit.rules.checks import CHECKS

    ruleset = RuleSet()
    keys = {name: {o.name for o in module.OPTIONS} for name, module in CHECKS.items()}
    for path in rule_files(paths):
        load_rule_file(path, ruleset, keys)
    aliases = ruleset.aliases()
    seen: dict[str, Rule] = {}
    for rule in ruleset.rules:
        if rule.id in seen:
            raise RuleFileError(rule.source, f"duplicate rule id {rule.id!r}", rule.line)
        seen[rule.id] = rule
        rule.parsed["_when"] = [_condition(rule, c, aliases) for c in rule.when]
        module = CHECKS[rule.check]
        read_options(rule, module.OPTIONS, aliases)
        if hasattr(module, "validate"):
            module.validate(rule)
    return ruleset


def select_rules(rules: list[Rule], select: list[str], ignore: list[str]) -> list[Rule]:
    def matches(rule: Rule, prefixes: list[str]) -> bool:
        return any(rule.id == p or rule.id.startswith(p) for p in prefixes)

    chosen = [r for r in rules if not select or matches(r, select)]
    return [r for r in chosen if not matches(r, ignore)]


METADATA_FIELDS = ("kind", "scope", "template", "unit")


def _condition(rule: Rule, condition: str, aliases: set[str]) -> tuple:
    """One ``when`` condition, read once at load: ("without", Ref) for ``!表[行]`` (the figure is
    blank or zero), ("field", name, value) for ``kind=决算``, ("table", alias) for a table present."""
    if condition.startswith("!"):
        try:
            ref = parse_ref(condition[1:])
        except ValueError as exc:
            raise RuleFileError(rule.source, f"rule {rule.id}: when: {exc}", rule.line) from None
        if ref.table not in aliases:
            raise RuleFileError(rule.source, f"rule {rule.id}: unknown table alias {ref.table!r} in when", rule.line)
        return ("without", ref)
    if "=" in condition:
        field, wanted = (x.strip() for x in condition.split("=", 1))
        if field not in METADATA_FIELDS:
            raise RuleFileError(
                rule.source, f"rule {rule.id}: unknown field {field!r} in when (known: {', '.join(METADATA_FIELDS)})", rule.line
            )
        return ("field", field, wanted)
    if condition not in aliases:
        raise RuleFileError(rule.source, f"rule {rule.id}: unknown table alias {condition!r} in when", rule.line)
    return ("table", condition)


def unmet(doc: Document, rule: Rule) -> str | None:
    """Why a rule's ``when`` conditions do not hold: a table absent, a figure present, or metadata that differs."""
    for condition in rule.parsed.get("_when", ()):
        if condition[0] == "without":
            try:
                found = resolve(doc, condition[1])
            except Skip:
                continue
            if found.value is not None and found.value.amount != 0:
                return f"{describe(found)} is {found.value.printed}: the rule holds only without it"
        elif condition[0] == "field":
            actual = getattr(doc.metadata, condition[1], None)
            if str(actual) != condition[2]:
                return f"{condition[1]} is {actual}, the rule is for {condition[2]}"
        elif doc.table(condition[1]) is None:
            return f"table {condition[1]} absent"
    return None


def applies(rule: Rule, doc: Document) -> bool:
    """Whether a rule is for this kind of document at all (its file's ``kinds``). A rule for
    another kind is not evaluated and not counted as skipped: it does not concern the document."""
    return not rule.kinds or doc.metadata.kind in rule.kinds


def stamp(doc: Document, rule: Rule, problem: Problem) -> Finding:
    """The one place a Finding is made: a check's problem with its rule's id and severity (the
    lesser of the rule's and the check's own judgement), placed as a reader finds it — for a PDF,
    the page and the line within that page; for a document read from several files, the file."""
    severity = WARNING if WARNING in (problem.severity, rule.severity) else ERROR
    fields = {f.name: getattr(problem, f.name) for f in dataclasses.fields(Problem) if f.name != "severity"}
    fields["lines"] = tuple(sorted(set(problem.lines))) or ((problem.line,) if problem.line is not None else ())
    finding = Finding(rule=rule.id, severity=severity, **fields)
    if not doc.lines or doc.lines[0].page is None:
        return finding
    page, line = doc.locate(finding.line)
    places = tuple(doc.locate(n) for n in finding.lines)
    return dataclasses.replace(
        finding, page=page or None, line=line, lines=tuple(n for _, n in places), places=places, file=doc.source_of(finding.line)
    )


def stamped(doc: Document, rule: Rule, problems: Iterable[Problem]) -> list[Finding]:
    """A check's problems as findings, in reading order (the document's line numbers run across pages)."""
    ordered = sorted(problems, key=lambda p: (p.line is None, p.line or 0))
    return [stamp(doc, rule, p) for p in ordered]


def evaluate(doc: Document, rules: list[Rule]) -> list[RuleResult]:
    # imported here, not above: a run answered from the cache never loads the checks
    from budget_audit.rules.checks import CHECKS

    results = []
    for rule in rules:
        if not applies(rule, doc):
            continue
        reason = unmet(doc, rule)
        if reason:
            results.append(RuleResult(rule.id, "skipped", reason))
            continue
        try:
            findings = stamped(doc, rule, CHECKS[rule.check].check(doc, rule))
        except Skip as skip:
            results.append(RuleResult(rule.id, "skipped", str(skip), unread=skip.unread))
            continue
        results.append(RuleResult(rule.id, "failed" if findings else "passed", None, findings))
    return results
