"""Check kinds: one module each, with KEYS, validate(rule, aliases) and check(doc, rule)."""

from __future__ import annotations

from types import ModuleType

from budget_audit.rules.checks import column_total, equal, expr, match_rows, required_tables, rollup, row_sum
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
}
