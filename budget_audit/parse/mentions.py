"""lines_to_mentions: the classes a narrative names without amounts ("支出预算包括：A、B、C。")."""

from __future__ import annotations

import re

from budget_audit.model import Line, Mention
from budget_audit.parse.normalize import compact

_SPENDING = re.compile(r"^支出预算包括[:：](.+)$")


def lines_to_mentions(lines: list[Line]) -> list[Mention]:
    found = []
    for line in lines:
        if "\t" in line.text:
            continue
        m = _SPENDING.match(compact(line.text))
        if m and not re.search(r"\d", m.group(1)):
            names = [re.sub(r"等$", "", n) for n in re.split(r"[、，,]", m.group(1).rstrip("。.;；"))]
            found.append(Mention(kind="支出", names=tuple(n for n in names if n), line=line.number))
    return found
