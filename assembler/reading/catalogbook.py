"""The catalog as a workbook a clerk edits in Excel or WPS: `指标目录.xlsx`.

A template folder holds either `catalog.toml` (the maintainers' format) or `指标目录.xlsx`;
`catalog.load_catalog` reads both into the same model. The workbook has
- `指标`: one row per number of the report — its code (the template tag, not to be changed),
  name, department (a drop-down of the office's departments), unit, how it is written (写法),
  what to do with it (处理: 填报 / 各社区填报后相加 / 保留原文), and, from adoption, the sentence it
  stood in (原文, the number in 【】), the number as written (原数值) and the value that gives
  those words again (上年数值). Optional columns say more for figures read from a ledger
  (来源台账, 汇总方式, 求和列, 条件) or kept on a named form (表单编号);
- `表单` (optional): forms by code, with their title and department, 多份 for one per community;
- `台账列` (optional): each ledger's columns;
- `检查` (optional): relations between figures (as `[[checks]]`: 名称, 关系式, 级别, 说明, 适用条件);
- `报告`: the report's name and title.
A number marked 保留原文 prints as written. Problems are told like an input's: file › sheet ›
cell, in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from assembler.model.catalog import shown_file
from assembler.model.cells import plain
from assembler.model.errors import CatalogError, Problem, error
from assembler.model.phrasing import plain_decimal
from assembler.reading.workbooks import RECONSTRUCTED, cell_ref

WORKBOOK_NAME = "指标目录.xlsx"
FIGURES_SHEET, FORMS_SHEET, LEDGERS_SHEET, REPORT_SHEET, LISTS_SHEET = (
    "指标",
    "表单",
    "台账列",
    "报告",
    "部门",
)
CHECKS_SHEET = "检查"
LOCAL_SHEET = "本地词语"  # words true only of one place (`places`): 地方 | 词语
REPORTED_YEAR = "原报告年度"  # 报告 sheet: the year of the report adopted; its forms come filled
DEPARTMENT_ROWS = 60  # rows of the 部门 sheet the drop-down offers (room for departments added)
SEVERITY_WORDS = {"错误": "error", "警告": "warning"}
FILL, COMMUNITY_SUM, KEEP = "填报", "各社区填报后相加", "保留原文"
HANDLING = (FILL, COMMUNITY_SUM, KEEP)
COMMUNITY_DEPARTMENT = "各社区"
TYPES = {"整数": "count", "金额（元）": "money", "百分比": "percent", "文字": "text", "小数": "decimal"}
TYPE_WORDS = {v: k for k, v in TYPES.items()}
COLUMN_TYPES = {"日期": "date", "整数": "count", "金额（元）": "money", "文字": "text", "选项": "choice"}
COLUMN_WORDS = {v: k for k, v in COLUMN_TYPES.items()}
COMBINE_WORDS = {"计行数": "count", "求和": "sum", "取单元格": "cell", "各份相加": "sum"}

# (header, width, note) of the 指标 sheet, in order.
FIGURE_COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("指标代码", 18, "模板中的标签，请勿修改"),
    ("指标名称", 30, "填报表上显示的名称，可以修改"),
    ("填报部门", 18, "从下拉列表选择；部门名单在单位设置的“部门”中"),
    ("单位", 8, "个、次、人、元……"),
    ("写法", 10, "精确、千分位、余10、多100、近100、以上10、万1、百分比、百分比1、小数2、元、元2、万元"),
    ("处理", 16, "填报、各社区填报后相加、保留原文"),
    ("类型", 10, "整数、金额（元）、百分比、小数、文字"),
    ("原文", 60, "数字在报告中的句子，【】内是这个数字"),
    ("原数值", 12, "报告中的写法"),
    ("上年数值", 12, "能还原出原写法的数值（用于填写上年表格）"),
    ("说明", 30, "填报表上的填报说明"),
    ("表单编号", 12, "可不填：同一部门的指标在同一张表"),
    ("来源台账", 14, "可不填：从台账计算的指标"),
    ("汇总方式", 10, "计行数、求和"),
    ("求和列", 12, ""),
    ("条件", 30, "如：重要节点=国家安全日、国家宪法日"),
    ("必填", 6, "是、否"),
)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(workbook: Any, sheet: str) -> tuple[list[str], list[tuple[int, list[Any]]]] | None:
    if sheet not in workbook.sheet_names:
        return None
    grid = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    if not grid:
        return [], []
    header = [_text(v) for v in grid[0]]
    return header, [(i, row) for i, row in enumerate(grid[1:], start=1) if any(_text(v) for v in row)]


class _Sheet:
    """A sheet's header and its rows that are not empty, each cell read by its header."""

    def __init__(self, header: list[str], rows: list[tuple[int, list[Any]]]) -> None:
        self.col = {h: i for i, h in enumerate(header)}
        self.rows = rows

    def get(self, row: list[Any], header: str) -> str:
        """The text of `row`'s cell under `header` ("" where there is no such column)."""
        col = self.col
        return _text(row[col[header]]) if header in col and col[header] < len(row) else ""


def _sheet(workbook: Any, sheet: str) -> _Sheet | None:
    rows = _rows(workbook, sheet)
    return None if rows is None else _Sheet(*rows)


def read_workbook(path: Path) -> dict[str, Any]:
    """The workbook as the catalog's data (the shape of catalog.toml), its mistakes collected."""
    from python_calamine import CalamineWorkbook

    name = shown_file(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except PermissionError:  # Windows: the workbook is open in Excel or WPS
        raise CatalogError(
            f"指标目录 {path} 无法读取",
            [error("文件正被 Excel 或 WPS 打开；请保存并关闭后重试", file=name)],
        ) from None
    except Exception:  # a damaged or foreign file: the clerk's to replace
        raise CatalogError(
            f"指标目录 {path} 无法读取",
            [error("文件已损坏或不是 Excel 工作簿；请在 Excel 中打开后另存为 .xlsx", file=name)],
        ) from None
    reader = _WorkbookReader(workbook, name)
    reader.report()
    reader.forms()
    reader.ledgers()
    reader.checks()
    reader.local()
    reader.figures()
    if reader.problems:
        raise CatalogError(f"指标目录 {name} 有误", reader.problems)
    return reader.data


class _WorkbookReader:
    """The workbook's sheets into the catalog's data (`data`), one sheet after another (the
    报告 sheet first, the 指标 sheet last: its figures name the forms and the report), each
    mistake collected in `problems` with its cell."""

    def __init__(self, workbook: Any, name: str) -> None:
        self.workbook = workbook
        self.name = name
        self.problems: list[Problem] = []
        self.data: dict[str, Any] = {
            "report": {},
            "forms": {},
            "ledgers": {},
            "figures": [],
            "literals": {},
            "reported": {},
            "department_cells": {},
        }

    def bad(self, message: str, sheet: str, row: int, column: int | None = None) -> None:
        cell = cell_ref(row, column) if column is not None else f"第{row + 1}行"
        self.problems.append(error(message, file=self.name, sheet=sheet, cell=cell))

    def report(self) -> None:
        """报告: the report's name and title, and the year of the report adopted."""
        if REPORT_SHEET not in self.workbook.sheet_names:
            return
        report = self.data["report"]
        for row in self.workbook.get_sheet_by_name(REPORT_SHEET).to_python():
            if len(row) > 1 and _text(row[0]) in ("名称", "标题"):
                report["name" if _text(row[0]) == "名称" else "title"] = _text(row[1])
            elif (
                len(row) > 1
                and _text(row[0]) == REPORTED_YEAR
                and re.fullmatch(r"(19|20)\d\d", _text(row[1]))
            ):
                report["reported_year"] = int(_text(row[1]))

    def forms(self) -> None:
        """表单 (optional): each form's title, department, and whether each community sends one."""
        sheet = _sheet(self.workbook, FORMS_SHEET)
        if sheet is None:
            return
        for _r, row in sheet.rows:
            form_id = _text(row[sheet.col.get("表单编号", 0)])
            self.data["forms"][form_id] = {
                "title": sheet.get(row, "表名"),
                "department": sheet.get(row, "填报部门"),
                "many": sheet.get(row, "多份") == "是",
            }

    def ledgers(self) -> None:
        """台账列 (optional): each ledger's columns, one a row."""
        sheet = _sheet(self.workbook, LEDGERS_SHEET)
        if sheet is None:
            return
        for r, row in sheet.rows:
            get = partial(sheet.get, row)
            ledger = self.data["ledgers"].setdefault(
                get("台账"), {"form": get("所属表单"), "columns": [], "hint": get("台账说明")}
            )
            kind = COLUMN_TYPES.get(get("类型"))
            if kind is None:
                self.bad(
                    f"类型“{get('类型')}”无效，可用：{'、'.join(COLUMN_TYPES)}",
                    LEDGERS_SHEET,
                    r,
                    sheet.col.get("类型"),
                )
                continue
            choices: Any = get("选项")
            choices = choices if choices == "社区" else [c for c in re.split(r"[、，,]", choices) if c]
            ledger["columns"].append(
                {"name": get("列名"), "type": kind, "choices": choices, "required": get("必填") != "否",
                 "hint": get("说明"), "any_year": get("不限年份") == "是"}
            )  # fmt: skip

    def checks(self) -> None:
        """检查 (optional): relations between figures."""
        sheet = _sheet(self.workbook, CHECKS_SHEET)
        if sheet is None:
            return
        self.data["checks"] = []
        for r, row in sheet.rows:
            get = partial(sheet.get, row)
            severity = SEVERITY_WORDS.get(get("级别") or "错误")
            if severity is None:
                self.bad(f"级别“{get('级别')}”无效，可用：错误、警告", CHECKS_SHEET, r, sheet.col.get("级别"))
                continue
            self.data["checks"].append(
                {"name": get("名称"), "rule": get("关系式"), "severity": severity, "message": get("说明"),
                 "when": get("适用条件")}
            )  # fmt: skip

    def local(self) -> None:
        """本地词语 (optional): words true only of one place."""
        sheet = _sheet(self.workbook, LOCAL_SHEET)
        if sheet is None:
            return
        self.data["local"] = {
            _text(row[0]): [w for w in re.split(r"[、，,；;\s]+", _text(row[1])) if w]
            for _r, row in sheet.rows
            if len(row) > 1 and _text(row[0]) and _text(row[1])
        }

    def figures(self) -> None:
        """指标: one figure a row (the row of notes under the header skipped); a sheet or header
        missing is told at once."""
        name = self.name
        sheet = _sheet(self.workbook, FIGURES_SHEET)
        if sheet is None:
            raise CatalogError(
                f"指标目录 {name} 缺少“{FIGURES_SHEET}”工作表",
                [error(f"缺少“{FIGURES_SHEET}”工作表", file=name)],
            )
        missing = [h for h in ("指标代码", "指标名称", "填报部门", "处理") if h not in sheet.col]
        if missing:
            raise CatalogError(
                f"指标目录 {name} 的“{FIGURES_SHEET}”缺少表头",
                [
                    error(
                        f"缺少表头：{'、'.join(missing)}；请勿删除或改动第1行", file=name, sheet=FIGURES_SHEET
                    )
                ],
            )
        note_row = 1
        for r, row in sheet.rows:
            if r == note_row and sheet.get(row, "指标代码") == FIGURE_COLUMNS[0][2]:
                continue  # the row of notes under the header
            self._figure(sheet, r, row)

    def _figure(self, sheet: _Sheet, r: int, row: list[Any]) -> None:
        """Row `r` of 指标: a number kept as written (a literal), or a figure with its form (one
        made for its department where the 表单 sheet has none), its value in the adopted report,
        and, for a ledger's, how it is counted."""
        get, col, data = partial(sheet.get, row), sheet.col, self.data
        checked = self._figure_kind(get, r, col)
        if checked is None:
            return
        key, handling, kind = checked
        if handling == KEEP:
            data["literals"][key] = get("原数值")
            return
        department = COMMUNITY_DEPARTMENT if handling == COMMUNITY_SUM else get("填报部门")
        if not department and not get("来源台账"):
            self.bad(
                "没有填写“填报部门”；请从下拉列表中选择，或把“处理”改为“保留原文”",
                FIGURES_SHEET,
                r,
                col["填报部门"],
            )
            return
        form = get("表单编号") or department
        if get("来源台账") == "" and form not in data["forms"]:
            data["forms"][form] = {
                "title": f"{data['report'].get('name', '')}填报表"
                if handling != COMMUNITY_SUM
                else "社区填报表",
                "department": department,
                "many": handling == COMMUNITY_SUM,
            }
        figure: dict[str, Any] = {
            "key": key,
            "label": get("指标名称") or key,
            "unit": get("单位"),
            "type": kind,
            "phrase": get("写法") or ("文本" if kind == "text" else "精确"),
            "hint": get("说明"),
            "required": get("必填") != "否",
            "_row": r,
        }
        data["department_cells"][key] = cell_ref(r, col["填报部门"])
        if not get("来源台账"):
            self._reported(key, kind, get, row, col)
        if get("来源台账"):
            figure["ledger"] = get("来源台账")
            figure["combine"] = COMBINE_WORDS.get(get("汇总方式"), "count")
            if get("求和列"):
                figure["column"] = get("求和列")
            if get("条件"):
                figure["where"] = _where(get("条件"))
        else:
            figure["form"] = form
            if handling == COMMUNITY_SUM or data["forms"][form].get("many"):
                figure["combine"] = "sum"
        data["figures"].append(figure)

    def _reported(
        self, key: str, kind: str, get: Callable[[str], str], row: list[Any], col: dict[str, int]
    ) -> None:
        """The figure's value in the adopted report (上年数值), with the note of a value worked
        back from approximate words."""
        value = row[col["上年数值"]] if "上年数值" in col and col["上年数值"] < len(row) else None
        if value in (None, ""):
            return
        note = reconstructed_note(get("原数值"), value, kind, self.data["report"].get("reported_year"))
        self.data["reported"][key] = (
            int(value) if isinstance(value, float) and value.is_integer() else value,
            note,
        )

    def _figure_kind(
        self, get: Callable[[str], str], r: int, col: dict[str, int]
    ) -> tuple[str, str, str] | None:
        """(code, 处理, type) of a figure's row, each checked; None where one is wrong (told).
        A number kept as written needs no type."""
        key, handling = get("指标代码"), get("处理") or FILL
        if not key:
            self.bad(
                "没有填写“指标代码”；新增的指标请起一个代码（汉字、字母或数字），并在 template.docx 中"
                "写上 {{ 代码 }}；不需要的行请整行删除",
                FIGURES_SHEET, r, col["指标代码"],
            )  # fmt: skip
            return None
        if not key.isidentifier():
            self.bad(
                f"指标代码“{key}”只能由汉字、字母、数字和下划线组成，且不以数字开头；它是模板中的标签，请改回原样",
                FIGURES_SHEET, r, col["指标代码"],
            )  # fmt: skip
            return None
        if handling not in HANDLING:
            self.bad(f"处理“{handling}”无效，可用：{'、'.join(HANDLING)}", FIGURES_SHEET, r, col["处理"])
            return None
        if handling == KEEP:
            return key, handling, ""
        kind = TYPES.get(get("类型") or "整数")
        if kind is None:
            self.bad(f"类型“{get('类型')}”无效，可用：{'、'.join(TYPES)}", FIGURES_SHEET, r, col.get("类型"))
            return None
        return key, handling, kind


def reconstructed_note(written: str, value: Any, kind: str, year: int | None) -> str:
    """The form's note for a value worked back from a report's approximate words (130余 → 135):
    "" where the report gave the number exactly."""
    from decimal import Decimal

    if not written or isinstance(value, str):
        return ""
    exact = plain_decimal(Decimal(str(value)) * (100 if kind == "percent" else 1))
    words = re.sub(r"(%|亿元|万元|元)$", "", plain(written).replace(",", ""))
    if words == exact:  # 5600元, 56.5万元, 100%: the report gave the number itself
        return ""
    return f"{RECONSTRUCTED}由{year or ''}年报告原文“{written}”推算，如有准确数字请改填"


def _where(text: str) -> dict[str, list[str]]:
    """`重要节点=国家安全日、国家宪法日；社区=甲社区` → {"重要节点": [...], "社区": [...]}."""
    found: dict[str, list[str]] = {}
    for part in re.split(r"[；;]", text):
        if "=" in part:
            column, values = part.split("=", 1)
            found[column.strip()] = [v.strip() for v in re.split(r"[、，,]", values) if v.strip()]
    return found


def locate(problems: tuple[Problem, ...], data: dict[str, Any], file: str) -> list[Problem]:
    """Catalog problems of the figures said as the workbook's cells (`figures 第3项` → 指标 › 第5行)."""
    rows = [f.get("_row") for f in data.get("figures", [])]
    located = []
    for p in problems:
        m = re.match(r"figures 第(\d+)项", p.cell)
        if m and int(m.group(1)) - 1 < len(rows) and rows[int(m.group(1)) - 1] is not None:
            located.append(
                error(p.message, file=file, sheet=FIGURES_SHEET, cell=f"第{rows[int(m.group(1)) - 1] + 1}行")
            )
        else:
            located.append(
                Problem(p.severity, p.message, file=file, sheet=p.sheet, cell=p.cell, label=p.label)
            )
    return located
