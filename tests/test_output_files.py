"""--output and --write-baseline (issue 15): written whole, never through a symbolic link, never
over an input — a document, a rule file or the baseline in use. Through the real CLI."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DOCS

RULES = Path(__file__).resolve().parent.parent / "rules" / "budget.yaml"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budget_audit", *args], capture_output=True, timeout=120, cwd=cwd)


@pytest.fixture
def doc(tmp_path) -> Path:
    path = tmp_path / "doc.txt"
    shutil.copy(DOCS / "consistent.txt", path)
    return path


def refused(out: subprocess.CompletedProcess, why: str) -> bool:
    err = out.stderr.decode()
    return out.returncode == 2 and why in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_output_onto_the_input_is_refused_and_the_input_kept(doc, fmt):
    before = doc.read_bytes()
    assert refused(run("check", "doc.txt", "--format", fmt, "-o", "doc.txt", cwd=doc.parent), "one of the input files")
    assert doc.read_bytes() == before


def test_output_onto_the_input_by_another_path_is_refused(doc):
    (doc.parent / "sub").mkdir()
    assert refused(run("check", "doc.txt", "-o", "sub/../doc.txt", cwd=doc.parent), "one of the input files")


def test_output_onto_a_hard_link_of_the_input_is_refused(doc):
    os.link(doc, doc.parent / "same.txt")
    assert refused(run("check", "doc.txt", "-o", "same.txt", cwd=doc.parent), "one of the input files")


def test_output_onto_a_file_of_an_input_directory_is_refused(doc):
    assert refused(run("check", ".", "-o", "doc.txt", cwd=doc.parent), "one of the input files")


def test_output_onto_the_rule_file_in_use_is_refused(doc):
    shutil.copy(RULES, doc.parent / "rules.yaml")
    out = run("check", "doc.txt", "--rules", "rules.yaml", "-o", "rules.yaml", cwd=doc.parent)
    assert refused(out, "one of the input files")


def test_output_that_is_a_symbolic_link_is_refused_and_its_target_kept(doc, tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("precious", encoding="utf-8")
    (doc.parent / "report.json").symlink_to(elsewhere)
    assert refused(run("check", "doc.txt", "-o", "report.json", cwd=doc.parent), "symbolic link")
    assert elsewhere.read_text(encoding="utf-8") == "precious"


def test_a_link_planted_where_a_temporary_file_could_be_is_not_followed(doc, tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("precious", encoding="utf-8")
    for name in ("report.json.tmp", ".report.json.tmp"):
        (doc.parent / name).symlink_to(elsewhere)
    out = run("check", "doc.txt", "--format", "json", "-o", "report.json", cwd=doc.parent)
    assert out.returncode == 0 and elsewhere.read_text(encoding="utf-8") == "precious"
    assert (doc.parent / "report.json").read_text(encoding="utf-8").startswith("{")


def test_a_new_report_has_the_usual_permissions(doc):
    run("check", "doc.txt", "-o", "report.txt", cwd=doc.parent)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((doc.parent / "report.txt").stat().st_mode) == 0o666 & ~umask


def test_write_baseline_onto_the_input_is_refused(doc):
    before = doc.read_bytes()
    assert refused(run("check", "doc.txt", "--write-baseline", "doc.txt", cwd=doc.parent), "one of the input files")
    assert doc.read_bytes() == before


def test_write_baseline_through_a_symbolic_link_is_refused(doc, tmp_path):
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("{}", encoding="utf-8")
    (doc.parent / "baseline.json").symlink_to(elsewhere)
    assert refused(run("check", "doc.txt", "--write-baseline", "baseline.json", cwd=doc.parent), "symbolic link")
    assert elsewhere.read_text(encoding="utf-8") == "{}"
