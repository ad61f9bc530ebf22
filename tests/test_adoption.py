"""The GitHub Actions workflow and the pre-commit hook run commands that work: the tests run exactly them."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "budget-audit.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def _run(command: str, cwd: Path, *extra: str) -> subprocess.CompletedProcess:
    """A `budget-audit …` command line as CI runs it, with this interpreter's budget_audit."""
    argv = shlex.split(command)
    assert argv[0] == "budget-audit", command
    return subprocess.run([sys.executable, "-m", "budget_audit", *argv[1:], *extra], cwd=cwd, capture_output=True, timeout=300)


def _workflow_commands() -> list[str]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["audit"]["steps"]
    return [s["run"].strip() for s in steps if "run" in s and s["run"].strip().startswith("budget-audit ")]


def test_workflow_commands_pass_on_this_repository(tmp_path):
    commands = _workflow_commands()
    assert len(commands) == 2, commands
    sarif_step, gate_step = commands
    out = _run(sarif_step, ROOT, "--output", str(tmp_path / "budget-audit.sarif"))  # a later --output wins: no file left in the tree
    assert out.returncode == 0, out.stderr.decode()
    report = json.loads((tmp_path / "budget-audit.sarif").read_text(encoding="utf-8"))
    assert report["version"] == "2.1.0" and report["runs"][0]["results"]
    gate = _run(gate_step, ROOT)
    assert gate.returncode == 0, gate.stdout.decode() + gate.stderr.decode()  # the baseline accepts the samples' findings
    assert gate.stdout == b""  # no new finding, no annotation


def test_workflow_gate_fails_on_a_new_finding(tmp_path):
    _, gate_step = _workflow_commands()
    samples = tmp_path / "samples"
    samples.mkdir()
    for doc in (ROOT / "samples").glob("*.txt"):
        (samples / doc.name).write_bytes(doc.read_bytes())
    target = samples / "xinjiang-aheqi-government-office-2024.txt"
    text = target.read_text(encoding="utf-8")
    (tmp_path / ".budget-audit-baseline.json").write_bytes((ROOT / ".budget-audit-baseline.json").read_bytes())
    target.write_text(text.replace("住房公积金\t46.39\t46.39\t254.73", "住房公积金\t46.39\t46.39\t254.74", 1), encoding="utf-8")
    gate = _run(gate_step, tmp_path)
    assert gate.returncode == 1
    assert gate.stdout.decode().startswith("::error file=samples/xinjiang-aheqi-government-office-2024.txt,line=")


def test_pre_commit_hook_entry_checks_the_files_it_is_given():
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "budget-audit" and hook["language"] == "python"
    clean = _run(hook["entry"], ROOT, "tests/data/unseen-consistent-b.txt", "tests/data/unseen-consistent-d.txt")
    assert clean.returncode == 0 and clean.stdout.decode().strip() == "2 documents, 0 errors, 0 warnings"
    broken = _run(hook["entry"], ROOT, "tests/data/unseen-errors-c.txt")
    assert broken.returncode == 1 and broken.stdout.decode().startswith("tests/data/unseen-errors-c.txt:")


def test_readme_documents_every_option_and_config_key():
    import argparse

    from budget_audit.cli import build_parser
    from budget_audit.config import KEYS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)).choices
    for name in ("check", "extract", "rules"):
        for action in commands[name]._actions:
            for opt in action.option_strings:
                if opt.startswith("--") and opt != "--help":
                    assert f"`{opt}" in readme or f" {opt} " in readme or f"[{opt}" in readme, f"{name} {opt}"
    for key in KEYS:
        assert f"\n{key} = " in readme or f'"{key}"' in readme or f"{key}]" in readme, key
    workflow = WORKFLOW.read_text(encoding="utf-8")
    for command_line in _workflow_commands():
        assert command_line in readme and command_line in workflow
