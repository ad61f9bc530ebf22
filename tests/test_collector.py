"""The cycle collector during a check (issue 11): off while documents are read and checked, the
young cycles a document left collected before the next one is read. Specifications, no timing."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

import budget_audit.audit as audit_module
from budget_audit.audit import audit

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.txt"))


class _Node:
    """An object that refers to itself: freed only by the cycle collector."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collector_off():
    was = gc.isenabled()
    gc.disable()
    yield
    if was:
        gc.enable()


def test_a_check_from_the_command_line_runs_without_the_cycle_collector():
    code = (f"import gc\nfrom budget_audit.cli import run\nrun(['check', '--no-cache', '-q', {str(SAMPLES[0])!r}])\n"
            "print(gc.isenabled())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


def _cycles_alive_at_each_read(monkeypatch, ruleset) -> list[bool]:
    """Whether the cycle the document before made is still alive when each document is read."""
    made: list[weakref.ref] = []
    alive: list[bool] = []
    read = audit_module.read_document

    def reading(*args, **kwargs):
        alive.append(bool(made) and made[-1]() is not None)
        made.append(weakref.ref(_Node()))  # dropped at once: garbage the collector alone can free
        return read(*args, **kwargs)

    monkeypatch.setattr(audit_module, "read_document", reading)
    audit([str(p) for p in SAMPLES[:3]], ruleset, jobs=1)
    return alive


def test_the_cycles_a_document_left_are_collected_before_the_next_is_read(collector_off, monkeypatch, ruleset):
    assert _cycles_alive_at_each_read(monkeypatch, ruleset) == [False, False, False]


def test_without_that_collection_they_would_outlive_the_batch(collector_off, monkeypatch, ruleset):
    monkeypatch.setattr(audit_module, "cycles_left_collected", lambda: None)
    assert _cycles_alive_at_each_read(monkeypatch, ruleset) == [False, True, True]
