import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assembler.model.cells import (
    APPROXIMATE,
    EMPTY,
    CellError,
    chinese_numeral_value,
    parse_choice,
    parse_count,
    parse_date,
    parse_money,
    parse_percent,
    parse_value,
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
        ("四十五", "汉字数字；请用阿拉伯数字填写，如 45"),
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


@pytest.mark.parametrize("shown_as_percent", [True, None])
def test_a_number_up_to_1_is_a_fraction_where_the_cell_shows_a_percentage(shown_as_percent):
    """As Excel stores 90% (0.9); not looked up (None): taken the same way."""
    assert parse_percent(0.9, shown_as_percent=shown_as_percent) == Decimal(90)
    assert parse_percent(1, shown_as_percent=shown_as_percent) == Decimal(100)
    assert parse_percent(0.005, shown_as_percent=shown_as_percent) == Decimal("0.5")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (0.9, "填的是 0.9，不清楚是 90% 还是 0.9%；请填写带百分号的数，如 90%"),
        (1, "填的是 1，不清楚是 100% 还是 1%；请填写带百分号的数，如 100%"),
        (0.005, "填的是 0.005，不清楚是 0.5% 还是 0.005%；请填写带百分号的数，如 0.5%"),
    ],
)
def test_a_number_up_to_1_seen_as_it_is_could_mean_two_things(raw, message):
    """In a cell of another format, or typed as text, 0.9 is 90% or 0.9%: refused, saying how."""
    with pytest.raises(CellError) as caught:
        parse_percent(raw, shown_as_percent=False)
    assert str(caught.value) == message
    with pytest.raises(CellError) as caught:
        parse_percent(str(raw))
    assert str(caught.value) == message


def test_what_is_typed_with_its_sign_or_cannot_be_a_fraction_is_read_as_written():
    for shown_as_percent in (True, False, None):
        assert parse_percent(0, shown_as_percent=shown_as_percent) == 0
        assert parse_percent("0.9%", shown_as_percent=shown_as_percent) == Decimal("0.9")
        assert parse_percent("90%", shown_as_percent=shown_as_percent) == Decimal(90)
        assert parse_percent("95", shown_as_percent=shown_as_percent) == Decimal(95)  # text
    for shown_as_percent in (False, None):
        assert parse_percent(95, shown_as_percent=shown_as_percent) == Decimal(95)


@pytest.mark.parametrize(("raw", "shown"), [(95, "9500"), (1.5, "150"), (1.001, "100.1")])
def test_a_number_a_percentage_cell_shows_above_100_is_refused(raw, shown):
    """Excel stores 95% as 0.95: a 95 there (pasted, or from a formula) shows as 9500%."""
    with pytest.raises(CellError) as caught:
        parse_percent(raw, shown_as_percent=True)
    assert str(caught.value) == (
        f"单元格是百分比格式，{raw} 显示为 {shown}%，超出了0到100；如要填 {raw}%，请直接输入 {raw}%"
    )


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


# ── one rule set for every number a clerk types (forms and ledgers alike) ──

FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")
counts = st.integers(min_value=0, max_value=10**9)
units = st.sampled_from(["", "人", "人次", "场", "个", "件", "家"])


def both_readers(raw, unit=""):
    """A cell as a form figure and as a ledger column read it: the same answer or the same error."""
    results = []
    for reader in (lambda: parse_value("count", raw, unit), lambda: parse_value("count", raw, "", ())):
        try:
            results.append(reader())
        except CellError as exc:
            results.append(f"错误：{exc}")
    assert results[0] == results[1] or not unit
    return results[0]


@given(counts, units)
def test_exact_spellings_read_as_the_number(n, unit):
    for spelling in (str(n), f"{n:,}", f"{n:,}".translate(FULL_WIDTH), f" {n} ", f"{n}{unit}"):
        assert parse_count(spelling, unit) == n


@given(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False))
def test_money_with_grouping_and_decimals(amount):
    assert parse_money(f"{amount:,.2f}") == amount
    assert parse_money(f"{amount:.2f}元") == amount


@given(counts, st.sampled_from(APPROXIMATE), st.sampled_from(["前", "后", "单位前"]), units)
def test_approximate_numbers_are_refused_wherever_the_word_is(n, word, where, unit):
    spelling = {"前": f"{word}{n}{unit}", "后": f"{n}{word}{unit}", "单位前": f"{n}{unit}{word}"}[where]
    with pytest.raises(CellError, match="不是准确数字"):
        parse_count(spelling, unit)
    assert both_readers(spelling, unit).startswith("错误：")


@given(counts, counts, st.sampled_from(["-", "—", "至", "到", "~", "～", "－"]))
def test_ranges_are_refused(a, b, sep):
    with pytest.raises(CellError, match=r"范围|不是准确数字"):
        parse_count(f"{a}{sep}{b}")


@given(st.integers(min_value=0, max_value=99_999), st.integers(min_value=0, max_value=99))
def test_a_decimal_comma_is_refused_with_both_readings(whole, cents):
    spelling = f"{whole},{cents:02d}"
    with pytest.raises(CellError, match=f"是 {whole}.{cents:02d} 还是"):
        parse_money(spelling)


@given(st.lists(st.integers(min_value=0, max_value=99), min_size=2, max_size=4))
def test_misplaced_thousands_separators_are_refused(groups):
    spelling = ",".join(str(g) for g in groups)  # groups of one or two digits: never valid
    with pytest.raises(CellError, match="逗号"):
        parse_count(spelling)


def _in_chinese(n: int) -> str:
    digits = "零一二三四五六七八九"
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            out += ("零" if zero and out else "") + digits[d] + unit
            zero = False
        else:
            zero = True
    return out or "零"


@given(st.integers(min_value=1, max_value=9999))
def test_chinese_numerals_are_refused_with_the_arabic_number(n):
    spelling = _in_chinese(n)
    assert chinese_numeral_value(spelling) == n
    with pytest.raises(CellError, match=f"汉字数字；请用阿拉伯数字填写，如 {n}$"):
        parse_count(spelling)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("5600,00", "“5600,00”中的逗号含义不明：是 5600.00 还是 560000？请不用逗号，直接写成准确的数字"),
        ("56,00", "“56,00”中的逗号含义不明：是 56.00 还是 5600？请不用逗号，直接写成准确的数字"),
        ("1,30", "“1,30”中的逗号含义不明：是 1.30 还是 130？请不用逗号，直接写成准确的数字"),
        (
            "1,30,000",
            "“1,30,000”中的逗号位置不对（千位分隔符应每三位一个，如 1,300）；请不用逗号，直接写成准确的数字",
        ),
        (
            "7100余人",
            "“7100余人”不是准确数字（有“余”）；请填写准确的数字，报告中“余”“多”“近”等写法由工具按规则生成",
        ),
        ("约50", "“约50”不是准确数字（有“约”）；请填写准确的数字，报告中“余”“多”“近”等写法由工具按规则生成"),
        ("30多", "“30多”不是准确数字（有“多”）；请填写准确的数字，报告中“余”“多”“近”等写法由工具按规则生成"),
        ("30-40", "“30-40”是一个范围；请填写一个准确的数字"),
        ("30至40", "“30至40”是一个范围；请填写一个准确的数字"),
        ("三十", "“三十”是汉字数字；请用阿拉伯数字填写，如 30"),
        ("1.300.000", "“1.300.000”有多个小数点，含义不明；请直接写成准确的数字（如 1300000 或 1300.5）"),
        ("30 40", "“30 40”的数字中间有空格，含义不明；请去掉空格，写成一个准确的数字"),
    ],
)
def test_ambiguous_spellings_say_how_to_write_them(raw, message):
    with pytest.raises(CellError) as exc:
        parse_money(raw)
    assert str(exc.value) == message


@pytest.mark.parametrize(
    ("raw", "value"), [("1,300", 1300), ("１３００", 1300), ("5,600.00", 5600), ("5600元", 5600)]
)
def test_the_usual_spellings_still_work(raw, value):
    assert parse_money(raw) == value


def test_a_text_is_empty_when_nfkc_leaves_only_spaces_and_only_then():
    """`is_empty` strips instead of normalising: the same answer for every character."""
    from assembler.model.cells import _normalise, is_empty

    differ = [
        hex(c)
        for c in range(0x10000)
        if not 0xD800 <= c < 0xE000 and is_empty(chr(c)) != (_normalise(chr(c)) == "")
    ]
    assert differ == []
    assert is_empty(" \u3000\xa0\t") and not is_empty(" 0 ") and is_empty(None) and not is_empty(0)
