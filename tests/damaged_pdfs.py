"""PDFs with bytes overwritten at random (seeded), and a script reading them in a child process:
the compiled loops are held to the Python ones on whatever PDFium still makes of a damaged file,
and a crash in C would end the process, so the reading runs in a child whose exit is checked."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT / "tests" / "data" / "pdf"


def original_pdfs() -> list[Path]:
    """The test PDFs the damaged copies are made from."""
    return [*sorted(PDFS.glob("*.pdf")), *sorted((PDFS / "extra").glob("*.pdf"))]


def damaged_copies(paths: list[Path], folder: Path, copies: int = 8, seed: int = 11) -> list[Path]:
    """``copies`` of each file, each with 1 to 30 bytes overwritten at random."""
    rng, out = random.Random(seed), []
    for path in paths:
        original = path.read_bytes()
        for k in range(copies):
            data = bytearray(original)
            for _ in range(rng.choice([1, 3, 10, 30])):
                data[rng.randrange(len(data))] = rng.randrange(256)
            damaged = folder / f"{path.stem}.{k}.pdf"
            damaged.write_bytes(data)
            out.append(damaged)
    return out


def opened_pages(paths: list[str], pages: int = 4) -> Iterator[tuple[object, int]]:
    """(document, page index) of the first ``pages`` pages of each file PDFium still opens (in the
    child: ``from tests.damaged_pdfs import opened_pages``)."""
    from budget_audit.ingest.pdfium_page import open_pdf

    for path in paths:
        try:
            doc = open_pdf(path)
        except Exception:  # noqa: BLE001 - damaged past opening: nothing to compare
            continue
        with doc:
            for i in range(min(len(doc), pages)):
                yield doc, i


def run_in_child(script: str, folder: Path) -> list[str]:
    """``script`` run by a fresh interpreter over damaged copies of the test PDFs (their paths in
    ``sys.argv[1:]``, this project importable); the words it prints. Fails when the child does not
    exit cleanly."""
    code = folder / "damaged.py"
    code.write_text(script)
    paths = [str(p) for p in damaged_copies(original_pdfs(), folder)]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    out = subprocess.run([sys.executable, str(code), *paths], capture_output=True, text=True, timeout=300,
                         env=environment)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.split()
