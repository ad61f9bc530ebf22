"""What the terminal takes: colour, and a progress display. Imported by the command line
before anything heavy, so it imports nothing itself."""

from __future__ import annotations

import os


def wants_color(choice: str, is_terminal: bool) -> bool:
    """--color always/never decide; auto: a terminal, unless NO_COLOR is set (https://no-color.org)."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return is_terminal and os.environ.get("TERM") != "dumb"


def interactive(stream) -> bool:
    """Whether a progress display belongs on ``stream``: a terminal, and not a CI job (which
    sets CI) nor a dumb terminal. Pipes, files and CI logs get none."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return tty and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"
