"""The shipped rules and catalogues as the build parsed them (budget_audit/shipped.py): the same
as their YAML reads, used only when made from the files in place, and never a way to run code."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from budget_audit import shipped, subjects
from budget_audit.parse import catalogue
from budget_audit.rules.engine import default_rule_files, load_rules

from .cli_runner import modules_loaded_by

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "xinjiang-aheqi-government-office-2024.txt"


@pytest.fixture
def frozen(tmp_path) -> Path:
    path = tmp_path / "shipped.pickle"
    shipped.freeze(path)
    return path


def test_the_parsed_rules_are_the_rules_the_yaml_reads(frozen):
    thawed = shipped.thaw(default_rule_files(), frozen)
    assert thawed is not None
    assert thawed.rules == load_rules(None)  # every rule, option and source file


def test_the_parsed_catalogues_are_those_the_yaml_reads(frozen):
    thawed = shipped.thaw(default_rule_files(), frozen)
    templates, names = catalogue.read_shipped(), subjects.read_catalogue()
    assert (thawed.templates.tables, thawed.templates.words, thawed.templates.kinds, thawed.templates.sources) == (
        templates.tables, templates.words, templates.kinds, templates.sources)
    assert (thawed.subjects.subjects, thawed.subjects.covers) == (names.subjects, names.covers)


def test_the_rules_source_files_are_where_they_are_installed_not_where_they_were_built(frozen, tmp_path):
    moved = tmp_path / "installed"
    moved.mkdir()
    files = [str(Path(shutil.copy(p, moved))) for p in default_rule_files()]
    thawed = shipped.thaw(files, frozen)
    assert thawed is not None
    assert {r.source for r in thawed.rules.rules} <= set(files)
    assert thawed.rules.sources == files


def test_a_changed_rule_file_is_read_from_its_yaml_not_from_the_parsed_rules(frozen, tmp_path):
    files = [str(Path(shutil.copy(p, tmp_path))) for p in default_rule_files()]
    with open(files[-1], "a", encoding="utf-8") as f:
        f.write("\n# edited after the build\n")
    assert shipped.thaw(files, frozen) is None


def test_a_truncated_or_foreign_file_is_not_used(frozen, tmp_path):
    cut = tmp_path / "cut.pickle"
    cut.write_bytes(frozen.read_bytes()[:200])
    assert shipped.thaw(default_rule_files(), cut) is None
    assert shipped.thaw(default_rule_files(), tmp_path / "missing.pickle") is None


def test_a_tampered_file_cannot_run_code(frozen, tmp_path):
    """A file whose digest matches but whose pickle names a function to call is refused:
    only the tool's own classes are made."""
    marker = tmp_path / "ran"
    with open(frozen, "rb") as f:
        head = f.readline() + f.readline()
    evil = tmp_path / "evil.pickle"
    evil.write_bytes(head + pickle.dumps(_Call(os.system, f"touch {marker}")))
    assert shipped.thaw(default_rule_files(), evil) is None
    assert not marker.exists()


class _Call:
    def __init__(self, function, argument) -> None:
        self.function, self.argument = function, argument

    def __reduce__(self):
        return self.function, (self.argument,)


def test_the_install_parsed_the_shipped_rules():
    """The build hook parses them (PyYAML is a build requirement): a hook failing silently — as it
    did when it replaced the build environment's PYTHONPATH — would leave every check reading YAML."""
    assert shipped.FROZEN.exists(), "the install did not make budget_audit/_shipped.pickle (see hatch_build.py)"


def test_a_check_without_the_cache_does_not_read_yaml_when_the_build_parsed_the_rules():
    if shipped.thaw(default_rule_files()) is None:
        pytest.skip("the package's files changed since its install: reinstall (pip install -e .)")
    loaded = modules_loaded_by(["check", "--no-cache", "--format", "json", str(SAMPLE)], ("yaml",))
    assert loaded == []
