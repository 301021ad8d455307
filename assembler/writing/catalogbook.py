"""Writing the catalog as the workbook a clerk edits in Excel or WPS: `指标目录.xlsx` (its format is
`reading.catalogbook`'s, which reads it back). Adoption writes one for each report it adopts;
`catalog_to_workbook` writes any catalog that has no TOML-only parts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assembler.model.errors import CatalogError
from assembler.reading.catalogbook import (
    CHECKS_SHEET,
    COLUMN_WORDS,
    COMMUNITY_DEPARTMENT,
    DEPARTMENT_ROWS,
    FIGURE_COLUMNS,
    FIGURES_SHEET,
    FILL,
    FORMS_SHEET,
    HANDLING,
    KEEP,
    LEDGERS_SHEET,
    LISTS_SHEET,
    LOCAL_SHEET,
    REPORT_SHEET,
    REPORTED_YEAR,
    SEVERITY_WORDS,
    TYPE_WORDS,
    TYPES,
)


@dataclass(frozen=True)
class FigureRow:
    """One row of the 指标 sheet, as adoption proposes it or a catalog gives it."""

    key: str
    label: str
    department: str = ""
    unit: str = ""
    phrase: str = "精确"
    handling: str = FILL
    type: str = "count"
    sentence: str = ""
    written: str = ""
    value: Any = None
    hint: str = ""
    form: str = ""
    ledger: str = ""
    combine: str = ""
    column: str = ""
    where: str = ""
    required: bool = True


def write_workbook(
    path: Path,
    *,
    name: str,
    title: str,
    rows: list[FigureRow],
    departments: list[str],
    forms: list[tuple[str, str, str, bool]] = (),  # type: ignore[assignment]
    ledgers: list[tuple[str, str, str, str, str, bool, str, bool, str]] = (),  # type: ignore[assignment]
    checks: list[tuple[str, str, str, str, str]] = (),  # type: ignore[assignment]
    reported_year: int | None = None,
    local: dict[str, list[str]] | None = None,
) -> Path:
    """Write the catalog workbook: sheets 指标 (with drop-downs), 部门, the optional 表单,
    台账列, 检查 and 本地词语, and 报告."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = FIGURES_SHEET
    _figure_rows(ws, rows)
    _drop_downs(wb, ws, departments, last=max(len(rows) + 2, 200))
    _optional_sheets(wb, forms, ledgers, checks, local or {})
    report = wb.create_sheet(REPORT_SHEET)
    report.append(["名称", name])
    report.append(["标题", title])
    if reported_year:
        report.append([REPORTED_YEAR, reported_year])
    report.column_dimensions["B"].width = 50
    wb.save(path)
    return path


def _figure_rows(ws: Any, rows: list[FigureRow]) -> None:
    """The 指标 sheet: its header and the row of notes under it, then a row per figure (a
    percentage's 上年数值 shown as the report wrote it), frozen and filtered."""
    from openpyxl.styles import Alignment, Font, PatternFill

    head_fill = PatternFill("solid", fgColor="D9E1F2")
    for c, (header, width, note) in enumerate(FIGURE_COLUMNS, start=1):
        cell = ws.cell(row=1, column=c, value=header)
        cell.font = Font(bold=True)
        cell.fill = head_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = width
        ws.cell(row=2, column=c, value=note).font = Font(color="808080", size=9)
    for r, row in enumerate(rows, start=3):
        values = (
            row.key, row.label, row.department, row.unit, row.phrase, row.handling, TYPE_WORDS[row.type],
            row.sentence, row.written, row.value, row.hint, row.form, row.ledger,
            {"count": "计行数", "sum": "求和"}.get(row.combine, ""), row.column, row.where,
            "是" if row.required else "否",
        )  # fmt: skip
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value if value != "" else None)
            cell.alignment = Alignment(wrap_text=c in (2, 8, 11, 16), vertical="top")
        if row.type == "percent":  # 上年数值 held as a fraction, shown as the report wrote it
            whole = isinstance(row.value, int | float) and float(row.value * 100).is_integer()
            places = int(row.phrase[3:]) if row.phrase[3:].isdigit() else 0 if whole else 1
            ws.cell(row=r, column=10).number_format = "0%" if places == 0 else f"0.{'0' * places}%"
    ws.freeze_panes = "C3"
    ws.auto_filter.ref = f"A1:{ws.cell(row=1, column=len(FIGURE_COLUMNS)).column_letter}{len(rows) + 2}"


def _drop_downs(wb: Any, ws: Any, departments: list[str], *, last: int) -> None:
    """The 部门 sheet the 填报部门 drop-down lists (room left to add departments), and the
    drop-downs of 填报部门, 处理 and 类型 down to row `last`."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    lists = wb.create_sheet(LISTS_SHEET)
    lists.cell(
        row=1, column=1, value="部门（“填报部门”下拉列表的内容，可在下面添加；请与单位设置中的“部门”一致）"
    )
    lists.cell(row=1, column=1).font = Font(bold=True)
    lists.column_dimensions["A"].width = 40
    for r, department in enumerate([*departments, COMMUNITY_DEPARTMENT], start=2):
        lists.cell(row=r, column=1, value=department)
    for column, formula in (
        ("C", f"={LISTS_SHEET}!$A$2:$A${DEPARTMENT_ROWS + 1}"),
        ("F", f'"{",".join(HANDLING)}"'),
        ("G", f'"{",".join(TYPES)}"'),
    ):
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        dv.error, dv.errorTitle, dv.showErrorMessage = "请从下拉列表中选择", "填写有误", True
        ws.add_data_validation(dv)
        dv.add(f"{column}3:{column}{last}")


def _optional_sheets(
    wb: Any,
    forms: list[tuple[str, str, str, bool]],
    ledgers: list[tuple[str, str, str, str, str, bool, str, bool, str]],
    checks: list[tuple[str, str, str, str, str]],
    local: dict[str, list[str]],
) -> None:
    """表单, 台账列, 检查 and 本地词语, each only where there is something to put in it."""
    if forms:
        sheet = wb.create_sheet(FORMS_SHEET)
        sheet.append(["表单编号", "表名", "填报部门", "多份"])
        for form_id, form_title, department, many in forms:
            sheet.append([form_id, form_title, department, "是" if many else "否"])
    if ledgers:
        sheet = wb.create_sheet(LEDGERS_SHEET)
        sheet.append(["台账", "所属表单", "列名", "类型", "选项", "必填", "说明", "不限年份", "台账说明"])
        for ledger in ledgers:
            ledger_id, form_id, column, kind, choices, required, hint, any_year, about = ledger
            sheet.append([ledger_id, form_id, column, kind, choices, "是" if required else "否", hint,
                          "是" if any_year else "否", about])  # fmt: skip
    if checks:
        sheet = wb.create_sheet(CHECKS_SHEET)
        sheet.append(["名称", "关系式", "级别", "说明", "适用条件"])
        for check in checks:
            sheet.append(list(check))
    if local:
        sheet = wb.create_sheet(LOCAL_SHEET)
        sheet.append(
            [
                "地方",
                "词语",
                "说明：模板原文中只对这个地方成立的说法，本单位设置的市、区、街道与此不同时会逐条提醒",
            ]
        )
        for place, words in local.items():
            sheet.append([place, "、".join(words)])
        sheet.column_dimensions["A"].width = 16
        sheet.column_dimensions["B"].width = 40


# ── reading ───────────────────────────────────────────────────────────────


def rows_of(catalog: Any) -> list[FigureRow]:
    """A catalog's figures as the 指标 sheet's rows (for a catalog.toml turned into a workbook)."""
    rows = []
    for spec in catalog.figures.values():
        form = catalog.forms.get(spec.form or "")
        where = "；".join(f"{col}={'、'.join(values)}" for col, values in spec.where)
        rows.append(
            FigureRow(
                key=spec.key, label=spec.label, department=form.department if form else "", unit=spec.unit,
                phrase=str(spec.phrasing), handling=FILL, type=spec.type, hint=spec.hint,
                form=spec.form or "" if not spec.ledger else "", ledger=spec.ledger or "",
                combine=spec.combine if spec.ledger else "", column=spec.column or "", where=where,
                required=spec.required,
            )
        )  # fmt: skip
    for key, text in catalog.literals.items():
        rows.append(FigureRow(key=key, label="（保留原文）", handling=KEEP, written=text))
    return rows


def catalog_to_workbook(catalog: Any, path: Path) -> Path:
    """A catalog as its workbook (the equivalence of the two formats is tested with it). Tables,
    totals, narrative parts and figures under other names are the maintainers' catalog.toml's
    alone: a catalog with them is refused, not written short."""
    toml_only = [
        what
        for what, present in (
            ("统计表格（tables）", catalog.tables),
            ("合计指标", any(f.combine == "total" for f in catalog.figures.values())),
            ("文字部分（narrative）", catalog.parts),
            ("别名（names）", catalog.names),
            ("引用其他报告的指标（imports）", catalog.inherited),
        )
        if present
    ]
    if toml_only:
        raise CatalogError(
            f"模板“{catalog.name}”的指标目录含有{'、'.join(toml_only)}，只能用 catalog.toml 表示"
        )
    forms = [(f.id, f.title, f.department, f.many) for f in catalog.forms.values()]
    ledgers = [
        (led.id, led.form, c.name, COLUMN_WORDS[c.type],
         c.choices if isinstance(c.choices, str) else "、".join(c.choices), c.required, c.hint, c.any_year, led.hint)
        for led in catalog.ledgers.values()
        for c in led.columns
    ]  # fmt: skip
    departments = list(dict.fromkeys(f.department for f in catalog.forms.values()))
    words = {v: k for k, v in SEVERITY_WORDS.items()}
    checks = [(c.name, c.rule, words[c.severity], c.message, c.when) for c in catalog.checks]
    return write_workbook(
        path, name=catalog.name, title=catalog.title, rows=rows_of(catalog), departments=departments,
        forms=forms, ledgers=ledgers, checks=checks,
    )  # fmt: skip
