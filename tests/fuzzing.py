"""Fuzz targets and their inputs (issue 15), shared by tests/test_fuzz.py (a few derandomized
examples each, in CI) and bench/fuzz.py (thousands, with figures).

Each target takes what a strategy drew, runs one reader (or the whole read → parse → rules
path) and returns ``"read"`` or ``"refused"``: a finding or a clean refusal (UserError, i.e.
exit 2) are the only acceptable outcomes. Anything else it raises is a crash.

Inputs are real-shaped: the repository's own small documents, a generated PDF and the
default rule files, mutated (truncated, bytes flipped, lines shuffled, chunks inserted,
deleted or repeated), plus random tables, web pages, narrative sentences and YAML.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import yaml
from hypothesis import strategies as st

from budget_audit.audit import read_lines
from budget_audit.errors import UserError
from budget_audit.ingest.html import load_html
from budget_audit.ingest.pdf import load_pdf
from budget_audit.ingest.text import load_text
from budget_audit.parse import parse_document
from budget_audit.parse.catalogue import shipped
from budget_audit.parse.numbers import parse_value
from budget_audit.rules.engine import evaluate, load_rules

from . import hostile

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "tests" / "docs" / "consistent.txt", *sorted((ROOT / "tests" / "data").glob("unseen-*.txt"))]
RULE_FILES = sorted((ROOT / "rules").glob("*.yaml"))
TABLE_LINES = ["部门收支总体情况表", "单位：万元", "项目\t预算数", "一、本年收入\t100.00", "1. 一般公共预算拨款\t90.00",
               "收入总计\t100.00"]
RULES = load_rules()


# --- mutations ------------------------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` changed one to four times, each change of a kind broken downloads show."""
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        kind = draw(st.sampled_from(["truncate", "flip", "shuffle", "insert", "delete", "repeat"]))
        at = draw(st.integers(0, len(data) - 1))
        if kind == "truncate":
            data = data[:at]
        elif kind == "flip":
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        elif kind == "shuffle":
            lines = data.split(b"\n")
            data = b"\n".join(draw(st.permutations(lines))) if len(lines) < 400 else data
        elif kind == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 256)) :]
        else:
            data = data[:at] + data[at : at + 200] * draw(st.integers(2, 20)) + data[at:]
    return data


def documents() -> st.SearchStrategy[bytes]:
    return st.sampled_from([p.read_bytes() for p in DOCS]).flatmap(mutated)


def small_pdf() -> bytes:
    return hostile.text_pdf(["Budget 2024", "Item\tAmount", "Income total 100.00", "Grant 90.00", "Other 10.00"])


def pdfs() -> st.SearchStrategy[bytes]:
    return mutated(small_pdf())


_CELL = st.one_of(
    st.sampled_from(["合计", "总计", "一般公共服务支出", "基本支出", "项目支出", "行政运行", "", "-", "—", "无"]),
    st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False).map(str),
    st.sampled_from(["201", "20103", "2010301", "201\t03\t01", "30101"]),
    st.text(max_size=12),
)


@st.composite
def tables(draw: st.DrawFn) -> str:
    """A document of random tables under real titles: codes, names, figures, blanks, junk."""
    kinds = [title for kind in shipped().tables for title in kind.titles]
    out = [draw(st.sampled_from(["测试单位2024年部门预算公开", "2024年单位预算", ""]))]
    for _ in range(draw(st.integers(1, 4))):
        out += [draw(st.sampled_from(kinds)), "单位：万元"]
        width = draw(st.integers(1, 8))
        out.append("\t".join(draw(st.lists(_CELL, min_size=width, max_size=width))))
        for _ in range(draw(st.integers(0, 25))):
            out.append("\t".join(draw(st.lists(_CELL, min_size=1, max_size=width + 2))))
    return "\n".join(out)


_FRAGMENT = st.sampled_from([
    "一般公共预算", "基本支出", "项目支出", "人员经费", "三公经费", "本年收入", "其中：", "主要包括", "比上年", "增加",
    "减少", "增长", "下降", "与上年持平", "万元", "元", "%", "占", "，", "。", "；", "（", "）", "1.", "一、", "2023年",
    "2024年", "主要原因是", "决算数", "预算数", "\n",
])


@st.composite
def narratives(draw: st.DrawFn) -> str:
    """Sentences of the narrative's words and figures, in any order."""
    parts = ["测试单位2024年部门预算情况说明"]
    for _ in range(draw(st.integers(1, 40))):
        parts.append(draw(st.one_of(_FRAGMENT, st.decimals(0, 10**7, places=2, allow_nan=False).map(str))))
    return "".join(parts)


_HTML_TAG = st.sampled_from(["p", "div", "table", "tr", "td", "th", "span", "br", "script", "style", "li", "b"])


@st.composite
def web_pages(draw: st.DrawFn) -> bytes:
    """Tags opened and closed in any order, attributes (colspan) of any value, text between."""
    out = ["<!DOCTYPE html><html><body>"]
    for _ in range(draw(st.integers(0, 60))):
        tag = draw(_HTML_TAG)
        choice = draw(st.integers(0, 3))
        if choice == 0:
            out.append(f"<{tag} colspan=\"{draw(st.text(max_size=6))}\">")
        elif choice == 1:
            out.append(f"</{tag}>")
        else:
            out.append(draw(st.one_of(_FRAGMENT, _CELL, st.text(max_size=20))).replace("\n", "<br>"))
    return "".join(out).encode("utf-8", "surrogatepass")


_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=15),
                    st.sampled_from(["equal", "sum", "rollup", "支出总表[合计].合计", "error", "warning", "SC.x"]))
_KEY = st.sampled_from(["rules", "tables", "id", "check", "title", "left", "right", "parts", "when", "severity",
                        "tolerance", "titles", "match", "all", "none", "kind", "unit", "ruleset"])


def yaml_documents() -> st.SearchStrategy[str]:
    """Random YAML shaped like a rule file: known keys, lists and mappings of any depth."""
    tree = st.recursive(_SCALAR, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(_KEY, kids, max_size=5),
                        max_leaves=30)
    return st.dictionaries(_KEY, tree, min_size=1, max_size=4).map(lambda d: yaml.safe_dump(d, allow_unicode=True))


def rule_files() -> st.SearchStrategy[bytes]:
    return st.one_of(yaml_documents().map(lambda t: t.encode("utf-8")),
                     st.sampled_from([p.read_bytes() for p in RULE_FILES]).flatmap(mutated))


# --- targets --------------------------------------------------------------------------------


def _on_disk(data: bytes, suffix: str, run: Callable[[str], object]) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            run(str(path))
        except UserError:
            return "refused"
    return "read"


def _check(path: str, lines: list[str], pages=None) -> None:
    """Parse and evaluate every rule: the path a document takes after its reader."""
    evaluate(parse_document(path, lines, RULES.tables, pages), RULES.rules)


def check_text_file(data: bytes) -> str:
    return _on_disk(data, ".txt", lambda p: _check(p, load_text(p)))


def check_web_page(data: bytes) -> str:
    return _on_disk(data, ".html", lambda p: _check(p, load_html(p)))


def check_pdf(data: bytes) -> str:
    def run(path: str) -> None:
        items = load_pdf(path)
        _check(path, [t for _, _, t in items], [(p, n) for p, n, _ in items])

    return _on_disk(data, ".pdf", run)


def check_any_file(data: bytes) -> str:
    """Whatever the bytes are, read as the CLI would (PDF or web page by their first bytes)."""
    return _on_disk(data, ".dat", lambda p: _check(p, *read_lines(p)))


def check_lines(text: str) -> str:
    try:
        _check("doc.txt", text.split("\n"))
    except UserError:
        return "refused"
    return "read"


def check_number(cell: str) -> str:
    value = parse_value(cell, 1)
    if value is None:
        return "refused"
    assert value.printed == cell.strip() and value.amount == Decimal(value.printed)
    return "read"


def check_rule_file(data: bytes) -> str:
    return _on_disk(data, ".yaml", lambda p: load_rules([p]))


TARGETS: dict[str, tuple[Callable[[object], str], st.SearchStrategy]] = {
    "text reader": (check_text_file, documents()),
    "any bytes": (check_any_file, st.one_of(documents(), pdfs(), st.binary(max_size=2000))),
    "web page reader": (check_web_page, web_pages()),
    "PDF reader": (check_pdf, pdfs()),
    "random tables": (check_lines, tables()),
    "claims parser": (check_lines, narratives()),
    "number parser": (check_number, st.one_of(st.text(max_size=30), _CELL)),
    "rule-file loader": (check_rule_file, rule_files()),
}
