"""Finding the numbers in a finished report: the wording rules, and the reference report."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import REFERENCE, ROOT
from hypothesis import example, given
from hypothesis import strategies as st

from assembler.adoption.numbers import FIGURE, KEEP, YEAR, Found, find_numbers, printed
from assembler.model.phrasing import Phrasing

# (phrasing, sentence the words stand in) — the sentence gives the measure word where one goes.
WORDINGS = [
    ("精确", "累计开展普法宣传活动{}场，"),
    ("千分位", "全年办理工单{}件，"),
    ("余10", "累计开展普法宣传活动{}场，"),
    ("余100", "出动执法人员{}人次，"),
    ("多100", "接待群众来访{}人，"),
    ("多1000", "调解矛盾纠纷{}宗，"),
    ("近100", "走访服务企业{}家，"),
    ("近10", "走访服务企业{}家，"),
    ("万1", "发放宣传资料{}份，"),
    ("万2", "服务群众{}人次，"),
    ("百分比", "案件数据录入率{}，"),
    ("元", "共计罚款{}，"),
    ("万元", "投入资金{}，"),
]


def _one_figure(sentence: str, year: int = 2024) -> Found:
    found = find_numbers(sentence, year=year)
    figures = [f for f in found if f.kind == FIGURE]
    assert len(figures) == 1, (sentence, found)
    return figures[0]


@given(
    st.integers(min_value=0, max_value=10**8),
    st.sampled_from(WORDINGS),
)
def test_a_figure_is_found_with_a_value_that_gives_its_words_again(n, wording):
    spelling, sentence = wording
    value = Decimal(n) / 10 if spelling == "百分比" else Decimal(n)
    words = Phrasing.parse(spelling).apply(value)
    text = sentence.format(words)
    found = _one_figure(text)
    assert found.text == words  # the span is exactly the words the phrasing prints
    assert printed(found) == words  # and the proposed phrasing and value print them again
    assert text[: found.start] + words + text[found.end :] == text


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(WORDINGS[:9]))
def test_full_width_digits_are_read_as_half_width(n, wording):
    spelling, sentence = wording
    words = Phrasing.parse(spelling).apply(Decimal(n))
    wide = words.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"}).replace(".", "．")
    found = _one_figure(sentence.format(wide))
    assert found.text == wide
    assert printed(found) == words


@given(
    st.integers(min_value=2, max_value=10**4).filter(lambda n: n % 10), st.integers(min_value=1, max_value=4)
)
def test_the_trailing_zeros_set_the_step_of_the_approximate_words(n, zeros):
    number = n * 10**zeros
    assert _one_figure(f"开展活动{number}余场").phrase == f"余{10**zeros}"
    assert _one_figure(f"接待群众{number}多人").phrase == f"多{10**zeros}"
    assert _one_figure(f"走访企业近{number}家").phrase == f"近{10**zeros}"
    assert _one_figure(f"开展活动{number}场以上，").phrase == f"以上{10**zeros}"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("利用“4·15”国家安全日开展宣传", "4·15"),
        ("“12·4”国家宪法日", "12·4"),
        ("按照《天津市河东区法治政府建设实施纲要(2021年-2025年)》", "2021年-2025年"),
        ("落实“十四五”规划（2021-2025年）的部署", "2021-2025年"),
        ("依据《条例》第20条的规定", "20"),
        ("根据津政办发〔2021〕30号文件", "2021"),
        ("新中国成立75周年等重要节点", "75"),
        ("针对纳税额100万元以上的企业重点关注", "100万元"),
        ("于3月15日召开会议", "3"),
        ("开通12345热线工单办理绿色通道", "12345"),
        ("实行7×24小时值守", "7"),
        ("年龄在30-40岁之间", "30-40"),
        ("推进“12345”热线工单办理", "12345"),
        ("开展为期3个月的“文明餐桌”专项整治", "3"),
        ("历时2年完成改造", "2"),
    ],
)
def test_numbers_that_are_no_figures_are_kept_as_written(text, kept):
    found = find_numbers(text, year=2024)
    assert found, text
    first = found[0]
    assert first.kind == KEEP, found
    assert text[first.start : first.end] == kept
    assert not [f for f in found if f.kind == FIGURE], found


@pytest.mark.parametrize(
    ("text", "tag"),
    [("2024年，街道开展", "年度"), ("对2023年的问题", "上一年度"), ("2025年工作安排", "下一年度")],
)
def test_the_reports_year_and_its_neighbours_become_settings(text, tag):
    (found,) = find_numbers(text, year=2024)
    assert (found.kind, found.reason, found.text) == (YEAR, tag, re.search(r"\d{4}", text).group())


@pytest.mark.parametrize(
    ("text", "name", "unit"),
    [
        ("2024年，街道综合执法部门全年累计出动执法人员7100余人次，", "出动执法人员", "人次"),
        ("其中注册资本100万以上企业20家。", "注册资本100万以上企业", "家"),
        ("开展活动30场服务群众500人", "服务群众", "人"),
        ("街道下辖11个社区", "下辖社区", "个"),
        ("调解成功率保持在95%以上", "调解成功率", "%"),
        ("共有网格员１３０余名", "网格员", "名"),
    ],
)
def test_a_figure_is_named_from_its_words(text, name, unit):
    found = [f for f in find_numbers(text, year=2024) if f.kind == FIGURE][-1]
    assert (found.name, found.unit) == (name, unit)


# ── the reference report ─────────────────────────────────────────────────


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _catalog_figures_in_reference(sample_base: Path) -> list[tuple[str, str, int, int]]:
    """Where each numeric figure of the default catalog stands in the reference text: (key,
    paragraph, start, end), found by the template's words before the tag and the figure's
    printed words in the sample build (which reproduces the reference)."""
    from assembler.compute.assembly import assemble_reports

    (assembly,) = assemble_reports(
        input_dir=sample_base / "inputs" / "2024", workdir=sample_base, template="法治政府建设年度报告"
    )
    template = (ROOT / "templates" / "法治政府建设年度报告" / "template.txt").read_text(encoding="utf-8")
    reference = [_nfkc(line) for line in REFERENCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    places = []
    for m in re.finditer(r"([^\n{}|\]]{0,8})\{\{ (\S+) \}\}", template):
        key = m.group(2)
        spec = assembly.catalog.figures.get(key)
        if spec is None or spec.type == "text":
            continue
        words = _nfkc(m.group(1)[-6:] + spec.phrasing.apply(assembly.figures[key]))
        hits = [(p, p.find(words)) for p in reference if words in p]
        assert hits, f"{key}: “{words}” not in the reference"
        paragraph, at = hits[0]
        start = at + len(words) - len(_nfkc(spec.phrasing.apply(assembly.figures[key])))
        places.append((key, paragraph, start, at + len(words)))
    return places


def test_every_figure_of_our_catalog_is_found_in_the_reference(sample_base: Path):
    places = _catalog_figures_in_reference(sample_base)
    assert len(places) >= 40
    for key, paragraph, start, end in places:
        found = [f for f in find_numbers(paragraph, year=2024) if f.start <= start < f.end]
        assert found and found[0].kind == FIGURE, (key, paragraph[max(0, start - 10) : end + 5], found)
        assert printed(found[0]) == paragraph[found[0].start : found[0].end]


def test_no_festival_date_plan_year_or_anniversary_is_a_figure():
    text = REFERENCE.read_text(encoding="utf-8")
    kept = set()
    for line in text.splitlines():
        for f in find_numbers(line, year=2024):
            if f.kind == KEEP:
                kept.add(line[f.start : f.end])
            elif f.kind == FIGURE:
                assert line[f.start : f.end] not in ("4·15", "6·26", "12·4", "75", "2021年-2025年")
    assert {"4·15", "6·26", "12·4", "2021年-2025年", "75", "100万"} <= kept


# ── any sentence: whatever is proposed as a figure prints its own words again ─────

_WORDS = ["开展", "活动", "全年", "累计", "共", "其中", "，", "。", "、", "约", "近", "超过", "余", "多", "万", "元",
          "万元", "%", "％", "以上", "以下", "人次", "件", "场", "家", "个", "年", "月", "日", "第", "条", "·", "-",
          "至", "《", "》", "（", "）", "“", "”", "同比增长", "百分点", "小时", "热线", "周年", "届", "号", "，其中"]  # fmt: skip
_NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**7).map(str),
    st.integers(min_value=1, max_value=10**6).map(lambda n: f"{n:,}"),
    st.decimals(min_value=0, max_value=10**4, places=2, allow_nan=False).map(str),
    st.sampled_from(["2023", "2024", "2025", "2021", "4·15", "12·4", "１３０", "９８．６"]),
)


@given(st.lists(st.one_of(st.sampled_from(_WORDS), _NUMBERS), min_size=1, max_size=14).map("".join))
@example("100100100100000.00202320232023")  # found by Hypothesis: decimal.InvalidOperation once
@example("开展活动1.2万余场，服务近1万人")
@example("罚款56.5万元，收取100余万元")
@example("检查经营主体5,200余家次")
def test_every_figure_found_in_any_text_prints_its_own_words(text):
    found = find_numbers(text, year=2024)
    end = 0
    for item in found:
        assert item.start >= end  # spans in order, never overlapping
        end = item.end
        if item.kind == FIGURE:
            written = unicodedata.normalize("NFKC", text[item.start : item.end]).replace("．", ".")
            if item.phrase[:1] in ("余", "多"):  # 5,200余 prints 5200余: no wording groups and says 余
                written = written.replace(",", "")
            assert printed(item) == written, (text, item)


def test_a_grouped_number_with_yu_is_its_figure_with_the_yu():
    """5,200余家次: not 5,200 with 余 left as words, which would print 5,316余 next year."""
    [item] = find_numbers("全年检查经营主体5,200余家次。", year=2024)
    assert (item.kind, item.phrase, item.value, item.unit) == (FIGURE, "余100", 5250, "家")
    assert printed(item) == "5200余"


@pytest.mark.parametrize(
    "text",
    [
        "投入资金100余万元，",
        "服务群众1.2万余人次，",
        "同比增长15.3个百分点，",
        "2024年1-11月共受理0件，",
        "覆盖率达98.6％，",
        "办理工单1,386件，",
        "罚没款合计38.5万元，",
        "资金１２．５万元，",
    ],
)
def test_tricky_wordings_print_their_own_words(text):
    for item in find_numbers(text, year=2024):
        if item.kind == FIGURE:
            assert printed(item) == unicodedata.normalize("NFKC", text[item.start : item.end])
