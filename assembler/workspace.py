"""A new office's working folder: settings, this year's blank forms, an output folder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .errors import OutputError, UsageError
from .settings import SETTINGS_NAME, TO_FILL

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

[成文日期]
; 每个年度报告的落款日期，写成“年度 = 日期”，如 {year} = {next_year}年1月20日。
; 没有写的年度，用生成报告当天的日期。
"""


def settings_text(
    *, office: str, year: int, city: str = "", district: str = "", communities: Sequence[str] = ()
) -> str:
    """A new office's 单位设置.ini; what is not given is marked for the clerk to fill in."""
    short = office.removesuffix("街道").removesuffix("镇").removesuffix("乡") or office
    return SETTINGS_TEMPLATE.format(
        office=office,
        short=short,
        city=city or TO_FILL,
        district=district or TO_FILL,
        communities="、".join(communities) or TO_FILL,
        signer=f"{office}办事处" if office.endswith("街道") else office,
        to_fill=TO_FILL,
        year=year,
        next_year=year + 1,
    )


def init_workspace(
    *,
    folder: Path,
    office: str,
    year: int | None = None,
    template: str = "",
    city: str = "",
    district: str = "",
) -> list[Path]:
    """Create `folder/inputs/单位设置.ini`, `folder/inputs/<year>/` with blank forms, `folder/output/`."""
    from .forms import default_year, generate_forms

    office = office.strip()
    if not office or any(c in office for c in '\\/:*?"<>|'):
        raise UsageError(f'单位名称“{office}”不能为空，也不能含有 \\ / : * ? " < > | 等字符')
    year = year or default_year()
    settings = folder / "inputs" / SETTINGS_NAME
    if settings.exists():
        raise OutputError(f"{folder} 已经是一个工作文件夹（已有 {SETTINGS_NAME}），未作改动")
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(
        settings_text(office=office, year=year, city=city, district=district), encoding="utf-8"
    )
    (folder / "output").mkdir(exist_ok=True)
    forms = generate_forms(
        out_dir=folder / "inputs" / str(year), year=year, template=template, workdir=folder
    )
    return [settings, *forms]
