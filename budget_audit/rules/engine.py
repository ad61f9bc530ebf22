"""The engine: load rule sets, select rules, evaluate them on a Document, stamp results."""

from __future__ import annotations

from pathlib import Path

from budget_audit.errors import RuleFileError
from budget_audit.findings import RuleResult
from budget_audit.model import Document
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
    keys = {name: module.KEYS for name, module in CHECKS.items()}
    for path in rule_files(paths):
        load_rule_file(path, ruleset, keys)
    aliases = ruleset.aliases()
    seen: dict[str, Rule] = {}
    for rule in ruleset.rules:
        if rule.id in seen:
            raise RuleFileError(rule.source, f"duplicate rule id {rule.id!r}", rule.line)
        seen[rule.id] = rule
        for condition in rule.when:
            if condition.startswith("!"):
                try:
                    ref = parse_ref(condition[1:])
                except ValueError as exc:
                    raise RuleFileError(rule.source, f"rule {rule.id}: when: {exc}", rule.line) from None
                if ref.table not in aliases:
                    raise RuleFileError(rule.source, f"rule {rule.id}: unknown table alias {ref.table!r} in when", rule.line)
            elif "=" in condition:
                field = condition.split("=", 1)[0].strip()
                if field not in METADATA_FIELDS:
                    raise RuleFileError(
                        rule.source, f"rule {rule.id}: unknown field {field!r} in when (known: {', '.join(METADATA_FIELDS)})",
                        rule.line,
                    )
            elif condition not in aliases:
                raise RuleFileError(rule.source, f"rule {rule.id}: unknown table alias {condition!r} in when", rule.line)
        CHECKS[rule.check].validate(rule, aliases)
    return ruleset


def select_rules(rules: list[Rule], select: list[str], ignore: list[str]) -> list[Rule]:
    def matches(rule: Rule, prefixes: list[str]) -> bool:
        return any(rule.id == p or rule.id.startswith(p) for p in prefixes)

    chosen = [r for r in rules if not select or matches(r, select)]
    return [r for r in chosen if not matches(r, ignore)]


METADATA_FIELDS = ("kind", "scope", "template", "unit")


def unmet(doc: Document, when: list[str]) -> str | None:
    """Why a rule's ``when`` conditions do not hold: a table absent, or metadata that differs."""
    for condition in when:
        if condition.startswith("!"):
            try:
                found = resolve(doc, parse_ref(condition[1:]))
            except Skip:
                continue
            if found.value is not None and found.value.amount != 0:
                return f"{describe(found)} is {found.value.printed}: the rule holds only without it"
        elif "=" in condition:
            field, wanted = (x.strip() for x in condition.split("=", 1))
            actual = getattr(doc.metadata, field, None)
            if str(actual) != wanted:
                return f"{field} is {actual}, the rule is for {wanted}"
        elif doc.table(condition) is None:
            return f"table {condition} absent"
    return None


def applies(rule: Rule, doc: Document) -> bool:
    """Whether a rule is for this kind of document at all (its file's ``kinds``). A rule for
    another kind is not evaluated and not counted as skipped: it does not concern the document."""
    return not rule.kinds or doc.metadata.kind in rule.kinds


def evaluate(doc: Document, rules: list[Rule]) -> list[RuleResult]:
    # imported here, not above: a run answered from the cache never loads the checks
    from budget_audit.rules.checks import CHECKS

    results = []
    for rule in rules:
        if not applies(rule, doc):
            continue
        reason = unmet(doc, rule.when)
        if reason:
            results.append(RuleResult(rule.id, "skipped", reason))
            continue
        try:
            findings = list(CHECKS[rule.check].check(doc, rule))
        except Skip as skip:
            results.append(RuleResult(rule.id, "skipped", str(skip)))
            continue
        results.append(RuleResult(rule.id, "failed" if findings else "passed", None, findings))
    return results
