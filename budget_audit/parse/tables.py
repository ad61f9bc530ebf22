"""blocks_to_tables: read a raw block's header, columns and rows into a ``Table``.

Column roles are read from the data, not assumed from the template: the code columns
come first (类 | 款 | 项, or one 3/5/7-digit code), then the name, then maybe further
text columns (项目名称), then the figures. Two-sided tables (收入 | 支出) are split at
the header cell that starts the 支出 side, and each side is read as a table of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from budget_audit.findings import judge
from budget_audit.model import (
    RANK_BREAKDOWN,
    RANK_CLASS,
    RANK_DETAIL,
    RANK_ITEM,
    RANK_PLAIN,
    RANK_SUBCLASS,
    RANK_SUBITEM,
    Column,
    Line,
    Row,
    RowValues,
    Table,
    Value,
)
from budget_audit.parse.blocks import RawBlock
from budget_audit.parse.columns import read_columns
from budget_audit.parse.normalize import compact, shared
from budget_audit.parse.numbers import is_number, parse_value
from budget_audit.parse.structure import assign_totals
from budget_audit.subjects import catalogue

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CODE = re.compile(r"^\d{2,7}$")
_LEADING_CODE = re.compile(r"^(\d{2,7})\s*(?=[^\d.\s、．，,年月日号个项%])(.*)$")  # "10、" numbers a line, it is no code
_CODE_CELL = re.compile(r"^(?:\d{2,3}|\d{5}|\d{7})$")
_SPACED_CODE = re.compile(r"\d{3}(?: \d{2}){1,2}")  # "201 03 01" printed in one cell
_CN_ENUM = re.compile(r"^([一二三四五六七八九十]+[、.])\s*")
_CN_PAREN = re.compile(r"^([(（][一二三四五六七八九十]+[)）])\s*")
_AR_ENUM = re.compile(r"^(\d{1,2}[.、](?!\d))\s*")
_AR_PAREN = re.compile(r"^([(（]\d{1,2}[)）])\s*")
_CIRCLED = re.compile(r"^([①-⑳])\s*")
_BREAKDOWN = re.compile(r"^(其中\s*[:：]?)\s*")
TOTAL_NAME = re.compile(r"^(?:合计|总计|小计|部门合计|单位合计|(?:本年)?(?:收入|支出)(?:合计|总计)|收支总计)$")


def is_total_name(name: str) -> bool:
    return bool(TOTAL_NAME.match(compact(name)))


_INDEX_LABELS = {"栏次", "行次", "栏号", "栏目", "序号"}


def _is_index_row(cells: list[str]) -> bool:
    """The ※ 1 2 3 … (or 栏次 1 2 3 …) row that numbers the columns of the printed form."""
    filled = [c for c in cells if c]
    if len(filled) < 2:
        return False
    numbers = [c for c in filled if c != "※" and compact(c) not in _INDEX_LABELS]
    if not all(c.isdigit() for c in numbers):
        return False
    ints = [int(c) for c in numbers]
    return ints == list(range(ints[0], ints[0] + len(ints))) if ints else True


def _is_data_row(cells: list[str]) -> bool:
    if _is_index_row(cells):
        return False
    filled = [c for c in cells if c]
    if not filled:
        return False
    first = filled[0]
    if _CODE.match(first) or _LEADING_CODE.match(first) and _CJK.search(first):
        return True
    if any(is_number(c) for c in filled):
        return True
    if is_total_name(first) and all(is_total_name(c) for c in filled):
        return True  # the total row of an empty table
    return bool(_CN_ENUM.match(first) or _BREAKDOWN.match(first))


def _looks_like_header(cells: list[str]) -> bool:
    """A header row printed again inside the data, perhaps with its characters shuffled."""
    filled = [c for c in cells if c]
    return len(filled) >= 3 and not any(is_number(c) or _CODE.match(c) for c in filled)


def _row_key(cells: list[str]) -> str:
    return "|".join(compact(c) for c in cells).rstrip("|")


@dataclass
class _Side:
    name: str | None
    start: int
    end: int
    code_idx: list[int]
    name_idx: int
    text_idx: list[int]
    columns: list[Column]
    unit_idx: tuple[int, ...] = ()  # columns of a unit's or department's code: a label may stand there, never a subject code

    @cached_property
    def index(self) -> dict[str, int]:
        """The column index its rows' figures share (RowValues)."""
        return RowValues.index_of(c.name for c in self.columns)


def _split_point(header: list[list[str]]) -> int | None:
    """Index of the first cell of the 支出 side in a two-sided header."""
    for cells in header:
        for i, cell in enumerate(cells[1:], start=1):
            if "支出" in compact(cell) and any(c for c in cells[:i]):
                return i
    return None


def _repeated_sides(header: list[list[str]], width: int) -> list[tuple[str, int, int]] | None:
    """Sides of a table printed as the same columns twice or more, side by side ("科目编码 | 科目名称 |
    决算数 | 科目编码 | 科目名称 | 决算数": 人员经费 beside 公用经费): each repetition is a side of
    its own, named by the merged header above it when there is one, else by its place."""
    for depth, cells in enumerate(header):
        names = [compact(c) for c in cells] + [""] * (width - len(cells))
        for period in range(2, width // 2 + 1):
            if width % period:
                continue
            unit = names[:period]
            if not all(unit) or not any(w in x for x in unit for w in ("名称", "项目", "科目")):
                continue
            if all(names[k * period : (k + 1) * period] == unit for k in range(width // period)):
                out = []
                for k in range(width // period):
                    group = next((compact(h[k * period]) for h in reversed(header[:depth]) if len(h) > k * period and h[k * period]), "")
                    out.append((group or f"第{k + 1}栏", k * period, (k + 1) * period))
                return out
    return None


def _figures_only(rows: list[list[str]], header: list[list[str]]) -> bool:
    """A table of figures under headers only (the 三公 table printed as one row of 预算数 and
    决算数 per item): every filled data cell is a figure, and the first column's header is not
    a name such as 项目 or 科目名称."""
    filled = [c for r in rows for c in r if c]
    if not filled or not all(is_number(c) for c in filled):
        return False
    leaf, _ = _header_names(header, 0)
    return not any(w in leaf for w in ("名称", "项目", "内容", "科目", "单位", "编码", "代码"))


def _text_share(rows: list[list[str]], i: int) -> float:
    """Share of the filled cells of column i that are words, not figures or codes."""
    filled = text = 0
    for r in rows:
        if i < len(r) and r[i]:
            filled += 1
            c = r[i]
            if c != "※" and not ("0" <= c[0] <= "9" and is_number(c)) and _CJK.search(c):
                text += 1
    return text / filled if filled else 0.0


def _is_code_column(rows: list[list[str]], i: int) -> bool:
    """Every filled cell of column i is a bare subject code (501, 01, 50101)."""
    cells = [r[i] for r in rows if i < len(r) and r[i]]
    return bool(cells) and all(_CODE_CELL.match(c) for c in cells)


def _header_names(header: list[list[str]], i: int) -> tuple[str, tuple[str, ...]]:
    """Leaf header of column i, and the merged header cells above it."""
    labels: list[str] = []
    for depth, cells in enumerate(header):
        cell = cells[i] if i < len(cells) else ""
        if not cell and depth < len(header) - 1:
            # a merged cell printed once, in its first column: look left in this row
            upper = header[depth - 1] if depth else []
            j = i - 1
            while j >= 0 and not (cells[j] if j < len(cells) else ""):
                if j + 1 < len(upper) and upper[j + 1]:
                    j = -1  # a group of the row above starts here: the merged cell cannot reach across it
                    break
                j -= 1
            below_filled = any((h[i] if i < len(h) else "") for h in header[depth + 1 :])
            if j >= 0 and below_filled:
                cell = cells[j]
        labels.append(compact(cell))
    filled = [x for x in labels if x]
    if not filled:
        return "", ()
    return filled[-1], tuple(dict.fromkeys(filled[:-1]))


def _build_side(name: str | None, start: int, end: int, header: list[list[str]], data: list[list[str]]) -> _Side:
    sliced = [r[start:end] for r in data]
    width = end - start
    name_rel = next((i for i in range(width) if _text_share(sliced, i) > 0.5), None)
    if name_rel is None and _figures_only(sliced, [h[start:end] for h in header]):
        name_rel = -1  # "预算数 | 决算数 | …" and one row of figures: no name column at all
    elif name_rel is None:  # no data: find the name column in the header
        name_rel = 0
        for i in range(width):
            leaf, _ = _header_names([h[start:end] for h in header], i)
            if any(w in leaf for w in ("名称", "项目", "内容", "科目")) and "编码" not in leaf:
                name_rel = i
                break
    side_header = [h[start:end] for h in header]
    # the columns before the names hold subject codes — unless headed as a unit's or department's
    # code (部门代码, 单位编码: a table by unit, 068 | 068001, whose codes are no 类 or 款)
    unit_idx = tuple(start + i for i in range(name_rel) if _unit_code_header(side_header, i))
    code_idx = [start + i for i in range(name_rel) if start + i not in unit_idx]
    text_idx = [start + i for i in range(name_rel + 1, width) if _text_share(sliced, i) > 0.5]
    last_text = max(text_idx, default=-1) - start
    # a second classification's codes (政府预算支出经济分类 501 | 01) before its names: codes, never amounts
    other_codes = {i for i in range(name_rel + 1, last_text) if _is_code_column(sliced, i)}
    columns: list[Column] = []
    seen: dict[str, int] = {}
    for i in range(name_rel + 1, width):
        leaf, parents = _header_names(side_header, i)
        if any(w in x for x in (leaf, *parents) for w in _CODE_WORDS) and _is_code_column(sliced, i):
            other_codes.add(i)  # a code column wherever it stands: its header says so
        if leaf in ("行次", "栏次", "序号") and all(c.isdigit() for r in sliced if i < len(r) and (c := r[i])):
            other_codes.add(i)  # the form's line numbers (行次 1, 2, 3 …): never amounts
    value_idx = [i for i in range(name_rel + 1, width) if start + i not in text_idx and i not in other_codes]
    for i in value_idx:
        leaf, parents = _header_names(side_header, i)
        leaf = leaf or (parents[-1] if parents else "") or f"列{i + 1}"
        if leaf in ("合计", "小计") and parents and _covers_some(side_header, parents[-1], value_idx):
            leaf = parents[-1] + leaf  # 本年收入 合计 beside 上年结转: the current-year total, not the grand total
        key = leaf
        if key in seen:
            key = f"{leaf}({parents[-1]})" if parents else f"{leaf}#{seen[leaf] + 1}"
        seen[leaf] = seen.get(leaf, 0) + 1
        columns.append(Column(name=key, index=start + i, side=name, parents=parents))
    return _Side(name, start, end, code_idx, start + name_rel if name_rel >= 0 else -1, text_idx, columns, unit_idx)


def _unit_code_header(header: list[list[str]], i: int) -> bool:
    """Whether column ``i`` is headed as the code of a unit or department (部门代码, 单位编码)."""
    leaf, parents = _header_names(header, i)
    return any(u in x and c in x for x in (leaf, *parents) for u in _UNIT_WORDS for c in _CODE_WORDS)


_CODE_WORDS = ("编码", "代码")  # a column of codes says so in its header
_UNIT_WORDS = ("部门", "单位")  # … and whose codes: a department's or a unit's, not a subject's


def _single_labels(upper: list[str]) -> dict[int, str]:
    """Upper-row labels that head exactly one column (not a merged group)."""
    filled = [i for i, c in enumerate(upper) if c]
    out = {}
    for n, j in enumerate(filled):
        end = filled[n + 1] if n + 1 < len(filled) else len(upper)
        if end - j == 1:
            out[j] = compact(upper[j])
    return out


def _header_misaligned(header: list[list[str]], first_value: int, width: int) -> bool:
    """Merged header cells printed with the wrong span: sub-labels no longer sit under their group.

    Seen as a label past the data's last column, a sub-label beyond the end of the row
    above, or a sub-label under a label that heads a single column.
    """
    if any(len(h) > width and any(h[width:]) for h in header):
        return True
    for upper, lower in zip(header, header[1:], strict=False):
        singles = _single_labels(upper)
        last = max((i for i, c in enumerate(upper) if c), default=-1)
        for i in range(first_value, len(lower)):
            if not lower[i]:
                continue
            if i in singles or (i > last and last in singles) or i >= len(upper):
                return True
            group = max((j for j in range(i + 1) if j < len(upper) and upper[j]), default=None)
            if group is not None and group >= first_value and not lower[group]:
                return True  # sub-labels of a group start in its first column
    return False


def _covers_some(header: list[list[str]], parent: str, value_idx: list[int]) -> bool:
    """Whether a merged header cell spans only some of the figure columns (a group), not all."""
    spans = set()
    for i in value_idx:
        _, parents = _header_names(header, i)
        if parent in parents:
            spans.add(i)
    return 0 < len(spans) < len(value_idx)


def _mark_misaligned(side: _Side, header: list[list[str]], width: int) -> None:
    """Keep only what a shifted header still tells reliably: a single-column label, and the first figure column."""
    side_header = [h[side.start : side.end] for h in header]
    first = side.name_idx - side.start + 1
    if not side.columns or not _header_misaligned(side_header, first, width - side.start):
        return
    if _realign(side, side_header, first):
        return
    for col in side.columns:
        for upper in side_header:
            single = _single_labels(upper).get(col.index - side.start)
            if single:
                col.name = single
                break
    for col in side.columns[1:]:
        col.uncertain = True


def _realign(side: _Side, header: list[list[str]], first: int) -> bool:
    """Rebuild the leaf headers of a shifted two-row header from the order of its labels.

    Works when one merged group label owns all the sub-labels of the row below (财政拨款
    over 小计, 一般公共预算 …): the leaves are then the labels before the group, the
    sub-labels in order, and the labels after it — provided that gives exactly one name
    per figure column. Otherwise nothing is changed and the columns stay untrusted.
    """
    if len(header) < 2:
        return False
    upper, lower = header[-2], header[-1]
    uppers = [(i, compact(c)) for i, c in enumerate(upper) if i >= first and c]
    subs = [compact(c) for i, c in enumerate(lower) if i >= first and c]
    if not uppers or not subs:
        return False

    def owned(n: int) -> int:
        start = uppers[n][0]
        end = uppers[n + 1][0] if n + 1 < len(uppers) else len(lower)
        return sum(1 for i in range(start, end) if i < len(lower) and lower[i])

    group = max(range(len(uppers)), key=owned)
    names = [(u, ()) for _, u in uppers[:group]]
    names += [(sub, (uppers[group][1],)) for sub in subs]
    names += [(u, ()) for _, u in uppers[group + 1 :]]
    if len(names) != len(side.columns) or len({n for n, _ in names}) != len(names):
        return False
    for col, (name, parents) in zip(side.columns, names, strict=True):
        col.name, col.parents, col.uncertain = name, parents, False
    return True


def _read_code(
    parts: list[str], name: str, three_columns: bool, context: list[str | None]
) -> tuple[str | None, int | None, str, bool]:
    """Subject code, its level, the name without a code prefix, and whether it is garbled.

    ``parts`` are the code cells by position (类 | 款 | 项, or one code column). A 款 or
    项 row that prints only its own digits ("" | 08 | "") takes the rest of its code from
    the rows above it (``context``: the current 类 and 款 codes).
    """
    m = _LEADING_CODE.match(name)
    if m and _CJK.search(m.group(2)):
        parts = [p for p in parts if p] + [m.group(1)]
        name = m.group(2).strip().lstrip("-－—").strip()
        three_columns = False
    parts = [p.replace(" ", "") if _SPACED_CODE.fullmatch(p) else p for p in parts]
    if three_columns:
        # a spreadsheet prints 款 02 as "2": a one-digit 款 or 项 cell lost its leading zero
        parts = [("0" + p) if k in (1, 2) and len(p) == 1 and p.isdigit() else p for k, p in enumerate(parts)]
    filled = [(k, p) for k, p in enumerate(parts) if p]
    if not filled:
        return None, None, name, False
    if not all(p.isdigit() for _, p in filled):
        return None, None, name, True
    if len(filled) == 1 and len(filled[0][1]) in (3, 5, 7) and (not three_columns or filled[0][0] == 0):
        code = filled[0][1]
        return code, (len(code) - 1) // 2, name, False
    expected = [3, 2, 2]
    positions = [k for k, _ in filled]
    contiguous = positions == list(range(positions[0], positions[0] + len(positions)))
    if three_columns and contiguous and positions[-1] < 3 and all(len(p) == expected[k] for k, p in filled):
        level = positions[-1] + 1
        digits = "".join(p for _, p in filled)
        if positions[0] == 0:
            return digits, level, name, False
        prefix = context[positions[0] - 1] if positions[0] - 1 < len(context) else None
        if prefix is not None and len(prefix) == [3, 5][positions[0] - 1]:
            return prefix + digits, level, name, False
        return None, level, name, True
    if not three_columns and len(filled) <= 3 and all(len(p) == expected[k] for k, (_, p) in enumerate(filled)):
        return "".join(p for _, p in filled), len(filled), name, False
    # e.g. "20 | 03 | 01" where 201 was printed: keep the level, drop the code
    level = len(filled) if three_columns and len(filled) <= 3 else None
    return None, level, name, True


def _strip_enum(name: str) -> tuple[str, str | None, int]:
    """The name without its enumerator, the enumerator and the rank it gives. A 其中 row keeps
    its breakdown rank, and an enumerator after the 其中 (其中：（一）因公出国(境)费, the first of
    the items a row lists) is not part of the name either."""
    for pattern, rank in (
        (_CN_ENUM, RANK_CLASS), (_CN_PAREN, RANK_SUBCLASS), (_AR_ENUM, RANK_ITEM), (_AR_PAREN, RANK_SUBITEM),
        (_CIRCLED, RANK_DETAIL),
    ):
        m = pattern.match(name)
        if m:
            return name[m.end() :].strip(), m.group(1), rank
    m = _BREAKDOWN.match(name)
    if m and len(name) > m.end():
        rest = name[m.end() :].strip()
        listed, enum, _ = _strip_enum(rest)
        return (listed if enum and listed else rest), "其中", RANK_BREAKDOWN
    return name, None, RANK_PLAIN


def _figures(side: _Side, cells: list[str], line: int, page: int | None) -> RowValues:
    """A row's figures by column; a figure printed twice in the row is one Value (it is
    immutable, and its place is the row's): half the figures of a disclosure's row repeat
    another of that row — zeros, a total equal to its only part."""
    read: dict[str, Value | None] = {}
    figures: list[Value | None] = [None] * len(side.index)
    for column in side.columns:
        cell = cells[column.index]
        if cell not in read:
            read[cell] = parse_value(cell, line, page) if cell else None
        figures[side.index[column.name]] = read[cell]
    return RowValues(side.index, tuple(figures))


def _make_row(side: _Side, cells: list[str], line: Line, context: list[str | None]) -> Row | None:
    """One side of a printed row; ``cells`` is padded to the table's width."""
    if not any(cells[side.start : side.end]):
        return None
    name = cells[side.name_idx] if side.name_idx >= 0 else ""
    texts = [cells[i] for i in side.text_idx if cells[i]]
    code_parts = [cells[i] for i in side.code_idx]
    if not name:
        # a total printed in the code or project column: "合计 | | 1234.56"
        label = next((c for c in code_parts + [cells[i] for i in side.unit_idx] + texts if c and not c.isdigit()), "")
        if label:
            name = label
            code_parts = [c if c != label else "" for c in code_parts]
            texts = [t for t in texts if t != label]
    code, level, name, garbled = _read_code(code_parts, name, len(side.code_idx) >= 2, context)
    if code and level in (1, 2, 3):
        context[level - 1 :] = [code] + [None] * (2 - (level - 1))
    name, enum, rank = _strip_enum(name)
    values = _figures(side, cells, line.number, line.page)
    row = Row(
        name=compact(name) if name else "",
        line=line.number,
        values=values,
        code=shared(code),
        level=level,
        enum=shared(enum),
        rank=level if level else rank,
        side=side.name,
        project=shared(texts[0]) if texts else None,
        page=line.page,
        indent=_indent(line.raw, side.name_idx) if side.name_idx >= 0 else 0,
    )
    # "云溪县水务局（本级） | 小计 | …": a unit's subtotal, named in the project column
    row.is_total = is_total_name(row.name) or bool(row.project and is_total_name(row.project))
    if garbled:
        row.flags = _GARBLED if not row.flags else (*row.flags, "garbled-code")
    return row


_GARBLED = ("garbled-code",)


def _propagate_breakdown(rows: list[Row]) -> None:
    """Rows after 其中： that carry no enumerator or code of their own are breakdowns too."""
    for side in {r.side for r in rows}:
        inside = False
        for row in (r for r in rows if r.side == side):
            if row.enum == "其中":
                inside = True
            elif row.enum or row.code or row.level or row.is_total:
                inside = False
            elif inside:
                row.rank = RANK_BREAKDOWN


def _without_blank_lead(rows: list[tuple[Line, list[str]]]) -> list[tuple[Line, list[str]]]:
    """The rows on the same columns when some pages' parts of the table have a blank column before
    all the others that the rest lack (a frame drawn one column wider on a table's first and last
    pages): every row one cell longer than the others begins with a blank cell, which is dropped.
    Rows of different lengths would otherwise leave no figure column a reliable place."""
    lengths = {len(cells) for _, cells in rows}
    if len(lengths) != 2 or max(lengths) - min(lengths) != 1:
        return rows
    longer = max(lengths)
    if not all(not cells[0].strip() for _, cells in rows if len(cells) == longer):
        return rows
    return [(line, cells[1:] if len(cells) == longer else cells) for line, cells in rows]


def block_to_table(block: RawBlock) -> Table:
    header: list[list[str]] = []
    data: list[tuple[Line, list[str]]] = []
    header_keys: set[str] = set()
    continuations = list(block.continuations)
    for line, cells in _without_blank_lead(block.rows):
        lone_label = bool(cells and cells[0]) and not any(cells[1:])
        if not data and not _is_data_row(cells) and not (header and lone_label):
            header.append(cells)
            header_keys.add(_row_key(cells))
            continue
        numeric = any(is_number(c) for c in cells if c)
        if not numeric and (_row_key(cells) in header_keys or _looks_like_header(cells)) or _is_index_row(cells):
            if data and (not continuations or continuations[-1] < data[-1][0].number):
                continuations.append(line.number)
            continue
        data.append((line, cells))
    label_header = [h for h in header if not _is_index_row(h)]
    width = max([len(c) for _, c in data] + [len(h) for h in header if _is_index_row(h)] + [0])
    if not data:
        width = max([len(h) for h in header] + [0])
    split = _split_point(label_header) if block.kind and block.kind.two_sided else None
    data_cells = [c for _, c in data]
    repeated = None if split else _repeated_sides(label_header, width)
    if split:
        sides = [
            _build_side("收入", 0, split, label_header, data_cells),
            _build_side("支出", split, width, label_header, data_cells),
        ]
    elif repeated:
        sides = [_build_side(name, start, end, label_header, data_cells) for name, start, end in repeated]
    else:
        sides = [_build_side(None, 0, width, label_header, data_cells)]
    for side in sides:
        _mark_misaligned(side, label_header, side.end)
    if len({len(c) for _, c in data}) > 1:
        # rows of different lengths (a table read from text positions, without rules): blank
        # cells have vanished, so no figure column keeps a reliable place; rules skip them
        for side in sides:
            for col in side.columns:
                col.uncertain = True

    rows: list[Row] = []
    previous: Row | None = None
    contexts: list[list[str | None]] = [[None, None, None] for _ in sides]
    for line, cells in data:
        cells = cells + [""] * (width - len(cells)) if len(cells) < width else cells
        made = [r for r in (_make_row(s, cells, line, contexts[k]) for k, s in enumerate(sides)) if r is not None]
        if len(made) == 1 and _is_fragment(made[0]):
            if previous is not None and previous.line == line.number - 1:
                previous.name += made[0].name  # a cell wrapped onto the next line
            continue
        rows.extend(made)
        previous = made[-1] if made else previous
    for side in sides:
        own = [r for r in rows if r.side == side.name]
        if side.name_idx < 0 and len(own) == 1:
            own[0].name = "合计"  # the one row of a table of figures only is the table's total
    _propagate_breakdown(rows)
    _enumeration_levels(rows)
    _indentation_levels(rows)
    _infer_class_levels(rows)
    _projects_under_items(rows)

    note_line, note = _pick_note(block.notes)
    table = Table(
        alias=block.kind.alias if block.kind else None,
        title=compact(block.title),
        number=block.number,
        line=block.line,
        unit=block.unit,
        columns=[c for s in sides for c in s.columns],
        rows=rows,
        end_line=block.end_line,
        sides=[s.name for s in sides if s.name],
        note=note,
        note_line=note_line,
        continued_at=continuations,
    )
    assign_totals(table)
    read_columns(table)
    return table


# The national economic classification's classes (支出经济分类 类), for tables that
# print names without codes: a class row starts a group, the rows under it are its 款.
ECONOMIC_CLASSES = {
    "工资福利支出": "301",
    "商品和服务支出": "302",
    "对个人和家庭的补助": "303",
    "债务利息及费用支出": "307",
    "资本性支出(基本建设)": "309",
    "资本性支出": "310",
    "对企业补助(基本建设)": "311",
    "对企业补助": "312",
    "对社会保障基金补助": "313",
    "其他支出": "399",
}


def _infer_function_classes(rows: list[Row]) -> None:
    """On a side that prints no codes, a row named exactly as a functional class (by any of its names in
    the catalogue's years, ``data/subjects.yaml``) is that class."""
    classes = catalogue().class_codes()
    for side in {r.side for r in rows}:
        own = [r for r in rows if r.side == side]
        if any(r.code or "garbled-code" in r.flags for r in own):
            continue
        named = [r for r in own if r.name in classes and not r.is_total and r.level in (None, 1)]
        if len(named) < 3:
            continue
        for row in named:
            row.code, row.level = classes[row.name], 1
            row.rank = row.rank if row.enum else RANK_CLASS


def _indent(raw: str, index: int) -> int:
    """Leading blank width of cell ``index`` of a raw line (a full-width space counts 2)."""
    cells = raw.split("\t")
    if index >= len(cells):
        return 0
    cell = cells[index]
    lead = cell[: len(cell) - len(cell.lstrip(" \u3000\u00a0"))]
    return sum(2 if ch == "\u3000" else 1 for ch in lead)


def _sums_confirm(rows: list[Row], levels: list[int]) -> bool:
    """Whether, read as levels, the rows' own figures agree: most parents (a row followed by
    deeper rows) equal the sum of their children in their first figure — the reading is kept
    only when the table's identities confirm it."""
    held = tried = 0
    for i, (row, level) in enumerate(zip(rows, levels, strict=True)):
        kids = []
        for other, other_level in zip(rows[i + 1 :], levels[i + 1 :], strict=True):
            if other_level <= level:
                break
            if other_level == level + 1:
                kids.append(other)
        first = next((v for v in row.values.values() if v is not None), None)
        if not kids or first is None:
            continue
        column = next(k for k, v in row.values.items() if v is first)
        tried += 1
        held += judge(first, [(1, kid.values.get(column)) for kid in kids]).consistent
    return tried > 0 and held >= 0.8 * tried


def _indentation_levels(rows: list[Row]) -> None:
    """On a side with neither codes nor numbering, levels from how far names are indented.

    Only when the indents fall into a few clear steps (two or three distinct widths, the
    shallowest unindented) — then the shallowest is level 1, the next 2, and so on.
    """
    for side in {r.side for r in rows}:
        own = [r for r in rows if r.side == side and not r.is_total and r.rank != RANK_BREAKDOWN]
        if not own or any(r.code or r.level or "garbled-code" in r.flags for r in own):
            continue
        widths = sorted({r.indent for r in own})
        if not 2 <= len(widths) <= 4 or widths[0] != 0:
            continue
        depth = {w: n + 1 for n, w in enumerate(widths)}
        if not _sums_confirm(own, [depth[r.indent] for r in own]):
            continue  # indents that are not a hierarchy (centred unit names, a layout's whim)
        for row in own:
            row.level = depth[row.indent]
            if row.rank == RANK_PLAIN:
                row.rank = row.level


def _projects_under_items(rows: list[Row]) -> None:
    """Rows without a code printed under a 项 (7-digit or 类|款|项) row are its parts: level 4.

    项目支出表 often lists each subject's projects by name only, right under the subject.
    Only under a 项, and only where projects have no column of their own: an uncoded line
    after a 类 (年终结转, 上年结转) or a unit's heading is not a part of it.
    """
    for side in {r.side for r in rows}:
        own = [r for r in rows if r.side == side]
        if any(r.code and r.project for r in own):
            continue  # projects have their own column: an uncoded row is something else (a unit's block)
        parent: Row | None = None
        for row in own:
            if row.code:
                parent = row if row.level == 3 else None
            elif row.is_total or row.enum or row.level or row.rank == RANK_BREAKDOWN or row.flags or row.name[:1].isdigit():
                parent = None  # a heading, a total, or a row whose code could not be read: not a project
            elif parent is not None and any(v is not None for v in row.values.values()):
                row.level = 4


def _enumeration_levels(rows: list[Row]) -> None:
    """On a side that prints no codes, levels from the numbering: 一、 above （一） above 1. above (1) above ①.

    The styles a table uses are ranked in that order, so a table numbering 一、 then 1.
    has two levels, one numbering （一） then (1) two as well.
    """
    for side in {r.side for r in rows}:
        own = [r for r in rows if r.side == side]
        if any(r.code or r.level for r in own):
            continue
        styles = sorted({r.rank for r in own if r.enum and r.enum != "其中" and not r.is_total})
        if len(styles) < 2:
            continue
        depth = {rank: n + 1 for n, rank in enumerate(styles)}
        for row in own:
            if row.enum and row.enum != "其中" and row.rank in depth:
                row.level = depth[row.rank]


def _infer_class_levels(rows: list[Row]) -> None:
    """Give code-less economic-class rows their class code, and the rows under them level 2."""
    _infer_function_classes(rows)
    if any(r.code or r.level for r in rows):
        return
    classes = [r for r in rows if r.name in ECONOMIC_CLASSES and not r.is_total]
    if len(classes) < 2:
        return
    current = None
    for row in rows:
        if row.is_total or row.rank == RANK_BREAKDOWN:
            current = None if row.is_total else current
            continue
        if row.name in ECONOMIC_CLASSES and (current is None or row.name != current.name):
            row.code, row.level, row.rank = ECONOMIC_CLASSES[row.name], 1, RANK_CLASS
            current = row
        elif current is not None:
            row.level, row.rank = 2, RANK_SUBCLASS


def _is_fragment(row: Row) -> bool:
    """A row holding only a few characters of text: the tail of a wrapped cell."""
    return (
        not row.code
        and not row.level
        and not row.enum
        and not row.is_total
        and not row.project
        and 0 < len(row.name) <= 3
        and all(v is None for v in row.values.values())
    )


def _pick_note(notes: list[tuple[int, str]]) -> tuple[int | None, str | None]:
    if not notes:
        return None, None
    for line, text in notes:
        if re.search(r"空表|无数据|空白表", text):
            return line, text
    return notes[0]


