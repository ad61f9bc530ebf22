"""Errors the user can act on: reported as one line on stderr with exit status 2."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a bad rule file. ``str()`` is the one line shown to the user."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class InputError(UserError):
    """A document that cannot be read."""


class RuleFileError(UserError):
    """A rule file that is malformed or refers to something unknown."""


class UsageError(UserError):
    """A command-line or configuration value that cannot be right (``path`` names the option or file)."""
