"""The GB/T 9704-2012 layout, as named Word styles and page settings.

Everything about how the report looks is here, in one table of styles and a few page
constants, so an office restyles in one place. `apply_layout` turns a python-docx
Document (on the package of `package.new_document`) into an official-document shell: A4, the
standard margins, a 22 × 28 grid, clean fonts (no theme fonts, East-Asian names in
`w:eastAsia`, East-Asian punctuation in the East-Asian face) and `— N —` page numbers
alternating right and left. Template builders then add paragraphs by style name.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from assembler.writing.units import char_width

# Page, in twips (1/1440 inch; 1 mm = 56.7 twips).
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4
MARGIN_TOP, MARGIN_BOTTOM = 2098, 1984  # 37 mm, 35 mm
MARGIN_LEFT, MARGIN_RIGHT = 1588, 1474  # 28 mm, 26 mm
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
LINE_PITCH = 579  # 225 mm / 22 lines, in twips: 28.95 pt
# 156 mm / 28 = 15.79 pt a character: 三号 (16 pt) is condensed by 0.25 pt (in 1/20 pt),
# which both Word and LibreOffice honour (LibreOffice misreads Word's character grid).
CHAR_TIGHTEN = -5
CHAR_PITCH = 315  # one character of 三号 so condensed, in twips
FOOTER_DISTANCE = 1287  # page-number line 7 mm below the text block
FOOTER_LINE = 300  # 15 pt exact for the 四号 page-number line
PAGE_NUMBER_INDENT = 280  # one 四号 character in from the edge of the block

BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
COMMENT_FONT = "宋体"


@dataclass(frozen=True)
class StyleSpec:
    """One named style. Sizes in points; indents and spacing in characters and grid lines."""

    name: str
    east_asia: str
    latin: str = LATIN_FONT
    size: float = 16  # 三号
    bold: bool = False
    align: str = "both"  # both | center | right | left
    first_line_chars: float = 2
    space_before_lines: float = 0
    space_after_lines: float = 0
    outline_level: int | None = None
    keep_next: bool = False
    character: bool = False  # a character style (for a heading sentence that opens a paragraph)
    line: int = LINE_PITCH  # line spacing in twips, exact; with `single`, Word's single spacing
    single: bool = False
    style_id: str = ""  # for Word's built-in styles, the id Word and python-docx refer to


# The styles the templates use. "Normal" is Word's 正文.
STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("Normal", BODY_FONT),
    StyleSpec(
        "公文标题", "方正小标宋简体", latin="方正小标宋简体", size=22, align="center",
        first_line_chars=0, space_after_lines=1, keep_next=True,
    ),
    StyleSpec("一级标题", "黑体", outline_level=0, keep_next=True),
    StyleSpec("二级标题", "楷体_GB2312", outline_level=1, keep_next=True),
    StyleSpec("三级标题", BODY_FONT, bold=True, outline_level=2, keep_next=True),
    # 主送机关: under the title, flush left (GB/T 9704 7.3.2).
    StyleSpec("主送机关", BODY_FONT, first_line_chars=0, keep_next=True),
    StyleSpec("一级标题字符", "黑体", character=True),
    StyleSpec("二级标题字符", "楷体_GB2312", character=True),
    StyleSpec("三级标题字符", BODY_FONT, bold=True, character=True),
    # The signature keeps with its date (and `keep_ending_together` ties the text's last lines to it).
    StyleSpec("署名", BODY_FONT, align="right", first_line_chars=0, space_before_lines=1, keep_next=True),
    StyleSpec("成文日期", BODY_FONT, align="right", first_line_chars=0),
    StyleSpec("页码", "宋体", latin="宋体", size=14, align="right", first_line_chars=0, line=FOOTER_LINE),
    # Statistical tables: 宋体 五号, single spacing, centred, inside bordered cells.
    StyleSpec("表格文字", "宋体", size=10.5, align="center", first_line_chars=0, single=True),
    # The review copy's comment balloons: 宋体 五号, single spacing, no indent (not the body's 三号).
    StyleSpec(
        "annotation text", COMMENT_FONT, size=10.5, align="left", first_line_chars=0, single=True,
        style_id="CommentText",
    ),
    StyleSpec("annotation reference", COMMENT_FONT, size=8, character=True, style_id="CommentReference"),
)  # fmt: skip


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


# Schema order of the children of w:pPr and w:rPr (ECMA-376 CT_PPrBase, CT_RPr); Word
# rejects a document whose elements are out of order.
_ORDER = {
    "pPr": [
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ],
    "rPr": [
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ],
}


def _child(parent: Any, tag: str) -> Any:
    """The child element `tag` of a w:pPr or w:rPr, created in schema order if missing."""
    el = parent.find(_w(tag))
    if el is not None:
        return el
    from docx.oxml import OxmlElement

    el = OxmlElement(f"w:{tag}")
    order = _ORDER.get(parent.tag.rsplit("}", 1)[-1])
    later = order[order.index(tag) + 1 :] if order and tag in order else ()
    successor = next((c for c in parent if c.tag.rsplit("}", 1)[-1] in later), None)
    if successor is not None:
        successor.addprevious(el)
    else:
        parent.append(el)
    return el


def set_fonts(rpr: Any, east_asia: str, latin: str) -> None:
    """Explicit font names on every script, no theme font attributes to override them, and the
    East-Asian hint: Word sets characters shared by both scripts (“ ” ‘ ’ — … · ×) in the
    Latin font unless the hint says East-Asian ([MS-OI29500] 2.1.88)."""
    fonts = _child(rpr, "rFonts")
    for attr in list(fonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del fonts.attrib[attr]
    fonts.set(_w("ascii"), latin)
    fonts.set(_w("hAnsi"), latin)
    fonts.set(_w("cs"), latin)
    fonts.set(_w("eastAsia"), east_asia)
    fonts.set(_w("hint"), "eastAsia")


# Characters Word sets in the Latin font unless the run's font hint is East-Asian: Latin-1
# signs (· × ÷ ° §), general punctuation (“ ” ‘ ’ — … ‰ ※), letter-like symbols (℃ №),
# Roman numerals, arrows, mathematical signs, enclosed numbers (①), box drawing and shapes (■ ○),
# miscellaneous symbols (★). [MS-OI29500] 2.1.88.
_SHARED_RANGES = (
    (0x2000, 0x206F), (0x2100, 0x21FF), (0x2200, 0x23FF), (0x2460, 0x24FF), (0x2500, 0x26FF),
)  # fmt: skip
_SHARED_LATIN1 = frozenset(
    [0xA1, 0xA4, 0xA7, 0xA8, 0xAA, 0xAD, 0xAF, *range(0xB0, 0xB5), *range(0xB6, 0xBB),
     *range(0xBC, 0xC0), 0xD7, 0xF7]
)  # fmt: skip
# The same characters as one class: a report's every run is searched in C, not character by character.
_SHARED = re.compile(
    "["
    + "".join(re.escape(chr(code)) for code in sorted(_SHARED_LATIN1))
    + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in _SHARED_RANGES)
    + "]"
)


def needs_east_asian_hint(text: str) -> bool:
    """Whether `text` has a character Word would set in the Latin font without the hint."""
    return _SHARED.search(text) is not None


def apply_style(doc: Any, spec: StyleSpec) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    styles = doc.styles
    kind = WD_STYLE_TYPE.CHARACTER if spec.character else WD_STYLE_TYPE.PARAGRAPH
    try:
        style = styles[spec.name]
    except KeyError:
        style = styles.add_style(spec.name, kind)
        if spec.style_id:  # one of Word's own styles, not a custom one
            style.element.styleId = spec.style_id
            style.element.attrib.pop(_w("customStyle"), None)
        if not spec.character:
            style.base_style = styles["Normal"]
        style.quick_style = not spec.style_id
    style.font.size = Pt(spec.size)
    style.font.bold = spec.bold
    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr, spec.east_asia, spec.latin)
    color = _child(rpr, "color")
    color.set(_w("val"), "000000")
    if spec.size == 16:
        # 28 characters of 三号 must fit 156 mm: 15.75 pt a character instead of 16.
        _child(rpr, "spacing").set(_w("val"), str(CHAR_TIGHTEN))
    if spec.character:
        return
    if spec.name != "Normal" and not spec.style_id:
        style.next_paragraph_style = styles["Normal"]
    ppr = style.element.get_or_add_pPr()
    pf = style.paragraph_format
    pf.keep_with_next = spec.keep_next or None
    pf.widow_control = True
    spacing = _child(ppr, "spacing")
    spacing.set(_w("before"), str(round(spec.space_before_lines * LINE_PITCH)))
    spacing.set(_w("after"), str(round(spec.space_after_lines * LINE_PITCH)))
    spacing.set(_w("line"), "240" if spec.single else str(spec.line))
    spacing.set(_w("lineRule"), "auto" if spec.single else "exact")
    ind = _child(ppr, "ind")
    chars = round(spec.first_line_chars * 100)
    ind.set(_w("firstLineChars"), str(chars))
    ind.set(_w("firstLine"), str(round(spec.first_line_chars * CHAR_PITCH)))
    if spec.name == "页码":
        ind.set(_w("right"), str(PAGE_NUMBER_INDENT))
    # Chinese line breaking: no punctuation hanging past the margin, kinsoku rules on.
    _child(ppr, "kinsoku").set(_w("val"), "1")
    _child(ppr, "overflowPunct").set(_w("val"), "0")
    # No extra gap between Chinese and digits or Latin: `2024年`, not `2024 年`.
    _child(ppr, "autoSpaceDE").set(_w("val"), "0")
    _child(ppr, "autoSpaceDN").set(_w("val"), "0")
    jc = _child(ppr, "jc")
    jc.set(_w("val"), spec.align)
    if spec.outline_level is not None:
        _child(ppr, "outlineLvl").set(_w("val"), str(spec.outline_level))


def _page(doc: Any) -> None:
    section = doc.sections[0]
    sect = section._sectPr
    pgsz = _child(sect, "pgSz")
    pgsz.set(_w("w"), str(PAGE_WIDTH))
    pgsz.set(_w("h"), str(PAGE_HEIGHT))
    mar = _child(sect, "pgMar")
    for attr, value in (
        ("top", MARGIN_TOP),
        ("bottom", MARGIN_BOTTOM),
        ("left", MARGIN_LEFT),
        ("right", MARGIN_RIGHT),
        ("header", 851),
        ("footer", FOOTER_DISTANCE),
        ("gutter", 0),
    ):
        mar.set(_w(attr), str(value))
    grid = _child(sect, "docGrid")
    # No grid type: exact 28.95 pt lines give the 22 lines in Word and LibreOffice alike;
    # LibreOffice turns Word's grid types into a character grid that spreads CJK text out.
    grid.attrib.pop(_w("type"), None)
    grid.set(_w("linePitch"), str(LINE_PITCH))


def _page_number_paragraph(paragraph: Any, align: str) -> None:
    from docx.oxml import OxmlElement

    paragraph.style = "页码"
    ppr = paragraph._p.get_or_add_pPr()
    jc = _child(ppr, "jc")
    jc.set(_w("val"), align)
    ind = _child(ppr, "ind")
    side = "right" if align == "right" else "left"
    ind.set(_w(side), str(PAGE_NUMBER_INDENT))
    if side == "left":
        ind.set(_w("right"), "0")
    paragraph.add_run("— ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(_w("fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)
    paragraph.add_run(" —")


def _page_numbers(doc: Any) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    section.footer.is_linked_to_previous = False
    _page_number_paragraph(section.footer.paragraphs[0], "right")
    section.even_page_footer.is_linked_to_previous = False
    _page_number_paragraph(section.even_page_footer.paragraphs[0], "left")


def apply_layout(doc: Any) -> None:
    """Make `doc` (a `package.new_document()`) an official-document shell."""
    for spec in STYLES:
        apply_style(doc, spec)
    _page(doc)
    _page_numbers(doc)


@dataclass(frozen=True)
class SignaturePlace:
    """Where the signing body and the date go, in characters of the 28-character line."""

    name_right: float  # the name is right-aligned this far in from the right edge
    date_left: float | None  # the date starts here (left-aligned) ...
    date_right: float | None = None  # ... or, when longer than the name, is right-aligned


def signature_place(signer: str, date_text: str) -> SignaturePlace:
    """GB/T 9704 7.3.5.2: the name two characters in from the right; the date on the next line,
    starting two characters right of the name's start. A date longer than the name sits two
    characters in from the right instead, and the name moves left to keep the two-character step.

    The date is placed by where it starts, so its width (digits differ between fonts) only
    matters for the long-date case.
    """
    name_w, date_w = char_width(signer), char_width(date_text)
    if date_w <= name_w:
        return SignaturePlace(2.0, CHARS_PER_LINE - 2 - name_w + 2)
    return SignaturePlace(4.0 + date_w - name_w, None, 2.0)


def keep_with_next(paragraph: Any) -> None:
    """Direct 'keep with next' on one paragraph. Widow control (on in every style) then moves at
    least its last two lines onto the next page with what follows, never the whole paragraph."""
    _child(paragraph._p.get_or_add_pPr(), "keepNext")


def hint_east_asian(run: Any) -> None:
    """The East-Asian font hint on one run (see `needs_east_asian_hint`)."""
    _child(run._r.get_or_add_rPr(), "rFonts").set(_w("hint"), "eastAsia")


def set_indent(paragraph: Any, *, left: float | None = None, right: float | None = None) -> None:
    """Indent a paragraph by characters (with a twips fallback for older readers)."""
    ppr = paragraph._p.get_or_add_pPr()
    ind = _child(ppr, "ind")
    for side, chars in (("left", left), ("right", right)):
        if chars is not None:
            ind.set(_w(f"{side}Chars"), str(round(chars * 100)))
            ind.set(_w(side), str(round(chars * CHAR_PITCH)))
    if left is not None:
        _child(ppr, "jc").set(_w("val"), "left")


# 二号 (22 pt) characters on the 156 mm line: 20 in theory (156 mm / 7.76 mm), 19 for sure (a
# 20-character title wraps its last character in some fonts).
TITLE_CHARS = 19
# Words after which a title may break: an office's name, the year, joining words.
TITLE_BREAKS = (
    "办事处",
    "街道",
    "人民政府",
    "政府",
    "年度",
    "年",
    "关于",
    "的",
    "和",
    "与",
    "镇",
    "乡",
    "区",
    "市",
)


# Words never broken, even where a shorter break word ends inside them.
TITLE_WHOLE = (
    "街道办事处", "人民政府", "年度", "区委", "市委", "社区", "城市", "的报告",
    "法治政府建设", "政府信息公开",
)  # fmt: skip
SHAPE_SLACK = 1  # an upper line may exceed the next by one character and still count as even


def _break_points(title: str) -> list[int]:
    points = set()
    inside = {s + i for w in TITLE_WHOLE for s in _find_all(title, w) for i in range(1, len(w))}
    for word in TITLE_BREAKS:
        start = title.find(word)
        while start != -1:
            end = start + len(word)
            if (
                0 < end < len(title)
                and end not in inside
                and not (title[end - 1].isdigit() and title[end].isdigit())
            ):
                points.add(end)
            start = title.find(word, start + 1)
    return sorted(points)


def _find_all(text: str, word: str) -> list[int]:
    found, start = [], text.find(word)
    while start != -1:
        found.append(start)
        start = text.find(word, start + 1)
    return found


def title_lines(title: str, width: int = TITLE_CHARS) -> list[str]:
    """Lines of a title as GB/T 9704 7.3.1 asks: whole words on each line, and a trapezoid
    (each line no longer than the next) or a diamond (the middle line longest), as balanced as
    the break points allow. A title that fits on one line stays one line."""
    if char_width(title) <= width:
        return [title]
    points = _break_points(title)
    best: tuple[float, list[str]] | None = None
    for count in (2, 3):
        for cut in _combinations(points, count - 1):
            lines = [title[a:b] for a, b in zip((0, *cut), (*cut, len(title)), strict=True)]
            widths = [char_width(line) for line in lines]
            if max(widths) > width:
                continue
            trapezoid = all(a <= b + SHAPE_SLACK for a, b in itertools.pairwise(widths))
            diamond = count == 3 and widths[0] <= widths[1] + SHAPE_SLACK >= widths[2]
            if not (trapezoid or diamond):
                continue
            score = max(widths) - min(widths) + (count - 2) * width  # prefer fewer, balanced lines
            if best is None or score < best[0]:
                best = (score, lines)
        if best is not None:
            return best[1]
    # No word boundary gives a good shape: fall back to full lines, a number never split.
    lines, line = [], ""
    for token in re.findall(r"\d+|.", title):
        if line and char_width(line + token) > width:
            lines.append(line)
            line = ""
        line += token
    return [*lines, line]


def _combinations(points: list[int], k: int) -> list[tuple[int, ...]]:
    from itertools import combinations

    return list(combinations(points, k))


def break_title(paragraph: Any) -> None:
    """Rewrite a rendered title paragraph as `title_lines`, joined by line breaks."""
    text = paragraph.text
    lines = title_lines(text)
    if len(lines) == 1:
        return
    runs = paragraph.runs
    for run in runs[1:]:
        run._r.getparent().remove(run._r)
    first = runs[0]
    first.text = lines[0]
    for line in lines[1:]:
        first.add_break()
        first.add_text(line)
