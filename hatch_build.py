"""Build hook: compile the PDF reader's per-glyph loops (budget_audit/ingest/pdfium_walk.c).

The library is plain C with no Python or PDFium headers (PDFium's functions are handed to it
at run time), so any C compiler builds it: ``$CC``, else ``cc`` or ``gcc`` on the path. It is
written beside its source, which serves an editable install as well as a wheel. Without a
compiler, or if compiling fails, the build goes on with a warning: the reader then makes the
same calls from Python, with the same results, slower. The source's digest is compiled in,
so a library left from an older source is never loaded (budget_audit/ingest/pdfium_native.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("budget_audit", "ingest", "pdfium_walk.c")
LIBRARY = SOURCE.with_name("_pdfium_walk.so")


def source_digest(source: Path) -> int:
    """The source's CRC-32: what the library and its loader compare."""
    return zlib.crc32(source.read_bytes())


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        source, library = Path(self.root) / SOURCE, Path(self.root) / LIBRARY
        compiler = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
        if compiler is None or sys.platform == "win32":
            print("budget-audit: no C compiler; the PDF reader will make its PDFium calls from Python (slower)")
            return
        partial = library.with_suffix(".so.partial")
        command = [compiler, "-O2", "-ffp-contract=off", "-shared", "-fPIC",
                   f"-DSOURCE_DIGEST={source_digest(source)}ULL", "-o", str(partial), str(source)]
        try:
            subprocess.run(command, check=True, capture_output=True, text=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", "") or str(exc)
            print(f"budget-audit: compiling {SOURCE} failed; the PDF reader will make its PDFium calls from Python"
                  f" (slower): {detail.strip()}")
            partial.unlink(missing_ok=True)
            return
        os.replace(partial, library)
        build_data["artifacts"].append(LIBRARY.as_posix())
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
