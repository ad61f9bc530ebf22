"""lines_to_targets: the annual amount of each project's performance target table (绩效目标表).

The tables have no fixed shape, so only two rows are read: 项目名称 with the project's
name, and the 项目资金 row with its 年度预算总额 / 年度资金总额 and the unit its label states
(项目资金（万元） or （元） — performance tables are often in 元).
"""

from __future__ import annotations

import re

from budget_audit.model import Lines, Target
from budget_audit.parse.normalize import compact
from budget_audit.parse.numbers import is_number, parse_value

_ANNUAL = re.compile(r"^年度(?:预算|资金)总额[:：]?$")
_FUNDS = re.compile(r"^项目资金")
_UNIT = re.compile(r"[(（](万元|元)[)）]")


def lines_to_targets(lines: Lines, start: int = 0) -> list[Target]:
    """Read from the lines' texts: a line object is made only for a row a target is read from,
    not for every table row of the document, held at once (50 MB of text: 0.7 -> 0.3 s here)."""
    texts = lines.texts()
    targets = []
    body = [k for k in range(start, len(texts)) if "\t" in texts[k]]  # the rows of tables
    for i, at in enumerate(body):
        cells = texts[at].split("\t")
        if compact(cells[0]) != "项目名称":
            continue
        name = next((c for c in cells[1:] if c), "")
        if not name or is_number(name) or compact(name) in ("合计", "总计"):
            continue
        for j in body[i + 1 : i + 5]:
            rcells = texts[j].split("\t")
            if not _FUNDS.match(compact(rcells[0])):
                continue
            row = lines[j]
            unit = _UNIT.search(rcells[0])
            labels = [k for k, c in enumerate(rcells) if _ANNUAL.match(compact(c))]
            for k in labels:
                figure = next((c for c in rcells[k + 1 :] if c), "")
                value = parse_value(figure, row.number, row.page)
                if value is not None:
                    targets.append(Target(compact(name), value, unit.group(1) if unit else "万元", row.number))
                    break
            break
    return targets
