"""A finished report as a web page, for the portal's 政府信息公开年报 column.

`page_of(document)` turns a rendered report (a python-docx `Document` in our styles, see
`layout`) into semantic HTML: the title is the page's one `<h1>`, 一级/二级/三级标题 are
`<h2>`/`<h3>`/`<h4>`, a heading sentence that opens a paragraph stays in it as
`<strong class="lead-2">`, 主送机关, 署名 and 成文日期 are paragraphs with a class, and every
Word table is an HTML table with Word's merges as `rowspan`/`colspan` (a position a merge
covers has no cell), its repeated header rows in `<thead>` as `<th>`, and row labels as
`<th scope="row">`. There is no inline style and no font: the page's own small stylesheet (or,
for the fragment, the portal's) decides the look. All text is escaped.

Two outputs (`write_pages`):
- `<报告>.html`: a standalone HTML5 page (UTF-8, `lang="zh-CN"`), readable on screen and
  printing on A4 with GB/T 9704's margins; for looking at, printing, or uploading as a file;
- `<报告>（网页源代码）.txt`: the article alone (the same markup from `<h1>` to the date, no
  stylesheet), to paste into the portal editor's source view (“源代码”/“HTML” button). A text
  file so that it opens in Notepad by a double click; UTF-8 with a BOM for older Notepads.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assembler.reading.wordtable import (
    W,
    WordGrid,
    block_items,
    paragraph_text,
    row_cells_grid,
    run_pieces,
    table_grid,
)
from assembler.writing.outputs import OutputSet

FRAGMENT_SUFFIX = "（网页源代码）.txt"
KEEP_WHOLE_ROWS = 16  # as `tables.KEEP_WHOLE_ROWS`: tables of at most this many rows are not split

# Paragraph styles (by name) and what they become. Word's built-in names are matched lowercased.
HEADINGS = {"一级标题": "h2", "二级标题": "h3", "三级标题": "h4", "heading 1": "h2", "heading 2": "h3",
            "heading 3": "h4", "heading 4": "h4"}  # fmt: skip
TITLE_STYLES = frozenset({"公文标题", "title"})
PARAGRAPH_CLASSES = {"主送机关": "addressee", "署名": "signature", "成文日期": "date"}
LEAD_CLASSES = {"一级标题字符": "lead-1", "二级标题字符": "lead-2", "三级标题字符": "lead-3"}
_ALIGN_CLASSES = {"center": "center", "right": "right", "end": "right"}
# A table cell holding a figure (or a draft's gap) rather than a label.
_FIGURE = re.compile(r"^[+\-−]?[\d０-９][\d０-９.,，．\s]*[%％]?$")

STYLESHEET = """\
body { margin: 0; padding: 24px 16px 48px; background: #fff; color: #1a1a1a;
  font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  font-size: 17px; line-height: 1.8; }
.report { max-width: 860px; margin: 0 auto; }
.report h1 { font-size: 28px; line-height: 1.5; text-align: center; margin: 0 0 1em; }
.report h1 span { display: inline-block; }
.report h2 { font-size: 19px; margin: 1.4em 0 .4em; }
.report h3 { font-size: 17px; margin: 1em 0 .3em; }
.report h4 { font-size: 17px; margin: .8em 0 .3em; }
.report p { margin: .4em 0; text-indent: 2em; text-align: justify; }
.report .addressee { text-indent: 0; }
.report .signature, .report .date, .report .right { text-align: right; text-indent: 0; padding-right: 2em; }
.report .signature { margin-top: 2em; }
.report .center { text-align: center; text-indent: 0; }
.report mark { background: #ffef5f; }
.table-wrap { overflow-x: auto; margin: .8em 0 1.2em; }
.report table { border-collapse: collapse; width: 100%; font-size: 14px; line-height: 1.5; }
.report th, .report td { border: 1px solid #444; padding: 4px 6px; text-align: center; vertical-align: middle;
  text-wrap: balance; }
.report th { font-weight: normal; }
.report thead th, .report th[scope="col"] { font-weight: bold; background: #f0f0f0; }
@media print {
  @page { size: A4; margin: 37mm 26mm 35mm 28mm; }
  @page :right { @bottom-right { content: "— " counter(page) " —"; font: 14pt "SimSun", "宋体", serif; } }
  @page :left { @bottom-left { content: "— " counter(page) " —"; font: 14pt "SimSun", "宋体", serif; } }
  body { padding: 0; font-family: "FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", serif;
    font-size: 16pt; line-height: 28.95pt; }
  .report { max-width: none; }
  .report h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "SimSun", "宋体", serif; font-size: 22pt;
    line-height: 1.45; font-weight: normal; margin: 0 0 28.95pt; }
  .report h1 span { display: block; }
  .report h2, .report .lead-1 { font-family: "SimHei", "黑体", sans-serif; font-size: 16pt; font-weight: normal; }
  .report h3, .report .lead-2 { font-family: "KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", serif;
    font-size: 16pt; font-weight: normal; }
  .report h4, .report .lead-3 { font-size: 16pt; font-weight: bold; }
  .report h2, .report h3, .report h4, .report p { margin: 0; }
  .report h2, .report h3, .report h4 { break-after: avoid; }
  .report .signature { margin-top: 28.95pt; }
  .report mark { background: none; }
  .table-wrap { overflow: visible; margin: 0; }
  .report table { font-family: "SimSun", "宋体", serif; font-size: 10.5pt; line-height: 1.35; }
  .report th, .report td { border-color: #000; padding: 1pt 3pt; }
  .report thead th, .report th[scope="col"] { background: none; font-weight: normal; }
  .report tr { break-inside: avoid; }
  .report .keep { break-inside: avoid; }
}
"""


@dataclass(frozen=True)
class WebPage:
    """A report as a web page: `html` the standalone page, `fragment` the article's markup alone."""

    title: str
    html: str
    fragment: str


def esc(text: str) -> str:
    return html.escape(text, quote=True)


class _Styles:
    """Style names by id (the w:pStyle and w:rStyle values refer to ids)."""

    def __init__(self, document: Any) -> None:
        self.names: dict[str, str] = {}
        self.default_paragraph = "Normal"
        try:
            root = document.styles.element
        except (AttributeError, KeyError, NotImplementedError):
            return
        for style in root.iterchildren(f"{W}style"):
            sid = style.get(f"{W}styleId", "")
            name_el = style.find(f"{W}name")
            name = name_el.get(f"{W}val", sid) if name_el is not None else sid
            self.names[sid] = name
            if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true"):
                self.default_paragraph = name

    def paragraph(self, p: Any) -> str:
        el = p.find(f"{W}pPr/{W}pStyle")
        return self.names.get(el.get(f"{W}val", ""), "") if el is not None else self.default_paragraph

    def run(self, r: Any) -> str:
        el = r.find(f"{W}rPr/{W}rStyle")
        return self.names.get(el.get(f"{W}val", ""), "") if el is not None else ""


def _highlighted(run: Any) -> bool:
    el = run.find(f"{W}rPr/{W}highlight")
    return el is not None and el.get(f"{W}val", "none") != "none"


def _inline(text: str) -> str:
    """Run text as HTML: escaped, line breaks as <br>, tabs as spaces."""
    return "<br>".join(esc(part) for part in text.replace("\t", " ").split("\n"))


def _paragraph_html(p: Any, styles: _Styles, *, leads: bool = True) -> str:
    """A paragraph's content: its runs, the opening heading sentence as <strong>, a draft's
    highlighted gaps as <mark>."""
    out: list[str] = []
    pieces = list(run_pieces(p))
    lead: list[str] = []
    lead_class = ""
    if leads:
        while pieces and styles.run(pieces[0][0]) in LEAD_CLASSES:
            style = styles.run(pieces[0][0])
            if lead_class and LEAD_CLASSES[style] != lead_class:
                break
            lead_class = LEAD_CLASSES[style]
            lead.append(pieces.pop(0)[1])
    if lead and "".join(lead).strip():
        out.append(f'<strong class="{lead_class}">{_inline("".join(lead))}</strong>')
    elif lead:
        out.append(_inline("".join(lead)))
    marked: list[str] = []
    plain: list[str] = []

    def flush() -> None:
        if plain:
            out.append(_inline("".join(plain)))
            plain.clear()
        if marked:
            out.append(f"<mark>{_inline(''.join(marked))}</mark>")
            marked.clear()

    for run, text in pieces:
        if _highlighted(run):
            if plain:
                flush()
            marked.append(text)
        else:
            if marked:
                flush()
            plain.append(text)
    flush()
    return "".join(out)


def _alignment(p: Any) -> str:
    el = p.find(f"{W}pPr/{W}jc")
    return _ALIGN_CLASSES.get(el.get(f"{W}val", ""), "") if el is not None else ""


class _Writer:
    def __init__(self, document: Any, title: str) -> None:
        self.document = document
        self.styles = _Styles(document)
        self.title = title
        self.lines: list[str] = []
        self.has_h1 = False
        self.tables = 0
        self.caption: tuple[int, str] | None = None  # the line a table that follows is labelled by
        self.column_rules: list[str] = []  # the tables' column widths, for the page's stylesheet

    def body(self) -> list[str]:
        items = list(block_items(self.document.element.body))
        i = 0
        while i < len(items):
            el = items[i]
            if el.tag == f"{W}tbl":
                self.table(el)
                i += 1
                continue
            style = self.styles.paragraph(el)
            if style.lower() in TITLE_STYLES or style in TITLE_STYLES:
                # A title written over several paragraphs is one heading; its line breaks are
                # GB/T 9704's title shape on paper, not part of the title.
                parts = []
                while i < len(items) and items[i].tag == f"{W}p":
                    s = self.styles.paragraph(items[i])
                    if not (s.lower() in TITLE_STYLES or s in TITLE_STYLES):
                        break
                    parts.append(paragraph_text(items[i]))
                    i += 1
                if "".join(parts).strip():
                    self._title([line for part in parts for line in part.split("\n") if line.strip()])
                continue
            self.paragraph(el, style)
            i += 1
        if not self.has_h1:
            self.lines.insert(0, f"<h1>{esc(self.title)}</h1>")
        return self.lines

    def _title(self, lines: list[str]) -> None:
        """The title as one <h1>. Its lines (GB/T 9704's title shape on paper: Word's line breaks
        or paragraphs) are <span>s, kept whole where the screen allows, one a line in print."""
        text = "".join(line.strip() for line in lines)
        if self.has_h1:  # a second title-styled block is shown as a centred paragraph
            self.lines.append(f'<p class="center">{esc(text)}</p>')
            self.caption = None
            return
        self.has_h1 = True
        if len(lines) > 1:
            inner = "".join(f"<span>{esc(line.strip())}</span>" for line in lines)
        else:
            inner = esc(text)
        self.lines.append(f"<h1>{inner}</h1>")
        self.caption = None

    def paragraph(self, p: Any, style: str) -> None:
        text = paragraph_text(p)
        if not text.strip():
            return
        heading = HEADINGS.get(style) or HEADINGS.get(style.lower())
        if heading:
            self.lines.append(f"<{heading}>{_inline(text.strip())}</{heading}>")
            self.caption = (len(self.lines) - 1, heading)
            return
        cls = PARAGRAPH_CLASSES.get(style) or _alignment(p)
        class_attr = f' class="{cls}"' if cls else ""
        self.lines.append(f"<p{class_attr}>{_paragraph_html(p, self.styles)}</p>")
        short = len(text.strip()) <= 40 and not text.strip().endswith(("。", "；", "：", ":"))
        self.caption = (len(self.lines) - 1, "p") if short and not cls else None

    def table(self, tbl: Any) -> None:
        """The table, labelled (aria-labelledby) by the heading or short caption right before it."""
        self.tables += 1
        labelled = ""
        if self.caption is not None and self.caption[0] == len(self.lines) - 1:
            at, tag = self.caption
            label_id = f"table-{self.tables}-title"
            self.lines[at] = f'<{tag} id="{label_id}"' + self.lines[at][len(tag) + 1 :]
            labelled = f' aria-labelledby="{label_id}"'
        self.caption = None
        table_id = f"table-{self.tables}"
        grid = table_grid(tbl)
        # A short table moves to the next page whole, as in Word (tables.KEEP_WHOLE_ROWS).
        keep = " keep" if grid.rows <= KEEP_WHOLE_ROWS else ""
        self.lines.append(f'<div class="table-wrap{keep}">')
        self.lines.append(f'<table id="{table_id}"{labelled}>')
        if grid.widths:
            # Word's column proportions, as the page's stylesheet rules (no style attributes).
            total = sum(grid.widths)
            self.lines.append("<colgroup>" + "<col>" * grid.cols + "</colgroup>")
            self.column_rules.extend(
                f"#{table_id} col:nth-child({k}) {{ width: {100 * w / total:.1f}%; }}"
                for k, w in enumerate(grid.widths, start=1)
            )
        self.lines.extend(table_html(tbl, self.styles, grid))
        self.lines.append("</table>")
        self.lines.append("</div>")


def _cell_html(tc: Any, styles: _Styles) -> tuple[str, str]:
    """(HTML, plain text) of a cell: its paragraphs joined by <br>; a nested table as a table."""
    html_parts: list[str] = []
    texts: list[str] = []
    for el in block_items(tc):
        if el.tag == f"{W}p":
            text = paragraph_text(el)
            if text.strip():
                html_parts.append(_paragraph_html(el, styles, leads=False).strip())
                texts.append(text.strip())
        else:
            html_parts.append("<table>" + "".join(table_html(el, styles)) + "</table>")
            texts.append("table")
    return "<br>".join(h for h in html_parts if h), "\n".join(texts)


def table_html(tbl: Any, styles: _Styles, grid: WordGrid | None = None) -> list[str]:
    """The rows of a Word table as <thead>/<tbody> lines: header rows (w:tblHeader) as <th>
    scope="col"; in the body, the label cells that open a row (before its first figure) as
    <th scope="row">, and a row of labels only (a sub-header such as 信息内容) as <th scope="col">."""
    grid = grid or table_grid(tbl)
    lines: list[str] = []
    by_row = row_cells_grid(grid)
    for r, cells in enumerate(by_row):
        if r == 0 and grid.header_rows:
            lines.append("<thead>")
        if r == grid.header_rows:
            lines.append("<tbody>")
        rendered = [
            (cell, *(_cell_html(cell.tc, styles) if cell.tc is not None else ("", ""))) for cell in cells
        ]
        header_row = r < grid.header_rows
        figures = [
            bool(text) and (_FIGURE.match(text) is not None or text.startswith("【"))
            for _, _, text in rendered
        ]
        labels_only = not any(figures) and any(text for _, _, text in rendered)
        first_figure = figures.index(True) if any(figures) else len(rendered)
        row = []
        for k, (cell, content, text) in enumerate(rendered):
            spans = "".join(
                f' {name}="{value}"'
                for name, value in (("rowspan", cell.rowspan), ("colspan", cell.colspan))
                if value > 1
            )
            if header_row or (labels_only and text):
                row.append(f'<th scope="col"{spans}>{content}</th>')
            elif k < first_figure and text:
                row.append(f'<th scope="row"{spans}>{content}</th>')
            else:
                row.append(f"<td{spans}>{content}</td>")
        lines.append("<tr>" + "".join(row) + "</tr>")
        if r == grid.header_rows - 1:
            lines.append("</thead>")
    if grid.rows and grid.header_rows < grid.rows:
        lines.append("</tbody>")
    return lines


def _title_of(document: Any) -> str:
    styles = _Styles(document)
    for el in block_items(document.element.body):
        if el.tag == f"{W}p" and styles.paragraph(el) in TITLE_STYLES | {"Title"}:
            text = paragraph_text(el).replace("\n", "").strip()
            if text:
                return text
    try:
        return (document.core_properties.title or "").strip() or "报告"
    except (AttributeError, KeyError):
        return "报告"


def page_of(document: Any, *, title: str | None = None) -> WebPage:
    """The report as a web page. `title` is the page's <title> (the browser tab, bookmarks); by
    default the report's title. The <h1> is the report's own title paragraph (公文标题), or
    `title` when the report has none."""
    title = (title or _title_of(document)).strip() or "报告"
    writer = _Writer(document, title)
    body = writer.body()
    columns = "".join(f"{rule}\n" for rule in writer.column_rules)
    fragment = "\n".join(body) + "\n"
    page = (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n"
        f"<style>\n{STYLESHEET}{columns}</style>\n"
        "</head>\n"
        "<body>\n"
        '<article class="report">\n'
        f"{fragment}"
        "</article>\n"
        "</body>\n"
        "</html>\n"
    )
    return WebPage(title, page, fragment)


def fragment_path(target_html: Path) -> Path:
    """Where the fragment goes beside the page: `<报告>（网页源代码）.txt`."""
    return target_html.with_name(target_html.stem + FRAGMENT_SUFFIX)


def page_files(document: Any, target_html: Path, *, title: str | None = None) -> dict[Path, bytes]:
    """The standalone page for `target_html` and the fragment beside it (`fragment_path`): UTF-8,
    the fragment with a BOM and CRLF line ends, as Notepad on an older Windows reads it best."""
    page = page_of(document, title=title)
    return {
        target_html: page.html.encode("utf-8"),
        fragment_path(target_html): page.fragment.replace("\n", "\r\n").encode("utf-8-sig"),
    }


def write_pages(document: Any, target_html: Path, *, title: str | None = None) -> tuple[Path, Path]:
    """Write the page and the fragment together (`outputs.OutputSet`: both, or neither)."""
    files = page_files(document, target_html, title=title)
    with OutputSet() as out:
        for target, data in files.items():
            out.stage(target, lambda path, data=data: path.write_bytes(data))
        out.commit()
    return target_html, fragment_path(target_html)
