"""Finding the numbers in a finished report's prose, and what each one is.

`find_numbers(text, year=…)` goes through a paragraph and returns every Arabic number (half- or
full-width) with its wording, as one of three kinds:

- a **figure** (`FIGURE`): a count, amount or percentage the departments report, proposed
  with a name from the words around it (`累计开展普法宣传活动130余场` → 开展普法宣传活动), its unit
  (场), its type, the phrasing rule its wording follows (`130余` → 余10, `1300多` → 多100,
  `近200` → 近100, `50场以上` → 以上10, `40.6万户` → 万1, `100%`, `5600元`, `12.5万元`) and a value
  that phrased by that rule gives the same words again (`130余` → 135);
- a **year** (`YEAR`): the report's year, the year before or after (`2024年` → the 年度 setting);
- **kept as written** (`KEEP`): what is no figure — festival dates (`4·15`), dates (`1月20日`),
  plan years and other ranges (`2021-2025年`, `30-40`), numbers in a document's name
  (`《…2021-2025年》`), in a document number (`〔2021〕30号`), article numbers (`第20条`),
  anniversaries (`75周年`), thresholds (`100万元以上的企业`), long codes — with the reason.

The span of a figure (`start`, `end`) is what its tag replaces: the number and its wording,
and the unit when the phrasing prints it (`元`, `万元`, `%`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from assembler.model.cells import plain
from assembler.model.phrasing import MONEY_UNITS, Phrasing

FIGURE, YEAR, KEEP = "figure", "year", "keep"
ORDINAL = "序号"  # the reason of a kept number that numbers a heading or an item (1. （1）)
SIGNIFICANT = 15  # digits a spreadsheet cell holds exactly (a double): a longer number is no figure

# Measure words after a number, longest first.
MEASURE_WORDS = (
    "平方米", "人次", "车次", "处次", "户次", "万元", "亿元", "公里", "千米", "场次", "小时", "分钟",
    "人", "次", "场", "个", "件", "家", "户", "名", "张", "份", "起", "宗", "元", "条", "项", "篇",
    "期", "批", "所", "处", "辆", "天", "米", "吨", "台", "套", "间", "座", "栋", "支", "块", "本",
    "册", "幅", "类", "种", "位", "组", "队", "轮", "趟", "周", "月",
)  # fmt: skip
_NUMBER = re.compile(
    r"(?P<pre>近|约|逾|超过)?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)(?P<approx>余|多)?(?P<wan>万(?!元))?"
)
# Words before a number that say nothing of what is counted.
_FILLERS = ("全年", "累计", "共计", "合计", "总计", "其中", "共有", "现有", "拥有", "共", "先后", "已", "还", "并", "又", "达到", "达",
            "计", "约", "近", "超过", "逾", "多达", "年度", "本年", "全街道", "全镇", "全乡", "全街", "我街道", "我街",
            "街道", "，", "、")  # fmt: skip
_WEAK_ENDINGS = ("内", "对", "于", "为", "至", "了", "有", "的", "在", "和", "与", "及", "向", "把", "将", "共", "等")  # fmt: skip
# Where a long clause is cut, the name being what follows the last of them.
_CUTS = ("累计", "共计", "全年", "其中", "开展", "组织", "确保", "实现", "我街道", "我街", "等", "并", "共", "达", "对")  # fmt: skip
# Verbs that end the words before a number without naming anything (出庭应诉实现100%).
_TRAILING = ("共计", "合计", "保持在", "不少于", "不低于", "不超过", "控制在", "实现", "达到", "达", "为", "约", "是", "仅", "均", "共")  # fmt: skip
# Where the words after a number stop being a name.
_STOPS = ("进一步", "做好", "开展", "进行", "实现", "得到", "均", "并", "的", "已", "全部", "服务管理")


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    text: str  # as written: 130余, 近200, 100%, 5600元
    kind: str  # FIGURE, YEAR or KEEP
    value: Decimal = Decimal(0)  # a value that phrased by `phrase` gives `text` again
    phrase: str = "精确"
    unit: str = ""
    type: str = "count"
    name: str = ""
    reason: str = ""  # why a number is kept as written, or which year it is


def _zeros(digits: str) -> int:
    whole = digits.split(".")[0].replace(",", "")
    return len(whole) - len(whole.rstrip("0")) if whole.strip("0") else 0


def _inside(text: str, pos: int, opener: str, closer: str) -> bool:
    return text.rfind(opener, 0, pos) > text.rfind(closer, 0, pos)


def _measure(after: str) -> str:
    return next((w for w in sorted(MEASURE_WORDS, key=len, reverse=True) if after.startswith(w)), "")


def find_numbers(text: str, *, year: int) -> list[Found]:
    """Every Arabic number in `text` (one paragraph), in order."""
    flat = plain(text)
    found: list[Found] = []
    taken = -1
    for m in _NUMBER.finditer(flat):
        if m.start() < taken:
            continue
        item = _classify(flat, m, year)
        if item is not None:
            found.append(Found(**{**item.__dict__, "text": text[item.start : item.end]}))
            taken = item.end
    return found


def _keep(m: re.Match[str], end: int, reason: str) -> Found:
    return Found(m.start(), end, "", KEEP, reason=reason)


def _classify(flat: str, m: re.Match[str], year: int) -> Found | None:
    num, start, end = m.group("num"), m.start(), m.end()
    before, after = flat[:start], flat[end:]
    number_start = m.start("num")
    # What is no figure: the number's context says so.
    range_after = re.match(r"\s*(年)?\s*(-|—|–|~|至|到)\s*\d", after)
    if range_after or re.search(r"\d\s*(年)?\s*(-|—|–|~|至|到)\s*$", flat[:number_start]):
        span = re.match(r"\s*年?\s*(?:-|—|–|~|至|到)\s*\d+(?:\.\d+)?\s*年?", after) if range_after else None
        return _keep(m, end + (span.end() if span else 0), "范围或规划年份")
    if re.match(r"\s*[·・.]\s*\d", after) and not m.group("approx") and "." not in num:
        span = re.match(r"\s*[·・.]\s*\d+", after)
        return _keep(m, end + (span.end() if span else 0), "节日或日期")
    if _inside(flat, start, "《", "》") or _inside(flat, start, "〔", "〕") or _inside(flat, start, "[", "]"):
        return _keep(m, end, "文件名称或文号")
    if re.match(r"[.．、]\s*[\u4e00-\u9fff“《]", after) and (
        not before.strip() or before[-1] in "。；：:;，,\n"
    ):
        return _keep(m, end, ORDINAL)  # 1.强化理论武装 / 2、…
    if re.search(r"[（(]$", before) and re.match(r"[）)]", after):
        return _keep(m, end, ORDINAL)  # （1）
    if re.match(r"\s*(月|日|时|号|周年|届|次会议|期间)", after) or before.endswith("第"):
        return _keep(m, end, "日期、序号或周年")
    if before[-1:] in "“‘「『" and after[:1] in "”’」』" and not m.group("approx"):
        return _keep(m, end, "名称中的数字（引号中）")  # “12345”热线
    if re.search(r"(为期|历时)\s*$", before) and re.match(r"\s*(个月|天|日|年|周|小时)", after):
        return _keep(m, end, "时长")  # 开展为期3个月的专项整治
    if re.match(r"24\s*小时|7\s*[×x*]\s*24", flat[m.start("num") :]) or re.search(r"7\s*[×x*]\s*$", before):
        return _keep(m, end, "全天候的说法（24小时、7×24）")
    if re.match(r"(万元|万|元)?\s*(以上|以下|及以上)(的|\s*[\u4e00-\u9fff])", after) and not _measure(
        re.sub(r"^(万元|万|元)?\s*(以上|以下|及以上)", "", after)
    ):
        return _keep(m, end + len(re.match(r"(万元|万|元)?", after).group()), "门槛或标准")
    whole = num.replace(",", "")
    if len(whole.replace(".", "").lstrip("0")) > SIGNIFICANT:
        return _keep(m, end, "位数过多（表格只能准确保存15位数字）")
    if (
        "." not in whole
        and len(whole) >= 8
        and not _measure(after)
        and not after.startswith(("%", "元", "万"))
    ):
        return _keep(m, end, "编号")
    # A year: the report's own, the one before or after.
    if re.fullmatch(r"(19|20)\d\d", whole) and after.startswith("年") and not m.group("approx"):
        tag = {year: "年度", year - 1: "上一年度", year + 1: "下一年度"}.get(int(whole))
        if tag is None:
            return _keep(m, end, "其他年份")
        return Found(start, end, "", YEAR, reason=tag)
    return _figure(flat, m, year)


def _figure(flat: str, m: re.Match[str], year: int) -> Found:
    """The figure a number is, checked: its phrasing must print its words again. Where the
    first reading does not (100余万元, 12.50%, 15余人), the number with its 余/多, or the number
    alone, is the figure and the rest stays as written; failing all, the number is kept."""
    first = _proposal(flat, m, year)
    if first is not None and (first.kind != FIGURE or _prints(first, flat)):
        return first
    num, approx = m.group("num"), m.group("approx")
    digits = num.replace(",", "")
    step = 10 ** _zeros(digits)
    candidates = []
    if approx and step >= 10 and "." not in digits:
        end = m.end("approx")
        unit = _measure(flat[end:])
        candidates.append(Found(m.start("num"), end, "", FIGURE, value=Decimal(digits) + step // 2,
                                phrase=f"{approx}{step}", unit=unit, type="money" if unit in MONEY_UNITS else "count",
                                name=_name(flat, m.start(), end, unit, year)))  # fmt: skip
    end = m.end("num")
    unit = _measure(re.sub(r"^(余|多)", "", flat[end:]))
    places = len(digits.split(".")[1]) if "." in digits else 0
    kind, phrase = ("decimal", f"小数{places}") if places else ("count", "千分位" if "," in num else "精确")
    kind = "money" if unit in MONEY_UNITS else kind
    candidates.append(Found(m.start("num"), end, "", FIGURE, value=Decimal(digits), phrase=phrase, unit=unit,
                            type=kind, name=_name(flat, m.start(), end, unit, year)))  # fmt: skip
    if approx and "," in num and len(candidates) == 2:
        # 5,200余: no wording both groups thousands and says 余, and the number alone with 余 kept
        # as words after it would print 5,316余 next year; the figure is 5200余, its comma dropped.
        rounded = candidates[0]
        if printed(rounded) == flat[rounded.start : rounded.end].replace(",", ""):
            return rounded
    for candidate in candidates:
        if _prints(candidate, flat):
            return candidate
    return Found(m.start(), m.end(), "", KEEP, reason="无法还原的写法")


def _prints(item: Found, flat: str) -> bool:
    return printed(item) == flat[item.start : item.end]


def _proposal(flat: str, m: re.Match[str], year: int) -> Found | None:
    num = m.group("num")
    digits = num.replace(",", "")
    value = Decimal(digits)
    pre, approx, wan = m.group("pre"), m.group("approx"), m.group("wan")
    end = m.end()
    after = flat[end:]
    unit = _measure(re.sub(r"^(余|多)", "", after) if wan else after)  # 1.2万余人: the unit is 人
    kind, phrase = "count", "精确"
    start = m.start("num") if pre in ("约", "逾", "超过") else m.start()  # 约 and the like stay as written
    places = len(digits.split(".")[1]) if "." in digits else 0
    if after.startswith("%") or after.startswith("％"):
        kind, unit, end = "percent", "%", end + 1
        phrase = f"百分比{places}" if places else "百分比"  # 100.0%: the written decimals stay
    elif unit in ("元", "万元") and not wan:  # held in the unit written: 56.5万元 is 56.5 (万元)
        kind, end = "money", end + len(unit)
        written = flat[m.start("num") : end]
        phrase = unit  # 56.5万元, 5600元; the decimals as written where they must stay: 5600.50元, 0.005万元
        if places and Phrasing(unit).apply(value, unit) != written.replace(",", ""):
            phrase = f"{unit}{places}"
    elif wan:
        value, phrase = value * 10000, f"万{places}"
        cut = re.match(r"余|多", after)
        if cut:  # 1.2万余人: 余 is part of the wording (rounded down, never up across 1.2万)
            value += Decimal(10000).scaleb(-places) / 2
            phrase, end = f"万{cut.group()}{places}", end + 1
    elif "." in digits:
        kind, phrase = "decimal", f"小数{places}"
    if unit in MONEY_UNITS:  # 3亿元, 100余万元: an amount, whatever its wording
        kind = "money"
    named = re.match(r"[\u4e00-\u9fff]", after) and not after.startswith(("以上", "以下", "左右"))
    if kind in ("count", "decimal") and not wan and not unit and named:  # 12345热线: a name, not a count
        return Found(m.start(), end, "", KEEP, reason="名称中的数字（后面没有量词）")
    step = 10 ** _zeros(digits)
    if pre == "近" and approx:  # 近200余: the 余 stays as written after 近200
        end, approx = m.end("num"), None
    if approx and kind in ("count", "money") and not wan and "." not in digits:
        if step < 10:
            return None  # 15余人: no step to round by
        value, phrase = value + step // 2, f"{approx}{step}"
    elif pre == "近" and kind in ("count", "money") and not wan and "." not in digits:
        if value == step:  # 近100: a count just under 100, rounded up by tens
            step //= 10
        if step < 10:
            return None  # 近15
        value, phrase = value - max(1, step // 10), f"近{step}"
    elif kind == "count" and not wan and re.match(rf"(?:{re.escape(unit)})?以上", after) and step >= 10:
        value, phrase = value + step // 2, f"以上{step}"
    elif kind == "count" and "," in num and not wan:
        phrase = "千分位"
    return Found(
        start, end, "", FIGURE, value=value, phrase=phrase, unit=unit if kind != "percent" else "%",
        type=kind, name=_name(flat, m.start(), end, unit, year),
    )  # fmt: skip


_CLAUSE_ENDS = "，。；：！？、,;:"


def _clause_before(flat: str, pos: int) -> str:
    """The words between the last clause mark (or the last other number and its measure word:
    `开展活动30场服务群众500人`) and `pos`; a threshold stays (`注册资本100万以上企业20家`)."""
    clause = flat[max(flat.rfind(p, 0, pos) for p in _CLAUSE_ENDS) + 1 : pos]
    for m in reversed(list(re.finditer(r"\d[\d.,·]*(?:余|多)?万?", clause))):
        rest = clause[m.end() :]
        if re.match(r"(万元|元)?(以上|以下|及以上)", rest):
            continue
        if re.fullmatch(r"(19|20)\d\d", m.group()) and rest.startswith("年"):
            return re.sub(r"^年度?", "", rest)
        return rest[len(_measure(rest)) :]
    return clause


def _clause_after(flat: str, end: int, unit: str) -> str:
    rest = flat[end:]
    if unit and rest.startswith(unit):
        rest = rest[len(unit) :]
    rest = re.sub(r"^(以上|多|余|的)", "", rest)
    cut = min((i for i, ch in enumerate(rest) if ch in _CLAUSE_ENDS), default=len(rest))
    rest = rest[:cut]
    for stop in _STOPS:
        at = rest.find(stop)
        if at >= 2:
            rest = rest[:at]
    return rest


def _clean(words: str, year: int) -> str:
    words = re.sub(r"(19|20)\d\d年度?", "", words)
    words = re.sub(r"[“”\"《》（）()【】\s%]", "", words)
    if len(words) > 6:  # a long clause: the words after its last cut
        at = max((words.rfind(c) + len(c) for c in _CUTS if 0 <= words.rfind(c) < len(words) - 2), default=0)
        words = words[at:]
    cut = True
    while cut:
        cut = False
        for verb in _TRAILING:
            if words.endswith(verb) and len(words) > len(verb) + 1 and not words.endswith(("行为", "作为")):
                words, cut = words[: -len(verb)], True
    changed = True
    while changed:
        changed = False
        for filler in _FILLERS:
            if words.startswith(filler) and len(words) > len(filler) + 1:
                words, changed = words[len(filler) :], True
    return words[-20:]


def _name(flat: str, start: int, end: int, unit: str, year: int) -> str:
    """A name from the words before the number (or, when they say nothing, the words after)."""
    before = _clean(_clause_before(flat, start), year)
    after = _clean(_clause_after(flat, end, unit), year)
    if 2 <= len(before) <= 3 and 2 <= len(after) <= 6 and not before.endswith(_WEAK_ENDINGS):
        return before + after  # 下辖11个社区 → 下辖社区
    if len(before) >= 2 and not before.endswith(_WEAK_ENDINGS):
        return before
    if len(after) >= 2:
        return after[:14]
    return before or after or "数字"


# ── checking a proposal: what the phrasing prints ─────────────────────────


def printed(found: Found) -> str:
    """What the figure's phrasing prints for its value (must be `found.text`, unit included
    where the phrasing prints it)."""

    return Phrasing.parse(found.phrase).apply(found.value, found.unit)
