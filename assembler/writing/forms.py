"""Blank department forms, generated from the catalog.

Each form is a workbook with a `填报表` sheet (header with office, department, year and the
form's id; one row per figure with label, unit, a shaded input cell carrying Excel data
validation and an input message) and, when the department keeps a ledger, one sheet per
ledger with typed columns and drop-down lists. Labels and structure are locked (sheet
protection without a password); only the input cells are open. The reader in `sources`
finds everything by the labels written here, so the two stay in step through the
constants they share.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assembler.model.catalog import (
    COMMUNITIES,
    Catalog,
    FigureSpec,
    FormSpec,
    LedgerSpec,
)
from assembler.model.errors import CatalogError, OutputError
from assembler.model.settings import Settings
from assembler.reading.workbooks import (
    FORM_ID_LABEL,
    KEY_HEADER,
    LABEL_HEADER,
    NARRATIVE_COLUMNS,
    NARRATIVE_SHEET,
    SUBMITTER_LABEL,
    VALUE_HEADER,
    VERSION_LABEL,
    column_letter,
)

FORM_SHEET = "填报表"
CHOICES_SHEET = "选项"
# The rows of a sheet (Excel's and WPS's limit): a ledger's or 文字材料's input columns and their
# checks reach down to it, so a clerk may add as many rows as the year had.
LAST_ROW = 1_048_576
HEADER_ROW = 6
INPUT_FILL = "FFF2CC"
HEADER_FILL = "D9E1F2"

_PROMPTS = {
    "count": ("请填整数", "请填写0或正整数（阿拉伯数字，不带单位）。"),
    "money": ("请填金额", "请填写金额，只填数字，可有两位小数；没有请填 0。"),
    "decimal": ("请填数字", "请填写数字，可有小数，不带单位；没有请填 0。"),
    "percent": ("请填百分比", "请填写百分比，如 100%。"),
    "text": ("请填文字", "请填写文字内容。"),
    "date": ("请填日期", "请填写日期，如 2024-04-15。"),
}


def form_file_name(form: FormSpec | list[FormSpec], submitter: str = "") -> str:
    """A department's workbook: `部门-表名.xlsx` (several forms: `部门-表名、表名.xlsx`); a
    community's: `表名-社区.xlsx`."""
    forms = form if isinstance(form, list) else [form]
    titles = "、".join(f.title for f in forms)
    return f"{titles}-{submitter}.xlsx" if submitter else f"{forms[0].department}-{titles}.xlsx"


def department_forms(catalog: Catalog) -> list[list[FormSpec]]:
    """The office's forms as workbooks: a department fills one workbook a year, with a sheet for
    each of its forms, even when they feed several reports."""
    by_department: dict[str, list[FormSpec]] = {}
    for form in catalog.forms.values():
        if not form.many:
            by_department.setdefault(form.department, []).append(form)
    return list(by_department.values())


def entry_note(fig: FigureSpec) -> str:
    """What a figure's cell asks for, in the figure's own unit (the unit column says it too, the
    value is read in it, and the report prints from it)."""
    unit = f"（单位：{fig.unit}）" if fig.unit and fig.unit != "%" else ""
    if fig.type == "count":
        return f"请填写0或正整数{unit}，只填阿拉伯数字，不带单位；没有请填 0。"
    if fig.type == "money":
        example = "5600" if fig.unit == "元" else "56.5"
        return f"请填写金额，以{fig.unit}为单位，只填数字，可有小数，如 {example}；没有请填 0。"
    if fig.type == "decimal":
        return f"请填写数字{unit}，可有小数，不带单位；没有请填 0。"
    if fig.type == "percent":
        places = fig.phrasing.step if fig.phrasing.fixed else 1
        return f"请填写百分比，如 {'99.' + '5' * places if places else '100'}%。"
    return _PROMPTS[fig.type][1]


def _validation(
    kind: str, label: str, hint: str = "", *, choices_ref: str = "", prompt: str | None = None
) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    if kind == "count":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    elif kind in ("money", "decimal"):
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    elif kind == "percent":
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1")
    elif kind == "date":
        dv = DataValidation(type="date", operator="between", formula1="36526", formula2="73051")
    elif kind == "choice":
        dv = DataValidation(type="list", formula1=choices_ref)
    else:
        dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="500")
    title, default = _PROMPTS.get(kind, ("请选择", "请从下拉列表中选择。"))
    prompt = prompt or default
    dv.promptTitle = title[:32]
    dv.prompt = (hint or prompt)[:255]
    dv.errorTitle = "填写有误"
    dv.error = f"“{label}”{prompt}"[:255]
    dv.showInputMessage = True
    dv.showErrorMessage = True
    dv.allow_blank = True
    return dv


def _style_header(cell: Any) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    cell.font = Font(name="宋体", bold=True)
    cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)


def _input_cell(target: Any) -> None:
    """A cell, or a whole column (its dimension), open for input: input colour, thin border,
    unlocked in the protected sheet."""
    from openpyxl.styles import Border, PatternFill, Protection, Side

    thin = Side(style="thin", color="999999")
    target.fill = PatternFill("solid", fgColor=INPUT_FILL)
    target.protection = Protection(locked=False)
    target.border = Border(left=thin, right=thin, top=thin, bottom=thin)


def _input_column(ws: Any, column: int, *, number_format: str = "", wrap: bool = False) -> None:
    """A whole column open for input below its header, as Excel keeps a column's format: every
    cell a clerk fills there takes it (input colour, border, unlocked in the protected sheet,
    dates shown as dates). Styling a thousand cells one by one instead made each form a workbook
    of ten thousand empty cells, slow to write and to read."""
    from openpyxl.styles import Alignment

    dim = ws.column_dimensions[column_letter(column - 1)]
    _input_cell(dim)
    if number_format:
        dim.number_format = number_format
    if wrap:
        dim.alignment = Alignment(wrap_text=True, vertical="top")


def put_input(ws: Any, row: int, column: int, value: Any) -> Any:
    """`value` written into an input column (`_input_column`) with the column's format, as the
    cell a clerk types into gets it (openpyxl itself gives a new cell the plain, locked one)."""
    from copy import copy

    cell = ws.cell(row=row, column=column, value=value)
    cell._style = copy(ws.column_dimensions[column_letter(column - 1)]._style)
    return cell


def _print_setup(ws: Any, *, landscape: bool) -> None:
    """Printed forms fit the page width (A4)."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _choices_sheet(wb: Any, lists: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Drop-down lists live on a hidden sheet (a list typed into the rule is capped at 255 chars)."""
    refs: dict[str, str] = {}
    if not lists:
        return refs
    ws = wb.create_sheet(CHOICES_SHEET)
    ws.sheet_state = "hidden"

    for i, (name, values) in enumerate(lists.items()):
        col = column_letter(i)
        ws.cell(row=1, column=i + 1, value=name)
        for r, value in enumerate(values, start=2):
            ws.cell(row=r, column=i + 1, value=value)
        refs[name] = f"={CHOICES_SHEET}!${col}$2:${col}${len(values) + 1}"
    ws.protection.sheet = True
    return refs


def _form_sheet(
    ws: Any,
    form: FormSpec,
    figures: list[FigureSpec],
    settings: Settings,
    year: int,
    refs: dict[str, str],
    submitter: str,
    title: str = FORM_SHEET,
    reported: dict[str, tuple[Any, str]] | None = None,
    version: str = "",
) -> None:
    """A form's sheet: its heading (whom and when it is for), a row per figure to fill in
    (filled with the adopted report's values, `reported`), printed and protected."""
    ws.title = title
    _form_heading(ws, form, settings, year, refs, submitter, version)
    for col, header in enumerate((KEY_HEADER, LABEL_HEADER, "单位", VALUE_HEADER, "填报说明"), start=1):
        _style_header(ws.cell(row=HEADER_ROW, column=col, value=header))
    validations: dict[str, Any] = {}
    for r, fig in enumerate(figures, start=HEADER_ROW + 1):
        _figure_row(ws, r, fig, validations, reported or {})
    for col, width in zip(
        "ABCDE", (18 if not any(f.table for f in figures) else 30, 44, 8, 18, 40), strict=True
    ):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    _print_setup(ws, landscape=False)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _form_heading(
    ws: Any,
    form: FormSpec,
    settings: Settings,
    year: int,
    refs: dict[str, str],
    submitter: str,
    version: str,
) -> None:
    """The rows above the figures: the title, department, year, form code and office, the form's
    version stamp, a community form's 填报社区 (a drop-down), and how to fill it in."""
    from openpyxl.styles import Alignment, Font

    ws.merge_cells("A1:E1")
    ws["A1"] = f"{settings.office}{year}年度报告数据填报表 · {form.title}"
    ws["A1"].font = Font(name="宋体", size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.row_dimensions[1].height = 28
    header = (
        ("填报部门", form.department),
        ("年度", year),
        (FORM_ID_LABEL, form.id),
        ("单位", settings.office),
    )
    for i, (label, value) in enumerate(header):
        row, col = 2 + i // 2, 1 + (i % 2) * 2
        ws.cell(row=row, column=col, value=label).font = Font(bold=True)
        ws.cell(row=row, column=col + 1, value=value)
    # Out of the way of the header's label–value pairs: a blank value never reads the stamp.
    ws.cell(row=1, column=7, value=VERSION_LABEL).font = Font(color="808080", size=9)
    ws.cell(row=1, column=8, value=version).font = Font(color="808080", size=9)
    if form.many:
        ws.cell(row=4, column=1, value=SUBMITTER_LABEL).font = Font(bold=True)
        cell = ws.cell(row=4, column=2, value=submitter or None)
        _input_cell(cell)
        dv = _validation("choice", SUBMITTER_LABEL, "请选择本社区名称。", choices_ref=refs[COMMUNITIES])
        ws.add_data_validation(dv)
        dv.add(cell)
    ws.cell(
        row=5,
        column=1,
        value="说明：只在黄色单元格内填写；数字请填阿拉伯数字，不带单位；没有请填 0。"
        "请勿改动灰色部分和表头。",
    ).font = Font(color="C00000")


def _figure_row(
    ws: Any, r: int, fig: FigureSpec, validations: dict[str, Any], reported: dict[str, tuple[Any, str]]
) -> None:
    """Row `r`: a figure's code, name and unit, its input cell (formatted as its type, with a
    validation shared by the figures of one prompt) and its note."""
    ws.cell(row=r, column=1, value=fig.key)
    _styled(ws.cell(row=r, column=2, value=fig.label), "wrapped", _wrapped)
    ws.cell(row=r, column=3, value=fig.unit)
    cell = ws.cell(row=r, column=4)
    number_format = ""
    if fig.type == "percent":  # as many decimals as the report prints (百分比2: 99.52%)
        places = fig.phrasing.step if fig.phrasing.fixed else 1
        number_format = f"0.{'0' * places}%" if places else "0%"
    elif fig.type == "money":
        number_format = "0.00" if fig.unit == "元" else "General"
    elif fig.type == "decimal":
        number_format = "General"
    elif fig.type == "text":
        number_format = "@"
    _styled(cell, f"input {number_format}", lambda c: _input_value_cell(c, number_format))
    prompt = entry_note(fig)
    hint = fig.hint or prompt
    if fig.key in reported:  # the year a report was adopted from: its values
        cell.value, note = reported[fig.key]
        hint = note or hint
    _styled(ws.cell(row=r, column=5, value=hint), "wrapped", _wrapped)
    dv = validations.get(prompt)
    if dv is None:
        dv = validations[prompt] = _validation(fig.type, "本指标", prompt, prompt=prompt)
        ws.add_data_validation(dv)
    dv.add(cell)


# Each workbook's cell formats by name, made once: openpyxl hashes every font, fill, border and
# alignment a cell is given to find it in the workbook's lists, which took most of a form's time.
_STYLES: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


def _styled(cell: Any, name: str, make: Callable[[Any], None]) -> None:
    """`cell` given the format `make` gives a cell, made once per workbook under `name`."""
    from copy import copy

    made = _STYLES.setdefault(cell.parent.parent, {})
    if name in made:
        cell._style = copy(made[name])
    else:
        make(cell)
        made[name] = copy(cell._style)


def _wrapped(cell: Any) -> None:
    from openpyxl.styles import Alignment

    cell.alignment = Alignment(wrap_text=True, vertical="center")


def _input_value_cell(cell: Any, number_format: str) -> None:
    """A figure's input cell: open for input, formatted as its type (text wraps)."""
    from openpyxl.styles import Alignment

    _input_cell(cell)
    if number_format:
        cell.number_format = number_format
    if number_format == "@":
        cell.alignment = Alignment(wrap_text=True)


def _ledger_sheet(ws: Any, ledger: LedgerSpec, refs: dict[str, str]) -> None:
    from openpyxl.styles import Font

    ws.title = ledger.id
    for c, col in enumerate(ledger.columns, start=1):
        _style_header(ws.cell(row=1, column=c, value=col.name))
        letter = column_letter(c - 1)
        ws.column_dimensions[letter].width = 14 if col.type != "text" else 30
        choices_ref = refs.get(f"{ledger.id}·{col.name}") or refs.get(
            COMMUNITIES if col.choices == COMMUNITIES else "", ""
        )
        dv = _validation(col.type, col.name, col.hint, choices_ref=choices_ref)
        ws.add_data_validation(dv)
        dv.add(f"{letter}2:{letter}{LAST_ROW}")
        _input_column(ws, c, number_format="yyyy-mm-dd" if col.type == "date" else "")
    note_col = len(ledger.columns) + 2
    ws.cell(row=1, column=note_col, value=ledger.hint or "一行一条记录").font = Font(color="C00000")
    ws.freeze_panes = "A2"
    _print_setup(ws, landscape=True)
    ws.print_title_rows = "1:1"
    ws.protection.sheet = True
    ws.protection.insertRows = False
    ws.protection.deleteRows = False
    ws.protection.formatColumns = False


def add_narrative_sheet(wb: Any, catalog: Catalog, year: int) -> None:
    """A 文字材料 sheet: 所属部分 (drop-down of the catalog's parts), 小标题, 内容."""
    from openpyxl.styles import Font

    titles = [p.title.format(年度=year) for p in catalog.parts]
    options = wb[CHOICES_SHEET] if CHOICES_SHEET in wb.sheetnames else None
    if options is None:
        options = wb.create_sheet(CHOICES_SHEET)
        options.sheet_state = "hidden"
        options.protection.sheet = True
    col = options.max_column + (1 if options.max_row > 1 or options["A1"].value else 0)

    options.cell(row=1, column=col, value="所属部分")
    for r, title in enumerate(titles, start=2):
        options.cell(row=r, column=col, value=title)
    letter = column_letter(col - 1)
    ref = f"={CHOICES_SHEET}!${letter}$2:${letter}${len(titles) + 1}"
    ws = wb.create_sheet(NARRATIVE_SHEET, index=wb.sheetnames.index(CHOICES_SHEET))
    hints = (
        "这段文字属于报告的哪一部分",
        "同一小标题的几行会合并为一节，自动编“一是、二是”；可不填",
        "正文内容",
    )
    for c, (name, width) in enumerate(zip(NARRATIVE_COLUMNS, (34, 30, 90), strict=True), start=1):
        _style_header(ws.cell(row=1, column=c, value=name))
        ws.column_dimensions[column_letter(c - 1)].width = width
        dv = _validation("choice" if c == 1 else "text", name, hints[c - 1], choices_ref=ref)
        ws.add_data_validation(dv)
        dv.add(f"{column_letter(c - 1)}2:{column_letter(c - 1)}{LAST_ROW}")
        _input_column(ws, c, wrap=True)
    ws.cell(row=1, column=5, value="每行一段文字；数字请写进“填报表”，这里只写文字").font = Font(
        color="C00000"
    )
    ws.freeze_panes = "A2"
    ws.protection.sheet = True
    ws.protection.insertRows = False
    ws.protection.deleteRows = False
    ws.protection.formatRows = False


def make_form_workbook(
    catalog: Catalog,
    form: FormSpec | list[FormSpec],
    settings: Settings,
    year: int,
    submitter: str = "",
) -> Any:
    """One workbook: a sheet for each form (`填报表` when there is one), their ledgers, the
    文字材料 sheet for a department when the catalog has narrative parts, and the hidden lists.
    For the year a catalog was adopted from a report (`assembler adopt`), the forms come filled
    with the values that give the report's words again, reconstructed ones noted 【推算】."""
    from openpyxl import Workbook

    forms = form if isinstance(form, list) else [form]
    wb = Workbook()
    lists: dict[str, tuple[str, ...]] = {}
    ledgers = [led for f in forms for led in catalog.form_ledgers(f.id)]
    if any(f.many for f in forms) or any(c.choices == COMMUNITIES for led in ledgers for c in led.columns):
        lists[COMMUNITIES] = settings.communities or ("（请在单位设置中填写社区名单）",)
    for led in ledgers:
        for col in led.columns:
            if col.type == "choice" and col.choices != COMMUNITIES:
                lists[f"{led.id}·{col.name}"] = tuple(col.choices)
    refs = _choices_sheet(wb, lists)
    for i, f in enumerate(forms):
        ws = wb.active if i == 0 else wb.create_sheet(index=i)
        title = FORM_SHEET if len(forms) == 1 else f.title[:31]
        reported = catalog.reported if catalog.reported_year == year and not submitter else None
        _form_sheet(
            ws, f, catalog.cell_figures(f.id), settings, year, refs, submitter, title, reported,
            catalog.form_version(f.id),
        )  # fmt: skip
    for led in ledgers:
        _ledger_sheet(wb.create_sheet(), led, refs)
    if catalog.parts and not any(f.many for f in forms):
        add_narrative_sheet(wb, catalog, year)
    order = {name: i for i, name in enumerate(
        [*(FORM_SHEET if len(forms) == 1 else f.title[:31] for f in forms), *(led.id for led in ledgers)]
    )}  # fmt: skip
    tail = {"文字材料": len(order), CHOICES_SHEET: len(order) + 1}
    wb._sheets.sort(key=lambda ws: order.get(ws.title, tail.get(ws.title, len(order))))
    wb.active = 0
    wb.properties.creator = settings.office
    wb.properties.title = "、".join(f.title for f in forms)
    wb.properties.created = wb.properties.modified = dt.datetime(year + 1, 1, 1)
    return wb


def write_forms(
    *, catalog: Catalog, settings: Settings, year: int, out_dir: Path, force: bool = False
) -> list[Path]:
    """One blank workbook per department (one per community for community forms)."""
    if not catalog.forms:
        raise CatalogError(f"模板“{catalog.name}”的指标目录中没有任何填报表（[forms]），无法生成空白表格")
    out_dir.mkdir(parents=True, exist_ok=True)
    planned: list[tuple[list[FormSpec], str, Path]] = []
    for forms in department_forms(catalog):
        planned.append((forms, "", out_dir / form_file_name(forms)))
    for form in catalog.forms.values():
        if form.many:
            for community in settings.communities or ("",):
                planned.append(([form], community, out_dir / form.title / form_file_name(form, community)))
    existing = [p for _, _, p in planned if p.exists()]
    if existing and not force:
        raise OutputError(
            f"{out_dir} 中已有同名表格（如 {existing[0].name}），为免覆盖已填写的内容，未生成；"
            "请换一个文件夹，或加 --force 覆盖"
        )
    for forms, submitter, path in planned:
        path.parent.mkdir(parents=True, exist_ok=True)
        make_form_workbook(catalog, forms, settings, year, submitter).save(path)
    return [p for _, _, p in planned]


def superseded_forms(written: list[Path]) -> list[Path]:
    """Workbooks beside the blanks just written that bear one's department (or community) before
    the “-” under another name: most likely the blank of that department made before a form was
    added to the office's reports, which must not be sent out again."""
    ours = set(written)
    found: list[Path] = []
    for folder in dict.fromkeys(p.parent for p in written):
        prefixes = {p.name.split("-", 1)[0] + "-" for p in written if p.parent == folder and "-" in p.name}
        found += sorted(
            p for p in folder.glob("*.xlsx") if p not in ours and any(p.name.startswith(x) for x in prefixes)
        )
    return found


def default_year(today: dt.date | None = None) -> int:
    """Reports are written in the first quarter about the year before; later, about this year."""
    today = today or dt.date.today()
    return today.year - 1 if today.month <= 3 else today.year
