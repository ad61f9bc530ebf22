"""The result cache (budget_audit/cache.py): a document checked before is not checked again,
and a report is never stale, never corrupt, never read through a link."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from budget_audit import audit as audit_module
from budget_audit import cache as cache_module
from budget_audit.cache import DIR_ENV, MAGIC, Cache

from .cli_runner import invoke
from .conftest import DOCS, SAMPLE_FILES

CONSISTENT = DOCS / "consistent.txt"
SAMPLE = next(p for p in SAMPLE_FILES if "aheqi" in p.name)  # has findings
ENV = {"LANG": "C.UTF-8", "NO_COLOR": None, "LC_ALL": None}


def check(*args: str, env: dict | None = None):
    return invoke(["check", "-j", "1", "--format", "json", *args], env={**ENV, **(env or {})})


def findings(out) -> list[dict]:
    return [f for doc in json.loads(out.stdout)["documents"] for f in doc["findings"]]


def entries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.parent.parent.name == "reports")


class CheckedAgain(Exception):
    pass


def refuse_checking(monkeypatch) -> None:
    """From now on a document that is checked (read and evaluated), not answered from the cache, raises."""

    def refuse(task, progress=None):
        raise CheckedAgain(task[0])

    monkeypatch.setattr(audit_module, "_check_one", refuse)


def broken(doc: Path) -> Path:
    """The consistent document with one income line changed: 一、本年收入 no longer adds up."""
    doc.write_text(CONSISTENT.read_text(encoding="utf-8").replace("一般公共预算拨款\t90.00", "一般公共预算拨款\t95.00", 1),
                   encoding="utf-8")
    return doc


@pytest.fixture
def copy(tmp_path):
    def _copy(source: Path = SAMPLE, name: str | None = None) -> Path:
        target = tmp_path / (name or source.name)
        target.write_bytes(source.read_bytes())
        return target

    return _copy


def test_a_second_check_is_answered_from_the_cache_with_the_same_report(copy, monkeypatch):
    doc = copy()
    first = check(str(doc))
    refuse_checking(monkeypatch)
    second = check(str(doc))
    assert first.exit_code == second.exit_code == 1
    assert second.stdout == first.stdout and findings(first)


def test_every_sample_report_comes_back_from_the_cache_whole(own_cache):
    outputs = [check(*map(str, SAMPLE_FILES)) for _ in range(2)]
    assert outputs[0].stdout == outputs[1].stdout
    assert len(entries(own_cache)) == len(SAMPLE_FILES)


def test_a_changed_document_is_checked_again(copy):
    doc = copy(CONSISTENT, "doc.txt")
    assert findings(check(str(doc))) == []
    assert findings(check(str(broken(doc)))) != []


def test_a_changed_rule_file_is_read_again_and_invalidates_reports(copy, tmp_path):
    doc = broken(copy(CONSISTENT, "doc.txt"))
    rules = tmp_path / "rules.yaml"
    rule = "rules:\n  - id: X.lines\n    title: lines\n    check: rollup\n    by: enumeration\n    tables: [收支总表]\n    severity: {}\n"
    rules.write_text(rule.format("error"), encoding="utf-8")
    first = findings(check("--rules", str(rules), "--fail-on", "never", str(doc)))
    rules.write_text(rule.format("warning"), encoding="utf-8")
    second = findings(check("--rules", str(rules), "--fail-on", "never", str(doc)))
    assert first and {f["severity"] for f in first} == {"error"}
    assert {f["severity"] for f in second} == {"warning"}


def test_the_rules_selected_are_part_of_the_key(copy):
    doc = copy()
    only_sc = {f["rule"][:3] for f in findings(check("--select", "SC.", str(doc)))}
    everything = {f["rule"][:3] for f in findings(check(str(doc)))}
    assert only_sc <= {"SC."} and everything - {"SC."}


def test_no_cache_neither_reads_nor_writes(copy, own_cache, monkeypatch):
    doc = copy()
    check("--no-cache", str(doc))
    assert not own_cache.exists() or entries(own_cache) == []
    check(str(doc))
    assert entries(own_cache)
    refuse_checking(monkeypatch)
    with pytest.raises(CheckedAgain):
        check("--no-cache", str(doc))


def test_the_environment_can_turn_the_cache_off(copy, own_cache):
    check(str(copy()), env={cache_module.OFF_ENV: "1"})
    assert not own_cache.exists() or entries(own_cache) == []


@pytest.mark.parametrize("damage", [b"", b"garbage", MAGIC, MAGIC + b"0" * 64 + b"\n" + b"\x80\x05truncated"])
def test_a_corrupt_entry_is_a_miss_not_an_error(copy, own_cache, damage):
    doc = copy()
    first = check(str(doc))
    for entry in entries(own_cache):
        entry.write_bytes(damage)
    second = check(str(doc))
    assert second.exit_code == first.exit_code and second.stdout == first.stdout and second.stderr == ""


def test_an_entry_that_would_run_code_is_refused(copy, own_cache, tmp_path):
    doc = copy()
    check(str(doc))
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    for entry in entries(own_cache):
        key = entry.name
        entry.write_bytes(MAGIC + key.encode() + b"\n" + pickle.dumps(Payload()))
    out = check(str(doc))
    assert not marker.exists() and out.stdout and findings(out)


def test_parallel_runs_sharing_a_cache_agree_and_leave_whole_entries(own_cache):
    command = [sys.executable, "-m", "budget_audit", "check", "-j", "2", "--format", "json", *map(str, SAMPLE_FILES)]
    env = {**os.environ, DIR_ENV: str(own_cache)}
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, env=env) for _ in range(3)]
    outputs = {run.communicate(timeout=300)[0] for run in runs}
    assert len(outputs) == 1
    cache = Cache.open(own_cache)
    assert cache is not None
    for entry in entries(own_cache):
        assert cache.load_report(entry.name) is not None
    assert not [p for p in own_cache.rglob(".tmp-*")]  # no temporary file left behind


def test_a_cache_folder_that_is_a_link_is_not_used(copy, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / "linked-cache"
    link.symlink_to(elsewhere)
    out = check(str(copy()), env={DIR_ENV: str(link)})
    assert findings(out) and list(elsewhere.iterdir()) == []


def test_an_entry_that_is_a_link_is_not_followed(copy, own_cache, tmp_path):
    doc = copy()
    first = check(str(doc))
    secret = tmp_path / "secret"
    secret.write_bytes(b"not for the cache")
    for entry in entries(own_cache):
        entry.unlink()
        entry.symlink_to(secret)
    second = check(str(doc))
    assert second.stdout == first.stdout
    assert secret.read_bytes() == b"not for the cache"  # replaced the link, never wrote through it


def test_the_folder_says_it_is_a_cache_and_is_ignored_by_git(copy, own_cache):
    check(str(copy()))
    assert (own_cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (own_cache / ".gitignore").read_text().splitlines()[-1] == "*"


def test_another_tool_version_misses_and_its_entries_are_removed(copy, own_cache, monkeypatch):
    doc = copy()
    check(str(doc))
    (old,) = [p for p in own_cache.iterdir() if p.is_dir()]
    monkeypatch.setattr(cache_module, "tool_fingerprint", lambda: "0" * 16)
    refuse_checking(monkeypatch)
    with pytest.raises(CheckedAgain):
        check(str(doc))
    assert not old.exists()


def test_a_file_that_changes_while_it_is_checked_is_not_kept(copy, own_cache, monkeypatch):
    doc = copy()
    real = audit_module._check_one

    def check_then_edit(task, progress=None):
        report = real(task, progress)
        doc.write_text(doc.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        return report

    monkeypatch.setattr(audit_module, "_check_one", check_then_edit)
    check(str(doc))
    assert entries(own_cache) == []


def test_an_unreadable_document_is_not_kept(own_cache, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert check(str(empty)).exit_code == 2
    assert entries(own_cache) == []


def test_the_cache_folder_comes_from_option_environment_configuration_then_default(tmp_path, monkeypatch):
    from budget_audit.cache import chosen_dir, default_dir

    monkeypatch.delenv(DIR_ENV)
    root = tmp_path / "project"
    assert default_dir(root) == root / ".budget_audit_cache"
    assert chosen_dir(None, None, root) == root / ".budget_audit_cache"
    assert chosen_dir(None, "conf", root) == Path("conf")
    monkeypatch.setenv(DIR_ENV, "env")
    assert chosen_dir(None, "conf", root) == Path("env")
    assert chosen_dir("option", "conf", root) == Path("option")


def test_the_default_folder_is_beside_the_configuration(tmp_path, monkeypatch):
    monkeypatch.delenv(DIR_ENV)
    project = tmp_path / "project"
    (project / "sub").mkdir(parents=True)
    (project / "budget-audit.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    doc = project / "sub" / "doc.txt"
    doc.write_bytes(SAMPLE.read_bytes())
    monkeypatch.chdir(project / "sub")
    check("doc.txt")
    assert (project / ".budget_audit_cache" / "CACHEDIR.TAG").is_file()
    assert not (project / "sub" / ".budget_audit_cache").exists()


def test_cache_dir_in_the_configuration_is_relative_to_it(tmp_path, monkeypatch):
    monkeypatch.delenv(DIR_ENV)
    (tmp_path / "budget-audit.toml").write_text('cache-dir = "build/cache"\n', encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_bytes(SAMPLE.read_bytes())
    monkeypatch.chdir(tmp_path)
    check(str(doc))
    assert (tmp_path / "build" / "cache" / "CACHEDIR.TAG").is_file()


def test_cache_dir_option_wins(copy, tmp_path):
    target = tmp_path / "mine"
    check("--cache-dir", str(target), str(copy()))
    assert entries(target)


def test_the_pdf_libraries_versions_are_the_installed_ones():
    """A PDF's report is kept under the PDF libraries' versions, read from their installed
    distributions' folders (importlib.metadata, which gives the same, costs each check 20 ms)."""
    from importlib.metadata import version

    from budget_audit import cache

    expected = ",".join(f"{name}={version(name)}" for name in ("pypdfium2", "pdfplumber", "pdfminer.six"))
    assert cache._pdf_stack() == expected


def test_a_library_not_installed_has_no_version():
    from budget_audit import cache

    assert cache._installed_version("no_such_module_here", "no-such-module-here") == "none"


def test_the_tool_fingerprint_covers_the_compiled_reader(tmp_path, monkeypatch):
    """A rebuilt reader library (or its C changed) is another tool: its reports are not reused."""
    (tmp_path / "module.py").write_text("x = 1\n")
    library = tmp_path / "_loops.so"
    library.write_bytes(b"one")
    monkeypatch.setattr(cache_module, "_PACKAGE", tmp_path)
    before = cache_module.tool_fingerprint()
    library.write_bytes(b"other build")
    assert cache_module.tool_fingerprint() != before


def test_a_check_with_its_rules_and_catalogue_kept_does_not_load_pyyaml(tmp_path):
    """The rule files and the subject catalogue are kept parsed, so a new document checked with
    a warm cache pays neither PyYAML's import nor the parsing (the catalogue was the last user)."""
    from .cli_runner import modules_loaded_by

    folder = str(tmp_path / "cache")
    first, second = SAMPLE_FILES[0], SAMPLE_FILES[1]
    modules_loaded_by(["check", "--cache-dir", folder, "--format", "json", str(first)], ())
    loaded = modules_loaded_by(["check", "--cache-dir", folder, "--format", "json", str(second)], ("yaml",
                               "budget_audit.rules.checks.subject_catalogue"))
    assert loaded == ["budget_audit.rules.checks.subject_catalogue"]  # checked, without PyYAML


def test_a_kept_catalogue_is_the_catalogue_read_and_another_file_is_another_entry(tmp_path):
    from budget_audit import subjects

    kept = Cache.open(tmp_path / "cache")
    assert kept is not None
    made = kept.kept([subjects.DATA], subjects.read_catalogue, subjects.Catalogue)
    again = Cache.open(tmp_path / "cache").kept([subjects.DATA], lambda: None, subjects.Catalogue)  # type: ignore[union-attr]
    read = subjects.read_catalogue()
    assert (again.subjects, again.covers) == (made.subjects, made.covers) == (read.subjects, read.covers)
    changed = tmp_path / "subjects.yaml"
    changed.write_text(subjects.DATA.read_text(encoding="utf-8").replace("covers:", "covers:  # edited", 1), encoding="utf-8")
    assert kept.kept([changed], lambda: "made anew", str) == "made anew"  # not the entry of the other file
