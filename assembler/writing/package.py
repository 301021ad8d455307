"""The .docx package we write: every part our own, none from python-docx's stock template.

python-docx's default document carries a Mac Word 2010 package: dates of 2013, a thumbnail,
a 438 KB `stylesWithEffects.xml`, a theme whose East-Asian fonts are Japanese, compatibility
mode 14, a `w:zoom` the schema rejects and list styles pointing at nothing. Templates are
generated from `new_document()` instead, which opens the minimal package below: content types,
relationships, core and app properties, the main document, styles (document defaults and
the four styles Word requires; `layout` adds ours), settings (Word 2013+ mode), a font table
with the Chinese faces described as Word describes them, and a theme in Chinese faces.

`set_properties` gives a rendered report its own properties: title, the office as author,
the build time, zh-CN.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from assembler.writing.layout import BODY_FONT, LATIN_FONT, LINE_PITCH, apply_layout

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
APPLICATION = "年度报告生成工具（assembler）"


# Fonts as Word describes them in a document's font table: (name, alternate name Word tries
# when the face is missing, panose, charset, family, pitch). 86 is GB2312.
FONTS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("Times New Roman", "", "02020603050405020304", "00", "roman", "variable"),
    ("宋体", "SimSun", "02010600030101010101", "86", "auto", "variable"),
    ("仿宋_GB2312", "仿宋", "02010609030101010101", "86", "modern", "fixed"),
    ("楷体_GB2312", "楷体", "02010609030101010101", "86", "modern", "fixed"),
    ("黑体", "SimHei", "02010609060101010101", "86", "modern", "fixed"),
    ("方正小标宋简体", "宋体", "02000000000000000000", "86", "roman", "variable"),
)

# The theme's fonts (what Word's built-in styles use): Chinese faces, Times New Roman for Latin.
THEME_MAJOR_EA = "黑体"
THEME_MINOR_EA = "宋体"


def _content_types() -> str:
    overrides = {
        "/word/document.xml": f"{MAIN_CT}.document.main+xml",
        "/word/styles.xml": f"{MAIN_CT}.styles+xml",
        "/word/settings.xml": f"{MAIN_CT}.settings+xml",
        "/word/fontTable.xml": f"{MAIN_CT}.fontTable+xml",
        "/word/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    items = "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides.items())
    return (
        f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{items}</Types>'
    )


def _relationships(rels: list[tuple[str, str]]) -> str:
    items = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(rels, start=1)
    )
    return f'{HEAD}<Relationships xmlns="{PKG_RELS}">{items}</Relationships>'


def _root_rels() -> str:
    return _relationships(
        [
            (f"{DOC_RELS}/officeDocument", "word/document.xml"),
            ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
            (f"{DOC_RELS}/extended-properties", "docProps/app.xml"),
        ]
    )  # fmt: skip


def _document_rels() -> str:
    return _relationships(
        [
            (f"{DOC_RELS}/styles", "styles.xml"),
            (f"{DOC_RELS}/settings", "settings.xml"),
            (f"{DOC_RELS}/fontTable", "fontTable.xml"),
            (f"{DOC_RELS}/theme", "theme/theme1.xml"),
        ]
    )


def _document() -> str:
    return (
        f'{HEAD}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body><w:sectPr>'
        '<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="851" w:footer="992" w:gutter="0"/>'
        '<w:cols w:space="425"/><w:docGrid w:linePitch="312"/>'
        "</w:sectPr></w:body></w:document>"
    )


def _styles() -> str:
    """Document defaults in the body's fonts (East-Asian punctuation in the East-Asian face) and
    the four default styles Word expects; the GB/T 9704 styles are added by `layout`."""
    fonts = (
        f'<w:rFonts w:ascii="{LATIN_FONT}" w:eastAsia="{BODY_FONT}" w:hAnsi="{LATIN_FONT}" '
        f'w:cs="{LATIN_FONT}" w:hint="eastAsia"/>'
    )
    return (
        f'{HEAD}<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        f'<w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        f'<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/></w:pPr>'
        "</w:pPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>'
        "</w:styles>"
    )  # fmt: skip


def _settings() -> str:
    """Word 2013+ layout (compatibility mode 15: no 兼容模式 banner), a valid zoom, Chinese theme
    font language; punctuation not compressed, so 28 characters fill a line."""
    compat = "".join(
        f'<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/word" w:val="{val}"/>'
        for name, val in (
            ("compatibilityMode", "15"),
            ("overrideTableStyleFontSizeAndJustification", "1"),
            ("enableOpenTypeFeatures", "1"),
            ("doNotFlipMirrorIndents", "1"),
            ("differentiateMultirowTableHeaders", "1"),
        )
    )
    return (
        f'{HEAD}<w:settings xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        f"<w:compat>{compat}</w:compat>"
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        '<w:clrSchemeMapping w:bg1="light1" w:t1="dark1" w:bg2="light2" w:t2="dark2" w:accent1="accent1" '
        'w:accent2="accent2" w:accent3="accent3" w:accent4="accent4" w:accent5="accent5" '
        'w:accent6="accent6" w:hyperlink="hyperlink" w:followedHyperlink="followedHyperlink"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        "</w:settings>"
    )  # fmt: skip


def _font_table() -> str:
    entries = []
    for name, alt, panose, charset, family, pitch in FONTS:
        alt_el = f'<w:altName w:val="{alt}"/>' if alt else ""
        entries.append(
            f'<w:font w:name="{name}">{alt_el}<w:panose1 w:val="{panose}"/><w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        )
    return f'{HEAD}<w:fonts xmlns:w="{W_NS}" xmlns:r="{R_NS}">{"".join(entries)}</w:fonts>'


def _theme() -> str:
    """A plain theme: Office colours, Times New Roman and Chinese faces, flat effects."""
    colours = (
        ("dk1", '<a:sysClr val="windowText" lastClr="000000"/>'),
        ("lt1", '<a:sysClr val="window" lastClr="FFFFFF"/>'),
        ("dk2", '<a:srgbClr val="44546A"/>'),
        ("lt2", '<a:srgbClr val="E7E6E6"/>'),
        ("accent1", '<a:srgbClr val="4472C4"/>'),
        ("accent2", '<a:srgbClr val="ED7D31"/>'),
        ("accent3", '<a:srgbClr val="A5A5A5"/>'),
        ("accent4", '<a:srgbClr val="FFC000"/>'),
        ("accent5", '<a:srgbClr val="5B9BD5"/>'),
        ("accent6", '<a:srgbClr val="70AD47"/>'),
        ("hlink", '<a:srgbClr val="0563C1"/>'),
        ("folHlink", '<a:srgbClr val="954F72"/>'),
    )
    scheme = "".join(f"<a:{name}>{value}</a:{name}>" for name, value in colours)

    def font(kind: str, east_asia: str) -> str:
        return (
            f'<a:{kind}><a:latin typeface="{LATIN_FONT}"/><a:ea typeface="{east_asia}"/>'
            f'<a:cs typeface="{LATIN_FONT}"/><a:font script="Hans" typeface="{east_asia}"/></a:{kind}>'
        )

    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350" cap="flat" cmpd="sng" algn="ctr">{fill}<a:prstDash val="solid"/></a:ln>'
    effect = "<a:effectStyle><a:effectLst/></a:effectStyle>"
    return (
        f'{HEAD}<a:theme xmlns:a="{A_NS}" name="公文"><a:themeElements>'
        f'<a:clrScheme name="公文">{scheme}</a:clrScheme>'
        f'<a:fontScheme name="公文">{font("majorFont", THEME_MAJOR_EA)}{font("minorFont", THEME_MINOR_EA)}</a:fontScheme>'
        f'<a:fmtScheme name="公文"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst><a:effectStyleLst>{effect * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme>"
        "</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )  # fmt: skip


def _core() -> str:
    return (
        f"{HEAD}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:language>zh-CN</dc:language>'
        "</cp:coreProperties>"
    )


def _app() -> str:
    return (
        f'{HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity>"
        "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    )


def package_bytes() -> bytes:
    """The minimal package, zipped."""
    parts = {
        "[Content_Types].xml": _content_types(),
        "_rels/.rels": _root_rels(),
        "docProps/core.xml": _core(),
        "docProps/app.xml": _app(),
        "word/document.xml": _document(),
        "word/_rels/document.xml.rels": _document_rels(),
        "word/styles.xml": _styles(),
        "word/settings.xml": _settings(),
        "word/fontTable.xml": _font_table(),
        "word/theme/theme1.xml": _theme(),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return buf.getvalue()


def new_document() -> Any:
    """A python-docx Document on our own package (no stock parts)."""
    from docx import Document

    return Document(io.BytesIO(package_bytes()))


def official_document() -> Any:
    """A new document in the official layout (`layout.apply_layout`: styles, page, page
    numbers) with no paragraph yet."""
    document = new_document()
    apply_layout(document)
    body = document.element.body
    for p in list(body.iterchildren()):
        if p.tag.endswith("}p"):
            body.remove(p)
    return document


def set_properties(document: Any, *, title: str, author: str, when: dt.datetime | None = None) -> None:
    """The report's own document properties: what Word shows under 文件 › 信息."""
    when = (when or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    core = document.core_properties
    core.title = title
    core.author = author
    core.last_modified_by = author
    core.created = when
    core.modified = when
    core.revision = 1
    core.language = "zh-CN"
