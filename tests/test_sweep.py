"""The sweep (budget_audit/sweep.py): shards cover a list once, JSON lines resume, a merge is a check report."""

from __future__ import annotations

import json

from budget_audit import sweep
from budget_audit.runner import CheckOptions, run_check

from .conftest import SAMPLE_FILES

PATHS = [str(p) for p in SAMPLE_FILES]


def _list(tmp_path, paths=PATHS):
    listing = tmp_path / "files.txt"
    listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
    return listing


def test_every_document_is_in_exactly_one_shard():
    names = [f"doc-{i}.pdf" for i in range(200)]
    owners = [[s for s in range(1, 8) if sweep.in_shard(n, s, 7)] for n in names]
    assert all(len(o) == 1 for o in owners)
    assert len({o[0] for o in owners}) == 7  # every shard gets some


def test_shards_merged_are_the_check_report(tmp_path):
    listing = _list(tmp_path)
    outputs = [tmp_path / f"{i}.jsonl" for i in (1, 2, 3)]
    for i, out in enumerate(outputs, start=1):
        assert sweep.main(["run", str(listing), "--shard", f"{i}/3", "-o", str(out)]) == 0
    merged = sweep.merge(outputs)
    direct = json.loads(run_check(CheckOptions(paths=PATHS, format="json", isolated=True, no_cache=True, jobs=1)).text)
    assert [d["path"] for d in merged["documents"]] == sorted(PATHS)
    by_path = {d["path"]: d for d in direct["documents"]}
    for doc in merged["documents"]:
        assert doc["findings"] == by_path[doc["path"]]["findings"]
    assert {k: merged["summary"][k] for k in ("documents", "errors", "warnings")} == \
        {k: direct["summary"][k] for k in ("documents", "errors", "warnings")}


def test_a_shard_run_again_checks_nothing_and_repairs_a_cut_line(tmp_path, monkeypatch):
    listing = _list(tmp_path)
    out = tmp_path / "all.jsonl"
    sweep.main(["run", str(listing), "-o", str(out)])
    lines = out.read_bytes().splitlines()
    out.write_bytes(b"\n".join(lines[:-1]) + b"\n" + lines[-1][:20])  # killed while writing the last line
    checked = []
    real = sweep._check
    monkeypatch.setattr(sweep, "_check", lambda p: checked.append(p) or real(p))
    sweep.main(["run", str(listing), "-o", str(out)])
    assert len(checked) == 1
    assert len(out.read_bytes().splitlines()) == len(PATHS)
    sweep.main(["run", str(listing), "-o", str(out)])
    assert len(checked) == 1


def test_a_failing_document_is_reported_and_the_shard_goes_on(tmp_path, monkeypatch):
    listing = _list(tmp_path)
    out = tmp_path / "all.jsonl"
    from budget_audit import audit as audit_module

    real = audit_module.read_document

    def crash_on_first(path, *args, **kwargs):
        if path == PATHS[0]:
            raise RuntimeError("boom")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(audit_module, "read_document", crash_on_first)
    assert sweep.main(["run", str(listing), "-o", str(out)]) == 1
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    failed = [x for x in lines if x.get("failed")]
    assert [x["path"] for x in failed] == [PATHS[0]] and "boom" in failed[0]["error"]
    assert len(lines) == len(PATHS)
    monkeypatch.setattr(audit_module, "read_document", real)
    assert sweep.main(["run", str(listing), "-o", str(out)]) == 0  # the retry checks the failed one only
    assert sweep.merge([out])["summary"]["failed"] == 0


def _cluster():
    """A local Dask cluster of two worker processes, started by the test (the extra is a test dependency)."""
    import pytest

    distributed = pytest.importorskip("distributed")
    return distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)


def test_a_dask_cluster_checks_each_document_as_a_task_and_gives_the_check_report(tmp_path):
    listing, out = _list(tmp_path), tmp_path / "dask.jsonl"
    with _cluster() as cluster:
        assert sweep.main(["run", str(listing), "-o", str(out), "--dask", cluster.scheduler_address]) == 0
    merged = sweep.merge([out])
    direct = json.loads(run_check(CheckOptions(paths=PATHS, format="json", isolated=True, no_cache=True, jobs=1)).text)
    by_path = {d["path"]: d for d in direct["documents"]}
    assert sorted(d["path"] for d in merged["documents"]) == sorted(PATHS)
    for doc in merged["documents"]:
        assert doc["findings"] == by_path[doc["path"]]["findings"]


def test_a_dask_sweep_resumes_and_reports_a_document_that_fails(tmp_path):
    listing, out = _list(tmp_path, [*PATHS[:2], str(tmp_path / "missing.txt")]), tmp_path / "dask.jsonl"
    out.write_text(json.dumps({"path": PATHS[0], "sha256": sweep._digest(PATHS[0]), "findings": []}) + "\n", encoding="utf-8")
    with _cluster() as cluster:
        sweep.main(["run", str(listing), "-o", str(out), "--dask", cluster.scheduler_address])
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["path"] for x in lines].count(PATHS[0]) == 1  # done before: not checked again
    assert {x["path"] for x in lines[1:]} == {PATHS[1], str(tmp_path / "missing.txt")}
    (missing,) = [x for x in lines if x["path"].endswith("missing.txt")]
    assert missing["error"] and not missing.get("findings")


_DYING = """
import os, sys
from budget_audit import sweep
checked = sweep._check
def _check(path):
    if path == sys.argv[1]:
        os._exit(3)  # the worker dies, as when it is killed for its memory or a PDF library crashes
    return checked(path)
_check.__module__ = sweep.__name__
sweep._check = _check
sys.exit(sweep.main(sys.argv[2:]))
"""


def test_a_worker_that_dies_is_one_failed_line_and_the_shard_goes_on(tmp_path):
    import subprocess
    import sys

    listing, out = _list(tmp_path), tmp_path / "out.jsonl"
    run = subprocess.run([sys.executable, "-c", _DYING, PATHS[0], "run", str(listing), "-o", str(out), "-j", "2"],
                         capture_output=True, text=True, timeout=300)
    assert "Traceback" not in run.stderr and run.returncode == 1  # 1: a document failed, run again to retry it
    lines = {line["path"]: line for line in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(lines) == set(PATHS)
    assert lines[PATHS[0]]["failed"] and "ended abruptly" in lines[PATHS[0]]["error"]
    assert not any(lines[p].get("failed") for p in PATHS[1:])
