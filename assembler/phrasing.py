"""How numbers are written in a Chinese report: 130余, 1300多, 近200, 100%, 5600元.

Each figure in the catalog names its phrasing (`余10`, `多100`, `近100`, `精确`,
`百分比`, `元`, `万元`, `文本`); the same rules are template filters, so a template
author can override one use: ``{{ 出动执法人员|余(1000) }}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

Number = int | Decimal


def _whole(value: Any) -> int:
    value = getattr(value, "value", value)
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        raise TypeError(f"不是数值：{value!r}")
    return int(value)


def exact(value: Any) -> str:
    """The plain number: 406126 → 406126; 12.50 → 12.5."""
    value = getattr(value, "value", value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return plain_decimal(Decimal(str(value)))


def plain_decimal(value: Decimal, places: int | None = None) -> str:
    """A decimal without exponent or trailing zeros, optionally rounded half up."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def fixed_places(value: Any, places: int) -> str:
    """A number with exactly `places` decimals, rounded half up: 100 → 100.0 (places 1)."""
    value = getattr(value, "value", value)
    return format(Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), "f")


def grouped(value: Any) -> str:
    """The plain number with thousands separators, as some reports write it: 1386 → 1,386."""
    text = exact(value)
    whole, dot, part = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}{dot}{part}"


def approx(value: Any, step: int = 10, word: str = "余") -> str:
    """Round down to `step` and add 余/多 when something was cut: 134 → 130余, 130 → 130.

    A count smaller than the step has nothing to round to and prints exactly.
    """
    n = _whole(value)
    if step < 1:
        raise ValueError("步长必须是正整数")
    if n < step:
        return str(n)
    floor = n - n % step
    return str(n) if floor == n else f"{floor}{word}"


def in_wan(value: Any, places: int = 1) -> str:
    """A count in 万 with `places` decimals, as reports write large counts: 406126 → 40.6万."""
    value = getattr(value, "value", value)
    return f"{(Decimal(str(value)) / 10000).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)}万"


def more(value: Any, step: int = 10) -> str:
    """1346 → 1300多 (with step 100)."""
    return approx(value, step, "多")


def near(value: Any, step: int = 10) -> str:
    """Round up to `step` and say 近: 196 → 近200; 200 → 200."""
    n = _whole(value)
    if step < 1:
        raise ValueError("步长必须是正整数")
    if n < step:
        return str(n)
    ceiling = -(-n // step) * step
    return str(n) if ceiling == n else f"近{ceiling}"


def percent(value: Any, places: int = 1) -> str:
    """A percentage held as 0–100: 100 → 100%, 12.46 → 12.5%."""
    value = getattr(value, "value", value)
    return f"{plain_decimal(Decimal(str(value)), places)}%"


def as_entered(value: Any) -> str:
    """A decimal with the places it was entered with: 1.50 → 1.50, 2 → 2 (a table's 万元)."""
    value = getattr(value, "value", value)
    return format(Decimal(str(value)), "f")


def yuan(value: Any) -> str:
    """Money in 元: 5600 → 5600元."""
    value = getattr(value, "value", value)
    return f"{plain_decimal(Decimal(str(value)), 2)}元"


def wan_yuan(value: Any, places: int = 2) -> str:
    """Money in 万元: 56000 → 5.6万元."""
    value = getattr(value, "value", value)
    return f"{plain_decimal(Decimal(str(value)) / 10000, places)}万元"


@dataclass(frozen=True)
class Phrasing:
    """A catalog's phrasing rule, parsed from its spelling (`余10`, `近100`, `精确` ...)."""

    kind: str
    step: int = 1  # the rounding step (余10), or the decimal places (万1, and 百分比1 with `fixed`)
    fixed: bool = False  # 百分比1, 小数2, 元2: always that many decimals, trailing zeros kept

    _SPELLING = re.compile(r"^(余|多|近|以上)(\d+)$")
    _WAN = re.compile(r"^万(\d)$")
    _PLACES = re.compile(r"^(百分比|小数|元)(\d{1,2})$")  # a fixed number of decimals, zeros kept: 100.0%
    _PLAIN = ("精确", "千分位", "百分比", "元", "万元", "文本", "小数")

    @classmethod
    def parse(cls, spelling: str) -> Phrasing:
        spelling = spelling.strip()
        m = cls._SPELLING.match(spelling)
        if m:
            step = int(m.group(2))
            if step < 1:
                raise ValueError(f"表述“{spelling}”的步长必须大于0")
            return cls(m.group(1), step)
        if spelling in cls._PLAIN:
            return cls(spelling)
        wan = cls._WAN.match(spelling)
        if wan:
            return cls("万", int(wan.group(1)))
        places = cls._PLACES.match(spelling)
        if places:
            return cls(places.group(1), int(places.group(2)), fixed=True)
        raise ValueError(
            f"不认识的表述“{spelling}”，可用：余10、多100、近100、以上10（数字为取整单位）、万1（以万为单位，"
            "数字为小数位数）、百分比1、小数2、元2（固定的小数位数）、" + "、".join(cls._PLAIN)
        )

    def __str__(self) -> str:
        if self.kind in ("余", "多", "近", "以上", "万") or self.fixed:
            return f"{self.kind}{self.step}"
        return self.kind

    def apply(self, value: Any) -> str:
        if self.fixed:
            text = fixed_places(value, self.step)
            return {"百分比": f"{text}%", "元": f"{text}元"}.get(self.kind, text)
        if self.kind == "余":
            return approx(value, self.step, "余")
        if self.kind == "多":
            return approx(value, self.step, "多")
        if self.kind == "近":
            return near(value, self.step)
        if self.kind == "以上":
            return approx(value, self.step, "")
        if self.kind == "万":
            return in_wan(value, self.step)
        if self.kind == "精确":
            return exact(value)
        if self.kind == "千分位":
            return grouped(value)
        if self.kind == "百分比":
            return percent(value)
        if self.kind == "元":
            return yuan(value)
        if self.kind == "万元":
            return wan_yuan(value)
        if self.kind == "小数":
            return as_entered(value)
        return str(getattr(value, "value", value))


def _previous(figure: Any) -> Any:
    previous = getattr(figure, "previous", None)
    if previous is None:
        label = getattr(figure, "label", "该指标")
        raise ValueError(f"“{label}”没有上年数据（缺少上一年度的文件夹），不能写同比")
    return previous


def year_on_year(figure: Any, places: int = 1) -> str:
    """同比增长12.5% / 同比下降3.1% / 与上年持平, from a figure that knows its previous value."""
    old, new = Decimal(str(_previous(figure))), Decimal(str(getattr(figure, "value", figure)))
    if old == 0:
        return "与上年持平" if new == 0 else "上年为零，无法计算同比"
    change = (new - old) / old * 100
    shown = plain_decimal(abs(change), places)
    if shown == "0":
        return "与上年持平"
    return f"同比{'增长' if change > 0 else '下降'}{shown}%"


def last_year(figure: Any) -> str:
    """The previous year's value, phrased like this year's: 上年为 ``{{ x|上年 }}``."""
    previous = _previous(figure)
    phrasing = getattr(getattr(figure, "spec", None), "phrasing", None)
    return phrasing.apply(previous) if phrasing else exact(previous)


CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (for numbering up to 99)."""
    if not 0 < n < 100:
        raise ValueError("编号只支持1到99")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


# Template filters, by the names template authors write.
FILTERS = {
    "余": lambda v, step=10: approx(v, step, "余"),
    "多": lambda v, step=10: approx(v, step, "多"),
    "近": near,
    "精确": exact,
    "千分位": grouped,
    "百分比": percent,
    "元": yuan,
    "万元": wan_yuan,
    "中文序号": chinese_number,
    "同比": year_on_year,
    "上年": last_year,
}
