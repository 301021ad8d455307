"""Adopting last year's published 政府信息公开工作年度报告, tables and all.

The report's format is nationwide (国办公开办函〔2021〕30号): its layout and its three tables are
the shipped template's, so the office makes the report with that template, and adoption gives it
what last year's report held:
- `inputs/<年度>/`: the 政务公开 form and both ledgers rebuilt from the three tables
  (`xxgkinputs`), so that `assembler build` of that year prints the published tables again (rows
  rebuilt from counts marked 【推算】, in the ledgers and the 溯源表), and the report's own prose
  as the 文字材料 of its parts (一（一）–（五）, 五, 六), which the template prints as its text;
- the settings (office, city, district, signing body, date) where there are none, and the report
  listed in `[报告] 模板` where there are.
A published report whose tables break relations A–D is adopted all the same: each broken
relation is told with its cells and what the rebuilt tables will show. The next year's carry-over
check (二、上年结转 = last year's 四) and last year's values then come from these inputs.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path

from assembler.adoption.adopt import (
    DEFAULT_DEPARTMENT,
    Adopted,
    OwnNames,
    Structure,
    _existing_settings,
    _own_names,
    _write_settings,
    office_of,
    other_offices,
    report_year,
    split_place,
    structure,
)
from assembler.adoption.xxgkinputs import write_adopted_inputs
from assembler.adoption.xxgktables import REPORT_NAME, ReadTables, read_tables, relation_problems
from assembler.model.catalog import Catalog, union
from assembler.model.cells import plain
from assembler.model.errors import InputProblems, Problem, UsageError, warning
from assembler.model.settings import (
    DEFAULT_TEMPLATE,
    SETTINGS_NAME,
    TO_FILL,
    Settings,
    add_report,
    parse_settings,
)
from assembler.reading.catalogs import load_catalog
from assembler.reading.documents import ReadDocument
from assembler.reading.templates import find_template
from assembler.writing.forms import superseded_forms

# The report's level-1 headings (一 … 六) and part 一's sections, by the words that name them.
_LEVEL1 = re.compile(r"^([一二三四五六])、")
_SECTION = re.compile(r"^[（(]([一二三四五])[）)]")
# Part 一's sections (（一）…（五）) and parts 五 and 六 → the catalog's narrative parts.
SECTION_PARTS = {
    "一": "主动公开",
    "二": "依申请公开",
    "三": "政府信息管理",
    "四": "平台建设",
    "五": "监督保障",
}
HEADING_PARTS = {"五": "问题改进", "六": "其他事项"}
# Sentences the template writes itself from the tables and the form (never taken twice).
_GENERATED = (
    re.compile(r"收到.{0,20}申请.{0,6}\d+\s*件"),
    re.compile(r"(被申请行政复议|行政诉讼).{0,10}\d+\s*件|没有因政府信息公开工作被申请行政复议"),
    re.compile(r"信息处理费"),
)


@dataclass(frozen=True)
class _Report:
    """What the published report says of itself: its parts, year, and whose it is."""

    found: Structure
    year: int
    office: str  # the office adopting it (given, in the settings, or the report's own)
    city: str
    district: str
    own: OwnNames  # the report's own office, as it names itself


def adopt_information(
    read: ReadDocument, *, report: Path, workdir: Path, year: int | None = None, office: str | None = None
) -> Adopted:
    """Adopt a published 政府信息公开工作年度报告 (`read`) into `workdir`: read what it says of
    itself, read its tables, write the settings and that year's inputs. Nothing is overwritten;
    a failure leaves nothing behind."""
    settings_path = workdir / "inputs" / SETTINGS_NAME
    existing = _existing_settings(settings_path)
    whose = _whose(read, report, existing, year, office)
    template = find_template(REPORT_NAME, workdir)
    catalog = load_catalog(template.catalog)
    tables = read_tables([t.rows for t in read.tables], year=whose.year, catalog=catalog)
    if not tables.ok:
        raise InputProblems(
            f"{report.name} 的统计表有无法读取的地方，未作改动",
            [_located(p, report) for p in tables.problems],
        )
    told = [_located(p, report) for p in tables.problems + relation_problems(tables, catalog)]
    told += [
        warning(
            f"报告中写有“{other}”（“…{around}…”），不是本报告单位（{whose.own.office}）的名称，已照原文保留",
            file=report.name,
            cell=f"第{n}段",
        )
        for n, other, around in other_offices(read.paragraphs, whose.own.office)
    ]
    inputs = workdir / "inputs" / str(whose.year)
    written = _write(whose, read, tables, catalog, settings_path, existing is not None, workdir)
    told += [
        warning(
            "与新写的表格同属一个部门、名称不同，是之前生成的表格，新表已含它的各张表；"
            "请把它移出文件夹（在旧表中改过数字的，先转填到新表），否则检查时会说该部门交了两份",
            file=old.name,
        )
        for old in superseded_forms([p for p in written if p.suffix == ".xlsx"])
    ]
    return Adopted(
        name=REPORT_NAME,
        year=whose.year,
        template=template.folder,
        inputs=inputs,
        office=whose.office or (existing.office if existing else ""),
        signer=whose.found.signer,
        date=whose.found.date,
        titled=bool(whose.found.title),
        figures=len(tables.cells),
        tables=len(read.tables),
        tables_adopted=True,
        written=written,
        problems=tuple(told),
    )


def _whose(
    read: ReadDocument, report: Path, existing: Settings | None, year: int | None, office: str | None
) -> _Report:
    """The report's parts, year and office (the office named, else the settings', else the report's)."""
    found = structure(read.paragraphs)
    text = "\n".join(read.paragraphs)
    year = year or report_year(found, text)
    if year is None:
        raise UsageError(f"无法从 {report.name} 中判断报告的年度；请用 --year 写明，如 --year 2024")
    own = existing.office if existing and TO_FILL not in existing.office else ""
    in_report = _own_names(office_of(found, year, text), f"{found.signer}\n{text}")
    city, district, name = split_place((office or "").strip() or own or in_report.office)
    if not name and existing is None:
        raise UsageError(f"无法从 {report.name} 中识别单位名称；请用 --office 写明，如 --office 某某街道")
    return _Report(found, year, name, city or in_report.city, district or in_report.district, in_report)


def _write(
    whose: _Report,
    read: ReadDocument,
    tables: ReadTables,
    catalog: Catalog,
    settings_path: Path,
    existing: bool,
    workdir: Path,
) -> list[Path]:
    """The settings (where there are none; else the report listed in them) and that year's
    rebuilt inputs; all of them, or none."""
    inputs = workdir / "inputs" / str(whose.year)
    made = [d for d in (inputs.parent, inputs) if not d.exists()]
    written: list[Path] = []
    try:
        if not existing:
            departments = list(
                dict.fromkeys(
                    [*(f.department for f in catalog.forms.values() if not f.many), DEFAULT_DEPARTMENT]
                )
            )
            signer = whose.found.signer if whose.office == whose.own.office else ""
            _write_settings(
                settings_path, whose.found, whose.office, whose.year, REPORT_NAME,
                departments, city=whose.city, district=whose.district, signer=signer,
            )  # fmt: skip
            written.append(settings_path)
        settings = parse_settings(settings_path)
        written += write_adopted_inputs(
            tables, catalog=_office_catalog(settings, catalog, workdir), settings=settings, year=whose.year,
            out_dir=inputs, paragraphs=read.paragraphs, narrative=prose_rows(whose.found, catalog, whose.year),
        )  # fmt: skip
        if existing:
            add_report(settings_path, REPORT_NAME, default=(DEFAULT_TEMPLATE,))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        for directory in reversed(made):
            with contextlib.suppress(OSError):
                directory.rmdir()
        raise
    return written


def _office_catalog(settings: object, catalog: Catalog, workdir: Path) -> Catalog:
    """The 信息公开 report's catalog with the office's other reports' (their shared forms)."""
    others = [
        load_catalog(find_template(name, workdir).catalog)
        for name in getattr(settings, "reports", ())
        if name != REPORT_NAME
    ]
    return union([catalog, *others]) if others else catalog


def _located(problem: Problem, report: Path) -> Problem:
    """A problem of the report's tables, said of the report's file."""
    return Problem(
        problem.severity, problem.message, file=report.name, sheet=problem.sheet, cell=problem.cell
    )


def prose_rows(found: Structure, catalog: Catalog, year: int) -> list[list[str]]:
    """The report's own prose as 文字材料 rows (所属部分, 小标题, 内容): part 一's sections
    （一）…（五）, parts 五 and 六; the sentences the template writes itself from the tables are
    left out, as is part 一's opening paragraph (the template has its own)."""
    titles = {p.key: p.title.format(年度=year) for p in catalog.parts}
    rows: list[list[str]] = []
    level1 = section = ""
    for marker, line in found.lines:
        flat = plain(line.replace("|", ""))
        head = _LEVEL1.match(flat)
        if marker.startswith("一级") or (head and marker == ""):
            level1, section = (head.group(1) if head else ""), ""
            if not marker.endswith("引领"):
                continue
        sub = _SECTION.match(flat)
        if level1 == "一" and sub and marker.startswith("二级"):
            section = sub.group(1)
            if not marker.endswith("引领"):
                continue
        part = SECTION_PARTS.get(section) if level1 == "一" else HEADING_PARTS.get(level1)
        if part is None or part not in titles:
            continue
        body = line.split("|", 1)[1] if marker.endswith("引领") else line
        body = re.sub(r"^[（(][一二三四五六七八九十]+[）)]", "", body) if marker.startswith("二级") else body
        body = _without_generated(body)
        if body:
            rows.append([titles[part], "", body])
    return rows


def _without_generated(body: str) -> str:
    """A paragraph without the sentences the template writes from the tables (收到申请6件 …):
    the office's own words around them stay (平均答复时间9.5个工作日)."""
    sentences = [s for s in re.findall(r"[^。！？]*[。！？]?", body) if s.strip()]
    return "".join(s for s in sentences if not any(p.search(s) for p in _GENERATED)).strip()
