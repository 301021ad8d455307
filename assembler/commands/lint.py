"""`assembler lint`: catch template and layout mistakes before a clerk runs a build.

For a template (a .docx with `catalog.toml` beside it), paragraph by paragraph: every tag
parses, names a catalog figure, a setting or a loop variable, uses existing filters; loops
and conditions close; tags Word split across runs are pointed out (docxtpl joins them when
rendering); every figure and table of the catalog is used (the rule build holds too,
`context.unused_by_template`). For any .docx, template or built report:
GB/T 9704 page size and margins, fonts and sizes of the named styles, no theme fonts, the
22-line pitch, `— N —` page numbers on alternating sides, headings in their styles, the
signature block and what keeps it with the text. And what Word and WPS make of the package:
East-Asian punctuation set in the Latin font, a theme in Japanese faces, compatibility mode,
leftovers of a stock template.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from assembler.compute.context import meant, template_names, undefined_tags, unused_by_template
from assembler.compute.places import foreign_words
from assembler.model.catalog import shown_file
from assembler.model.errors import (
    AssemblerError,
    CatalogError,
    Problem,
    Severity,
    UsageError,
    error,
    has_errors,
    warning,
)
from assembler.model.phrasing import FILTER_WRITING, FILTERS, filter_args_ok
from assembler.model.settings import DEFAULT_TEMPLATE, SETTINGS_NAME, WORD_TAGS, parse_settings
from assembler.reading.catalogs import load_catalog
from assembler.reading.templates import (
    BLOCK,
    BRACES,
    BRACES_HINT,
    COMMENT,
    PRINT,
    TemplateDir,
    WrittenTag,
    braces_unpaired,
    delimiters,
    find_template,
    jinja_env,
    syntax_in_words,
    template_tags,
    untagged,
    written_tags,
)
from assembler.writing import layout
from assembler.writing.layout import needs_east_asian_hint

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM = 1440 / 25.4  # twips per mm
_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")
EXCERPT = 18

# style name → acceptable East-Asian fonts, size in half-points
STYLE_FONTS = {
    "Normal": (("仿宋_GB2312", "仿宋", "FangSong_GB2312", "FangSong"), 32),
    "公文标题": (("方正小标宋简体", "方正小标宋_GBK", "小标宋", "FZXiaoBiaoSong-B05S"), 44),
    "一级标题": (("黑体", "SimHei"), 32),
    "二级标题": (("楷体_GB2312", "楷体", "KaiTi_GB2312", "KaiTi"), 32),
}


def _excerpt(text: str) -> str:
    text = text.strip()
    return text if len(text) <= EXCERPT else text[:EXCERPT] + "…"


class _Doc:
    """The parts of a .docx that lint reads, parsed once."""

    def __init__(self, path: Path) -> None:
        from lxml import etree

        self.path = path
        self.name = shown_file(path, "")
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            self.part_names = names

            def part(name: str) -> Any:
                return etree.fromstring(z.read(name)) if name in names else None

            self.document = part("word/document.xml")
            self.styles = part("word/styles.xml")
            self.settings = part("word/settings.xml")
            self.theme = part("word/theme/theme1.xml")
            self.numbering = part("word/numbering.xml")
            self.app = part("docProps/app.xml")
            self.core = part("docProps/core.xml")
            rels = part("word/_rels/document.xml.rels")
            self.targets = {r.get("Id"): r.get("Target") for r in rels} if rels is not None else {}
            self.footers = {
                rid: part(f"word/{target}")
                for rid, target in self.targets.items()
                if "footer" in (target or "")
            }
        self.style_names = {
            s.get(f"{W}styleId"): s.find(f"{W}name").get(f"{W}val")
            for s in self.styles.iter(f"{W}style")
            if s.find(f"{W}name") is not None
        }

    def style_by_id(self, style_id: str | None) -> Any:
        return next((s for s in self.styles.iter(f"{W}style") if s.get(f"{W}styleId") == style_id), None)

    def default_style(self, kind: str) -> Any:
        return next(
            (
                s
                for s in self.styles.iter(f"{W}style")
                if s.get(f"{W}type") == kind and s.get(f"{W}default") in ("1", "true")
            ),
            None,
        )

    def inherited(self, style: Any, path: str) -> Any:
        """The first element at `path` in `style` or the styles it is based on."""
        seen = 0
        while style is not None and seen < 20:
            found = style.find(path)
            if found is not None:
                return found
            based = style.find(f"{W}basedOn")
            style = self.style_by_id(based.get(f"{W}val")) if based is not None else None
            seen += 1
        return None

    def style(self, name: str) -> Any:
        return next(
            (s for s in self.styles.iter(f"{W}style") if self.style_names.get(s.get(f"{W}styleId")) == name),
            None,
        )

    def in_table(self, paragraph: Any) -> bool:
        return any(a.tag == f"{W}tbl" for a in paragraph.iterancestors())

    def paragraphs(self) -> list[tuple[int, Any, str, str]]:
        """(number, element, style name, text) of the body paragraphs, numbered from 1."""
        result = []
        for n, p in enumerate(self.document.iter(f"{W}p"), start=1):
            style = p.find(f"{W}pPr/{W}pStyle")
            name = self.style_names.get(style.get(f"{W}val"), "") if style is not None else "Normal"
            text = "".join(t.text or "" for t in p.iter(f"{W}t"))
            result.append((n, p, name or "Normal", text))
        return result


def _at(doc: _Doc, n: int | None, text: str = "") -> dict[str, str]:
    where = {"file": doc.name}
    if n is not None:
        where["cell"] = f"第{n}段“{_excerpt(text)}”" if text.strip() else f"第{n}段"
    return where


# ── layout ────────────────────────────────────────────────────────────────


def layout_problems(doc: _Doc) -> list[Problem]:
    """GB/T 9704's page, its styles' fonts and sizes, no theme fonts, 22 lines a page, and the
    page numbers."""
    sect = doc.document.findall(f".//{W}sectPr")[-1] if doc.document.findall(f".//{W}sectPr") else None
    if sect is None:
        return [error("文档没有页面设置（sectPr），无法检查版式", file=doc.name)]
    return (
        _page_problems(doc, sect)
        + _style_font_problems(doc)
        + _theme_font_problems(doc)
        + _line_pitch_problems(doc, sect)
        + _footer_problems(doc, sect)
    )


def _page_problems(doc: _Doc, sect: Any) -> list[Problem]:
    """A4 paper, and the standard's margins (±1 mm)."""
    problems = []
    size = sect.find(f"{W}pgSz")
    if (
        size is None
        or abs(int(size.get(f"{W}w", 0)) - layout.PAGE_WIDTH) > 20
        or abs(int(size.get(f"{W}h", 0)) - layout.PAGE_HEIGHT) > 20
    ):
        problems.append(error("纸张不是 A4（210×297 毫米）；请在“布局 › 纸张大小”中选 A4", file=doc.name))
    margins = sect.find(f"{W}pgMar")
    expected = {"top": (37, "上"), "bottom": (35, "下"), "left": (28, "左"), "right": (26, "右")}
    for side, (mm, word) in expected.items():
        got = int(margins.get(f"{W}{side}", 0)) / MM if margins is not None else 0
        if abs(got - mm) > 1:
            problems.append(
                error(
                    f"{word}页边距为 {got:.1f} 毫米，国家标准为 {mm} 毫米（±1）；请在“布局 › 页边距”中改正",
                    file=doc.name,
                )
            )
    return problems


def _style_font_problems(doc: _Doc) -> list[Problem]:
    """Each named style (`STYLE_FONTS`) there, in its East-Asian font and size."""
    problems = []
    for name, (fonts, size_hp) in STYLE_FONTS.items():
        style = doc.style(name)
        if style is None:
            problems.append(error(f"缺少样式“{name}”；请使用本工具生成的模板", file=doc.name))
            continue
        rfonts = style.find(f"{W}rPr/{W}rFonts")
        east = rfonts.get(f"{W}eastAsia") if rfonts is not None else None
        if east not in fonts:
            problems.append(
                error(f"样式“{name}”的中文字体为“{east or '未设置'}”，应为“{fonts[0]}”", file=doc.name)
            )
        sz = style.find(f"{W}rPr/{W}sz")
        if sz is None or sz.get(f"{W}val") != str(size_hp):
            shown = int(sz.get(f"{W}val")) / 2 if sz is not None else "未设置"
            problems.append(error(f"样式“{name}”的字号为 {shown} 磅，应为 {size_hp / 2:g} 磅", file=doc.name))
    return problems


def _theme_font_problems(doc: _Doc) -> list[Problem]:
    """A theme font in the styles or the body (it overrides the named font): once each."""
    problems = []
    for part_name, root in (("样式", doc.styles), ("正文", doc.document)):
        for fonts_el in root.iter(f"{W}rFonts"):
            themed = [a.removeprefix(W) for a in fonts_el.attrib if a.lower().endswith("theme")]
            if themed:
                problems.append(
                    error(
                        f"{part_name}中使用了主题字体（{'、'.join(themed)}），会覆盖指定的字体；"
                        "请把字体改为具体的字体名称（如仿宋_GB2312）",
                        file=doc.name,
                    )
                )
                break
    return problems


def _line_pitch_problems(doc: _Doc, sect: Any) -> list[Problem]:
    """22 lines a page: the body's exact line spacing, or a document grid of that pitch."""
    normal = doc.style("Normal")
    spacing = normal.find(f"{W}pPr/{W}spacing") if normal is not None else None
    grid = sect.find(f"{W}docGrid")
    exact = (
        spacing is not None
        and spacing.get(f"{W}lineRule") == "exact"
        and abs(int(spacing.get(f"{W}line", 0)) - layout.LINE_PITCH) <= 5
    )
    gridded = (
        grid is not None
        and grid.get(f"{W}type") in ("lines", "linesAndChars")
        and abs(int(grid.get(f"{W}linePitch", 0)) - layout.LINE_PITCH) <= 10
    )
    if exact or gridded:
        return []
    return [error("正文行距不能使每页排 22 行；应为固定值 28.95 磅（或每页 22 行的文档网格）", file=doc.name)]


def _footer_problems(doc: _Doc, sect: Any) -> list[Problem]:
    problems = []
    if doc.settings is None or doc.settings.find(f"{W}evenAndOddHeaders") is None:
        problems.append(error("页码没有设置“奇偶页不同”；单页码应居右、双页码应居左", file=doc.name))
    refs = {r.get(f"{W}type"): r.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for r in sect.iter(f"{W}footerReference")}  # fmt: skip
    for kind, side in (("default", "右"), ("even", "左")):
        footer = doc.footers.get(refs.get(kind, ""))
        label = "单页" if kind == "default" else "双页"
        if footer is None:
            problems.append(error(f"缺少{label}页脚（页码应在{side}侧）", file=doc.name))
            continue
        instr = "".join(t.text or "" for t in footer.iter(f"{W}instrText")) + "".join(
            f.get(f"{W}instr", "") for f in footer.iter(f"{W}fldSimple")
        )
        text = "".join(t.text or "" for t in footer.iter(f"{W}t"))
        jc = footer.find(f".//{W}pPr/{W}jc")
        if "PAGE" not in instr:
            problems.append(error(f"{label}页脚没有页码域", file=doc.name))
        if "—" not in text:
            problems.append(error(f"{label}页码应写成“— 1 —”的形式（两侧各一条一字线）", file=doc.name))
        if jc is None or jc.get(f"{W}val") != ("right" if kind == "default" else "left"):
            problems.append(error(f"{label}页码应居{side}", file=doc.name))
    return problems


def _lead_style(doc: _Doc, p: Any) -> str | None:
    """The character style of a paragraph's first run (a heading sentence leading the body)."""
    first = p.find(f"{W}r/{W}rPr/{W}rStyle")
    return None if first is None else doc.style_names.get(first.get(f"{W}val"))


def paragraph_problems(doc: _Doc, *, template: bool) -> list[Problem]:
    """Headings in their styles, no hand-set fonts, the signature block present."""
    problems = []
    paragraphs = doc.paragraphs()
    for n, p, style, text in paragraphs:
        body = text.strip()
        if doc.in_table(p):  # a table's labels (一、本年新收… （一）予以公开) are no headings
            body = ""
        if _LEVEL1.match(body) and style != "一级标题" and _lead_style(doc, p) != "一级标题字符":
            problems.append(
                error(
                    "一级标题没有使用“一级标题”样式（黑体）；请选中该段，应用“一级标题”样式",
                    **_at(doc, n, text),
                )
            )
        if _LEVEL2.match(body) and style not in ("二级标题", "Normal"):
            problems.append(error("二级标题没有使用“二级标题”样式（楷体）", **_at(doc, n, text)))
        if (
            _LEVEL2.match(body)
            and style == "Normal"
            and _lead_style(doc, p) not in ("二级标题字符", "三级标题字符")
        ):
            problems.append(
                error(
                    "段首的二级标题句没有使用“二级标题字符”样式（楷体）；请选中标题句，应用该样式",
                    **_at(doc, n, text),
                )
            )
        for r in p.iter(f"{W}r"):
            rpr = r.find(f"{W}rPr")
            if rpr is None:
                continue
            fonts, size = rpr.find(f"{W}rFonts"), rpr.find(f"{W}sz")
            if (fonts is not None and fonts.get(f"{W}eastAsia")) or size is not None:
                problems.append(
                    warning(
                        "段落中有手工设置的字体或字号，会与样式不一致；请选中后“清除格式”，再应用样式",
                        **_at(doc, n, text),
                    )
                )
                break
    styles = [s for _, _, s, t in paragraphs if t.strip()]
    if "署名" not in styles or "成文日期" not in styles:
        problems.append(warning("找不到署名和成文日期（“署名”“成文日期”样式的段落）", file=doc.name))
    return problems


# ── Word and WPS ──────────────────────────────────────────────────────────

REBUILD = "请用本工具重新生成模板（或换用本工具生成的模板）"
JAPANESE_OR_KOREAN = re.compile(
    r"[\u3040-\u30ff\uac00-\ud7af]|ＭＳ|MS (?:Mincho|Gothic)|Meiryo|Yu (?:Mincho|Gothic)|Malgun|Batang|Gulim"
)


def _hint(doc: _Doc, run: Any, paragraph_style: Any) -> str | None:
    """The font hint in effect for a run: its own, its character style's, its paragraph
    style's (through basedOn), or the document default."""
    path = f"{W}rPr/{W}rFonts"
    own = run.find(path)
    if own is not None and own.get(f"{W}hint"):
        return own.get(f"{W}hint")
    rstyle = run.find(f"{W}rPr/{W}rStyle")
    for style in (doc.style_by_id(rstyle.get(f"{W}val")) if rstyle is not None else None, paragraph_style):
        fonts = doc.inherited(style, path) if style is not None else None
        if fonts is not None and fonts.get(f"{W}hint"):
            return fonts.get(f"{W}hint")
    default = doc.styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    return default.get(f"{W}hint") if default is not None else None


def _paragraph_style(doc: _Doc, p: Any) -> Any:
    pstyle = p.find(f"{W}pPr/{W}pStyle")
    return doc.style_by_id(pstyle.get(f"{W}val")) if pstyle is not None else doc.default_style("paragraph")


def _keeps_with_next(doc: _Doc, p: Any) -> bool:
    own = p.find(f"{W}pPr/{W}keepNext")
    found = own if own is not None else doc.inherited(_paragraph_style(doc, p), f"{W}pPr/{W}keepNext")
    return found is not None and found.get(f"{W}val", "1") not in ("0", "false", "off")


def word_problems(doc: _Doc, *, template: bool) -> list[Problem]:
    """What Word and WPS show differently from LibreOffice, and stock-template leftovers."""

    problems: list[Problem] = []
    for name in STYLE_FONTS:
        style = doc.style(name)
        fonts = doc.inherited(style, f"{W}rPr/{W}rFonts") if style is not None else None
        default = doc.styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        hint = (fonts.get(f"{W}hint") if fonts is not None else None) or (
            default.get(f"{W}hint") if default is not None else None
        )
        if style is not None and hint != "eastAsia":
            problems.append(
                warning(
                    f"样式“{name}”没有中文标点提示（eastAsia），Word 会把“ ” — … · 等标点排成西文字体；{REBUILD}",
                    file=doc.name,
                )
            )
    paragraphs = doc.paragraphs()
    for n, p, _style, text in paragraphs:
        pstyle = _paragraph_style(doc, p)
        for r in p.iter(f"{W}r"):
            run_text = "".join(t.text or "" for t in r.iter(f"{W}t"))
            if run_text and needs_east_asian_hint(run_text) and _hint(doc, r, pstyle) != "eastAsia":
                problems.append(
                    warning(
                        "段落中的引号、破折号等标点（“ ” — … ·）在 Word 中会显示为西文字体；"
                        "请用中文输入法重新输入这些标点，或选中该段“清除格式”后应用样式",
                        **_at(doc, n, text),
                    )
                )
                break
    texts = [(n, p, s, t) for n, p, s, t in paragraphs if t.strip()]
    signer = next((i for i, (_, _, s, _) in enumerate(texts) if s == "署名"), None)
    if signer is not None:
        n, p, _, text = texts[signer]
        if not _keeps_with_next(doc, p):
            problems.append(
                warning(
                    "署名没有设置“与下段同页”，成文日期可能单独排到下一页；"
                    "请在“段落 › 换行和分页”中勾选“与下段同页”",
                    **_at(doc, n, text),
                )
            )
        if not template and signer > 0:
            n, p, _, text = texts[signer - 1]
            if not _keeps_with_next(doc, p):
                problems.append(
                    warning(
                        "正文最后一段没有设置“与下段同页”，署名和成文日期可能单独排到下一页；"
                        "请在“段落 › 换行和分页”中勾选“与下段同页”",
                        **_at(doc, n, text),
                    )
                )
    return problems + _package_leftovers(doc)


def _package_leftovers(doc: _Doc) -> list[Problem]:
    """What a stock or foreign template left in the package, and settings Word reads amiss."""
    return _leftover_parts(doc) + _settings_leftovers(doc) + _theme_leftovers(doc) + _numbering_leftovers(doc)


def _leftover_parts(doc: _Doc) -> list[Problem]:
    """Parts of another document's: Word 2010's stylesWithEffects, a thumbnail, python-docx's
    default properties."""
    where = {"file": doc.name}
    problems: list[Problem] = []
    if any("stylesWithEffects" in n for n in doc.part_names):
        problems.append(
            warning(
                f"文档带有 Word 2010 的遗留部件 stylesWithEffects.xml（其中没有本文档的样式）；{REBUILD}",
                **where,
            )
        )
    if any("thumbnail" in n.lower() for n in doc.part_names):
        problems.append(warning(f"文档带有别的文档留下的缩略图（docProps/thumbnail）；{REBUILD}", **where))
    app = "".join(doc.app.itertext()) if doc.app is not None else ""
    created = "".join(doc.core.itertext()) if doc.core is not None else ""
    if "Macintosh" in app or "2013-12-23T23:15" in created:
        problems.append(
            warning(f"文档属性来自 python-docx 的默认模板（创建于2013年、Mac 版 Word）；{REBUILD}", **where)
        )
    return problems


def _settings_leftovers(doc: _Doc) -> list[Problem]:
    """The document settings: compatibility mode, a zoom without its percentage, a theme font
    language other than Chinese."""
    if doc.settings is None:
        return []
    where = {"file": doc.name}
    problems: list[Problem] = []
    mode = doc.settings.find(f"{W}compat/{W}compatSetting[@{W}name='compatibilityMode']")
    if mode is None or int(mode.get(f"{W}val", "0") or 0) < 15:
        shown = mode.get(f"{W}val") if mode is not None else "未设置"
        problems.append(
            warning(
                f"文档处于兼容模式（compatibilityMode {shown}），Word 会显示“兼容模式”；请在 Word 中“文件 › 信息 › 转换”后保存",
                **where,
            )
        )
    zoom = doc.settings.find(f"{W}zoom")
    if zoom is not None and zoom.get(f"{W}percent") is None:
        problems.append(
            warning(
                "显示比例设置缺少百分比（w:zoom 无 w:percent），不符合文件格式标准；请在 Word 中打开后另存",
                **where,
            )
        )
    lang = doc.settings.find(f"{W}themeFontLang")
    east = lang.get(f"{W}eastAsia", "") if lang is not None else ""
    if east and not east.lower().startswith("zh"):
        problems.append(
            warning(
                f"主题字体语言为“{east}”而不是中文（zh-CN），套用 Word 内置样式时中文会显示为外文字体；{REBUILD}",
                **where,
            )
        )
    return problems


def _theme_leftovers(doc: _Doc) -> list[Problem]:
    """A theme whose Chinese faces are Japanese or Korean fonts."""
    if doc.theme is None:
        return []
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    faces = [el.get("typeface", "") for el in doc.theme.iter(f"{a}ea")]
    faces += [el.get("typeface", "") for el in doc.theme.iter(f"{a}font") if el.get("script") == "Hans"]
    foreign = sorted({f for f in faces if f and JAPANESE_OR_KOREAN.search(f)})
    if not foreign:
        return []
    return [
        warning(
            f"主题的中文字体是日文或韩文字体（{'、'.join(foreign)}），套用 Word 内置样式时会显示为该字体；{REBUILD}",
            file=doc.name,
        )
    ]


def _numbering_leftovers(doc: _Doc) -> list[Problem]:
    """Numbering that names styles the document does not have (a default template's)."""
    if doc.numbering is None:
        return []
    defined = set(doc.style_names)
    missing = sorted(
        {el.get(f"{W}val") for el in doc.numbering.iter(f"{W}pStyle") if el.get(f"{W}val") not in defined}
    )
    if not missing:
        return []
    return [
        warning(
            f"编号定义引用了文档中没有的样式（{'、'.join(missing)}），是默认模板的遗留；{REBUILD}",
            file=doc.name,
        )
    ]


# ── template ──────────────────────────────────────────────────────────────


def template_problems(doc: _Doc, catalog: Any) -> list[Problem]:
    """Each paragraph's tags, pointed at where they stand (`_TagCheck`); then the template's
    tags read the one way (`template_tags`) held to the catalog: a tag no paragraph pointed at
    that the catalog does not define (in a header or footer, or split over paragraphs), and
    every figure and table the template leaves out (`context.unused_by_template`, build's rule)."""
    check = _TagCheck(doc, catalog)
    for n, p, _style, text in doc.paragraphs():
        check.paragraph(n, p, text)
    problems = check.finish()
    try:
        tags = template_tags(doc.path)
    except CatalogError as exc:  # what is used is not known; the paragraphs' errors say where
        return problems if has_errors(problems) else [*problems, *exc.problems]
    return [
        *problems,
        *undefined_tags(catalog, tags - check.pointed, doc.name),
        *unused_by_template(catalog, tags, labelled=True),
        *_title_agrees(doc, catalog),
    ]


def _title_agrees(doc: _Doc, catalog: Any) -> list[Problem]:
    """The report's file name and Word title are the catalog's `title`; the heading printed is
    the template's 公文标题 paragraph: told when the two say different things."""
    heading = next(((n, text) for n, _p, style, text in doc.paragraphs() if style == "公文标题"), None)
    if heading is None or not catalog.title:
        return []
    written = re.sub(r"\{\{\s*([^{}|\s]+)\s*\}\}", r"{\1}", heading[1])
    if any(b in written for b in ("{{", "}}", "{%", "｛", "｝")):  # a tag written wrong: told above
        return []
    if "".join(written.split()) == "".join(catalog.title.split()):
        return []
    return [
        warning(
            f"报告的文件名和文档标题按指标目录的 title 写作“{catalog.title}”，与模板的标题“{heading[1].strip()}”"
            "不一致；请把指标目录 [report] 的 title 与模板标题改成一致",
            **_at(doc, heading[0], heading[1]),
        )
    ]


def tag_errors(docx: Path, catalog: Any) -> list[Problem]:
    """The errors `lint` finds in a template's tags, each at its paragraph: what a build tells
    when its render stops at the template."""
    return [p for p in template_problems(_Doc(docx), catalog) if p.severity is Severity.ERROR]


class _TagCheck:
    """The tags of a template's paragraphs, one paragraph after another, each problem pointing
    at its paragraph: braces paired, a tag in one run, every name and filter known, a table's
    row and column its own, loops and conditions closed.

    A tag is found in the paragraph's text by the delimiters of the environment templates render
    in (`written_tags`) and read by that environment's parser, one tag at a time: a message
    quotes the tag as written and a tag split over runs is told by comparing it with each run's
    text, neither of which the whole template's parse (`template_tags`) keeps."""

    def __init__(self, doc: _Doc, catalog: Any) -> None:
        from jinja2 import nodes

        self.doc = doc
        self.catalog = catalog
        self.nodes = nodes
        self.env = jinja_env()
        self.known = set(template_names(catalog))
        self.problems: list[Problem] = []
        self.pointed: set[str] = set()  # names told as not in the catalog, at their paragraph
        self.stack: list[tuple[str, int, str, set[str]]] = []  # (block, paragraph, text, loop names)

    def paragraph(self, n: int, p: Any, text: str) -> None:
        """Paragraph `n` (element `p`, its text `text`): its braces, then each of its tags."""
        if not any(brace in text for brace in BRACES):
            return
        where = _at(self.doc, n, text)
        left = untagged(text)
        opens, closes = delimiters(COMMENT)
        if opens in left and closes not in left.split(opens, 1)[1]:
            self.problems.append(error(f"注释没有结束（缺少 {closes}）", **where))
        elif braces_unpaired(text):
            self.problems.append(error("标签的花括号不成对（应为 {{ 名称 }} 或 {% … %}）", **where))
        elif any(brace in left for brace in BRACES):  # {{ 街道 }}} or ｛｛ 街道 ｝｝: printed as it is
            self.problems.append(error(f"标签外有多余的花括号，会原样印进报告；{BRACES_HINT}", **where))
        runs = ["".join(t.text or "" for t in r.iter(f"{W}t")) for r in p.iter(f"{W}r")]
        for tag in written_tags(text):
            if not any(tag.text in run for run in runs):
                self.problems.append(
                    warning(
                        f"标签“{tag.text}”被 Word 拆成了几段文字（生成时会自动合并）；如要整理，可删除后一次输入",
                        **where,
                    )
                )
            if tag.kind == PRINT:
                self._printed(tag, where)
            elif tag.kind == BLOCK:
                self._block(tag, n, text, where)

    def finish(self) -> list[Problem]:
        """Every problem, with the blocks never closed."""
        for block, n, text, _ in self.stack:
            self.problems.append(
                error(f"“{{% {block} %}}”没有结束（缺少 {{% end{block} %}}）", **_at(self.doc, n, text))
            )
        self.stack = []
        return self.problems

    def _scope(self) -> set[str]:
        """The loop variables of the blocks open here."""
        return set().union(*(s[3] for s in self.stack)) if self.stack else set()

    def _parsed(self, source: str, tag: WrittenTag, where: dict[str, str]) -> Any:
        """`source` parsed, or None with the syntax error told."""
        from jinja2 import TemplateSyntaxError

        try:
            return self.env.parse(source)
        except TemplateSyntaxError as exc:
            self.problems.append(
                error(f"标签“{tag.text}”写法有误：{syntax_in_words(exc.message or '')}", **where)
            )
            return None

    def _printed(self, tag: WrittenTag, where: dict[str, str]) -> None:
        """`{{ … }}`: its names, filters and table cells."""
        tree = self._parsed(tag.source, tag, where)
        if tree is not None:
            self._table_cells(tree, tag, where)
            self._names_and_filters(tree, tag, where)

    def _block(self, tag: WrittenTag, n: int, text: str, where: dict[str, str]) -> None:
        """`{% … %}`: a loop or condition opens (its names checked), an end closes, else and elif
        stand inside one."""
        word = tag.inner.split()[0] if tag.inner.split() else ""
        if word in ("for", "if"):
            tree = self._parsed(f"{tag.source}{{% end{word} %}}", tag, where)
            if tree is None:
                return
            nodes, scope = self.nodes, self._scope()
            loop_names: set[str] = set()
            for node in tree.find_all(nodes.For):
                targets = [node.target, *node.target.find_all(nodes.Name)]
                loop_names |= {t.name for t in targets if isinstance(t, nodes.Name)}
                self._names_and_filters(node.iter, tag, where, scope)
            for node in tree.find_all(nodes.If):
                self._names_and_filters(node.test, tag, where, scope)
            self.stack.append((word, n, text, loop_names))
        elif word in ("endfor", "endif"):
            self._close(word, where)
        elif word in ("else", "elif") and (not self.stack or self.stack[-1][0] not in ("if", "for")):
            self.problems.append(error(f"“{{% {word} %}}”前面没有对应的 if", **where))

    def _close(self, word: str, where: dict[str, str]) -> None:
        """`{% endfor %}`, `{% endif %}`: the block it ends, and any opened inside it never closed."""
        block = word[3:]
        if not any(s[0] == block for s in self.stack):
            self.problems.append(error(f"多余的“{{% {word} %}}”，前面没有对应的开头", **where))
            return
        while self.stack[-1][0] != block:  # blocks opened inside this one and never closed
            inner, n, text, _ = self.stack.pop()
            self.problems.append(
                error(f"“{{% {inner} %}}”没有结束（缺少 {{% end{inner} %}}）", **_at(self.doc, n, text))
            )
        self.stack.pop()

    def _table_cells(self, tree: Any, tag: WrittenTag, where: dict[str, str]) -> None:
        """`表三["行"]["列"]`: the row and the column are the table's (written as in the catalog)."""
        nodes, tables = self.nodes, self.catalog.tables
        for outer in tree.find_all(nodes.Getitem):
            inner = outer.node
            if not (isinstance(inner, nodes.Getitem) and isinstance(inner.node, nodes.Name)):
                continue
            spec = tables.get(inner.node.name)
            if (
                spec is None
                or not isinstance(inner.arg, nodes.Const)
                or not isinstance(outer.arg, nodes.Const)
            ):
                continue
            row = spec.row(str(inner.arg.value))
            if row is None:
                self.problems.append(
                    error(f"标签“{tag.text}”：表格“{spec.id}”没有“{inner.arg.value}”这一行", **where)
                )
            elif outer.arg.value not in spec.columns_of(row):
                self.problems.append(
                    error(f"标签“{tag.text}”：表格“{spec.id}”的这一行没有“{outer.arg.value}”这一列", **where)
                )

    def _names_and_filters(
        self, tree: Any, tag: WrittenTag, where: dict[str, str], scope: set[str] | None = None
    ) -> None:
        """Every name the catalog's (or a loop variable of `scope`, the blocks open here), every
        filter one of ours."""
        scope = self._scope() if scope is None else scope
        for name in tree.find_all(self.nodes.Name):
            if name.ctx != "load" or name.name in ("loop",) or name.name in scope or name.name in self.known:
                continue
            self.pointed.add(name.name)
            self.problems.append(
                error(
                    f"标签“{tag.text}”中的“{name.name}”不在指标目录中（指标名称写错了？{meant(name.name, self.known)}）",
                    **where,
                )
            )
        for node in tree.find_all((self.nodes.Getattr, self.nodes.Getitem)):
            attr = node.attr if isinstance(node, self.nodes.Getattr) else getattr(node.arg, "value", "")
            if isinstance(attr, str) and attr.startswith("_"):
                self.problems.append(
                    error(
                        f"标签“{tag.text}”中的“{attr}”不是报告能用的写法；标签里只写名称、表格的行和列、过滤器",
                        **where,
                    )
                )
        for flt in tree.find_all(self.nodes.Filter):
            if flt.name not in self.env.filters:
                self.problems.append(error(f"标签“{tag.text}”中的过滤器“{flt.name}”不存在", **where))
            elif flt.name in FILTERS:
                self._filter_use(flt, tag, where)

    def _filter_use(self, flt: Any, tag: WrittenTag, where: dict[str, str]) -> None:
        """One of our filters (all of them word numbers) used on words, or written with what its
        parentheses do not take: a build would stop there."""
        nodes = self.nodes
        target = flt.node.name if isinstance(flt.node, nodes.Name) else None
        if target is not None and self._is_words(target):
            self.problems.append(
                error(f"标签“{tag.text}”：过滤器“{flt.name}”只能用于数字，“{target}”是文字", **where)
            )
        if isinstance(flt.node, nodes.Filter) and flt.node.name in FILTERS:
            self.problems.append(
                error(
                    f"标签“{tag.text}”：过滤器“{flt.name}”用在了过滤器“{flt.node.name}”写出的文字上；"
                    "一个数字只用一个过滤器",
                    **where,
                )
            )
        args_ok = (
            not flt.kwargs
            and not flt.dyn_args
            and not flt.dyn_kwargs
            and all(isinstance(a, nodes.Const) for a in flt.args)
            and filter_args_ok(flt.name, tuple(a.value for a in flt.args))
        )
        if not args_ok:
            self.problems.append(error(f"标签“{tag.text}”：{FILTER_WRITING}", **where))

    def _is_words(self, name: str) -> bool:
        """Whether a name prints words, not a number: the office's names, a text kept as
        written, a figure of type text."""
        key = self.catalog.names.get(name, name)
        spec = self.catalog.figures.get(key)
        return (
            name in WORD_TAGS or name in self.catalog.literals or (spec is not None and spec.type == "text")
        )


# ── entry point ───────────────────────────────────────────────────────────


def lint(*, path: Path | None = None, workdir: Path | None = None) -> list[Problem]:
    """Every finding for a template folder, a template name, or a .docx (template or report)."""

    workdir = (workdir or Path.cwd()).resolve()
    if path is None or (not path.exists() and path.suffix != ".docx"):
        folder = find_template(str(path) if path else DEFAULT_TEMPLATE, workdir).folder
    elif path.is_dir():
        folder = path
    else:
        folder = None
    if folder is not None:
        docx, catalog_path = folder / "template.docx", TemplateDir(folder.name, folder).catalog
    else:
        docx, catalog_path = path, TemplateDir(path.parent.name, path.parent).catalog
    if not docx.is_file():
        raise UsageError(f"找不到要检查的文件：{docx}")
    try:
        doc = _Doc(docx)
        if doc.document is None or doc.styles is None:
            raise KeyError("word/document.xml")
    except Exception:  # a zip that is no Word package, broken XML, unreadable: all the clerk's file
        raise UsageError(
            f"{docx.name} 不是有效的 Word 文档（.docx）；请在 Word 中打开后另存为 .docx 再检查"
        ) from None
    is_template = catalog_path.is_file() and docx.name == "template.docx"
    if is_template:
        catalog = load_catalog(catalog_path)
    problems = (
        layout_problems(doc)
        + paragraph_problems(doc, template=is_template)
        + word_problems(doc, template=is_template or _has_tags(doc))
    )
    if is_template:
        problems += template_problems(doc, catalog) + _elsewhere(docx, catalog, workdir)
    elif _has_tags(doc):
        problems.append(
            warning(
                "文档中有模板标签（{{ … }}），但旁边没有指标目录（catalog.toml），标签名称未检查；"
                "请检查整个模板文件夹（assembler lint 模板文件夹）",
                file=doc.name,
            )
        )
    return problems


def _elsewhere(docx: Path, catalog: Any, workdir: Path) -> list[Problem]:
    """In an office's working folder, the template's words that belong to another place."""

    settings_path = workdir / "inputs" / SETTINGS_NAME
    if not catalog.local or not settings_path.is_file():
        return []
    try:
        settings = parse_settings(settings_path)
    except AssemblerError:
        return []  # told by check and build
    return foreign_words(docx, docx.parent.name, catalog.local, settings)


def _has_tags(doc: _Doc) -> bool:
    return any(written_tags(text) for _, _, _, text in doc.paragraphs())
