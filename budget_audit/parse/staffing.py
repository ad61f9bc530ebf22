"""lines_to_staffing: "实有人数 78 人，其中：在职 54 人…；退休 24 人…；离休 0 人" in the 概况."""

from __future__ import annotations

import re
from collections.abc import Sequence

from budget_audit.model import Line, Staffing

_STAFF = re.compile(
    r"实有(?:人数|人员)?\s*(\d+)\s*人[^。]*?在职(?:人员)?\s*(\d+)\s*人[^。]*?退休(?:人员)?\s*(\d+)\s*人"
    r"(?:[^。]*?离休(?:人员)?\s*(\d+)\s*人)?"
)


def lines_to_staffing(lines: Sequence[Line]) -> list[Staffing]:
    found = []
    for line in lines:
        if "\t" in line.text:
            continue
        for m in _STAFF.finditer(line.text):
            found.append(
                Staffing(
                    total=int(m.group(1)),
                    in_service=int(m.group(2)),
                    retired=int(m.group(3)),
                    retired_early=int(m.group(4)) if m.group(4) else 0,
                    line=line.number,
                    text=m.group(0),
                )
            )
    return found
