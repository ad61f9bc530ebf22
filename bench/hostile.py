"""How fast the hostile inputs of issue 15 are refused, and with how much memory.

Not a test (tests/test_limits.py asserts the refusals): each input is made on the fly
(tests/hostile.py), checked by the real command line under the default limits, and its
exit status, wall time, peak memory (max RSS of the child) and stderr line are printed.

    python bench/hostile.py
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import hostile  # noqa: E402

INPUTS = {
    "inflate-bomb.pdf (2 GiB, 2 layers)": lambda: hostile.inflate_bomb_pdf(gib=2, layers=2),
    "empty-pages.pdf (10,000 pages)": lambda: hostile.empty_pages_pdf(10_000),
    "million-lines.txt": lambda: hostile.many_lines_text(1_000_000),
    "nested.html (100,000 deep)": lambda: hostile.nested_html(100_000),
    "dense-page.pdf (220,000 chars)": lambda: hostile.text_pdf(["1234567890 " * 10] * 2000),
}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'input':36} {'KiB':>7} {'exit':>4} {'s':>6} {'MiB':>6}  stderr")
        for name, make in INPUTS.items():
            path = Path(folder) / name.split(" ")[0]
            path.write_bytes(make())
            start = time.perf_counter()
            out = subprocess.run([sys.executable, "-m", "budget_audit", "check", str(path)], capture_output=True)
            seconds = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            line = out.stderr.decode().strip().replace(folder + "/", "")
            print(f"{name:36} {path.stat().st_size / 1024:7.0f} {out.returncode:4} {seconds:6.1f} {peak:6.0f}  {line}")
        print("(MiB: the largest child so far; the command's start-up alone takes about 40 MiB and 1-3 s here)")


if __name__ == "__main__":
    main()
