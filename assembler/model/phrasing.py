"""How numbers are written in a Chinese report, and when each wording is true.

Each figure in the catalog names its phrasing (`余10`, `多100`, `近100`, `精确`, `百分比`,
`元`, `万元`, `文本` …); the same rules are template filters, so a template author can
override one use: ``{{ 出动执法人员|余(1000) }}``.

A wording states something about the exact value v. A phrasing prints its wording only where
that statement is true of v; elsewhere it prints a true fallback and says why
(`Wording.untrue`), which the build reports as a warning naming the figure. The rules:

| phrasing          | prints                                          | true when                       | else            |
|-------------------|-------------------------------------------------|---------------------------------|-----------------|
| 精确, 小数         | v as entered (406126, 12.5; 小数 keeps 12.50)     | always                          |                 |
| 千分位             | v with thousands separators (1,386)              | always                          |                 |
| 余N, 多N           | F余 (F = v rounded down to a multiple of N);     | F < v < F + N, v ≥ 0            | v exactly       |
|                   | v itself when v = F or v < N                     |                                 |                 |
| 以上N             | F (the template writes 以上 after the unit)       | F ≤ v, v ≥ 0                    | v exactly       |
| 近N               | 近C (C = v rounded up to a multiple of N);       | v "just below" C: less than     | the 余N wording |
|                   | v itself when v = C or v < N                     | half a step below it, and at    |                 |
|                   |                                                  | least nine tenths of it         |                 |
| 万N               | v/10000 rounded half up to N decimals, 万 (0: 0) | 0万 only when v = 0             | more decimals   |
| 万余N, 万多N       | v/10000 rounded down to N decimals, 万余 if cut  | the rounded part is not 0       | v exactly       |
| 百分比, 百分比N     | v% rounded half up to 1 (N) decimals            | 0% and 100% only when v is      | more decimals   |
| 元, 元N, 万元, 万元N | the amount in 元 (万元) rounded half up to 2 (N) | 0 only when v = 0               | more decimals   |
| 小数N             | v rounded half up to N decimals                  | 0 only when v = 0               | more decimals   |
| 同比 (filter)      | 同比增长x% / 同比下降x% / 与上年持平               | 持平 only when equal; x ≠ 0      | more decimals   |

"More decimals" adds places until the rounding no longer lands on the boundary (99.96 → 99.96%,
never 100.0%); the wording is then still true and as exact as the value. Money is held in the
figure's own unit (元, 万元 or 亿元, what the form asks for) and converted where the phrasing
prints another: a 万元 figure of 56.5 prints 56.5万元 under 万元 and 565000元 under 元.
Arithmetic runs at the precision each value needs, so no value is too long to phrase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal
from typing import Any, ClassVar

Number = int | Decimal

# Money units a figure may be kept in, with their size in 元.
MONEY_UNITS = {"元": 1, "万元": 10_000, "亿元": 100_000_000}
PERCENT_BOUNDS = (Decimal(0), Decimal(100))  # 0% and 100% say "none" and "all"
ZERO = (Decimal(0),)
NEAR_SHARE = Decimal("0.9")  # 近C: at least nine tenths of C (and less than half a step below it)


@dataclass(frozen=True)
class Wording:
    """What a phrasing prints for a value, and, when its own wording would have been untrue
    there, why (then `text` is the true fallback)."""

    text: str
    untrue: str = ""

    def __str__(self) -> str:
        return self.text


def is_number(value: Any) -> bool:
    """Whether a filter's value (a figure, or a number itself) is a number it can word."""
    value = getattr(value, "value", value)
    return not isinstance(value, bool) and isinstance(value, int | Decimal | float)


def _number(value: Any) -> Decimal:
    if not is_number(value):
        raise TypeError(f"不是数值：{getattr(value, 'value', value)!r}")
    value = getattr(value, "value", value)
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"不是有效的数值：{value!r}")
    return number


def _context(value: Decimal, places: int = 0) -> Context:
    """A context precise enough for `value` rounded to `places` decimals (the default 28 digits
    would fail on a long number such as 100100100100000.00202320232023)."""
    digits = len(value.as_tuple().digits)
    return Context(prec=max(28, digits + 2, value.adjusted() + places + 4), rounding=ROUND_HALF_UP)


def _divide(a: Decimal, b: Decimal | int) -> Decimal:
    """a / b at the precision a needs (exact for the powers of ten units are)."""
    return _context(a, 30).divide(a, Decimal(b))


def _floor_to(value: Decimal, step: int) -> Decimal:
    """The largest multiple of `step` not above `value` (value ≥ 0)."""
    context = _context(value)
    return context.multiply(context.divide_int(value, Decimal(step)), Decimal(step))


def _round(value: Decimal, places: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    context = _context(value, places)
    context.rounding = rounding
    return value.quantize(Decimal(1).scaleb(-places), context=context)


def _plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 12.50 → 12.5, 3.0 → 3."""
    if value == value.to_integral_value(rounding=ROUND_DOWN):
        return str(int(value))
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _true_rounding(value: Decimal, places: int, bounds: tuple[Decimal, ...]) -> tuple[Decimal, int]:
    """`value` rounded half up to `places` decimals, or to more where that would land on a
    boundary the value is not (99.96 to one place is 100.0: two places, 99.96)."""
    for more in range(places, places + 40):
        rounded = _round(value, more)
        if not any(rounded == b and value != b for b in bounds):
            return rounded, more
    return value, -value.as_tuple().exponent  # type: ignore[operator]  # a value of 40+ places: as it is


def exact(value: Any) -> str:
    """The plain number: 406126 → 406126; 12.50 → 12.5."""
    value = getattr(value, "value", value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _plain(_number(value))


def plain_decimal(value: Decimal, places: int | None = None) -> str:
    """A decimal without exponent or trailing zeros, optionally rounded half up."""
    value = _number(value)
    return _plain(_round(value, places) if places is not None else value)


def fixed_places(value: Any, places: int) -> str:
    """A number with exactly `places` decimals, rounded half up: 100 → 100.0 (places 1)."""
    return format(_round(_number(value), places), "f")


def grouped(value: Any) -> str:
    """The plain number with thousands separators, as some reports write it: 1386 → 1,386."""
    text = exact(value)
    whole, dot, part = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}{dot}{part}"


def _negative(value: Decimal, wording: str) -> Wording:
    return Wording(_plain(value), f"数值{_plain(value)}是负数，不能写成“{wording}”，已照实写出")


def _rounded_down(value: Decimal, step: int, word: str) -> Wording:
    """F余 for F < v < F + step (F a multiple of step); v itself when nothing was cut."""
    if step < 1:
        raise ValueError("步长必须是正整数")
    if value < 0:
        return _negative(value, word or "以上")
    if value < step:
        return Wording(_plain(value))
    floor = _floor_to(value, step)
    if floor == value:
        return Wording(_plain(value))
    return Wording(f"{_plain(floor)}{word}")


def approx(value: Any, step: int = 10, word: str = "余") -> str:
    """Round down to `step` and add 余/多 when something was cut: 134 → 130余, 130 → 130.

    A count smaller than the step has nothing to round to and prints exactly.
    """
    return _rounded_down(_number(value), step, word).text


def more(value: Any, step: int = 10) -> str:
    """1346 → 1300多 (with step 100)."""
    return approx(value, step, "多")


def _near(value: Decimal, step: int) -> Wording:
    if step < 1:
        raise ValueError("步长必须是正整数")
    if value < 0:
        return _negative(value, "近")
    if value < step:
        return Wording(_plain(value))
    ceiling = _floor_to(value, step)
    if ceiling == value:
        return Wording(_plain(value))
    ceiling += step
    if value >= ceiling * NEAR_SHARE and (ceiling - value) * 2 < step:
        return Wording(f"近{_plain(ceiling)}")
    fallback = _rounded_down(value, step, "余").text
    return Wording(
        fallback,
        f"数值{_plain(value)}离{_plain(ceiling)}较远（差{_plain(ceiling - value)}），写“近{_plain(ceiling)}”不确切，"
        f"已写作“{fallback}”",
    )


def near(value: Any, step: int = 10) -> str:
    """Round up to `step` and say 近 where the value is just below it: 196 → 近200; 200 → 200;
    432 (not nine tenths of 500) → 430余."""
    return _near(_number(value), step).text


def _bounded(value: Decimal, places: int, bounds: tuple[Decimal, ...], fixed: bool, suffix: str) -> Wording:
    rounded, used = _true_rounding(value, places, bounds)
    text = format(rounded, "f") if fixed else _plain(rounded)
    if used == places:
        return Wording(text + suffix)
    lazy = format(_round(value, places), "f") if fixed else _plain(_round(value, places))
    return Wording(
        text + suffix,
        f"数值{_plain(value)}{suffix}按写法会印成“{lazy}{suffix}”，与实际不符，已写作“{text}{suffix}”",
    )


def percent(value: Any, places: int = 1) -> str:
    """A percentage held as 0–100: 100 → 100%, 12.46 → 12.5%, 99.96 → 99.96% (never 100%)."""
    return _bounded(_number(value), places, PERCENT_BOUNDS, False, "%").text


def _in_wan(value: Decimal, places: int) -> Wording:
    if value == 0:
        return Wording("0")
    return _bounded(_divide(value, 10000), places, ZERO, True, "万")


def in_wan(value: Any, places: int = 1) -> str:
    """A count in 万 with `places` decimals, as reports write large counts: 406126 → 40.6万."""
    return _in_wan(_number(value), places).text


def _wan_floor(value: Decimal, places: int, word: str) -> Wording:
    """1.2万余 for 12,000 < v < 12,100 (places 1); 1.2万 for exactly 12,000."""
    if value < 0:
        return _negative(value, f"万{word}")
    if value == 0:
        return Wording("0")
    wan = _divide(value, 10000)
    floor = _round(wan, places, ROUND_DOWN)
    if floor == 0 and value != 0:
        return Wording(
            _plain(value), f"数值{_plain(value)}不到一万的十分之一，不能写成“万{word}”，已照实写出"
        )
    if floor == wan:
        return Wording(f"{format(floor, 'f')}万")
    return Wording(f"{format(floor, 'f')}万{word}")


def _money(value: Decimal, unit: str, into: str) -> Decimal:
    """An amount held in `unit` (元 by default) as an amount in `into`."""
    scale = MONEY_UNITS.get(unit or "元", 1)
    if scale == MONEY_UNITS[into]:
        return value
    return _divide(_context(value, 10).multiply(value, Decimal(scale)), MONEY_UNITS[into])


def yuan(value: Any, unit: str = "元") -> str:
    """Money in 元: 5600 → 5600元."""
    return _bounded(_money(_number(value), unit, "元"), 2, ZERO, False, "元").text


def wan_yuan(value: Any, unit: str = "元", places: int = 2) -> str:
    """Money in 万元: 56000 (元) → 5.6万元; a 万元 figure of 56.5 → 56.5万元."""
    return _bounded(_money(_number(value), unit, "万元"), places, ZERO, False, "万元").text


def as_entered(value: Any) -> str:
    """A decimal with the places it was entered with: 1.50 → 1.50, 2 → 2 (a table's 万元)."""
    return format(_number(value), "f")


@dataclass(frozen=True)
class Phrasing:
    """A catalog's phrasing rule, parsed from its spelling (`余10`, `近100`, `精确` ...)."""

    kind: str
    step: int = 1  # the rounding step (余10), or the decimal places (万1, and 百分比1 with `fixed`)
    fixed: bool = False  # 百分比1, 小数2, 元2: always that many decimals, trailing zeros kept

    _SPELLING = re.compile(r"^(余|多|近|以上)(\d+)$")
    _WAN = re.compile(r"^万(余|多)?(\d)$")
    # a fixed number of decimals, zeros kept: 100.0%
    _PLACES = re.compile(r"^(百分比|小数|万元|元)(\d{1,2})$")
    _PLAIN = ("精确", "千分位", "百分比", "元", "万元", "文本", "小数")
    # The figure types each phrasing can print (a count has no 元, a percentage no 余).
    _SUITS: ClassVar[dict[str, tuple[str, ...]]] = {
        "精确": ("count", "money", "decimal", "percent"),
        "千分位": ("count", "money", "decimal"),
        "余": ("count", "money", "decimal"),
        "多": ("count", "money", "decimal"),
        "近": ("count", "money", "decimal"),
        "以上": ("count", "money", "decimal"),
        "万": ("count", "decimal"),
        "万余": ("count", "decimal"),
        "万多": ("count", "decimal"),
        "百分比": ("percent",),
        "元": ("money",),
        "万元": ("money",),
        "小数": ("decimal", "money"),
        "文本": ("text",),
    }

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
            return cls(f"万{wan.group(1) or ''}", int(wan.group(2)))
        places = cls._PLACES.match(spelling)
        if places:
            return cls(places.group(1), int(places.group(2)), fixed=True)
        raise ValueError(
            f"不认识的表述“{spelling}”，可用：余10、多100、近100、以上10（数字为取整单位）、万1、万余1（以万为单位，"
            "数字为小数位数）、百分比1、小数2、元2、万元2（固定的小数位数）、" + "、".join(cls._PLAIN)
        )

    def __str__(self) -> str:
        if self.kind in ("余", "多", "近", "以上", "万", "万余", "万多") or self.fixed:
            return f"{self.kind}{self.step}"
        return self.kind

    @property
    def prints_unit(self) -> str:
        """The unit this phrasing prints after the number ("" when the template writes it)."""
        return {"百分比": "%", "元": "元", "万元": "万元"}.get(self.kind, "")

    def suits(self, figure_type: str) -> bool:
        return figure_type in self._SUITS.get(self.kind, ())

    def words(self, value: Any, unit: str = "") -> Wording:
        """What this phrasing prints for `value` (held in `unit`), true of it (see the table above)."""
        if self.kind == "文本":
            return Wording(str(getattr(value, "value", value)))
        number = _number(value)
        if self.fixed:
            if self.kind == "百分比":
                return _bounded(number, self.step, PERCENT_BOUNDS, True, "%")
            if self.kind in ("元", "万元"):
                return _bounded(_money(number, unit, self.kind), self.step, ZERO, True, self.kind)
            return _bounded(number, self.step, ZERO, True, "")
        if self.kind in ("余", "多"):
            return _rounded_down(number, self.step, self.kind)
        if self.kind == "以上":
            return _rounded_down(number, self.step, "")
        if self.kind == "近":
            return _near(number, self.step)
        if self.kind == "万":
            return _in_wan(number, self.step)
        if self.kind in ("万余", "万多"):
            return _wan_floor(number, self.step, self.kind[1])
        if self.kind == "千分位":
            return Wording(grouped(number))
        if self.kind == "百分比":
            return _bounded(number, 1, PERCENT_BOUNDS, False, "%")
        if self.kind == "元":
            return _bounded(_money(number, unit, "元"), 2, ZERO, False, "元")
        if self.kind == "万元":
            return _bounded(_money(number, unit, "万元"), 2, ZERO, False, "万元")
        if self.kind == "小数":
            return Wording(as_entered(number))
        return Wording(exact(value))

    def apply(self, value: Any, unit: str = "") -> str:
        return self.words(value, unit).text


def _previous(figure: Any) -> Any:
    previous = getattr(figure, "previous", None)
    if previous is None:
        label = getattr(figure, "label", "该指标")
        raise ValueError(f"“{label}”没有上年数据（缺少上一年度的文件夹），不能写同比")
    return previous


def year_on_year(figure: Any, places: int = 1) -> Wording:
    """同比增长12.5% / 同比下降3.1% / 与上年持平 (only when equal), from a figure that knows its
    previous value; a change too small for `places` shows more decimals (0.04%), never 持平."""
    if not filter_args_ok("同比", (places,)):
        raise ValueError(f"同比的小数位数应为0到{MAX_PLACES}的整数，现为 {places!r}")
    old, new = _number(_previous(figure)), _number(getattr(figure, "value", figure))
    if new == old:
        return Wording("与上年持平")
    if old == 0:
        return Wording("上年为零，无法计算同比")
    change = _divide((new - old) * 100, old)
    wording = _bounded(abs(change), places, ZERO, False, "%")
    return Wording(f"同比{'增长' if change > 0 else '下降'}{wording.text}", wording.untrue)


def last_year(figure: Any) -> Wording:
    """The previous year's value, phrased like this year's: 上年为 ``{{ x|上年 }}``."""
    previous = _previous(figure)
    spec = getattr(figure, "spec", None)
    phrasing = getattr(spec, "phrasing", None)
    return phrasing.words(previous, spec.unit) if phrasing else Wording(exact(previous))


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


def _unit(value: Any) -> str:
    spec = getattr(value, "spec", None)
    return getattr(spec, "unit", "") or ""


MAX_PLACES = 6  # the most decimal places |同比(…) prints
# How the filters are written, for a template that writes one wrong (build and lint say it).
FILTER_WRITING = (
    f"过滤器的括号里只能这样写：余、多、近写正整数（如 |余(10)、|近(100)），同比写0到{MAX_PLACES}的小数位数"
    "（如 |同比(2)），其他过滤器不带括号"
)


# The one whole number a filter's parentheses may hold, and its range (None: no upper bound);
# the other filters take none. Build (`reading.templates`) and lint hold templates to it.
FILTER_NUMBER = {"余": (1, None), "多": (1, None), "近": (1, None), "同比": (0, MAX_PLACES)}


def filter_args_ok(name: str, args: tuple[Any, ...]) -> bool:
    """Whether `|name(args)` is written as FILTER_WRITING says."""
    bounds = FILTER_NUMBER.get(name)
    if bounds is None:
        return not args
    low, high = bounds
    return len(args) <= 1 and all(type(a) is int and a >= low and (high is None or a <= high) for a in args)


# Template filters, by the names template authors write. Each gives a `Wording`: the render step
# prints its text and reports an untrue wording's reason as a warning naming the figure.
FILTERS = {
    "余": lambda v, step=10: Phrasing("余", step).words(v),
    "多": lambda v, step=10: Phrasing("多", step).words(v),
    "近": lambda v, step=10: Phrasing("近", step).words(v),
    "精确": lambda v: Wording(exact(v)),
    "千分位": lambda v: Wording(grouped(v)),
    "百分比": lambda v: Phrasing("百分比").words(v),
    "元": lambda v: Phrasing("元").words(v, _unit(v)),
    "万元": lambda v: Phrasing("万元").words(v, _unit(v)),
    "中文序号": chinese_number,
    "同比": year_on_year,
    "上年": last_year,
}
