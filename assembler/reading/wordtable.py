"""What a Word document's body shows, read straight from its XML: the text of a paragraph and
its runs, the body's blocks in order, and a table's cells on its grid with their spans.

Shared by `webpage` (a report as a web page) and `pagereader` (a published report read back).
Only lxml elements are handled here (python-docx's `_Element`s are lxml elements), so nothing
is imported at module level and the functions work on any document, ours or a clerk's.

A table's spans come from `w:gridSpan` (columns) and `w:vMerge` (rows: a `restart` cell, then
cells in the same grid column marked to continue it); Word's old `w:hMerge` is read too, and
`w:gridBefore`/`w:gridAfter` leave grid positions without a cell. Header rows are the leading
rows marked to repeat on every page (`w:tblHeader`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Not part of a paragraph's own text: deleted text, text boxes and drawings anchored in it (their
# own paragraphs), the fallback copy of alternate content, field codes, properties.
_SKIP = frozenset(
    {
        f"{W}del", f"{W}moveFrom", f"{W}txbxContent", f"{W}pict", f"{W}drawing", f"{W}object",
        f"{_MC}Fallback", f"{W}instrText", f"{W}delInstrText", f"{W}pPr", f"{W}rPr", f"{W}footnoteReference",
        f"{W}endnoteReference", f"{W}commentReference",
    }
)  # fmt: skip
_FALSE = frozenset({"0", "false", "off"})


def _on(element: Any, attribute: str = f"{W}val") -> bool:
    """A Word on/off property: present and not switched off."""
    return element is not None and element.get(attribute, "1").lower() not in _FALSE


def run_pieces(paragraph: Any) -> Iterator[tuple[Any, str]]:
    """(w:r, its text) for each run of a paragraph in reading order: runs inside hyperlinks,
    insertions, fields and content controls included, deleted text and text boxes left out.
    Text is what python-docx's `Paragraph.text` gives for the same run: `\\t` for a tab, `\\n`
    for a line break (not for a page or column break)."""
    stack = list(reversed(list(paragraph)))
    while stack:
        el = stack.pop()
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == f"{W}r":
            text = _run_text(el)
            if text:
                yield el, text
            continue
        stack.extend(reversed(list(el)))


def _run_text(run: Any) -> str:
    parts = []
    for child in run.iter():
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            parts.append("\t")
        elif tag == f"{W}br":
            if child.get(f"{W}type", "textWrapping") == "textWrapping":
                parts.append("\n")
        elif tag == f"{W}cr":
            parts.append("\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{W}sym":
            try:
                code = int(child.get(f"{W}char", ""), 16)
            except ValueError:
                continue
            if code >= 0xF000:  # a symbol font's private-use code: the font's own glyph, no letter
                continue
            parts.append(chr(code))
    return "".join(parts)


def paragraph_text(paragraph: Any) -> str:
    """The text a w:p shows (see `run_pieces`)."""
    return "".join(text for _, text in run_pieces(paragraph))


def block_items(container: Any) -> Iterator[Any]:
    """The w:p and w:tbl elements of a body or table cell in order, content controls unwrapped."""
    for child in container:
        tag = child.tag
        if tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from block_items(content)
        elif tag in (f"{W}customXml", f"{W}ins", f"{W}moveTo"):
            yield from block_items(child)


@dataclass(frozen=True)
class GridCell:
    """A cell placed on the table's grid: its top-left position (from 0) and spans. `tc` is the
    w:tc element, or None for grid positions a row leaves without a cell (w:gridBefore/After)."""

    row: int
    col: int
    rowspan: int
    colspan: int
    tc: Any


@dataclass(frozen=True)
class WordGrid:
    """A Word table as a grid: each position covered by one cell, with its spans and header rows."""

    cells: list[GridCell]  # by row, then by column; each grid position covered exactly once
    rows: int
    cols: int
    header_rows: int  # leading rows Word repeats on each page (widened to hold their spans)
    widths: tuple[int, ...] = ()  # the grid's column widths in twips (w:gridCol), when all are given


def _int(element: Any, default: int) -> int:
    if element is None:
        return default
    try:
        return max(0, int(element.get(f"{W}val", default)))
    except (TypeError, ValueError):
        return default


def table_grid(tbl: Any) -> WordGrid:
    """The table's cells on its grid, with their row and column spans: each row's cells as
    written, then placed on the grid with vertical merges joined, then grid positions no cell
    covers filled; the header rows widened to hold their spans."""
    trs = [tr for tr in tbl.iterchildren(f"{W}tr")]
    grid_widths = [_twips(gc) for gc in tbl.findall(f"{W}tblGrid/{W}gridCol")]
    rows = [_written_row(tr) for tr in trs]
    width = max([len(grid_widths), *(r[-1][0] + r[-1][1] for r in rows if r)])
    placed = _placed(rows)
    placed += _fillers(placed, len(rows), width)
    placed.sort(key=lambda cell: (cell[0], cell[1]))
    heads = _header_rows(trs, placed)
    cells = [GridCell(r, c, rs, cs, tc) for r, c, rs, cs, tc in placed]
    widths = tuple(grid_widths) if len(grid_widths) == width and all(grid_widths) else ()
    return WordGrid(cells, len(rows), width, min(heads, len(rows)), widths)


def _written_row(tr: Any) -> list[list[Any]]:
    """A row's cells as written, `[col, colspan, tc, vmerge]` each (vmerge: None, "restart" or
    "continue"); cells joined by Word's old horizontal merge are one."""
    trpr = tr.find(f"{W}trPr")
    col = _int(trpr.find(f"{W}gridBefore") if trpr is not None else None, 0)
    row: list[list[Any]] = []
    for tc in _row_cells(tr):
        tcpr = tc.find(f"{W}tcPr")
        span = max(1, _int(tcpr.find(f"{W}gridSpan") if tcpr is not None else None, 1))
        hmerge = tcpr.find(f"{W}hMerge") if tcpr is not None else None
        if hmerge is not None and hmerge.get(f"{W}val", "continue") != "restart" and row:
            row[-1][1] += span
            col += span
            continue
        vm = tcpr.find(f"{W}vMerge") if tcpr is not None else None
        vmerge = None if vm is None else ("restart" if vm.get(f"{W}val") == "restart" else "continue")
        row.append([col, span, tc, vmerge])
        col += span
    return row


def _placed(rows: list[list[list[Any]]]) -> list[list[Any]]:
    """The cells on the grid, `[row, col, rowspan, colspan, tc]` each: a cell continuing a
    vertical merge (same column, same span) lengthens the cell it continues."""
    placed: list[list[Any]] = []
    open_cells: dict[int, list[Any]] = {}  # grid column → the cell a vertical merge may continue
    for r, row in enumerate(rows):
        still_open: dict[int, list[Any]] = {}
        for col, span, tc, vmerge in row:
            above = open_cells.get(col)
            if vmerge == "continue" and above is not None and above[3] == span:
                above[2] += 1
                still_open[col] = above
                continue
            cell = [r, col, 1, span, tc]
            placed.append(cell)
            if vmerge == "restart":
                still_open[col] = cell
        open_cells = still_open
    return placed


def _fillers(placed: list[list[Any]], rows: int, width: int) -> list[list[Any]]:
    """Grid positions no cell covers (w:gridBefore, w:gridAfter, short rows): a filler cell (no
    tc) for each run of them in a row."""
    covered = {(r + dr, c + dc) for r, c, rs, cs, _ in placed for dr in range(rs) for dc in range(cs)}
    fillers: list[list[Any]] = []
    for r in range(rows):
        c = 0
        while c < width:
            if (r, c) in covered:
                c += 1
                continue
            start = c
            while c < width and (r, c) not in covered:
                c += 1
            fillers.append([r, start, 1, c - start, None])
    return fillers


def _header_rows(trs: list[Any], placed: list[list[Any]]) -> int:
    """The leading rows marked to repeat on each page, widened to hold the cells spanning down
    from them."""
    heads = 0
    for tr in trs:
        trpr = tr.find(f"{W}trPr")
        if trpr is None or not _on(trpr.find(f"{W}tblHeader")):
            break
        heads += 1
    if heads:
        grown = True
        while grown:
            deepest = max((r + rs for r, _, rs, _, _ in placed if r < heads), default=heads)
            grown = deepest > heads
            heads = max(heads, deepest)
    return heads


def _twips(grid_col: Any) -> int:
    try:
        return max(0, int(float(grid_col.get(f"{W}w", "0"))))
    except ValueError:
        return 0


def _row_cells(tr: Any) -> Iterator[Any]:
    """The w:tc of a row, content controls and custom XML around cells unwrapped."""
    for child in tr:
        if child.tag == f"{W}tc":
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _row_cells(content)
        elif child.tag == f"{W}customXml":
            yield from _row_cells(child)


def row_cells_grid(grid: WordGrid) -> list[list[GridCell]]:
    """The grid's cells row by row (a row holds the cells that start in it)."""
    out: list[list[GridCell]] = [[] for _ in range(grid.rows)]
    for cell in grid.cells:
        out[cell.row].append(cell)
    return out
