from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assembler.phrasing import Phrasing, approx, chinese_number, exact, more, near, percent, wan_yuan, yuan


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
    assert percent(Decimal("99.95")) == "100%"
    assert yuan(Decimal(5600)) == "5600元"
    assert yuan(Decimal("5600.50")) == "5600.5元"
    assert wan_yuan(Decimal(56000)) == "5.6万元"
    assert exact(406126) == "406126"
    assert exact(Decimal("12.50")) == "12.5"


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from([10, 100, 1000]))
def test_approx_never_overstates_and_is_within_a_step(n, step):
    text = approx(n, step)
    shown = int(text.removesuffix("余"))
    assert shown <= n < shown + step or n < step
    assert text.endswith("余") == (n >= step and n % step != 0)
    if n % step == 0 or n < step:
        assert text == str(n)


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from([10, 100, 1000]))
def test_near_never_understates_and_is_within_a_step(n, step):
    text = near(n, step)
    shown = int(text.removeprefix("近"))
    assert n <= shown < n + step or n < step
    assert text.startswith("近") == (n >= step and n % step != 0)


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from([10, 100]))
def test_more_is_approx_with_duo(n, step):
    assert more(n, step) == approx(n, step).replace("余", "多")


@given(st.decimals(min_value=0, max_value=100, places=3))
def test_percent_is_within_rounding_of_the_value(value):
    text = percent(value)
    assert text.endswith("%")
    assert abs(Decimal(text[:-1]) - value) <= Decimal("0.05")
    assert "E" not in text and not text.startswith(".")


@given(st.integers(min_value=1, max_value=99))
def test_chinese_numbers_are_distinct_and_well_formed(n):
    text = chinese_number(n)
    assert not text.startswith("一十")
    assert not text.endswith("零")
    assert len({chinese_number(m) for m in range(1, 100)}) == 99


@pytest.mark.parametrize("spelling", ["余10", "多100", "近100", "精确", "百分比", "元", "万元", "文本"])
def test_phrasing_round_trips(spelling):
    assert str(Phrasing.parse(spelling)) == spelling


@pytest.mark.parametrize("spelling", ["余", "约10", "余0", ""])
def test_phrasing_rejects_unknown_spellings(spelling):
    with pytest.raises(ValueError, match=r"表述|步长"):
        Phrasing.parse(spelling)
