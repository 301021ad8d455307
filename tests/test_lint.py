"""`assembler lint`: clean on the shipped templates and reports, and catches seeded mistakes."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import report_text

from assembler.build import build
from assembler.cli import main
from assembler.lint import lint
from assembler.templates import bundled_template_root

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
    assert lines[0].startswith("警告  template.docx › 第15段“{{ 年度 }}年，街道综合执法部门…”")
    assert "标签“{{ 出动执法人员 }}”被 Word 拆成了几段文字（生成时会自动合并）" in lines[0]
    assert folder.parent.parent == workdir  # the office's own edited copy, which the build uses
    assert "累计出动执法人员7100余人次" in report_text(build(workdir=workdir, force=True).report)


def test_unknown_tag_and_the_figure_it_left_unused(tmp_path: Path):
    folder = _seed(tmp_path, DEFAULT, DOC, lambda x: x.replace("{{ 出动执法人员 }}", "{{ 出动执法人数 }}"))
    assert _lines(folder) == [
        "错误  template.docx › 第15段“{{ 年度 }}年，街道综合执法部门…”  "
        "标签“{{ 出动执法人数 }}”中的“出动执法人数”不在指标目录中（指标名称写错了？）",
        "错误  catalog.toml  指标“出动执法人员”（全年累计出动执法人员）在模板中没有用到；请在模板中使用，或从指标目录中删除",
    ]


def test_unknown_filter_and_bad_syntax(tmp_path: Path):
    folder = _seed(
        tmp_path, DEFAULT, DOC,
        lambda x: x.replace("{{ 出动车辆 }}", "{{ 出动车辆|余数(10) }}").replace("{{ 执法检查 }}", "{{ 执法检查 + }}"),
    )  # fmt: skip
    lines = _lines(folder)
    assert any("过滤器“余数”不存在" in line for line in lines)
    assert any("标签“{{ 执法检查 + }}”写法有误" in line for line in lines)


def test_unclosed_loop(tmp_path: Path):
    folder = _seed(tmp_path, GENERIC, DOC, lambda x: x.replace("{%p endfor %}", "", 1))
    # The first {%p endfor %} closes the innermost loop (段落): that loop is now the open one.
    assert _lines(folder) == [
        "错误  template.docx › 第15段“{%p for 段 in 节.段落 …”  “{% for %}”没有结束（缺少 {% endfor %}）"
    ]


def test_restyled_heading(tmp_path: Path):
    folder = _seed(
        tmp_path, DEFAULT, DOC,
        lambda x: x.replace('<w:pStyle w:val="一级标题"/></w:pPr><w:r><w:t>一、', '</w:pPr><w:r><w:rPr><w:rFonts w:eastAsia="宋体"/><w:sz w:val="36"/></w:rPr><w:t>一、', 1),
    )  # fmt: skip
    lines = _lines(folder)
    assert lines[0].startswith(
        "错误  template.docx › 第3段“一、{{ 年度 }}年度推进法治政府…”  一级标题没有使用“一级标题”样式"
    )
    assert lines[1].startswith(
        "警告  template.docx › 第3段“一、{{ 年度 }}年度推进法治政府…”  段落中有手工设置的字体或字号"
    )


def test_wrong_margin(tmp_path: Path):
    folder = _seed(tmp_path, DEFAULT, DOC, lambda x: x.replace('w:top="2098"', 'w:top="1440"'))
    assert _lines(folder) == [
        "错误  template.docx  上页边距为 25.4 毫米，国家标准为 37 毫米（±1）；请在“布局 › 页边距”中改正"
    ]


def test_theme_font(tmp_path: Path):
    folder = _seed(
        tmp_path, DEFAULT, STYLES,
        lambda x: x.replace('w:eastAsia="黑体"/>', 'w:eastAsia="黑体" w:eastAsiaTheme="majorEastAsia"/>', 1),
    )  # fmt: skip
    assert _lines(folder) == [
        "错误  template.docx  样式中使用了主题字体（eastAsiaTheme），会覆盖指定的字体；请把字体改为具体的字体名称（如仿宋_GB2312）"
    ]


def test_wrong_body_font_and_page_numbers(tmp_path: Path):
    normal = 'w:styleId="Normal">'

    def body_font(x: str) -> str:
        head, tail = x.split(normal, 1)
        return head + normal + tail.replace('w:eastAsia="仿宋_GB2312"', 'w:eastAsia="宋体"', 1)

    folder = _seed(tmp_path, DEFAULT, STYLES, body_font)
    assert "错误  template.docx  样式“Normal”的中文字体为“宋体”，应为“仿宋_GB2312”" in _lines(folder)
    folder2 = _seed(
        tmp_path / "b", DEFAULT, "word/settings.xml", lambda x: x.replace("<w:evenAndOddHeaders/>", "")
    )
    assert _lines(folder2) == ["错误  template.docx  页码没有设置“奇偶页不同”；单页码应居右、双页码应居左"]


def test_lint_cli_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    clean = CliRunner().invoke(main, ["lint"])
    assert (clean.exit_code, clean.stdout) == (0, "检查完成：没有发现问题。\n")
    folder = _seed(tmp_path, DEFAULT, DOC, lambda x: x.replace('w:top="2098"', 'w:top="1440"'))
    bad = CliRunner().invoke(main, ["lint", str(folder)])
    assert bad.exit_code == 1 and bad.stdout.endswith("检查完成：1 个错误。请修正后再使用。\n")
    missing = CliRunner().invoke(main, ["lint", "没有这个.docx"])
    assert missing.exit_code == 2 and "找不到要检查的文件" in missing.stderr
