"""Reporters, registered by format name: each turns audit reports into the text of one format.

A reporter is ``render(reports, options) -> str`` (or an iterable of the text's pieces, for a
report long enough that holding it whole would matter); the CLI looks it up here by ``--format``
instead of growing an elif per format. Modules are imported only when their format is used,
so ``--format json`` never loads rich. Adding a format = one module + one line below.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budget_audit.audit import DocumentReport
    from budget_audit.rules.ruleset import RuleSet

REPORTERS: dict[str, str] = {
    "console": "budget_audit.report.console:render_check",
    "concise": "budget_audit.report.concise:render_check",
    "json": "budget_audit.report.json_report:render_check",
    "sarif": "budget_audit.report.sarif:render_check",
    "github": "budget_audit.report.github:render_check",
    "junit": "budget_audit.report.junit:render_check",
}
# Visual reports write a file of their own (HTML, or binary xlsx) and need the report extra.
VISUAL_FORMATS = ("html", "xlsx")
FORMATS = tuple(REPORTERS) + VISUAL_FORMATS
# Formats that can carry --statistics (a count per rule); the others have no place for it.
STATISTICS_FORMATS = ("console", "concise", "json")


@dataclass
class ReportOptions:
    """What a reporter may need besides the reports. Reporters ignore what their format cannot show."""

    ruleset: RuleSet
    fail_on: str = "error"
    verbose: bool = False
    quiet: bool = False
    statistics: bool = False
    show_source: bool = False
    color: bool = False
    width: int | None = None  # the terminal's width; None = never wrap (pipes, files, CI logs)
    lang: str = "en"
    baseline: str | None = None  # the baseline file in use, if any
    _titles: dict[str, str] = field(default_factory=dict, repr=False)

    def message(self, finding) -> str:
        """The finding's message in the report's language (Chinese where the check words one)."""
        return finding.message_zh if self.lang == "zh" and finding.message_zh else finding.message

    def title(self, rule_id: str) -> str:
        """The rule's (Chinese) title, shown next to its findings."""
        if not self._titles:
            self._titles.update((r.id, r.title) for r in self.ruleset.rules)
        return self._titles.get(rule_id, "")


Reporter = Callable[["list[DocumentReport]", ReportOptions], "str | Iterable[str]"]


def reporter(name: str) -> Reporter:
    """The render function of format ``name`` (KeyError for an unknown name)."""
    module, attr = REPORTERS[name].split(":")
    return getattr(importlib.import_module(module), attr)


def render(name: str, reports: list[DocumentReport], options: ReportOptions) -> str | Iterable[str]:
    return reporter(name)(reports, options)
