"""Resource bounds per document: a downloaded file must not exhaust memory or time (issue 15).

A CI step checks whatever a website published, so every document is read under limits on
its size, its pages, what its PDF streams inflate to, its characters and lines, the depth
of its HTML and the wall time spent on it. The defaults are far above any real disclosure
(``bench/limits.py`` prints the development corpus's largest figures next to them); a
document beyond one is refused with exit status 2 and one line naming the file and the
limit, before it can cost minutes or gigabytes. ``--limit NAME=N`` or the configuration's
``[limits]`` table raises a limit; 0 removes it.

The readers ask ``active()`` for the limits in force: ``applied`` sets them (and arms the
wall-time alarm) around one document, so no reader's signature carries them.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace

from budget_audit.errors import InputError, UsageError

MIB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Per-document bounds; 0 means no bound. Field names are the user's names with - for _."""

    file_mb: int = 256  # size of the file (or of standard input) before anything is read
    pages: int = 2_000  # pages of a PDF
    inflated_mb: int = 512  # what a PDF's compressed streams inflate to, all together
    page_chars: int = 100_000  # characters on one PDF page (each costs about 1 KiB while the page is read)
    chars: int = 5_000_000  # characters of text read from the document
    lines: int = 200_000  # lines of text read from the document
    html_depth: int = 1_000  # elements open inside one another in a web page
    seconds: int = 300  # wall time to read and check one document

    def set(self, name: str, value: int) -> Limits:
        return replace(self, **{name.replace("-", "_"): value})


NAMES = tuple(f.name.replace("_", "-") for f in fields(Limits))
DEFAULT = Limits()
WHAT = {
    "file-mb": "MiB of file",
    "pages": "pages",
    "inflated-mb": "MiB of decompressed PDF streams",
    "page-chars": "characters on one page",
    "chars": "characters",
    "lines": "lines",
    "html-depth": "levels of nested HTML elements",
    "seconds": "seconds",
}


class LimitExceeded(InputError):
    """A document beyond one of the limits: refused, exit status 2."""

    def __init__(self, path: str, name: str, bound: int, amount: str | None = None) -> None:
        self.limit = name
        amount = amount or f"more than {bound} {WHAT[name]}"
        super().__init__(path, f"{amount}: over the limit {name}={bound} (raise it with --limit {name}=N)")


def parse_limit(text: str, where: str = "--limit") -> tuple[str, int]:
    """``NAME=N`` as given on the command line; a clear error for anything else."""
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or name not in NAMES:
        raise UsageError(where, f"expected NAME=N with NAME one of {', '.join(NAMES)}, not {text!r}")
    return name, _count(value.strip(), name, where)


def _count(value: object, name: str, where: str) -> int:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise UsageError(where, f"limit {name} must be a whole number ≥ 0 (0: no limit), not {value!r}")
    return value


def from_table(table: object, where: str) -> dict[str, int]:
    """The configuration's ``[limits]`` table, validated."""
    if not isinstance(table, dict):
        raise UsageError(where, f"limits must be a table of NAME = N ({', '.join(NAMES)})")
    out = {}
    for name, value in table.items():
        if name not in NAMES:
            raise UsageError(where, f"unknown limit {name!r} (known: {', '.join(NAMES)})")
        out[name] = _count(value, name, where)
    return out


def resolve(config: dict[str, int] | None = None, options: list[str] | None = None) -> Limits:
    """Defaults, then the configuration's values, then the command line's."""
    limits = DEFAULT
    for name, value in (config or {}).items():
        limits = limits.set(name, value)
    for text in options or []:
        limits = limits.set(*parse_limit(text))
    return limits


# --- the limits in force for the document being read -------------------------------------

_ACTIVE: ContextVar[Limits] = ContextVar("budget_audit_limits", default=DEFAULT)
_DEADLINE: ContextVar[float | None] = ContextVar("budget_audit_deadline", default=None)


def active() -> Limits:
    """The limits of the document being read (the defaults outside ``applied``)."""
    return _ACTIVE.get()


class _Expired(BaseException):
    """Raised by the alarm; a BaseException so that no reader's ``except Exception`` eats it."""


@contextmanager
def applied(limits: Limits, path: str) -> Iterator[None]:
    """Read and check one document under ``limits``; past ``seconds``, raise LimitExceeded.

    On POSIX the alarm interrupts Python code anywhere (between two calls into PDFium, in a
    parse loop); elsewhere, and off the main thread, readers still call ``tick`` between pages.
    """
    token = _ACTIVE.set(limits)
    seconds = limits.seconds
    deadline = _DEADLINE.set(time.monotonic() + seconds if seconds else None)
    alarm = bool(seconds) and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGALRM, _ring) if alarm else None
    try:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except _Expired:
        raise LimitExceeded(path, "seconds", seconds, f"not done after {seconds} s") from None
    finally:
        if alarm:
            signal.signal(signal.SIGALRM, previous)
        _DEADLINE.reset(deadline)
        _ACTIVE.reset(token)


def _ring(signum: int, frame: object) -> None:
    raise _Expired


def tick(path: str) -> None:
    """Between two steps of a long read: refuse once the wall time is spent."""
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise LimitExceeded(path, "seconds", active().seconds, f"not done after {active().seconds} s")


# --- checks the readers call ---------------------------------------------------------------


def check_file_size(path: str, size: int) -> None:
    bound = active().file_mb
    if bound and size > bound * MIB:
        raise LimitExceeded(path, "file-mb", bound, f"{size / MIB:.0f} MiB of file")


def file_byte_bound() -> int | None:
    """How many bytes may be read from a stream of unknown size (stdin), or None."""
    bound = active().file_mb
    return bound * MIB if bound else None


def check_pages(path: str, pages: int) -> None:
    bound = active().pages
    if bound and pages > bound:
        raise LimitExceeded(path, "pages", bound, f"{pages} pages")


def check_chars(path: str, chars: int) -> None:
    bound = active().chars
    if bound and chars > bound:
        raise LimitExceeded(path, "chars", bound)


def check_lines(path: str, lines: int) -> None:
    bound = active().lines
    if bound and lines > bound:
        raise LimitExceeded(path, "lines", bound)


def check_page_chars(path: str, page: int, chars: int) -> None:
    """Before a PDF page's characters become Python objects (about 1 KiB each)."""
    bound = active().page_chars
    if bound and chars > bound:
        raise LimitExceeded(path, "page-chars", bound, f"{chars} characters on page {page}")


def inflated_byte_bound() -> int | None:
    bound = active().inflated_mb
    return bound * MIB if bound else None


def check_html_depth(path: str, depth: int) -> None:
    bound = active().html_depth
    if bound and depth > bound:
        raise LimitExceeded(path, "html-depth", bound)
