"""Helpers for the web-page and page-reader tests: the two sample reports built once, a Word
table's grid as python-docx sees it, an HTML table's grid by HTML's table model, and documents
in our styles made by code."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
XXGK = "中山门街道2024年政府信息公开工作年度报告"
FAZHI = "中山门街道2024年法治政府建设年度报告"


def build_sample_reports(folder: Path) -> dict[str, Path]:
    """Both sample reports built from the shipped inputs into `folder`: {title: .docx}."""
    from assembler.commands.build import build_reports

    shutil.copytree(ROOT / "inputs", folder / "inputs")
    return {r.report.stem: r.report for r in build_reports(workdir=folder)}


def word_grid(table: Any) -> tuple[list[list[str]], dict[tuple[int, int], tuple[int, int, int, int]]]:
    """A python-docx table as python-docx lays it out (independently of `wordtable`): the text at
    every grid position, and each merged cell's (row, col, rowspan, colspan) by position."""
    grid = [[cell for cell in row.cells] for row in table.rows]  # python-docx repeats merged cells
    texts = [[cell.text for cell in row] for row in grid]
    spans: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    seen: dict[int, list[tuple[int, int]]] = {}
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            seen.setdefault(id(cell._tc), []).append((r, c))
    for positions in seen.values():
        rows = [r for r, _ in positions]
        cols = [c for _, c in positions]
        box = (min(rows), min(cols), max(rows) - min(rows) + 1, max(cols) - min(cols) + 1)
        for position in positions:
            spans[position] = box
    return texts, spans


def html_grid(table: Any) -> tuple[dict[tuple[int, int], Any], list[tuple[int, int, Any]]]:
    """An lxml <table>'s cells on the grid by HTML's table model (row groups in order, row and
    column spans): the cell covering each position, and each cell with its top-left position."""
    rows = [tr for tr in table.iter("tr") if _own(tr, table)]
    at: dict[tuple[int, int], Any] = {}
    origins: list[tuple[int, int, Any]] = []
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in at:
                c += 1
            rowspan = int(cell.get("rowspan", "1"))
            colspan = int(cell.get("colspan", "1"))
            origins.append((r, c, cell))
            for dr in range(rowspan):
                for dc in range(colspan):
                    assert (r + dr, c + dc) not in at, f"cells overlap at row {r + dr}, column {c + dc}"
                    at[(r + dr, c + dc)] = cell
            c += colspan
    return at, origins


def _own(tr: Any, table: Any) -> bool:
    parent = tr.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent is table


def cell_text(cell: Any) -> str:
    """An HTML cell's text with <br> as a line break, as python-docx joins a cell's paragraphs."""
    parts = []
    if cell.text:
        parts.append(cell.text)
    for child in cell:
        parts.append("\n" if child.tag == "br" else child.text_content())
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)


def styled_document(lines: list[tuple[str, str]]) -> Any:
    """A document in our styles: (style, text) paragraphs; style "表格" makes a table from text
    rows separated by line breaks and cells by "|"."""
    from assembler.writing.package import official_document

    document = official_document()
    for style, text in lines:
        if style == "表格":
            rows = [row.split("|") for row in text.split("\n")]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            continue
        document.add_paragraph(text, style=style)
    return document


def portal(content: str, *, charset: str = "utf-8", title: str = XXGK, heading: bool = True) -> str:
    """A report's article as a district portal shows it: navigation, breadcrumbs, a column of
    other reports, the 索引号 table, 发布时间/来源/字号, share buttons, print links, a footer."""
    shown = f'<h1 class="article-title">{title}</h1>' if heading else ""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{title}_政府信息公开年报_河东区人民政府</title>
<link rel="stylesheet" href="https://www.example.gov.cn/css/style.css" />
<script type="text/javascript" src="https://www.example.gov.cn/js/jquery.js"></script>
<script>var notice = "<p>本网站将于2025年1月1日停机维护。请周知。</p>";</script>
<style>.article p {{ text-indent: 2em; }}</style>
</head>
<body>
<div class="header"><div class="logo">河东区人民政府</div>
<form action="/search"><input name="q" value="请输入关键词" /><button>搜索</button></form>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; <a href="/zwgk/nb/">政府信息公开年报</a></div>
<div class="main">
<div class="side"><h3>政府信息公开年报</h3><ul>
<li><a href="/1.html">中山门街道2023年政府信息公开工作年度报告</a></li>
<li><a href="/2.html">中山门街道2022年政府信息公开工作年度报告</a></li></ul></div>
<div class="article">
<table class="xxgk-info"><tr><td>索引号：</td><td>11120102MB0000000X/2025-00012</td><td>发布机构：</td><td>中山门街道办事处</td></tr>
<tr><td>生成日期：</td><td>2025-01-20</td><td>主题分类：</td><td>政府信息公开年报</td></tr></table>
{shown}
<div class="info">发布时间：2025-01-20 10:30&nbsp;&nbsp;来源：中山门街道办事处&nbsp;&nbsp;字号：[ <a href="#">大</a> <a href="#">中</a> <a href="#">小</a> ]</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="content TRS_Editor">
{content}
</div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="related"><h4>相关链接</h4><ul><li><a href="/3.html">中山门街道2024年法治政府建设年度报告</a></li></ul></div>
<div style="display:none">统计代码。请勿删除本段文字，否则影响网站访问量统计。</div>
</div></div>
<div class="footer"><p>主办单位：天津市河东区人民政府办公室　承办单位：河东区政务服务办公室</p>
<p>网站标识码：1201020001　津ICP备05000000号-1　津公网安备 12010202000000号</p>
<p>建议使用1920×1080分辨率、IE9及以上版本浏览器浏览本站，以获得更好的浏览效果。</p></div>
</body>
</html>
"""
