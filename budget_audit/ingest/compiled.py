"""Loading a C library the build compiled beside its source (``hatch_build.py``).

Each library has the CRC-32 of its source compiled in; one built from another source than the
one beside it (an editable install whose C changed since) is not loaded, nor one built for
another machine. ``BUDGET_AUDIT_NATIVE=0`` in the environment turns every library off (to
compare with the Python loops, or to debug); the callers then run those loops.
"""

from __future__ import annotations

import ctypes
import os
import zlib
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def source_digest(source: Path) -> int:
    """The source's CRC-32, as hatch_build.py compiles it in (zlib is loaded already; hashlib
    would add its import to every start)."""
    return zlib.crc32(source.read_bytes())


def load_library(source: Path, library: Path) -> ctypes.CDLL | None:
    """The library built from ``source``, or None: turned off, not built, not loadable here, or
    built from another source."""
    if os.environ.get("BUDGET_AUDIT_NATIVE", "1") == "0" or not library.exists():
        return None
    try:
        lib = ctypes.CDLL(str(library))
        lib.source_digest.restype = ctypes.c_uint64
        return lib if lib.source_digest() == source_digest(source) else None
    except (OSError, AttributeError):  # built for another machine, or an older build
        return None


def load_bound(source: Path, library: Path, bind: Callable[[ctypes.CDLL], T]) -> T | None:
    """``bind`` (a class taking the library) applied to the library built from ``source``, or
    None: not loadable (``load_library``), or an older build without one of its functions."""
    lib = load_library(source, library)
    try:
        return None if lib is None else bind(lib)
    except AttributeError:
        return None


def declare(fn: Any, *argtypes: Any, restype: Any = ctypes.c_int) -> Any:
    """A library function with its argument and result types set."""
    fn.restype = restype
    fn.argtypes = list(argtypes)
    return fn


def address(buffer: array) -> int:
    """Where an array's items are, to pass as a pointer (the array must outlive the call)."""
    return buffer.buffer_info()[0]
