"""Rule, configuration and baseline files are loaded within bounds (issue 15): an alias bomb, a
recursive alias, deep nesting or a huge file is one line and exit 2, in well under a second
of work — never a hang or a traceback. Through the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from . import hostile
from .conftest import DOCS

DOC = str(DOCS / "consistent.txt")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budget_audit", *args], capture_output=True, timeout=120, cwd=cwd)


def refused(out: subprocess.CompletedProcess, path: Path, why: str) -> bool:
    err = out.stderr.decode()
    return (out.returncode == 2 and str(path) in err and why in err and len(err.strip().splitlines()) == 1
            and "Traceback" not in err)


RULE_FILES = {
    "billion laughs": (hostile.billion_laughs_yaml(), "aliases expand"),
    "recursive alias": ("rules: &a [*a]\n", "refers to the node that holds it"),
    "deep flow nesting": ("rules: " + "[" * 50_000 + "]" * 50_000 + "\n", "nested more than"),
    "deep block nesting": ("- " * 5000 + "x\n", "nested too deeply"),
}


@pytest.mark.parametrize("name", sorted(RULE_FILES))
def test_a_hostile_rule_file_is_refused(tmp_path, name):
    text, why = RULE_FILES[name]
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    assert refused(run("check", "--rules", str(path), DOC), path, why)


def test_a_huge_rule_file_is_refused_unread(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_bytes(b"# " + b"x" * (5 << 20) + b"\nrules: []\n")
    assert refused(run("rules", "--rules", str(path)), path, "larger than")


def test_a_hostile_configuration_file_is_refused(tmp_path):
    path = tmp_path / "budget-audit.toml"
    path.write_text("select = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    assert refused(run("check", DOC, cwd=tmp_path), path, "nested too deeply")


def test_a_huge_configuration_file_is_refused_unread(tmp_path):
    path = tmp_path / "budget-audit.toml"
    path.write_bytes(b"# " + b"x" * (2 << 20) + b"\n")
    assert refused(run("check", DOC, cwd=tmp_path), path, "larger than")


def test_a_deeply_nested_baseline_is_refused(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert refused(run("check", "--baseline", str(path), DOC), path, "nested too deeply")
