"""Check kinds: one module each, with KEYS, validate(rule, aliases) and check(doc, rule)."""

from __future__ import annotations

from types import ModuleType

from budget_audit.rules.checks import (
    change_sum,
    claim_bound,
    claim_matches_table,
    code_names,
    column_total,
    direction,
    equal,
    expr,
    fund_balance,
    growth,
    headcount,
    hygiene,
    leftovers,
    list_sum,
    match_rows,
    named_classes,
    percent_sum,
    required_tables,
    rollup,
    row_sum,
    share,
    table_total,
    target_matches_project,
    unit,
    year,
)
from budget_audit.rules.checks import sum as sum_check

CHECKS: dict[str, ModuleType] = {
    "equal": equal,
    "sum": sum_check,
    "column_total": column_total,
    "rollup": rollup,
    "row_sum": row_sum,
    "match_rows": match_rows,
    "required_tables": required_tables,
    "expr": expr,
    "fund_balance": fund_balance,
    "growth": growth,
    "direction": direction,
    "share": share,
    "percent_sum": percent_sum,
    "list_sum": list_sum,
    "year": year,
    "unit": unit,
    "claim_matches_table": claim_matches_table,
    "target_matches_project": target_matches_project,
    "change_sum": change_sum,
    "code_names": code_names,
    "leftovers": leftovers,
    "hygiene": hygiene,
    "table_total": table_total,
    "headcount": headcount,
    "claim_bound": claim_bound,
    "named_classes": named_classes,
}
