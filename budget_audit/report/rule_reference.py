"""The rule reference (docs/rules.md), generated from the rule files and the check kinds' docstrings.

Never written by hand: ``python -m budget_audit.report.rule_reference > docs/rules.md`` makes
it, and a test fails when the committed file differs from what the rules say now.
"""

from __future__ import annotations

import sys
from collections import defaultdict

from budget_audit.rules.checks import CHECKS
from budget_audit.rules.ruleset import RuleSet

PREFIXES = {
    "structure.": "结构 — the document as a whole",
    "table.": "表内 — identities inside every table",
    "SZ.": "收支总表 (SZ = 收支)",
    "SR.": "收入总表 (SR = 收入)",
    "SC.": "支出总表 (SC = 支出)",
    "CZ.": "财政拨款收支总表 (CZ = 财政)",
    "GB.": "一般公共预算支出表 (GB = 公共预算)",
    "JB.": "基本支出表 (JB = 基本)",
    "SG.": "三公经费表 (SG = 三公)",
    "JZ.": "结转结余表 (JZ = 结转)",
    "ZF.": "政府性基金支出表 (ZF = 政府性基金)",
    "GY.": "国有资本经营支出表 (GY = 国有)",
    "JY.": "机关运行经费 (JY = 机关运行)",
    "N.": "说明 — the narrative against itself and the tables (N = narrative)",
    "JS.structure.": "决算 结构 — the final accounts as a whole (JS = 决算)",
    "JS.ZB.": "收入支出决算总表 (JS.ZB = 决算 总表)",
    "JS.SR.": "收入决算表 (JS.SR = 决算 收入)",
    "JS.SC.": "支出决算表 (JS.SC = 决算 支出)",
    "JS.CZ.": "财政拨款收入支出决算总表 (JS.CZ = 决算 财政)",
    "JS.GB.": "一般公共预算财政拨款支出决算表 (JS.GB = 决算 公共预算)",
    "JS.JB.": "一般公共预算财政拨款基本支出决算表 (JS.JB = 决算 基本)",
    "JS.SG.": "三公经费决算表 (JS.SG = 决算 三公)",
    "JS.N.": "决算说明 — 年初预算, 决算, 完成率 and direction words (JS.N = 决算 narrative)",
    "JS.X.": "决算 against the same year's 预算 (JS.X = across documents, check --pair)",
}


def _group(rule_id: str) -> str:
    return next((title for prefix, title in PREFIXES.items() if rule_id.startswith(prefix)), "other")


def options_section(options) -> list[str]:
    """A check kind's options as its declaration says them (name, type, default, doc)."""
    if not options:
        return ["Options: none."]
    return ["Options:", "", *(f"- {o.describe()}" for o in options)]


def render(ruleset: RuleSet) -> str:
    """Markdown: every rule by group (id, severity, check kind, title, what it checks), then every check kind."""
    out = [
        "# Rule reference",
        "",
        "Generated from `rules/*.yaml` and the check kinds' documentation by",
        "`python -m budget_audit.report.rule_reference > docs/rules.md`; do not edit by hand",
        "(a test fails when this file is stale). Rule ids start with the table they are about, in",
        "pinyin initials: the groups below say which. Select or ignore a group by its prefix",
        "(`--select SC.`, `--ignore N.`).",
        "",
        "Each rule is for the kinds of document its file names (`kinds:` at the top of the file):",
        "*for* says which — 预算 (budgets), 决算 (final accounts) or both. A rule for another kind",
        "is not evaluated at all, so a budget rule never fires on final accounts.",
        "",
    ]
    groups: dict[str, list] = defaultdict(list)
    for rule in ruleset.rules:
        groups[_group(rule.id)].append(rule)
    for title, rules in groups.items():
        out += [f"## {title}", "", "| id | for | severity | check | title |", "|---|---|---|---|---|"]
        out += [
            f"| `{r.id}` | {'/'.join(r.kinds) or 'both'} | {r.severity} | [{r.check}](#{r.check}) | {r.title} |" for r in rules
        ]
        out.append("")
        for r in rules:
            if r.description or r.example:
                out.append(f"- `{r.id}`: {' '.join((r.description or '').split())}")
                if r.example:
                    out.append(f"  Example: {' '.join(r.example.split())}")
        out.append("")
    out += ["## Check kinds", ""]
    for name in sorted(CHECKS):
        doc = (CHECKS[name].__doc__ or "").strip()
        out += [f"### {name}", "", doc, "", *options_section(CHECKS[name].OPTIONS), ""]
    return "\n".join(out).rstrip() + "\n"


def main() -> None:
    from budget_audit.rules.engine import load_rules

    sys.stdout.write(render(load_rules()))


if __name__ == "__main__":
    main()
