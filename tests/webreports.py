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
    from assembler.writing.layout import apply_layout
    from assembler.writing.package import new_document

    document = new_document()
    apply_layout(document)
    body = document.element.body
    for p in list(body.iterchildren()):
        if p.tag.endswith("}p"):
            body.remove(p)
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
