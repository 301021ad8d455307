"""Adopting a finished report: last year's Word report becomes an office's template, catalog
and filled-in forms, so that the next build writes it again from the forms.

`adopt(report=…)` reads the report (.docx, with Word's automatic numbering written out; .txt;
.doc, .wps, .rtf, .odt through LibreOffice) and recognises its parts from the text alone
(`structure`): title (also over two lines), 主送机关, level-1/2/3 headings (一、 （一） 1.) on
their own line or leading a paragraph, body (一是… items included), signing body, date and 附注.
Its year, office (city and district split off) and name come from the title, the signature or
the body unless given. Every number is found and classified by `numbers.find_numbers`. It writes
- `templates/<名称>/template.txt` and `template.docx` in our GB/T 9704 styles, every number a
  tag, the report's years and office the settings' (`{{ 年度 }}`, `{{ 下一年度 }}`, `{{ 街道 }}`);
- `templates/<名称>/指标目录.xlsx`, the catalog a clerk edits (`catalogbook`): a row per
  number, proposed as a figure (name, department, unit, 写法, the value that gives its words
  again) or kept as written (保留原文);
- `inputs/<年度>/`: one filled-in form per department (130余 → 135, marked 【推算】 in the form
  and so in the 溯源表);
- `inputs/单位设置.ini` where there is none, with the office, city, district, signing body,
  date and departments found.
Nothing is overwritten, and a refusal or failure leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from assembler.adoption.numbers import FIGURE, ORDINAL, YEAR, Found, find_numbers
from assembler.model.cells import CellError, chinese_numeral_value, parse_date, plain
from assembler.model.errors import AssemblerError, OutputError, Problem, UsageError, warning
from assembler.model.settings import (
    DEFAULT_TEMPLATE,
    SETTINGS_NAME,
    TO_FILL,
    add_report,
    parse_settings,
    settings_text,
)
from assembler.reading.catalogbook import FILL, KEEP, WORKBOOK_NAME, reconstructed_note
from assembler.reading.catalogs import load_catalog
from assembler.reading.documents import ReadDocument
from assembler.reading.reports import read_report
from assembler.writing.catalogbook import FigureRow, write_workbook
from assembler.writing.forms import department_forms, form_file_name, write_forms
from assembler.writing.templatebuild import build_docx

if TYPE_CHECKING:
    from assembler.model.settings import Settings

_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_LEVEL3 = re.compile(r"^\d{1,2}[.．](?!\d)")
_DATE = re.compile(
    r"^((19|20)\d\d|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日$"
)
_SIGNERS = ("办事处", "人民政府", "委员会", "街道", "镇", "乡", "局", "办公室", "中心", "所", "委")
_PAGE_NUMBER = re.compile(r"^[-—–]?\s*(\d{1,3}|第\s*\d{1,3}\s*页(\s*共\s*\d{1,3}\s*页)?)\s*[-—–]?$")
_TITLE_WORDS = ("报告", "总结", "情况", "年报", "要点", "计划")
# Half-width punctuation in Chinese text, as web copies and hasty typing leave it.
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}

# Departments proposed by what a figure's words are about (the clerk corrects them).
DEPARTMENT_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "综合执法大队",
        ("执法", "处罚", "罚款", "摊贩", "商户", "案卷", "车辆", "温馨提示", "出庭", "检察建议", "违法"),
    ),
    ("信访办公室", ("信访", "来访", "接待群众", "调解")),
    ("网格化管理中心", ("网格", "入户走访", "随手拍", "上报问题", "津治通")),
    ("经济发展办公室", ("企业", "营商", "纳税", "注册", "招商", "个体")),
    ("平安建设办公室", ("重点人群", "稳控", "治安", "平安", "安全生产", "点位")),
    ("司法所", ("普法", "法律", "律师", "矛盾纠纷", "宣传", "读书角", "宣传栏", "示范社区")),
    ("党政办公室", ()),
)
DEFAULT_DEPARTMENT = "党政办公室"


@dataclass(frozen=True)
class Adopted:
    """What adoption found and wrote."""

    name: str
    year: int
    template: Path
    inputs: Path
    office: str
    signer: str = ""
    date: str = ""
    titled: bool = True  # False: the report had no title, one was made (office + year + name)
    figures: int = 0
    kept: int = 0
    reconstructed: int = 0  # values worked back from 130余, 近200 and the like
    tables: int = 0  # tables in the report
    tables_adopted: bool = False  # read into the rebuilt inputs (a 政府信息公开工作年度报告's)
    written: list[Path] = field(default_factory=list)
    problems: tuple[Problem, ...] = ()  # what the clerk should look at: other offices named


def full_width(text: str) -> str:
    """`，` for `,` and the like, where the text around is Chinese (not inside 1,300 or a URL)."""
    out = []
    for i, ch in enumerate(text):
        if ch in _FULL:
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if ch == "," and before.isdigit() and after.isdigit():
                out.append(ch)
                continue
            if ch in ":;," and before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
                out.append(ch)
                continue
            out.append(_FULL[ch])
        else:
            out.append(ch)
    return "".join(out)


# ── the report's parts ────────────────────────────────────────────────────


@dataclass
class Structure:
    title: str = ""
    lines: list[tuple[str, str]] = field(default_factory=list)  # (marker, text); 二级引领 text is "head|rest"
    signer: str = ""
    date: str = ""
    notes: list[str] = field(default_factory=list)  # 附注 under the date: （此件公开发布）


def structure(paragraphs: list[str]) -> Structure:
    """Title, headings, body, signature and date, from the text."""
    found = Structure()
    texts = [full_width(p) for p in paragraphs if not _PAGE_NUMBER.match(plain(p))]
    if len(texts) > 1 and not _is_title(texts[0]) and _is_title(texts[0] + texts[1]) and len(texts[0]) <= 30:
        texts = [texts[0] + texts[1], *texts[2:]]  # a title broken over two lines
    if texts and _is_title(texts[0]):
        found.title, texts = texts[0], texts[1:]
    while texts and re.fullmatch(r"[（(][^（()）]{2,60}[）)]", plain(texts[-1])):
        found.notes.insert(0, texts.pop())  # （此件公开发布）: 附注, under the date
    if texts and _DATE.match(plain(texts[-1]).replace(" ", "")):
        found.date, texts = texts[-1], texts[:-1]
        if texts and _is_signer(texts[-1]):
            found.signer, texts = texts[-1], texts[:-1]
    elif texts and _is_signer(texts[-1]) and plain(texts[-1]).endswith(_SIGNERS):
        found.signer, texts = texts[-1], texts[:-1]
    if found.title and texts and _is_addressee(texts[0]):
        found.lines.append(("主送", texts.pop(0)))
    for text in texts:
        flat = plain(text)
        if _LEVEL1.match(flat) or _LEVEL2.match(flat) or _LEVEL3.match(flat):
            level = "一级" if _LEVEL1.match(flat) else "二级" if _LEVEL2.match(flat) else "三级"
            m = re.match(r"^(.{4,40}?[。：:])(.{2,})$", text)
            if m:  # （一）加强组织领导。镇党委召开……: the heading leads the paragraph
                found.lines.append((f"{level}引领", f"{m.group(1)}|{m.group(2)}"))
            elif level == "一级" or (len(flat) <= 40 and not flat.endswith(("；", ";", "，", ","))):
                found.lines.append((level, text))
            else:
                found.lines.append(("", text))
        else:
            found.lines.append(("", text))
    return found


def _is_addressee(text: str) -> bool:
    """区委依法治区办： — a short line ending in a colon, right under the title."""
    flat = plain(text)
    return len(flat) <= 40 and flat.endswith(("：", ":")) and not re.search(r"[。，；,;]", flat)


def _is_title(text: str) -> bool:
    flat = plain(text)
    return (
        len(flat) <= 60
        and not flat.endswith(("。", "；", "！", "？", "：", ";", ":"))
        and not _LEVEL1.match(flat)
        and not _LEVEL2.match(flat)
        and any(w in flat for w in _TITLE_WORDS)
    )


def _is_signer(text: str) -> bool:
    flat = plain(text)
    return len(flat) <= 30 and not re.search(r"[。，；：,;:]", flat)


def report_year(found: Structure, text: str) -> int | None:
    """The year a report is about: the title's, else the year its body names most (not in 《》
    titles or ranges such as 2021-2025年)."""
    m = re.search(r"((?:19|20)\d\d)年", plain(found.title))
    if m:
        return int(m.group(1))
    flat = re.sub(r"《[^》]*》", "", plain(text))
    flat = re.sub(r"\d{4}\s*年?\s*[-—–~至到]\s*\d{4}\s*年?", "", flat)
    years = Counter(int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)年", flat))
    return years.most_common(1)[0][0] if years else None


def office_of(found: Structure, year: int, text: str) -> str:
    """The office's name: the title's words before the year, or the signing body's, or the
    body's most named 某某街道 / 某某镇 / 某某乡 (outside 《》 titles)."""
    m = re.match(rf"^(.+?)(?:{year}|{year - 1})年", plain(found.title)) if found.title else None
    head = re.sub(r"(关于|办事处|人民政府|委员会)+$", "", m.group(1).strip()) if m else ""
    if len(head) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]{2,12}", head) and not head.startswith("中共"):
        return head  # 某某街道2024年… (关于2024年…: the name comes from the words below)
    if found.signer and len(found.signer) <= 14 and not re.search(r"\s", found.signer.strip()):
        return re.sub(r"(办事处|人民政府)$", "", found.signer) or found.signer
    return _office_in(f"{head}\n{found.signer}\n{text}")


_PLACE = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?(?P<city>[\u4e00-\u9fff]{2,6}?市)?"
    r"(?P<district>[\u4e00-\u9fff]{1,6}?(?:区|县|旗))?(?P<office>[\u4e00-\u9fff]{2,10}(?:街道|镇|乡))$"
)


def split_place(name: str) -> tuple[str, str, str]:
    """天津市河东区中山门街道 → (天津市, 河东区, 中山门街道); a bare 中山门街道 stays whole."""
    m = _PLACE.match(name)
    if not m:
        return "", "", name
    return m.group("city") or "", m.group("district") or "", m.group("office")


# Words before 街道 that are no office's name (结合街道实际, 我街道, 各街道).
_NOT_NAMES = ("结合", "联合", "配合", "协助", "全体", "所在", "相关", "有关", "兄弟", "其他", "全区", "本区")
_NOT_FIRST = "我本全各该此每其与及请年"  # 与东山街道, 2025年北山街道: a word before the name


def _office_candidates(flat: str) -> Iterator[tuple[int, str, str]]:
    """Each 某某街道 / 镇 / 乡 that `flat` may name: (where the 街道, 镇 or 乡 stands, the name
    before it, that word), the longest name first at each place; a name starts at the text's
    start, after a non-Chinese character or after a word such as 在 or 、, and is not a word like
    结合 or 全区."""
    for m in re.finditer(r"(?=(街道|镇|乡))", flat):
        for size in (4, 3, 2):
            start = m.start() - size
            if start < 0:
                continue
            name = flat[start : m.start()]
            before = flat[start - 1] if start else ""
            if (
                (not before or not _chinese(before) or before in "在对由与和及向从于、")
                and all(_chinese(ch) for ch in name)
                and name[0] not in _NOT_FIRST
                and name not in _NOT_NAMES
            ):
                yield m.start(), name, m.group(1)


def _chinese(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _office_in(text: str) -> str:
    """The office a report names most often (ties: the longer name)."""
    flat = re.sub(r"《[^》]*》", "", plain(text))
    scores = {name + word: (flat.count(name), len(name)) for _, name, word in _office_candidates(flat)}
    return max(scores, key=lambda k: scores[k]) if scores else ""


@dataclass(frozen=True)
class OwnNames:
    """The adopted report's own office, with its city and district where the report names
    them: the office's name becomes the settings' tag wherever the report writes it (title,
    body, 署名), so the template prints the office that uses it. A city or district named
    alone stays as written and is declared as that place's words (`places`)."""

    office: str
    city: str = ""
    district: str = ""

    def _pairs(self) -> list[tuple[str, str]]:
        if len(self.office) < 2:
            return []
        pairs = [(self.office, "{{ 街道 }}")]
        if self.district:
            pairs.append((self.district + self.office, "{{ 区 }}{{ 街道 }}"))
            if self.city:
                pairs.append((self.city + self.district + self.office, "{{ 市 }}{{ 区 }}{{ 街道 }}"))
        short = re.sub(r"(街道|镇|乡)$", "", self.office)
        if len(short) >= 2:
            pairs.append((short + "地区", "{{ 简称 }}地区"))
        return sorted(pairs, key=lambda pair: -len(pair[0]))

    def tag(self, text: str) -> str:
        """`text` (already escaped for the template) with the office's names as tags."""
        pairs = dict(self._pairs())
        if not pairs:
            return text
        return re.sub("|".join(map(re.escape, pairs)), lambda m: pairs[m.group()], text)

    def local(self, texts: list[str]) -> dict[str, list[str]]:
        """The city's and district's words left in the template's literal text, by place."""
        found: dict[str, list[str]] = {}
        for place in (self.city, self.district):
            word = re.sub(r"市$", "", place) if place.endswith("市") else place
            if len(word) >= 2 and any(word in t for t in texts):
                found[place] = [word]
        return found


def _own_names(office: str, text: str) -> OwnNames:
    """The report's office with the city and district it names with it anywhere (天津市河东区
    红星街道办事处 in the signature gives both to a title's bare 红星街道)."""
    city, district, office = split_place(office)
    if office and not (city and district):
        m = re.search(  # 南京市玄武区玄武门街道, 南京市玄武区人民政府玄武门街道办事处
            r"([\u4e00-\u9fff]{2,6}?市)?([\u4e00-\u9fff]{1,6}?(?:区|县|旗))(?:人民政府)?" + re.escape(office),
            plain(text),
        )
        if m:
            city, district = city or (m.group(1) or ""), district or m.group(2)
    district = district or _named_body(text, "区县旗")
    within = _CITY_DISTRICT.match(district)
    if within:  # 南京市玄武区人民政府: the district's name is 玄武区, in 南京市
        city, district = city or within.group(1), within.group(2)
    return OwnNames(office, city or _named_body(text, "市"), district)


_CITY_DISTRICT = re.compile(r"([\u4e00-\u9fff]{2,6}?市)([\u4e00-\u9fff]{1,6}?(?:区|县|旗))$")


def _named_body(text: str, suffixes: str) -> str:
    """The city (or district) whose party committee or government the report names most
    (在河东区委、河东区政府的领导下 → 河东区); "" when it names none."""
    found = Counter(
        m.group(1)
        for m in re.finditer(
            rf"(?:^|(?<=[在由对向从于和及与、，。：；\s]))([\u4e00-\u9fff]{{2,5}}?[{suffixes}])(?:委|人民政府|政府)",
            plain(text),
            re.M,
        )
        if m.group(1)[0] not in _NOT_FIRST
    )
    return found.most_common(1)[0][0] if found else ""


def other_offices(paragraphs: list[str], own: str) -> list[tuple[int, str, str]]:
    """(paragraph number, name, the words around it) of each 某某街道 / 某某镇 / 某某乡 the report
    names that is not its own office: a joint activity, or a neighbour's text pasted in."""
    found = []
    for n, paragraph in enumerate(paragraphs, start=1):
        flat = re.sub(r"《[^》]*》", lambda m: "　" * len(m.group()), plain(paragraph))
        for name in dict.fromkeys(_office_names(flat)):
            if own and (
                name == own or name in own or own.endswith(name) or name.endswith(own)
            ):  # 请与北山街道
                continue
            at = flat.find(name)
            found.append((n, name, paragraph[max(0, at - 10) : at + len(name) + 10]))
    return found


def _office_names(flat: str) -> list[str]:
    """The 某某街道 / 镇 / 乡 names in `flat` (`_office_candidates`), the longest at each place
    that is not itself a town or village's name (…城镇)."""
    names, places = [], set()
    for at, name, word in _office_candidates(flat):
        if at not in places and not name.endswith(("城", "乡", "镇", "村")):
            places.add(at)
            names.append(name + word)
    return names


def report_name(found: Structure, year: int, office: str, text: str = "") -> str:
    """The report's name: the title after the year (`…2024年法治政府建设工作报告` → 法治政府建设工作报告),
    else what the opening says it reports (`将2024年法治政府建设年度报告如下`), else 年度报告."""
    if found.title:
        rest = re.sub(rf"^.*?{year}年度?", "", plain(found.title)).strip()
        if rest:
            return rest
    m = re.search(rf"{year}年度?([\u4e00-\u9fff]{{2,24}}?(?:报告|总结|年报))", plain(text))
    if m:
        return m.group(1)
    return "年度报告"


# ── the template's text ───────────────────────────────────────────────────


def _escape(text: str) -> str:
    """Text a template prints as it is (braces would be read as tags)."""
    return text.replace("{", "{{ '{' }}").replace("}", "{{ '}' }}") if "{" in text or "}" in text else text


def _with_tags(text: str, found: list[tuple[Found, str]], names: OwnNames) -> str:
    """`text` with each number's span replaced by its tag, the office's names by theirs."""
    out, pos = [], 0
    for item, tag in found:
        out.append(names.tag(_escape(text[pos : item.start])))
        out.append(f"{{{{ {tag} }}}}")
        pos = item.end
    out.append(names.tag(_escape(text[pos:])))
    return "".join(out)


def _sentence(text: str, item: Found) -> str:
    """The sentence a number stands in, the number in 【】."""
    start = max(text.rfind(p, 0, item.start) for p in "。！？；") + 1
    ends = [i for i in (text.find(p, item.end) for p in "。！？；") if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[start : item.start] + f"【{text[item.start : item.end]}】" + text[item.end : end]


def department_of(name: str, sentence: str = "") -> str:
    """The department a figure's name suggests; else the one whose words stand nearest before
    the number in its sentence (marked 【】), or after it; else 党政办公室."""
    found = next((d for d, said in DEPARTMENT_WORDS if any(w in name for w in said)), None)
    if found:
        return found
    at = sentence.find("【") if "【" in sentence else len(sentence)
    before, after = sentence[:at], sentence[at:]
    nearest = max(
        ((before.rfind(w), d) for d, said in DEPARTMENT_WORDS for w in said if w in before), default=None
    )
    if nearest:
        return nearest[1]
    following = min(
        ((after.find(w), d) for d, said in DEPARTMENT_WORDS for w in said if w in after), default=None
    )
    return following[1] if following else DEFAULT_DEPARTMENT


def _key(name: str, taken: set[str]) -> str:
    key = re.sub(r"[^\w]", "", name) or "数字"
    if key[0].isdigit():
        key = f"数字{key}"
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}{n}", n + 1
    taken.add(candidate)
    return candidate


def _value(item: Found) -> int | float | Decimal:
    value = item.value / 100 if item.type == "percent" else item.value
    return int(value) if value == value.to_integral_value() else float(value)


def template_and_rows(
    found: Structure, year: int, names: OwnNames, name: str
) -> tuple[list[str], list[FigureRow]]:
    """The template's lines (template.txt) and the catalog's rows, from the report's parts; a
    report without a title (a web copy) gets office + year + name."""
    lines: list[str] = []
    rows: list[FigureRow] = []
    taken: set[str] = set()
    kept = 0

    def tagged(text: str) -> str:
        nonlocal kept
        tags = []
        for item in find_numbers(text, year=year):
            if item.reason == ORDINAL:
                continue  # 1.强化理论武装: the heading's number stays in the text
            if item.kind == YEAR:
                tags.append((item, item.reason))
                continue
            sentence = _sentence(text, item)
            if item.kind == FIGURE:
                key = _key(item.name, taken)
                rows.append(
                    FigureRow(
                        key=key, label=item.name, department=department_of(item.name, sentence), unit=item.unit,
                        phrase=item.phrase, handling=FILL, type=item.type, sentence=sentence, written=item.text,
                        value=_value(item),
                    )
                )  # fmt: skip
            else:
                kept += 1
                key = _key(f"原文{kept}", taken)
                rows.append(
                    FigureRow(
                        key=key, label="（保留原文）", handling=KEEP, sentence=sentence, written=item.text,
                        hint=item.reason,
                    )
                )  # fmt: skip
            tags.append((item, key))
        return _with_tags(text, tags, names)

    if found.title:
        lines.append(f"[标题] {tagged(found.title)}")
    else:
        lines.append(f"[标题] {{{{ 街道 }}}}{{{{ 年度 }}}}年{_escape(name)}")
    for marker, text in found.lines:
        if marker.endswith("引领"):
            head, rest = text.split("|", 1)
            lines.append(f"[{marker}] {tagged(head)}|{tagged(rest)}")
        elif marker:
            lines.append(f"[{marker}] {tagged(text)}")
        else:
            body = tagged(text)
            lines.append(f"[正文] {body}" if body.startswith(("[", "//")) else body)
    if found.signer:
        lines.append("[署名] {{ 署名 }}")
    if found.date:
        lines.append("[日期] {{ 成文日期 }}")
    lines += [f"[正文] {tagged(note)}" for note in found.notes]
    return lines, rows


# ── adoption ──────────────────────────────────────────────────────────────


def adopt(
    *,
    report: Path,
    workdir: Path,
    year: int | None = None,
    name: str | None = None,
    office: str | None = None,
    read: ReadDocument | None = None,
) -> Adopted:
    """Adopt `report` into `workdir`: template, catalog workbook, filled-in forms and, where
    there are none, settings. The year, office and report name are read from the report
    unless given (`read`: the report as already read). Nothing is overwritten; a failure
    leaves nothing behind."""
    read = read or read_report(report)
    paragraphs = read.paragraphs
    if not paragraphs:
        raise UsageError(f"{report.name} 中没有文字；请确认选对了文件")
    found = structure(paragraphs)
    text = "\n".join(paragraphs)
    year = year or report_year(found, text)
    if year is None:
        raise UsageError(f"无法从 {report.name} 中判断报告的年度；请用 --year 写明，如 --year 2024")
    settings_path = workdir / "inputs" / SETTINGS_NAME
    existing = _existing_settings(settings_path)
    whose = _whose(found, year, text, office, existing)
    if not whose.office and not settings_path.exists():
        raise UsageError(f"无法从 {report.name} 中识别单位名称；请用 --office 写明，如 --office 某某街道")
    if any(c in whose.office for c in '\\/:*?"<>|'):
        raise UsageError(f'单位名称“{whose.office}”不能含有 \\ / : * ? " < > | 等字符')
    name = (name or report_name(found, year, whose.office, text)).strip()
    if not name or any(c in name for c in '\\/:*?"<>|'):
        raise UsageError(f'模板名称“{name}”不能为空，也不能含有 \\ / : * ? " < > | 等字符')
    folder = workdir / "templates" / name
    if folder.exists():
        raise OutputError(f"已有模板文件夹 {folder}，未作改动；请用 --name 另起一个模板名称")
    lines, rows = template_and_rows(found, year, whose.names, name)
    proposed = [r.department for r in rows if r.handling == FILL]
    departments = list(
        dict.fromkeys([*(existing.departments if existing else ()), *proposed, DEFAULT_DEPARTMENT])
    )
    adoption = _Adoption(workdir, folder, settings_path, existing, found, year, name, whose, departments)
    written = adoption.write(lines, rows)
    return Adopted(
        name=name,
        year=year,
        template=folder,
        inputs=adoption.inputs,
        office=whose.office,
        signer=found.signer,
        date=found.date,
        titled=bool(found.title),
        figures=sum(1 for r in rows if r.handling == FILL),
        kept=sum(1 for r in rows if r.handling == KEEP),
        tables=len(read.tables),
        reconstructed=sum(1 for r in rows if r.handling == FILL and _reconstructed(r, year)),
        written=written,
        problems=tuple(_others_named(paragraphs, whose.names, report)),
    )


@dataclass(frozen=True)
class _Whose:
    """Whose report it is: the office that adopts it, with its city and district (`office` may
    be empty: the settings' office is then kept), and the names the report gives its own
    office (`names`, made tags in the template)."""

    office: str
    city: str
    district: str
    names: OwnNames


def _whose(found: Structure, year: int, text: str, office: str | None, existing: Settings | None) -> _Whose:
    """The office given (`--office`), else the settings', else the report's own; where that is
    the report's office, the city and district each of them names are shared."""
    own = existing.office if existing and TO_FILL not in existing.office else ""
    in_report = _own_names(office_of(found, year, text), f"{found.signer}\n{text}")
    city, district, office = split_place((office or "").strip() or own or office_of(found, year, text))
    if office == in_report.office or not in_report.office:  # the office adopts its own report
        city, district = city or in_report.city, district or in_report.district
        in_report = OwnNames(
            in_report.office or office, in_report.city or city, in_report.district or district
        )
    return _Whose(office, city, district, in_report)


def _others_named(paragraphs: list[str], names: OwnNames, report: Path) -> list[Problem]:
    """A warning for each other office the report names (kept as written)."""
    return [
        warning(
            f"报告中写有“{other}”（“…{around}…”），不是本报告单位（{names.office}）的名称，已照原文保留；"
            "如那是别的单位的事，请在 template.txt 中改写后重新生成模板",
            file=report.name,
            cell=f"第{n}段",
        )
        for n, other, around in other_offices(paragraphs, names.office)
    ]


@dataclass
class _Adoption:
    """What one adoption writes, and where: the settings (where there are none), the template
    folder (template.txt, 指标目录.xlsx, template.docx) and the year's filled-in forms."""

    workdir: Path
    folder: Path
    settings_path: Path
    existing: Settings | None
    found: Structure
    year: int
    name: str
    whose: _Whose
    departments: list[str]

    @property
    def inputs(self) -> Path:
        return self.workdir / "inputs" / str(self.year)

    def write(self, lines: list[str], rows: list[FigureRow]) -> list[Path]:
        """Every file, in order; on any failure, the files and folders made so far are removed."""
        written: list[Path] = []
        made = [d for d in (self.inputs.parent, self.workdir / "templates", self.inputs) if not d.exists()]
        try:
            if not self.settings_path.exists():
                self._new_settings()
                written.append(self.settings_path)
            self._write_template(lines, rows, written)
            _filled_forms(self.folder, self.settings_path, self.inputs, self.year, written)
            if self.existing is not None:  # the office makes this report too from now on
                add_report(self.settings_path, self.name, default=(DEFAULT_TEMPLATE,))
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            shutil.rmtree(self.folder, ignore_errors=True)
            for directory in reversed(made):  # folders this adoption made, if nothing else is in them
                with contextlib.suppress(OSError):
                    directory.rmdir()
            raise
        return written

    def _new_settings(self) -> None:
        """单位设置.ini with what the report tells: its office, place, year, signature and date."""
        whose = self.whose
        # Another office's report is adopted without its signature: that office signs its own.
        signer = self.found.signer if whose.office == whose.names.office else ""
        _write_settings(
            self.settings_path,
            self.found,
            whose.office,
            self.year,
            self.name,
            self.departments,
            city=whose.city,
            district=whose.district,
            signer=signer,
        )

    def _write_template(self, lines: list[str], rows: list[FigureRow], written: list[Path]) -> None:
        """template.txt, the catalog workbook and template.docx, each added to `written`."""
        names = self.whose.names
        local = names.local([line for line in lines if not line.startswith("//")])
        self.folder.mkdir(parents=True)
        source = self.folder / "template.txt"
        source.write_text(_HEADER + "\n".join(lines) + "\n", encoding="utf-8")
        written.append(source)
        written.append(
            write_workbook(
                self.folder / WORKBOOK_NAME, name=self.name, rows=rows, departments=self.departments,
                title=_title(self.found, self.year, names, self.name), reported_year=self.year, local=local,
            )
        )  # fmt: skip
        build_docx(source, self.folder / "template.docx")
        written.append(self.folder / "template.docx")


_HEADER = """// 由 assembler adopt 从上年报告生成的模板正文。每行一段；行首方括号注明样式：
// [标题] [主送] [一级] [二级] [三级] [一级引领] [二级引领] [三级引领]（以“|”分开标题句和正文）
// [署名] [日期]；不注明的是正文。
// 双花括号里是指标目录（指标目录.xlsx）中的数字或单位设置。修改后运行：python -m assembler.writing.templatebuild 模板文件夹

"""


def _title(found: Structure, year: int, names: OwnNames, name: str) -> str:
    if not found.title:
        return "{街道}{年度}年" + name
    title = names.tag(plain(found.title)).replace("{{ ", "{").replace(" }}", "}")
    return re.sub(rf"{year}年", "{年度}年", title, count=1)


def arabic_date(text: str) -> str:
    """二〇二五年一月十五日 → 2025年1月15日 (GB/T 9704 writes the date in Arabic numerals)."""

    m = re.match(r"^\s*([〇零一二三四五六七八九\d]{4})\s*年\s*([一二三四五六七八九十\d]{1,3})\s*月"
                 r"\s*([一二三四五六七八九十\d]{1,3})\s*日\s*$", text)  # fmt: skip
    if not m:
        return text

    def number(part: str) -> str:
        return part if part.isdigit() else str(chinese_numeral_value(part))

    year = "".join(number(ch) for ch in m.group(1))  # 二〇二五: digit by digit
    return f"{year}年{number(m.group(2))}月{number(m.group(3))}日"


def _existing_settings(path: Path) -> Settings | None:
    """The workspace's settings, if there are any that can be read (problems in them are told
    by check and build, not here)."""

    if not path.is_file():
        return None
    try:
        return parse_settings(path)
    except AssemblerError:
        return None


def _write_settings(
    path: Path,
    found: Structure,
    office: str,
    year: int,
    name: str,
    departments: list[str],
    *,
    city: str = "",
    district: str = "",
    signer: str = "",
) -> None:

    date = ""
    if found.date:
        try:
            day = parse_date(arabic_date(plain(found.date)))
            date = f"{day.year}年{day.month}月{day.day}日"
        except CellError:
            date = ""
    text = settings_text(
        office=office, year=year, signer=signer, reports=[name], city=city, district=district,
        departments=departments, report_dates={year: date} if date else None,
    )  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _filled_forms(folder: Path, settings_path: Path, inputs: Path, year: int, written: list[Path]) -> None:
    """One form per department, filled with the values that give the report's words again (the
    catalog's 上年数值 for its 原报告年度, see `forms.make_form_workbook`); each added to
    `written` as it is saved."""

    catalog = load_catalog(folder / WORKBOOK_NAME)
    there = [
        name for forms in department_forms(catalog) if (inputs / (name := form_file_name(forms))).exists()
    ]
    if there:
        raise OutputError(
            f"{inputs} 中已有 {'、'.join(there)}，未作改动；请先移走这些表格，或用 --name 另起一个模板名称"
        )
    written += write_forms(catalog=catalog, settings=parse_settings(settings_path), year=year, out_dir=inputs)


def _reconstructed(row: FigureRow, year: int) -> bool:
    return bool(reconstructed_note(row.written, row.value, row.type, year))
