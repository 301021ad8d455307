"""Office settings: the office's name, district, signing body, communities, report dates.

They live in `inputs/单位设置.ini`, a text file a clerk edits in Notepad (Windows opens .ini
files there): `名称 = 内容` lines, no quotes. The year folder (`inputs/2024/`) may hold its
own copy, which wins for that year. It is read in every encoding Notepad and WPS save
(UTF-8 with or without BOM, UTF-16 with BOM, GBK/GB18030) with either line ending; a file
Windows showed as `单位设置.ini` but saved as `单位设置.ini.txt` is read, with a hint to rename it.
"""

from __future__ import annotations

import configparser
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assembler.model.cells import CellError, format_date, parse_date
from assembler.model.errors import InputProblems, Problem, error, warning

SETTINGS_NAME = "单位设置.ini"
DEFAULT_TEMPLATE = "法治政府建设年度报告"  # the report an office makes when its settings list none
# What `assembler init` gives a new office unless told: the report written from its own
# departments' text. The default template is 中山门街道's own report, a worked example.
NEW_OFFICE_TEMPLATE = "法治政府建设年度报告（通用）"
TO_FILL = "（请填写）"  # what `assembler init` writes where the clerk must fill in
OFFICE_SECTION = "单位"
DATES_SECTION = "成文日期"
REPORT_SECTION = "报告"
_YEAR = re.compile(r"^(19|20)\d\d$")

# setting name → its attribute
_TEXT_FIELDS = {
    "街道": "office",
    "简称": "short_name",
    "市": "city",
    "区": "district",
    "署名": "signer",
}


@dataclass(frozen=True)
class Settings:
    """An office's 单位设置.ini: its names, place, signer, communities, departments, report
    dates and the reports it makes."""

    office: str
    short_name: str
    city: str
    district: str
    signer: str
    communities: tuple[str, ...] = ()
    report_dates: dict[int, dt.date] = field(default_factory=dict)
    path: Path | None = None
    pending: tuple[Problem, ...] = ()  # told whatever the reports (a misnamed file)
    unset: dict[str, Problem] = field(default_factory=dict)  # setting → its problem, if a report uses it
    empty_part: str = "无"  # a narrative part with no text: 无 (print 无。) or 省略 (leave it out)
    reports: tuple[str, ...] = ()  # the reports (templates) the office makes; () is the default one
    departments: tuple[str, ...] = ()  # the office's departments (a 指标目录's drop-down and check)

    def report_date(self, year: int) -> dt.date:
        return self.report_dates.get(year) or dt.date.today()

    def context(self, year: int) -> dict[str, str]:
        """The template tags that come from the settings."""
        return {
            "街道": self.office,
            "简称": self.short_name,
            "市": self.city,
            "区": self.district,
            "署名": self.signer,
            "年度": str(year),
            "上一年度": str(year - 1),
            "下一年度": str(year + 1),
            "成文日期": format_date(self.report_date(year)),
        }


SETTING_TAGS = ("街道", "简称", "市", "区", "署名", "年度", "上一年度", "下一年度", "成文日期")
WORD_TAGS = ("街道", "简称", "市", "区", "署名", "成文日期")  # the settings tags that print words
REPORTS_KEY = "模板"  # [报告] 模板 = 甲报告、乙报告: the reports the office makes


# Names the settings file gets when Windows hides extensions or a clerk saves from Notepad.
MISNAMED = ("单位设置.ini.txt", "单位设置.txt", "单位设置.ini.ini")


def is_settings_file(name: str) -> bool:
    return name.casefold() in {n.casefold() for n in (SETTINGS_NAME, *MISNAMED)}


def find_settings(input_dir: Path) -> Path | None:
    """The year folder's own settings file, else the one beside the year folders; a misnamed
    one (`单位设置.ini.txt`, `单位设置.INI`) counts, and `load_settings` asks to rename it."""
    for folder in (input_dir, input_dir.parent):
        candidate = folder / SETTINGS_NAME
        if candidate.is_file():
            return candidate
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.is_file() and is_settings_file(path.name):
                    return path
    return None


class UnreadableText(ValueError):
    """Bytes that are no text encoding a clerk's editor saves."""


# Characters no text a clerk saves holds (a binary file decoded as text does): controls but tab,
# line and page breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def read_text_file(path: Path) -> str:
    """Text a clerk saved, in any encoding Windows Notepad or WPS writes: UTF-8 (with or without
    BOM), UTF-16 LE or BE with BOM (Notepad's "Unicode"), GBK/GB18030 (old Notepad's "ANSI")."""
    data = path.read_bytes()
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise UnreadableText(codec) from None
            if _CONTROL.search(text):
                raise UnreadableText(codec)
            return text
    if b"\x00" in data[:200] and len(data) % 2 == 0:  # UTF-16 without a BOM (rare, but WPS can)
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if "[" in text and "=" in text and not _CONTROL.search(text):
                return text
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.search(text):
            return text
    raise UnreadableText("unknown")


def load_settings(input_dir: Path) -> Settings:
    path = find_settings(input_dir)
    if path is None:
        raise InputProblems(
            f"找不到单位设置文件“{SETTINGS_NAME}”",
            [
                error(
                    f"缺少单位设置文件。请在 {input_dir.parent} 中放置“{SETTINGS_NAME}”"
                    "（可用 assembler init 生成），写明街道名称、署名等信息",
                    file=SETTINGS_NAME,
                )
            ],
        )
    return parse_settings(path)


def parse_settings(path: Path) -> Settings:
    """The settings file read, every mistake told at once; a setting not yet filled in is a
    problem only where a report uses it (`Settings.unset`)."""
    name = path.name
    parser = _read_settings_file(path)
    problems: list[Problem] = []
    pending: list[Problem] = []  # not filled in yet: reported by check, but forms can still be made
    if path.name != SETTINGS_NAME:
        pending.append(
            warning(
                f"单位设置文件名是“{path.name}”（Windows 可能隐藏了扩展名），已照常读取；"
                f"请把它改名为“{SETTINGS_NAME}”",
                file=name,
            )
        )
    office = parser[OFFICE_SECTION] if parser.has_section(OFFICE_SECTION) else {}
    if not office:
        problems.append(error(f"缺少“[{OFFICE_SECTION}]”一节，请按样例填写", file=name))
    values, unset = _office_fields(office, name, problems)
    communities = tuple(_items(office.get("社区", "")))
    if TO_FILL in communities:
        communities = ()
        unset["社区"] = error(
            f"“社区”名单还没有填写，请把“{TO_FILL}”改成本街道的社区名称，用顿号分隔",
            file=name,
            cell="社区",
        )
    departments = tuple(d for d in _items(office.get("部门", "")) if TO_FILL not in d)
    dates = _report_dates(parser, name, problems)
    empty_part = parser.get(REPORT_SECTION, "空白部分", fallback="无").strip().strip('“”"')
    if empty_part not in ("无", "省略"):
        problems.append(
            error(
                f"“空白部分”只能写“无”或“省略”，现为“{empty_part}”",
                file=name,
                cell=f"[{REPORT_SECTION}] 空白部分",
            )
        )
    reports = tuple(_items(parser.get(REPORT_SECTION, REPORTS_KEY, fallback="")))
    if problems:
        raise InputProblems("单位设置文件有误", problems)
    return Settings(
        unset=unset,
        departments=departments,
        reports=reports,
        empty_part=empty_part,
        communities=communities,
        report_dates=dates,
        path=path,
        pending=tuple(pending),
        **values,
    )


def _items(text: str) -> list[str]:
    """A list as a clerk writes it: separated by 、，,;； or one a line."""
    return [item.strip() for item in re.split(r"[、，,;；\n]+", text) if item.strip()]


def _read_settings_file(path: Path) -> configparser.ConfigParser:
    """The file as sections of `名称 = 内容`; a file that is no text, or not of that shape, is
    an `InputProblems` naming the line."""
    name = path.name
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=(";", "#"), strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        text = read_text_file(path)
    except UnreadableText:
        raise InputProblems(
            "无法读取单位设置文件",
            [
                error(
                    "文件不是文本，或编码无法识别；请用记事本打开，另存时“编码”选 UTF-8，文件名为“单位设置.ini”",
                    file=name,
                )
            ],
        ) from None
    except OSError as exc:
        raise InputProblems(
            "无法读取单位设置文件", [error(f"无法读取（{exc.strerror}）", file=name)]
        ) from None
    try:
        parser.read_string(text, source=name)
    except configparser.Error as exc:
        line = getattr(exc, "lineno", None) or next((no for no, _ in getattr(exc, "errors", [])), None)
        raise InputProblems(
            "单位设置文件格式有误",
            [
                error(
                    "格式有误：每行应写成“名称 = 内容”，分组行写成“[单位]”，名称不能重复",
                    file=name,
                    cell=f"第{line}行" if line else "",
                )
            ],
        ) from None
    return parser


def _office_fields(
    office: Mapping[str, str], name: str, problems: list[Problem]
) -> tuple[dict[str, Any], dict[str, Problem]]:
    """The `[单位]` section's text fields (attribute → text), and those missing or still
    （请填写） (setting → its problem); a missing 街道 is an error at once (every report's title
    and file name have it)."""
    values: dict[str, Any] = {}
    unset: dict[str, Problem] = {}  # a problem only where a report uses the setting (`required_settings`)
    for key, attr in _TEXT_FIELDS.items():
        raw = office.get(key, "").strip()
        if not raw and office:
            missing = error(f"缺少“{key}”，请在 [{OFFICE_SECTION}] 下写一行 {key} = …", file=name, cell=key)
            if key == "街道":  # every report's title and file name
                problems.append(missing)
            else:
                unset[key] = missing
        elif TO_FILL in raw:
            unset[key] = error(f"“{key}”还没有填写，请把“{TO_FILL}”改成实际内容", file=name, cell=key)
        values[attr] = raw
    return values, unset


def _report_dates(
    parser: configparser.ConfigParser, name: str, problems: list[Problem]
) -> dict[int, dt.date]:
    """`[成文日期]`: each year's report date."""
    dates: dict[int, dt.date] = {}
    if not parser.has_section(DATES_SECTION):
        return dates
    for year, raw in parser[DATES_SECTION].items():
        where = {"file": name, "cell": f"[{DATES_SECTION}] {year}"}
        if not _YEAR.match(year.strip()):
            problems.append(error(f"“{year}”不是年度，应为四位年份，如 2024 = 2025年1月20日", **where))
            continue
        try:
            dates[int(year)] = parse_date(raw)
        except CellError as exc:
            problems.append(error(str(exc).replace("2024-03-15", "2025年1月20日"), **where))
    return dates


def add_report(path: Path, name: str, *, default: tuple[str, ...] = ()) -> bool:
    """List `name` among the office's reports (`[报告] 模板`) in the settings file, keeping the
    rest of the file as the clerk wrote it (a file with no list made the `default` reports, which
    it goes on making); False when it is listed already."""
    raw = path.read_bytes()
    text = read_text_file(path)
    lines = text.splitlines()
    section, at = "", None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip()
        elif section == REPORT_SECTION and re.match(rf"^{REPORTS_KEY}\s*[=:]", stripped):
            at = i
    if at is not None:
        key, _, value = lines[at].partition("=") if "=" in lines[at] else lines[at].partition(":")
        listed = [r.strip() for r in re.split(r"[、，,;；]+", value) if r.strip()]
        if name in listed:
            return False
        lines[at] = f"{key.rstrip()} = {'、'.join([*listed, name])}"
    else:
        if not any(line.strip() == f"[{REPORT_SECTION}]" for line in lines):
            lines += ["", f"[{REPORT_SECTION}]"]
        index = next(i for i, line in enumerate(lines) if line.strip() == f"[{REPORT_SECTION}]")
        lines.insert(index + 1, f"{REPORTS_KEY} = {'、'.join(dict.fromkeys([*default, name]))}")
    newline = "\r\n" if b"\r\n" in raw else "\n"
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    path.write_bytes((bom + newline.join(lines) + newline).encode("utf-8"))
    return True


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
