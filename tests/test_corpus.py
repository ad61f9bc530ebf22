"""A sample of the real development corpus, when it is at hand (beside the checkout, or named by
BUDGET_AUDIT_CORPUS): every document is read, and every error finding is one that was looked
at on its page (docs/review/corpus-findings.tsv) — a new misreading fails here, and so does a
real finding that is no longer made. Every 6th document of the corpus, so the test stays quick;
`python bench/corpus.py DIR --join-manifest` runs all of it."""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BUDGET_AUDIT_CORPUS", ROOT.parent / "shared" / "corpus" / "real"))
REVIEW = ROOT / "docs" / "review" / "corpus-findings.tsv"

pytestmark = pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").exists(), reason="the development corpus is not at hand")


@functools.cache
def _bench():
    """bench/corpus.py, the script that runs the whole corpus (not a package: loaded by path)."""
    spec = importlib.util.spec_from_file_location("corpus_bench", ROOT / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_bench"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _sample() -> list[list[str]]:
    if not (CORPUS / "MANIFEST.tsv").exists():
        return []
    bench = _bench()
    files = sorted(str(p) for p in CORPUS.iterdir() if p.suffix.lower() in bench.SUFFIXES)
    return bench._join_by_manifest(CORPUS, files)[::6]


def _reviewed(severity: str = "error") -> dict[tuple[str, str, str], str]:
    """Reviewed findings of one severity (the file's last column): (document, rule, location) → verdict."""
    rows = [line.split("\t") for line in REVIEW.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return {(r[0], r[1], r[2]): r[3] for r in rows if r[6] == severity}


@pytest.mark.parametrize("parts", _sample(), ids=lambda parts: Path(parts[0]).stem[:24])
def test_document_is_read_and_its_errors_are_the_reviewed_ones(parts, tmp_path):
    bench = _bench()
    outcome = bench.run_one(parts, str(tmp_path))
    assert outcome.crashed is None, outcome.crashed
    assert outcome.refused is None, outcome.refused
    name = " + ".join(Path(p).name for p in parts)
    reviewed = _reviewed()
    made = {(name, rule, f"{page}:{line}") for rule, severity, page, line, _ in outcome.findings if severity == "error"}
    assert made <= set(reviewed), f"error findings nobody has looked at: {sorted(made - set(reviewed))}"
    real = {k for k, verdict in reviewed.items() if k[0] == name and verdict == "real"}
    assert real <= made, f"real errors no longer found: {sorted(real - made)}"
    warned = {(name, rule, f"{page}:{line}") for rule, severity, page, line, _ in outcome.findings if severity == "warning"}
    real_warnings = {k for k, verdict in _reviewed("warning").items() if k[0] == name and verdict == "real"}
    assert real_warnings <= warned, f"reviewed real warnings no longer found: {sorted(real_warnings - warned)}"
