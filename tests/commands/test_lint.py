"""`assembler lint`: clean on the shipped templates and reports, and catches seeded mistakes."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import report_text

from assembler.cli import main
from assembler.commands.build import build
from assembler.commands.lint import lint
from assembler.reading.templates import bundled_template_root

DEFAULT = bundled_template_root() / "法治政府建设年度报告"
GENERIC = bundled_template_root() / "法治政府建设年度报告（通用）"


@pytest.mark.parametrize("folder", [DEFAULT, GENERIC], ids=["default", "generic"])
def test_shipped_templates_are_clean(folder: Path):
    assert lint(path=folder) == []


def test_built_report_is_clean(shipped_report: Path):
    assert lint(path=shipped_report) == []


def _seed(tmp_path: Path, source: Path, part: str, change: Callable[[str], str]) -> Path:
    """A copy of a template folder with one XML part of template.docx edited."""
    folder = tmp_path / "templates" / source.name
    shutil.copytree(source, folder)
    docx = folder / "template.docx"
    with zipfile.ZipFile(docx) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts[part].decode()
    changed = change(xml)
    assert changed != xml, "the seeded mistake did not apply"
    parts[part] = changed.encode()
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return folder


def _lines(folder: Path) -> list[str]:
    return [str(p) for p in lint(path=folder)]


DOC, STYLES = "word/document.xml", "word/styles.xml"


def test_split_tag_is_pointed_out_and_still_renders(tmp_path: Path, workdir: Path):
    folder = _seed(
        tmp_path, DEFAULT, DOC,
        lambda x: x.replace("出动执法人员{{ 出动执法人员 }}", "出动执法人员{{ 出动执</w:t></w:r><w:r><w:t>法人员 }}"),
    )  # fmt: skip
    lines = _lines(folder)
    assert len(lines) == 1
    assert lines[0].startswith(
        "警告  法治政府建设年度报告/template.docx › 第15段“{{ 年度 }}年，街道综合执法部门…”"
    )
    assert "标签“{{ 出动执法人员 }}”被 Word 拆成了几段文字（生成时会自动合并）" in lines[0]
    assert folder.parent.parent == workdir  # the office's own edited copy, which the build uses
    assert "累计出动执法人员7100余人次" in report_text(build(workdir=workdir, force=True).report)


def test_unknown_tag_and_the_figure_it_left_unused(tmp_path: Path):
    folder = _seed(tmp_path, DEFAULT, DOC, lambda x: x.replace("{{ 出动执法人员 }}", "{{ 出动执法人数 }}"))
    assert _lines(folder) == [
        "错误  法治政府建设年度报告/template.docx › 第15段“{{ 年度 }}年，街道综合执法部门…”  "
        "标签“{{ 出动执法人数 }}”中的“出动执法人数”不在指标目录中（指标名称写错了？是不是“出动执法人员”？）",
        "错误  法治政府建设年度报告/catalog.toml  指标“出动执法人员”（全年累计出动执法人员）在模板中没有用到；请在模板中使用，或从指标目录中删除",
    ]


def test_unknown_filter_and_bad_syntax(tmp_path: Path):
    folder = _seed(
        tmp_path, DEFAULT, DOC,
        lambda x: x.replace("{{ 出动车辆 }}", "{{ 出动车辆|余数(10) }}").replace("{{ 执法检查 }}", "{{ 执法检查 + }}"),
    )  # fmt: skip
    lines = _lines(folder)
    assert any("过滤器“余数”不存在" in line for line in lines)
    assert any("标签“{{ 执法检查 + }}”写法有误" in line for line in lines)


def test_the_engines_syntax_messages_in_words(tmp_path: Path):
    folder = _seed(
        tmp_path, DEFAULT, DOC,
        lambda x: x.replace("{{ 街道 }}", "{{ 街道 街道 }}", 1).replace("{{ 出动车辆 }}", "{{ 出动车辆|余(10 }}"),
    )  # fmt: skip
    assert _lines(folder) == [
        "错误  法治政府建设年度报告/template.docx › 第1段“{{ 街道 街道 }}{{ 年度 }…”  "
        "标签“{{ 街道 街道 }}”写法有误：“街道”前缺少过滤器的竖线 | 或运算符",
        "错误  法治政府建设年度报告/template.docx › 第15段“{{ 年度 }}年，街道综合执法部门…”  标签“{{ 出动车辆|余(10 }}”写法有误：“}”前缺少“)”",
    ]


@pytest.mark.parametrize(
    ("tag", "said"),
    [
        ("{{ 街道|余(10) }}", "过滤器“余”只能用于数字，“街道”是文字"),
        ('{{ 出动车辆|余("十") }}', "过滤器的括号里只能这样写：余、多、近写正整数"),
        ("{{ 出动车辆|近(0) }}", "过滤器的括号里只能这样写"),
        ("{{ 出动车辆|千分位(2) }}", "过滤器的括号里只能这样写"),
        ("{{ 出动车辆|同比(-1) }}", "过滤器的括号里只能这样写"),
        ("{{ 出动车辆|同比(99) }}", "过滤器的括号里只能这样写"),
        ("{{ 出动车辆|余(step=10) }}", "过滤器的括号里只能这样写"),
        ("{{ 出动车辆|余(10)|千分位 }}", "过滤器“千分位”用在了过滤器“余”写出的文字上"),
        ("{{ 出动车辆.__class__ }}", "中的“__class__”不是报告能用的写法"),
    ],
    ids=[
        "on-words",
        "step-in-words",
        "step-zero",
        "no-parentheses",
        "negative-places",
        "too-many-places",
        "named",
        "on-a-wording",
        "engine-attribute",
    ],
)
def test_a_filter_misused_is_told_by_lint_and_by_build(
    tmp_path: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch, tag: str, said: str
):
    """A number's wording on words, or parentheses a filter does not take: lint points at the
    tag; a build stops there and says the same in words (it ended in an internal error)."""
    folder = _seed(tmp_path, DEFAULT, DOC, lambda x: x.replace("{{ 出动车辆 }}", tag))
    assert any(said in line for line in _lines(folder)), _lines(folder)
    assert folder == workdir / "templates" / DEFAULT.name  # the office's own copy, which build takes
    monkeypatch.chdir(workdir)
    result = CliRunner().invoke(main, ["build", "--template", DEFAULT.name])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(
        f"模板 {DEFAULT.name} 有写错的标签，未生成报告；改正后可用 assembler lint {DEFAULT.name} 复查\n"
    )
    assert said in result.stderr and "程序内部出错" not in result.stderr
    assert not (workdir / "output").exists()


@pytest.mark.parametrize(
    ("tag", "said"),
    [
        ("{{{ 街道 }}", "写法有误：多了一个“{”（标签写成 {{ 名称 }}）"),
        ("{{ 街道|}}", "写法有误：竖线 | 或点号 . 后面缺少名称"),
        ("{{ 街道 }}{# 说明", "注释没有结束（缺少 #}）"),
    ],
    ids=["three-braces", "empty-filter", "open-comment"],
)
def test_more_syntax_mistakes_in_words(tmp_path: Path, tag: str, said: str):
    folder = _seed(tmp_path, DEFAULT, DOC, lambda x: x.replace("{{ 街道 }}", tag, 1))
    lines = _lines(folder)
    assert len(lines) == 1 and lines[0].endswith(said), lines


@pytest.mark.parametrize("typed", ["{{ 街道 }}}", "｛｛ 街道 ｝｝"], ids=["one-too-many", "full-width"])
def test_a_brace_left_in_the_words_is_told_by_lint_and_by_build(
    tmp_path: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch, typed: str
):
    """A brace too many, or the full-width braces a Chinese keyboard types, would be printed as it
    is: lint refuses the template, a build says which paragraph of which report shows it."""
    folder = _seed(tmp_path, DEFAULT, DOC, lambda x: x.replace("{{ 街道 }}", typed, 1))
    assert [line.split("  ")[-1] for line in _lines(folder)] == [
        "标签外有多余的花括号，会原样印进报告；标签写成 {{ 名称 }}，花括号是半角的、成对的"
    ]
    monkeypatch.chdir(workdir)
    result = CliRunner().invoke(main, ["build", "--template", DEFAULT.name])
    assert result.exit_code == 0, result.output
    [said] = [line for line in result.stdout.splitlines() if "花括号" in line]
    assert said.startswith(f"  警告  《{DEFAULT.name}》第1段“") and said.endswith(
        "中有花括号，多半是模板的标签写错了（标签写成 {{ 名称 }}，花括号是半角的、成对的）；请用 assembler lint 检查模板"
    )


def test_a_tag_across_two_paragraphs_stops_the_build_where_lint_points(
    tmp_path: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch
):
    """docxtpl would join the two paragraphs into one without a word."""
    split = "{{ 出动</w:t></w:r></w:p><w:p><w:r><w:t>车辆 }}"
    folder = _seed(tmp_path, DEFAULT, DOC, lambda x: x.replace("{{ 出动车辆 }}", split, 1))
    said = [line.split("  ")[-1] for line in _lines(folder)]
    assert said == ["标签的花括号不成对（应为 {{ 名称 }} 或 {% … %}）"] * 2
    monkeypatch.chdir(workdir)
    result = CliRunner().invoke(main, ["build", "--template", DEFAULT.name])
    assert result.exit_code == 1
    assert result.stderr.count("标签的花括号不成对") == 2 and "第16段“车辆 }}车次" in result.stderr
    assert not (workdir / "output").exists()


def test_unclosed_loop(tmp_path: Path):
    folder = _seed(tmp_path, GENERIC, DOC, lambda x: x.replace("{%p endfor %}", "", 1))
    # The first {%p endfor %} closes the innermost loop (段落): that loop is now the open one.
    assert _lines(folder) == [
        "错误  法治政府建设年度报告（通用）/template.docx › 第15段“{%p for 段 in 节.段落 …”  “{% for %}”没有结束（缺少 {% endfor %}）"
    ]


def test_restyled_heading(tmp_path: Path):
    folder = _seed(
        tmp_path, DEFAULT, DOC,
        lambda x: x.replace('<w:pStyle w:val="一级标题"/></w:pPr><w:r><w:t>一、', '</w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="36"/></w:rPr><w:t>一、', 1),
    )  # fmt: skip
    lines = _lines(folder)
    assert lines[0].startswith(
        "错误  法治政府建设年度报告/template.docx › 第3段“一、{{ 年度 }}年度推进法治政府…”  一级标题没有使用“一级标题”样式"
    )
    assert lines[1].startswith(
        "警告  法治政府建设年度报告/template.docx › 第3段“一、{{ 年度 }}年度推进法治政府…”  段落中有手工设置的字体或字号"
    )


def test_wrong_margin(tmp_path: Path):
    folder = _seed(tmp_path, DEFAULT, DOC, lambda x: x.replace('w:top="2098"', 'w:top="1440"'))
    assert _lines(folder) == [
        "错误  法治政府建设年度报告/template.docx  上页边距为 25.4 毫米，国家标准为 37 毫米（±1）；请在“布局 › 页边距”中改正"
    ]


def test_theme_font(tmp_path: Path):
    folder = _seed(
        tmp_path, DEFAULT, STYLES,
        lambda x: x.replace('w:eastAsia="黑体"', 'w:eastAsia="黑体" w:eastAsiaTheme="majorEastAsia"', 1),
    )  # fmt: skip
    assert _lines(folder) == [
        "错误  法治政府建设年度报告/template.docx  样式中使用了主题字体（eastAsiaTheme），会覆盖指定的字体；请把字体改为具体的字体名称（如仿宋_GB2312）"
    ]


def test_wrong_body_font_and_page_numbers(tmp_path: Path):
    normal = 'w:styleId="Normal">'

    def body_font(x: str) -> str:
        head, tail = x.split(normal, 1)
        return head + normal + tail.replace('w:eastAsia="仿宋_GB2312"', 'w:eastAsia="宋体"', 1)

    folder = _seed(tmp_path, DEFAULT, STYLES, body_font)
    assert (
        "错误  法治政府建设年度报告/template.docx  样式“Normal”的中文字体为“宋体”，应为“仿宋_GB2312”"
        in _lines(folder)
    )
    folder2 = _seed(
        tmp_path / "b", DEFAULT, "word/settings.xml", lambda x: x.replace("<w:evenAndOddHeaders/>", "")
    )
    assert _lines(folder2) == [
        "错误  法治政府建设年度报告/template.docx  页码没有设置“奇偶页不同”；单页码应居右、双页码应居左"
    ]


def test_lint_cli_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    clean = CliRunner().invoke(main, ["lint"])
    assert (clean.exit_code, clean.stdout) == (0, "检查完成：没有发现问题。\n")
    folder = _seed(tmp_path, DEFAULT, DOC, lambda x: x.replace('w:top="2098"', 'w:top="1440"'))
    bad = CliRunner().invoke(main, ["lint", str(folder)])
    assert bad.exit_code == 1 and bad.stdout.endswith("检查完成：1 个错误。请修正后再使用。\n")
    missing = CliRunner().invoke(main, ["lint", "没有这个.docx"])
    assert missing.exit_code == 2 and "找不到要检查的文件" in missing.stderr


def test_what_word_shows_differently_in_a_stock_document(tmp_path: Path):
    """A .docx made on python-docx's stock template: each leftover named, once."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("开展“线上线下”宣传教育活动——共计12场。")
    path = tmp_path / "别处的报告.docx"
    doc.save(str(path))
    word = [str(p) for p in lint(path=path)]
    name = "别处的报告.docx"
    expected = [
        f"警告  {name}  样式“Normal”没有中文标点提示（eastAsia），Word 会把“ ” — … · 等标点排成西文字体；请用本工具重新生成模板（或换用本工具生成的模板）",
        f"警告  {name} › 第1段“开展“线上线下”宣传教育活动——共计…”  段落中的引号、破折号等标点（“ ” — … ·）在 Word 中会显示为西文字体；请用中文输入法重新输入这些标点，或选中该段“清除格式”后应用样式",
        f"警告  {name}  文档带有 Word 2010 的遗留部件 stylesWithEffects.xml（其中没有本文档的样式）；请用本工具重新生成模板（或换用本工具生成的模板）",
        f"警告  {name}  文档带有别的文档留下的缩略图（docProps/thumbnail）；请用本工具重新生成模板（或换用本工具生成的模板）",
        f"警告  {name}  文档属性来自 python-docx 的默认模板（创建于2013年、Mac 版 Word）；请用本工具重新生成模板（或换用本工具生成的模板）",
        f"警告  {name}  文档处于兼容模式（compatibilityMode 14），Word 会显示“兼容模式”；请在 Word 中“文件 › 信息 › 转换”后保存",
        f"警告  {name}  显示比例设置缺少百分比（w:zoom 无 w:percent），不符合文件格式标准；请在 Word 中打开后另存",
        f"警告  {name}  主题字体语言为“ja-JP”而不是中文（zh-CN），套用 Word 内置样式时中文会显示为外文字体；请用本工具重新生成模板（或换用本工具生成的模板）",
    ]
    for line in expected:
        assert word.count(line) == 1, line
    # Our earlier builds removed the stock list styles but kept the numbering that uses them.
    for style in [s for s in doc.styles if s.name.startswith("List")]:
        style.element.getparent().remove(style.element)
    doc.save(str(path))
    assert (
        f"警告  {name}  编号定义引用了文档中没有的样式（ListBullet、ListBullet2、ListBullet3、ListNumber、"
        "ListNumber2、ListNumber3），是默认模板的遗留；请用本工具重新生成模板（或换用本工具生成的模板）"
    ) in [str(p) for p in lint(path=path)]


def test_japanese_theme_faces(tmp_path: Path):
    folder = _seed(
        tmp_path,
        DEFAULT,
        "word/theme/theme1.xml",
        lambda x: x.replace('<a:ea typeface="宋体"/>', '<a:ea typeface="ＭＳ 明朝"/>'),
    )
    assert _lines(folder) == [
        "警告  法治政府建设年度报告/template.docx  主题的中文字体是日文或韩文字体（ＭＳ 明朝），套用 Word 内置样式时会显示为该字体；请用本工具重新生成模板（或换用本工具生成的模板）"
    ]


def test_signature_that_may_stand_alone(shipped_report: Path, tmp_path: Path):
    with zipfile.ZipFile(shipped_report) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    document = parts[DOC].decode()
    assert document.count("<w:keepNext/>") == 1  # the last body paragraph; the signature's is in its style
    parts[DOC] = document.replace("<w:keepNext/>", "").encode()
    styles = parts[STYLES].decode()
    head, tail = styles.split('w:styleId="署名"', 1)
    parts[STYLES] = (head + 'w:styleId="署名"' + tail.replace("<w:keepNext/>", "", 1)).encode()
    edited = tmp_path / "改过的报告.docx"
    with zipfile.ZipFile(edited, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    lines = [str(p) for p in lint(path=edited)]
    assert lines == [
        "警告  改过的报告.docx › 第36段“中山门街道办事处”  署名没有设置“与下段同页”，成文日期可能单独排到下一页；请在“段落 › 换行和分页”中勾选“与下段同页”",
        "警告  改过的报告.docx › 第35段“（三）切实加强队伍建设。抓好对现有行…”  正文最后一段没有设置“与下段同页”，署名和成文日期可能单独排到下一页；请在“段落 › 换行和分页”中勾选“与下段同页”",
    ]


def test_loose_template_says_its_tags_were_not_checked(tmp_path: Path):
    loose = tmp_path / "报告模板.docx"
    shutil.copyfile(DEFAULT / "template.docx", loose)
    assert _lines(loose) == [
        "警告  报告模板.docx  文档中有模板标签（{{ … }}），但旁边没有指标目录（catalog.toml），标签名称未检查；请检查整个模板文件夹（assembler lint 模板文件夹）"
    ]


def test_what_no_paragraph_shows_is_told_from_the_whole_template(tmp_path: Path):
    """The template's tags read as rendering reads them: a tag no paragraph check knows, and a
    tag in a footer, which no paragraph of the body holds."""
    unknown_block = _seed(
        tmp_path / "a",
        DEFAULT,
        DOC,
        lambda x: x.replace("{{ 出动执法人员 }}", "{% 如果 %}{{ 出动执法人员 }}", 1),
    )
    assert _lines(unknown_block) == [
        "错误  法治政府建设年度报告/template.docx  标签写法有误：“{% 如果 %}”不是模板能用的标签（能用的有 for、if、elif、else 和 endfor、endif）"
    ]
    in_footer = _seed(
        tmp_path / "b", DEFAULT, "word/footer1.xml", lambda x: x.replace("— ", "—{{ 页码名 }} ", 1)
    )
    assert _lines(in_footer) == [
        "错误  法治政府建设年度报告/template.docx  模板标签“{{ 页码名 }}”在指标目录中没有定义"
    ]


def test_a_title_the_heading_does_not_say_is_told(tmp_path: Path):
    """The file is named by the catalog's title, the heading printed is the template's: a
    maintainer who changes one is told to change the other."""
    folder = tmp_path / "templates" / DEFAULT.name
    shutil.copytree(DEFAULT, folder)
    catalog = folder / "catalog.toml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace(
            'title = "{街道}{年度}年法治政府建设年度报告"', 'title = "{街道}{年度}年度法治建设总结"'
        ),
        encoding="utf-8",
    )
    assert _lines(folder) == [
        "警告  法治政府建设年度报告/template.docx › 第1段“{{ 街道 }}{{ 年度 }}年法…”  "
        "报告的文件名和文档标题按指标目录的 title 写作“{街道}{年度}年度法治建设总结”，"
        "与模板的标题“{{ 街道 }}{{ 年度 }}年法治政府建设年度报告”不一致；请把指标目录 [report] 的 title 与模板标题改成一致"
    ]
