"""A second look at a workbook's own cell records, for what the fast reader does not tell.

python-calamine reads an Excel error value (#DIV/0!, #N/A, #REF!, #VALUE!) and a formula
saved without its result as an empty cell, in every format; and it gives no merged ranges
for .ods. A clerk must be told what is really there, never shown a blank or a 0. So, only
where a sheet may hide such cells (`sources` decides when to look), the file's own records
are read:

- .xlsx/.xlsm: the sheet XML (defusedxml, streamed), after a byte search that skips the
  common case of a workbook with no formula and no error cell at all;
- .xls: the BIFF cell records, through xlrd (the reference reader of the format: calamine
  has no error cells to offer);
- .ods: `content.xml` (defusedxml, streamed), which also gives the merged ranges.

Every reader here fails quietly: a part it cannot read is reported by the main reader.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assembler.model.cells import UNCALCULATED, Unreadable, excel_error

Range = tuple[
    tuple[int, int], tuple[int, int]
]  # ((first row, first column), (last row, last column)), 0-based


@dataclass
class Scan:
    """What the records show: unreadable cells by sheet and cell reference, merged ranges by sheet."""

    odd: dict[str, dict[str, Unreadable]] = field(default_factory=dict)
    merged: dict[str, list[Range]] = field(default_factory=dict)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row + 1}"


def ref_position(ref: str) -> tuple[int, int]:
    """D18 → (17, 3): a cell reference's row and column, 0-based."""
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    if m is None:
        raise ValueError(ref)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def range_ref(merged: Range) -> str:
    (r0, c0), (r1, c1) = merged
    return f"{cell_ref(r0, c0)}:{cell_ref(r1, c1)}"


def scan(path: Path, sheets: set[str]) -> Scan:
    """Unreadable cells of `sheets` (and, for .ods, merged ranges)."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return Scan(odd=_xlsx_unreadable(path, sheets))
        if suffix == ".xls":
            return Scan(odd=_xls_unreadable(path, sheets))
        if suffix == ".ods":
            return _ods(path, sheets)
    except Exception:
        return Scan()
    return Scan()


# ── .xlsx ─────────────────────────────────────────────────────────────────

# A cell formula (<f>, <f t="shared" …/>, with or without a namespace prefix) or an error
# cell (t="e"); not <formula1> of a data validation, which every generated form has.
_FORMULA_OR_ERROR = re.compile(rb'<(?:\w+:)?f[\s>/]|\st="e"')


def _may_hold_formula_or_error(data: bytes) -> bool:
    """Whether a sheet's XML may hold a formula or an error cell; byte searches first (a
    100,000-row ledger is tens of MB), the pattern only for namespace-prefixed XML."""
    if any(token in data for token in (b"<f>", b"<f ", b"<f/", b't="e"')):
        return True
    return b":f" in data and _FORMULA_OR_ERROR.search(data) is not None


def _part_may_hide(zf: Any, part: str) -> bool:
    """`_may_hold_formula_or_error` over a part read in 1 MB pieces (with overlap)."""
    with zf.open(part) as fh:
        tail = b""
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            if _may_hold_formula_or_error(data):
                return True
            tail = data[-32:]
    return False


def _xlsx_unreadable(path: Path, sheets: set[str]) -> dict[str, dict[str, Unreadable]]:
    """Error cells (t="e") and formulas with no result. A formula whose result is an empty
    string (t="str" with an empty value, as Excel and LibreOffice save `=""`) is empty, not
    unreadable; a formula with no result at all (files written by scripts) is."""
    m = _M
    found: dict[str, dict[str, Unreadable]] = {}
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        parts = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        hiding = {part for part in parts if _part_may_hide(zf, part)}
        if not hiding:  # the usual case: no XML to parse
            return {}
        from defusedxml.ElementTree import iterparse

        for name, part in _xlsx_sheet_parts(zf).items():
            if name not in sheets or part not in hiding:
                continue
            cells: dict[str, Unreadable] = {}
            with zf.open(part) as fh:  # streamed: a ledger's XML can be tens of MB
                for _, c in iterparse(fh):
                    if c.tag == f"{m}c":
                        kind = c.get("t")
                        value = c.findtext(f"{m}v")
                        if kind == "e":
                            cells[c.get("r", "")] = excel_error(value or "#N/A")
                        elif (
                            c.find(f"{m}f") is not None
                            and not value
                            and kind not in ("str", "inlineStr")
                            and c.find(f"{m}is") is None
                        ):
                            cells[c.get("r", "")] = UNCALCULATED
                        c.clear()
                    elif c.tag == f"{m}row":
                        c.clear()
            if cells:
                found[name] = cells
    return found


_M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _xlsx_sheet_parts(zf: Any) -> dict[str, str]:
    """Each sheet's name and the part its XML is in (workbook.xml and its relationships, read by
    their attributes: no XML parser to import for two small parts)."""
    workbook = zf.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    targets = {a.get("Id"): a.get("Target", "") for a in _elements("Relationship", rels)}
    parts = {}
    for sheet in _elements("sheet", workbook):
        rel = next((v for k, v in sheet.items() if k == "r:id" or k.endswith(":id")), "")
        target = targets.get(rel, "")
        parts[sheet.get("name", "")] = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        )
    return parts


# ── number formats: is a cell shown as a percentage? ──────────────────────

# A format code shows a percentage when it has % outside quoted text, escaped characters and
# [colour or condition] sections: 0%, 0.0%, #,##0.00%; not "%"0 or 0\%.
_NOT_FORMAT = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_PERCENT_FORMATS = {9, 10}  # Excel's built-in 0% and 0.00%


def is_percent_format(code: str) -> bool:
    return "%" in _NOT_FORMAT.sub("", code)


def percent_shown(path: Path, wanted: dict[str, set[str]]) -> dict[tuple[str, str], bool]:
    """For each wanted cell (sheet → cell references), whether its number format shows it as a
    percentage: 0.9 there is what the clerk saw as 90%; elsewhere it is 0.9. A cell that cannot
    be looked up is left out (not known)."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx_percent(path, wanted)
        if suffix == ".xls":
            return _xls_percent(path, wanted)
        if suffix == ".ods":
            return _ods_percent(path, wanted)
    except Exception:
        return {}
    return {}


def _xlsx_percent(path: Path, wanted: dict[str, set[str]]) -> dict[tuple[str, str], bool]:
    """The wanted cells' style (s) and the styles' number formats, found by their attributes
    alone: a form's few cells do not need an XML parser (whose import alone is 6 ms of a build)."""
    found: dict[tuple[str, str], bool] = {}
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        styles = zf.read("xl/styles.xml").decode("utf-8", "replace") if "xl/styles.xml" in names else ""
        codes = {int(a.get("numFmtId", "0")): a.get("formatCode", "") for a in _elements("numFmt", styles)}
        cell_xfs = _CELL_XFS.search(styles)
        percent = [
            n in _PERCENT_FORMATS or is_percent_format(codes.get(n, ""))
            for n in (
                int(a.get("numFmtId", "0") or 0)
                for a in _elements("xf", cell_xfs.group(1) if cell_xfs else "")
            )
        ]
        for sheet, part in _xlsx_sheet_parts(zf).items():
            refs = wanted.get(sheet)
            if not refs or part not in names:
                continue
            for cell in _elements("c", zf.read(part).decode("utf-8", "replace")):
                if cell.get("r") in refs:
                    style = int(cell.get("s", "0") or 0)
                    found[(sheet, cell["r"])] = style < len(percent) and percent[style]
    return found


_CELL_XFS = re.compile(r"<(?:[\w.-]+:)?cellXfs\b[^>]*>(.*?)</(?:[\w.-]+:)?cellXfs>", re.S)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _elements(name: str, xml: str) -> Iterator[dict[str, str]]:
    """The attributes of each element `name` (any namespace prefix) in `xml`, unescaped; what
    an entity of the file's own would stand for is never put in."""
    for m in re.finditer(rf"<(?:[\w.-]+:)?{name}((?:\s+[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>", xml):
        yield {k: html.unescape(v1 or v2) for k, v1, v2 in _ATTRIBUTE.findall(m.group(1))}


# ── .xls ──────────────────────────────────────────────────────────────────


def _xls_unreadable(path: Path, sheets: set[str]) -> dict[str, dict[str, Unreadable]]:
    import xlrd

    found: dict[str, dict[str, Unreadable]] = {}
    book = xlrd.open_workbook(str(path), on_demand=True, logfile=_Quiet())
    try:
        for name in book.sheet_names():
            if name not in sheets:
                continue
            sheet = book.sheet_by_name(name)
            cells = {
                cell_ref(r, c): excel_error(xlrd.error_text_from_code.get(value, "#N/A"))
                for r in range(sheet.nrows)
                for c, (kind, value) in enumerate(zip(sheet.row_types(r), sheet.row_values(r), strict=True))
                if kind == xlrd.XL_CELL_ERROR
            }
            if cells:
                found[name] = cells
            book.unload_sheet(name)
    finally:
        book.release_resources()
    return found


def _xls_percent(path: Path, wanted: dict[str, set[str]]) -> dict[tuple[str, str], bool]:
    import xlrd

    found: dict[tuple[str, str], bool] = {}
    book = xlrd.open_workbook(str(path), on_demand=True, formatting_info=True, logfile=_Quiet())
    try:
        for name, refs in wanted.items():
            if name not in book.sheet_names():
                continue
            sheet = book.sheet_by_name(name)
            for ref in refs:
                row, col = ref_position(ref)
                if row < sheet.nrows and col < sheet.row_len(row):
                    xf = book.xf_list[sheet.cell_xf_index(row, col)]
                    fmt = book.format_map.get(xf.format_key)
                    found[(name, ref)] = fmt is not None and is_percent_format(fmt.format_str)
            book.unload_sheet(name)
    finally:
        book.release_resources()
    return found


class _Quiet:
    """xlrd's log: warnings about odd records are not the clerk's business."""

    def write(self, text: str) -> int:
        return len(text)


# ── .ods ──────────────────────────────────────────────────────────────────

_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_CALC = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _ods_cells(fh: Any) -> Iterator[tuple[str, int, int, int, Any]]:
    """Each cell of content.xml, streamed: (sheet, row, column, columns it repeats over, element),
    positions 0-based as OpenDocument's repeated rows and columns place them. Covered cells (under
    a merged one) are placed too, and given; the element is cleared once the caller has seen it."""
    from defusedxml.ElementTree import iterparse

    sheet, row, col = "", 0, 0
    for event, el in iterparse(fh, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag == f"{_T}table":
                sheet, row = el.get(f"{_T}name", ""), 0
            elif tag == f"{_T}table-row":
                col = 0
            continue
        if tag in (f"{_T}table-cell", f"{_T}covered-table-cell"):
            repeat = int(el.get(f"{_T}number-columns-repeated", "1") or 1)
            yield sheet, row, col, repeat, el
            col += repeat
            el.clear()
        elif tag == f"{_T}table-row":
            row += int(el.get(f"{_T}number-rows-repeated", "1") or 1)
            el.clear()


def _ods(path: Path, sheets: set[str]) -> Scan:
    """Error cells (LibreOffice writes calcext:value-type="error" with the code as text) and
    merged ranges (number-rows-spanned / number-columns-spanned), in one streamed pass."""
    result = Scan()
    with zipfile.ZipFile(path) as zf:
        with zf.open("content.xml") as fh:
            head = fh.read()
        if b'value-type="error"' not in head and b"-spanned=" not in head:
            return result
        from io import BytesIO

        for sheet, row, col, repeat, el in _ods_cells(BytesIO(head)):
            if sheet not in sheets or el.tag != f"{_T}table-cell":
                continue
            if el.get(f"{_CALC}value-type") == "error":
                code = "".join(el.itertext()).strip() or "#N/A"
                for i in range(min(repeat, 1000)):
                    result.odd.setdefault(sheet, {})[cell_ref(row, col + i)] = excel_error(code)
            rows = int(el.get(f"{_T}number-rows-spanned", "1") or 1)
            cols = int(el.get(f"{_T}number-columns-spanned", "1") or 1)
            if rows > 1 or cols > 1:
                result.merged.setdefault(sheet, []).append(((row, col), (row + rows - 1, col + cols - 1)))
    return result


_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _ods_percent(path: Path, wanted: dict[str, set[str]]) -> dict[tuple[str, str], bool]:
    """OpenDocument says it of the cell itself: office:value-type="percentage"."""
    found: dict[tuple[str, str], bool] = {}
    with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
        for sheet, row, col, repeat, el in _ods_cells(fh):
            refs = wanted.get(sheet)
            if not refs:
                continue
            for i in range(min(repeat, 1000)):
                ref = cell_ref(row, col + i)
                if ref in refs:
                    found[(sheet, ref)] = el.get(f"{_OFFICE}value-type") == "percentage"
    return found
