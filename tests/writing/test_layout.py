"""GB/T 9704 layout facts, read from the docx XML of the built report."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import samples
from lxml import etree

from assembler.reading.templates import bundled_template_root
from assembler.writing import layout
from assembler.writing.templatebuild import build_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml(docx: Path, part: str):
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(part))


def _style(styles, name: str):
    for style in styles.iter(f"{W}style"):
        if style.find(f"{W}name").get(f"{W}val") == name:
            return style
    raise AssertionError(f"no style {name}")


def test_page_is_a4_with_standard_margins(shipped_report: Path):
    sect = _xml(shipped_report, "word/document.xml").find(f".//{W}sectPr")
    size, mar = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    twips_per_mm = 1440 / 25.4
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(int(mar.get(f"{W}{side}")) / twips_per_mm - mm) < 0.5, side
    assert sect.find(f"{W}docGrid").get(f"{W}linePitch") == "579"


@pytest.mark.parametrize(
    ("name", "east_asia", "size"),
    [
        ("Normal", "仿宋_GB2312", "32"),
        ("公文标题", "方正小标宋简体", "44"),
        ("一级标题", "黑体", "32"),
        ("二级标题", "楷体_GB2312", "32"),
        ("二级标题字符", "楷体_GB2312", "32"),
        ("页码", "宋体", "28"),
    ],
)
def test_styles_declare_fonts_and_sizes(shipped_report: Path, name, east_asia, size):
    style = _style(_xml(shipped_report, "word/styles.xml"), name)
    fonts = style.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == east_asia
    assert fonts.get(f"{W}ascii") in ("Times New Roman", east_asia)
    assert style.find(f"{W}rPr/{W}sz").get(f"{W}val") == size


def test_no_theme_fonts_anywhere(shipped_report: Path):
    for part in ("word/styles.xml", "word/document.xml"):
        for fonts in _xml(shipped_report, part).iter(f"{W}rFonts"):
            assert not [a for a in fonts.attrib if "theme" in a.lower()], part


def test_body_lines_and_indent(shipped_report: Path):
    ppr = _style(_xml(shipped_report, "word/styles.xml"), "Normal").find(f"{W}pPr")
    spacing, ind = ppr.find(f"{W}spacing"), ppr.find(f"{W}ind")
    assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == ("579", "exact")
    assert 22 * 579 <= layout.PAGE_HEIGHT - layout.MARGIN_TOP - layout.MARGIN_BOTTOM < 23 * 579
    assert ind.get(f"{W}firstLineChars") == "200"
    # 28 characters of 三号, condensed, fit the 156 mm line; 29 do not.
    width = layout.PAGE_WIDTH - layout.MARGIN_LEFT - layout.MARGIN_RIGHT
    pitch = 320 + layout.CHAR_TIGHTEN
    assert 28 * pitch <= width < 29 * pitch


def test_rpr_and_ppr_children_are_in_schema_order(shipped_report: Path):
    for part in ("word/styles.xml", "word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        root = _xml(shipped_report, part)
        for kind, order in layout._ORDER.items():
            for el in root.iter(f"{W}{kind}"):
                tags = [c.tag.removeprefix(W) for c in el]
                known = [t for t in tags if t in order]
                assert known == sorted(known, key=order.index), (part, tags)


def test_page_numbers_alternate_sides(shipped_report: Path):
    settings = _xml(shipped_report, "word/settings.xml")
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    sect = _xml(shipped_report, "word/document.xml").find(f".//{W}sectPr")
    refs = {r.get(f"{W}type"): r for r in sect.iter(f"{W}footerReference")}
    assert set(refs) == {"default", "even"}
    rels = _xml(shipped_report, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    for kind, align, side in (("default", "right", "right"), ("even", "left", "left")):
        footer = _xml(shipped_report, "word/" + targets[refs[kind].get(R)])
        p = footer.find(f"{W}p")
        assert p.find(f"{W}pPr/{W}jc").get(f"{W}val") == align
        assert p.find(f"{W}pPr/{W}ind").get(f"{W}{side}") == str(layout.PAGE_NUMBER_INDENT)
        text = "".join(t.text for t in p.iter(f"{W}t"))
        assert text == "— 1 —"
        assert "PAGE" in "".join(t.text for t in p.iter(f"{W}instrText"))


def test_signature_sits_as_the_standard_says(shipped_report: Path):
    from docx import Document

    doc = Document(str(shipped_report))
    signer, date = doc.paragraphs[-2], doc.paragraphs[-1]
    assert (signer.style.name, date.style.name) == ("署名", "成文日期")
    assert signer._p.pPr.find(f"{W}ind").get(f"{W}rightChars") == "200"
    # 中山门街道办事处 (8 characters) ends 2 characters from the right, so it starts at 18;
    # the date starts 2 characters further right, at 20.
    assert date._p.pPr.find(f"{W}ind").get(f"{W}leftChars") == "2000"
    assert date._p.pPr.find(f"{W}jc").get(f"{W}val") == "left"


def test_signature_place_for_a_long_date():
    assert layout.signature_place("中山门街道办事处", "2025年1月20日") == layout.SignaturePlace(2.0, 20.0)
    assert layout.signature_place("某办", "2025年12月31日") == layout.SignaturePlace(9.0, None, 2.0)


def test_committed_templates_are_up_to_date(tmp_path: Path):
    """template.docx is what layout.py and template.txt make: run templatebuild after edits."""
    for folder in bundled_template_root().iterdir():
        if not (folder / "template.txt").is_file():
            continue
        fresh = tmp_path / f"{folder.name}.docx"
        build_docx(folder / "template.txt", fresh)
        for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/settings.xml"):
            assert etree.tostring(_xml(fresh, part)) == etree.tostring(
                _xml(folder / "template.docx", part)
            ), f"{folder.name}/template.docx is stale ({part}): run python -m assembler.writing.templatebuild"


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("中山门街道2024年法治政府建设年度报告", ["中山门街道2024年法治政府建设年度报告"]),
        ("天津市河东区中山门街道办事处2024年度法治政府建设工作情况报告",
         ["天津市河东区中山门街道办事处", "2024年度法治政府建设工作情况报告"]),
        ("天津市河东区中山门街道办事处2024年法治政府建设年度报告",  # 14 over 13: even enough
         ["天津市河东区中山门街道办事处", "2024年法治政府建设年度报告"]),
        ("中山门街道办事处关于2024年度法治政府建设情况和2025年工作安排的报告",
         ["中山门街道办事处关于2024年度", "法治政府建设情况和2025年工作安排的报告"]),
    ],
)  # fmt: skip
def test_long_titles_break_between_words_as_a_trapezoid(title, lines):
    assert layout.title_lines(title) == lines


import itertools  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

WORDS = [
    "中山门",
    "街道",
    "办事处",
    "2024",
    "年度",
    "法治政府",
    "建设",
    "工作",
    "情况",
    "报告",
    "关于",
    "的",
    "和",
    "区",
]


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14))
def test_title_lines_keep_the_text_fit_the_line_and_never_split_numbers(words):
    title = "".join(words)
    lines = layout.title_lines(title)
    assert "".join(lines) == title
    assert all(layout.char_width(line) <= layout.TITLE_CHARS for line in lines)
    for a, b in itertools.pairwise(lines):
        assert not (a[-1].isdigit() and b[0].isdigit())


def test_a_long_title_is_broken_in_the_report(workdir: Path):
    from docx import Document

    from assembler.commands.build import build

    samples.write_inputs_for_office(workdir, "天津市河东区中山门街道办事处")
    title = Document(str(build(workdir=workdir).report)).paragraphs[0]
    assert title.text == "天津市河东区中山门街道办事处\n2024年法治政府建设年度报告"
    assert title._p.xpath("count(.//w:br)") == 1


def test_the_east_asian_hint_is_needed_for_the_shared_characters_only():
    """“ ” — … · × ℃ ① ■ ★ and the like: Word sets them in the Latin font without the hint;
    Chinese characters, their own punctuation and ASCII need none. Every character of the
    Basic Multilingual Plane is checked against the ranges the hint is defined by."""
    from assembler.writing.layout import _SHARED_LATIN1, _SHARED_RANGES, needs_east_asian_hint

    for text in ("“街道”", "—", "……", "·", "×", "℃", "①", "■", "★", "§", "°"):
        assert needs_east_asian_hint(f"共{text}处"), text
    for text in ("中山门街道", "，。；：？！（）《》、", "ABC 123 %", ""):
        assert not needs_east_asian_hint(text), text
    shared = {code for a, b in _SHARED_RANGES for code in range(a, b + 1)} | _SHARED_LATIN1
    assert [code for code in range(0x10000) if needs_east_asian_hint(chr(code)) != (code in shared)] == []
