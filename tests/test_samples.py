"""The real samples: every table found with its alias, and spot checks of values and lines.

Each spot check was read off the sample text by hand (value as printed, line as grep -n shows).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from budget_audit.report.json_report import document_dict

from .conftest import SAMPLE_FILES, value

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"

TABLES = {
    "xinjiang-hejing": ["收支总表", "收入总表", "支出总表", "财政拨款收支总表", "一般公共预算支出表", "基本支出表", "项目支出表", "政府性基金支出表", "国有资本经营支出表", "三公经费表", "结转结余表"],
    "xinjiang-bazhou": ["收支总表", "收入总表", "支出总表", "财政拨款收支总表", "一般公共预算支出表", "基本支出表", "项目支出表", "政府性基金支出表", "国有资本经营支出表", "三公经费表", "结转结余表"],
    "xinjiang-aheqi": ["收支总表", "收入总表", "支出总表", "财政拨款收支总表", "一般公共预算支出表", "基本支出表", "项目支出表", "政府性基金支出表", "国有资本经营支出表", "三公经费表", "结转结余表"],
    "xinjiang-kizilsu": ["收支总表", "收入总表", "财政拨款收支总表", "一般公共预算支出表", "基本支出表", "项目支出表", "国有资本经营支出表", "三公经费表", "结转结余表"],
    "shanxi-zezhou": ["收支总表", "收入总表", "支出总表", "财政拨款收支总表", "一般公共预算支出表", "基本支出表", "政府性基金收入表", "政府性基金支出表", "国有资本经营支出表", "三公经费表", "机关运行经费表", "项目支出表", "上年结转项目支出表"],
}

# (sample, table, row name or code, column or None for the first, side, printed value, line)
SPOT = [
    ("xinjiang-hejing", "收支总表", "本年收入", None, "收入", "1076.35", 111),
    ("xinjiang-hejing", "收支总表", "201", None, "支出", "817.24", 111),
    ("xinjiang-hejing", "收支总表", "支出总计", None, "支出", "1076.35", 141),
    ("xinjiang-hejing", "收入总表", "2013101", "总计", None, "401.73", 155),
    ("xinjiang-hejing", "收入总表", "2101101", "一般公共预算", None, "34.07", 172),
    ("xinjiang-hejing", "收入总表", "合计", "总计", None, "1076.35", 181),
    ("xinjiang-hejing", "支出总表", "合计", "基本支出", None, "1000.67", 216),
    ("xinjiang-hejing", "财政拨款收支总表", "221", "一般公共预算", "支出", "77.55", 247),
    ("xinjiang-hejing", "一般公共预算支出表", "2013199", "项目支出", None, "59.68", 275),
    ("xinjiang-hejing", "基本支出表", "30231", "公用经费", None, "8.45", 327),
    ("xinjiang-hejing", "基本支出表", "合计", "人员经费", None, "940.98", 332),
    ("xinjiang-hejing", "项目支出表", "合计", "项目支出合计", None, "75.68", 350),
    ("xinjiang-hejing", "三公经费表", "公务接待费", "合计", None, "0.58", 394),
    ("xinjiang-bazhou", "收支总表", "本年收入", None, "收入", "3384.08", 107),
    ("xinjiang-bazhou", "收支总表", "221", None, "支出", "184.57", 126),
    ("xinjiang-bazhou", "收支总表", "收入总计", None, "收入", "3384.08", 137),
    ("xinjiang-bazhou", "收入总表", "总计", "总计", None, "3384.08", 150),
    ("xinjiang-bazhou", "收入总表", "2101199", "总计", None, "3.02", 174),
    ("xinjiang-bazhou", "支出总表", "2010350", "项目支出", None, "260.00", 198),
    ("xinjiang-bazhou", "财政拨款收支总表", "收入总计", None, "收入", "3134.08", 257),
    ("xinjiang-bazhou", "基本支出表", "30231", "合计", None, "81.40", 334),
    ("xinjiang-bazhou", "基本支出表", "总计", "人员经费", None, "2417.37", 308),
    ("xinjiang-bazhou", "项目支出表", "总计", "项目支出合计", None, "373.16", 353),
    ("xinjiang-bazhou", "三公经费表", "合计", "合计", None, "92.40", 422),
    ("xinjiang-aheqi", "收支总表", "单位资金", None, "收入", "37", 128),
    ("xinjiang-aheqi", "收支总表", "收入总计", None, "收入", "896.16", 147),
    ("xinjiang-aheqi", "收入总表", "2010301", "总计", None, "585.03", 161),
    ("xinjiang-aheqi", "支出总表", "住房公积金", "项目支出", None, "254.73", 202),
    ("xinjiang-aheqi", "财政拨款收支总表", "201", "一般公共预算", "支出", "673.76", 214),
    ("xinjiang-aheqi", "一般公共预算支出表", "20103", "合计", None, "710.78", 259),
    ("xinjiang-aheqi", "基本支出表", "30113", "合计", None, "46.38", 310),
    ("xinjiang-aheqi", "基本支出表", "30309", "人员经费", None, "0.018", 305),
    ("xinjiang-aheqi", "项目支出表", "合计", "项目支出合计", None, "213.15", 326),
    ("xinjiang-aheqi", "三公经费表", "公务接待费", "合计", None, "79.4", 376),
    ("xinjiang-aheqi", "结转结余表", "2023年下半年“访惠聚”个人补助(县级配套)".replace("“", "").replace("”", ""), "总计", None, "3.03", 393),
    ("xinjiang-kizilsu", "收支总表", "一般公共预算拨款", None, "收入", "1526.00", 84),
    ("xinjiang-kizilsu", "收支总表", "208", None, "支出", "171.75", 90),
    ("xinjiang-kizilsu", "收入总表", "201", "单位资金", None, "40.00", 125),
    ("xinjiang-kizilsu", "收入总表", "2080505", "总计", None, "118.43", 136),
    ("xinjiang-kizilsu", "收入总表", "合计", "总计", None, "1566.00", 137),
    ("xinjiang-kizilsu", "财政拨款收支总表", "支出总计", "一般公共预算", "支出", "1526.00", 179),
    ("xinjiang-kizilsu", "一般公共预算支出表", "2013199", "项目支出", None, "180.00", 196),
    ("xinjiang-kizilsu", "基本支出表", "302", "公用经费", None, "142.33", 220),
    ("xinjiang-kizilsu", "基本支出表", "合计", "人员经费", None, "1203.67", 234),
    ("xinjiang-kizilsu", "三公经费表", "公务用车运行费", "合计", None, "70.00", 283),
    ("shanxi-zezhou", "收支总表", "一般公共预算", None, "收入", "3784.62", 90),
    ("shanxi-zezhou", "收支总表", "本年支出合计", "当年预算安排", "支出", "3784.62", 121),
    ("shanxi-zezhou", "收入总表", "2013105", "本年收入合计", None, "3100.91", 133),
    ("shanxi-zezhou", "收入总表", "合计", "一般公共预算", None, "3784.62", 129),
    ("shanxi-zezhou", "支出总表", "2013101", "基本支出", None, "513.71", 177),
    ("shanxi-zezhou", "财政拨款收支总表", "社会保障和就业支出", "一般公共预算", "支出", "85.68", 209),
    ("shanxi-zezhou", "一般公共预算支出表", "2101103", "合计", None, "8.61", 261),
    ("shanxi-zezhou", "基本支出表", "商品和服务支出", "公用经费", None, "117.85", 292),
    ("shanxi-zezhou", "基本支出表", "合计", "人员经费", None, "561.59", 275),
    ("shanxi-zezhou", "机关运行经费表", "部门合计", "合计", None, "120.75", 369),
    ("shanxi-zezhou", "项目支出表", "信息技术应用更新工作经费", "合计", None, "3000.00", 387),
]


@pytest.mark.parametrize("stem", sorted(TABLES))
def test_every_table_is_found_with_its_alias(sample, stem):
    assert [t.alias for t in sample(stem).tables if t.alias and "绩效" not in t.alias] == TABLES[stem]


@pytest.mark.parametrize(("stem", "alias", "row", "column", "side", "printed", "line"), SPOT)
def test_spot_value(sample, stem, alias, row, column, side, printed, line):
    v = value(sample(stem), alias, row, column, side)
    assert v is not None
    assert (v.printed, v.line) == (printed, line)


def test_metadata_is_read_from_the_document(sample):
    meta = sample("xinjiang-kizilsu").metadata
    assert (meta.department, meta.year, meta.kind, meta.unit) == ("中共克孜勒苏柯尔克孜自治州委员会办公室", 2024, "预算", "万元")
    assert sample("shanxi-zezhou").metadata.template == "titled"
    assert sample("xinjiang-hejing").metadata.template == "numbered"


def test_seven_digit_code_table_has_three_levels(sample):
    rows = sample("shanxi-zezhou").table("支出总表").rows
    assert {r.level for r in rows if r.code} == {1, 2, 3}


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_extract_snapshot(sample, path):
    """The parsed model of each sample, reviewed and kept: a parser change shows up in review."""
    doc = sample(path.stem.split("-party")[0].split("-government")[0])
    model = document_dict(doc) | {"path": path.name}
    got = json.dumps(model, ensure_ascii=False, indent=1, sort_keys=True)
    snap = SNAPSHOTS / f"{path.stem}.extract.json"
    if os.environ.get("UPDATE_SNAPSHOTS") or not snap.exists():
        snap.parent.mkdir(exist_ok=True)
        snap.write_text(got + "\n", encoding="utf-8")
    assert got + "\n" == snap.read_text(encoding="utf-8")
