"""sum — a figure equals the sum (or difference) of listed figures.

Options: ``total`` (a reference) and ``parts`` (a list of references; prefix one with
``-`` to subtract it; end one with ``?`` when its row may be absent).

Example (passes): 收支总表[收入总计] 900.00 = 本年收入 890.00 + 上年结转结余 10.00.
Example (fails): 收入总计 900.00 but 本年收入 + 上年结转结余 = 890.00.
"""

from __future__ import annotations

from collections.abc import Iterator

from budget_audit.errors import RuleFileError
from budget_audit.findings import Finding, fmt, judge
from budget_audit.rules.checks.common import option_line, ref_option, shown, shown_zh, table_finding, to_ref
from budget_audit.rules.refs import Skip, describe, resolve
from budget_audit.rules.ruleset import Rule

KEYS = {"total", "parts"}


def _parts(rule: Rule, aliases: set[str]):
    parts = rule.options.get("parts")
    if not isinstance(parts, list) or not parts:
        raise RuleFileError(rule.source, f"rule {rule.id}: parts must be a non-empty list", option_line(rule, "parts"))
    out = []
    for text in parts:
        text = str(text).strip()
        sign = -1 if text.startswith("-") else 1
        text = text.lstrip("-+ ")
        out.append((sign, to_ref(rule, "parts", text, aliases)))
    return out


def validate(rule: Rule, aliases: set[str]) -> None:
    rule.parsed["total"] = ref_option(rule, "total", aliases)
    rule.parsed["parts"] = _parts(rule, aliases)


def check(doc, rule: Rule) -> Iterator[Finding]:
    total = resolve(doc, rule.parsed["total"])
    parts = [(sign, resolve(doc, ref)) for sign, ref in rule.parsed["parts"]]
    if total.value is None and all(p.value is None for _, p in parts):
        raise Skip("all figures blank")
    if all(p.row is None for _, p in parts):
        raise Skip("none of the parts is printed in this document (the template splits it otherwise)")
    verdict = judge(total.value, [(s, p.value) for s, p in parts], rule.tolerance)
    if verdict.consistent:
        return
    expected = sum((s * p.value.amount for s, p in parts if p.value is not None), 0)
    listed = " + ".join(f"{describe(p)} {shown(p.value)}" for _, p in parts).replace("+ -", "- ")
    listed_zh = " + ".join(f"{describe(p)} {shown_zh(p.value)}" for _, p in parts).replace("+ -", "- ")
    yield table_finding(
        rule, verdict, total.table, total.row, total.column, total.value, [p.value for _, p in parts],
        f"{describe(total)} {shown(total.value)}, but {listed} = {fmt(expected)}",
        expected, f"{listed_zh} = {fmt(expected)}",
    )
