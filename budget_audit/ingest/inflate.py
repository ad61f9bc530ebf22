"""What a PDF's compressed streams inflate to, measured before any PDF library opens the file.

PDFium and pdfminer inflate a FlateDecode stream whole, in memory: a few KiB of PDF can
hold gigabytes of content (a "zip bomb", one deflate layer inside another). So the
file's bytes are scanned first: at every ``stream`` keyword whose data starts with a zlib
header, the data is inflated in 1 MiB steps, through up to four nested layers, counting
and discarding the output, until the stream ends or the budget is spent. Memory stays at a
few MiB and time at what the budget allows (about a second per GiB).

Streams of an encrypted PDF are encrypted before they are compressed, so they show no
zlib header and are not measured here; the page, character and time limits still apply.
"""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"stream[ \t\f\x00]*(?:\r\n|\r|\n)?")
_CHUNK = 1 << 16  # compressed bytes fed at a time
_STEP = 1 << 20  # at most this much output held at a time
_LAYERS = 4  # /Filter [/FlateDecode /FlateDecode …]: deeper nesting is not followed


class _Spent(Exception):
    """The budget is spent: no need to inflate further."""


def is_zlib(data: bytes | memoryview, at: int = 0) -> bool:
    """A zlib header (RFC 1950): deflate, a window of at most 32 KiB, a valid check value."""
    if len(data) < at + 2:
        return False
    cmf, flg = data[at], data[at + 1]
    return cmf & 0x0F == 8 and cmf >> 4 <= 7 and (cmf * 256 + flg) % 31 == 0


def inflated_size(data: bytes, budget: int) -> int:
    """Bytes the zlib streams of the PDF ``data`` inflate to, all layers counted; once the
    count passes ``budget`` it stops and returns what it has counted (more than ``budget``)."""
    view = memoryview(data)
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        if not is_zlib(view, start):
            continue
        total += _stream_size(view, start, budget - total)
        if total > budget:
            break
    return total


class _Meter:
    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.count = 0
        self.layers = [zlib.decompressobj()]
        self.started = [False]
        self.nested = True  # whether a further layer may still be found

    def add(self, n: int) -> None:
        self.count += n
        if self.count > self.budget:
            raise _Spent


def _stream_size(view: memoryview, start: int, budget: int) -> int:
    meter = _Meter(budget)
    first = meter.layers[0]
    pos = start
    try:
        while pos < len(view) and not first.eof:
            chunk = view[pos : pos + _CHUNK]
            pos += _CHUNK
            _feed(meter, 0, chunk)
    except _Spent:
        pass
    except zlib.error:
        pass  # damaged data: PDFium stops there too
    return meter.count


def _pieces(d: zlib._Decompress, chunk: bytes | memoryview):
    """The output of ``chunk``, at most _STEP bytes at a time (never all of it at once)."""
    out = d.decompress(chunk, _STEP)
    yield out
    while d.unconsumed_tail and not d.eof:
        out = d.decompress(d.unconsumed_tail, _STEP)
        if not out:
            return
        yield out


def _feed(meter: _Meter, level: int, chunk: bytes | memoryview) -> None:
    d = meter.layers[level]
    for out in _pieces(d, chunk):
        if not out:
            continue
        meter.add(len(out))
        if not meter.started[level]:
            meter.started[level] = True
            if meter.nested and level + 1 == len(meter.layers) and level + 1 < _LAYERS and is_zlib(out):
                meter.layers.append(zlib.decompressobj())
                meter.started.append(False)
        if level + 1 < len(meter.layers):
            try:
                _feed(meter, level + 1, out)
            except zlib.error:  # the inner data only looked like zlib: measure this layer alone
                del meter.layers[level + 1 :]
                del meter.started[level + 1 :]
                meter.nested = False
