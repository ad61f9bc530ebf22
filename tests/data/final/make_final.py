#!/usr/bin/env python3
"""Generate the hand-made 决算 (final accounts) test documents from data.

    python tests/data/final/make_final.py           # write the documents and broken.yaml
    python tests/data/final/make_final.py --check   # verify the committed files are up to date

Every figure is derived from the item data below (Decimal, never float): the totals are
sums of the items, the carry-over and income figures are solved from the balances, and
every percentage of the narrative is computed from the exact figures and rounded to two
decimals half-up. Before anything is written, ``verify()`` recomputes relationships
46–55 of RELATIONSHIPS.md (决算 section) on the data and stops on the first one that
does not hold; ``mutations()`` checks that each planted error of broken.yaml finds
exactly one place in the department document and changes exactly one line of it.

The departments, units, people and figures are invented.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
CENT = Decimal("0.01")
ZERO = Decimal("0")


def D(text: str) -> Decimal:
    return Decimal(text)


def pct(part: Decimal, whole: Decimal) -> Decimal:
    """part ÷ whole as a percentage, rounded to 2 decimals half-up."""
    return (part * 100 / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def money(x: Decimal, comma: bool = False) -> str:
    x = x.quantize(CENT)
    return f"{x:,.2f}" if comma else f"{x:.2f}"


def cell(x: Decimal | None, comma: bool = False) -> str:
    """A table cell: blank for zero (as the published tables print it)."""
    return "" if x is None or x == 0 else money(x, comma)


# --- the functional and economic classifications used (2024 catalogue) ----------------------

CLASS_LIST = [  # the 类 printed on the 支出 side of the 总表 (national 2024 决算 template)
    ("201", "一般公共服务支出"), ("202", "外交支出"), ("203", "国防支出"), ("204", "公共安全支出"),
    ("205", "教育支出"), ("206", "科学技术支出"), ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"), ("210", "卫生健康支出"), ("211", "节能环保支出"), ("212", "城乡社区支出"),
    ("213", "农林水支出"), ("214", "交通运输支出"), ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"), ("217", "金融支出"), ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"), ("221", "住房保障支出"), ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"), ("224", "灾害防治及应急管理支出"), ("229", "其他支出"),
    ("231", "债务还本支出"), ("232", "债务付息支出"), ("234", "抗疫特别国债安排的支出"),
]
CLASS_NAME = dict(CLASS_LIST)
KUAN_NAME = {
    "20103": "政府办公厅（室）及相关机构事务",
    "20703": "体育",
    "20805": "行政事业单位养老支出",
    "21011": "行政事业单位医疗",
    "22102": "住房改革支出",
    "22301": "解决历史遗留问题及改革成本支出",
    "22960": "彩票公益金安排的支出",
}
CN_NUM = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六",
    "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三", "二十四", "二十五", "二十六",
]


@dataclass
class Item:
    """One 项 of the functional classification, with every figure that hangs on it."""

    code: str  # 7 digits
    name: str
    gp_basic: Decimal = ZERO  # 一般公共预算财政拨款 基本支出
    gp_project: Decimal = ZERO
    gp_start: Decimal = ZERO  # 年初财政拨款结转和结余 (一般公共预算)
    gp_end: Decimal = ZERO
    gf_project: Decimal = ZERO  # 政府性基金预算财政拨款
    gf_start: Decimal = ZERO
    gf_end: Decimal = ZERO
    soe_project: Decimal = ZERO  # 国有资本经营预算财政拨款
    nf_basic: Decimal = ZERO  # spent from 事业收入 / 其他收入 (non-appropriated money)
    nf_project: Decimal = ZERO
    business: Decimal = ZERO  # 经营支出
    inc_service: Decimal = ZERO  # 事业收入
    inc_business: Decimal = ZERO  # 经营收入
    inc_other: Decimal = ZERO  # 其他收入
    budget: Decimal | None = None  # 年初预算 of its 一般公共预算财政拨款支出
    full_budget: Decimal | None = None  # 全年预算 (unit document only)
    use: str = ""
    reason: str = ""
    equal_word: str = "持平"

    @property
    def gp(self) -> Decimal:
        return self.gp_basic + self.gp_project

    @property
    def gp_income(self) -> Decimal:
        return self.gp + self.gp_end - self.gp_start

    @property
    def gf_income(self) -> Decimal:
        return self.gf_project + self.gf_end - self.gf_start

    @property
    def fin_income(self) -> Decimal:
        return self.gp_income + self.gf_income + self.soe_project

    @property
    def income(self) -> Decimal:
        return self.fin_income + self.inc_service + self.inc_business + self.inc_other

    @property
    def basic(self) -> Decimal:
        return self.gp_basic + self.nf_basic

    @property
    def project(self) -> Decimal:
        return self.gp_project + self.gf_project + self.soe_project + self.nf_project

    @property
    def spending(self) -> Decimal:
        return self.basic + self.project + self.business


def rollup(items: list[Item], value: Callable[[Item], list[Decimal]], keep: Callable[[Item], bool]) -> list[tuple[str, str, int, list[Decimal]]]:
    """(code, name, level, figures) for every 类, 款 and 项 of the kept items, in code order."""
    out: list[tuple[str, str, int, list[Decimal]]] = []
    kept = sorted((i for i in items if keep(i)), key=lambda i: i.code)
    seen: set[str] = set()
    for it in kept:
        for code, name, level in ((it.code[:3], CLASS_NAME[it.code[:3]], 1), (it.code[:5], KUAN_NAME[it.code[:5]], 2)):
            if code in seen:
                continue
            seen.add(code)
            members = [i for i in kept if i.code.startswith(code)]
            sums = [sum(col, ZERO) for col in zip(*(value(i) for i in members), strict=True)]
            out.append((code, name, level, sums))
        out.append((it.code, it.name, 3, value(it)))
    return out


def totals(items: list[Item], value: Callable[[Item], list[Decimal]], keep: Callable[[Item], bool]) -> list[Decimal]:
    rows = [value(i) for i in items if keep(i)]
    return [sum(col, ZERO) for col in zip(*rows, strict=True)]


def code_cells(code: str, layout: str) -> list[str]:
    if layout == "single":
        return [code]
    parts = [code[:3], code[3:5], code[5:7]]
    return [p for p in parts] if len(code) == 7 else ([code[:3], code[3:5], ""] if len(code) == 5 else [code, "", ""])


# --- a 决算 document ----------------------------------------------------------------------------


@dataclass
class ThreeCosts:
    budget: dict[str, Decimal]  # 出国 / 购置 / 运行 / 接待
    actual: dict[str, Decimal]
    last: dict[str, Decimal]  # 上年决算

    @staticmethod
    def total(d: dict[str, Decimal]) -> Decimal:
        return d["出国"] + d["购置"] + d["运行"] + d["接待"]

    @staticmethod
    def cars(d: dict[str, Decimal]) -> Decimal:
        return d["购置"] + d["运行"]


@dataclass
class Final:
    name: str
    scope: str  # 部门 / 单位
    year: int
    items: list[Item]
    personnel: list[tuple[str, str, Decimal]]  # economic code, name, amount (人员经费, 301/303)
    public: list[tuple[str, str, Decimal]]  # 公用经费 (302/310)
    nf_start: Decimal  # 年初 非财政拨款结转和结余
    three: ThreeCosts
    last_total: Decimal  # 上年 收入支出总计
    last_fin_total: Decimal  # 上年 财政拨款收入支出总计
    last_gp: Decimal  # 上年 一般公共预算财政拨款支出
    procurement: dict[str, Decimal]  # 货物 / 工程 / 服务 / 中小企业 / 小微企业
    vehicles: list[tuple[str, int]]
    last_running: Decimal | None  # 上年 机关运行经费 (None: not an administrative unit)
    comma: bool = False

    # totals ----------------------------------------------------------------------------------
    def sum(self, f: Callable[[Item], Decimal]) -> Decimal:
        return sum((f(i) for i in self.items), ZERO)

    @property
    def income(self) -> Decimal:
        return self.sum(lambda i: i.income)

    @property
    def spending(self) -> Decimal:
        return self.sum(lambda i: i.spending)

    @property
    def nf_income(self) -> Decimal:
        return self.sum(lambda i: i.inc_service + i.inc_business + i.inc_other)

    @property
    def nf_spending(self) -> Decimal:
        return self.sum(lambda i: i.nf_basic + i.nf_project + i.business)

    @property
    def nf_end(self) -> Decimal:
        return self.nf_start + self.nf_income - self.nf_spending

    def fund(self, f: str) -> dict[str, Decimal]:
        """年初 / 收入 / 支出 / 年末 of one fund: gp (一般公共预算), gf (政府性基金), soe (国有资本经营)."""
        if f == "gp":
            return {
                "start": self.sum(lambda i: i.gp_start), "income": self.sum(lambda i: i.gp_income),
                "spend": self.sum(lambda i: i.gp), "end": self.sum(lambda i: i.gp_end),
            }
        if f == "gf":
            return {
                "start": self.sum(lambda i: i.gf_start), "income": self.sum(lambda i: i.gf_income),
                "spend": self.sum(lambda i: i.gf_project), "end": self.sum(lambda i: i.gf_end),
            }
        s = self.sum(lambda i: i.soe_project)
        return {"start": ZERO, "income": s, "spend": s, "end": ZERO}

    @property
    def start(self) -> Decimal:
        return sum((self.fund(f)["start"] for f in ("gp", "gf", "soe")), ZERO) + self.nf_start

    @property
    def end(self) -> Decimal:
        return sum((self.fund(f)["end"] for f in ("gp", "gf", "soe")), ZERO) + self.nf_end

    @property
    def fin_income(self) -> Decimal:
        return self.sum(lambda i: i.fin_income)

    @property
    def fin_total(self) -> Decimal:
        return self.fin_income + sum((self.fund(f)["start"] for f in ("gp", "gf", "soe")), ZERO)

    @property
    def personnel_total(self) -> Decimal:
        return sum((a for c, _, a in self.personnel if len(c) == 5), ZERO)

    @property
    def public_total(self) -> Decimal:
        return sum((a for c, _, a in self.public if len(c) == 5), ZERO)

    def m(self, x: Decimal) -> str:
        return money(x, self.comma)

    def c(self, x: Decimal | None) -> str:
        return cell(x, self.comma)


def econ_classes(lines: list[tuple[str, str, Decimal]]) -> list[tuple[str, str, Decimal]]:
    """The economic 款 lines with their 类 lines inserted above them (类 = Σ款)."""
    names = {"301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助", "310": "资本性支出"}
    out: list[tuple[str, str, Decimal]] = []
    for cls in sorted({c[:3] for c, _, _ in lines}):
        members = [x for x in lines if x[0][:3] == cls]
        out.append((cls, names[cls], sum((a for _, _, a in members), ZERO)))
        out.extend(members)
    return out


# --- shared table pieces --------------------------------------------------------------------------


def two_sided_rows(left: list[tuple[str, str]], right: list[tuple[str, ...]], width_right: int) -> list[str]:
    """Lines of a 收入 | 支出 table: the left (2 cells) and right (1 + width_right cells) side by side."""
    lines = []
    for n in range(max(len(left), len(right))):
        lc = list(left[n]) if n < len(left) else ["", ""]
        rc = list(right[n]) if n < len(right) else [""] * (1 + width_right)
        lines.append("\t".join(lc + rc))
    return lines


# --- the department document -------------------------------------------------------------------------


def department() -> Final:
    items = [
        Item("2010301", "行政运行", gp_basic=D("612.48"), nf_basic=D("3.60"), inc_other=D("3.60"), budget=D("598.20"),
             use="机关人员工资福利和日常运转支出",
             reason="年中实施工资政策性调整，追加人员经费"),
        Item("2010302", "一般行政管理事务", gp_project=D("186.35"), gp_end=D("12.50"), budget=D("200.00"),
             use="示范创建综合管理、督查考评和公务用车更新等专项支出",
             reason="示范点位提升工程部分合同年底尚未完成结算，结转下年继续使用"),
        Item("2010303", "机关服务", gp_basic=D("96.40"), budget=D("96.40"),
             use="机关后勤服务保障支出", equal_word="等于"),
        Item("2010399", "其他政府办公厅（室）及相关机构事务支出", gp_project=D("45.80"), budget=D("0.00"),
             use="示范城市创建第三方评估专项支出",
             reason="年中追加示范城市创建第三方评估专项经费"),
        Item("2080501", "行政单位离退休", gp_basic=D("38.16"), budget=D("36.00"),
             use="行政单位退休人员退休费支出", reason="年中新增退休人员1人"),
        Item("2080505", "机关事业单位基本养老保险缴费支出", gp_basic=D("78.24"), budget=D("80.10"),
             use="机关基本养老保险单位缴费支出", reason="在职人员减少，缴费基数相应降低"),
        Item("2080506", "机关事业单位职业年金缴费支出", gp_basic=D("39.12"), budget=D("40.05"),
             use="机关职业年金单位缴费支出", reason="在职人员减少，缴费基数相应降低"),
        Item("2101101", "行政单位医疗", gp_basic=D("31.50"), budget=D("32.00"),
             use="行政单位职工基本医疗保险缴费支出", reason="在职人员减少，缴费基数相应降低"),
        Item("2101103", "公务员医疗补助", gp_basic=D("7.86"), budget=D("7.86"),
             use="公务员医疗补助缴费支出", equal_word="一致"),
        Item("2210201", "住房公积金", gp_basic=D("58.68"), budget=D("60.00"),
             use="住房公积金单位缴存支出", reason="在职人员减少，缴存基数相应降低"),
    ]
    public = [
        ("30201", "办公费", D("24.60")), ("30202", "印刷费", D("3.80")), ("30205", "水费", D("2.10")),
        ("30206", "电费", D("9.40")), ("30207", "邮电费", D("4.20")), ("30209", "物业管理费", D("36.50")),
        ("30211", "差旅费", D("8.90")), ("30212", "因公出国（境）费用", D("3.20")), ("30213", "维修（护）费", D("5.60")),
        ("30215", "会议费", D("2.30")), ("30216", "培训费", D("3.40")), ("30217", "公务接待费", D("4.32")),
        ("30228", "工会经费", D("7.60")), ("30229", "福利费", D("6.80")), ("30231", "公务用车运行维护费", D("10.85")),
        ("30239", "其他交通费用", D("12.00")), ("30299", "其他商品和服务支出", D("4.10")),
        ("31002", "办公设备购置", D("6.30")),
    ]
    gp_basic = sum((i.gp_basic for i in items), ZERO)
    public_total = sum((a for _, _, a in public), ZERO)
    fixed = [
        ("30101", "基本工资", D("186.20")), ("30103", "奖金", D("15.52")), ("30107", "绩效工资", D("96.80")),
        ("30108", "机关事业单位基本养老保险缴费", D("78.24")), ("30109", "职业年金缴费", D("39.12")),
        ("30110", "职工基本医疗保险缴费", D("31.50")), ("30111", "公务员医疗补助缴费", D("7.86")),
        ("30112", "其他社会保障缴费", D("2.64")), ("30113", "住房公积金", D("58.68")),
        ("30199", "其他工资福利支出", D("4.20")), ("30302", "退休费", D("38.16")), ("30309", "奖励金", D("0.50")),
    ]
    allowance = gp_basic - public_total - sum((a for _, _, a in fixed), ZERO)  # 津贴补贴 balances 人员经费
    personnel = sorted([*fixed, ("30102", "津贴补贴", allowance)])
    return Final(
        name="澜川市示范管理局", scope="部门", year=2024, items=items,
        personnel=econ_classes(personnel), public=econ_classes(public), nf_start=ZERO,
        three=ThreeCosts(
            budget={"出国": D("5.00"), "购置": D("25.00"), "运行": D("12.00"), "接待": D("6.00")},
            actual={"出国": D("3.20"), "购置": D("24.60"), "运行": D("10.85"), "接待": D("4.32")},
            last={"出国": D("2.80"), "购置": D("0.00"), "运行": D("11.40"), "接待": D("4.90")},
        ),
        last_total=D("1158.42"), last_fin_total=D("1154.12"), last_gp=D("1120.37"),
        procurement={"货物": D("38.60"), "工程": D("0.00"), "服务": D("52.40"), "中小企业": D("72.30"), "小微企业": D("58.10")},
        vehicles=[("主要负责人用车", 0), ("机要通信用车", 1), ("应急保障用车", 1), ("执法执勤用车", 1),
                  ("特种专业技术用车", 0), ("离退休干部服务用车", 0), ("其他用车", 1)],
        last_running=D("171.53"),
    )


def unit() -> Final:
    items = [
        Item("2070307", "体育场馆", gp_basic=D("286.40"), gp_project=D("120.00"), nf_basic=D("95.20"), nf_project=D("40.00"),
             business=D("62.30"), inc_service=D("142.00"), inc_business=D("70.00"), inc_other=D("2.40"),
             budget=D("390.00"), full_budget=D("410.00"),
             use="体育场馆运行管理和场馆设施维护改造支出",
             reason="场馆设施维护改造项目按合同进度支付，尾款待竣工验收后支付"),
        Item("2070308", "群众体育", gp_project=D("85.60"), gp_start=D("20.00"), gp_end=D("4.40"),
             budget=D("70.00"), full_budget=D("90.00"),
             use="全民健身赛事活动和社区健身设施运维支出",
             reason="部分社区健身设施运维服务按季度结算，第四季度费用结转下年支付"),
        Item("2080505", "机关事业单位基本养老保险缴费支出", gp_basic=D("36.80"), budget=D("36.80"), full_budget=D("36.80"),
             use="事业单位基本养老保险单位缴费支出"),
        Item("2080506", "机关事业单位职业年金缴费支出", gp_basic=D("18.40"), budget=D("18.40"), full_budget=D("18.40"),
             use="事业单位职业年金单位缴费支出"),
        Item("2101102", "事业单位医疗", gp_basic=D("16.30"), budget=D("16.80"), full_budget=D("16.30"),
             use="事业单位职工基本医疗保险缴费支出",
             reason="年中医疗保险缴费基数调整，全年预算相应调减"),
        Item("2210201", "住房公积金", gp_basic=D("27.60"), budget=D("27.00"), full_budget=D("27.60"),
             use="住房公积金单位缴存支出",
             reason="年中住房公积金缴存基数调整，全年预算相应调增"),
        Item("2230105", "国有企业退休人员社会化管理补助支出", soe_project=D("12.60"),
             use="原所属体育用品企业退休人员社会化管理补助"),
        Item("2296003", "用于体育事业的彩票公益金", gf_project=D("64.50"), gf_start=D("15.00"), gf_end=D("8.30"),
             use="彩票公益金资助的全民健身活动和健身器材更新"),
    ]
    public = [
        ("30201", "办公费", D("8.20")), ("30205", "水费", D("6.40")), ("30206", "电费", D("21.60")),
        ("30207", "邮电费", D("2.10")), ("30209", "物业管理费", D("18.50")), ("30211", "差旅费", D("2.30")),
        ("30213", "维修（护）费", D("9.80")), ("30216", "培训费", D("1.60")), ("30217", "公务接待费", D("2.50")),
        ("30228", "工会经费", D("3.40")), ("30229", "福利费", D("2.90")), ("30231", "公务用车运行维护费", D("6.12")),
        ("30299", "其他商品和服务支出", D("3.08")),
    ]
    gp_basic = sum((i.gp_basic for i in items), ZERO)
    public_total = sum((a for _, _, a in public), ZERO)
    fixed = [
        ("30101", "基本工资", D("82.60")), ("30102", "津贴补贴", D("12.40")),
        ("30108", "机关事业单位基本养老保险缴费", D("36.80")), ("30109", "职业年金缴费", D("18.40")),
        ("30110", "职工基本医疗保险缴费", D("16.30")), ("30112", "其他社会保障缴费", D("1.20")),
        ("30113", "住房公积金", D("27.60")), ("30305", "生活补助", D("1.80")),
    ]
    merit = gp_basic - public_total - sum((a for _, _, a in fixed), ZERO)  # 绩效工资 balances 人员经费
    personnel = sorted([*fixed, ("30107", "绩效工资", merit)])
    return Final(
        name="澜川市全民健身服务中心", scope="单位", year=2024, items=items,
        personnel=econ_classes(personnel), public=econ_classes(public), nf_start=D("30.00"),
        three=ThreeCosts(
            budget={"出国": D("0.00"), "购置": D("0.00"), "运行": D("6.50"), "接待": D("3.00")},
            actual={"出国": D("0.00"), "购置": D("0.00"), "运行": D("6.12"), "接待": D("2.50")},
            last={"出国": D("0.00"), "购置": D("0.00"), "运行": D("6.40"), "接待": D("2.80")},
        ),
        last_total=D("889.10"), last_fin_total=D("652.40"), last_gp=D("566.72"),
        procurement={"货物": D("86.40"), "工程": D("62.00"), "服务": D("48.75"), "中小企业": D("150.20"), "小微企业": D("96.30")},
        vehicles=[("应急保障用车", 1), ("特种专业技术用车", 1), ("其他用车", 1)],
        last_running=None, comma=True,
    )


# --- verification of relationships 46–55 on the data ----------------------------------------------


def verify(doc: Final) -> None:
    """Recompute the 决算 relationships on the data; AssertionError names the one that fails."""
    # 46: 收入总计 = 本年收入 + 使用非财政拨款结余 (0) + 年初; 支出总计 = 本年支出 + 结余分配 (0) + 年末; equal
    assert doc.income + doc.start == doc.spending + doc.end, "46"
    assert doc.nf_end >= 0, "46: negative non-appropriated carry-over"
    # 47: rows and rollups of 收入/支出决算表 hold by construction (sums of items); check the item identities
    for it in doc.items:
        assert it.income == it.fin_income + it.inc_service + it.inc_business + it.inc_other, f"47 {it.code}"
        assert it.spending == it.basic + it.project + it.business, f"47 {it.code}"
        assert it.gp_income >= 0 and it.gf_income >= 0, f"47 {it.code}: negative income"
    # 48: per fund
    for f in ("gp", "gf", "soe"):
        x = doc.fund(f)
        assert x["start"] + x["income"] == x["spend"] + x["end"], f"48 {f}"
    # 51: 一般公共预算 table total = fund spending; 基本 = 人员 + 公用
    assert doc.sum(lambda i: i.gp_basic) == doc.personnel_total + doc.public_total, "51"
    for code, _, amount in doc.personnel + doc.public:
        if len(code) == 3:
            members = [a for c, _, a in doc.personnel + doc.public if len(c) == 5 and c.startswith(code)]
            assert amount == sum(members, ZERO), f"51 {code}"
    assert all(a > 0 for _, _, a in doc.personnel + doc.public), "51: a zero economic line"
    # 52: 三公 totals; the economic lines of 基本支出 carry the 三公 running costs
    t = doc.three
    econ = {n: a for _, n, a in doc.public}
    assert econ.get("公务接待费", ZERO) == t.actual["接待"], "52 接待"
    assert econ.get("公务用车运行维护费", ZERO) == t.actual["运行"], "52 运行"
    assert econ.get("因公出国（境）费用", ZERO) == t.actual["出国"], "52 出国"
    # 54: 政府采购 and vehicles (by construction), 面向中小企业 ≤ total
    p = doc.procurement
    assert p["小微企业"] <= p["中小企业"] <= p["货物"] + p["工程"] + p["服务"], "54"
    # 49/50/53: every 项 has a budget; 完成率 only over a non-zero budget (checked where written)
    for it in doc.items:
        if it.gp:
            assert it.budget is not None, f"53 {it.code}: no 年初预算"


# --- the department document text -------------------------------------------------------------------


class Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def blank(self) -> None:
        self.lines.append("")

    def para(self, text: str) -> None:
        self.lines.extend([text, ""])

    def text(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


def table_head(w: Writer, number: str, title: str, doc: Final, issuer_label: str) -> None:
    w.add(number, "", title, "", f"{issuer_label}：{doc.name}\t\t\t\t单位：万元", "")


def change_clause(now: Decimal, last: Decimal) -> str:
    """比上年 clause: 增加 D万元，增长 P% / 减少 D万元，下降 P% / 与上年持平."""
    diff = now - last
    if diff == 0:
        return "与上年持平"
    if last == 0:
        return f"增加{money(diff)}万元"
    word, rate = ("增加", "增长") if diff > 0 else ("减少", "下降")
    return f"{word}{money(abs(diff))}万元，{rate}{pct(abs(diff), last)}%"


def direction(actual: Decimal, budget: Decimal) -> str:
    return "大于" if actual > budget else "小于" if actual < budget else "等于"


def summary_table(w: Writer, doc: Final, layout: str) -> None:
    """收入支出决算总表 (two-sided)."""
    f = {k: doc.fund(k) for k in ("gp", "gf", "soe")}
    left = [
        ("一、一般公共预算财政拨款收入", doc.c(f["gp"]["income"])),
        ("二、政府性基金预算财政拨款收入", doc.c(f["gf"]["income"])),
        ("三、国有资本经营预算财政拨款收入", doc.c(f["soe"]["income"])),
        ("四、上级补助收入", ""),
        ("五、事业收入", doc.c(doc.sum(lambda i: i.inc_service))),
        ("六、经营收入", doc.c(doc.sum(lambda i: i.inc_business))),
        ("七、附属单位上缴收入", ""),
        ("八、其他收入", doc.c(doc.sum(lambda i: i.inc_other))),
    ]
    by_class = {code: doc.sum(lambda i, c=code: i.spending if i.code.startswith(c) else ZERO) for code, _ in CLASS_LIST}
    right = [(f"{CN_NUM[n]}、{name}", doc.c(by_class[code])) for n, (code, name) in enumerate(CLASS_LIST)]
    w.add("收入\t\t支出\t", "项目\t决算数\t项目\t决算数")
    w.add(*two_sided_rows(left, right, 1))
    w.add(
        f"本年收入合计\t{doc.m(doc.income)}\t本年支出合计\t{doc.m(doc.spending)}",
        "使用非财政拨款结余\t\t结余分配\t",
        f"年初结转和结余\t{doc.c(doc.start)}\t年末结转和结余\t{doc.c(doc.end)}",
        f"总计\t{doc.m(doc.income + doc.start)}\t总计\t{doc.m(doc.spending + doc.end)}",
    )


def coded_table(w: Writer, doc: Final, layout: str, header: list[str], value: Callable[[Item], list[Decimal]],
                keep: Callable[[Item], bool], total_first: bool, extra_header: list[str] | None = None) -> None:
    """A table by functional classification: codes (类|款|项 or one 7-digit code), name, figures."""
    ncode = 3 if layout == "split" else 1
    if layout == "split":
        w.add("科目编码\t\t\t科目名称\t" + "\t".join(header))
        if extra_header:
            w.add("\t\t\t\t" + "\t".join(extra_header))
        w.add("类\t款\t项")
    else:
        w.add("功能分类科目编码\t科目名称\t" + "\t".join(header))
        if extra_header:
            w.add("\t\t" + "\t".join(extra_header))
    total = totals(doc.items, value, keep)
    total_line = "\t" * (ncode - 1) + "\t合计\t" + "\t".join(doc.c(x) for x in total)
    if layout == "single":
        total_line = "\t合计\t" + "\t".join(doc.c(x) for x in total)
    else:
        total_line = "\t\t\t合计\t" + "\t".join(doc.c(x) for x in total)
    if total_first:
        w.add(total_line)
    for code, name, _level, figures in rollup(doc.items, value, keep):
        w.add("\t".join([*code_cells(code, layout), name, *(doc.c(x) for x in figures)]))
    if not total_first:
        w.add(total_line)


def fin_summary_table(w: Writer, doc: Final) -> None:
    """财政拨款收入支出决算总表: 收入 by fund (rows) | 支出 by class with per-fund columns."""
    f = {k: doc.fund(k) for k in ("gp", "gf", "soe")}
    left = [
        ("一、一般公共预算财政拨款", doc.c(f["gp"]["income"])),
        ("二、政府性基金预算财政拨款", doc.c(f["gf"]["income"])),
        ("三、国有资本经营预算财政拨款", doc.c(f["soe"]["income"])),
    ]
    right = []
    for n, (code, name) in enumerate(CLASS_LIST):
        gp = doc.sum(lambda i, c=code: i.gp if i.code.startswith(c) else ZERO)
        gf = doc.sum(lambda i, c=code: i.gf_project if i.code.startswith(c) else ZERO)
        soe = doc.sum(lambda i, c=code: i.soe_project if i.code.startswith(c) else ZERO)
        right.append((f"{CN_NUM[n]}、{name}", doc.c(gp + gf + soe), doc.c(gp), doc.c(gf), doc.c(soe)))
    w.add("收入\t\t支出\t\t\t\t", "项目\t决算数\t项目\t合计\t一般公共预算财政拨款\t政府性基金预算财政拨款\t国有资本经营预算财政拨款")
    w.add(*two_sided_rows(left, right, 4))
    spend = [f[k]["spend"] for k in ("gp", "gf", "soe")]
    end = [f[k]["end"] for k in ("gp", "gf", "soe")]
    start = [f[k]["start"] for k in ("gp", "gf", "soe")]
    w.add(
        f"本年收入合计\t{doc.m(doc.fin_income)}\t本年支出合计\t{doc.m(sum(spend, ZERO))}\t" + "\t".join(doc.c(x) for x in spend),
        f"年初财政拨款结转和结余\t{doc.c(sum(start, ZERO))}\t年末财政拨款结转和结余\t{doc.c(sum(end, ZERO))}\t"
        + "\t".join(doc.c(x) for x in end),
        f"一、一般公共预算财政拨款\t{doc.c(start[0])}\t\t\t\t\t",
        f"二、政府性基金预算财政拨款\t{doc.c(start[1])}\t\t\t\t\t",
        f"三、国有资本经营预算财政拨款\t{doc.c(start[2])}\t\t\t\t\t",
        f"总计\t{doc.m(doc.fin_total)}\t总计\t{doc.m(sum(spend, ZERO) + sum(end, ZERO))}\t"
        + "\t".join(doc.c(s + e) for s, e in zip(spend, end, strict=True)),
    )


def basic_side_by_side(w: Writer, doc: Final) -> None:
    """一般公共预算财政拨款基本支出决算表, national layout: 人员经费 | 公用经费 halves side by side."""
    w.add("人员经费\t\t\t公用经费\t\t", "经济分类科目编码\t科目名称\t决算数\t经济分类科目编码\t科目名称\t决算数")
    left, right = doc.personnel, doc.public
    for n in range(max(len(left), len(right))):
        lc = [left[n][0], left[n][1], doc.m(left[n][2])] if n < len(left) else ["", "", ""]
        rc = [right[n][0], right[n][1], doc.m(right[n][2])] if n < len(right) else ["", "", ""]
        w.add("\t".join(lc + rc))
    w.add(f"\t人员经费合计\t{doc.m(doc.personnel_total)}\t\t公用经费合计\t{doc.m(doc.public_total)}")


def basic_columns(w: Writer, doc: Final) -> None:
    """一般公共预算财政拨款基本支出决算表, one list: 合计 | 人员经费 | 公用经费 (类 | 款 codes)."""
    w.add("经济分类科目编码\t\t经济分类科目名称\t合计\t人员经费\t公用经费", "类\t款")
    for code, name, amount in sorted(doc.personnel + doc.public):
        personnel = code[:3] in ("301", "303")
        cells = [code[:3], code[3:]] if len(code) == 5 else [code, ""]
        w.add("\t".join([*cells, name, doc.m(amount), doc.m(amount) if personnel else "", "" if personnel else doc.m(amount)]))
    w.add(f"\t\t合计\t{doc.m(doc.personnel_total + doc.public_total)}\t{doc.m(doc.personnel_total)}\t{doc.m(doc.public_total)}")


def three_wide(w: Writer, doc: Final) -> None:
    """财政拨款“三公”经费支出决算表, national layout: one row, 预算数 | 决算数 under each item."""
    t = doc.three
    w.add(
        "\t\t\t\t\t公务用车购置及运行费\t\t\t\t\t\t\t",
        "\t合计\t\t因公出国（境）费\t\t小计\t\t公务用车购置费\t\t公务用车运行费\t\t公务接待费\t",
        "项目\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数\t预算数\t决算数",
    )
    figures = []
    for d in (t.budget, t.actual):
        figures.append([ThreeCosts.total(d), d["出国"], ThreeCosts.cars(d), d["购置"], d["运行"], d["接待"]])
    cells = [money(x) for pair in zip(*figures, strict=True) for x in pair]
    w.add("财政拨款\t" + "\t".join(cells))


def three_rows(w: Writer, doc: Final) -> None:
    """财政拨款“三公”经费支出决算表, rows layout: items down, 预算数 | 决算数 across."""
    t = doc.three
    w.add("项目\t预算数\t决算数")
    rows = [
        ("合计", ThreeCosts.total(t.budget), ThreeCosts.total(t.actual)),
        ("1.因公出国（境）费", t.budget["出国"], t.actual["出国"]),
        ("2.公务用车购置及运行费", ThreeCosts.cars(t.budget), ThreeCosts.cars(t.actual)),
        ("其中：公务用车购置费", t.budget["购置"], t.actual["购置"]),
        ("公务用车运行费", t.budget["运行"], t.actual["运行"]),
        ("3.公务接待费", t.budget["接待"], t.actual["接待"]),
    ]
    for name, b, a in rows:
        w.add(f"{name}\t{doc.m(b)}\t{doc.m(a)}")


def fund_table(w: Writer, doc: Final, layout: str, kind: str) -> None:
    """政府性基金 / 国有资本经营 预算财政拨款收入支出决算表: 年初 | 本年收入 | 本年支出 (合计 基本 项目) | 年末."""
    header = ["年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"]
    extra = ["", "", "合计", "基本支出", "项目支出", ""]
    if kind == "gf":
        def value(i: Item) -> list[Decimal]:
            return [i.gf_start, i.gf_income, i.gf_project, ZERO, i.gf_project, i.gf_end]

        def keep(i: Item) -> bool:
            return bool(i.gf_project or i.gf_start or i.gf_end)
    else:
        def value(i: Item) -> list[Decimal]:
            return [ZERO, i.soe_project, i.soe_project, ZERO, i.soe_project, ZERO]

        def keep(i: Item) -> bool:
            return bool(i.soe_project)
    if any(keep(i) for i in doc.items):
        coded_table(w, doc, layout, header, value, keep, total_first=True, extra_header=extra)
        return
    if layout == "split":
        w.add("科目编码\t\t\t科目名称\t" + "\t".join(header), "\t\t\t\t" + "\t".join(extra), "类\t款\t项")
        w.add("\t\t\t合计\t\t\t\t\t\t")
    else:
        w.add("功能分类科目编码\t科目名称\t" + "\t".join(header), "\t\t" + "\t".join(extra))
        w.add("\t合计\t\t\t\t\t\t")


def soe_spending_table(w: Writer, doc: Final, layout: str) -> None:
    """国有资本经营预算财政拨款支出决算表: 本年支出 合计 | 基本支出 | 项目支出 (empty here)."""
    assert not any(i.soe_project for i in doc.items)
    w.add("科目编码\t\t\t科目名称\t本年支出\t\t", "\t\t\t\t合计\t基本支出\t项目支出", "类\t款\t项")
    w.add("\t\t\t合计\t\t\t")


# --- narrative pieces shared by both documents ------------------------------------------------------


def item_path(it: Item) -> str:
    return f"{CLASS_NAME[it.code[:3]]}（类）{KUAN_NAME[it.code[:5]]}（款）{it.name}（项）"


def econ_names(lines: list[tuple[str, str, Decimal]]) -> str:
    return "、".join(n for c, n, a in lines if len(c) == 5 and a)


def write_department(doc: Final) -> str:
    w = Writer()
    n, y = doc.name, doc.year
    f = {k: doc.fund(k) for k in ("gp", "gf", "soe")}
    gp = f["gp"]["spend"]
    gp_items = [i for i in doc.items if i.gp]
    budget_total = sum((i.budget for i in gp_items if i.budget is not None), ZERO)
    t = doc.three
    w.add(n, f"{y}年度部门决算公开", "", n, "二〇二五年八月", "")
    w.add("目  录", "")
    w.add(
        f"第一部分  {n}概况", "  一、部门主要职责", "  二、部门决算单位构成",
        f"第二部分  {n}{y}年度部门决算表",
        "  表1  收入支出决算总表", "  表2  收入决算表", "  表3  支出决算表", "  表4  财政拨款收入支出决算总表",
        "  表5  一般公共预算财政拨款支出决算表", "  表6  一般公共预算财政拨款基本支出决算表",
        "  表7  财政拨款“三公”经费支出决算表", "  表8  政府性基金预算财政拨款收入支出决算表",
        "  表9  国有资本经营预算财政拨款支出决算表",
        f"第三部分  {n}{y}年度部门决算情况说明", "第四部分  名词解释", "",
    )
    w.add(f"第一部分  {n}概况", "")
    w.add("一、部门主要职责", "")
    w.add(
        "1. 贯彻落实国家和省、市关于示范创建工作的方针政策，拟订全市示范创建工作规划并组织实施。",
        "2. 统筹协调示范城市、示范区和示范点位的创建、评估和复核工作。",
        "3. 负责示范创建工作的督查考评，组织开展第三方评估。",
        "4. 完成市委、市政府交办的其他任务。", "",
    )
    w.add("二、部门决算单位构成", "")
    w.para(f"{n}内设办公室、综合协调科、示范推进科、督查考评科4个科室。纳入{n}{y}年度部门决算编制范围的单位共1个，为{n}本级（行政单位）。")
    w.para(f"截至{y}年底，{n}行政编制38名，实有人数45人，其中：在职36人，退休9人，离休0人。")

    w.add(f"第二部分  {n}{y}年度部门决算表", "")
    table_head(w, "表1", f"{n}{y}年度收入支出决算总表", doc, "编制部门")
    summary_table(w, doc, "split")
    w.add("注：本表反映部门本年度的总收支和年末结转结余情况。", "")

    table_head(w, "表2", f"{n}{y}年度收入决算表", doc, "编制部门")
    coded_table(w, doc, "split", ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
                lambda i: [i.income, i.fin_income, ZERO, i.inc_service, i.inc_business, ZERO, i.inc_other],
                lambda i: bool(i.income), total_first=True)
    w.add("注：本表反映部门本年度取得的各项收入情况。", "")

    table_head(w, "表3", f"{n}{y}年度支出决算表", doc, "编制部门")
    coded_table(w, doc, "split", ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
                lambda i: [i.spending, i.basic, i.project, ZERO, i.business, ZERO],
                lambda i: bool(i.spending), total_first=True)
    w.add("注：本表反映部门本年度各项支出情况。", "")

    table_head(w, "表4", f"{n}{y}年度财政拨款收入支出决算总表", doc, "编制部门")
    fin_summary_table(w, doc)
    w.add("注：本表反映部门本年度财政拨款总收支和年末财政拨款结转结余情况。", "")

    table_head(w, "表5", f"{n}{y}年度一般公共预算财政拨款支出决算表", doc, "编制部门")
    coded_table(w, doc, "split", ["合计", "基本支出", "项目支出"], lambda i: [i.gp, i.gp_basic, i.gp_project],
                lambda i: bool(i.gp), total_first=False)
    w.add("注：本表反映部门本年度一般公共预算财政拨款支出情况。", "")

    table_head(w, "表6", f"{n}{y}年度一般公共预算财政拨款基本支出决算表", doc, "编制部门")
    basic_columns(w, doc)
    w.add("注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。", "")

    table_head(w, "表7", f"{n}{y}年度财政拨款“三公”经费支出决算表", doc, "编制部门")
    three_wide(w, doc)
    w.add("注：本表反映部门本年度财政拨款“三公”经费支出预决算情况，预算数为年初预算数。", "")

    table_head(w, "表8", f"{n}{y}年度政府性基金预算财政拨款收入支出决算表", doc, "编制部门")
    fund_table(w, doc, "split", "gf")
    w.add(f"注：{n}{y}年度没有政府性基金预算财政拨款收入、支出和结转结余，本表无数据。", "")

    table_head(w, "表9", f"{n}{y}年度国有资本经营预算财政拨款支出决算表", doc, "编制部门")
    soe_spending_table(w, doc, "split")
    w.add(f"注：{n}{y}年度没有国有资本经营预算财政拨款支出，本表无数据。", "")

    # --- 第三部分 ----------------------------------------------------------------------------------
    w.add(f"第三部分  {n}{y}年度部门决算情况说明", "")
    total = doc.income + doc.start
    w.add("一、收入支出决算总体情况说明", "")
    w.para(
        f"{y}年度{n}收入总计{doc.m(total)}万元，支出总计{doc.m(doc.spending + doc.end)}万元。与{y - 1}年度相比，"
        f"收入、支出总计各{change_clause(total, doc.last_total)}，主要原因是年中追加示范城市创建第三方评估专项经费，以及实施工资政策性调整。"
    )
    w.add("二、收入决算情况说明", "")
    other = doc.sum(lambda i: i.inc_other)
    w.para(
        f"{y}年度本年收入合计{doc.m(doc.income)}万元，其中：财政拨款收入{doc.m(doc.fin_income)}万元，占{pct(doc.fin_income, doc.income)}%；"
        f"其他收入{doc.m(other)}万元，占{pct(other, doc.income)}%。"
    )
    w.add("三、支出决算情况说明", "")
    basic, project = doc.sum(lambda i: i.basic), doc.sum(lambda i: i.project)
    w.para(
        f"{y}年度本年支出合计{doc.m(doc.spending)}万元，其中：基本支出{doc.m(basic)}万元，占{pct(basic, doc.spending)}%；"
        f"项目支出{doc.m(project)}万元，占{pct(project, doc.spending)}%。"
    )
    w.add("四、财政拨款收入支出决算总体情况说明", "")
    w.para(
        f"{y}年度{n}财政拨款收入总计{doc.m(doc.fin_total)}万元，支出总计{doc.m(doc.fin_total)}万元。与{y - 1}年度相比，"
        f"财政拨款收入、支出总计各{change_clause(doc.fin_total, doc.last_fin_total)}，主要原因是年中追加示范城市创建第三方评估专项经费，以及实施工资政策性调整。"
    )
    w.add("五、一般公共预算财政拨款支出决算情况说明", "")
    w.add("（一）一般公共预算财政拨款支出决算总体情况", "")
    w.para(
        f"{y}年度一般公共预算财政拨款支出{doc.m(gp)}万元，占本年支出合计的{pct(gp, doc.spending)}%。与{y - 1}年度相比，"
        f"一般公共预算财政拨款支出{change_clause(gp, doc.last_gp)}，主要原因是年中追加示范城市创建第三方评估专项经费，以及实施工资政策性调整。"
    )
    word = direction(gp, budget_total)
    w.para(
        f"一般公共预算财政拨款支出年初预算为{doc.m(budget_total)}万元，支出决算为{doc.m(gp)}万元，完成年初预算的{pct(gp, budget_total)}%，"
        f"决算数{word}年初预算数{doc.m(abs(gp - budget_total))}万元。决算数{word}年初预算数的主要原因是年中追加示范城市创建第三方评估专项经费和人员经费。"
    )
    w.add("（二）一般公共预算财政拨款支出决算结构情况", "")
    classes = sorted({i.code[:3] for i in gp_items})
    parts = []
    for code in classes:
        amount = sum((i.gp for i in gp_items if i.code.startswith(code)), ZERO)
        parts.append(f"{CLASS_NAME[code]}（类）{doc.m(amount)}万元，占{pct(amount, gp)}%")
    w.para(f"{y}年度一般公共预算财政拨款支出{doc.m(gp)}万元，主要用于以下方面：" + "；".join(parts) + "。")
    w.add("（三）一般公共预算财政拨款支出决算具体情况", "")
    for k, it in enumerate(gp_items, start=1):
        assert it.budget is not None
        head = f"{k}. {item_path(it)}。主要用于：{it.use}。年初预算为{doc.m(it.budget)}万元，支出决算为{doc.m(it.gp)}万元"
        if it.budget == 0:
            text = f"{head}。决算数大于年初预算数的主要原因是{it.reason}。"
        elif it.gp == it.budget:
            if it.equal_word == "等于":
                text = f"{head}，完成年初预算的{pct(it.gp, it.budget)}%。决算数等于年初预算数。"
            else:
                text = f"{head}，完成年初预算的{pct(it.gp, it.budget)}%。决算数与年初预算数{it.equal_word}。"
        else:
            text = f"{head}，完成年初预算的{pct(it.gp, it.budget)}%。决算数{direction(it.gp, it.budget)}年初预算数的主要原因是{it.reason}。"
        w.para(text)
    w.add("六、一般公共预算财政拨款基本支出决算情况说明", "")
    w.para(
        f"{y}年度一般公共预算财政拨款基本支出{doc.m(doc.personnel_total + doc.public_total)}万元，其中：人员经费{doc.m(doc.personnel_total)}万元，"
        f"主要包括：{econ_names(doc.personnel)}；公用经费{doc.m(doc.public_total)}万元，主要包括：{econ_names(doc.public)}。"
    )
    w.add("七、财政拨款“三公”经费支出决算情况说明", "")
    w.add("（一）“三公”经费财政拨款支出决算总体情况说明", "")
    tb, ta, tl = ThreeCosts.total(t.budget), ThreeCosts.total(t.actual), ThreeCosts.total(t.last)
    w.para(
        f"{y}年度“三公”经费财政拨款支出年初预算为{doc.m(tb)}万元，支出决算为{doc.m(ta)}万元，完成年初预算的{pct(ta, tb)}%。"
        f"决算数{direction(ta, tb)}年初预算数的主要原因是严格落实过紧日子要求，压减因公出国（境）和公务接待支出。"
    )
    w.para(
        f"与{y - 1}年度相比，“三公”经费财政拨款支出决算{change_clause(ta, tl)}，主要原因是按规定更新1辆超过使用年限的执法执勤用车。"
    )
    w.add("（二）“三公”经费财政拨款支出决算具体情况说明", "")
    w.para(
        f"1. 因公出国（境）费年初预算为{doc.m(t.budget['出国'])}万元，支出决算为{doc.m(t.actual['出国'])}万元，"
        f"完成年初预算的{pct(t.actual['出国'], t.budget['出国'])}%。比{y - 1}年度{change_clause(t.actual['出国'], t.last['出国'])}，"
        "主要原因是赴友好城市考察示范创建经验的团组人员增加。全年安排因公出国（境）团组1个，累计2人次。"
    )
    cb, ca, cl = ThreeCosts.cars(t.budget), ThreeCosts.cars(t.actual), ThreeCosts.cars(t.last)
    w.para(
        f"2. 公务用车购置及运行费年初预算为{doc.m(cb)}万元，支出决算为{doc.m(ca)}万元，完成年初预算的{pct(ca, cb)}%。"
        f"比{y - 1}年度{change_clause(ca, cl)}，主要原因是按规定更新1辆超过使用年限的执法执勤用车。"
    )
    w.para(
        f"其中：公务用车购置费年初预算为{doc.m(t.budget['购置'])}万元，支出决算为{doc.m(t.actual['购置'])}万元，"
        f"完成年初预算的{pct(t.actual['购置'], t.budget['购置'])}%，比{y - 1}年度{change_clause(t.actual['购置'], t.last['购置'])}，"
        "主要原因是按规定更新1辆超过使用年限的执法执勤用车，购置1辆；"
        f"公务用车运行费年初预算为{doc.m(t.budget['运行'])}万元，支出决算为{doc.m(t.actual['运行'])}万元，"
        f"完成年初预算的{pct(t.actual['运行'], t.budget['运行'])}%，比{y - 1}年度{change_clause(t.actual['运行'], t.last['运行'])}，"
        f"主要原因是加强公务用车使用管理，压减燃油和维修费用。{y}年度财政拨款开支的公务用车保有量为{sum(v for _, v in doc.vehicles)}辆。"
    )
    w.para(
        f"3. 公务接待费年初预算为{doc.m(t.budget['接待'])}万元，支出决算为{doc.m(t.actual['接待'])}万元，"
        f"完成年初预算的{pct(t.actual['接待'], t.budget['接待'])}%。比{y - 1}年度{change_clause(t.actual['接待'], t.last['接待'])}，"
        f"主要原因是严格执行公务接待标准，减少接待批次。其中：国内公务接待支出{doc.m(t.actual['接待'])}万元，共接待18批次、126人次；"
        "外事接待支出0.00万元，共接待0批次、0人次。"
    )
    w.add("八、政府性基金预算财政拨款收入支出决算情况说明", "")
    w.para(f"{n}{y}年度没有政府性基金预算财政拨款收入、支出和结转结余，政府性基金预算财政拨款收入支出决算表为空表。")
    w.add("九、国有资本经营预算财政拨款支出决算情况说明", "")
    w.para(f"{n}{y}年度没有国有资本经营预算财政拨款支出，国有资本经营预算财政拨款支出决算表为空表。")
    w.add("十、其他重要事项的情况说明", "")
    w.add("（一）机关运行经费支出情况", "")
    assert doc.last_running is not None
    w.para(
        f"{y}年度{n}机关运行经费支出{doc.m(doc.public_total)}万元，比{y - 1}年度{change_clause(doc.public_total, doc.last_running)}，"
        "主要原因是压减会议费、培训费和办公设备购置支出。"
    )
    w.add("（二）政府采购支出情况", "")
    p = doc.procurement
    w.para(
        f"{y}年度{n}政府采购支出总额{doc.m(p['货物'] + p['工程'] + p['服务'])}万元，其中：政府采购货物支出{doc.m(p['货物'])}万元、"
        f"政府采购工程支出{doc.m(p['工程'])}万元、政府采购服务支出{doc.m(p['服务'])}万元。授予中小企业合同金额{doc.m(p['中小企业'])}万元，"
        f"其中：授予小微企业合同金额{doc.m(p['小微企业'])}万元。"
    )
    w.add("（三）国有资产占用情况", "")
    cars = "、".join(f"{k}{v}辆" for k, v in doc.vehicles)
    w.para(
        f"截至{y}年12月31日，{n}共有车辆{sum(v for _, v in doc.vehicles)}辆，其中：{cars}。"
        "单价100万元（含）以上设备（不含车辆）0台（套）。"
    )
    w.add("（四）预算绩效管理情况", "")
    w.para(
        f"{y}年度{n}对2个一般公共预算财政拨款项目开展绩效自评，涉及资金{doc.m(doc.sum(lambda i: i.gp_project))}万元，"
        "自评结果均为“优”。"
    )
    w.add("第四部分  名词解释", "")
    for k, text in enumerate(GLOSSARY, start=1):
        w.para(f"{CN_NUM[k - 1]}、{text}")
    return w.text()


GLOSSARY = [
    "财政拨款收入：指单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。",
    "事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。",
    "经营收入：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动取得的收入。",
    "其他收入：指单位取得的除上述收入以外的各项收入，主要是存款利息收入等。",
    "年初结转和结余：指以前年度尚未完成、结转到本年按有关规定继续使用的资金。",
    "年末结转和结余：指单位按有关规定结转到下年或以后年度继续使用的资金。",
    "基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。",
    "项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
    "经营支出：指事业单位在专业业务活动及其辅助活动之外开展非独立核算经营活动发生的支出。",
    "“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。",
    "机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。",
]


# --- the unit document text ----------------------------------------------------------------------------


def write_unit(doc: Final) -> str:
    w = Writer()
    n, y = doc.name, doc.year
    f = {k: doc.fund(k) for k in ("gp", "gf", "soe")}
    gp = f["gp"]["spend"]
    gp_items = [i for i in doc.items if i.gp]
    initial = sum((i.budget for i in gp_items if i.budget is not None), ZERO)
    full = sum((i.full_budget for i in gp_items if i.full_budget is not None), ZERO)
    t = doc.three
    titles = [
        "收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款基本支出决算表", "一般公共预算财政拨款项目支出决算表", "政府性基金预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款收入支出决算表", "财政拨款“三公”经费支出决算表",
    ]
    w.add(n, f"{y}年度单位决算公开", "", "澜川市体育局", "二〇二五年九月", "")
    w.add("目  录", "")
    w.add(f"第一部分  {n}概况", "  一、单位主要职责", "  二、机构设置和人员情况", f"第二部分  {n}{y}年度单位决算表")
    w.add(*(f"  {CN_NUM[k]}、{title}" for k, title in enumerate(titles)))
    w.add(f"第三部分  {n}{y}年度单位决算情况说明", "第四部分  名词解释", "")
    w.add(f"第一部分  {n}概况", "")
    w.add("一、单位主要职责", "")
    w.para(f"{n}是澜川市体育局所属公益二类事业单位，主要负责市体育中心场馆的运行管理和对外开放，组织开展全民健身赛事活动，承担社区健身设施的运行维护和科学健身指导服务。")
    w.add("二、机构设置和人员情况", "")
    w.para(f"{n}内设综合部、场馆运营部、赛事活动部、设施维护部4个部门。单位事业编制28名，实有人数34人，其中：在职27人，退休7人，离休0人。")

    w.add(f"第二部分  {n}{y}年度单位决算表", "")
    layout = "single"

    def head(k: int) -> None:
        w.add(f"公开{k + 1:02d}表", "", f"{n}{y}年度{titles[k]}", "", f"编制单位：{n}\t\t\t\t金额单位：万元", "")

    head(0)
    summary_table(w, doc, layout)
    w.add("注：本表反映单位本年度的总收支和年末结转结余情况。", "")
    head(1)
    coded_table(w, doc, layout, ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
                lambda i: [i.income, i.fin_income, ZERO, i.inc_service, i.inc_business, ZERO, i.inc_other],
                lambda i: bool(i.income), total_first=True)
    w.add("注：本表反映单位本年度取得的各项收入情况。", "")
    head(2)
    coded_table(w, doc, layout, ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
                lambda i: [i.spending, i.basic, i.project, ZERO, i.business, ZERO],
                lambda i: bool(i.spending), total_first=True)
    w.add("注：本表反映单位本年度各项支出情况。", "")
    head(3)
    fin_summary_table(w, doc)
    w.add("注：本表反映单位本年度财政拨款总收支和年末财政拨款结转结余情况。", "")
    head(4)
    coded_table(w, doc, layout, ["年初预算数", "全年预算数", "决算数", "", ""],
                lambda i: [i.budget or ZERO, i.full_budget or ZERO, i.gp, i.gp_basic, i.gp_project],
                lambda i: bool(i.gp), total_first=True, extra_header=["", "", "合计", "基本支出", "项目支出"])
    w.add("注：本表反映单位本年度一般公共预算财政拨款年初预算、全年预算和支出决算情况。", "")
    head(5)
    basic_side_by_side(w, doc)
    w.add("注：本表反映单位本年度一般公共预算财政拨款基本支出明细情况。", "")
    head(6)
    projects = PROJECTS
    w.add("功能分类科目编码\t科目名称\t项目名称\t合计\t商品和服务支出\t对个人和家庭的补助\t资本性支出")
    w.add("\t合计\t\t" + "\t".join(doc.c(sum((p[k] for p in projects), ZERO)) for k in (2, 3, 4, 5)))
    for code, name, _level, figures in rollup(doc.items, lambda i: [i.gp_project], lambda i: bool(i.gp_project)):
        own = [p for p in projects if p[0].startswith(code)]
        sums = [sum((p[k] for p in own), ZERO) for k in (2, 3, 4, 5)]
        assert sums[0] == figures[0] == sums[1] + sums[2] + sums[3], code
        if len(code) < 7:
            w.add(f"{code}\t{name}\t\t" + "\t".join(doc.c(x) for x in sums))
        else:
            for p in own:
                w.add(f"{code}\t{name}\t{p[1]}\t" + "\t".join(doc.c(x) for x in p[2:]))
    w.add("注：本表反映单位本年度一般公共预算财政拨款项目支出情况。", "")
    head(7)
    fund_table(w, doc, layout, "gf")
    w.add("注：本表反映单位本年度政府性基金预算财政拨款收入、支出及结转和结余情况。", "")
    head(8)
    fund_table(w, doc, layout, "soe")
    w.add("注：本表反映单位本年度国有资本经营预算财政拨款收入、支出及结转和结余情况。", "")
    head(9)
    three_rows(w, doc)
    w.add("注：本表反映单位本年度财政拨款“三公”经费支出预决算情况，预算数为全年预算数。", "")

    # --- 第三部分 ----------------------------------------------------------------------------------
    w.add(f"第三部分  {n}{y}年度单位决算情况说明", "")
    total = doc.income + doc.start
    w.add("一、收入支出决算总体情况说明", "")
    w.para(
        f"{y}年度{n}收入总计{doc.m(total)}万元，支出总计{doc.m(doc.spending + doc.end)}万元，与{y - 1}年度相比，"
        f"收入、支出总计各{change_clause(total, doc.last_total)}。主要原因是场馆对外开放时段延长，事业收入和经营收入增加。"
    )
    w.add("二、收入决算情况说明", "")
    parts = [("财政拨款收入", doc.fin_income), ("事业收入", doc.sum(lambda i: i.inc_service)),
             ("经营收入", doc.sum(lambda i: i.inc_business)), ("其他收入", doc.sum(lambda i: i.inc_other))]
    w.para(f"本年收入合计{doc.m(doc.income)}万元，其中：" + "；".join(f"{k}{doc.m(v)}万元，占{pct(v, doc.income)}%" for k, v in parts) + "。")
    w.add("三、支出决算情况说明", "")
    parts = [("基本支出", doc.sum(lambda i: i.basic)), ("项目支出", doc.sum(lambda i: i.project)), ("经营支出", doc.sum(lambda i: i.business))]
    w.para(f"本年支出合计{doc.m(doc.spending)}万元，其中：" + "；".join(f"{k}{doc.m(v)}万元，占{pct(v, doc.spending)}%" for k, v in parts) + "。")
    w.add("四、财政拨款收入支出决算总体情况说明", "")
    w.para(
        f"{y}年度{n}财政拨款收入总计{doc.m(doc.fin_total)}万元，支出总计{doc.m(doc.fin_total)}万元，与{y - 1}年度相比，"
        f"财政拨款收入、支出总计各{change_clause(doc.fin_total, doc.last_fin_total)}。主要原因是彩票公益金资助的全民健身活动增加。"
    )
    w.add("五、一般公共预算财政拨款支出决算情况说明", "")
    w.add("（一）一般公共预算财政拨款支出决算总体情况", "")
    w.para(
        f"{y}年度一般公共预算财政拨款支出{doc.m(gp)}万元，占本年支出合计的{pct(gp, doc.spending)}%，与{y - 1}年度相比，"
        f"{change_clause(gp, doc.last_gp)}。主要原因是场馆设施维护改造项目按进度支付。"
    )
    w.para(
        f"一般公共预算财政拨款支出年初预算为{doc.m(initial)}万元，全年预算数为{doc.m(full)}万元，支出决算为{doc.m(gp)}万元，"
        f"完成全年预算的{pct(gp, full)}%。决算数{direction(gp, full)}全年预算数的主要原因是部分项目按合同进度支付，资金结转下年使用。"
    )
    w.add("（二）一般公共预算财政拨款支出决算结构情况", "")
    parts = []
    for code in sorted({i.code[:3] for i in gp_items}):
        amount = sum((i.gp for i in gp_items if i.code.startswith(code)), ZERO)
        parts.append(f"{CLASS_NAME[code]}（类）{doc.m(amount)}万元，占{pct(amount, gp)}%")
    w.para(f"一般公共预算财政拨款支出{doc.m(gp)}万元，主要用于以下方面：" + "；".join(parts) + "。")
    w.add("（三）一般公共预算财政拨款支出决算具体情况", "")
    for k, it in enumerate(gp_items, start=1):
        assert it.budget is not None and it.full_budget is not None
        head_text = f"{k}. {item_path(it)}：主要用于{it.use}。"
        if it.budget == it.full_budget:
            text = (f"{head_text}年初预算为{doc.m(it.budget)}万元，支出决算为{doc.m(it.gp)}万元，"
                    f"完成年初预算的{pct(it.gp, it.budget)}%。")
            text += "决算数与年初预算数持平。" if it.gp == it.budget else (
                f"决算数{direction(it.gp, it.budget)}年初预算数的主要原因是{it.reason}。")
        else:
            text = (f"{head_text}年初预算为{doc.m(it.budget)}万元，全年预算数为{doc.m(it.full_budget)}万元，"
                    f"支出决算为{doc.m(it.gp)}万元，为全年预算的{pct(it.gp, it.full_budget)}%。")
            if it.gp == it.full_budget:
                text += f"决算数与全年预算数持平，全年预算数与年初预算数的差异主要是{it.reason}。"
            else:
                text += f"决算数{direction(it.gp, it.full_budget)}全年预算数的主要原因是{it.reason}。"
        w.para(text)
    w.add("六、一般公共预算财政拨款基本支出决算情况说明", "")
    w.para(
        f"{y}年度一般公共预算财政拨款基本支出{doc.m(doc.personnel_total + doc.public_total)}万元，其中：人员经费{doc.m(doc.personnel_total)}万元，"
        f"主要包括：{econ_names(doc.personnel)}；公用经费{doc.m(doc.public_total)}万元，主要包括：{econ_names(doc.public)}。"
    )
    w.add("七、一般公共预算财政拨款项目支出决算情况说明", "")
    w.para(
        f"{y}年度一般公共预算财政拨款项目支出{doc.m(f['gp']['spend'] - doc.personnel_total - doc.public_total)}万元，其中："
        + "；".join(f"{p[1]}{doc.m(p[2])}万元" for p in PROJECTS) + "。"
    )
    w.add("八、政府性基金预算财政拨款收入支出决算情况说明", "")
    g = f["gf"]
    w.para(
        f"{y}年度{n}政府性基金预算财政拨款年初结转和结余{doc.m(g['start'])}万元，本年收入{doc.m(g['income'])}万元，"
        f"本年支出{doc.m(g['spend'])}万元，年末结转和结余{doc.m(g['end'])}万元。本年支出全部为用于体育事业的彩票公益金，主要用于全民健身活动和健身器材更新。"
    )
    w.add("九、国有资本经营预算财政拨款收入支出决算情况说明", "")
    s = f["soe"]
    w.para(
        f"{y}年度{n}国有资本经营预算财政拨款本年收入{doc.m(s['income'])}万元，本年支出{doc.m(s['spend'])}万元，"
        "全部用于原所属体育用品企业退休人员社会化管理补助，无年初和年末结转和结余。"
    )
    w.add("十、财政拨款“三公”经费支出决算情况说明", "")
    tb, ta, tl = ThreeCosts.total(t.budget), ThreeCosts.total(t.actual), ThreeCosts.total(t.last)
    w.para(
        f"{y}年度“三公”经费财政拨款支出全年预算数为{doc.m(tb)}万元，支出决算为{doc.m(ta)}万元，为全年预算的{pct(ta, tb)}%，"
        f"比{y - 1}年度{change_clause(ta, tl)}。主要原因是压减公务用车运行和公务接待支出。其中："
    )
    w.para(
        f"1. 因公出国（境）费：{y}年度未安排因公出国（境）费预算，也未发生支出，与{y - 1}年度持平。"
    )
    w.para(
        f"2. 公务用车购置及运行费全年预算数为{doc.m(ThreeCosts.cars(t.budget))}万元，支出决算为{doc.m(ThreeCosts.cars(t.actual))}万元，"
        f"为全年预算的{pct(ThreeCosts.cars(t.actual), ThreeCosts.cars(t.budget))}%，比{y - 1}年度"
        f"{change_clause(ThreeCosts.cars(t.actual), ThreeCosts.cars(t.last))}，主要原因是加强车辆调度，减少燃油和维修支出。"
        f"其中：公务用车购置费{doc.m(t.actual['购置'])}万元，未安排预算；公务用车运行费{doc.m(t.actual['运行'])}万元。"
        f"{y}年度财政拨款开支的公务用车保有量为{sum(v for _, v in doc.vehicles)}辆。"
    )
    w.para(
        f"3. 公务接待费全年预算数为{doc.m(t.budget['接待'])}万元，支出决算为{doc.m(t.actual['接待'])}万元，"
        f"为全年预算的{pct(t.actual['接待'], t.budget['接待'])}%，比{y - 1}年度{change_clause(t.actual['接待'], t.last['接待'])}，"
        "主要原因是严格执行公务接待标准。全年国内公务接待12批次、76人次，无外事接待。"
    )
    w.add("十一、其他重要事项的情况说明", "")
    w.add("（一）机关运行经费支出情况", "")
    w.para(f"{n}为公益二类事业单位，不属于机关运行经费统计范围，{y}年度无机关运行经费支出。")
    w.add("（二）政府采购支出情况", "")
    p = doc.procurement
    w.para(
        f"{y}年度{n}政府采购支出总额{doc.m(p['货物'] + p['工程'] + p['服务'])}万元，其中：政府采购货物支出{doc.m(p['货物'])}万元，"
        f"政府采购工程支出{doc.m(p['工程'])}万元，政府采购服务支出{doc.m(p['服务'])}万元。授予中小企业合同金额{doc.m(p['中小企业'])}万元，"
        f"其中：授予小微企业合同金额{doc.m(p['小微企业'])}万元。"
    )
    w.add("（三）国有资产占用情况", "")
    cars = "，".join(f"{k}{v}辆" for k, v in doc.vehicles)
    w.para(
        f"截至{y}年12月31日，{n}共有车辆{sum(v for _, v in doc.vehicles)}辆，其中：{cars}。"
        "单价100万元（含）以上设备（不含车辆）2台（套）。"
    )
    w.add("第四部分  名词解释", "")
    for k, text in enumerate(GLOSSARY, start=1):
        w.para(f"{CN_NUM[k - 1]}、{text}")
    return w.text()


# 项目支出决算表 of the unit: code, project, 合计, 商品和服务支出, 对个人和家庭的补助, 资本性支出
PROJECTS = [
    ("2070307", "场馆设施维护改造项目", D("120.00"), D("45.00"), ZERO, D("75.00")),
    ("2070308", "全民健身赛事活动项目", D("52.10"), D("48.10"), D("4.00"), ZERO),
    ("2070308", "社区健身设施运维项目", D("33.50"), D("33.50"), ZERO, ZERO),
]


# --- the same department's 2024 部门预算公开 (relationship 55) --------------------------------------


@dataclass
class BudgetItem:
    code: str
    name: str
    basic: Decimal
    project: Decimal
    other: Decimal  # 其他收入 (单位资金) spent on this item, in 基本支出
    last: Decimal  # 上年 (2023) 一般公共预算 budget of the item
    reason: str


def budget_items(final: Final) -> list[BudgetItem]:
    """The 2024 一般公共预算 of each 项: the 年初预算 the 决算 cites, split into 基本 / 项目."""
    last = {
        "2010301": D("575.30"), "2010302": D("201.65"), "2010303": D("94.00"), "2080501": D("34.80"),
        "2080505": D("78.60"), "2080506": D("39.30"), "2101101": D("31.20"), "2101103": D("7.60"), "2210201": D("55.40"),
    }
    reasons = {
        "2010301": "人员工资政策性调整", "2010302": "压减一般性支出", "2010303": "机关后勤服务外包合同续签价格调整",
        "2080501": "退休人员增加", "2080505": "缴费基数提高", "2080506": "缴费基数提高", "2101101": "缴费基数提高",
        "2101103": "缴费基数提高", "2210201": "缴存基数提高",
    }
    out = []
    for it in final.items:
        if not it.budget:
            continue
        project = it.budget if it.gp_project and not it.gp_basic else ZERO
        out.append(BudgetItem(it.code, it.name, it.budget - project, project, it.nf_basic and D("3.00"), last[it.code],
                              reasons[it.code]))
    return out


def write_budget(final: Final) -> str:
    n = final.name
    y = final.year
    items = budget_items(final)
    gp = sum((i.basic + i.project for i in items), ZERO)
    other = sum((i.other for i in items), ZERO)
    gp_basic = sum((i.basic for i in items), ZERO)
    gp_project = sum((i.project for i in items), ZERO)
    total = gp + other
    last_gp = sum((i.last for i in items), ZERO)
    last_other = D("2.50")
    last_gp_project = D("201.65")
    last_gp_basic = last_gp - last_gp_project
    last_total = last_gp + last_other
    three = final.three.budget
    three_last = {"出国": D("5.00"), "购置": D("0.00"), "运行": D("13.00"), "接待": D("6.50")}
    public = [
        ("30201", "办公费", D("25.00")), ("30202", "印刷费", D("4.00")), ("30205", "水费", D("2.20")),
        ("30206", "电费", D("9.60")), ("30207", "邮电费", D("4.30")), ("30209", "物业管理费", D("36.50")),
        ("30211", "差旅费", D("9.50")), ("30212", "因公出国（境）费用", three["出国"]), ("30213", "维修（护）费", D("6.00")),
        ("30215", "会议费", D("3.00")), ("30216", "培训费", D("4.00")), ("30217", "公务接待费", three["接待"]),
        ("30228", "工会经费", D("7.60")), ("30229", "福利费", D("6.80")), ("30231", "公务用车运行维护费", three["运行"]),
        ("30239", "其他交通费用", D("12.00")), ("30299", "其他商品和服务支出", D("5.00")),
    ]
    by_name = {i.name: i.basic for i in items}
    fixed = [
        ("30101", "基本工资", D("183.00")), ("30103", "奖金", D("15.25")), ("30107", "绩效工资", D("95.00")),
        ("30108", "机关事业单位基本养老保险缴费", by_name["机关事业单位基本养老保险缴费支出"]),
        ("30109", "职业年金缴费", by_name["机关事业单位职业年金缴费支出"]),
        ("30110", "职工基本医疗保险缴费", by_name["行政单位医疗"]), ("30111", "公务员医疗补助缴费", by_name["公务员医疗补助"]),
        ("30112", "其他社会保障缴费", D("2.60")), ("30113", "住房公积金", by_name["住房公积金"]),
        ("30199", "其他工资福利支出", D("4.00")), ("30302", "退休费", by_name["行政单位离退休"]),
    ]
    public_total = sum((a for _, _, a in public), ZERO)
    allowance = gp_basic - public_total - sum((a for _, _, a in fixed), ZERO)
    econ = econ_classes(sorted([*fixed, ("30102", "津贴补贴", allowance)]) + public)
    personnel_total = gp_basic - public_total
    last_running = D("160.20")
    project_name = "示范创建综合管理专项"
    project_split = (three["购置"], gp_project - three["购置"])  # 资本性支出 (公务用车购置), 商品和服务支出
    three_total = ThreeCosts.total(three)
    three_last_total = ThreeCosts.total(three_last)

    def c(x: Decimal) -> str:
        return cell(x)

    def m(x: Decimal) -> str:
        return money(x)

    def coded(lines: list[str], value: Callable[[BudgetItem], list[Decimal]], keep: Callable[[BudgetItem], bool]) -> None:
        kept = [i for i in items if keep(i)]
        seen: set[str] = set()
        for it in kept:
            for code, name in ((it.code[:3], CLASS_NAME[it.code[:3]]), (it.code[:5], KUAN_NAME[it.code[:5]])):
                if code in seen:
                    continue
                seen.add(code)
                sums = [sum(col, ZERO) for col in zip(*(value(i) for i in kept if i.code.startswith(code)), strict=True)]
                lines.append("\t".join([*code_cells(code, "split"), name, *(c(x) for x in sums)]))
            lines.append("\t".join([*code_cells(it.code, "split"), it.name, *(c(x) for x in value(it))]))
        sums = [sum(col, ZERO) for col in zip(*(value(i) for i in kept), strict=True)]
        lines.append("\t\t\t合计\t" + "\t".join(c(x) for x in sums))

    L: list[str] = []
    L += [n, f"{y}年部门预算公开", "", n, "二〇二四年二月", "", "目  录", ""]
    L += [f"第一部分  {n}概况", "  一、部门职责", "  二、机构设置与人员构成", f"第二部分  {n}{y}年部门预算公开表",
          "  附表1  收支预算总表", "  附表2  收入预算总表", "  附表3  支出预算总表", "  附表4  财政拨款收支预算总表",
          "  附表5  一般公共预算支出预算表", "  附表6  一般公共预算基本支出预算表", "  附表7  一般公共预算项目支出预算表",
          "  附表8  一般公共预算“三公”经费支出预算表", "  附表9  政府性基金预算支出预算表",
          f"第三部分  {n}{y}年部门预算情况说明", "第四部分  名词解释", ""]
    L += [f"第一部分  {n}概况", "", "一、部门职责", ""]
    L += [f"{n}负责拟订全市示范创建工作规划并组织实施，统筹协调示范城市、示范区和示范点位的创建、评估和复核工作，负责示范创建工作的督查考评。", ""]
    L += ["二、机构设置与人员构成", ""]
    L += [f"{n}内设办公室、综合协调科、示范推进科、督查考评科4个科室，纳入{y}年部门预算编制范围的单位为{n}本级（行政单位）。", ""]
    L += [f"{n}行政编制38名，实有人数46人，其中：在职37人，退休9人，离休0人。", ""]
    L += [f"第二部分  {n}{y}年部门预算公开表", ""]

    def head(k: int, title: str) -> None:
        L.extend([f"附表{k}", "", f"{n}{y}年{title}", "", f"单位名称：{n}\t金额单位：万元", ""])

    head(1, "收支预算总表")
    L.append("收入项目\t预算数\t支出项目\t预算数")
    classes = [("201", "一般公共服务支出"), ("204", "公共安全支出"), ("205", "教育支出"), ("208", "社会保障和就业支出"),
               ("210", "卫生健康支出"), ("212", "城乡社区支出"), ("221", "住房保障支出")]
    left = ["一、一般公共预算拨款收入", "二、政府性基金预算拨款收入", "三、国有资本经营预算拨款收入", "四、财政专户管理资金收入",
            "五、事业收入", "六、事业单位经营收入", "七、上级补助收入"]
    left_values = [gp, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO]
    for k, (code, name) in enumerate(classes):
        amount = sum((i.basic + i.project + i.other for i in items if i.code.startswith(code)), ZERO)
        L.append(f"{left[k]}\t{c(left_values[k])}\t{CN_NUM[k]}、{name}\t{c(amount)}")
    L.append("八、附属单位上缴收入\t\t\t")
    L.append(f"九、其他收入\t{c(other)}\t\t")
    L += [f"本年收入合计\t{m(total)}\t本年支出合计\t{m(total)}", "上年结转结余\t\t年终结转结余\t", f"收入总计\t{m(total)}\t支出总计\t{m(total)}", ""]

    head(2, "收入预算总表")
    L.append("科目编码\t\t\t科目名称\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算\t财政专户管理资金\t事业收入\t事业单位经营收入\t上级补助收入\t附属单位上缴收入\t其他收入\t上年结转结余")
    L.append("类\t款\t项")
    coded(L, lambda i: [i.basic + i.project + i.other, i.basic + i.project, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, i.other, ZERO],
          lambda i: True)
    L.append("")
    head(3, "支出预算总表")
    L += ["科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出", "类\t款\t项"]
    coded(L, lambda i: [i.basic + i.project + i.other, i.basic + i.other, i.project], lambda i: True)
    L.append("")
    head(4, "财政拨款收支预算总表")
    L.append("收入项目\t预算数\t支出项目\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算")
    fin_left = [("一、本年收入", gp), ("（一）一般公共预算拨款", gp), ("（二）政府性基金预算拨款", ZERO), ("（三）国有资本经营预算拨款", ZERO),
                ("二、上年结转", ZERO), ("（一）一般公共预算拨款", ZERO), ("（二）政府性基金预算拨款", ZERO), ("（三）国有资本经营预算拨款", ZERO)]
    for k, (code, name) in enumerate(classes):
        amount = sum((i.basic + i.project for i in items if i.code.startswith(code)), ZERO)
        label, value = fin_left[k] if k < len(fin_left) else ("", ZERO)
        L.append(f"{label}\t{c(value)}\t{CN_NUM[k]}、{name}\t{c(amount)}\t{c(amount)}\t\t")
    for label, value in fin_left[len(classes):]:
        L.append(f"{label}\t{c(value)}\t\t\t\t\t")
    L += [f"收入总计\t{m(gp)}\t支出总计\t{m(gp)}\t{m(gp)}\t\t", ""]
    head(5, "一般公共预算支出预算表")
    L += ["科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出", "类\t款\t项"]
    coded(L, lambda i: [i.basic + i.project, i.basic, i.project], lambda i: True)
    L.append("")
    head(6, "一般公共预算基本支出预算表")
    L += ["经济分类科目编码\t\t经济分类科目名称\t合计\t人员经费\t公用经费", "类\t款"]
    for code, name, amount in econ:
        personnel = code[:3] in ("301", "303")
        cells = [code[:3], code[3:]] if len(code) == 5 else [code, ""]
        L.append("\t".join([*cells, name, m(amount), m(amount) if personnel else "", "" if personnel else m(amount)]))
    L += [f"\t\t合计\t{m(gp_basic)}\t{m(personnel_total)}\t{m(public_total)}", ""]
    head(7, "一般公共预算项目支出预算表")
    L += ["科目编码\t\t\t科目名称\t项目名称\t合计\t工资福利支出\t商品和服务支出\t对个人和家庭的补助\t资本性支出\t其他支出", "类\t款\t项"]
    proj = [i for i in items if i.project]
    assert len(proj) == 1
    p = proj[0]
    capital, goods = project_split
    L += [f"{p.code[:3]}\t\t\t{CLASS_NAME[p.code[:3]]}\t\t{m(gp_project)}\t\t{m(goods)}\t\t{m(capital)}\t",
          f"{p.code[:3]}\t{p.code[3:5]}\t\t{KUAN_NAME[p.code[:5]]}\t\t{m(gp_project)}\t\t{m(goods)}\t\t{m(capital)}\t",
          f"{p.code[:3]}\t{p.code[3:5]}\t{p.code[5:]}\t{p.name}\t{project_name}\t{m(gp_project)}\t\t{m(goods)}\t\t{m(capital)}\t",
          f"\t\t\t合计\t\t{m(gp_project)}\t\t{m(goods)}\t\t{m(capital)}\t", ""]
    head(8, "一般公共预算“三公”经费支出预算表")
    L += ["项目\t合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费", "\t\t\t小计\t公务用车购置费\t公务用车运行费\t"]
    for label, d in ((f"{y}年预算数", three), (f"{y - 1}年预算数", three_last)):
        L.append(f"{label}\t{m(ThreeCosts.total(d))}\t{c(d['出国'])}\t{c(ThreeCosts.cars(d))}\t{c(d['购置'])}\t{c(d['运行'])}\t{c(d['接待'])}")
    L.append("")
    head(9, "政府性基金预算支出预算表")
    L += ["科目编码\t\t\t科目名称\t合计\t基本支出\t项目支出", "类\t款\t项", "\t\t\t合计\t\t\t", "", "注：本表无数据。", ""]

    # --- 第三部分 ---------------------------------------------------------------------------------
    def ch(now: Decimal, last: Decimal) -> str:
        return "比上年预算" + change_clause(now, last).replace("与上年持平", "持平")

    L += [f"第三部分  {n}{y}年部门预算情况说明", "", "一、收支预算总体情况", ""]
    L += [f"{n}{y}年收入预算总计{m(total)}万元，支出预算总计{m(total)}万元，{ch(total, last_total)}，主要原因是人员工资政策性调整及公务用车更新。", ""]
    L += ["二、收入预算情况", "", f"{y}年收入预算合计{m(total)}万元，其中："]
    L.append(f"一般公共预算拨款收入{m(gp)}万元，占{pct(gp, total)}%，{ch(gp, last_gp)}，主要原因是人员工资政策性调整及公务用车更新；")
    L.append(f"其他收入{m(other)}万元，占{pct(other, total)}%，{ch(other, last_other)}，主要原因是存款利息收入增加。")
    L += ["本部门无政府性基金预算拨款收入、国有资本经营预算拨款收入和上年结转结余。", ""]
    basic_all = gp_basic + other
    L += ["三、支出预算情况", "", f"{y}年支出预算合计{m(total)}万元，其中："]
    L.append(f"基本支出{m(basic_all)}万元，占{pct(basic_all, total)}%，{ch(basic_all, last_gp_basic + last_other)}，主要原因是人员工资政策性调整；")
    L += [f"项目支出{m(gp_project)}万元，占{pct(gp_project, total)}%，{ch(gp_project, last_gp_project)}，主要原因是压减一般性支出。", ""]
    L += ["四、财政拨款收支预算情况", ""]
    L += [f"{y}年财政拨款收支预算总计{m(gp)}万元，全部为一般公共预算拨款，{ch(gp, last_gp)}，主要原因是人员工资政策性调整及公务用车更新。", ""]
    L += ["五、一般公共预算拨款支出预算情况", "", "（一）总体情况", ""]
    L += [f"{y}年一般公共预算拨款支出预算{m(gp)}万元，其中：基本支出{m(gp_basic)}万元，{ch(gp_basic, last_gp_basic)}；"
          f"项目支出{m(gp_project)}万元，{ch(gp_project, last_gp_project)}。主要原因是人员工资政策性调整，同时压减一般性支出。", ""]
    L += ["（二）结构情况", ""]
    for k, code in enumerate(sorted({i.code[:3] for i in items}), start=1):
        amount = sum((i.basic + i.project for i in items if i.code.startswith(code)), ZERO)
        L.append(f"{k}. {CLASS_NAME[code]}（类）{m(amount)}万元，占{pct(amount, gp)}%。")
    L += ["", "（三）具体使用情况", ""]
    for k, i in enumerate(items, start=1):
        L.append(f"{k}. {CLASS_NAME[i.code[:3]]}（类）{KUAN_NAME[i.code[:5]]}（款）{i.name}（项）预算数{m(i.basic + i.project)}万元，"
                 f"{ch(i.basic + i.project, i.last)}，主要原因是{i.reason}。")
    L += ["", "六、一般公共预算基本支出预算情况", "", f"{y}年一般公共预算基本支出{m(gp_basic)}万元，其中："]
    L.append(f"人员经费{m(personnel_total)}万元，主要包括：{econ_names([x for x in econ if x[0][:3] in ('301', '303')])}。")
    L += [f"公用经费{m(public_total)}万元，主要包括：{econ_names(public)}。", ""]
    L += ["七、一般公共预算项目支出预算情况", "", f"（一）项目名称：{project_name}", "设立的政策依据：《澜川市示范城市创建工作实施方案》",
          f"预算安排规模：{m(gp_project)}万元", f"项目承担单位：{n}", "资金主要用途：示范点位综合管理、督查考评和公务用车更新",
          f"资金执行时间：{y}年1月1日-{y}年12月31日", ""]
    L += ["八、政府性基金预算支出预算情况", "", f"{n}{y}年没有使用政府性基金预算拨款安排的支出，附表9政府性基金预算支出预算表本表无数据。", ""]
    L += ["九、一般公共预算“三公”经费支出预算情况", ""]
    L.append(f"{y}年一般公共预算“三公”经费预算{m(three_total)}万元，{ch(three_total, three_last_total)}，主要原因是按规定更新1辆超过使用年限的执法执勤用车。其中：")
    L.append(f"因公出国（境）费{m(three['出国'])}万元，与上年预算持平，主要原因是出国（境）团组计划与上年相同；")
    L.append(f"公务用车购置费{m(three['购置'])}万元，比上年预算增加{m(three['购置'] - three_last['购置'])}万元，主要原因是按规定更新1辆超过使用年限的执法执勤用车；")
    L.append(f"公务用车运行费{m(three['运行'])}万元，{ch(three['运行'], three_last['运行'])}，主要原因是加强公务用车管理，压减燃油和维修费用；")
    L += [f"公务接待费{m(three['接待'])}万元，{ch(three['接待'], three_last['接待'])}，主要原因是严格执行公务接待标准，减少接待批次。", ""]
    L += ["十、其他重要事项的情况说明", "", "（一）机关运行经费", ""]
    L += [f"{y}年{n}机关运行经费财政拨款预算{m(public_total)}万元，{ch(public_total, last_running)}，主要原因是压减会议费和培训费。", ""]
    L += ["（二）政府采购情况", ""]
    L += [f"{y}年{n}政府采购预算90.00万元，其中：政府采购货物预算40.00万元，政府采购工程预算0.00万元，政府采购服务预算50.00万元。"
          f"{y}年面向中小企业预留政府采购项目预算金额70.00万元，其中：小微企业预留政府采购项目预算金额50.00万元。", ""]
    L += ["（三）国有资产占用情况", ""]
    L += [f"截至{y - 1}年12月31日，{n}共有车辆4辆，其中：机要通信用车1辆、应急保障用车1辆、执法执勤用车1辆、其他用车1辆。"
          f"{y}年部门预算安排更新购置执法执勤用车1辆。", ""]
    L += ["（四）预算绩效管理情况", ""]
    L += [f"{y}年，{n}实行绩效目标管理的当年财政拨款项目1个，涉及金额{m(gp_project)}万元。", ""]
    L += ["第四部分  名词解释", ""]
    L += ["一、一般公共预算拨款收入：指本级财政当年拨付的资金。",
          "二、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。",
          "三、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。",
          "四、“三公”经费：指用一般公共预算拨款安排的因公出国（境）费、公务用车购置及运行费和公务接待费。",
          "五、机关运行经费：指为保障行政单位（含参照公务员法管理的事业单位）运行用于购买货物和服务的各项资金。"]
    return "\n".join(L) + "\n"


# --- planted errors (broken.yaml) ---------------------------------------------------------------------


@dataclass
class Mutation:
    id: str
    relationship: int
    severity: str
    what: str
    find: str
    replace: str
    line: int = 0


def mutations(doc: Final, text: str) -> list[Mutation]:
    """One planted error per relationship 46–55 (and the narrative cases the issue names)."""
    lines = text.split("\n")
    f = doc.fund("gp")
    gp = f["spend"]
    gp_items = [i for i in doc.items if i.gp]
    budget_total = sum((i.budget or ZERO for i in gp_items), ZERO)
    t = doc.three
    m = money
    basic = doc.personnel_total + doc.public_total
    project = doc.sum(lambda i: i.gp_project)
    admin = next(i for i in doc.items if i.code == "2010301")
    pension = next(i for i in doc.items if i.code == "2080505")
    zero = next(i for i in doc.items if i.budget == 0)
    health = sum((i.gp for i in gp_items if i.code.startswith("210")), ZERO)
    p = doc.procurement
    purchase = p["货物"] + p["工程"] + p["服务"]
    wrong_budget = pension.budget - D("0.09")
    three_total = ThreeCosts.total(t.actual)
    out = [
        Mutation("46-balance", 46, "error",
                 "收入支出决算总表: 结余分配 printed as 5.00 while 支出总计 still equals 本年支出合计 + 年末结转和结余 (支出总计 ≠ 本年支出合计 + 结余分配 + 年末结转和结余)",
                 "使用非财政拨款结余\t\t结余分配\t", "使用非财政拨款结余\t\t结余分配\t5.00"),
        Mutation("47-row", 47, "error",
                 f"支出决算表 201|03|01 行政运行: 基本支出 {m(admin.basic)} printed as 661.08 (row: 本年支出合计 ≠ 基本 + 项目 + …; and 款 20103 基本支出 ≠ Σ项)",
                 f"201\t03\t01\t行政运行\t{m(admin.spending)}\t{m(admin.basic)}\t", f"201\t03\t01\t行政运行\t{m(admin.spending)}\t661.08\t"),
        Mutation("48-fund", 48, "error",
                 f"财政拨款收入支出决算总表: 年末财政拨款结转和结余 {m(f['end'])} printed as 21.50 in both 合计 and 一般公共预算财政拨款 (一般公共预算: 年初 + 本年收入 ≠ 本年支出 + 年末; 总计 column no longer balances)",
                 f"年末财政拨款结转和结余\t{m(f['end'])}\t{m(f['end'])}", "年末财政拨款结转和结余\t21.50\t21.50"),
        Mutation("49-rate", 49, "error",
                 f"一般公共预算财政拨款支出 总体: 完成年初预算的 {pct(gp, budget_total)}% misreported as 103.28% ({m(gp)} ÷ {m(budget_total)} = {pct(gp, budget_total)}%)",
                 f"完成年初预算的{pct(gp, budget_total)}%", "完成年初预算的103.28%"),
        Mutation("49-zero-budget", 49, "warning",
                 f"具体 item {zero.code}: a 完成率 stated over a 年初预算 of 0.00 (no rate can be computed)",
                 f"年初预算为0.00万元，支出决算为{m(zero.gp)}万元。", f"年初预算为0.00万元，支出决算为{m(zero.gp)}万元，完成年初预算的100.00%。"),
        Mutation("50-direction", 50, "error",
                 f"一般公共预算财政拨款支出 总体: \"决算数小于年初预算数的主要原因\" although 决算 {m(gp)} > 年初预算 {m(budget_total)}",
                 "决算数大于年初预算数的主要原因是年中追加示范城市创建第三方评估专项经费和人员经费",
                 "决算数小于年初预算数的主要原因是年中追加示范城市创建第三方评估专项经费和人员经费"),
        Mutation("50-difference", 50, "error",
                 f"一般公共预算财政拨款支出 总体: stated difference {m(gp - budget_total)} printed as 34.98 ({m(gp)} − {m(budget_total)} = {m(gp - budget_total)})",
                 f"决算数大于年初预算数{m(gp - budget_total)}万元", "决算数大于年初预算数34.98万元"),
        Mutation("51-basic", 51, "error",
                 f"一般公共预算财政拨款支出决算表 合计 row: 基本支出 {m(basic)} → 972.44 and 项目支出 {m(project)} → 222.15 (合计 = 基本 + 项目 still holds; 基本支出 ≠ 基本支出决算表 人员经费合计 + 公用经费合计 = {m(basic)}; the 合计 row also no longer equals Σ类 in those two columns)",
                 f"\t\t\t合计\t{m(gp)}\t{m(basic)}\t{m(project)}", f"\t\t\t合计\t{m(gp)}\t972.44\t222.15"),
        Mutation("52-total", 52, "error",
                 f"三公 决算表: 合计 决算数 {m(three_total)} printed as 43.97 (≠ 因公出国 + 公务用车购置及运行费 + 公务接待费; the narrative's {m(three_total)} no longer agrees with the table either)",
                 f"\t{m(ThreeCosts.total(t.budget))}\t{m(three_total)}\t", f"\t{m(ThreeCosts.total(t.budget))}\t43.97\t"),
        Mutation("53-share", 53, "error",
                 f"结构: 卫生健康支出（类）{m(health)}万元 占 {pct(health, gp)}% printed as 3.31% ({m(health)} ÷ {m(gp)} = {pct(health, gp)}%; chosen so that the four shares still add up to 100% within rounding, so only the share itself is wrong)",
                 f"卫生健康支出（类）{m(health)}万元，占{pct(health, gp)}%", f"卫生健康支出（类）{m(health)}万元，占3.31%"),
        Mutation("54-procurement", 54, "warning",
                 f"政府采购支出总额 {m(purchase)} printed as 98.00 (≠ 货物 {m(p['货物'])} + 工程 {m(p['工程'])} + 服务 {m(p['服务'])})",
                 f"政府采购支出总额{m(purchase)}万元", "政府采购支出总额98.00万元"),
        Mutation("54-vehicles", 54, "warning",
                 f"国有资产: 共有车辆 {sum(v for _, v in doc.vehicles)} 辆 printed as 5 (≠ the sum of the categories listed)",
                 f"共有车辆{sum(v for _, v in doc.vehicles)}辆", "共有车辆5辆"),
        Mutation("55-budget", 55, "warning",
                 f"具体 item {pension.code}: 年初预算 {m(pension.budget)} printed as {m(wrong_budget)} with its 完成率 recomputed ({pct(pension.gp, wrong_budget)}%) so that 49/50 still hold; budget-same-year.txt budgets {m(pension.budget)} for this 项 (the items' 年初预算 then add up to {m(budget_total - D('0.09'))}, not the {m(budget_total)} of the 总体 paragraph)",
                 f"年初预算为{m(pension.budget)}万元，支出决算为{m(pension.gp)}万元，完成年初预算的{pct(pension.gp, pension.budget)}%",
                 f"年初预算为{m(wrong_budget)}万元，支出决算为{m(pension.gp)}万元，完成年初预算的{pct(pension.gp, wrong_budget)}%"),
    ]
    assert pension.gp < wrong_budget  # the direction word (小于) stays right
    for mu in out:
        hits = [k for k, ln in enumerate(lines) if mu.find in ln]
        assert len(hits) == 1 and text.count(mu.find) == 1, f"{mu.id}: find occurs {text.count(mu.find)} times"
        mu.line = hits[0] + 1
        changed = text.replace(mu.find, mu.replace)
        diff = [k for k, (a, b) in enumerate(zip(lines, changed.split("\n"), strict=True)) if a != b]
        assert diff == [hits[0]], f"{mu.id}: changes lines {diff}"
    return out


def broken_yaml(muts: list[Mutation]) -> str:
    out = [
        "# Planted errors for consistent-department.txt: apply one at a time (replace `find`, which occurs",
        "# exactly once, by `replace`); each breaks the one relationship named (RELATIONSHIPS.md, 决算 section)",
        "# on the 1-based `line` of the document. Generated by make_final.py, do not edit by hand.",
        "document: consistent-department.txt",
        "budget: budget-same-year.txt  # the same department's 2024 预算, for relationship 55",
        "mutations:",
    ]
    for mu in muts:
        out += [
            f"  - id: {mu.id}",
            f"    relationship: {mu.relationship}",
            f"    severity: {mu.severity}",
            f"    line: {mu.line}",
            f"    what: {json.dumps(mu.what, ensure_ascii=False)}",
            f"    find: {json.dumps(mu.find, ensure_ascii=False)}",
            f"    replace: {json.dumps(mu.replace, ensure_ascii=False)}",
        ]
    return "\n".join(out) + "\n"


def build() -> dict[str, str]:
    dept, unit_doc = department(), unit()
    for doc in (dept, unit_doc):
        verify(doc)
    dept_text = write_department(dept)
    return {
        "consistent-department.txt": dept_text,
        "consistent-unit.txt": write_unit(unit_doc),
        "budget-same-year.txt": write_budget(dept),
        "broken.yaml": broken_yaml(mutations(dept, dept_text)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify the files on disk are what the data gives")
    args = parser.parse_args(argv)
    files = build()
    if args.check:
        stale = [name for name, text in files.items() if not (HERE / name).exists() or (HERE / name).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"stale: {name}", file=sys.stderr)
        return 1 if stale else 0
    for name, text in files.items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"wrote {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
