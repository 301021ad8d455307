"""Every kind of .docx we write is a clean package Word and WPS open without complaint.

Checked with the ECMA-376 schema validator (`tests/tools/ooxml_validate.py`, a copy of the
workplace's `../shared/tools/` one, which is used instead when present): 0 errors, 0 warnings.
And the package is our own: no parts of python-docx's stock template, Chinese theme fonts,
Word 2013+ mode, the report's own document properties, ordinary file permissions.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path

import pytest
import samples
from docxcheck import schema_problems

from assembler.commands.build import build
from assembler.writing.outputs import ordinary_mode

HERE = Path(__file__).resolve().parents[1]  # tests/
TEMPLATES = HERE.parent / "templates"


def parts(docx: Path) -> dict[str, str]:
    with zipfile.ZipFile(docx) as z:
        return {n: z.read(n).decode("utf-8", "replace") for n in z.namelist()}


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One document of each kind the tool writes."""
    root = tmp_path_factory.mktemp("kinds")
    samples.write_inputs(root)
    report = build(workdir=root, review=True)
    generic = build(workdir=root, template="法治政府建设年度报告（通用）", output=root / "generic.docx")
    xxgk = build(workdir=root, template="政府信息公开工作年度报告", review=True)
    gaps = tmp_path_factory.mktemp("gaps")
    samples.write_inputs(gaps, values={"出动执法人员": None})
    draft = build(workdir=gaps, draft=True)
    assert draft.gaps
    return {
        "report": report.report,
        "review": report.review,
        "generic": generic.report,
        "xxgk": xxgk.report,
        "xxgk-review": xxgk.review,
        "draft": draft.report,
        **{f"template:{t.name}": t / "template.docx" for t in sorted(TEMPLATES.iterdir())},
    }


def test_every_kind_is_schema_valid(every_kind: dict[str, Path]):
    assert schema_problems(*every_kind.values()) == []


def test_no_parts_of_the_stock_template(every_kind: dict[str, Path]):
    for kind, docx in every_kind.items():
        found = parts(docx)
        names = set(found)
        assert not {n for n in names if "stylesWithEffects" in n or "thumbnail" in n}, kind
        assert "word/numbering.xml" not in names, kind
        assert not any(n.startswith("customXml/") for n in names), kind
        assert "2013-" not in found["docProps/core.xml"], kind
        assert "Microsoft" not in found["docProps/app.xml"], kind
        settings = found["word/settings.xml"]
        assert (
            'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"'
            in settings
        )
        assert '<w:zoom w:percent="100"/>' in settings
        assert 'w:eastAsia="zh-CN"' in settings and "ja-JP" not in settings


def test_theme_and_font_table_are_chinese(every_kind: dict[str, Path]):
    found = parts(every_kind["report"])
    theme = found["word/theme/theme1.xml"]
    assert re.findall(r'<a:ea typeface="([^"]*)"', theme) == ["黑体", "宋体"]
    assert "ＭＳ" not in theme and "Jpan" not in theme
    fonts = dict(re.findall(r'<w:font w:name="([^"]+)">(.*?)</w:font>', found["word/fontTable.xml"]))
    for name in ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"):
        entry = fonts[name]
        assert '<w:charset w:val="86"/>' in entry, name
        assert re.search(r'<w:panose1 w:val="[0-9A-F]{20}"/>', entry), name
        assert re.search(r'<w:altName w:val="[^"]+"/>', entry), name
        assert 'w:val="script"' not in entry, name
    assert '<w:altName w:val="仿宋"/>' in fonts["仿宋_GB2312"]


def test_report_properties_come_from_the_build(every_kind: dict[str, Path]):
    for kind in ("report", "review", "generic", "draft", "xxgk"):
        core = parts(every_kind[kind])["docProps/core.xml"]
        title = "政府信息公开工作年度报告" if kind == "xxgk" else "法治政府建设年度报告"
        assert f"<dc:title>中山门街道2024年{title}</dc:title>" in core, kind
        assert "<dc:creator>中山门街道办事处</dc:creator>" in core, kind
        assert "<cp:lastModifiedBy>中山门街道办事处</cp:lastModifiedBy>" in core, kind
        assert "<dc:language>zh-CN</dc:language>" in core, kind
        created = re.search(r"<dcterms:created [^>]*>([^<]+)<", core).group(1)
        when = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
        assert abs(dt.datetime.now(dt.UTC) - when) < dt.timedelta(hours=1), kind


def test_styles_set_shared_punctuation_in_the_east_asian_face(every_kind: dict[str, Path]):
    for kind, docx in every_kind.items():
        styles = parts(docx)["word/styles.xml"]
        fonts = re.findall(r"<w:rFonts [^>]*>", styles)
        assert fonts and all('w:hint="eastAsia"' in f for f in fonts), kind
    document = parts(every_kind["report"])["word/document.xml"]
    quoted = re.findall(r"<w:r>(?:(?!</w:r>).)*“(?:(?!</w:r>).)*</w:r>", document)
    assert quoted and all('w:hint="eastAsia"' in run for run in quoted)


def test_comment_styles_are_small_and_single_spaced(every_kind: dict[str, Path]):
    found = parts(every_kind["review"])
    styles = found["word/styles.xml"]
    text = re.search(r'<w:style w:type="paragraph" w:styleId="CommentText">.*?</w:style>', styles).group(0)
    assert 'w:eastAsia="宋体"' in text and '<w:sz w:val="21"/>' in text
    assert 'w:line="240" w:lineRule="auto"' in text and 'w:firstLine="0"' in text
    assert 'w:styleId="CommentReference"' in styles
    comments = found["word/comments.xml"]
    assert comments.count("<w:comment ") >= 46
    assert "来源：综合执法大队-综合执法工作情况表.xlsx，“填报表”工作表，D7单元格" in comments


def test_the_end_of_the_text_keeps_with_the_signature(every_kind: dict[str, Path]):
    from docx import Document

    for kind in ("report", "generic", "draft", "xxgk"):
        paragraphs = [p for p in Document(str(every_kind[kind])).paragraphs if p.text.strip()]
        names = [p.style.name for p in paragraphs]
        signer = names.index("署名")
        assert names[signer + 1] == "成文日期", kind
        assert paragraphs[signer - 1].paragraph_format.keep_with_next, kind
        assert paragraphs[signer].style.paragraph_format.keep_with_next, kind


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_outputs_have_ordinary_permissions(workdir: Path):
    first = build(workdir=workdir, review=True)
    again = build(workdir=workdir, review=True, force=True)
    assert again.backup is not None
    written = [again.report, again.audit, again.review, again.backup]
    assert first.report == again.report
    for path in written:
        assert path.stat().st_mode & 0o777 == ordinary_mode(), path.name
