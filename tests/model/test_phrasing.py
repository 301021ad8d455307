from decimal import Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assembler.model.phrasing import (
    Phrasing,
    approx,
    chinese_number,
    exact,
    more,
    near,
    percent,
    wan_yuan,
    year_on_year,
    yuan,
)


@pytest.mark.parametrize(
    ("value", "step", "expected"),
    [
        (134, 10, "130余"),
        (7126, 100, "7100余"),
        (1573, 10, "1570余"),
        (130, 10, "130"),
        (7, 10, "7"),
        (10, 10, "10"),
    ],
)
def test_approx_examples(value, step, expected):
    assert approx(value, step) == expected


def test_more_and_near_examples():
    assert more(1346, 100) == "1300多"
    assert more(1000, 100) == "1000"
    assert near(196, 100) == "近200"
    assert near(196, 10) == "近200"
    assert near(200, 100) == "200"
    assert near(5, 10) == "5"


def test_percent_money_exact():
    assert percent(Decimal(100)) == "100%"
    assert percent(Decimal("12.46")) == "12.5%"
    assert yuan(Decimal(5600)) == "5600元"
    assert yuan(Decimal("5600.50")) == "5600.5元"
    assert wan_yuan(Decimal(56000)) == "5.6万元"
    assert exact(406126) == "406126"
    assert exact(Decimal("12.50")) == "12.5"


@pytest.mark.parametrize(
    ("spelling", "value", "unit", "printed", "untrue"),
    [
        # 近N only just below N: 432 is not 近500 (issue #14), 196 is 近200.
        ("近100", 432, "", "400余", "数值432离500较远（差68），写“近500”不确切，已写作“400余”"),
        ("近100", 196, "", "近200", ""),
        ("近100", 450, "", "400余", "数值450离500较远（差50），写“近500”不确切，已写作“400余”"),
        ("近10", 16, "", "10余", "数值16离20较远（差4），写“近20”不确切，已写作“10余”"),
        # A percentage is 100% or 0% only when it is.
        (
            "百分比1",
            Decimal("99.96"),
            "",
            "99.96%",
            "数值99.96%按写法会印成“100.0%”，与实际不符，已写作“99.96%”",
        ),
        (
            "百分比",
            Decimal("99.96"),
            "",
            "99.96%",
            "数值99.96%按写法会印成“100%”，与实际不符，已写作“99.96%”",
        ),
        ("百分比", Decimal("0.04"), "", "0.04%", "数值0.04%按写法会印成“0%”，与实际不符，已写作“0.04%”"),
        ("百分比1", Decimal(100), "", "100.0%", ""),
        # 1万余 needs at least 10,000; 1.2万余 at least 12,000.
        ("万余1", 11960, "", "1.1万余", ""),
        ("万余1", 12000, "", "1.2万", ""),
        ("万1", 400, "", "0.04万", "数值0.04万按写法会印成“0.0万”，与实际不符，已写作“0.04万”"),
        # Money is held in its own unit: a 万元 figure of 56.5 is 56.5万元, never 0.01万元.
        ("万元", Decimal("56.5"), "万元", "56.5万元", ""),
        ("元", Decimal("56.5"), "万元", "565000元", ""),
        ("万元", 40, "元", "0.004万元", "数值0.004万元按写法会印成“0万元”，与实际不符，已写作“0.004万元”"),
        ("余10", Decimal("130.5"), "", "130余", ""),
        ("余10", -134, "", "-134", "数值-134是负数，不能写成“余”，已照实写出"),
        # A number longer than the default decimal precision phrases without error.
        ("小数2", Decimal("100100100100000.00202320232023"), "", "100100100100000.00", ""),
    ],
)
def test_wordings_are_true_or_fall_back_with_a_reason(spelling, value, unit, printed, untrue):
    wording = Phrasing.parse(spelling).words(value, unit)
    assert (wording.text, wording.untrue) == (printed, untrue)


# ── the truth rules, property-tested over the whole range ────────────────


def _places(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _half_unit(text: str) -> Decimal:
    return Decimal(1).scaleb(-_places(text)) / 2


def claim_holds(phrasing: Phrasing, printed: str, value: Decimal, unit: str = "") -> bool:
    """What the printed words state about `value`, read from the words alone, and whether it holds."""
    with localcontext(prec=200):
        return _claim_holds(phrasing, printed, value, unit)


def _claim_holds(phrasing: Phrasing, printed: str, value: Decimal, unit: str) -> bool:
    kind, step = phrasing.kind, phrasing.step
    if printed.startswith("近"):
        ceiling = Decimal(printed[1:])
        return (
            kind == "近"
            and ceiling - Decimal(step) / 2 < value < ceiling
            and value >= ceiling * Decimal("0.9")
        )
    if printed.endswith(("余", "多")) and not printed.endswith(("万余", "万多")):
        floor = Decimal(printed[:-1])
        return floor % step == 0 and floor < value < floor + step
    if printed.endswith(("万余", "万多")):
        number = printed[:-2]
        low = Decimal(number) * 10000
        return low < value < low + Decimal(1).scaleb(-_places(number)) * 10000
    for suffix, scale in (("万元", Decimal(10000)), ("元", Decimal(1))):
        if printed.endswith(suffix):
            number = printed[: -len(suffix)]
            amount = value * {"万元": 10000, "亿元": 100000000}.get(unit, 1) / scale
            if Decimal(number) == 0:
                return amount == 0
            return abs(amount - Decimal(number)) <= _half_unit(number)
    if printed.endswith("万"):
        number = printed[:-1]
        if Decimal(number) == 0:
            return value == 0
        return abs(value / 10000 - Decimal(number)) <= _half_unit(number)
    if printed.endswith("%"):
        number = printed[:-1]
        if Decimal(number) in (0, 100):
            return value == Decimal(number)
        return abs(value - Decimal(number)) <= _half_unit(number)
    number = Decimal(printed.replace(",", ""))
    if kind == "以上":
        return number <= value < number + step or number == value
    if phrasing.fixed or kind == "万":
        return (number != 0 or value == 0) and abs(value - number) <= _half_unit(printed)
    if kind == "万":
        return value == 0 and number == 0
    return number == value  # 余, 多, 近 with nothing cut; 精确, 千分位, 小数


SPELLINGS = [
    *(f"{k}{n}" for k in ("余", "多", "近", "以上") for n in (1, 5, 10, 100, 1000, 10000)),
    "万0", "万1", "万2", "万余1", "万多2", "精确", "千分位", "小数", "小数2", "百分比", "百分比1",
    "百分比2", "元", "元2", "万元",
]  # fmt: skip
VALUES = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(Decimal),
    st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False),
    st.integers(min_value=10**20, max_value=10**40).map(lambda n: Decimal(n) / 1000),
    st.sampled_from([Decimal(v) for v in ("0", "99.96", "99.995", "0.04", "432", "196", "11960", "9999.99")]),
)


@given(st.sampled_from(SPELLINGS), VALUES, st.sampled_from(["", "元", "万元"]))
def test_every_wording_is_true_of_its_value(spelling, value, unit):
    phrasing = Phrasing.parse(spelling)
    if phrasing.kind == "百分比" and value > 100:
        value = Decimal(int(value) % 100) + value - int(value)
    money = unit if phrasing.kind in ("元", "万元") else ""
    wording = phrasing.words(value, money)
    assert claim_holds(phrasing, wording.text, value, money), (spelling, value, wording)
    assert "E" not in wording.text and not wording.text.startswith(".")


@given(st.sampled_from(SPELLINGS), VALUES)
def test_a_fallback_is_said_and_only_then(spelling, value):
    phrasing = Phrasing.parse(spelling)
    wording = phrasing.words(value)
    if wording.untrue:
        assert wording.text in wording.untrue
    if phrasing.kind in ("余", "多", "以上", "精确", "千分位", "小数") and not phrasing.fixed:
        assert not wording.untrue  # rounding down never crosses a boundary


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**6))
def test_year_on_year_says_level_only_when_equal(old, new):
    class Figure:
        value, previous = new, old

    text = str(year_on_year(Figure()))
    assert (text == "与上年持平") == (old == new)
    if old and old != new:
        shown = Decimal(text.removeprefix("同比增长").removeprefix("同比下降").removesuffix("%"))
        assert shown > 0
        assert abs(shown - abs(Decimal(new - old) * 100 / old)) <= _half_unit(str(shown))


@pytest.mark.parametrize("places", [-1, 7, 1.5, "1", True])
def test_year_on_year_refuses_places_it_cannot_print(places):
    class Figure:
        value, previous = 120, 100

    with pytest.raises(ValueError, match=r"^同比的小数位数应为0到6的整数"):
        year_on_year(Figure(), places)
    assert str(year_on_year(Figure(), 0)) == "同比增长20%"


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from([10, 100, 1000]))
def test_approx_never_overstates_and_is_within_a_step(n, step):
    text = approx(n, step)
    shown = int(text.removesuffix("余"))
    assert shown <= n < shown + step or n < step
    assert text.endswith("余") == (n >= step and n % step != 0)
    if n % step == 0 or n < step:
        assert text == str(n)


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from([10, 100]))
def test_more_is_approx_with_duo(n, step):
    assert more(n, step) == approx(n, step).replace("余", "多")


@given(st.integers(min_value=1, max_value=99))
def test_chinese_numbers_are_distinct_and_well_formed(n):
    text = chinese_number(n)
    assert not text.startswith("一十")
    assert not text.endswith("零")
    assert len({chinese_number(m) for m in range(1, 100)}) == 99


@pytest.mark.parametrize(
    "spelling",
    [
        "余10",
        "多100",
        "近100",
        "以上10",
        "万1",
        "万余1",
        "精确",
        "百分比",
        "百分比1",
        "元",
        "元2",
        "万元",
        "文本",
    ],
)
def test_phrasing_round_trips(spelling):
    assert str(Phrasing.parse(spelling)) == spelling


@pytest.mark.parametrize("spelling", ["余", "约10", "余0", ""])
def test_phrasing_rejects_unknown_spellings(spelling):
    with pytest.raises(ValueError, match=r"表述|步长"):
        Phrasing.parse(spelling)
