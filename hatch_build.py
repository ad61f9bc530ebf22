"""Build hook: compile the PDF reader's per-glyph loops — budget_audit/ingest/pdfium_walk.c (reading
a page through PDFium) and budget_audit/ingest/page_layout.c (finding its tables and laying its
glyphs in their cells) — and parse the shipped rules and catalogues once (budget_audit/shipped.py),
so no check pays for reading their YAML.

The libraries are plain C with no Python or PDFium headers (PDFium's functions are handed to the
reader at run time), so any C compiler builds them: ``$CC``, else ``cc`` or ``gcc`` on the path.
Each is written beside its source, which serves an editable install as well as a wheel. Without a
compiler, or if compiling fails, the build goes on with a warning: the reader then runs the same
loops in Python, with the same results, slower. Each source's digest is compiled in, so a library
left from an older source is never loaded (budget_audit/ingest/compiled.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # imported outside a build (bench/anchor.py builds an exported tree): no hook needed
    BuildHookInterface = object  # type: ignore[assignment,misc]

FOLDER = Path("budget_audit", "ingest")
SOURCES = (FOLDER / "pdfium_walk.c", FOLDER / "page_layout.c")
FROZEN = Path("budget_audit", "_shipped.pickle")  # budget_audit.shipped.FROZEN


def library_of(source: Path) -> Path:
    """Where the library built from ``source`` goes: ``_<name>.so`` beside it."""
    return source.with_name(f"_{source.stem}.so")


def source_digest(source: Path) -> int:
    """The source's CRC-32: what the library and its loader compare."""
    return zlib.crc32(source.read_bytes())


def compiler() -> str | None:
    """The C compiler to build with: ``$CC``, else ``cc`` or ``gcc`` on the path (none on Windows)."""
    if sys.platform == "win32":
        return None
    return os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")


def build_libraries(root: Path, cc: str) -> list[Path]:
    """Compile each of ``SOURCES`` present under ``root``; the libraries made (relative to it).
    A source that fails to compile is warned about and left to its Python loops."""
    made = []
    for source in SOURCES:
        if not (root / source).exists():  # an older tree (bench/anchor.py) may have fewer
            continue
        path, library = root / source, root / library_of(source)
        partial = library.with_suffix(".so.partial")
        command = [cc, "-O2", "-ffp-contract=off", "-shared", "-fPIC",
                   f"-DSOURCE_DIGEST={source_digest(path)}ULL", "-o", str(partial), str(path)]
        try:
            subprocess.run(command, check=True, capture_output=True, text=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", "") or str(exc)
            print(f"budget-audit: compiling {source} failed; the PDF reader will run its loops in Python"
                  f" (slower): {detail.strip()}")
            partial.unlink(missing_ok=True)
            continue
        os.replace(partial, library)
        made.append(library_of(source))
    return made


def freeze_rules(root: Path) -> bool:
    """Parse the shipped rules and catalogues of the tree at ``root`` into ``FROZEN`` (with this
    Python, which has PyYAML: a build requirement); False, with a warning, when that fails —
    checks then read the YAML, as from a checkout whose files changed since."""
    if not (root / "budget_audit" / "shipped.py").exists():  # an older tree (bench/anchor.py)
        return False
    command = [sys.executable, "-c", "from budget_audit.shipped import freeze; freeze()"]
    # the tree first, and whatever gives this Python its build requirements (pip's isolated build
    # environment adds them through PYTHONPATH: replacing it would leave PyYAML out)
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    try:
        subprocess.run(command, cwd=root, env=environment, check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        print(f"budget-audit: parsing the shipped rules failed; checks will read their YAML: {detail.strip()[-500:]}")
        return False
    return True


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        if freeze_rules(Path(self.root)):
            build_data["artifacts"].append(FROZEN.as_posix())
        cc = compiler()
        if cc is None:
            print("budget-audit: no C compiler; the PDF reader will run its loops in Python (slower)")
            return
        made = build_libraries(Path(self.root), cc)
        build_data["artifacts"].extend(library.as_posix() for library in made)
        if made:
            build_data["pure_python"] = False
            build_data["infer_tag"] = True
