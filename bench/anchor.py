"""What the speed benchmarks share: the anchor (the code before the speed work, exported from
git), and whole-process measures of a command — wall time, CPU time, peak memory.

Not a benchmark itself. The anchor is commit ANCHOR (override with ``--before REF``): its
tree is exported to a temporary folder and run with ``PYTHONPATH`` pointing there, in the
same Python, so "before" and "after" differ by the code only. Runs are interleaved (before,
after, before, …) so both see the same machine load; medians are quoted.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import hatch_build  # noqa: E402 - the project's build hook, which compiles an exported tree's C loops too

ANCHOR = "59d08fb"  # main before issue 11's start-up, cache, linear-cost and progress work
CORPUS = Path(os.environ.get("BUDGET_AUDIT_CORPUS", "/nonexistent"))  # a folder of real disclosures, if you have one


@dataclass
class Measure:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and its children
    peak_mb: float  # peak resident memory of the largest process
    status: int
    output: bytes = b""  # stdout, when asked for


def export(ref: str, into: Path) -> Path:
    """The tree of commit ``ref`` in ``into`` (git archive), for running the code as it was."""
    archive = into / "tree.tar"
    with archive.open("wb") as f:
        subprocess.run(["git", "-C", str(ROOT), "archive", ref], stdout=f, check=True)
    target = into / "tree"
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    # compiled now, as this tree's are: a first run compiling every module would count its time and memory
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(target / "budget_audit")], check=True)
    # and its C loops and parsed rules, as its install would make them
    cc = hatch_build.compiler()
    if cc is not None:
        hatch_build.build_libraries(target, cc)
    hatch_build.freeze_rules(target)
    return target


def run(argv: list[str], code: Path, cwd: Path, env: dict[str, str] | None = None, keep_output: bool = False) -> Measure:
    """``python -m budget_audit ARGV`` with the package of ``code``; stdout kept only if asked."""
    environment = {**os.environ, "PYTHONPATH": str(code), "NO_COLOR": "1", **(env or {})}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err_file:  # files, not pipes: nothing fills up
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "budget_audit", *argv], cwd=cwd, env=environment,
                                stdin=subprocess.DEVNULL, stdout=out if keep_output else subprocess.DEVNULL, stderr=err_file)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        exit_code = os.waitstatus_to_exitcode(status)
        err_file.seek(0)
        out.seek(0)
        if exit_code not in (0, 1):
            raise RuntimeError(f"{' '.join(argv)} exited {exit_code}: {err_file.read().decode(errors='replace').strip()[:300]}")
        return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, exit_code, out.read())


def median(measures: list[Measure]) -> Measure:
    return Measure(
        statistics.median(m.wall for m in measures),
        statistics.median(m.cpu for m in measures),
        max(m.peak_mb for m in measures),
        measures[0].status,
    )


def ratio(before: float, after: float) -> str:
    return f"{before / after:5.1f}x" if after > 0 else "   n/a"


def workdir() -> tempfile.TemporaryDirectory:
    """A scratch folder: the commands run there, so no configuration file is found and caches land there.
    Warns first when this tree would be measured on its fallbacks (``stale_build``)."""
    for what in stale_build():
        print(f"warning: {what}; run `pip install -e .` first, or this tree is measured on its fallback", file=sys.stderr)
    return tempfile.TemporaryDirectory(prefix="budget-audit-bench-")


# what an install of this tree makes, asked of a fresh interpreter (the bench itself imports none of it)
_BUILT = (
    "from budget_audit import shipped; from budget_audit.ingest import layout_native, pdfium_native;"
    "from budget_audit.rules.engine import default_rule_files;"
    "print(pdfium_native.load() is not None, layout_native.load() is not None,"
    " shipped.thaw(default_rule_files()) is not None)"
)


def stale_build() -> list[str]:
    """What of this tree's install is missing or older than its files: the compiled loops (where a
    compiler is), the shipped rules as the build parsed them."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", _BUILT], env=environment, capture_output=True, text=True, check=False)
    flags = out.stdout.split()
    if len(flags) != 3:
        return [f"this tree cannot be imported ({out.stderr.strip()[-200:]})"]
    names = ("the PDF reader's compiled loops", "the compiled page layout", "the shipped rules as parsed at build")
    wanted = (hatch_build.compiler() is not None,) * 2 + (True,)
    return [f"{name} not built or older than the files"
            for name, flag, want in zip(names, flags, wanted, strict=True) if want and flag != "True"]


def row(label: str, before: Measure | None, after: Measure, memory: bool = False) -> str:
    """One line: label, before and after medians (wall, CPU), and how many times faster."""
    if before is None:
        cells = f"{'':>19}"
        speed = "      "
    else:
        cells = f"{before.wall:7.3f} s {before.cpu:6.3f} s"
        speed = ratio(before.wall, after.wall)
    line = f"{label:34} {cells}   {after.wall:7.3f} s {after.cpu:6.3f} s   {speed}"
    if memory:
        line += f"   {before.peak_mb if before else float('nan'):7.0f} MB → {after.peak_mb:5.0f} MB"
    return line


HEADER = f"{'':34} {'before: wall    cpu':>19}   {'after: wall    cpu':>18}   faster"


def pdf_inputs(args: list[str], every: int = 1, corpus: Path = CORPUS) -> list[Path]:
    """The PDFs named (files, or every PDF of a folder by name), every ``every``-th; none named:
    those of ``corpus`` (BUDGET_AUDIT_CORPUS), else the test PDFs."""
    if not args:
        args = [str(corpus if corpus.is_dir() else ROOT / "tests" / "data" / "pdf")]
    files: list[Path] = []
    for a in args:
        p = Path(a).resolve()  # absolute: the commands measured run in a folder of their own
        files.extend(sorted(p.glob("*.pdf")) if p.is_dir() else [p])
    return files[::every]
