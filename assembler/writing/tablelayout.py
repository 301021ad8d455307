"""Statistical tables in a template: the markup of `template.txt` and the Word table it becomes.

In `template.txt` a table is written between `[表格 表名]` and `[/表格]`, one table row a
line, cells separated by `|`:

    [表格 表三]
    | （本列数据的勾稽关系为：…）{3x3} | 申请人情况{x7} |
    | 自然人{2x} | 法人或其他组织{x5} | 总计{2x} |
    | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |
    | 一、本年新收政府信息公开申请数量{x3} | * |
    | 三、本年度办理结果{22x} | （一）予以公开{x2} | * |
    [/表格]

`{2x}` spans two rows, `{x3}` three columns, `{2x3}` both; a cell under a row span is left
out, as in HTML. `*` is the row's data: one cell for each of the catalog table's columns
(the row's own columns in a form table), for the row named by the last text cell (or
`*行名`). Rows above the first data row are the header, repeated on every page. The optional
`列宽 12 16 …` after the name sets the column widths in millimetres.

`build_table` writes the Word table (GB/T 9704 text block, 五号 single-spaced cells, borders,
header rows repeated, rows never split across pages, numbers centred); each data cell holds
`{{ 表三["（一）予以公开"]["自然人"] }}`, which the render context answers with a
`compute.tables.TableView`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assembler.writing.layout import MARGIN_LEFT, MARGIN_RIGHT, PAGE_WIDTH

if TYPE_CHECKING:
    from assembler.model.catalog import TableSpec

TWIPS_PER_MM = 1440 / 25.4
BLOCK_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # the 156 mm text block, in twips
TABLE_STYLE = "表格文字"
_SPAN = re.compile(r"\{(\d*)x(\d*)\}$")
_OPEN = re.compile(r"^\[表格\s+(?P<name>\S+)(?:\s+列宽\s+(?P<widths>[\d.\s]+))?\]$")
DATA = "*"
KEEP_WHOLE_ROWS = 16  # tables of at most this many rows are kept on one page


class TableMarkupError(ValueError):
    """A table written wrongly in template.txt; the message says where and how."""


@dataclass
class LayoutCell:
    text: str
    rows: int = 1
    cols: int = 1
    data: bool = False  # a data cell: `text` is its column key, `row` its row key
    row: str = ""


@dataclass
class TableLayout:
    name: str
    lines: list[list[LayoutCell]] = field(default_factory=list)  # as written, before `*` is filled in
    widths_mm: tuple[float, ...] = ()
    line_no: int = 0

    def expanded(self, spec: TableSpec) -> list[list[LayoutCell]]:
        """The rows with each `*` replaced by the row's data cells, checked against the grid."""
        rows: list[list[LayoutCell]] = []
        for i, line in enumerate(self.lines):
            cells: list[LayoutCell] = []
            for cell in line:
                if not cell.data:
                    cells.append(cell)
                    continue
                key = cell.text or next((c.text for c in reversed(cells)), "")
                if not key:
                    key = self._row_above_label(rows, i)
                row = spec.row(key)
                if row is None:
                    raise TableMarkupError(f"表格“{self.name}”第{i + 1}行：指标目录的表格中没有“{key}”这一行")
                columns = spec.columns_of(row)
                if len(columns) == 1:
                    cells.append(LayoutCell(columns[0], 1, cell.cols, True, key))
                elif cell.cols != 1:
                    raise TableMarkupError(f"表格“{self.name}”第{i + 1}行：有几列数据的“*”不能再写列宽")
                else:
                    cells.extend(LayoutCell(column, 1, 1, True, key) for column in columns)
            rows.append(cells)
        _grid(rows, self.name)
        used = {cell.row for row in rows for cell in row if cell.data}
        missing = [r.key for r in spec.rows if r.key not in used]
        if missing:
            raise TableMarkupError(f"表格“{self.name}”缺少指标目录中的行：{'、'.join(missing)}")
        return rows

    def _row_above_label(self, rows: list[list[LayoutCell]], i: int) -> str:
        raise TableMarkupError(
            f"表格“{self.name}”第{i + 1}行：数据行需要行名（写在“*”前的格里，或写成 *行名）"
        )


def parse_table(lines: list[tuple[int, str]]) -> TableLayout:
    """A `[表格 …]` block (its first and last lines included) into its layout."""
    first_no, first = lines[0]
    m = _OPEN.match(first.strip())
    if not m:
        raise TableMarkupError(f"第{first_no}行：表格开头应写成 [表格 表名]")
    widths = tuple(float(w) for w in (m.group("widths") or "").split())
    layout = TableLayout(m.group("name"), widths_mm=widths, line_no=first_no)
    for no, line in lines[1:-1]:
        text = line.strip()
        if not text:
            continue
        if not (text.startswith("|") and text.endswith("|")):
            raise TableMarkupError(f"第{no}行：表格的每一行应以“|”开头和结尾")
        cells = []
        for raw in text[1:-1].split("|"):
            raw = raw.strip()
            rows = cols = 1
            span = _SPAN.search(raw)
            if span:
                rows = int(span.group(1) or 1)
                cols = int(span.group(2) or 1)
                raw = raw[: span.start()].strip()
            if raw.startswith(DATA):
                cells.append(LayoutCell(raw[1:].strip(), rows, cols, data=True))
            else:
                cells.append(LayoutCell(raw, rows, cols))
        layout.lines.append(cells)
    if not layout.lines:
        raise TableMarkupError(f"第{first_no}行：表格“{layout.name}”没有内容")
    return layout


def placed(
    rows: list[list[LayoutCell]],
) -> tuple[list[tuple[int, int, LayoutCell]], list[int], set[tuple[int, int]]]:
    """Each cell at its grid position (row, column), the cells of a row going past those that a
    span from above covers; with each row's width and every covered position."""
    covered: set[tuple[int, int]] = set()
    cells: list[tuple[int, int, LayoutCell]] = []
    widths = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            covered.update((r + dr, c + dc) for dr in range(cell.rows) for dc in range(cell.cols))
            cells.append((r, c, cell))
            c += cell.cols
        while (r, c) in covered:
            c += 1
        widths.append(c)
    return cells, widths, covered


def _grid(rows: list[list[LayoutCell]], name: str) -> int:
    """The number of grid columns, checking every row fills them (row spans from above included)."""
    _, widths, covered = placed(rows)
    for r, width in enumerate(widths):
        if width != widths[0]:
            raise TableMarkupError(f"表格“{name}”第{r + 1}行有{width}列，与第1行的{widths[0]}列不一致")
    if any(r >= len(rows) for r, _ in covered):
        raise TableMarkupError(f"表格“{name}”中有单元格向下跨行超出了表格")
    return widths[0] if widths else 0


def header_rows(rows: list[list[LayoutCell]]) -> int:
    return next((i for i, row in enumerate(rows) if any(c.data for c in row)), len(rows))


def cell_tag(table: str, row: str, column: str) -> str:
    """The tag of a data cell. Single quotes: docxtpl turns “ ” in a tag into ", which would end
    a double-quoted name such as 3.危及“三安全一稳定”."""
    return f"{{{{ {table}['{row}']['{column}'] }}}}"


# ── the Word table ────────────────────────────────────────────────────────


def _widths(rows: list[list[LayoutCell]], columns: int, given_mm: tuple[float, ...]) -> list[int]:
    """Column widths in twips filling the text block: as given, or by what each column holds."""
    if given_mm:
        if len(given_mm) != columns:
            raise TableMarkupError(f"列宽写了{len(given_mm)}个数，表格有{columns}列")
        total = sum(given_mm)
        return [round(BLOCK_WIDTH * w / total) for w in given_mm]
    demand = [2.0] * columns
    for _, c, cell in placed(rows)[0]:
        if cell.cols == 1 and not cell.data:
            demand[c] = max(demand[c], min(len(cell.text), 12) / (1 if cell.rows == 1 else 2))
    total = sum(demand)
    return [round(BLOCK_WIDTH * d / total) for d in demand]


def build_table(document: Any, layout: TableLayout, spec: TableSpec) -> Any:
    """Append the table to `document` (python-docx) as GB/T 9704 pages want it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rows = layout.expanded(spec)
    columns = _grid(rows, layout.name)
    widths = _widths(rows, columns, layout.widths_mm)
    table = document.add_table(rows=len(rows), cols=columns)
    tbl = table._tbl
    _table_properties(tbl, OxmlElement, qn)
    for gc, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        gc.set(qn("w:w"), str(width))
    heads = header_rows(rows)
    for r, c, cell in placed(rows)[0]:
        target = table.cell(r, c)
        if cell.rows > 1 or cell.cols > 1:
            target = target.merge(table.cell(r + cell.rows - 1, c + cell.cols - 1))
        paragraph = target.paragraphs[0]
        paragraph.style = TABLE_STYLE
        paragraph.add_run(cell_tag(layout.name, cell.row, cell.text) if cell.data else cell.text)
    for r, tr in enumerate(tbl.tr_lst):
        trpr = tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))  # a row is never split across pages
        if r < heads:
            trpr.append(OxmlElement("w:tblHeader"))  # header rows repeat on each page
        for tc in tr.tc_lst:
            tcpr = tc.get_or_add_tcPr()
            v = OxmlElement("w:vAlign")
            v.set(qn("w:val"), "center")
            tcpr.append(v)
    _cell_widths(tbl, widths, qn)
    if len(rows) <= KEEP_WHOLE_ROWS:  # a short table is not split across pages: it moves whole
        for tr in tbl.tr_lst[:-1]:
            for p in tr.iter(qn("w:p")):
                ppr = p.get_or_add_pPr()
                keep = OxmlElement("w:keepNext")
                style = ppr.find(qn("w:pStyle"))
                (style.addnext(keep) if style is not None else ppr.insert(0, keep))
    return table


def _table_properties(tbl: Any, element: Any, qn: Any) -> None:
    tblpr = tbl.tblPr
    for tag in ("w:tblStyle", "w:tblW", "w:jc", "w:tblBorders", "w:tblLayout", "w:tblCellMar", "w:tblLook"):
        for old in tblpr.findall(qn(tag)):
            tblpr.remove(old)
    width = element("w:tblW")
    width.set(qn("w:w"), str(BLOCK_WIDTH))
    width.set(qn("w:type"), "dxa")
    jc = element("w:jc")
    jc.set(qn("w:val"), "center")
    borders = element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = element(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    layout = element("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    margins = element("w:tblCellMar")
    for side, size in (("top", 28), ("left", 57), ("bottom", 28), ("right", 57)):
        m = element(f"w:{side}")
        m.set(qn("w:w"), str(size))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    look = element("w:tblLook")
    for attr, val in (("val", "0000"), ("firstRow", "0"), ("lastRow", "0"), ("firstColumn", "0"),
                      ("lastColumn", "0"), ("noHBand", "1"), ("noVBand", "1")):  # fmt: skip
        look.set(qn(f"w:{attr}"), val)
    for el in (width, jc, borders, layout, margins, look):  # schema order of CT_TblPr
        tblpr.append(el)


def _cell_widths(tbl: Any, widths: list[int], qn: Any) -> None:
    """Each cell's own width (Word lays a fixed table out by them), spans added up."""
    from docx.oxml import OxmlElement

    for tr in tbl.tr_lst:
        c = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tcpr = tc.get_or_add_tcPr()
            for old in tcpr.findall(qn("w:tcW")):
                tcpr.remove(old)
            tcw = OxmlElement("w:tcW")
            tcw.set(qn("w:w"), str(sum(widths[c : c + span])))
            tcw.set(qn("w:type"), "dxa")
            tcpr.insert(0, tcw)
            c += span


# ── what a template reads ─────────────────────────────────────────────────
