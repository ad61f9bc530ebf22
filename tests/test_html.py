"""Disclosures published as web pages: paragraphs become lines, <table> rows tab-separated cells."""

from __future__ import annotations

from budget_audit.ingest.html import load_html

PAGE = """<!DOCTYPE html><html><head><title>门户网站</title><script>var x = "<p>不是内容</p>";</script>
<style>p { color: red }</style></head><body><nav><a href="/">首页</a></nav>
<div class="article"><h1>测试单位2024年部门预算公开</h1>
<p>表 1</p><p>部门收支总体情况表</p><p>编制部门：测试单位</p><p>单位：万元</p>
<table><tr><td colspan="2">收 入</td><td colspan="2">支 出</td></tr>
<tr><th>项 目</th><th>预算数</th><th>功能分类</th><th>预算数</th></tr>
<tr><td>一、本年收入</td><td>100.00</td><td>201 一般公共服务支出</td><td>100.00</td></tr>
<tr><td>收入总计</td><td>100.00</td><td>支出总计</td><td>100.00</td></tr></table>
<p>一、收支预算总体情况</p><p>收入预算 100.00 万元，支出预算 100.00 万元。<br>基本支出 80.00 万元。</p>
</div><footer>版权所有</footer></body></html>"""


def test_page_text_is_read_as_lines_and_table_rows(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    lines = load_html(str(path))
    assert "收入总计\t100.00\t支出总计\t100.00" in lines
    assert "收 入\t\t支 出\t" in lines  # a spanned cell leaves its columns empty
    assert "基本支出 80.00 万元。" in lines  # <br> breaks a paragraph
    assert not any("不是内容" in ln or "首页" in ln or "版权所有" in ln or "color" in ln for ln in lines)


def test_a_web_page_is_checked_like_any_disclosure(check_text, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE.replace("<td>一、本年收入</td><td>100.00</td>", "<td>一、本年收入</td><td>90.00</td>"), encoding="utf-8")
    from budget_audit.audit import audit
    from budget_audit.rules.engine import load_rules

    (report,) = audit([str(path)], load_rules(), select=["table.column-total"])
    assert report.error is None and report.document.table("收支总表") is not None
    assert [f.rule for f in report.findings] == ["table.column-total"]


def test_a_page_in_gbk_is_decoded(tmp_path):
    path = tmp_path / "page.htm"
    path.write_bytes(PAGE.replace("utf-8", "gbk").encode("gb18030"))
    assert "部门收支总体情况表" in load_html(str(path))
