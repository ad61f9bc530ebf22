"""Control characters: never carried from a document (or a file name) into a terminal, a CI
log, XML or a spreadsheet.

A downloaded file can hold ESC sequences that repaint a terminal or a log, NULs that make a
JUnit report invalid XML, and characters openpyxl refuses to write. None has a meaning in a
disclosure, so the readers replace them as lines are read — whitespace-like ones (form feed,
vertical tab, a stray CR) by a space, the others by U+FFFD, which shows that something was
there — and the reporters do the same with file names.
"""

from __future__ import annotations

import re

_SPACE_LIKE = re.compile(r"[\n\r\x0b\x0c\x1c-\x1f\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
REPLACEMENT = "\ufffd"


def visible(text: str) -> str:
    """``text`` on one line without control characters (a tab stays: it separates cells)."""
    if text.isprintable():
        return text
    return _CONTROL.sub(REPLACEMENT, _SPACE_LIKE.sub(" ", text))


def visible_lines(lines: list[str]) -> list[str]:
    return [visible(line) for line in lines]
