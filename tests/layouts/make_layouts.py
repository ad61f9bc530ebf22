"""Hand-made disclosures that pin down each layout difficulty of the PDF/table reader.

Every document is built from ONE arithmetic model (``Model``): each 项 has its 基本支出 and
its 项目支出 by source, every 款/类/合计, the 收支总表, 财政拨款收支总表, 基本支出表 (economic
codes), 项目支出表 (projects), 三公 and the narrative figures are derived from it, so a
consistent document is consistent by construction. A *broken* variant changes exactly one
printed figure (``Plant``), at a figure chosen to take part in as few relations as the
layout allows, and the manifest records which rule must find it and where.

Producers: reportlab (drawn pages: watermark, unruled, running heads, page breaks at a chosen
row, x-offset indentation) and LibreOffice (an HTML document with bordered tables printed to
PDF, as tests/pdf/make_pdfs.py does). Both embed a CJK font subset with a ToUnicode map.

Run from the project root (needs reportlab, and for the LibreOffice documents Debian's
libreoffice-writer and fonts-wqy-zenhei, the font both producers embed):

    python tests/layouts/make_layouts.py          # writes tests/data/layouts/ and MANIFEST.yaml

The figures and names are invented.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data" / "layouts"
YEAR = 2025
DEPT = "云溪县水务局"
UNIT_A = "云溪县水务局（本级）"
UNIT_B = "云溪县水利工程管理站"
WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
D = Decimal
ZERO = D("0.00")
CN_NUM = "一二三四五六七八九十"


# --------------------------------------------------------------------------- the model

@dataclass
class Project:
    name: str
    unit: str
    goods: Decimal      # 商品和服务支出
    capital: Decimal    # 资本性支出
    econ: str           # 部门预算支出经济分类 (layout j)

    @property
    def amount(self) -> Decimal:
        return self.goods + self.capital


@dataclass
class Item:  # 项
    code: str
    name: str
    basic: Decimal = ZERO
    projects: list[Project] = field(default_factory=list)   # 一般公共预算 projects
    fund: Decimal = ZERO        # 政府性基金 项目支出
    own: Decimal = ZERO         # 单位资金 项目支出

    @property
    def proj_gb(self) -> Decimal:
        return sum((p.amount for p in self.projects), ZERO)

    @property
    def gb(self) -> Decimal:
        return self.basic + self.proj_gb

    @property
    def project(self) -> Decimal:
        return self.proj_gb + self.fund + self.own

    @property
    def total(self) -> Decimal:
        return self.basic + self.project

    def s(self, attr: str) -> Decimal:
        return getattr(self, attr)


@dataclass
class Node:  # 类 or 款
    code: str
    name: str
    children: list

    def leaves(self) -> list[Item]:
        out = []
        for c in self.children:
            out.extend(c.leaves() if isinstance(c, Node) else [c])
        return out

    def s(self, attr: str) -> Decimal:
        return sum((getattr(i, attr) for i in self.leaves()), ZERO)


def P(name, unit, goods, capital, econ="502"):
    return Project(name, unit, D(goods), D(capital), econ)


class Model:
    """One department's budget; every printed figure is derived from these numbers."""

    def __init__(self) -> None:
        self.classes = [
            Node("208", "社会保障和就业支出", [Node("20805", "行政事业单位养老支出", [
                Item("2080505", "机关事业单位基本养老保险缴费支出", basic=D("64.32")),
                Item("2080506", "机关事业单位职业年金缴费支出", basic=D("25.73"))])]),
            Node("210", "卫生健康支出", [Node("21011", "行政事业单位医疗", [
                Item("2101101", "行政单位医疗", basic=D("28.16")),
                Item("2101103", "公务员医疗补助", basic=D("6.40"))])]),
            Node("212", "城乡社区支出", [Node("21208", "国有土地使用权出让收入安排的支出", [
                Item("2120803", "城市建设支出", fund=D("50.00"))])]),
            Node("213", "农林水支出", [Node("21303", "水利", [
                Item("2130301", "行政运行", basic=D("412.58")),
                Item("2130306", "水利工程运行与维护", projects=[
                    P("水库安全运行维护", UNIT_B, "52.00", "18.00"),
                    P("河道堤防日常维护", UNIT_B, "50.00", "0.00")]),
                Item("2130311", "水资源节约管理与保护", projects=[
                    P("水资源监测与取水管理", UNIT_A, "14.50", "12.00", "503"),
                    P("节水型社会建设", UNIT_A, "20.00", "0.00")]),
                Item("2130314", "防汛", projects=[
                    P("防汛物资储备", UNIT_A, "18.00", "0.00"),
                    P("山洪灾害监测预警", UNIT_A, "9.40", "12.60", "503")]),
                Item("2130335", "农村供水", projects=[
                    P("农村饮水工程维修养护", UNIT_B, "40.00", "0.00")], own=D("20.00"))])]),
            Node("221", "住房保障支出", [Node("22102", "住房改革支出", [
                Item("2210201", "住房公积金", basic=D("38.59"))])]),
        ]
        staff = [("30101", "基本工资", "156.20"), ("30102", "津贴补贴", "98.40"), ("30103", "奖金", "13.02"),
                 ("30107", "绩效工资", "72.60"), ("30108", "机关事业单位基本养老保险缴费", "64.32"),
                 ("30109", "职业年金缴费", "25.73"), ("30110", "职工基本医疗保险缴费", "28.16"),
                 ("30111", "公务员医疗补助缴费", "6.40"), ("30113", "住房公积金", "38.59")]
        goods = [("30201", "办公费", "12.00"), ("30205", "水费", "1.20"), ("30206", "电费", "3.60"),
                 ("30207", "邮电费", "2.40"), ("30211", "差旅费", "6.50"), ("30217", "公务接待费", "1.80"),
                 ("30228", "工会经费", "5.90"), ("30229", "福利费", "4.20"), ("30231", "公务用车运行维护费", "8.60"),
                 ("30239", "其他交通费用", "9.00"), ("30299", "其他商品和服务支出", "3.30")]
        family = [("30305", "生活补助", "2.00"), ("30309", "奖励金", "1.20")]
        basic = self.basic
        fixed = sum(D(v) for _, _, v in staff + goods + family)
        staff.append(("30199", "其他工资福利支出", str(basic - fixed)))
        assert basic - fixed > 0
        # economic classes: (code, name, [(code, name, 人员, 公用)])
        self.econ = [
            ("301", "工资福利支出", [(c, n, D(v), None) for c, n, v in staff]),
            ("302", "商品和服务支出", [(c, n, None, D(v)) for c, n, v in goods]),
            ("303", "对个人和家庭的补助", [(c, n, D(v), None) for c, n, v in family]),
        ]
        self.sg_car_buy = ZERO
        self.sg_car_run = D("8.60")
        self.sg_abroad = ZERO
        self.sg_reception = D("1.80")
        self.staffing = (45, 36, 9, 0)

    def items(self) -> list[Item]:
        return [i for c in self.classes for i in c.leaves()]

    def s(self, attr: str) -> Decimal:
        return sum((getattr(i, attr) for i in self.items()), ZERO)

    @property
    def basic(self) -> Decimal:
        return self.s("basic")

    @property
    def gb(self) -> Decimal:
        return self.s("gb")

    @property
    def fund(self) -> Decimal:
        return self.s("fund")

    @property
    def own(self) -> Decimal:
        return self.s("own")

    @property
    def total(self) -> Decimal:
        return self.s("total")

    @property
    def appropriation(self) -> Decimal:
        return self.gb + self.fund

    def personnel(self) -> Decimal:
        return sum((p for _, _, rows in self.econ for _, _, p, _ in rows if p), ZERO)

    def public(self) -> Decimal:
        return sum((g for _, _, rows in self.econ for _, _, _, g in rows if g), ZERO)

    def projects(self) -> list[tuple[Item, Project]]:
        return [(i, p) for i in self.items() for p in i.projects]

    @property
    def sg_total(self) -> Decimal:
        return self.sg_abroad + self.sg_car_buy + self.sg_car_run + self.sg_reception


# --------------------------------------------------------------------------- tables

@dataclass
class H:
    text: str
    cs: int = 1
    rs: int = 1


@dataclass
class Row:
    key: str
    cells: list            # str | Decimal | None
    indent: int = 0        # x-offset level of the name cell (layout f)
    name_col: int = 1


@dataclass
class Tab:
    alias: str
    number: str
    title: str
    header: list[list[H]]
    rows: list[Row]
    widths: list[float]                 # relative column widths
    note: str | None = None
    numeric_from: int = 2               # first column printed right-aligned

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)


def fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return f"{v:.2f}"
    return str(v)


def nz(v: Decimal) -> Decimal | None:
    return v if v != 0 else None


@dataclass
class Style:
    """How a document shows its row structure and which optional layout features it has."""
    codes: str = "one"          # one | three | spaced | numbered | indented
    project_rows: str = "coded"  # coded | uncoded (h) | units (g) | econ (j)
    lanci: bool = False         # 栏次 row under the header (i)
    szk: bool = False           # 收支总表 with one 预算拨款 row (k)
    econ_cols: str = "one"      # one | two (基本支出表 经济科目 类|款 columns, d)
    merged: str = "plain"       # plain | finance (收入总表 财政拨款 spanning 小计/一般公共预算/…, layout 6)


def code_cells(code: str, name: str, level: int, style: Style) -> tuple[list[str], int]:
    """The code/name cells of a subject row and the x-indent level of the name."""
    if style.codes == "three":
        parts = [code[:3], code[3:5], code[5:7]]
        return [p for p in parts] + [name], 0
    if style.codes == "spaced":
        return [" ".join(x for x in (code[:3], code[3:5], code[5:7]) if x), name], 0
    if style.codes == "numbered":
        return [numbering(level) + name], 0
    if style.codes == "indented":
        return [name], level - 1
    return [code, name], 0


_counters: dict[int, int] = {}


def numbering(level: int) -> str:
    """一、 （一） 1. (1) for levels 1–4, counted since the last reset."""
    _counters[level] = _counters.get(level, 0) + 1
    for deeper in range(level + 1, 6):
        _counters[deeper] = 0
    n = _counters[level]
    if level == 1:
        return CN_NUM[n - 1] + "、" if n <= 10 else f"十{CN_NUM[n - 11]}、"
    if level == 2:
        return f"（{CN_NUM[n - 1]}）"
    if level == 3:
        return f"{n}."
    return f"({n})"


def reset_numbering() -> None:
    _counters.clear()


def code_header(style: Style, extra_top: list[H], extra_bottom: list[H], name="科目名称") -> tuple[list[list[H]], list[float]]:
    if style.codes == "three":
        if not extra_bottom:
            extra_top = [H(h.text, h.cs, 2) for h in extra_top]
        top = [H("科目编码", cs=3), H(name, rs=2)] + extra_top
        bottom = [H("类"), H("款"), H("项")] + extra_bottom
        return [top, bottom], [0.5, 0.45, 0.45, 3.2]
    if style.codes in ("numbered", "indented"):
        top = [H(name, rs=2 if extra_bottom else 1)] + extra_top
        return ([top, extra_bottom] if extra_bottom else [top]), [4.0]
    top = [H("科目编码", rs=2 if extra_bottom else 1), H(name, rs=2 if extra_bottom else 1)] + extra_top
    return ([top, extra_bottom] if extra_bottom else [top]), [1.0 if style.codes == "one" else 1.2, 3.2]


def lead_width(style: Style) -> int:
    return {"three": 4, "numbered": 1, "indented": 1}.get(style.codes, 2)


def subject_rows(model: Model, style: Style, values, classes=None) -> list[Row]:
    """Rows 类/款/项 for the subjects where ``values(node)`` is not None."""
    reset_numbering()
    rows = []

    def walk(node, level):
        vals = values(node)
        if vals is None:
            return
        lead, indent = code_cells(node.code, node.name, level, style)
        rows.append(Row(node.code, lead + vals, indent=indent, name_col=len(lead) - 1))
        if isinstance(node, Node):
            for c in node.children:
                walk(c, level + 1)

    for c in classes or model.classes:
        walk(c, 1)
    return rows


def total_row(style: Style, vals: list, label="合计") -> Row:
    w = lead_width(style)
    lead = [""] * (w - 1) + [label]
    return Row("total", lead + vals, name_col=w - 1)


def lanci_row(style: Style, ncols: int) -> Row:
    w = lead_width(style)
    lead = [""] * (w - 1) + ["栏次"]
    return Row("lanci", lead + [str(i) for i in range(1, ncols + 1)], name_col=w - 1)


def tables(model: Model, style: Style) -> list[Tab]:
    m = model
    out: list[Tab] = []
    head = f"{DEPT}{YEAR}年"

    # 表一 收支总表 -------------------------------------------------------------
    classes_by_code = {c.code: c for c in m.classes}
    all_classes = [("201", "一般公共服务支出"), ("205", "教育支出"), ("208", "社会保障和就业支出"),
                   ("210", "卫生健康支出"), ("211", "节能环保支出"), ("212", "城乡社区支出"), ("213", "农林水支出"),
                   ("221", "住房保障支出"), ("224", "灾害防治及应急管理支出")]
    if style.szk:
        income = [("in:appr", "一、预算拨款收入", m.appropriation), ("in:own", "二、单位资金", m.own)]
    else:
        income = [("in:gb", "一、一般公共预算拨款收入", m.gb), ("in:fund", "二、政府性基金预算拨款收入", m.fund),
                  ("in:soe", "三、国有资本经营预算拨款收入", None), ("in:special", "四、财政专户管理资金收入", None),
                  ("in:own", "五、单位资金", m.own)]
    rows = []
    for i in range(max(len(income), len(all_classes))):
        left = income[i] if i < len(income) else ("", "", None)
        right = all_classes[i] if i < len(all_classes) else None
        rname = right[1] if right else ""
        rval = classes_by_code[right[0]].s("total") if right and right[0] in classes_by_code else None
        key = right[0] if right else left[0]
        rows.append(Row(f"sz:{key}", [left[1], left[2], rname, rval], name_col=0))
    rows += [Row("sz:current", ["本年收入合计", m.total, "本年支出合计", m.total], name_col=0),
             Row("sz:carry", ["上年结转", None, "年终结转", None], name_col=0),
             Row("sz:grand", ["收入总计", m.total, "支出总计", m.total], name_col=0)]
    out.append(Tab("收支总表", "表一", f"{head}部门收支预算总表",
                   [[H("收        入", cs=2), H("支        出", cs=2)], [H("项    目"), H("预算数"), H("项    目"), H("预算数")]],
                   rows, [3.2, 1.2, 3.2, 1.2], numeric_from=1))

    # 表二 收入总表 -------------------------------------------------------------
    if style.merged == "finance":
        top = [H("总计", rs=2), H("财政拨款（补助）", cs=4), H("财政专户管理资金", rs=2), H("单位资金", rs=2), H("上年结转", rs=2)]
        bottom = [H("小计"), H("一般公共预算"), H("政府性基金预算"), H("国有资本经营预算")]

        def vals(n):
            return [n.s("total"), nz(n.s("gb") + n.s("fund")), nz(n.s("gb")), nz(n.s("fund")), None, None, nz(n.s("own")), None]
        tot = [m.total, m.appropriation, m.gb, nz(m.fund), None, None, nz(m.own), None]
    else:
        top = [H("合计", rs=2), H("本年收入", cs=6), H("上年结转", rs=2)]
        bottom = [H("小计"), H("一般公共预算"), H("政府性基金预算"), H("国有资本经营预算"), H("财政专户管理资金"), H("单位资金")]

        def vals(n):
            return [n.s("total"), n.s("total"), nz(n.s("gb")), nz(n.s("fund")), None, None, nz(n.s("own")), None]
        tot = [m.total, m.total, m.gb, nz(m.fund), None, None, nz(m.own), None]
    header, widths = code_header(style, top, bottom)
    body = [total_row(style, tot)] + subject_rows(m, style, vals)
    if style.lanci:
        body.insert(0, lanci_row(style, 8))
    out.append(Tab("收入总表", "表二", f"{head}部门收入预算表", header, body, widths + [1.1] * 8,
                   numeric_from=lead_width(style)))

    # 表三 支出总表 -------------------------------------------------------------
    header, widths = code_header(style, [H("合计"), H("基本支出"), H("项目支出")], [])
    body = [total_row(style, [m.total, m.basic, m.s("project")])]
    body += subject_rows(m, style, lambda n: [n.s("total"), nz(n.s("basic")), nz(n.s("project"))])
    if style.lanci:
        body.insert(0, lanci_row(style, 3))
    out.append(Tab("支出总表", "表三", f"{head}部门支出预算表", header, body, widths + [1.2] * 3,
                   numeric_from=lead_width(style)))

    # 表四 财政拨款收支总表 --------------------------------------------------------
    cz_income = [("cz:current", "一、本年收入", m.appropriation), ("cz:gb", "1. 一般公共预算", m.gb),
                 ("cz:fund", "2. 政府性基金预算", nz(m.fund)), ("cz:soe", "3. 国有资本经营预算", None),
                 ("cz:carry", "二、上年结转", None), ("cz:carry-gb", "1. 一般公共预算", None),
                 ("cz:carry-fund", "2. 政府性基金预算", None), ("cz:carry-soe", "3. 国有资本经营预算", None)]
    rows = []
    for i in range(max(len(cz_income), len(all_classes))):
        left = cz_income[i] if i < len(cz_income) else ("", "", None)
        right = all_classes[i] if i < len(all_classes) else None
        if right and right[0] in classes_by_code:
            c = classes_by_code[right[0]]
            rv = [nz(c.s("gb") + c.s("fund")), nz(c.s("gb")), nz(c.s("fund")), None]
        else:
            rv = [None] * 4
        key = left[0] or f"cz:{right[0]}"
        rows.append(Row(key, [left[1], left[2], right[1] if right else ""] + rv, name_col=0))
    rows += [Row("cz:end", ["", None, "年终结转", None, None, None, None], name_col=0),
             Row("cz:grand", ["收入总计", m.appropriation, "支出总计", m.appropriation, m.gb, nz(m.fund), None], name_col=0)]
    out.append(Tab("财政拨款收支总表", "表四", f"{head}财政拨款收支预算总表",
                   [[H("收      入", cs=2), H("支      出", cs=5)],
                    [H("项    目"), H("预算数"), H("项    目"), H("合计"), H("一般公共预算"), H("政府性基金预算"), H("国有资本经营预算")]],
                   rows, [2.4, 1.0, 2.6, 1.0, 1.0, 1.0, 1.0], numeric_from=1))

    # 表五 一般公共预算支出表 -------------------------------------------------------
    header, widths = code_header(style, [H("合计"), H("基本支出"), H("项目支出")], [])
    body = [total_row(style, [m.gb, m.basic, m.s("proj_gb")])]
    body += subject_rows(m, style, lambda n: [n.s("gb"), nz(n.s("basic")), nz(n.s("proj_gb"))] if n.s("gb") else None)
    if style.lanci:
        body.insert(0, lanci_row(style, 3))
    out.append(Tab("一般公共预算支出表", "表五", f"{head}一般公共预算支出预算表", header, body, widths + [1.2] * 3,
                   numeric_from=lead_width(style)))

    # 表六 基本支出表 ------------------------------------------------------------
    body = [Row("total", ["", "合计", m.basic, m.personnel(), m.public()])]
    for code, name, rows_ in m.econ:
        pers = sum((p for _, _, p, _ in rows_ if p), ZERO)
        pub = sum((g for _, _, _, g in rows_ if g), ZERO)
        body.append(Row(code, [code, name, pers + pub, nz(pers), nz(pub)]))
        for c, n, p, g in rows_:
            body.append(Row(c, [c, n, (p or ZERO) + (g or ZERO), p, g]))
    header = [[H("经济科目编码"), H("经济科目名称"), H("合计"), H("人员经费"), H("公用经费")]]
    widths = [1.0, 3.0, 1.2, 1.2, 1.2]
    if style.econ_cols == "two":
        header = [[H("经济科目编码", cs=2), H("经济科目名称", rs=2), H("合计", rs=2), H("人员经费", rs=2), H("公用经费", rs=2)],
                  [H("类"), H("款")]]
        for r in body:
            code = r.cells[0]
            r.cells = [code[:3], code[3:]] + r.cells[1:]
            r.name_col = 2
        widths = [0.6, 0.5, 3.0, 1.2, 1.2, 1.2]
    out.append(Tab("基本支出表", "表六", f"{head}一般公共预算基本支出预算表", header, body, widths,
                   numeric_from=3 if style.econ_cols == "two" else 2))

    # 表七 项目支出表 ------------------------------------------------------------
    out.append(project_table(m, style, head))

    # 表八 政府性基金预算支出表 -------------------------------------------------------
    header, widths = code_header(style, [H("合计"), H("基本支出"), H("项目支出")], [])
    body = [total_row(style, [m.fund, None, m.fund])]
    body += subject_rows(m, style, lambda n: [n.s("fund"), None, n.s("fund")] if n.s("fund") else None)
    out.append(Tab("政府性基金支出表", "表八", f"{head}政府性基金预算支出表", header, body, widths + [1.2] * 3,
                   numeric_from=lead_width(style)))

    # 表九 三公 --------------------------------------------------------------------
    sg = [("sg:total", "合计", m.sg_total), ("sg:abroad", "因公出国（境）费", nz(m.sg_abroad)),
          ("sg:reception", "公务接待费", m.sg_reception),
          ("sg:car", "公务用车购置及运行费（小计）", m.sg_car_buy + m.sg_car_run),
          ("sg:car-buy", "其中：公务用车购置费", nz(m.sg_car_buy)), ("sg:car-run", "公务用车运行费", m.sg_car_run)]
    body = [Row(k, [n, v, v, None, None], name_col=0) for k, n, v in sg]
    out.append(Tab("三公经费表", "表九", f"{head}一般公共预算“三公”经费支出预算表",
                   [[H("“三公”经费支出内容", rs=2), H("合计", rs=2), H("资金来源", cs=3)],
                    [H("一般公共预算"), H("政府性基金"), H("国有资本经营预算")]],
                   body, [3.2, 1.2, 1.2, 1.2, 1.2], numeric_from=1))
    return out


def project_table(m: Model, style: Style, head: str) -> Tab:
    title = f"{head}一般公共预算项目支出预算表"
    cols = [H("合计"), H("商品和服务支出"), H("资本性支出")]
    gb_classes = [c for c in m.classes if c.s("proj_gb")]
    tot = [m.s("proj_gb"), sum((p.goods for _, p in m.projects()), ZERO), nz(sum((p.capital for _, p in m.projects()), ZERO))]

    def node_vals(n):
        if not n.s("proj_gb"):
            return None
        ps = [p for i in (n.leaves() if isinstance(n, Node) else [n]) for p in i.projects]
        return [n.s("proj_gb"), sum((p.goods for p in ps), ZERO), nz(sum((p.capital for p in ps), ZERO))]

    if style.project_rows == "units":   # (g): 单位 小计 rows, projects under them, no codes
        body = [Row("total", ["合计", "", *tot], name_col=1)]
        for unit in (UNIT_A, UNIT_B):
            ps = [p for _, p in m.projects() if p.unit == unit]
            body.append(Row(f"unit:{unit}", [unit, "小计", sum((p.amount for p in ps), ZERO),
                                             sum((p.goods for p in ps), ZERO), nz(sum((p.capital for p in ps), ZERO))], name_col=0))
            for p in ps:
                body.append(Row(f"p:{p.name}", ["", p.name, p.amount, p.goods, nz(p.capital)], name_col=1))
        if style.lanci:
            body.insert(0, Row("lanci", ["栏次", "", "1", "2", "3"], name_col=0))
        return Tab("项目支出表", "表七", title, [[H("单位名称"), H("项目名称")] + cols], body, [2.6, 2.6, 1.1, 1.1, 1.1])

    if style.project_rows == "uncoded" or style.codes in ("numbered", "indented"):
        # (h) / (e) / (f): projects as rows under their 项, without codes
        reset_numbering()
        header, widths = code_header(style, cols, [], name="科目名称/项目名称")
        body = [total_row(style, tot)]

        def walk(node, level):
            vals = node_vals(node)
            if vals is None:
                return
            lead, indent = code_cells(node.code, node.name, level, style)
            body.append(Row(node.code, lead + vals, indent=indent, name_col=len(lead) - 1))
            if isinstance(node, Node):
                for c in node.children:
                    walk(c, level + 1)
            else:
                for p in node.projects:
                    w = lead_width(style)
                    name = numbering(4) + p.name if style.codes == "numbered" else p.name
                    body.append(Row(f"p:{p.name}", [""] * (w - 1) + [name, p.amount, p.goods, nz(p.capital)],
                                    indent=(3 if style.codes == "indented" else 1 if style.project_rows == "uncoded" else 0),
                                    name_col=w - 1))

        for c in gb_classes:
            walk(c, 1)
        if style.lanci:
            body.insert(0, lanci_row(style, 3))
        return Tab("项目支出表", "表七", title, header, body, widths + [1.1] * 3, numeric_from=lead_width(style))

    # coded (default) and (j): one row per project with its 项 code; 类/款 rows above
    econ = style.project_rows == "econ"
    w = lead_width(style)
    header, widths = code_header(style, ([H("项目名称"), H("经济分类科目编码")] if econ else [H("项目名称")]) +
                                 ([H("合计")] if econ else cols), [])
    widths = widths + [2.6] + ([0.9, 1.1] if econ else [1.1] * 3)
    reset_numbering()
    body = [Row("total", [""] * (w - 1) + ["", "合计"] + (["", tot[0]] if econ else tot), name_col=w)]
    for c in gb_classes:
        lead, _ = code_cells(c.code, c.name, 1, style)
        v = node_vals(c)
        body.append(Row(c.code, lead + [""] + (["", v[0]] if econ else v), name_col=w - 1))
        for k in c.children:
            v = node_vals(k)
            if v is None:
                continue
            lead, _ = code_cells(k.code, k.name, 2, style)
            body.append(Row(k.code, lead + [""] + (["", v[0]] if econ else v), name_col=w - 1))
            for i in k.children:
                for p in i.projects:
                    lead, _ = code_cells(i.code, i.name, 3, style)
                    vals = [p.econ, p.amount] if econ else [p.amount, p.goods, nz(p.capital)]
                    body.append(Row(f"p:{p.name}", lead + [p.name] + vals, name_col=w))
    if style.lanci:
        body.insert(0, Row("lanci", [""] * (w - 1) + ["栏次", ""] + [str(i) for i in range(1, (2 if econ else 3) + 1)], name_col=w))
    return Tab("项目支出表", "表七", title, header, body, widths, numeric_from=w + (1 if not econ else 2))


# --------------------------------------------------------------------------- document

@dataclass
class Block:
    kind: str                  # title | h | p | toc | table | pagebreak
    text: str = ""
    tab: Tab | None = None
    key: str = ""              # narrative sentence key (for planting)


def narrative(m: Model) -> list[Block]:
    d = DEPT
    y = YEAR
    p_all = m.s("project")
    return [
        Block("h", text=f"第三部分  {d}{y}年部门预算情况说明"),
        Block("h", text="一、收支预算总体情况"),
        Block("p", key="n:total", text=f"按照全口径预算的原则，{d}{y}年所有收入和支出均纳入部门预算管理。{y}年收支总预算{m.total:.2f}万元。"),
        Block("h", text="二、收入预算情况"),
        Block("p", key="n:income", text=f"{d}{y}年收入预算{m.total:.2f}万元，其中：一般公共预算拨款收入{m.gb:.2f}万元，"
                                        f"政府性基金预算拨款收入{m.fund:.2f}万元，单位资金{m.own:.2f}万元。"),
        Block("h", text="三、支出预算情况"),
        Block("p", key="n:spend", text=f"{d}{y}年支出预算{m.total:.2f}万元，其中：基本支出{m.basic:.2f}万元，项目支出{p_all:.2f}万元。"),
        Block("h", text="四、财政拨款收支预算总体情况"),
        Block("p", key="n:cz", text=f"{y}年财政拨款收支总预算{m.appropriation:.2f}万元。"),
        Block("h", text="五、一般公共预算当年拨款情况"),
        Block("p", key="n:gb", text=f"{d}{y}年一般公共预算当年拨款{m.gb:.2f}万元，其中：基本支出{m.basic:.2f}万元，"
                                    f"项目支出{m.s('proj_gb'):.2f}万元。"),
        Block("h", text="六、一般公共预算基本支出情况"),
        Block("p", key="n:basic", text=f"{d}{y}年一般公共预算基本支出{m.basic:.2f}万元，其中：人员经费{m.personnel():.2f}万元，"
                                       f"公用经费{m.public():.2f}万元。"),
        Block("h", text="七、“三公”经费预算情况"),
        Block("p", key="n:sg", text=f"{d}{y}年财政拨款“三公”经费预算{m.sg_total:.2f}万元，用于公务用车运行和公务接待，"
                                    "未安排因公出国（境）费和公务用车购置费。"),
    ]


def front(m: Model, tabs: list[Tab], toc: bool = True) -> list[Block]:
    t, on, ret, lx = m.staffing
    out = [Block("title", text=DEPT), Block("title", text=f"{YEAR}年部门预算公开")]
    if toc:
        out.append(Block("h", text="目  录"))
        out.append(Block("toc", text=f"第一部分  {DEPT}概况"))
        out.append(Block("toc", text=f"第二部分  {DEPT}{YEAR}年部门预算表"))
        for tab in tabs:
            out.append(Block("toc", text=f"  {tab.number}  {tab.title.replace(DEPT + str(YEAR) + '年', '')}"))
        out.append(Block("toc", text=f"第三部分  {DEPT}{YEAR}年部门预算情况说明"))
    out += [
        Block("h", text=f"第一部分  {DEPT}概况"),
        Block("p", text=f"{DEPT}负责全县水资源统一管理和保护，组织实施水利工程建设与运行管理，指导农村供水和防汛抗旱工作。"),
        Block("p", text=f"纳入{DEPT}{YEAR}年部门预算编制范围的预算单位共2个：{UNIT_A}、{UNIT_B}。"
                        f"实有人数{t}人，其中：在职{on}人，退休{ret}人，离休{lx}人。"),
    ]
    return out


def document(m: Model, style: Style, toc=True) -> tuple[list[Block], list[Tab]]:
    tabs = tables(m, style)
    blocks = front(m, tabs, toc)
    blocks.append(Block("h", text=f"第二部分  {DEPT}{YEAR}年部门预算表"))
    for tab in tabs:
        blocks.append(Block("pagebreak", key=tab.alias))
        blocks.append(Block("table", tab=tab))
    blocks.append(Block("pagebreak"))
    blocks += narrative(m)
    return blocks, tabs


# --------------------------------------------------------------------------- planting

@dataclass
class Plant:
    rule: list[str]            # rule ids that must find it (one per expected error finding)
    table: str | None          # alias, or None for a narrative figure
    key: str                   # row key, or narrative block key
    cell: int                  # index into row.cells (table) — ignored for narrative
    column: str                # column name as printed
    delta: Decimal
    at_row: str                # row of the finding (the parent for rollup, the total for column-total)
    note: str = ""
    at_rows: dict[str, str] = field(default_factory=dict)  # a rule whose finding is at another row (row-columns: the row itself)
    at_tables: dict[str, str] = field(default_factory=dict)  # a rule whose finding is in another table (the other side of an equality)


def apply_plant(blocks: list[Block], plant: Plant) -> dict:
    if plant.table is None:
        b = next(b for b in blocks if b.key == plant.key)
        nums = re.findall(r"\d+\.\d\d", b.text)
        old = nums[0]
        new = f"{D(old) + plant.delta:.2f}"
        b.text = b.text.replace(old + "万元", new + "万元", 1)
        return {"consistent": old, "printed": new, "row": plant.key}
    tab = next(b.tab for b in blocks if b.kind == "table" and b.tab.alias == plant.table)
    row = tab.row(plant.key)
    old = row.cells[plant.cell]
    assert isinstance(old, Decimal), (plant, old)
    row.cells[plant.cell] = old + plant.delta
    name = row.cells[row.name_col]
    return {"consistent": f"{old:.2f}", "printed": f"{old + plant.delta:.2f}", "row": str(name).strip()}


# --------------------------------------------------------------------------- text renderer

def header_text(header: list[list[H]], ncols: int) -> list[str]:
    grid = [[""] * ncols for _ in header]
    taken = [[False] * ncols for _ in header]
    for r, hrow in enumerate(header):
        c = 0
        for h in hrow:
            while c < ncols and taken[r][c]:
                c += 1
            grid[r][c] = h.text
            for dr in range(h.rs):
                for dc in range(h.cs):
                    if r + dr < len(header) and c + dc < ncols:
                        taken[r + dr][c + dc] = True
            c += h.cs
    return ["\t".join(g).rstrip("\t") if any(g) else "" for g in grid]


def to_text(blocks: list[Block], indent_spaces: bool = False) -> tuple[str, dict]:
    lines: list[str] = []
    where: dict = {}
    for b in blocks:
        if b.kind == "pagebreak":
            continue
        if b.kind == "table":
            t = b.tab
            ncols = len(t.widths)
            lines += ["", t.number, "", t.title, "", f"单位名称：{DEPT}" + "\t" * (ncols - 2) + "\t单位：万元", ""]
            lines += header_text(t.header, ncols)
            for r in t.rows:
                cells = [fmt(c) for c in r.cells]
                if r.indent and indent_spaces:
                    cells[r.name_col] = "　" * (2 * r.indent) + cells[r.name_col]
                where[(t.alias, r.key)] = len(lines) + 1
                lines.append("\t".join(cells))
            if t.note:
                lines += ["", t.note]
            continue
        if b.kind in ("h", "title"):
            lines += ["", b.text, ""]
        else:
            where[("narrative", b.key)] = len(lines) + 1
            lines.append(b.text)
    text = "\n".join(lines).strip("\n") + "\n"
    # line numbers shift by the leading blank lines stripped
    lead = len(lines) - len("\n".join(lines).lstrip("\n").split("\n"))
    return text, {k: v - lead for k, v in where.items()}


# --------------------------------------------------------------------------- reportlab renderer

@dataclass
class PdfOpts:
    ruled: bool = True
    watermark: str | None = None
    running: bool = False
    split: dict = field(default_factory=dict)       # alias -> (row key the second part starts at, repeat header)
    same_page: set = field(default_factory=set)     # aliases not preceded by a page break
    font_size: float = 7.5


_FONT = None


def font() -> str:
    global _FONT
    if _FONT is None:
        from reportlab import rl_config
        from reportlab.pdfbase import pdfmetrics
        rl_config.invariant = 1   # same bytes on every run: no date, a fixed document id
        from reportlab.pdfbase.ttfonts import TTFont
        pdfmetrics.registerFont(TTFont("WQY", WQY, subfontIndex=0))
        _FONT = "WQY"
    return _FONT


def rl_table(t: Tab, rows: list[Row], opts: PdfOpts, with_header: bool, width: float):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    ncols = len(t.widths)
    data = []
    style = [("FONT", (0, 0), (-1, -1), font(), opts.font_size), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
             ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    nh = 0
    if with_header:
        grid = [[""] * ncols for _ in t.header]
        taken = [[False] * ncols for _ in t.header]
        for r, hrow in enumerate(t.header):
            c = 0
            for h in hrow:
                while c < ncols and taken[r][c]:
                    c += 1
                grid[r][c] = h.text
                if h.cs > 1 or h.rs > 1:
                    style.append(("SPAN", (c, r), (c + h.cs - 1, r + h.rs - 1)))
                for dr in range(h.rs):
                    for dc in range(h.cs):
                        if r + dr < len(t.header):
                            taken[r + dr][c + dc] = True
                c += h.cs
        from reportlab.lib.enums import TA_CENTER
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph
        hs = ParagraphStyle("th", fontName=font(), fontSize=opts.font_size, leading=opts.font_size + 1.5,
                            alignment=TA_CENTER, wordWrap="CJK")
        data += [[Paragraph(html.escape(x), hs) if x else "" for x in g] for g in grid]
        nh = len(grid)
        style.append(("ALIGN", (0, 0), (-1, nh - 1), "CENTER"))
    for i, r in enumerate(rows):
        data.append([fmt(c) for c in r.cells])
        ri = nh + i
        for ci, c in enumerate(r.cells):
            if isinstance(c, Decimal) or (ci >= t.numeric_from and str(c).isdigit()):
                style.append(("ALIGN", (ci, ri), (ci, ri), "RIGHT"))
        if r.indent:
            style.append(("LEFTPADDING", (r.name_col, ri), (r.name_col, ri), 3 + 14 * r.indent))
    if opts.ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    total = sum(t.widths)
    tbl = Table(data, colWidths=[width * w / total for w in t.widths], repeatRows=0)
    tbl.setStyle(TableStyle(style))
    return tbl


def to_pdf_reportlab(blocks: list[Block], path: Path, opts: PdfOpts) -> None:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import BaseDocTemplate, PageBreak, Paragraph, Spacer, Table, TableStyle

    f = font()
    body = ParagraphStyle("body", fontName=f, fontSize=9, leading=14, wordWrap="CJK", firstLineIndent=18)
    head = ParagraphStyle("head", fontName=f, fontSize=10.5, leading=16, spaceBefore=4, spaceAfter=2)
    title = ParagraphStyle("title", fontName=f, fontSize=16, leading=24, alignment=TA_CENTER)
    ttitle = ParagraphStyle("ttitle", fontName=f, fontSize=11.5, leading=16, alignment=TA_CENTER, spaceAfter=3)
    small = ParagraphStyle("small", fontName=f, fontSize=8, leading=11)
    tocs = ParagraphStyle("toc", fontName=f, fontSize=9, leading=14)
    doc = BaseDocTemplate(str(path), pagesize=A4, leftMargin=40, rightMargin=40, topMargin=50, bottomMargin=45,
                            title=f"{DEPT}{YEAR}年部门预算", author=DEPT)
    width = A4[0] - 80
    story = []
    first = True
    for b in blocks:
        if b.kind == "pagebreak":
            if not first and b.key not in opts.same_page:
                story.append(PageBreak())
            elif b.key in opts.same_page:
                story.append(Spacer(1, 14))
            continue
        first = False
        if b.kind == "title":
            story += [Spacer(1, 10), Paragraph(html.escape(b.text), title)]
        elif b.kind == "h":
            story.append(Paragraph(html.escape(b.text), head))
        elif b.kind == "toc":
            story.append(Paragraph(html.escape(b.text).replace("  ", "&nbsp;&nbsp;"), tocs))
        elif b.kind == "p":
            story.append(Paragraph(html.escape(b.text), body))
        elif b.kind == "table":
            t = b.tab
            story.append(Paragraph(html.escape(t.number), small))
            story.append(Paragraph(html.escape(t.title), ttitle))
            unit = Table([[f"单位名称：{DEPT}", "单位：万元"]], colWidths=[width / 2, width / 2])
            unit.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), f, 8), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                      ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
            story.append(unit)
            if t.alias in opts.split:
                at_key, repeat = opts.split[t.alias]
                at = next(i for i, r in enumerate(t.rows) if r.key == at_key)
                story.append(rl_table(t, t.rows[:at], opts, True, width))
                story.append(PageBreak())
                story.append(rl_table(t, t.rows[at:], opts, repeat, width))
            else:
                story.append(rl_table(t, t.rows, opts, True, width))
            if t.note:
                story.append(Paragraph(html.escape(t.note), small))

    def decorate(canvas, doc_):
        canvas.saveState()
        if opts.running:
            canvas.setFont(f, 8)
            canvas.setFillColor(colors.HexColor("#444444"))
            canvas.drawString(40, A4[1] - 30, f"{DEPT}{YEAR}年部门预算公开")
            canvas.drawRightString(A4[0] - 40, A4[1] - 30, "部门预算公开文件")
            canvas.setLineWidth(0.4)
            canvas.line(40, A4[1] - 34, A4[0] - 40, A4[1] - 34)
            canvas.setFont(f, 9)
            canvas.drawCentredString(A4[0] / 2, 24, f"— {doc_.page} —")
        canvas.restoreState()

    def stamp(canvas, doc_):
        if not opts.watermark:
            return
        canvas.saveState()
        canvas.setFillColor(colors.Color(0.78, 0.78, 0.78, alpha=0.55))
        canvas.setFont(f, 64)
        for y in (A4[1] * 0.72, A4[1] * 0.32):
            canvas.saveState()
            canvas.translate(A4[0] / 2, y)
            canvas.rotate(45)
            canvas.drawCentredString(0, 0, opts.watermark)
            canvas.restoreState()
        canvas.restoreState()

    def on_page(canvas, doc_):
        decorate(canvas, doc_)

    def on_page_end(canvas, doc_):
        stamp(canvas, doc_)

    from reportlab.platypus import Frame, PageTemplate
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="f")
    doc.addPageTemplates([PageTemplate(id="p", frames=[frame], onPage=on_page, onPageEnd=on_page_end)])
    doc.build(story)


# --------------------------------------------------------------------------- LibreOffice renderer

CSS = """
@page { size: A4; margin: 1.6cm; }
body { font-family: "WenQuanYi Zen Hei"; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; }
td { border: 0.6pt solid black; padding: 1pt 2pt; font-size: 7.5pt; }
p { margin: 1pt 0; }
"""


def to_html(blocks: list[Block], ruled: bool = True) -> str:
    css = CSS if ruled else CSS.replace("border: 0.6pt solid black", "border: none")
    out = [f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>"]
    brk = False
    for b in blocks:
        if b.kind == "pagebreak":
            brk = True
            continue
        pb = " style='page-break-before: always'" if brk else ""
        brk = False
        if b.kind == "title":
            out.append(f"<p align='center'{pb}><font size='5'>{html.escape(b.text)}</font></p>")
        elif b.kind == "h":
            out.append(f"<p{pb}><b>{html.escape(b.text)}</b></p>")
        elif b.kind in ("p", "toc"):
            out.append(f"<p{pb}>{html.escape(b.text)}</p>")
        elif b.kind == "table":
            t = b.tab
            out.append(f"<p{pb}>{html.escape(t.number)}</p>")
            out.append(f"<p align='center'><b>{html.escape(t.title)}</b></p>")
            out.append(f"<p>单位名称：{DEPT}　　　　　　　　　　　　　　　　　　　　　　　　单位：万元</p>")
            out.append(f"<table border='{1 if ruled else 0}' cellspacing='0' cellpadding='1' width='100%'>")
            total = sum(t.widths)
            out.append("<colgroup>" + "".join(f"<col width='{round(100 * w / total)}%'>" for w in t.widths) + "</colgroup>")
            for hrow in t.header:
                out.append("<tr>" + "".join(
                    f"<td align='center' colspan='{h.cs}' rowspan='{h.rs}'>{html.escape(h.text)}</td>" for h in hrow) + "</tr>")
            for r in t.rows:
                cells = []
                for i, c in enumerate(r.cells):
                    align = " align='right'" if isinstance(c, Decimal) or (i >= t.numeric_from and str(c).isdigit()) else ""
                    lead = "　" * (2 * r.indent) if r.indent and i == r.name_col else ""  # a word processor's indent
                    cells.append(f"<td{align}>{lead}{html.escape(fmt(c))}</td>")
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</table>")
            if t.note:
                out.append(f"<p>{html.escape(t.note)}</p>")
    out.append("</body></html>")
    return "\n".join(out)


def to_pdf_libreoffice(blocks: list[Block], path: Path, ruled: bool = True) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / (path.stem + ".html")
        src.write_text(to_html(blocks, ruled), encoding="utf-8")
        subprocess.run(["soffice", "--headless", "--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export",
                        "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=300)
        shutil.copy(Path(tmp) / (path.stem + ".pdf"), path)


# --------------------------------------------------------------------------- the catalogue

# Plant sites: figures that take part in a single relation of the rule set.
def plant_rollup(**kw) -> Plant:
    """项目支出表: one project's 合计 → its 款 (or 项) no longer equals the sum of its rows, nor the project
    its economic-class columns (where the table prints them): the figure is in two relations."""
    d = dict(rule=["table.rollup", "table.row-columns"], table="项目支出表", key="p:节水型社会建设", cell=-3, column="合计",
             delta=D("10.00"), at_row="21303", at_rows={"table.row-columns": "节水型社会建设"})
    d.update(kw)
    return Plant(**d)


def plant_column_total(**kw) -> Plant:
    """项目支出表 合计 row, 资本性支出 column → the total no longer equals its classes."""
    d = dict(rule=["table.column-total"], table="项目支出表", key="total", cell=-1, column="资本性支出",
             delta=D("10.00"), at_row="合计")
    d.update(kw)
    return Plant(**d)


PLANT_SG = Plant(["SG.vehicles", "table.row-columns"], "三公经费表", "sg:car-run", 1, "合计", D("1.00"), "公务用车购置及运行费（小计）",
                 "公务用车运行费 合计 changed (its 一般公共预算 cell kept): 小计 ≠ 购置费 + 运行费",
                 at_rows={"table.row-columns": "公务用车运行费"})  # and its 合计 ≠ its fund columns
# with nothing carried over, 财政拨款收支总表's 1. 一般公共预算 is also the year's 一般公共预算 money that the
# 一般公共预算支出表 spends: the changed figure is in two relations
PLANT_ENUM = Plant(["table.enumerated-lines", "GB.equals-CZ-income"], "财政拨款收支总表", "cz:gb", 1, "预算数", D("10.00"),
                   "本年收入", "财政拨款收支总表 1. 一般公共预算 changed: 一、本年收入 ≠ 1. + 2. + 3., and ≠ 一般公共预算支出表 合计",
                   at_rows={"GB.equals-CZ-income": "合计"}, at_tables={"GB.equals-CZ-income": "一般公共预算支出表"})
PLANT_NARR = Plant(["N.matches-table"], None, "n:total", 0, "", D("10.00"), "收支总预算",
                   "narrative 收支总预算 changed: it must equal 收支总表 收入总计 (in the tables file)")


@dataclass
class Layout:
    id: str
    issue: int
    purpose: str
    producer: str               # reportlab | libreoffice | text
    style: Style = field(default_factory=Style)
    pdf: PdfOpts = field(default_factory=PdfOpts)
    plant: Plant = field(default_factory=plant_rollup)
    reads: dict = field(default_factory=dict)
    two_files: bool = False


def catalogue() -> list[Layout]:
    L = []
    L += [
        Layout("p1-watermark", 8, "diagonal light-grey watermark 仅供审核 (45°, 64 pt, twice on every page, drawn over the tables)",
               "reportlab", pdf=PdfOpts(watermark="仅供审核"), reads={"no_chars": "仅供审核", "rows": ["项目支出表", "支出总表"]}),
        Layout("p2-continued-repeated-header", 8, "项目支出表 and 基本支出表 continued on a new page, the header repeated",
               "reportlab", pdf=PdfOpts(split={"项目支出表": ("p:节水型社会建设", True), "基本支出表": ("30205", True)}),
               reads={"rows": ["项目支出表", "基本支出表"]}),
        Layout("p3-continued-no-header", 8, "项目支出表 and 基本支出表 continued on a new page WITHOUT a repeated header",
               "reportlab", pdf=PdfOpts(split={"项目支出表": ("p:节水型社会建设", False), "基本支出表": ("30205", False)}),
               reads={"rows": ["项目支出表", "基本支出表"]}),
        Layout("p4-two-tables-one-page", 8, "支出总表 ends and 财政拨款收支总表 starts on the same page",
               "reportlab", pdf=PdfOpts(same_page={"财政拨款收支总表"}), plant=PLANT_ENUM,
               reads={"rows": ["支出总表"], "not_in": {"支出总表": ["一、本年收入", "收入总计", "支出总计"]}}),
        Layout("p5-unruled", 8, "every table printed without rules: columns only by x-position, many blank cells",
               "reportlab", pdf=PdfOpts(ruled=False), plant=plant_column_total(),
               reads={"rows": ["项目支出表", "支出总表", "三公经费表"]}),
        Layout("p6-merged-header", 8, "收入总表 header: 财政拨款（补助） spanning 小计/一般公共预算/政府性基金/国有资本经营; "
               "三公 header: 资金来源 spanning three columns", "libreoffice", style=Style(merged="finance"), plant=PLANT_SG,
               reads={"columns": {"收入总表": ["一般公共预算", "政府性基金预算", "单位资金"]}}),
        Layout("p7-running-heads", 8, "a running head, a rule and a page number (— n —) on every page", "reportlab",
               pdf=PdfOpts(running=True), reads={"no_text": ["部门预算公开文件", f"{DEPT}{YEAR}年部门预算公开"], "rows": ["项目支出表", "支出总表"]}),
        Layout("p8-two-files", 8, "narrative and tables published as two PDFs (a directory per document); "
               "a narrative amount must equal a table total", "reportlab", plant=PLANT_NARR, two_files=True),
        Layout("p9-unruled-word-processor", 8, "tables without rules printed by a word processor (LibreOffice): codes in "
               "three columns 类|款|项, header cells centred over their columns, blank columns named only by the header",
               "libreoffice", style=Style(codes="three"), pdf=PdfOpts(ruled=False),
               reads={"rows": ["项目支出表", "支出总表", "三公经费表"],
                      "columns": {"收入总表": ["一般公共预算", "政府性基金预算", "单位资金"]},
                      "levels": {"支出总表": {"农林水支出": 1, "水利": 2, "行政运行": 3}}}),
        Layout("p10-unruled-continued", 8, "tables without rules continued on a new page without a header; "
               "基本支出表's continuation leaves 公用经费 blank in every row", "reportlab",
               pdf=PdfOpts(ruled=False, split={"项目支出表": ("p:防汛物资储备", False), "基本支出表": ("30305", False)}),
               reads={"rows": ["项目支出表", "基本支出表"], "columns": {"基本支出表": ["人员经费", "公用经费"]}}),
    ]
    R = [
        ("a-three-code-columns", "codes in three columns 类|款|项", Style(codes="three"), plant_rollup(), {}),
        ("b-one-code-column", "one code column with 3/5/7-digit codes", Style(), plant_rollup(), {}),
        ("c-spaced-codes", "7-digit codes printed with spaces (213 03 06)", Style(codes="spaced"), plant_rollup(), {}),
        ("d-economic-codes", "基本支出表 economic codes in two columns 类|款 (301 | 01); the error is in an economic item",
         Style(econ_cols="two"),
         Plant(["JB.row-personnel-public", "table.rollup"], "基本支出表", "30211", -1, "公用经费", D("1.00"), "302",
               "30211 差旅费 公用经费 changed: the row (合计 ≠ 人员 + 公用) and its class 302 (公用经费 ≠ Σ) both fail — "
               "every figure of this table is in two relations"), {}),
        ("e-numbered-levels", "no codes: levels only by numbering 一、（一）1.(1)", Style(codes="numbered"),
         plant_rollup(at_row="水资源节约管理与保护"), {}),
        ("f-indented-levels", "no codes, no numbers: levels only by indentation (leading full-width spaces; x-offset)",
         Style(codes="indented"), plant_rollup(at_row="水资源节约管理与保护"), {}),
        ("g-subtotal-rows", "项目支出表 grouped by unit with 小计 rows (no codes); 三公 with a 其中 row",
         Style(project_rows="units"),
         plant_rollup(rule=["table.column-total", "table.row-columns"], at_row=UNIT_A, cell=2), {"rows": ["项目支出表"]}),
        ("h-uncoded-children", "项目支出表: project rows without codes under their coded 项",
         Style(project_rows="uncoded"), plant_rollup(at_row="2130311"), {"rows": ["项目支出表"]}),
        ("i-lanci-row", "a 栏次 row (栏次 | 1 | 2 | 3 …) under the header of the coded tables", Style(lanci=True),
         plant_rollup(), {"no_row": "栏次"}),
        ("j-economic-code-column", "项目支出表 with a 经济分类科目编码 column (502/503) beside the function code",
         Style(project_rows="econ"), plant_rollup(cell=-1, rule=["table.rollup"]), {"not_values": ["502", "503"]}),
        ("k-one-appropriation-row", "收支总表 with one 预算拨款收入 row instead of the 一般公共预算/政府性基金/国有资本 split",
         Style(szk=True), PLANT_ENUM, {}),
    ]
    for rid, purpose, style, plant, reads in R:
        reads = dict(reads)
        reads.setdefault("rows", ["支出总表", "项目支出表", "基本支出表"])
        reads["levels"] = {"支出总表": {"农林水支出": 1, "水利": 2, "行政运行": 3}}
        if rid.startswith("d-"):
            reads["levels"] = {"基本支出表": {"商品和服务支出": 1, "差旅费": 2}}
        L.append(Layout(f"r{rid}-text", 16, purpose, "text", style=style, plant=plant, reads=reads))
        producer = "reportlab" if rid.startswith(("f-", "e-")) else "libreoffice"
        L.append(Layout(f"r{rid}-pdf", 16, purpose, producer, style=style, plant=plant, reads=reads))
    return L


# --------------------------------------------------------------------------- build

def page_of(path: Path, needle: str, near: str | None = None) -> int | None:
    import pdfplumber
    with pdfplumber.open(str(path)) as pdf:
        hits = []
        for n, page in enumerate(pdf.pages, start=1):
            text = page.extract_text() or ""
            for line in text.split("\n"):
                if needle in line and (near is None or near in line.replace(" ", "")):
                    hits.append(n)
        return hits[0] if hits else None


def reads_for(layout: Layout, tabs: list[Tab]) -> dict:
    """What a correct reader must read: the row count of named tables (header and 栏次 rows excluded)."""
    reads = {k: v for k, v in layout.reads.items() if k != "rows"}
    if "no_chars" in reads:  # a watermark character that a printed name also has cannot be held against the reader
        printed = {ch for t in tabs for r in t.rows for c in r.cells if isinstance(c, str) for ch in c}
        printed |= {ch for t in tabs for hrow in t.header for h in hrow for ch in h.text}
        reads["no_chars"] = "".join(ch for ch in reads["no_chars"] if ch not in printed)
    by_alias = {t.alias: t for t in tabs}
    reads["rows"] = {a: sum(1 for r in by_alias[a].rows if r.key != "lanci") for a in layout.reads.get("rows", [])}
    return reads


def build(layout: Layout, variant: str, outdir: Path) -> list[dict]:
    m = Model()
    blocks, tabs = document(m, layout.style)
    planted = None
    if variant == "broken":
        planted = apply_plant(blocks, layout.plant)
    stem = f"{layout.id}-{variant}"
    entries = []
    files = []
    if layout.producer == "text":
        text, where = to_text(blocks, indent_spaces=layout.style.codes == "indented")
        path = outdir / f"{stem}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    elif layout.two_files:
        cut = next(i for i, b in enumerate(blocks) if b.kind == "h" and b.text.startswith("第二部分"))
        end = next(i for i, b in enumerate(blocks) if b.kind == "h" and b.text.startswith("第三部分"))
        prose = blocks[:cut] + blocks[end:]
        tabl = [Block("title", text=DEPT), Block("title", text=f"{YEAR}年部门预算表")] + blocks[cut:end]
        d = outdir / stem
        d.mkdir(exist_ok=True)
        to_pdf_reportlab(prose, d / "1-情况说明.pdf", layout.pdf)
        to_pdf_reportlab(tabl, d / "2-预算表.pdf", layout.pdf)
        files += [d / "1-情况说明.pdf", d / "2-预算表.pdf"]
        path = d
    else:
        path = outdir / f"{stem}.pdf"
        if layout.producer == "reportlab":
            to_pdf_reportlab(blocks, path, layout.pdf)
        else:
            to_pdf_libreoffice(blocks, path, layout.pdf.ruled)
        files.append(path)
    entry = {
        "file": str(path.relative_to(outdir)),
        "layout": layout.id,
        "issue": layout.issue,
        "variant": variant,
        "producer": layout.producer,
        "purpose": layout.purpose,
        "tables": [t.alias for t in tabs],
        "reads": reads_for(layout, tabs),
        "expected": [],
    }
    if planted:
        pl = layout.plant
        loc = {"table": pl.table, "row": planted["row"], "column": pl.column or None, "finding_row": pl.at_row,
               "consistent": planted["consistent"], "printed": planted["printed"], "note": pl.note or None}
        if layout.producer == "text":
            loc["line"] = where[(pl.table or "narrative", pl.key)]
        else:
            target = files[0] if layout.two_files else path
            loc["page"] = page_of(target, planted["printed"])
            loc["file"] = str(target.relative_to(outdir))
            assert loc["page"], (stem, planted)
        entry["expected"] = [{"rule": r, **loc, **({"finding_row": pl.at_rows[r]} if r in pl.at_rows else {}),
                              **({"table": pl.at_tables[r]} if r in pl.at_tables else {})} for r in pl.rule]
    entries.append(entry)
    return entries


def main() -> None:
    try:
        import reportlab  # noqa: F401
    except ImportError:
        sys.exit("needs reportlab: pip install reportlab")
    only = set(sys.argv[1:])
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = []
    for layout in catalogue():
        if only and not any(o in layout.id for o in only):
            continue
        if layout.producer == "libreoffice" and not shutil.which("soffice"):
            sys.exit("needs LibreOffice: apt-get install libreoffice-writer fonts-wqy-zenhei")
        for variant in ("consistent", "broken"):
            manifest += build(layout, variant, OUT)
            print(f"{layout.id}-{variant}", file=sys.stderr)
    if only:  # keep the other layouts' entries, replace (or add) these
        old = yaml_documents()
        ids = {e["layout"] for e in manifest}
        order = [layout.id for layout in catalogue()]
        manifest = sorted([e for e in old if e["layout"] not in ids] + manifest,
                          key=lambda e: (order.index(e["layout"]) if e["layout"] in order else len(order)))
    write_manifest(manifest)


def yaml_documents() -> list[dict]:
    import yaml
    path = OUT / "MANIFEST.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["documents"] if path.exists() else []


def write_manifest(entries: list[dict]) -> None:
    import yaml
    head = ("# Generated by tests/layouts/make_layouts.py — do not edit; see README.md.\n"
            "# expected: the error findings a correct reader gives (none for a consistent variant), each with\n"
            "# the planted figure (table, row, column, consistent → printed; line for text, page for PDF) and\n"
            "# finding_row, the row the finding is reported at (the parent for rollup, the total for column-total).\n")
    class Plain(yaml.SafeDumper):
        def ignore_aliases(self, data):
            return True

    text = yaml.dump({"documents": entries}, Dumper=Plain, allow_unicode=True, sort_keys=False, width=120)
    (OUT / "MANIFEST.yaml").write_text(head + text, encoding="utf-8")


if __name__ == "__main__":
    main()
