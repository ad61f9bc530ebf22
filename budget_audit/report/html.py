"""The HTML report: one self-contained page an auditor reads, with the printed page in view.

Everything is inline (CSS, a few lines of script, images as data: URIs), so the file can
be mailed or archived and opens offline. Every piece of document text is escaped: the
document is untrusted input (issue 15). The filters need JavaScript; without it the
controls stay hidden and every finding shows.
"""

from __future__ import annotations

import base64
import html
from datetime import datetime, timezone

from budget_audit import __version__
from budget_audit.audit import DocumentReport
from budget_audit.findings import ERROR, WARNING, Finding
from budget_audit.model import Document
from budget_audit.report.page_images import PdfPages, finding_images, png_bytes, text_excerpt
from budget_audit.report.parts import NO, UNCHECKED, YES, Located, Locator, Part, document_parts
from budget_audit.rules.ruleset import RuleSet

SEVERITY = {ERROR: "错误", WARNING: "警告"}
STATUS_CLASS = {YES: "ok", NO: "bad", UNCHECKED: "unchecked"}


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def check_html(reports: list[DocumentReport], ruleset: RuleSet, generated: datetime | None = None) -> str:
    """The whole report as one HTML string."""
    titles = {r.id: r.title for r in ruleset.rules}
    when = (generated or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    findings = [f for rep in reports for f in rep.findings]
    body = [
        "<header class='top'><div class='wrap'>",
        "<p class='eyebrow'>budget-audit 检查报告</p><h1>预算公开检查报告</h1>",
        f"<p class='sub'>{len(reports)} 份文件 · 生成于 {esc(when)} · budget-audit {esc(__version__)}</p>",
        "</div></header><main class='wrap'>",
        _summary(reports),
        _filters(findings, titles),
        _index(reports) if len(reports) > 1 else "",
    ]
    for i, rep in enumerate(reports, start=1):
        body.append(_document(i, rep, ruleset, titles))
    body.append("<p class='empty-filter' hidden>没有符合筛选条件的问题。</p>")
    body.append("</main><footer class='wrap'>由 budget-audit 生成：规则与数字核对见各条问题；图中红框为所涉数字。</footer>")
    return (
        "<!doctype html>\n<html lang='zh-CN'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>预算公开检查报告</title>"
        f"<style>{CSS}</style></head><body>{''.join(body)}<script>{SCRIPT}</script></body></html>\n"
    )


def _summary(reports: list[DocumentReport]) -> str:
    errors = sum(1 for r in reports for f in r.findings if f.severity == ERROR)
    warnings = sum(1 for r in reports for f in r.findings if f.severity == WARNING)
    evaluated = sum(r.count("passed") + r.count("failed") for r in reports)
    skipped = sum(r.count("skipped") for r in reports)
    tables = sum(len(r.document.tables) for r in reports if r.document)
    recognised = sum(1 for r in reports if r.document for t in r.document.tables if t.alias)
    unreadable = sum(1 for r in reports if r.error)
    cards = [
        ("文件", str(len(reports)), f"{unreadable} 份无法读取" if unreadable else "全部已读取", ""),
        ("错误", str(errors), "超出舍入误差", "err" if errors else ""),
        ("警告", str(warnings), "舍入级差异等", "warn" if warnings else ""),
        ("规则", str(evaluated), f"已运行 · 跳过 {skipped}", ""),
        ("表格", f"{recognised}/{tables}", "已识别 / 读到", ""),
    ]
    items = "".join(
        f"<div class='card {cls}'><div class='label'>{esc(label)}</div><div class='value'>{esc(value)}</div>"
        f"<div class='note'>{esc(note)}</div></div>"
        for label, value, note, cls in cards
    )
    return f"<section class='summary' aria-label='概要'>{items}</section>"


def _index(reports: list[DocumentReport]) -> str:
    """Several documents: one line each, linking to its section."""
    items = []
    for i, rep in enumerate(reports, start=1):
        meta = rep.document.metadata if rep.document else None
        name = " ".join(x for x in (meta.department, f"{meta.year}年" if meta.year else None) if x) if meta else ""
        errors = sum(1 for f in rep.findings if f.severity == ERROR)
        state = (f"<span class='pill err'>{errors} 错误</span><span class='pill warn'>{len(rep.findings) - errors} 警告</span>"
                 if rep.document else "<span class='pill err'>无法读取</span>")
        items.append(f"<li><a href='#doc{i}'>{esc(name or rep.path)}</a><span class='ipath'>{esc(rep.path)}</span>"
                     f"{state}</li>")
    return f"<nav class='index' aria-label='文件'><ol>{''.join(items)}</ol></nav>"


def _filters(findings: list[Finding], titles: dict[str, str]) -> str:
    if not findings:
        return ""
    rules = sorted({f.rule for f in findings})
    options = "".join(
        f"<option value='{esc(r)}'>{esc(r)} · {esc(titles.get(r, ''))}</option>" for r in rules
    )
    return (
        "<form class='filters' hidden aria-label='筛选'>"
        "<span class='flabel'>筛选</span>"
        "<label class='chip err'><input type='checkbox' name='sev' value='error' checked> 错误</label>"
        "<label class='chip warn'><input type='checkbox' name='sev' value='warning' checked> 警告</label>"
        f"<select name='rule' aria-label='规则'><option value=''>全部规则</option>{options}</select>"
        "<output class='shown'></output></form>"
    )


def _document(index: int, rep: DocumentReport, ruleset: RuleSet, titles: dict[str, str]) -> str:
    doc = rep.document
    if doc is None:
        return (f"<section class='doc' id='doc{index}'><h2>{esc(rep.path)}</h2>"
                f"<p class='doc-error'>无法读取：{esc(rep.error)}</p></section>")
    meta = doc.metadata
    name = " ".join(x for x in (meta.department, f"{meta.year}年" if meta.year else None, meta.kind) if x)
    errors = sum(1 for f in rep.findings if f.severity == ERROR)
    warnings = len(rep.findings) - errors
    locator = Locator(doc)
    parts = document_parts(rep, ruleset, locator)
    out = [
        f"<section class='doc' id='doc{index}'>",
        f"<h2>{esc(name or rep.path)}</h2>",
        f"<p class='path'>{esc(rep.path)}</p>",
        "<p class='docstats'>"
        f"<span class='pill err'>{errors} 个错误</span><span class='pill warn'>{warnings} 个警告</span>"
        f"<span>规则 {rep.count('passed') + rep.count('failed')} 条已运行 · {rep.count('skipped')} 条跳过</span>"
        f"<span>表格 {sum(1 for t in doc.tables if t.alias)}/{len(doc.tables)} 已识别</span></p>",
        _checklist(index, parts),
    ]
    pages = PdfPages(doc.path) if locator.pdf else None
    try:
        for part in parts:
            if part.findings:
                out.append(_part(index, part, doc, pages, titles))
    finally:
        if pages is not None:
            pages.close()
    skipped = [(r.rule, f"（无法可靠读取）{r.reason}" if r.unread else r.reason) for r in rep.results if r.status == "skipped"]
    if skipped:
        rows = "".join(f"<li><code>{esc(r)}</code> {esc(titles.get(r, ''))}：{esc(why)}</li>" for r, why in skipped)
        out.append(f"<details class='skipped'><summary>跳过的规则（{len(skipped)}）及原因</summary><ul>{rows}</ul></details>")
    out.append("</section>")
    return "".join(out)


def _checklist(index: int, parts: list[Part]) -> str:
    rows = []
    for p in parts:
        status = f"<span class='status {STATUS_CLASS[p.status]}'>{esc(p.status)}</span>"
        if p.findings:
            what = f"<a href='#d{index}-{esc(p.anchor)}'>{esc(p.title)}</a>"
            note = f"{len(p.findings)} 个问题"
        else:
            what = esc(p.title)
            note = esc(p.reason) if p.status == UNCHECKED else ""
        rows.append(f"<tr class='{STATUS_CLASS[p.status]}'><td>{what}</td><td>{status}</td><td>{note}</td></tr>")
    return (
        "<details class='checklist' open><summary>检查表</summary>"
        "<table><thead><tr><th>检查内容</th><th>符合要求</th><th>说明</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></details>"
    )


def _part(index: int, part: Part, doc: Document, pages: PdfPages | None, titles: dict[str, str]) -> str:
    cards = "".join(_finding(item, doc, pages, titles) for item in part.findings)
    where = ""
    if part.line is not None:
        page, line = doc.locate(part.line)
        at = f"第 {page} 页" if page else f"第 {line} 行"
        where = f"<span class='where'>{at}</span>"
    return (
        f"<section class='part' id='d{index}-{esc(part.anchor)}'>"
        f"<h3>{esc(part.title)} {where}<span class='count'>{len(part.findings)}</span></h3>{cards}</section>"
    )


def _location(f: Finding) -> str:
    at = f"第 {f.page} 页第 {f.line} 行" if f.page else (f"第 {f.line} 行" if f.line else "全文")
    return " · ".join(esc(x) for x in (at, f.table, f.row, f.column) if x)


def _finding(item: Located, doc: Document, pages: PdfPages | None, titles: dict[str, str]) -> str:
    f = item.finding
    figures = ""
    if any(x is not None for x in (f.expected, f.actual, f.difference)):
        cells = [(label, value) for label, value in (("应为", f.expected), ("实为", f.actual), ("差额", f.difference))
                 if value is not None]
        figures = "<dl class='figures'>" + "".join(
            f"<div><dt>{label}</dt><dd>{esc(value)}</dd></div>" for label, value in cells) + "</dl>"
    if pages is not None:
        images = finding_images(doc, item, pages)
        shots = "".join(
            f"<img src='data:image/png;base64,{base64.b64encode(png_bytes(im)).decode('ascii')}' "
            f"width='{im.width}' height='{im.height}' alt='页面截图：{esc(f.rule)} 所涉数字已用红框标出'>"
            for im in images
        )
        evidence = f"<div class='shot'>{shots}</div>" if shots else _excerpt(doc, item)  # not found on the page
    else:
        evidence = _excerpt(doc, item)
    sev = esc(f.severity)
    return (
        f"<article class='finding {sev}' data-severity='{sev}' data-rule='{esc(f.rule)}'>"
        f"<header><span class='sev {sev}'>{esc(SEVERITY.get(f.severity, f.severity))}</span>"
        f"<span class='title'>{esc(titles.get(f.rule, f.rule))}</span><code class='rule'>{esc(f.rule)}</code></header>"
        f"<p class='loc'>{_location(f)}</p><p class='msg'>{esc(f.message_zh or f.message)}</p>{figures}{evidence}</article>"
    )


def _marked(text: str, figures: list[str]) -> str:
    """``text`` escaped, with the first occurrence of each figure in <mark>."""
    spans: list[tuple[int, int]] = []
    for fig in figures:
        at = text.find(fig)
        while at >= 0 and any(a < at + len(fig) and at < b for a, b in spans):
            at = text.find(fig, at + 1)
        if at >= 0:
            spans.append((at, at + len(fig)))
    out, pos = [], 0
    for a, b in sorted(spans):
        out.append(esc(text[pos:a]) + f"<mark>{esc(text[a:b])}</mark>")
        pos = b
    out.append(esc(text[pos:]))
    return "".join(out)


def _excerpt(doc: Document, item: Located) -> str:
    rows = []
    for number, text, figures in text_excerpt(doc, item):
        if number is None:
            rows.append("<div class='gap'>⋯</div>")
            continue
        cells = "".join(f"<span class='cell'>{_marked(c, figures)}</span>" for c in text.split("\t"))
        focus = " focus" if figures else ""
        rows.append(f"<div class='ln{focus}'><span class='no'>{number}</span><span class='tx'>{cells}</span></div>")
    return f"<div class='excerpt' role='figure' aria-label='原文'>{''.join(rows)}</div>" if rows else ""


CSS = """
:root{--ink:#1f2328;--muted:#656d76;--line:#d8dee4;--bg:#f6f7f9;--card:#fff;--err:#c62828;--err-bg:#fdecea;
--warn:#9a6700;--warn-bg:#fff5d6;--ok:#1a7f37;--ok-bg:#e6f4ea;--un:#57606a;--un-bg:#eef0f3;--accent:#0b4f8a}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.75 "Noto Sans CJK SC","Source Han Sans SC",
"PingFang SC","Microsoft YaHei","Hiragino Sans GB",sans-serif;-webkit-font-smoothing:antialiased}
.wrap{max-width:1180px;margin:0 auto;padding:0 28px}
.top{background:linear-gradient(120deg,#0b3c6b,#0b4f8a 60%,#1668a8);color:#fff;padding:30px 0 26px}
.top h1{margin:0;font-size:30px;font-weight:700;letter-spacing:.08em}
.eyebrow{margin:0 0 4px;font-size:13px;letter-spacing:.12em;opacity:.75}
.sub{margin:6px 0 0;opacity:.85;font-size:14px}
.summary{display:grid;grid-template-columns:repeat(5,1fr);gap:14px;margin:-18px 0 22px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 16px;
box-shadow:0 1px 3px rgba(0,0,0,.06)}
.card .label{color:var(--muted);font-size:13px;letter-spacing:.1em}
.card .value{font-size:28px;font-weight:700;line-height:1.3;font-variant-numeric:tabular-nums}
.card .note{color:var(--muted);font-size:12px}
.card.err .value{color:var(--err)}.card.warn .value{color:var(--warn)}
.filters{position:sticky;top:0;z-index:5;display:flex;gap:10px;align-items:center;flex-wrap:wrap;
background:rgba(246,247,249,.94);backdrop-filter:blur(4px);padding:10px 0;border-bottom:1px solid var(--line);margin-bottom:8px}
.flabel{font-weight:600;color:var(--muted);font-size:13px;letter-spacing:.1em}
.chip{display:inline-flex;gap:6px;align-items:center;border:1px solid var(--line);background:#fff;border-radius:999px;
padding:2px 12px;font-size:14px;cursor:pointer}
.chip.err{color:var(--err)}.chip.warn{color:var(--warn)}
.filters select{font:inherit;font-size:14px;padding:3px 8px;border:1px solid var(--line);border-radius:6px;max-width:460px}
.shown{color:var(--muted);font-size:13px;margin-left:auto}
.index ol{margin:8px 0 0;padding:0;list-style:none;display:grid;gap:6px}
.index li{display:flex;gap:10px;align-items:center;background:var(--card);border:1px solid var(--line);border-radius:8px;
padding:6px 14px}
.index a{color:var(--accent);font-weight:600;text-decoration:none}.index .ipath{color:var(--muted);font-size:12.5px;
margin-right:auto;word-break:break-all}
.doc{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:22px 28px 26px;margin:18px 0 28px;
box-shadow:0 1px 3px rgba(0,0,0,.05)}
.doc h2{margin:0;font-size:22px;letter-spacing:.04em}
.path{margin:2px 0 8px;color:var(--muted);font-size:13px;word-break:break-all}
.docstats{display:flex;gap:14px;flex-wrap:wrap;align-items:center;color:var(--muted);font-size:14px;margin:0 0 14px}
.pill{border-radius:999px;padding:1px 10px;font-size:13px;font-weight:600}
.pill.err{background:var(--err-bg);color:var(--err)}.pill.warn{background:var(--warn-bg);color:var(--warn)}
.checklist{margin:6px 0 18px}
.checklist summary,.skipped summary{cursor:pointer;font-weight:600;font-size:16px;margin-bottom:6px}
.checklist table{width:100%;border-collapse:collapse;font-size:14px}
.checklist th{text-align:left;color:var(--muted);font-weight:600;border-bottom:2px solid var(--line);padding:6px 10px}
.checklist td{border-bottom:1px solid #eef0f3;padding:5px 10px;vertical-align:top}
.checklist td:nth-child(2){width:90px}.checklist td:nth-child(3){width:240px;color:var(--muted)}
.checklist a{color:var(--accent);text-decoration:none}.checklist a:hover{text-decoration:underline}
.status{display:inline-block;min-width:52px;text-align:center;border-radius:6px;padding:0 8px;font-weight:600;font-size:13px}
.status.ok{background:var(--ok-bg);color:var(--ok)}.status.bad{background:var(--err-bg);color:var(--err)}
.status.unchecked{background:var(--un-bg);color:var(--un)}
.part{margin-top:26px}
.part h3{font-size:17px;margin:0 0 10px;padding:0 0 6px 12px;border-left:4px solid var(--accent);
border-bottom:1px solid var(--line);display:flex;gap:10px;align-items:baseline}
.part h3 .where{color:var(--muted);font-weight:400;font-size:13px}
.part h3 .count{margin-left:auto;background:var(--un-bg);color:var(--un);border-radius:999px;padding:0 10px;font-size:13px}
.finding{border:1px solid var(--line);border-left:4px solid var(--err);border-radius:8px;padding:12px 16px 14px;margin:12px 0;
background:#fff}
.finding.warning{border-left-color:#d4a72c}
.finding header{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.sev{font-size:12px;font-weight:700;border-radius:4px;padding:1px 8px;letter-spacing:.1em}
.sev.error{background:var(--err-bg);color:var(--err)}.sev.warning{background:var(--warn-bg);color:var(--warn)}
.finding .title{font-weight:600;font-size:15.5px}
.rule{margin-left:auto;color:var(--muted);font-size:12.5px;font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;
background:var(--bg);border-radius:4px;padding:0 6px}
.loc{margin:4px 0 0;color:var(--muted);font-size:13px}
.msg{margin:6px 0 8px;word-break:break-word}
.figures{display:flex;gap:10px;margin:0 0 10px;flex-wrap:wrap}
.figures div{background:var(--bg);border-radius:6px;padding:3px 12px;display:flex;gap:8px;align-items:baseline}
.figures dt{color:var(--muted);font-size:12.5px}.figures dd{margin:0;font-weight:600;font-variant-numeric:tabular-nums}
.shot img{display:block;max-width:100%;height:auto;border:1px solid var(--line);border-radius:6px;margin-top:8px;
box-shadow:0 1px 4px rgba(0,0,0,.08)}
.excerpt{border:1px solid var(--line);border-radius:6px;background:#fbfbfc;padding:6px 0;font-size:14px;line-height:1.9}
.excerpt .ln{display:flex;gap:12px;padding:1px 12px}
.excerpt .tx{flex:1;white-space:pre-wrap;word-break:break-word}
.excerpt .ln.focus{background:#fff8db}
.excerpt .no{color:#8c959f;min-width:3em;text-align:right;font-variant-numeric:tabular-nums;user-select:none}
.excerpt .cell{display:inline-block;min-width:4em;margin-right:1.2em}
.excerpt .gap{color:#8c959f;padding:0 12px 0 calc(3em + 24px)}
mark{background:#ffe58a;outline:2px solid var(--err);outline-offset:1px;border-radius:2px;padding:0 1px;color:inherit}
.skipped{margin-top:24px;color:var(--muted);font-size:14px}.skipped ul{margin:6px 0 0;padding-left:20px}
.doc-error{color:var(--err)}
.empty-filter{text-align:center;color:var(--muted)}
footer{color:var(--muted);font-size:12.5px;padding:8px 28px 40px}
[hidden]{display:none!important}
@media (max-width:800px){.summary{grid-template-columns:repeat(2,1fr)}.rule{margin-left:0}}
@media print{.filters{display:none!important}.top{background:none;color:var(--ink)}.finding{break-inside:avoid}}
"""

SCRIPT = """
(function(){
var form=document.querySelector('.filters');if(!form)return;form.hidden=false;
var items=[].slice.call(document.querySelectorAll('.finding'));
function apply(){
 var sev=[].slice.call(form.querySelectorAll('input[name=sev]:checked')).map(function(x){return x.value});
 var rule=form.querySelector('select').value,n=0;
 items.forEach(function(el){var ok=sev.indexOf(el.dataset.severity)>=0&&(!rule||el.dataset.rule===rule);
  el.hidden=!ok;if(ok)n++;});
 [].slice.call(document.querySelectorAll('.part')).forEach(function(p){
  p.hidden=!p.querySelector('.finding:not([hidden])');});
 form.querySelector('.shown').textContent='显示 '+n+' / '+items.length+' 个问题';
 document.querySelector('.empty-filter').hidden=n>0;
}
form.addEventListener('change',apply);apply();
})();
"""
