"""Writing the visual reports (HTML, xlsx): imported only when one is asked for.

They need Pillow and openpyxl (the ``report`` extra); without them the user gets one
line saying what to install. The file is written next to its destination and moved into
place, so a failed run never leaves half a report.
"""

from __future__ import annotations

import sys
from pathlib import Path

from budget_audit.audit import DocumentReport
from budget_audit.errors import UserError
from budget_audit.output import write_file
from budget_audit.rules.ruleset import RuleSet


def write_visual(fmt: str, reports: list[DocumentReport], ruleset: RuleSet, output: Path | None) -> None:
    """Render ``fmt`` (html or xlsx) and write it to ``output`` (HTML may go to stdout)."""
    if output is None and fmt == "xlsx":
        raise UserError("--output", "--format xlsx needs --output FILE.xlsx")
    try:
        if fmt == "xlsx":
            from budget_audit.report.xlsx import check_xlsx

            data = check_xlsx(reports, ruleset)
        else:
            from budget_audit.report.html import check_html

            data = check_html(reports, ruleset).encode("utf-8")
    except ImportError as exc:
        raise UserError(f"--format {fmt}", f"needs the report extra ({exc.name or exc}): "
                        "pip install 'budget-audit[report]'") from None
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_file(output, data)  # the target was checked before the documents were read (runner)
