"""Shared fixtures: the default rule set, and helpers to parse and check small documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from budget_audit.audit import audit
from budget_audit.model import Document
from budget_audit.parse import parse_document
from budget_audit.rules.engine import load_rules

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DOCS = Path(__file__).resolve().parent / "docs"
SAMPLE_FILES = sorted(SAMPLES.glob("*.txt"))
# one consistent 收支总表, numbered 表 1
TABLE_ONE = """表 1
部门收支总体情况表
编制部门：测试单位
单位：万元
收 入\t\t支 出\t
项 目\t预算数\t功能分类\t预算数
一、本年收入\t100.00\t201 一般公共服务支出\t80.00
1. 一般公共预算拨款\t90.00\t208 社会保障和就业支出\t20.00
2. 单位资金\t10.00\t\t
收入总计\t100.00\t支出总计\t100.00
"""
# a budget made of that table, then the heading of its narrative: tests append prose to it
NARRATIVE_HEAD = f"测试单位 2024 年部门预算公开\n\n{TABLE_ONE}\n第三部分 2024 年部门预算情况说明\n\n"


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory, monkeypatch):
    """Every test its own result cache, never the repository's or another test's (commands
    run in subprocesses inherit it through the environment)."""
    from budget_audit.cache import DIR_ENV, OFF_ENV

    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv(DIR_ENV, str(folder))
    monkeypatch.delenv(OFF_ENV, raising=False)
    return folder


@pytest.fixture(scope="session")
def ruleset():
    return load_rules()


@pytest.fixture(scope="session")
def parse(ruleset):
    def _parse(text: str, path: str = "doc.txt") -> Document:
        return parse_document(path, text.split("\n"), ruleset.tables)

    return _parse


@pytest.fixture(scope="session")
def sample(ruleset):
    cache: dict[str, Document] = {}

    def _sample(stem: str) -> Document:
        if stem not in cache:
            path = next(p for p in SAMPLE_FILES if p.stem.startswith(stem))
            cache[stem] = parse_document(str(path), path.read_text(encoding="utf-8").split("\n"), ruleset.tables)
        return cache[stem]

    return _sample


@pytest.fixture
def check_text(tmp_path, ruleset):
    """Findings of the selected default rules on a document given as text."""

    def _check(text: str, select: list[str], rules=None):
        path = tmp_path / "doc.txt"
        path.write_text(text, encoding="utf-8")
        (report,) = audit([str(path)], rules or ruleset, select=select)
        assert report.error is None, report.error
        return report

    return _check


def value(doc: Document, alias: str, row: str, column: str | None = None, side: str | None = None):
    """The Value of a row (by name or code) and column (default: first) of a table."""
    table = doc.table(alias)
    assert table is not None, f"{alias} not found"
    rows = [r for r in table.rows if (r.name == row or r.code == row) and (side is None or r.side == side)]
    assert rows, f"{alias} has no row {row}"
    r = rows[0]
    col = column or next(c.name for c in table.columns if c.side == r.side)
    return r.values[col]
