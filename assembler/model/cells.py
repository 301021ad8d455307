"""Reading one cell the way a clerk meant it.

Clerks type `1,300`, `１３００`, ` 45人 `, `100%`, `5600元`, `2024年3月15日`. Each parser
takes the raw value a spreadsheet reader returns and gives back either the value or a
Chinese sentence saying what is wrong and how to fix it (`CellError`). An empty cell is
`EMPTY`: whether that is a problem is for the caller to decide.

A number that could mean two things is refused, never guessed: an approximate number
(`7100余`, `约50`, `30多`, `近200`, `100以上`), a range (`30-40`, `30至40`), a comma that may be a
decimal point (`5600,00`: 5600.00 or 560000?) or misplaced thousands separators (`56,00`),
several decimal points, Chinese numerals (`三十`). Form cells and ledger cells go through the
same rules (`parse_value`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from assembler.model.phrasing import MONEY_UNITS


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


# A cell already reported for what it is part of (a refused merged range): unusable, said once.
REPORTED = Unreadable("")


def excel_error(code: str) -> Unreadable:
    return Unreadable(f"公式计算出错（{code}）；请在 Excel 中修正公式，或直接填写数字")


# Measure words a clerk may type after a number; the figure's own unit is always allowed.
MEASURE_WORDS = (
    "人次", "车次", "处次", "户次", "人", "次", "场", "个", "件", "家", "户", "名",
    "张", "份", "起", "宗", "元", "条", "项", "篇", "期", "批", "所", "处", "辆", "天",
)  # fmt: skip
_NUMBER = re.compile(r"^([+-]?)(\d+(?:\.\d+)?|\.\d+)$")
# Words that make a number approximate, in any position (after NFKC: ～ is ~, ≈ stays).
APPROXIMATE = ("大约", "大概", "将近", "左右", "以上", "以下", "上下", "超过", "不足", "不到", "若干",
               "余", "多", "约", "近", "许", "~", "≈")  # fmt: skip
_APPROXIMATE = re.compile("|".join(map(re.escape, APPROXIMATE)))
_RANGE = re.compile(r"\d\s*(?:-|—|–|至|到)\s*[+-]?\d")
_CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_NUMERAL = re.compile(f"[{_CN_DIGITS}十拾百佰千仟万亿]+")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_SPACE_GROUPED = re.compile(r"^[+-]?\d{1,3}(?: \d{3})+(?:\.\d+)?$")


def _normalise(text: str) -> str:
    # NFKC folds full-width digits, commas and spaces into their ASCII forms.
    text = unicodedata.normalize("NFKC", text)
    return text.strip().replace(" ", "")


def chinese_numeral_value(text: str) -> int | None:
    """三十 → 30, 一百二十 → 120, 两千零五 → 2005, 三千五百万 → 35000000; None if not one."""
    digits = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {
        "〇": 0, "两": 2, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
    }  # fmt: skip
    if not text or not _CN_NUMERAL.fullmatch(text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in digits:
            digit = digits[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        elif ch in "万亿":
            section += digit or 0
            total = (total + section) * (10000 if ch == "万" else 100_000_000)
            section, digit = 0, None
    return total + section + (digit or 0)


def _number_text(raw: Any, text: str) -> str:
    """`text` (a cell's text, NFKC-folded, unit removed) as plain digits, or the reason it is
    not one number."""
    s = shown(raw)
    if "," in text:
        if _GROUPED.match(text):
            return text.replace(",", "")
        if text.count(",") == 1 and re.fullmatch(r"[+-]?\d+,\d+", text):
            point, joined = text.replace(",", "."), str(Decimal(text.replace(",", "")))
            raise CellError(
                f"“{s}”中的逗号含义不明：是 {point} 还是 {joined}？请不用逗号，直接写成准确的数字"
            )
        raise CellError(
            f"“{s}”中的逗号位置不对（千位分隔符应每三位一个，如 1,300）；请不用逗号，直接写成准确的数字"
        )
    if text.count(".") > 1:
        raise CellError(f"“{s}”有多个小数点，含义不明；请直接写成准确的数字（如 1300000 或 1300.5）")
    return text


def is_empty(raw: Any) -> bool:
    """Nothing, or only spaces of any width. A text's `strip` says it: a character NFKC folds
    into a space is a space to `str.isspace` too (every character tested), so every cell of a
    ledger need not be normalised to be told apart from an empty one."""
    if isinstance(raw, Unreadable):
        return False
    return raw is None or (isinstance(raw, str) and not raw.strip())


def shown(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    text = str(raw).strip()
    return text if len(text) <= 20 else text[:20] + "…"


def _plain(value: Decimal) -> str:
    """90, 0.9, 99.5: a number as written, without exponent or trailing zeros."""
    return format(value.normalize(), "f")


def _number(raw: Any, unit: str, extra_units: Sequence[str] = (), display: Any = None) -> Decimal:
    """A number from a numeric cell or from text such as `1,300`, `１３００`, `45人`; messages
    quote `display` (the cell as typed) when `raw` is part of it."""
    display = raw if display is None else display
    if isinstance(raw, bool):
        raise CellError(f"应填写数字，现为“{'是' if raw else '否'}”；请只填写阿拉伯数字")
    if isinstance(raw, int | float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise CellError("不是有效的数字，请重新填写")
        if isinstance(raw, float) and raw.is_integer():
            return Decimal(int(raw))  # a numeric cell of 2 reads 2.0: it is the number 2
        return Decimal(repr(raw) if isinstance(raw, float) else str(raw))
    if isinstance(raw, dt.date | dt.time | dt.timedelta):
        raise CellError("应填写数字，现为日期或时间；请把单元格格式改为“常规”后重新填写数字")
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if text.startswith("#"):
        raise CellError(f"公式计算出错（{text}），请在 Excel 中修正公式或直接填写数字")
    approximate = _APPROXIMATE.search(text)
    if approximate and (re.search(r"\d", text) or _CN_NUMERAL.search(text)):
        raise CellError(
            f"“{shown(display)}”不是准确数字（有“{approximate.group(0)}”）；请填写准确的数字，"
            "报告中“余”“多”“近”等写法由工具按规则生成"
        )
    if _RANGE.search(text):
        raise CellError(f"“{shown(display)}”是一个范围；请填写一个准确的数字")
    if _SPACE_GROUPED.match(text):  # 1 300: thousands spaced out
        text = text.replace(" ", "")
    elif re.search(r"\d\s+\d", text):
        raise CellError(f"“{shown(display)}”的数字中间有空格，含义不明；请去掉空格，写成一个准确的数字")
    text = text.replace(" ", "")
    for suffix in sorted({unit, *extra_units, *MEASURE_WORDS} - {""}, key=len, reverse=True):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    numeral = _CN_NUMERAL.search(text)
    if numeral:
        value = chinese_numeral_value(text)
        example = f"，如 {value}" if value is not None else ""
        raise CellError(f"“{shown(display)}”是汉字数字；请用阿拉伯数字填写{example}")
    m = _NUMBER.match(_number_text(display, text))
    if not m:
        raise CellError(f"应填写数字，现为“{shown(display)}”；请只填写阿拉伯数字")
    try:
        value = Decimal(m.group(1) + m.group(2))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise CellError(f"应填写数字，现为“{shown(display)}”") from None
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
    """An amount, 0 or more, in the figure's unit (元, 万元 or 亿元: what the form asks for). A
    number typed with another money unit is converted: `0.56万元` in a 元 cell is 5600, `565000元`
    in a 万元 cell is 56.5."""
    if is_empty(raw):
        return EMPTY
    unit = unit or "元"
    typed, given = raw, unit
    if isinstance(raw, str):
        text = _normalise(raw)
        given = next((u for u in ("亿元", "万元", "元") if text.endswith(u)), unit)
        if given != unit:
            raw = text[: -len(given)]
    value = _number(raw, unit, ("元",), display=typed)
    if given != unit:
        value = value * MONEY_UNITS[given] / MONEY_UNITS[unit]
        value = value.normalize() if value != value.to_integral_value() else Decimal(int(value))
    if value < 0:
        raise CellError(f"金额不能为负数，现为 {shown(typed)}")
    return value


def parse_decimal(raw: Any, unit: str = "") -> Decimal:
    """A number that may have decimals, 0 or more, in the figure's own unit (`1.25`, `1.25万元`);
    no other unit is stripped: `12500元` in a 万元 cell is refused, not read as 12500万元."""
    if is_empty(raw):
        return EMPTY
    if isinstance(raw, str):
        text = unicodedata.normalize("NFKC", raw).strip().replace(" ", "")
        other = next((w for w in ("万元", "元", *MEASURE_WORDS) if text.endswith(w) and w != unit), None)
        if other and not (unit and text.endswith(unit)):
            raise CellError(f"“{shown(raw)}”的单位是“{other}”，本项以“{unit}”为单位；请换算后只填数字")
    value = (
        _number(raw, unit, (), display=raw)
        if not isinstance(raw, str)
        else _number(_strip_unit(raw, unit), "", (), display=raw)
    )
    if value < 0:
        raise CellError(f"不能为负数，现为 {shown(raw)}")
    return value


def _strip_unit(raw: str, unit: str) -> str:
    text = unicodedata.normalize("NFKC", raw).strip()
    return text[: -len(unit)] if unit and text.endswith(unit) and len(text) > len(unit) else text


def parse_percent(raw: Any, unit: str = "%", shown_as_percent: bool | None = None) -> Decimal:
    """A percentage as 0–100, as the clerk saw it. In a cell formatted as a percentage
    (`shown_as_percent`), a number is what Excel stores for what it shows: 0.9 is 90%, 1 is 100%,
    1.5 is 150% (refused). Elsewhere `100%` and `100` are 100, and a number up to 1 could mean
    90% or 0.9%: refused, asking for the % sign (also typed as text). Where the format was not
    looked up (None), a number up to 1 is taken as Excel stores a percentage, a larger one as
    written."""
    if is_empty(raw):
        return EMPTY
    typed = raw
    typed_percent = isinstance(raw, str) and _normalise(raw).endswith("%")
    if typed_percent:
        raw = _normalise(raw)[:-1]
    value = _number(raw, "", (), display=typed)
    if shown_as_percent and not isinstance(raw, str) and value > 1:
        raise CellError(
            f"单元格是百分比格式，{shown(typed)} 显示为 {_plain(value * 100)}%，超出了0到100；"
            f"如要填 {_plain(value)}%，请直接输入 {_plain(value)}%"
        )
    if not typed_percent and 0 < value <= 1 and (isinstance(raw, str) or shown_as_percent is False):
        as_fraction = _plain(value * 100)
        raise CellError(
            f"填的是 {shown(typed)}，不清楚是 {as_fraction}% 还是 {_plain(value)}%；"
            f"请填写带百分号的数，如 {as_fraction}%"
        )
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
    "decimal": parse_decimal,
    "percent": parse_percent,
    "text": parse_text,
    "date": parse_date,
}

TYPE_NAMES = {
    "count": "整数",
    "money": "金额",
    "decimal": "数字（可有小数）",
    "percent": "百分比",
    "text": "文字",
    "date": "日期",
    "choice": "选项",
}


def parse_value(
    kind: str, raw: Any, unit: str = "", choices: Sequence[str] = (), shown_as_percent: bool | None = None
) -> Any:
    """The one entry point: a cell's value as `kind` (count, money, percent, text, date, choice);
    a percentage's cell says whether its format shows it as one (`parse_percent`)."""
    if isinstance(raw, Unreadable):
        raise CellError(raw.message)
    if kind == "choice":
        return parse_choice(raw, choices)
    if kind == "percent":
        return parse_percent(raw, unit, shown_as_percent)
    return PARSERS[kind](raw, unit)


def parse_choice(raw: Any, choices: Sequence[str]) -> str:
    if is_empty(raw):
        return EMPTY
    text = _normalise(str(raw))
    if text in choices:
        return text
    options = "、".join(choices[:6]) + ("等" if len(choices) > 6 else "")
    raise CellError(f"“{shown(raw)}”不在可选范围内；请从下拉列表中选择（{options}）")


_FULL_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}


def plain(text: str) -> str:
    """Full-width ASCII folded to half-width, one character for one (positions stay)."""
    return "".join(_FULL_WIDTH.get(ch, ch) for ch in text)
