"""Reading one cell the way a clerk meant it.

Clerks type `1,300`, `１３００`, ` 45人 `, `100%`, `5600元`, `2024年3月15日`. Each parser
takes the raw value a spreadsheet reader returns and gives back either the value or a
Chinese sentence saying what is wrong and how to fix it (`CellError`). An empty cell is
`EMPTY`: whether that is a problem is for the caller to decide.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any


class CellError(ValueError):
    """The cell holds something that is not what the form asks for."""


class _Empty:
    def __repr__(self) -> str:
        return "EMPTY"

    def __bool__(self) -> bool:
        return False


EMPTY: Any = _Empty()


@dataclass(frozen=True)
class Unreadable:
    """A cell a spreadsheet reader shows as empty although something is there: a formula saved
    without its result, or an Excel error value such as #DIV/0!."""

    message: str


UNCALCULATED = Unreadable(
    "公式没有计算结果（文件可能由其他程序生成）；请用 Excel 或 WPS 打开此文件，保存后再试"
)


def excel_error(code: str) -> Unreadable:
    return Unreadable(f"公式计算出错（{code}）；请在 Excel 中修正公式，或直接填写数字")


# Measure words a clerk may type after a number; the figure's own unit is always allowed.
MEASURE_WORDS = (
    "人次", "车次", "处次", "户次", "余人", "人", "次", "场", "个", "件", "家", "户", "名",
    "张", "份", "起", "宗", "元", "条", "项", "篇", "期", "批", "所", "处", "辆", "天",
)  # fmt: skip
_NUMBER = re.compile(r"^([+-]?)(\d[\d,]*(?:\.\d+)?|\.\d+)$")


def _normalise(text: str) -> str:
    # NFKC folds full-width digits, commas and spaces into their ASCII forms.
    text = unicodedata.normalize("NFKC", text)
    return text.strip().replace(" ", "")


def is_empty(raw: Any) -> bool:
    if isinstance(raw, Unreadable):
        return False
    return raw is None or (isinstance(raw, str) and _normalise(raw) == "")


def shown(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    text = str(raw).strip()
    return text if len(text) <= 20 else text[:20] + "…"


def _number(raw: Any, unit: str, extra_units: Sequence[str] = ()) -> Decimal:
    """A number from a numeric cell or from text such as `1,300`, `１３００`, `45人`."""
    if isinstance(raw, bool):
        raise CellError(f"应填写数字，现为“{'是' if raw else '否'}”；请只填写阿拉伯数字")
    if isinstance(raw, int | float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise CellError("不是有效的数字，请重新填写")
        return Decimal(str(raw))
    if isinstance(raw, dt.date | dt.time | dt.timedelta):
        raise CellError("应填写数字，现为日期或时间；请把单元格格式改为“常规”后重新填写数字")
    text = _normalise(str(raw))
    if text.startswith("#"):
        raise CellError(f"公式计算出错（{text}），请在 Excel 中修正公式或直接填写数字")
    for suffix in sorted({unit, *extra_units, *MEASURE_WORDS} - {""}, key=len, reverse=True):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    m = _NUMBER.match(text)
    if not m:
        raise CellError(f"应填写数字，现为“{shown(raw)}”；请只填写阿拉伯数字")
    try:
        value = Decimal(m.group(1) + m.group(2).replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise CellError(f"应填写数字，现为“{shown(raw)}”") from None
    return value


def parse_count(raw: Any, unit: str = "") -> int:
    """A whole number of things, 0 or more."""
    if is_empty(raw):
        return EMPTY
    value = _number(raw, unit)
    if value < 0:
        raise CellError(f"不能为负数，现为 {shown(raw)}")
    if value != value.to_integral_value():
        raise CellError(f"应为整数，现为 {shown(raw)}")
    return int(value)


def parse_money(raw: Any, unit: str = "元") -> Decimal:
    """An amount in 元, 0 or more; `0.56万元` is read as 5600."""
    if is_empty(raw):
        return EMPTY
    scale = Decimal(1)
    if isinstance(raw, str) and _normalise(raw).endswith("万元"):
        raw, scale = _normalise(raw)[:-2], Decimal(10000)
    value = _number(raw, unit, ("元",)) * scale
    if value < 0:
        raise CellError(f"金额不能为负数，现为 {shown(raw)}")
    return value


def parse_percent(raw: Any, unit: str = "%") -> Decimal:
    """A percentage as 0–100. `100%` and `100` are 100; a fraction up to 1 (how Excel
    stores a cell formatted as a percentage) is multiplied by 100, so `1` is 100%."""
    if is_empty(raw):
        return EMPTY
    typed_percent = isinstance(raw, str) and _normalise(raw).endswith("%")
    if typed_percent:
        raw = _normalise(raw)[:-1]
    value = _number(raw, "", ())
    if not typed_percent and 0 <= value <= 1:
        value *= 100
    if value < 0 or value > 100:
        raise CellError(f"百分比应在0到100之间，现为 {shown(raw)}")
    return value.normalize() if value != value.to_integral_value() else Decimal(int(value))


def parse_text(raw: Any, unit: str = "") -> str:
    if is_empty(raw):
        return EMPTY
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime | dt.date):
        return format_date(raw)
    return unicodedata.normalize("NFC", str(raw)).strip()


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(raw: Any, unit: str = "") -> dt.date:
    if is_empty(raw):
        return EMPTY
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 1 <= raw < 2958466:
        return _EXCEL_EPOCH + dt.timedelta(days=int(raw))
    m = _DATE.match(_normalise(str(raw)))
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    raise CellError(f"不是有效的日期：“{shown(raw)}”；请按 2024-03-15 的格式填写")


def format_date(day: dt.date) -> str:
    """The official form: Arabic numerals, full year, no leading zeros: 2025年3月1日."""
    return f"{day.year}年{day.month}月{day.day}日"


PARSERS = {
    "count": parse_count,
    "money": parse_money,
    "percent": parse_percent,
    "text": parse_text,
    "date": parse_date,
}

TYPE_NAMES = {
    "count": "整数",
    "money": "金额",
    "percent": "百分比",
    "text": "文字",
    "date": "日期",
    "choice": "选项",
}


def parse_value(kind: str, raw: Any, unit: str = "", choices: Sequence[str] = ()) -> Any:
    """The one entry point: a cell's value as `kind` (count, money, percent, text, date, choice)."""
    if isinstance(raw, Unreadable):
        raise CellError(raw.message)
    if kind == "choice":
        return parse_choice(raw, choices)
    return PARSERS[kind](raw, unit)


def parse_choice(raw: Any, choices: Sequence[str]) -> str:
    if is_empty(raw):
        return EMPTY
    text = _normalise(str(raw))
    if text in choices:
        return text
    options = "、".join(choices[:6]) + ("等" if len(choices) > 6 else "")
    raise CellError(f"“{shown(raw)}”不在可选范围内；请从下拉列表中选择（{options}）")
