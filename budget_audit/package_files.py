"""The package's own files, in one stable order: what a key over "this version of the tool" reads
(the cache's tool fingerprint, the digest of the shipped rules as the build parsed them)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def package_files(suffixes: tuple[str, ...], skip: tuple[str, ...] = (), root: Path = PACKAGE
                  ) -> Iterator[tuple[str, str]]:
    """(name relative to ``root``, path) of each file below it (the package) ending in one of
    ``suffixes``, folders and files by name, compiled bytecode and the folders named in ``skip``
    left out."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and d not in skip)
        for name in sorted(files):
            if name.endswith(suffixes):
                path = os.path.join(folder, name)
                yield os.path.relpath(path, root), path
