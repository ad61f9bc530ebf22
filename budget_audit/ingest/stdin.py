"""Standard input (``-``): text or a PDF, told apart by the ``%PDF`` header.

pdfplumber needs a seekable file, and stdin is a pipe, so a PDF read from stdin is spooled
to a temporary file that is removed as soon as it has been read.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress

STDIN = "-"


def is_pdf_data(data: bytes) -> bool:
    """PDF readers accept the header anywhere in the first KiB; so do we."""
    return b"%PDF-" in data[:1024]


@contextmanager
def spooled(data: bytes, suffix: str = ".pdf") -> Iterator[str]:
    """A temporary file holding ``data``, deleted on exit."""
    fd, name = tempfile.mkstemp(prefix="budget-audit-stdin-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        yield name
    finally:
        with suppress(OSError):
            os.unlink(name)
