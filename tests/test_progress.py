"""The batch progress bar: on a terminal only, never in CI or a pipe; documents, findings, time left."""

from __future__ import annotations

import io

from rich.console import Console

from budget_audit.audit import audit
from budget_audit.cli import _FilesProgress
from budget_audit.terminal import interactive

from .conftest import SAMPLE_FILES


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_counts_documents_and_findings(ruleset):
    screen = io.StringIO()
    bar = _FilesProgress()
    reports = audit([str(p) for p in SAMPLE_FILES[:3]], ruleset, watch=_Recording(bar, screen))
    found = sum(len(r.all_findings) for r in reports)
    shown = screen.getvalue()
    assert "3/3 documents" in shown and f"{found} findings" in shown


class _Recording:
    """Starts the bar on a console that records, as a terminal would show it."""

    def __init__(self, bar: _FilesProgress, screen: io.StringIO) -> None:
        self.bar, self.screen = bar, screen

    def begin(self, total: int) -> None:
        self.bar.begin(total, Console(file=self.screen, force_terminal=True, no_color=True, width=120))

    def done(self, report) -> None:
        self.bar.done(report)
        if self.bar.bar is not None:
            self.bar.bar.refresh()


def test_no_bar_for_a_pipe_or_a_file(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert not interactive(io.StringIO())
    monkeypatch.setattr("sys.stderr", io.StringIO())
    bar = _FilesProgress()
    bar.begin(50)
    assert not bar.active


def test_no_bar_in_ci_even_on_a_terminal(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert not interactive(_Tty())
    monkeypatch.delenv("CI")
    monkeypatch.setenv("TERM", "xterm")
    assert interactive(_Tty())


def test_no_bar_for_one_or_two_documents():
    bar = _FilesProgress()
    bar.begin(2, Console(file=io.StringIO(), force_terminal=True))
    assert not bar.active
