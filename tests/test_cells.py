import datetime as dt
from decimal import Decimal

import pytest

from assembler.cells import (
    EMPTY,
    CellError,
    parse_choice,
    parse_count,
    parse_date,
    parse_money,
    parse_percent,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (45, 45),
        (45.0, 45),
        ("45", 45),
        (" 45 ", 45),
        ("1,300", 1300),
        ("１３００", 1300),
        ("45人", 45),
        ("1300人次", 1300),
        ("１，３００", 1300),
        ("\u300045\u3000", 45),
    ],
)
def test_counts_as_clerks_type_them(raw, expected):
    assert parse_count(raw, "人") == expected


@pytest.mark.parametrize(("raw"), [None, "", "   "])
def test_empty_cells_are_empty(raw):
    assert parse_count(raw) is EMPTY


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("四十五", "应填写数字"),
        (-3, "不能为负数"),
        (3.5, "应为整数"),
        (True, "应填写数字"),
        ("#DIV/0!", "公式计算出错"),
        (dt.date(2024, 1, 1), "日期"),
        ("45斤", "应填写数字"),
    ],
)
def test_bad_counts_say_what_is_wrong(raw, message):
    with pytest.raises(CellError, match=message):
        parse_count(raw, "人")


def test_money_and_percent():
    assert parse_money("5,600元") == Decimal(5600)
    assert parse_money("0.56万元") == Decimal(5600)
    assert parse_percent(1) == Decimal(100)
    assert parse_percent(1.0) == Decimal(100)
    assert parse_percent("100%") == Decimal(100)
    assert parse_percent(0.985) == Decimal("98.5")
    assert parse_percent(98.5) == Decimal("98.5")
    with pytest.raises(CellError, match="0到100"):
        parse_percent(120)
    with pytest.raises(CellError, match="负数"):
        parse_money(-1)


def test_dates():
    day = dt.date(2024, 3, 15)
    for raw in (
        day,
        dt.datetime(2024, 3, 15, 9),
        "2024-03-15",
        "2024/3/15",
        "2024年3月15日",
        "2024.3.15",
        45366,
    ):
        assert parse_date(raw) == day
    with pytest.raises(CellError, match="不是有效的日期"):
        parse_date("2024-02-30")


def test_choices():
    assert parse_choice(" 国家安全日 ", ("国家安全日",)) == "国家安全日"
    with pytest.raises(CellError, match="下拉列表"):
        parse_choice("安全日", ("国家安全日",))
