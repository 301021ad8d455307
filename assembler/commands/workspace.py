"""A new office's working folder: settings, this year's blank forms, an output folder."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assembler.adoption.report import adopt_report
from assembler.commands.forms import generate_forms
from assembler.compute.places import foreign_form_words, foreign_words
from assembler.install.shortcuts import write_shortcuts
from assembler.model.errors import OutputError, Problem, UsageError
from assembler.model.settings import (
    NEW_OFFICE_TEMPLATE,
    SETTINGS_NAME,
    parse_settings,
    settings_text,
)
from assembler.reading.catalogs import load_catalog
from assembler.reading.templates import find_template
from assembler.writing.forms import default_year

if TYPE_CHECKING:
    from assembler.adoption.adopt import Adopted


@dataclass(frozen=True)
class Workspace:
    """What `init_workspace` made: the settings file, the forms, and what adoption found."""

    folder: Path
    settings: Path
    forms: tuple[Path, ...]
    adopted: Adopted | None = None
    problems: tuple[Problem, ...] = ()  # what the office should know of its templates (another place's words)


def init_workspace(
    *,
    folder: Path,
    office: str = "",
    year: int | None = None,
    templates: Sequence[str] = (),
    city: str = "",
    district: str = "",
    report: Path | None = None,
) -> Workspace:
    """Create `folder/inputs/单位设置.ini` (naming the office's reports), `folder/inputs/<year>/`
    with the blank forms of every report, and `folder/output/`.

    With `report` (last year's report), the office's own template is adopted from it instead
    (`adoption.report.adopt_report`): the settings name the office, signing body and date the report gives, and
    `inputs/<year>/` holds forms filled so that `assembler build` writes that report again."""

    if report is not None and templates:
        raise UsageError("--from 与 --template 不能同时使用；建好后可在单位设置的 [报告] 中添加其他报告")
    for name in templates:
        find_template(name, folder)  # an unknown report is refused before anything is written
    office = office.strip()
    if any(c in office for c in '\\/:*?"<>|') or (not office and report is None):
        raise UsageError(f'单位名称“{office}”不能为空，也不能含有 \\ / : * ? " < > | 等字符')
    settings = folder / "inputs" / SETTINGS_NAME
    if settings.exists():
        raise OutputError(f"{folder} 已经是一个工作文件夹（已有 {SETTINGS_NAME}），未作改动")
    if report is not None:
        made = not folder.exists()
        try:
            adopted = adopt_report(report=report, workdir=folder, year=year, office=office or None)
        except BaseException:
            if made:
                shutil.rmtree(folder, ignore_errors=True)
            raise
        (folder / "output").mkdir(exist_ok=True)
        write_shortcuts(folder)
        forms = tuple(p for p in adopted.written if p.parent == adopted.inputs)
        return Workspace(folder, settings, forms, adopted)
    year = year or default_year()
    templates = tuple(templates) or (NEW_OFFICE_TEMPLATE,)
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(
        settings_text(office=office, year=year, city=city, district=district, reports=templates),
        encoding="utf-8",
    )
    (folder / "output").mkdir(exist_ok=True)
    write_shortcuts(folder)
    forms = generate_forms(out_dir=folder / "inputs" / str(year), year=year, workdir=folder)
    return Workspace(folder, settings, tuple(forms), problems=tuple(_elsewhere(folder, settings, templates)))


def _elsewhere(folder: Path, settings_path: Path, templates: Sequence[str]) -> list[Problem]:
    """The words of the office's templates that belong to another place (`places`)."""

    settings = parse_settings(settings_path)
    problems = []
    for name in templates:
        tdir = find_template(name, folder)
        catalog = load_catalog(tdir.catalog)
        problems += foreign_words(tdir.docx, tdir.name, catalog.local, settings)
        problems += foreign_form_words(catalog, tdir.name, settings)
    return problems
