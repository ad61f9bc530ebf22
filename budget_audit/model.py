"""The Document model: plain dataclasses that every later stage reads.

Every figure is a ``Value``: a Decimal that remembers how it was printed and where,
because rounding tolerance depends on the printed precision and every finding must
point back to a line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from itertools import repeat
from typing import overload

YEAR = re.compile(r"\d{4}年度?")  # a year in a name or header: 2024年合计
# a cost item's name ends in 费, 费用 or 经费 as the template words it (因公出国(境)费 / 费用 / 经费,
# 公务用车运行费 / 运行经费): one item, whichever ending — before a closing bracket, 小计 or 合计 too
_COST_ENDING = re.compile(r"(?:费用|经费)(?=(?:\([^()]*\))?$|小计$|合计$)")


def cost_name(name: str) -> str:
    """``name`` with a cost item's ending (费用, 经费) written 费: what a name is looked up by
    when no row or column is printed with the very name asked for."""
    return _COST_ENDING.sub("费", name)


_ZERO = Decimal(0)


@lru_cache(maxsize=64)
def _unit(decimals: int) -> Decimal:
    """One unit in the last of ``decimals`` places (shared: a Decimal is immutable)."""
    return Decimal(1).scaleb(-decimals)


@lru_cache(maxsize=64)
def _half_unit(decimals: int) -> Decimal:
    return _unit(decimals) / 2


@dataclass(slots=True, unsafe_hash=True)
class Line:
    """One line of the source, after normalisation, with its provenance.

    Made whenever a line is read from a document's ``Lines`` and never changed. Not a frozen
    dataclass only because its ``__init__`` would then cost four times as much (each field set
    through ``object.__setattr__``); hashed and compared by its fields all the same."""

    number: int  # 1-based line in the text file, or line within the page for PDF
    text: str  # normalised text (tabs kept: they separate table cells)
    raw: str  # the text as printed, for quoting
    page: int | None = None
    page_line: int | None = None  # for PDF: the line within its page (number is then a running count)
    source: str | None = None  # the file it came from, when a document is read from several files


class Lines(Sequence[Line]):
    """A document's lines held as columns — texts, printed texts and, for a PDF, pages — a
    ``Line`` made when one is read; a line's number is its position, from 1.

    A line object and its number object for every line of the source were a sixth of a long
    document's model, kept by the document for as long as it is checked. Reading a line makes
    one (about a quarter of a microsecond); a pass that only looks at the texts takes
    ``texts()``. A slice is a view on the same columns: ``lines[start:]`` copies nothing."""

    __slots__ = ("_texts", "_raws", "_pages", "_page_lines", "_sources", "_start", "_stop")

    def __init__(
        self, texts: list[str], raws: list[str] | None = None, pages: list[int | None] | None = None,
        page_lines: list[int | None] | None = None, sources: list[str | None] | None = None,
    ) -> None:
        self._texts = texts
        self._raws = texts if raws is None else raws  # a raw the same object as its text when unchanged
        self._pages = pages  # None for a text file
        self._page_lines = page_lines
        self._sources = sources if sources is not None and any(sources) else None
        self._start, self._stop = 0, len(texts)

    @classmethod
    def of(cls, lines: Iterable[Line]) -> Lines:
        """Lines from line objects numbered 1, 2, 3 … (a hand-made document)."""
        lines = list(lines)
        for at, line in enumerate(lines, start=1):
            if line.number != at:
                raise ValueError(f"line {at} is numbered {line.number}: a document's lines are numbered from 1")
        pdf = any(ln.page is not None for ln in lines)
        return cls(
            [ln.text for ln in lines], [ln.raw for ln in lines],
            [ln.page for ln in lines] if pdf else None, [ln.page_line for ln in lines] if pdf else None,
            [ln.source for ln in lines],
        )

    def __len__(self) -> int:
        return self._stop - self._start

    def _line(self, i: int) -> Line:
        pages, sources = self._pages, self._sources
        return Line(
            i + 1, self._texts[i], self._raws[i], None if pages is None else pages[i],
            None if pages is None else self._page_lines[i], None if sources is None else sources[i],
        )

    @overload
    def __getitem__(self, at: int) -> Line: ...
    @overload
    def __getitem__(self, at: slice) -> Lines: ...
    def __getitem__(self, at):
        if isinstance(at, slice):
            start, stop, step = at.indices(len(self))
            if step != 1:
                return [self._line(self._start + i) for i in range(start, stop, step)]
            return self._view(self._start + start, self._start + max(start, stop))
        if at < 0:
            at += len(self)
        if not 0 <= at < len(self):
            raise IndexError(at)
        return self._line(self._start + at)

    def _view(self, start: int, stop: int) -> Lines:
        """Lines ``start``..``stop``-1 of the same columns, nothing copied. Not made by ``copy``:
        that goes through ``__getstate__``, which copies the columns (as a pickle must), and a
        slice per table block then made a long document's reading quadratic."""
        view = Lines.__new__(Lines)
        view._texts, view._raws, view._pages = self._texts, self._raws, self._pages
        view._page_lines, view._sources = self._page_lines, self._sources
        view._start, view._stop = start, stop
        return view

    def _column(self, column: list | None) -> Iterable:
        if column is None:
            return repeat(None, len(self))
        return column if (self._start, self._stop) == (0, len(column)) else column[self._start : self._stop]

    def __iter__(self) -> Iterator[Line]:
        return map(Line, range(self._start + 1, self._stop + 1), self._column(self._texts), self._column(self._raws),
                   self._column(self._pages), self._column(self._page_lines), self._column(self._sources))

    def texts(self) -> list[str]:
        """The lines' texts, in order (a copy: for a pass that needs no more than the text)."""
        return self._texts[self._start : self._stop]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Lines | list | tuple):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Lines({len(self)} lines from {self._start + 1})"

    def __getstate__(self) -> tuple:
        """Pickled (a ``-j`` worker's report, a cache entry) as its columns, a raw left out where
        it is its text."""
        cut = slice(self._start, self._stop)
        raws = [None if raw is text else raw for raw, text in zip(self._raws[cut], self._texts[cut], strict=True)]
        pages, page_lines, sources = (None if c is None else c[cut] for c in (self._pages, self._page_lines, self._sources))
        return self._texts[cut], raws, pages, page_lines, sources

    def __setstate__(self, state: tuple) -> None:
        texts, raws, pages, page_lines, sources = state
        raws = [text if raw is None else raw for raw, text in zip(raws, texts, strict=True)]
        Lines.__init__(self, texts, raws, pages, page_lines, sources)


class Value:
    """A printed figure: exact Decimal plus its printed form and position.

    Slotted, its rounding quantities looked up rather than cached on each figure, and its
    printed form kept only when it differs from the Decimal's own (``1,200.00``, ``10`` read
    as ``1E+1``): a document holds a Value per table cell, and a dict or a second string on
    each would be most of its memory. Immutable, compared and hashed by all four parts."""

    __slots__ = ("amount", "_printed", "line", "page")
    amount: Decimal
    line: int
    page: int | None

    def __init__(self, amount: Decimal, printed: str, line: int, page: int | None = None) -> None:
        set_ = object.__setattr__
        set_(self, "amount", amount)
        set_(self, "_printed", None if printed == str(amount) else printed)
        set_(self, "line", line)
        set_(self, "page", page)

    @property
    def printed(self) -> str:
        return str(self.amount) if self._printed is None else self._printed

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Value is immutable: cannot set {name}")

    def _key(self) -> tuple:
        return (self.amount, self.printed, self.line, self.page)

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Value) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Value(amount={self.amount!r}, printed={self.printed!r}, line={self.line!r}, page={self.page!r})"

    def __reduce__(self) -> tuple:
        return (Value, (self.amount, self.printed, self.line, self.page))

    @property
    def decimals(self) -> int:
        exponent = self.amount.as_tuple().exponent
        return max(0, -exponent) if isinstance(exponent, int) else 0

    @property
    def half_unit(self) -> Decimal:
        """Half a unit in the last printed place: the rounding radius of this figure.

        A bare "0" is taken as exactly nothing budgeted, not as anything under 0.5.
        """
        decimals = self.decimals
        if decimals == 0 and self.amount == 0:
            return _ZERO
        return _half_unit(decimals)

    @property
    def unit(self) -> Decimal:
        return _unit(self.decimals)

    def in_wan(self, unit: str | None) -> Value:
        """The figure in 万元 when its table is in 元; scaleb keeps the printed precision exact."""
        if unit == "元":
            return Value(self.amount.scaleb(-4), self.printed, self.line, self.page)
        if unit == "亿元":
            return Value(self.amount.scaleb(4), self.printed, self.line, self.page)
        return self


# Rank of a row in its table's hierarchy, used to find the rows a total sums.
RANK_PLAIN = 0  # a label with no enumerator: 上年结转, a unit name
RANK_CLASS = 1  # 类 code or 一、 enumerator
RANK_SUBCLASS = 2  # 款 code or （一） enumerator
RANK_ITEM = 3  # 项 code or 1. enumerator
RANK_SUBITEM = 4  # (1) enumerator
RANK_DETAIL = 5  # ① enumerator
RANK_BREAKDOWN = 9  # 其中： rows and their followers: never summed


class RowValues(Mapping[str, "Value | None"]):
    """A row's figures by column name, read as a dict is: its table side's column index, shared
    by every row of the side, and a tuple of the figures.

    A dict for each row was the largest part of a long document's tables (some 200 bytes for
    three figures); this is a third of that. Made by the parser; never changed."""

    __slots__ = ("_index", "_figures")

    def __init__(self, index: dict[str, int], figures: tuple[Value | None, ...]) -> None:
        self._index = index  # column name -> place in figures (shared)
        self._figures = figures

    @classmethod
    def index_of(cls, names: Iterable[str]) -> dict[str, int]:
        """The shared index of a side whose columns are ``names`` (a name printed twice is one
        column, the later one's figure, as a dict keeps it)."""
        index: dict[str, int] = {}
        for name in names:
            index.setdefault(name, len(index))
        return index

    def __getitem__(self, name: str) -> Value | None:
        return self._figures[self._index[name]]

    def get(self, name: str, default: Value | None = None) -> Value | None:
        at = self._index.get(name)
        return default if at is None else self._figures[at]

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def values(self) -> tuple[Value | None, ...]:  # type: ignore[override]
        return self._figures

    def items(self) -> list[tuple[str, Value | None]]:  # type: ignore[override]
        return list(zip(self._index, self._figures, strict=True))

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __reduce__(self) -> tuple:
        return RowValues, (self._index, self._figures)


@dataclass(slots=True)
class Row:
    """One row of a table side: subject code, name and values by column."""

    name: str
    line: int
    values: Mapping[str, Value | None]  # RowValues when read; a dict in a hand-made row
    code: str | None = None  # digits only: 201, 20103, 2010301, 30101
    level: int | None = None  # 1 类, 2 款, 3 项 (from the code)
    enum: str | None = None  # printed enumerator: "一、", "1.", "①", "其中："
    rank: int = RANK_PLAIN
    side: str | None = None  # 收入 / 支出 for two-sided tables
    is_total: bool = False
    project: str | None = None  # project name column of project tables
    indent: int = 0  # how far the name is indented (leading spaces; a full-width space counts 2)
    flags: tuple[str, ...] = ()  # e.g. "garbled-code" (a tuple: most rows have none, and an empty list each adds up)
    page: int | None = None
    # for a total row: the rows it totals, as the table's own figures confirm them (parse.structure),
    # or None with the reason in ``members_reading`` when they cannot be established
    members: list[Row] | None = field(default=None, repr=False, compare=False)
    members_reading: str | None = field(default=None, repr=False, compare=False)

    @property
    def label(self) -> str:
        """How a finding names the row: code and name as printed."""
        parts = [self.code_label] if self.code else []
        parts.append(self.name)
        if self.project:
            parts.append(self.project)
        return " ".join(p for p in parts if p)

    @property
    def code_label(self) -> str:
        if not self.code:
            return ""
        c = self.code
        if len(c) == 3:
            return c
        if c.startswith("3") and len(c) == 5:
            return f"{c[:3]} {c[3:]}"
        return " ".join([c[:3], c[3:5], c[5:]]).strip()


@dataclass(slots=True)
class Column:
    name: str  # leaf header name, normalised
    index: int  # position in the printed row
    side: str | None = None
    parents: tuple[str, ...] = ()  # merged header cells above it
    uncertain: bool = False  # header misaligned with data: do not trust by name


@dataclass(slots=True)
class ColumnSum:
    """A column that, in every row, is the sum of other columns (合计 = 本年收入小计 + 上年结转结余小计)."""

    total: Column
    parts: list[Column]


@dataclass(slots=True)
class ColumnReading:
    """Which columns total which, as the table's own figures confirm (parse/columns.py), or why none do."""

    sums: list[ColumnSum]  # empty when no reading was accepted
    reading: str  # how the sums were read, or why the columns could not be partitioned
    unread: bool = False  # the columns are there but no reading is confirmed: the reader's limit, not the document's


@dataclass(slots=True)
class Table:
    alias: str | None  # standard name: 收支总表, 收入总表 ... None when unrecognised
    title: str
    number: str | None  # as printed: "1", "一", "预算公开表1"
    line: int  # line of the title
    unit: str | None
    columns: list[Column]
    rows: list[Row]
    end_line: int = 0
    sides: list[str] = field(default_factory=list)
    note: str | None = None  # 备注/注 line, e.g. "本表无数据"
    note_line: int | None = None
    continued_at: list[int] = field(default_factory=list)  # lines where a page continuation was merged
    column_sums: dict[str | None, ColumnReading] = field(default_factory=dict, repr=False, compare=False)  # by side

    _names: dict | None = field(default=None, repr=False, compare=False)
    _costs: dict | None = field(default=None, repr=False, compare=False)

    def rows_named(self, key: str) -> list[Row]:
        """Rows whose name, year-free name or code is ``key``; full rows before 其中 rows."""
        if self._names is None:
            self._index_names()
        return self._names.get(key, [])

    def rows_cost_named(self, key: str) -> list[Row]:
        """Rows whose name (or year-free name) is ``key`` but for a cost item's ending
        (``cost_name``: 公务接待经费 for 公务接待费); full rows before 其中 rows."""
        if self._costs is None:
            self._index_names()
        return self._costs.get(cost_name(key), [])

    def _index_names(self) -> None:
        names: dict[str, list[Row]] = {}
        costs: dict[str, list[Row]] = {}
        for row in sorted(self.rows, key=lambda r: r.enum == "其中"):
            for k in {row.name, YEAR.sub("", row.name), row.code}:
                if k:
                    names.setdefault(k, []).append(row)
            for k in {cost_name(row.name), cost_name(YEAR.sub("", row.name))}:
                if k:
                    costs.setdefault(k, []).append(row)
        self._names, self._costs = names, costs

    @property
    def is_empty(self) -> bool:
        return not any(v is not None for r in self.rows for v in r.values.values())

    def figure(self, row: Row, column: str) -> Value | None:
        """A row's figure in ``column``, in 万元 whatever unit the table prints (None when blank)."""
        value = row.values.get(column)
        return value.in_wan(self.unit) if value is not None else None

    def value_columns(self, side: str | None = None) -> list[Column]:
        return [c for c in self.columns if side is None or c.side == side]

    def outline(self) -> Table:
        """The table's name, place and columns without its rows (see ``Document.outline``)."""
        return replace(self, rows=[], continued_at=[], column_sums={}, _names=None, _costs=None)


def table_line_mask(tables: list[Table], last_line: int) -> bytearray:
    """``mask[n]`` is 1 when line ``n`` lies in a table (title to last row): one byte a line,
    where a set of line numbers would cost some sixty."""
    mask = bytearray(max([last_line, *(max(t.line, t.end_line) for t in tables)]) + 1)
    for t in tables:
        end = max(t.line, t.end_line)
        mask[t.line : end + 1] = b"\x01" * (end + 1 - t.line)
    return mask


@dataclass(slots=True)
class Change:
    """"比上年增加 D 万元，增长 P%": the direction words, the delta and the rate as printed."""

    word: str  # 增加 / 减少 / 持平 …
    delta: Value | None
    unit: str | None
    rate_word: str | None  # 增长 / 下降 …
    rate: Value | None  # percent
    text: str
    reason: str | None = None  # what follows 主要原因是
    base: Value | None = None  # the prior figure when the sentence states it: "比上年预算数 A 万元增加 D"
    base_unit: str | None = None


@dataclass(slots=True)
class Claim:
    """One quantitative statement of the narrative: an amount and what is said of it."""

    subject: str  # as named in the sentence, normalised: 一般公共服务支出(类), 基本支出 …
    amount: Value | None
    unit: str | None  # 万元 / 元 / 亿元
    sentence: str
    line: int
    lines: tuple[int, ...]
    section: str = ""  # the headings above it: "五、关于… (二)一般公共预算当年拨款结构情况"
    share: Value | None = None  # "占 P%"
    share_of: str | None = None  # the base when the sentence names it: "占项目支出总额的 P%"
    change: Change | None = None
    offset: int = 0  # position in the sentence
    group: int | None = None  # list or share group this claim is a part of
    group_kind: str | None = None
    lead_of: int | None = None  # the group this claim is the total of
    project: str | None = None  # the project the paragraph is about (项目名称)
    years: tuple[int, ...] = ()  # the years its sentence names (not inside 《titles》 or after 截至)
    budget_years: tuple[int, ...] = ()  # of those, the ones named as a budget's year: "2024年预算数为"
    breakdown_at: int | None = None  # where its sentence's 其中 starts: what comes after is a breakdown
    ambiguous: bool = False  # a change whose subject cannot be told for certain


@dataclass(slots=True)
class CountStatement:
    """A count the prose states of the department's vehicles or staff: "共有车辆 5 辆，其中：…",
    "行政编制 38 名", "实有人数 40 人" (parse/counts.py)."""

    kind: str  # vehicles / staff
    word: str  # what is counted, one name for its spellings: 车辆, 行政编制, 实有人数, 编制
    said: str  # the words as printed: 共有车辆, 实有人员
    count: int
    date: str | None  # the 截至 date of its sentence
    line: int
    sentence: tuple[int, int]  # (stretch of prose, sentence within it): the statements of one sentence
    words: str  # the statement as printed, up to its count: 共有车辆 5 辆
    quote: str  # the text around it, for a finding
    parts: tuple[tuple[str, int], ...] = ()  # the kinds listed after its 其中, with their counts


@dataclass(slots=True)
class UnitCount:
    """"下属二级预算单位 21 个，分别为 A、B、…": how many units the narrative says the budget is made
    of (see parse/unit_counts.py), and the units it lists right after, when they can be counted."""

    count: int
    noun: str  # what is counted, as printed: 二级预算单位, 预算单位, 所属单位 …
    names: tuple[str, ...] | None  # the units listed after it; None when none is listed or readable
    line: int
    text: str  # the words of the statement, up to the count


@dataclass(slots=True)
class Outturn:
    """A final-accounts statement (决算): "X 年初预算为 A 万元，支出决算为 B 万元，完成年初预算的 R%。
    决算数大于年初预算数 D 万元" — what was budgeted, what was spent, and what the prose says of it."""

    subject: str  # what the statement is about, as named: 一般公共预算财政拨款支出, 行政运行(项) …
    final: Value  # 支出决算 / 决算数
    initial: Value | None = None  # 年初预算(数)
    full: Value | None = None  # 全年预算数 / 调整预算数 (the budget after adjustments)
    plain: Value | None = None  # "预算为 A 万元": a budget the sentence does not say is 年初 or 全年
    rate: Value | None = None  # 完成…的 R% / 为…的 R%
    rate_base: str | None = None  # 年初 / 全年 / 预算 (the sentence's own word)
    direction: str | None = None  # 大于 / 小于 / 等于 (高于, 低于, 持平, 一致 read as these)
    direction_base: str | None = None  # 年初 / 全年 / 预算
    difference: Value | None = None  # "大于年初预算数 D 万元"
    more_directions: tuple[tuple[str, str, Value | None], ...] = ()  # the direction said again ("…的主要原因是")
    sentence: str = ""
    line: int = 0
    lines: tuple[int, ...] = ()
    section: str = ""

    def base(self, word: str | None) -> Value | None:
        """The budget a rate or direction word compares with: 年初 → initial, 全年/调整 → full,
        plain 预算 → the full budget when the statement gives one, else the initial."""
        if word == "年初":
            return self.initial or self.plain
        if word in ("全年", "调整"):
            return self.full or self.plain
        return self.full or self.initial or self.plain


@dataclass(slots=True)
class Target:
    """A project's performance target table (绩效目标表): its name and annual amount as printed."""

    project: str
    amount: Value
    unit: str  # 万元 or 元, from the row's label
    line: int


@dataclass(slots=True)
class OverallFunds:
    """The money a 整体绩效目标表 (the department's or unit's whole-spending performance table) says
    it covers, as printed: ``amounts`` by label — 总额, 财政拨款, 其他资金, and where split,
    财政拨款.基本支出, 财政拨款.项目支出, 其他资金.基本支出, 其他资金.项目支出."""

    title: str  # the table's title: 部门整体支出绩效目标表, 专项资金整体绩效目标表 …
    amounts: dict[str, Value]
    unit: str  # 万元 or 元, from the header's label
    line: int


@dataclass(slots=True)
class Staffing:
    """"实有人数 N 人，其中：在职 A 人，退休 B 人，离休 C 人" as stated in the 概况."""

    total: int
    in_service: int
    retired: int
    retired_early: int  # 离休
    line: int
    text: str


@dataclass(slots=True)
class Mention:
    """Names listed without amounts: "支出预算包括：一般公共服务支出、…"."""

    kind: str  # 支出
    names: tuple[str, ...]
    line: int


@dataclass(slots=True)
class TocEntry:
    title: str
    line: int
    alias: str | None
    note: str | None = None  # what the 目录 row says beside the title: "是 不涉及" (empty, and why)


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the document as a reader names it: 封面, 目录, a heading's section, a table."""

    title: str  # as printed, spaces collapsed: "一、主要职能", "部门收支总体情况表"
    line: int  # first line (running number)
    end_line: int  # last line, inclusive
    kind: str  # cover / toc / part (第X部分) / heading (一、…) / table


@dataclass
class Metadata:
    department: str | None = None
    year: int | None = None
    kind: str | None = None  # 预算 / 决算
    unit: str | None = None
    template: str | None = None  # numbered (表 1 …) or titled (预算公开表 / titles only)
    scope: str | None = None  # 部门 / 单位
    kind_source: str | None = None  # what said the kind: cover, title, tables, default, or forced (--kind)


@dataclass
class Document:
    path: str
    lines: Lines  # a list of Line objects is taken too (held as Lines)
    metadata: Metadata
    toc: list[TocEntry]
    tables: list[Table]
    claims: list[Claim] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    overall: list[OverallFunds] = field(default_factory=list)  # see parse/performance.py
    staffing: list[Staffing] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)  # document order; see parse/sections.py
    outturns: list[Outturn] = field(default_factory=list)  # 决算 statements; see parse/outturn.py
    unit_counts: list[UnitCount] = field(default_factory=list)  # "下属 N 个预算单位"; see parse/unit_counts.py
    counts: list[CountStatement] = field(default_factory=list)  # vehicles and staff; see parse/counts.py
    budget: Document | None = None  # beside a 决算: the same department's 预算 of that year (check --pair)

    def __post_init__(self) -> None:
        if not isinstance(self.lines, Lines):  # a hand-made document's list of lines
            self.lines = Lines.of(self.lines)

    def locate(self, number: int | None) -> tuple[int | None, int | None]:
        """(page, line) as a reader finds it: the text line, or the page and the line within it."""
        if number is None or not 0 < number <= len(self.lines):
            return None, number
        line = self.lines[number - 1]
        return (line.page, line.page_line) if line.page is not None else (None, number)

    def outline(self) -> Document:
        """What a report shows of the document beside its findings — its metadata, contents and
        sections, its tables' names — without its lines and figures. A report that shows no more
        (every format but html and xlsx, and no --show-source) is given this: in a -j worker it is
        what is sent back (the lines and tables are nearly all of a document's pickle: 4.2 MB
        for 20 corpus PDFs, 0.09 s to send), and a batch does not hold every document it read."""
        return Document(self.path, Lines.of([]), self.metadata, self.toc, [t.outline() for t in self.tables],
                        sections=self.sections)

    def coverage(self) -> dict:
        """What was read: the tables the 目录 lists and how many were found, the tables kept
        without a name — so a clean result that only means "not read" shows as such."""
        present = {t.alias for t in self.tables if t.alias}
        listed = [e for e in self.toc if e.alias or e.title.endswith("表")] if self.tables else []
        return {
            "toc_tables": len(listed),
            "toc_tables_found": sum(1 for e in listed if e.alias in present),
            "tables_read": len(self.tables),
            "unrecognised": [t.title for t in self.tables if not t.alias],
        }

    def source_of(self, number: int | None) -> str | None:
        """The file a line came from, for a document read from several files (else None)."""
        if number is None or not 0 < number <= len(self.lines):
            return None
        return self.lines[number - 1].source

    def table(self, alias: str) -> Table | None:
        """The first table of that kind. Rules ask this for every claim and rule, so the
        tables are indexed once (and again if the list changes) rather than scanned each time."""
        index = self.__dict__.get("_first_by_alias")
        if index is None or index[0] is not self.tables or index[1] != len(self.tables):
            first: dict[str | None, Table] = {}
            for t in self.tables:
                first.setdefault(t.alias, t)
            index = (self.tables, len(self.tables), first)
            self.__dict__["_first_by_alias"] = index
        return index[2].get(alias)


@dataclass(frozen=True)
class TitlePattern:
    """Words a title must hold (one of each group) and words it must not."""

    all_of: tuple[tuple[str, ...], ...]
    none: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableKind:
    """A standard table, recognised by keywords of its title in any template."""

    alias: str
    titles: tuple[str, ...]
    two_sided: bool = False
    patterns: tuple[TitlePattern, ...] = ()
    kind: str | None = None  # 预算 or 决算 when the table belongs to one kind of document
    repeats: bool = False  # printed once per project: the same title again is a new table
