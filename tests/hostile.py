"""Hostile inputs, made on the fly and small on disk: the tests and bench/fuzz.py build them here.

Each maker returns bytes (or writes a file) that a CI step could download from a hostile
or broken website: a PDF whose streams inflate to gigabytes, a PDF of thousands of empty
pages, text of a million lines, an HTML page nested a hundred thousand deep, a YAML
"billion laughs". None of them holds a figure of a real disclosure.
"""

from __future__ import annotations

import zlib

_FULL = zlib.Z_FULL_FLUSH


def pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A well-formed PDF of ``objects`` (object i+1 is objects[i]), with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf(lines: list[str]) -> bytes:
    """One page printing ``lines`` (ASCII) in Helvetica: a PDF every reader can read."""
    ops = [b"BT /F1 10 Tf 14 TL 40 800 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"(" + escaped.encode("latin-1") + b") Tj T*")
    ops.append(b"ET")
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(b"\n".join(ops)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def repeated_deflate(block: bytes, times: int) -> bytes:
    """A zlib stream of ``block`` repeated ``times`` times, made without ever holding the
    whole: after a full flush the compressor's output for the same block repeats, so the
    middle is one compressed block copied. The stream has no end (a reader inflates until
    its data runs out), which is all a bomb needs."""
    c = zlib.compressobj(9)
    head = c.compress(block) + c.flush(_FULL)
    middle = c.compress(block) + c.flush(_FULL)
    return head + middle * (times - 1)


def inflate_bomb_pdf(gib: int = 2, layers: int = 2) -> bytes:
    """A one-page PDF whose content stream inflates to ``gib`` GiB of spaces.

    With two layers (/Filter [/FlateDecode /FlateDecode]) the file is a few KiB; with one
    it is about a thousandth of the inflated size."""
    mib = b" " * (1 << 20)
    data = repeated_deflate(mib, gib * 1024)
    filters = b"/FlateDecode"
    for _ in range(layers - 1):
        data = zlib.compress(data, 9)
        filters += b" /FlateDecode"
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream(data, b"/Filter [" + filters + b"]"),
    ])


def empty_pages_pdf(pages: int = 10_000) -> bytes:
    """A PDF of ``pages`` blank pages, all the same page object listed again: a few KiB."""
    kids = b" ".join([b"3 0 R"] * pages)
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ])


def many_lines_text(lines: int = 1_000_000) -> bytes:
    """Text of ``lines`` short lines (a digit each): 2 bytes a line."""
    return b"".join(b"%d\n" % (i % 10) for i in range(lines))


def nested_html(depth: int = 100_000) -> bytes:
    """A page whose elements are nested ``depth`` deep, text at the bottom."""
    return (b"<!DOCTYPE html><html><body>" + b"<div>" * depth + "收入合计 100.00".encode()
            + b"</div>" * depth + b"</body></html>")


def billion_laughs_yaml(levels: int = 9, width: int = 10) -> str:
    """The classic alias bomb: each level lists the previous one ``width`` times (10^9 strings)."""
    out = ['a0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        out.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    out.append(f"rules: *a{levels}")
    return "\n".join(out) + "\n"
