"""Text loader: UTF-8 (with or without BOM) or GB18030/GBK, detected, never asked."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from budget_audit import limits
from budget_audit.controls import visible_lines
from budget_audit.errors import InputError

ENCODINGS = ("utf-8", "gb18030")

# A page number left by the extraction: "3", "— 3 —", "第 3 页", "3/20".
PAGE_NUMBER = re.compile(r"^[-—－\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*(?:共\s*)?\d{1,4}\s*页?)?[-—－\s]*$")


def existing_file(path: str) -> Path:
    """The path, if it names a file; a clear error otherwise."""
    p = Path(path)
    if not p.exists():
        raise InputError(path, "no such file")
    if p.is_dir():
        raise InputError(path, "is a directory, expected a disclosure file")
    return p


def read_source(path: str) -> bytes:
    """Read bytes from a path or ``-`` (stdin), with a clear error for anything unreadable
    and no more than the file-mb limit read into memory."""
    if path == "-":
        bound = limits.file_byte_bound()
        data = sys.stdin.buffer.read() if bound is None else sys.stdin.buffer.read(bound + 1)
        limits.check_file_size(path, len(data))
        return data
    p = existing_file(path)
    try:
        limits.check_file_size(path, p.stat().st_size)
        return p.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read file ({exc.strerror or exc})") from None


def bounded_text(data: bytes, path: str) -> str:
    """``decode`` within the chars limit: bytes that cannot be fewer characters are refused undecoded."""
    bound = limits.active().chars
    if bound and len(data) > 4 * bound + 4:  # no encoding takes more than 4 bytes a character
        limits.check_chars(path, len(data) // 4)
    text = decode(data, path)
    limits.check_chars(path, len(text))
    return text


def decode(data: bytes, path: str) -> str:
    """Decode UTF-16 by its BOM, else try UTF-8 first (BOM stripped), then GB18030 (covers GBK and GB2312)."""
    if not data.strip():
        raise InputError(path, "file is empty")
    for bom, encoding in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):  # Windows "Unicode" text: only with its BOM, never guessed
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise InputError(path, f"cannot decode text: it starts with a {encoding[:6].upper()} BOM but is not UTF-16") from None
    if b"\x00" in data[:4096]:
        raise InputError(path, "looks like a binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(path, "cannot decode text: neither UTF-8 nor GB18030/GBK")


def load_text(path: str, data: bytes | None = None) -> list[str]:
    """Raw lines of a text disclosure, line i+1 at index i (``data``: bytes already read, e.g. from stdin)."""
    text = bounded_text(read_source(path) if data is None else data, path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    limits.check_lines(path, len(lines))
    return visible_lines(lines)
