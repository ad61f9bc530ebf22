"""Tables printed without rules: columns from the x-positions of their figures and header cells.

Text outside ruled tables comes out line by line, a wide gap between words becoming a tab.
In a table printed without rules that loses every blank cell: "合计 | 892.28 | | 316.50" and
"合计 | 892.28 | 575.78" both read as two figures, and no figure column keeps its place. So
the lines of such a table are laid out again on columns found on the page:

- the table is a run of lines holding figures (and the label-only rows between them, a row
  whose figures are all blank), with the header lines just above it;
- a column is where the cells of its rows overlap: the x-extents of the cells are joined into
  column *cores*; a cell that overlaps two cells of another row (a label centred across the
  code and name columns, a long name running into the next column) spans columns and takes
  no part in finding them;
- header cells over no core start a column of their own (a column left blank in every row),
  wrapped header cells (政府性基金预 / 算) are joined, and a label above others (收入, 资金来源)
  becomes a group heading spanning the columns under it, placed in the first of them as a
  merged cell of a ruled table is;
- every line of the table is then written with exactly one cell per column.

When the columns cannot be told apart (two figures of one row in one column) the lines are
left as they were: the parser then trusts no figure column of the table, and the rules skip it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations

from budget_audit.ingest.text import PAGE_NUMBER

_FIGURE_CELL = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")
_SENTENCE_END = re.compile(r"[。；;，]|,(?!\d{3})")
_TITLE = re.compile(r"表\s*$|^第[一二三四五六七八九十\d]+部分|^(?:[\u4e00-\u9fff]{0,6}公开|附)?表\s*(?:\d{1,2}|[一二三四五六七八九十]+)\s*$|^(?:注|备注|说明)\s*[:：]")
_UNIT_LINE = re.compile(r"单位\s*[:：]?\s*(?:万元|元|千元|亿元)")
_BLANK = " \u3000\u00a0"
MAX_HEADER_LINES = 5


@dataclass
class Cell:
    """A run of characters of one line, with its horizontal extent (blanks excluded)."""

    text: str
    x0: float
    x1: float


@dataclass
class TextLine:
    """A printed line outside ruled tables: its text (cells joined by tabs) and its cells."""

    top: float
    bottom: float
    size: float  # the median height of its characters
    text: str
    cells: list[Cell]
    row_like: bool  # holds a figure and no sentence
    chars: list[dict] = field(default_factory=list, repr=False)


@dataclass
class _Block:
    """A header cell: words of one line over the same column(s), perhaps wrapped onto the next line."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    columns: tuple[int, ...]
    letters: list[tuple[Cell, tuple[int, ...]]] = field(default_factory=list)  # of a spaced-out label, with their columns

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Carry:
    """The columns of an unruled table that ran to the foot of its page, for the rows continued
    on the next page without a header (whose own figures may leave a column blank throughout)."""

    cores: list[tuple[float, float]] | None = None


def lay_out_tables(lines: list[TextLine], em: float, breaks: list[float],
                   carry: Carry | None = None) -> list[tuple[float, str]]:
    """(top, text) of every line, the rows of unruled tables written with one cell per column.

    ``lines`` are in reading order (top to bottom); ``breaks`` are the tops of ruled tables on
    the page, which no unruled table crosses; ``em`` is the page's typical character width;
    ``carry`` passes a table's columns from one page to the next.
    """
    out: list[tuple[float, str]] = []
    done = 0
    last: list[tuple[float, float]] | None = None
    for n, (head, start, end, stop, rows) in enumerate(_regions(lines, breaks)):
        carried = carry.cores if carry is not None and n == 0 and head == start else None
        if rows < 2 and carried is None:
            continue
        out += [(ln.top, ln.text) for ln in lines[done:head]]
        laid, used, cores = _lay_out(lines[head:start], lines[start:end], lines[end:stop], em, carried)
        if laid is None and carried is not None and rows >= 2:
            laid, used, cores = _lay_out(lines[head:start], lines[start:end], lines[end:stop], em, None)
        out += laid if laid is not None else [(ln.top, ln.text) for ln in lines[head:end]]
        done = end + used
        last = cores if laid is not None else None
    out += [(ln.top, ln.text) for ln in lines[done:]]
    if carry is not None:
        bottom = max((top for top, _ in out), default=0.0)
        ends_page = all(PAGE_NUMBER.match(ln.text.strip()) for ln in lines[done:]) and not any(b > bottom for b in breaks)
        carry.cores = last if ends_page and done else None
    return out


# --- where the tables are ------------------------------------------------------------------


def _is_figure(text: str) -> bool:
    return bool(_FIGURE_CELL.match(text.strip(_BLANK)))


def _is_amount(text: str) -> bool:
    """A figure printed as an amount (2.50, 1,234, 12%): not a code, a year or a page number."""
    text = text.strip(_BLANK)
    return _is_figure(text) and bool(re.search(r"[.,%]", text))


def _data_row(line: TextLine) -> bool:
    """A row of figures: an amount beside other cells, and no sentence."""
    return (
        len(line.cells) >= 2
        and any(_is_amount(c.text) for c in line.cells)
        and not _SENTENCE_END.search(line.text)
        and all(len(c.text.strip(_BLANK)) <= 40 for c in line.cells)
    )


def _other_row(line: TextLine) -> bool:
    """A line that may be a row of the table without figures (its figures blank): short cells, no sentence."""
    text = line.text.strip(_BLANK + "\t")
    return (
        bool(text)
        and not _SENTENCE_END.search(text)
        and not _TITLE.search(text)
        and not _UNIT_LINE.search(text)
        and not PAGE_NUMBER.match(text)
        and all(len(c.text.strip(_BLANK)) <= 30 for c in line.cells)
    )


def _close(upper: TextLine, lower: TextLine) -> bool:
    """No wide vertical gap between two lines of one table."""
    return lower.top - upper.bottom <= 2.5 * max(upper.size, lower.size)


def _crosses(upper: TextLine, lower: TextLine, breaks: list[float]) -> bool:
    return any(upper.top < b < lower.top for b in breaks)


def _regions(lines: list[TextLine], breaks: list[float]) -> list[tuple[int, int, int, int, int]]:
    """(first header line, first row, end of the rows of figures, end of the lines that may still
    be rows, rows of figures) of each run of table rows."""
    out = []
    i = 0
    while i < len(lines):
        if not _data_row(lines[i]):
            i += 1
            continue
        start, end, rows = i, i + 1, 1
        stop = i + 1
        while stop < len(lines) and _close(lines[stop - 1], lines[stop]) and not _crosses(lines[stop - 1], lines[stop], breaks):
            if _data_row(lines[stop]):
                rows += 1
                end = stop + 1  # rows without figures after the last row of figures are looked at apart
            elif not _other_row(lines[stop]):
                break
            stop += 1
        head = start
        while (
            head > 0
            and start - head < MAX_HEADER_LINES
            and _other_row(lines[head - 1])
            and not any(_is_amount(c.text) for c in lines[head - 1].cells)
            and _close(lines[head - 1], lines[head])
            and not _crosses(lines[head - 1], lines[head], breaks)
        ):
            head -= 1
        out.append((head, start, end, stop, rows))
        i = stop
    return out


# --- the columns ---------------------------------------------------------------------------


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _spans_columns(cell: Cell, rows: list[TextLine]) -> bool:
    """Whether the cell overlaps two cells of some other row: it spans columns, it does not make one."""
    for row in rows:
        hit = sum(1 for c in row.cells if c is not cell and _overlap(cell.x0, cell.x1, c.x0, c.x1) > 0)
        if hit >= 2:
            return True
    return False


def _cores(rows: list[TextLine]) -> list[tuple[float, float]]:
    """Column cores: the x-extents of the cells that span no columns, joined where they overlap."""
    return _joined(sorted((c.x0, c.x1) for r in rows for c in r.cells if not _spans_columns(c, rows)))


def _joined(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sorted x-extents joined where they overlap."""
    out: list[list[float]] = []
    for x0, x1 in spans:
        if out and x0 < out[-1][1]:
            out[-1][1] = max(out[-1][1], x1)
        else:
            out.append([x0, x1])
    return [(a, b) for a, b in out]


def _columns_of(x0: float, x1: float, cores: list[tuple[float, float]]) -> tuple[int, ...]:
    return tuple(k for k, (a, b) in enumerate(cores) if _overlap(x0, x1, a, b) > 0)


def _place_rows(rows: list[TextLine], cores: list[tuple[float, float]], em: float) -> list[list[str]] | None:
    """Each row as one cell per column, or None when two figures of a row fall in one column."""
    out = []
    for row in rows:
        slots: list[list[Cell]] = [[] for _ in cores]
        for cell in row.cells:
            hit = _columns_of(cell.x0, cell.x1, cores)
            if not hit or (len(hit) > 1 and _is_figure(cell.text)):
                return None  # a figure under no column, or under two
            slots[hit[0]].append(cell)
        if any(_crowded(slot) for slot in slots):
            return None  # two figures, or an amount and a word, in one column: the columns are not told apart
        out.append([" ".join(c.text.strip(_BLANK) for c in sorted(slot, key=lambda c: c.x0)) for slot in slots])
    _indent_names(rows, out, cores, em)
    return out


def _crowded(slot: list[Cell]) -> bool:
    """Cells of one row that cannot share a column: two figures, or an amount and anything else.
    (A code and a name may: "201 一般公共服务支出" printed in one column.)"""
    if len(slot) < 2:
        return False
    figures = [c for c in slot if _is_figure(c.text)]
    return len(figures) >= 2 or any(_is_amount(c.text) for c in figures)


def _indent_names(rows: list[TextLine], cells: list[list[str]], cores: list[tuple[float, float]], em: float) -> None:
    """Names set in from their column's left edge keep it as full-width spaces (one per character
    width), as in ruled tables, so levels shown only by indentation reach the parser."""
    for k in range(len(cores)):
        starts = []
        for row, out in zip(rows, cells, strict=True):
            first = next((c for c in row.cells if _columns_of(c.x0, c.x1, cores)[:1] == (k,)), None)
            if first is not None and out[k] and _cjk(out[k][0]):
                starts.append((row, first.x0))
        if len(starts) < 2:
            continue
        base = min(x for _, x in starts)
        for row, x in starts:
            steps = round((x - base) / em)
            if 0 < steps <= 12:
                n = rows.index(row)
                cells[n][k] = "\u3000" * steps + cells[n][k]


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _join_wrapped_rows(rows: list[TextLine], cells: list[list[str]]) -> list[tuple[TextLine, list[str]]]:
    """A cell wrapped over lines is one cell of its row.

    A word processor prints a long name on two lines and the row's figures between them (or
    beside the first line): a line holding only words, closer to a neighbouring line than rows
    stand to each other, is joined to the nearer such neighbour when its words fall in columns
    where that line has no figure. Lines of words alone can be one wrapped cell too
    (灾害防治及应急管 / 理支出). Each joined group keeps the line of its figures.
    """
    gaps = sorted(b.top - a.bottom for a, b in zip(rows, rows[1:], strict=False) if _data_row(a) and _data_row(b))
    size = max(r.size for r in rows)
    near = min(0.6 * gaps[len(gaps) // 2], 0.5 * size) if gaps else 0.3 * size
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, line in enumerate(rows):
        if _data_row(line):
            continue
        options = []
        for j, gap in ((i - 1, line.top - rows[i - 1].bottom if i else None),
                       (i + 1, rows[i + 1].top - line.bottom if i + 1 < len(rows) else None)):
            if gap is None or gap >= near or not _fits(cells[i], cells[j], continues=j < i):
                continue
            if not _data_row(rows[j]) and _filled(cells[i]) != _filled(cells[j]):
                continue  # two lines of words are one wrapped cell only in the same column(s)
            options.append((gap, j))
        if options:
            a, b = root(i), root(min(options)[1])
            parent[max(a, b)] = min(a, b)

    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(root(i), []).append(i)
    out = []
    for members in sorted(groups.values()):
        anchor = next((i for i in members if _data_row(rows[i])), members[0])
        joined = ["".join(cells[i][k] for i in members) for k in range(len(cells[anchor]))]
        out.append((rows[anchor], joined))
    return out


def _filled(row: list[str]) -> tuple[int, ...]:
    return tuple(k for k, c in enumerate(row) if c)


def _fits(words: list[str], row: list[str], continues: bool) -> bool:
    """Whether a line's words stand where the other line has no figure, and where it has no
    words either unless they go on from the line above (``continues``)."""
    return any(words) and all(
        not w or not c or (continues and not _is_figure(c)) for w, c in zip(words, row, strict=True)
    )


# --- the header ----------------------------------------------------------------------------


def _words(line: TextLine, em: float) -> list[Cell]:
    """The words of a header line: characters split at blanks and gaps of a third of a character."""
    out: list[Cell] = []
    prev = None
    for ch in line.chars:
        if ch["text"] in _BLANK:
            prev = None
            continue
        if prev is not None and ch["x0"] - prev["x1"] <= em / 3:
            word = out[-1]
            word.text += ch["text"]
            word.x1 = max(word.x1, ch["x1"])
        else:
            out.append(Cell(ch["text"], ch["x0"], ch["x1"]))
        prev = ch
    return out


def _line_blocks(line: TextLine, cores: list[tuple[float, float]], em: float) -> list[_Block]:
    """Words of one header line joined into cells: words over the same column, and the letters
    of a spaced-out label (收    入; ``_split_letters`` parts them again where they name columns)."""
    blocks: list[_Block] = []
    single = False
    for word in _words(line, em):
        cols = _columns_of(word.x0, word.x1, cores)
        last = blocks[-1] if blocks else None
        letter = len(word.text) == 1 and _cjk(word.text)
        spaced = letter and single and last is not None and word.x0 - last.x1 <= 3 * em
        if last is not None and (spaced or (cols and cols == last.columns and not last.letters)):
            last.text += word.text
            last.x1 = word.x1
            last.columns = tuple(sorted(set(last.columns) | set(cols)))
            if spaced:
                last.letters.append((word, cols))
        else:
            blocks.append(_Block(word.text, word.x0, word.x1, line.top, line.bottom, cols, [(word, cols)] if letter else []))
        single = letter
    return blocks


def _split_letters(blocks: list[_Block]) -> list[_Block]:
    """Single letters each over a column of its own, with nothing below them (类  款  项), are
    the columns' names, not one spaced-out label."""
    out = []
    for b in blocks:
        below = any(o is not b and o.top >= b.bottom - 1 and _overlap(o.x0, o.x1, b.x0, b.x1) > 0 for o in blocks)
        own = [cols for _, cols in b.letters]
        if len(own) >= 2 and not below and all(len(c) == 1 for c in own) and len(set(own)) == len(own):
            out += [_Block(w.text, w.x0, w.x1, b.top, b.bottom, cols) for w, cols in b.letters]
        else:
            out.append(b)
    return out


def _join_wrapped(blocks: list[_Block], size: float) -> list[_Block]:
    """A header cell wrapped over two lines (政府性基金预 / 算) is one cell: the lower part right
    under the upper, no wider, over the same column(s)."""
    out: list[_Block] = []
    for b in sorted(blocks, key=lambda b: b.top):
        upper = next(
            (
                a
                for a in reversed(out)
                if 0 <= b.top - a.bottom < 0.5 * size
                and b.x1 - b.x0 <= a.x1 - a.x0 + 1
                and b.x0 >= a.x0 - size
                and b.x1 <= a.x1 + size
                and (set(b.columns) <= set(a.columns) if a.columns else not b.columns)
            ),
            None,
        )
        if upper is not None:
            upper.text += b.text
            upper.bottom = b.bottom
        else:
            out.append(b)
    return out


def _header(lines: list[TextLine], cores: list[tuple[float, float]], em: float) -> tuple[list[list[str]], list[tuple[float, float]]]:
    """The header laid on the columns (as rows of cells), and the columns with those only the header shows."""
    size = max((ln.size for ln in lines), default=0.0)
    blocks = _split_letters(_join_wrapped([b for ln in lines for b in _line_blocks(ln, cores, em)], size))
    if not blocks:
        return [], cores
    top, bottom = min(b.top for b in blocks), max(b.bottom for b in blocks)
    middle = (top + bottom) / 2
    # a cell over no figure column and not above other cells names a column left blank in every row
    low = [b for b in blocks if b.middle >= middle - 0.25 * size]
    for b in low:
        if not b.columns:
            b.columns = _centred_over(b, cores, low)
    new = _joined(sorted((b.x0, b.x1) for b in low if not b.columns))
    if new:
        spans = {id(b): [cores[k] for k in b.columns] for b in blocks}
        cores = sorted(cores + new)
        where = {core: k for k, core in enumerate(cores)}
        for b in blocks:
            b.columns = tuple(where[c] for c in spans[id(b)]) or _columns_of(b.x0, b.x1, cores)
    leaf: dict[int, _Block] = {}
    for b in blocks:
        for k in b.columns:
            if k not in leaf or b.bottom > leaf[k].bottom:
                leaf[k] = b
    leaves = {id(b) for b in leaf.values()}
    groups = [b for b in blocks if id(b) not in leaves]
    deep = {k for k, b in leaf.items() if b.middle > middle + 0.25 * size}
    first_of = {id(b): b.columns[0] for b in blocks if b.columns}
    spans: dict[int, tuple[int, int]] = {}
    for level in _levels(groups, size):
        spans.update(_spread(level, leaf, deep, cores))
    for b in groups:
        if id(b) not in spans and b.columns:
            spans[id(b)] = (b.columns[0], b.columns[-1])  # not shared out: the columns it stands over
        if id(b) in spans:
            first_of[id(b)] = spans[id(b)][0]
    depth = {}
    for b in blocks:
        if id(b) not in first_of:
            continue
        col = first_of[id(b)]
        depth[id(b)] = sum(1 for g in groups if g is not b and g.bottom <= b.top + 0.25 * size
                           and id(g) in spans and spans[id(g)][0] <= col <= spans[id(g)][1])
    rows = [[""] * len(cores) for _ in range(max(depth.values(), default=-1) + 1)]
    for b in sorted(blocks, key=lambda b: b.x0):
        if id(b) in depth:
            row, col = rows[depth[id(b)]], first_of[id(b)]
            row[col] = f"{row[col]} {b.text}".strip()
    return rows, cores


def _centred_over(block: _Block, cores: list[tuple[float, float]], low: list[_Block]) -> tuple[int, ...]:
    """The column a header cell names though it overlaps none of its cells: the column just to
    its right whose figures end where the column ends (right-aligned), or the one just to its
    left whose words start where it starts (left-aligned), when a column centred under the
    header fits there between its neighbours, that column has no header cell of its own on
    this line, and no other header cell stands between them. The nearer of the two."""
    right = next((k for k, (a, _) in enumerate(cores) if a >= block.x1), len(cores))
    left = right - 1
    middle2 = block.x0 + block.x1
    fits = []
    if right < len(cores) and middle2 - cores[right][1] >= (cores[left][1] if left >= 0 else -1e9):
        fits.append((cores[right][0] - block.x1, right))
    if left >= 0 and middle2 - cores[left][0] <= (cores[right][0] if right < len(cores) else 1e9):
        fits.append((block.x0 - cores[left][1], left))
    for _, k in sorted(fits):
        a, b = cores[k]
        if not any(other is not block and _overlap(other.top, other.bottom, block.top, block.bottom) > 0
                   and (k in other.columns or _overlap(other.x0, other.x1, min(b, block.x0), max(a, block.x1)) > 0)
                   for other in low):
            return (k,)
    return ()


def _levels(groups: list[_Block], size: float) -> list[list[_Block]]:
    """Group headings by the line they stand on, left to right."""
    out: list[list[_Block]] = []
    for b in sorted(groups, key=lambda b: b.top):
        if out and abs(out[-1][0].top - b.top) < 0.5 * size:
            out[-1].append(b)
        else:
            out.append([b])
    return [sorted(level, key=lambda b: b.x0) for level in out]


def _spread(level: list[_Block], leaf: dict[int, _Block], deep: set[int],
            cores: list[tuple[float, float]]) -> dict[int, tuple[int, int]]:
    """The columns each group heading of one line spans: the columns whose header cells lie
    below it, shared out among the headings of the line in order, each heading's range
    chosen where the heading is left-aligned, centred or right-aligned over it."""
    bottom = max(b.bottom for b in level)
    under = sorted(k for k in deep if leaf[k].top >= bottom - 1)
    if not under:
        return {}
    runs: list[list[int]] = [[under[0]]]
    for k in under[1:]:
        if k == runs[-1][-1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    out: dict[int, tuple[int, int]] = {}
    for run in runs:
        heads = [b for b in level if _overlap(b.x0, b.x1, cores[run[0]][0] - 1, cores[run[-1]][1] + 1) > 0]
        if not heads or len(heads) > len(run):
            continue
        best = None
        for cuts in combinations(range(1, len(run)), len(heads) - 1):
            bounds = [0, *cuts, len(run)]
            ranges = [(run[bounds[n]], run[bounds[n + 1] - 1]) for n in range(len(heads))]
            cost = sum(_misfit(h, cores[a][0], cores[b][1]) for h, (a, b) in zip(heads, ranges, strict=True))
            if best is None or cost < best[0]:
                best = (cost, ranges)
        if best is not None:
            out.update({id(h): r for h, r in zip(heads, best[1], strict=True)})
    return out


def _misfit(head: _Block, left: float, right: float) -> float:
    """How far a heading is from being left-aligned, centred or right-aligned over [left, right]."""
    outside = max(0.0, left - 2 - head.x0) + max(0.0, head.x1 - right - 2)
    if outside:
        return 1000 + outside
    return min(abs(head.x0 - left), abs((head.x0 + head.x1) / 2 - (left + right) / 2), abs(head.x1 - right))


# --- writing the table ---------------------------------------------------------------------


def _lay_out(header: list[TextLine], rows: list[TextLine], tail: list[TextLine], em: float,
            carried: list[tuple[float, float]] | None) -> tuple[list[tuple[float, str]] | None, int, list]:
    """The table's lines with one cell per column (the header as its rows of cells), or None;
    how many lines of ``tail`` (lines without figures after its last row of figures) are rows of
    it: those whose every cell stands over one column; and its columns. ``carried``: the columns
    of the table this one continues, used instead of its own."""
    cores = carried or _cores(rows)
    if len(cores) < 2:
        return None, 0, cores
    head_cells, cores = _header(header, cores, em)
    used = 0
    while used < len(tail) and all(len(_columns_of(c.x0, c.x1, cores)) == 1 for c in tail[used].cells):
        used += 1
    rows = rows + tail[:used]
    cells = _place_rows(rows, cores, em)
    if cells is None:
        return None, 0, cores
    top = header[0].top if header else rows[0].top
    out = [(top + n * 1e-3, "\t".join(r)) for n, r in enumerate(head_cells)]
    return out + [(line.top, "\t".join(row)) for line, row in _join_wrapped_rows(rows, cells)], used, cores
