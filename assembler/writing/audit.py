"""The audit workbook (溯源表) written beside every report.

One row per figure: key, label, exact value, the words printed in the report, the
department, how it was combined, every source (file › sheet › cell, or the ledger rows
that were counted), last year's value and the checks it passed. A second sheet lists each
source cell, or run of consecutive counted ledger rows, on its own line, so a reviewer can
open it and look.
Both are real Excel tables: frozen header, filters, sensible widths.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from assembler.compute.checks import outcomes
from assembler.model.catalog import SEVERITIES
from assembler.model.cells import TYPE_NAMES
from assembler.model.marks import LITERAL, TEXT
from assembler.model.phrasing import year_on_year
from assembler.model.sources import Source, row_runs, run_text

if TYPE_CHECKING:
    from assembler.compute.assembly import Assembly
    from assembler.compute.figures import Figure
    from assembler.writing.render import TracedParagraph

MAX_CELL_TEXT = 32_767  # what one Excel cell holds
# A 溯源表 with more lines than this (a district's 100,000-row ledger counted into many figures
# gives 50,000) is written through temporary files: built in memory it took 100 MiB more.
IN_MEMORY_ROWS = 10_000
CELL_SOURCES = 20  # sources named in a figure's 来源 cell
FIGURE_COLUMNS = (
    ("序号", 6), ("指标代码", 18), ("指标名称", 36), ("数值", 12), ("报告中的写法", 16), ("单位", 8),
    ("填报部门", 16), ("汇总方式", 34), ("来源", 60), ("上年数值", 12), ("上年来源", 40), ("校验", 40),
)  # fmt: skip
CHECKS_SHEET = "数字关系校验"
CHECK_COLUMNS = (("检查", 22), ("适用于", 24), ("级别", 8), ("结果", 10), ("数值", 90))
UNTRACED_SHEET = "文字中的数字（未溯源）"
UNTRACED_COLUMNS = (("来源", 12), ("文件", 40), ("位置", 24), ("数字", 12), ("所在句子", 80))
SOURCE_COLUMNS = (
    ("指标代码", 18), ("指标名称", 36), ("文件", 48), ("工作表", 16), ("单元格或行", 14), ("读取的值", 14),
    ("说明", 40),
)  # fmt: skip


def _checks(fig: Figure, year: int) -> str:
    spec = fig.spec
    passed = [f"格式正确（{TYPE_NAMES[spec.type]}）"]
    if spec.type in ("count", "money"):
        passed.append("不为负数")
    if spec.type == "percent":
        passed.append("在0—100%之间")
    if len(fig.sources) > 1 and spec.ledger is None:
        passed.append(f"{len(fig.sources)}份报表均已交齐")
    if fig.previous is not None and spec.type in ("count", "money"):
        passed.append(f"与{year - 1}年比较：{year_on_year(fig)}")
    return "；".join(passed)


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def _joined_sources(fig: Figure, sources: tuple[Source, ...] | None = None) -> str:
    """The figure's sources (or last year's), one a line: the first twenty (a street's fifteen
    communities all show; a district's hundreds are in 来源明细), within what an Excel cell holds;
    a source's notes beside it (【推算】: rebuilt from a published report's words or tables)."""
    sources = fig.sources if sources is None else sources
    lines = [s.brief() + (f"（{'；'.join(s.notes)}）" if s.notes else "") for s in sources[:CELL_SOURCES]]
    if len(sources) > CELL_SOURCES:
        lines.append(f"……共{len(sources)}处，全部见“来源明细”")
    return "\n".join(lines)[:MAX_CELL_TEXT]


@dataclass
class AuditWorkbook:
    """The audit workbook's content; `save` writes it with XlsxWriter."""

    title: str
    figures: list[list[Any]]
    sources: list[list[Any]]
    about: list[tuple[str, Any]]
    untraced: list[list[Any]]
    checks: list[list[Any]]

    def save(self, path: str) -> None:
        import xlsxwriter

        lines = sum(map(len, (self.figures, self.sources, self.checks, self.untraced)))
        wb = xlsxwriter.Workbook(
            path,
            {
                # Small: no temporary file per part (40% faster); large: parts through files.
                "in_memory": lines <= IN_MEMORY_ROWS,
                "strings_to_formulas": False,  # a clerk's "=…" is text, never a formula
                "strings_to_urls": False,
                "strings_to_numbers": False,
                # Every cell wrapped and at the top, as the workbook's Normal style: a cell then
                # needs no format of its own (a format on each cell was a sixth of the writing).
                "default_format_properties": {"text_wrap": True, "valign": "top"},
            },
        )
        header = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "text_wrap": True, "valign": "top"})
        _table(wb.add_worksheet("指标溯源"), "Figures", FIGURE_COLUMNS, self.figures, header)
        _table(wb.add_worksheet("来源明细"), "Sources", SOURCE_COLUMNS, self.sources, header)
        _table(wb.add_worksheet(CHECKS_SHEET), "Checks", CHECK_COLUMNS, self.checks, header)
        _table(wb.add_worksheet(UNTRACED_SHEET), "Untraced", UNTRACED_COLUMNS, self.untraced, header)
        about = wb.add_worksheet("说明")
        about.set_column(0, 0, 14)
        about.set_column(1, 1, 80)
        for r, row in enumerate(self.about):
            about.write_row(r, 0, row)
        wb.set_properties({"title": self.title})
        wb.close()


def _table(
    ws: Any,
    name: str,
    columns: tuple[tuple[str, int], ...],
    rows: Iterable[list[Any]],
    header: Any,
) -> None:
    """A real Excel table: frozen header, filters, widths (cells wrap by the Normal style)."""
    for i, (_, width) in enumerate(columns):
        ws.set_column(i, i, width)
    ws.freeze_panes(1, 0)
    last = 0
    for last, row in enumerate(rows, start=1):
        ws.write_row(last, 0, row)
    ws.add_table(
        0, 0, max(last, 1), len(columns) - 1,
        {
            "name": name,
            "style": "Table Style Light 9",
            "columns": [{"header": t, "header_format": header} for t, _ in columns],
        },
    )  # fmt: skip


def _source_rows(assembly: Assembly) -> Iterator[list[Any]]:
    for spec in assembly.catalog.figures.values():
        fig = assembly.figures.get(spec.key)
        if fig is not None and spec.combine == "total":  # its parts' rows are listed with them
            yield [
                spec.key,
                spec.label,
                "",
                "",
                "",
                _number(fig.value),
                spec.describe_combine()[:MAX_CELL_TEXT],
            ]
            continue
        for src in fig.sources if fig else ():
            said = "；".join(src.notes)
            if src.rows:  # a run of consecutive counted rows a line: a whole ledger is one line
                for run in row_runs(src.rows):
                    yield [spec.key, spec.label, src.file, src.sheet, f"第{run_text(*run)}行", None, said]
            else:
                yield [spec.key, spec.label, src.file, src.sheet, src.cell, _number(src.value), said]


def audit_workbook(
    assembly: Assembly, report_name: str, traced: list[TracedParagraph] | None = None
) -> AuditWorkbook:
    """The 溯源表 of a report; `traced`, the rendered report's paragraphs with their marks
    (`render.traced_paragraphs`), gives its sheet of untraced numbers."""
    traced = traced or []
    year = assembly.year
    rows = []
    for i, spec in enumerate(assembly.catalog.figures.values(), start=1):
        fig = assembly.figures.get(spec.key)
        form = assembly.catalog.forms.get(spec.form or "")
        department = form.department if form else ""
        if fig is None:
            rows.append([i, spec.key, spec.label, None, "（缺）", spec.unit, department,
                         spec.describe_combine(), "", None, "", "未通过：数据缺少或有误"])  # fmt: skip
            continue
        rows.append([
            i, spec.key, spec.label, _number(fig.value), fig.phrase, spec.unit, department,
            spec.describe_combine(), _joined_sources(fig), _number(fig.previous),
            _joined_sources(fig, fig.previous_sources), _checks(fig, year),
        ])  # fmt: skip
    about = [
        ("报告", report_name),
        ("年度", year),
        ("单位", assembly.settings.office),
        ("模板", assembly.template.name),
        ("表格文件夹", str(assembly.input_dir)),
        ("生成时间", dt.datetime.now().strftime("%Y-%m-%d %H:%M")),
        ("读取工作簿", assembly.workbooks),
        ("说明", "“指标溯源”每行一个指标（表格中的每一格也是一个指标，按“表名 › 列 › 行”编号）；"
         "“来源明细”每行一个来源单元格，或台账中被计入的连续几行；"
         f"“{CHECKS_SHEET}”列出指标目录中每条数字关系（如勾稽关系）的检查结果；"
         f"“{UNTRACED_SHEET}”列出报告中直接写在文字里、不来自填报表单元格的数字，请人工核对。"),
    ]  # fmt: skip
    untraced = [[u.origin, u.file, u.place, u.number, u.sentence] for u in untraced_numbers(traced, assembly)]

    checks = [
        [o.instance.check.name, o.instance.wildcard, SEVERITIES[o.instance.check.severity], o.result, o.text]
        for o in outcomes(assembly.catalog, assembly.figures)
    ]
    return AuditWorkbook(f"{report_name} 溯源表", rows, list(_source_rows(assembly)), about, untraced, checks)


# An Arabic number as typed in prose: 130, 4·15, 2021-2025, 98.5%, full-width digits too.
NUMBER_IN_TEXT = re.compile(r"[0-9０-９]+(?:[.．·・:：/\-—][0-9０-９]+)*[%％]?")
_SENTENCE = re.compile(r"[^。！？；]*[。！？；]?")


@dataclass(frozen=True)
class UntracedNumber:
    """A number the report prints that no form cell gave: the reviewer checks it by hand."""

    origin: str  # 模板原文, 文字材料 or 保留原文
    file: str
    place: str  # sheet and cell, or the report's paragraph
    number: str
    sentence: str


def untraced_numbers(traced: list[TracedParagraph], assembly: Assembly) -> list[UntracedNumber]:
    """Every number standing in the rendered report that is neither a figure nor a setting: in
    the template's own words (table labels such as 1.属于国家秘密 aside), in a department's
    文字材料, or kept as the adopted report wrote it (保留原文), each with its sentence."""

    template = f"{assembly.template.name}/{assembly.template.docx.name}"
    catalog = f"{assembly.template.name}/{assembly.catalog.path.name if assembly.catalog.path else ''}"
    found = []
    for paragraph in traced:
        text = paragraph.text
        starts, pos = [], 0
        for piece in paragraph.pieces:
            starts.append(pos)
            pos += len(piece[0])
        sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]
        for m in NUMBER_IN_TEXT.finditer(text):
            i = max(j for j, start in enumerate(starts) if start <= m.start())
            _, kind, key = paragraph.pieces[i]
            sentence = next((text[a:b] for a, b in sentences if a <= m.start() < b), text).strip()
            at = f"报告第{paragraph.number}段"
            if kind == "" and not paragraph.in_table:
                found.append(UntracedNumber("模板原文", template, at, m.group(), sentence))
            elif kind == TEXT:
                file, _, place = key.partition(" › ")
                found.append(UntracedNumber("文字材料", file, place, m.group(), sentence))
            elif kind == LITERAL:
                found.append(UntracedNumber("保留原文", catalog, f"{key}，{at}", m.group(), sentence))
    return found
