"""A new office's working folder: settings, this year's blank forms, an output folder."""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import OutputError, Problem, UsageError
from .settings import SETTINGS_NAME, TO_FILL
from .shortcuts import write_shortcuts
from .templates import DEFAULT_TEMPLATE, NEW_OFFICE_TEMPLATE

if TYPE_CHECKING:
    from .adopt import Adopted

SETTINGS_TEMPLATE = """\
; 单位设置：报告里用到的本单位信息。用记事本修改后保存即可。
; 每行写成“名称 = 内容”，内容不用加引号。以分号开头的行是说明，不起作用。
; 标有“{to_fill}”的地方请改成本单位的实际内容。

[单位]
; 单位全称，出现在标题和正文中
街道 = {office}
; 正文中“××地区”等处使用的简称
简称 = {short}
市 = {city}
区 = {district}
; 报告末尾的署名
署名 = {signer}
; 本街道的社区名单，用顿号分隔。社区报表和台账的下拉列表用它，缺交的社区也按它检查。
社区 = {communities}
; 本单位的部门（科室），用顿号分隔。指标目录中“填报部门”的下拉列表用它。
部门 = {departments}

[成文日期]
; 每个年度报告的落款日期，写成“年度 = 日期”，如 {year} = {next_year}年1月20日。
; 没有写的年度，用生成报告当天的日期。
{dates}
[报告]
; 本单位每年要生成的报告（模板名称），用顿号分隔；assembler build 一次生成全部。
模板 = {reports}
"""


def settings_text(
    *,
    office: str,
    year: int,
    city: str = "",
    district: str = "",
    communities: Sequence[str] = (),
    reports: Sequence[str] = (),
    signer: str = "",
    departments: Sequence[str] = (),
    report_dates: Mapping[int, str] | None = None,
) -> str:
    """A new office's 单位设置.ini; what is not given is marked for the clerk to fill in (the
    department list may stay empty: only an adopted report's 指标目录 uses it)."""
    short = office.removesuffix("街道").removesuffix("镇").removesuffix("乡") or office
    if not signer:
        signer = f"{office}办事处" if office.endswith("街道") else office
    return SETTINGS_TEMPLATE.format(
        office=office,
        short=short,
        city=city or TO_FILL,
        district=district or TO_FILL,
        communities="、".join(communities) or TO_FILL,
        signer=signer,
        departments="、".join(departments),
        dates="".join(f"{y} = {d}\n" for y, d in sorted((report_dates or {}).items())),
        to_fill=TO_FILL,
        year=year,
        next_year=year + 1,
        reports="、".join(reports) or DEFAULT_TEMPLATE,
    )


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
    (`adopt.adopt`): the settings name the office, signing body and date the report gives, and
    `inputs/<year>/` holds forms filled so that `assembler build` writes that report again."""
    from .forms import default_year, generate_forms
    from .templates import find_template

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
        from .adopt import adopt

        made = not folder.exists()
        try:
            adopted = adopt(report=report, workdir=folder, year=year, office=office or None)
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
    from .catalog import load_catalog
    from .places import foreign_words
    from .settings import parse_settings
    from .templates import find_template

    settings = parse_settings(settings_path)
    problems = []
    for name in templates:
        tdir = find_template(name, folder)
        problems += foreign_words(tdir.docx, tdir.name, load_catalog(tdir.catalog).local, settings)
    return problems
