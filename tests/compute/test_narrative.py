"""Narrative parts from departments' 文字材料, and the generic five-part template."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import paragraphs

from assembler.commands.build import build
from assembler.compute.assembly import assemble
from assembler.compute.context import render_context
from assembler.model.errors import InputProblems

GENERIC = "法治政府建设年度报告（通用）"
TEXT = "inputs/2024/党政办公室-法治建设综合情况表、政务公开工作情况表.xlsx"


def _generic(workdir: Path, **kw) -> list[str]:
    out = workdir / "output" / "通用.docx"
    return paragraphs(build(workdir=workdir, template=GENERIC, output=out, force=True, **kw).report)


def _styled(path: Path) -> list[tuple[str, str]]:
    from docx import Document

    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs if p.text.strip()]


def test_generic_template_builds_the_five_parts(shipped_workdir: Path, tmp_path: Path):
    report = build(workdir=shipped_workdir, template=GENERIC, output=tmp_path / "r.docx").report
    styled = _styled(report)
    headings = [text for style, text in styled if style == "一级标题"]
    assert headings == [
        "一、2024年度推进法治政府建设的主要举措和成效",
        "二、党政主要负责人履行推进法治建设第一责任人职责、加强法治政府建设的有关情况",
        "三、存在的不足和原因",
        "四、下一年度推进法治政府建设的主要安排",
        "五、其他需要报告的情况",
    ]
    texts = [t for _, t in styled]
    # Catalog figures, phrased, in the template's own summary paragraph.
    assert texts[3].startswith("2024年，街道累计开展普法宣传活动130余场，服务群众2300余人")
    # A section with several rows: heading on its own line (楷体), then 一是/二是/三是.
    i = texts.index("（二）强化宣教为基，提升普法实效。")
    assert styled[i][0] == "二级标题"
    assert [t[:8] for t in texts[i + 1 : i + 4]] == [
        "一是优化普法格局",
        "二是抓好队伍建设",
        "三是打造法治文化",
    ]
    # Rows with the same heading from three departments form one section.
    j = texts.index("（三）推进规范为本，强化矛盾化解。")
    assert [t[:2] for t in texts[j + 1 : j + 4]] == ["一是", "二是", "三是"]
    # A one-row section: its heading leads the paragraph, in the 楷体 character style.
    lead = next(t for t in texts if t.startswith("（一）强化思想武装。"))
    assert lead.startswith("（一）强化思想武装。坚持抓住领导干部")
    assert texts[texts.index("五、其他需要报告的情况") + 1] == "无。"
    assert texts[-2:] == ["中山门街道办事处", "2025年1月20日"]


def test_lead_heading_runs_are_styled(shipped_workdir: Path, tmp_path: Path):
    from docx import Document

    report = build(workdir=shipped_workdir, template=GENERIC, output=tmp_path / "r.docx").report
    para = next(p for p in Document(str(report)).paragraphs if p.text.startswith("（一）强化思想武装。"))
    assert (para.runs[0].text, para.runs[0].style.name) == ("（一）强化思想武装。", "二级标题字符")
    assert para.style.name == "Normal"


def test_empty_part_can_be_left_out(workdir: Path):
    ini = workdir / "inputs" / "单位设置.ini"
    ini.write_text(
        ini.read_text(encoding="utf-8").replace("[报告]", "[报告]\n空白部分 = 省略"), encoding="utf-8"
    )
    texts = _generic(workdir)
    assert "五、其他需要报告的情况" not in texts and "无。" not in texts
    assert texts[-3].startswith("（三）切实加强队伍建设。")


def _narrative(workdir: Path, rows: list[list[str]]) -> None:
    path = workdir / TEXT
    wb = openpyxl.load_workbook(path)
    ws = wb["文字材料"]
    start = ws.max_row + 1
    while ws.cell(row=start - 1, column=3).value is None:
        start -= 1
    for r, row in enumerate(rows, start=start):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    wb.save(path)


def test_text_is_data_never_template_code(workdir: Path):
    _narrative(workdir, [["其他需要报告的情况", "", '{{ 7*7 }} {% for %} A&B<C> "引号"']])
    texts = _generic(workdir)
    assert texts[texts.index("五、其他需要报告的情况") + 1] == '{{ 7*7 }} {% for %} A&B<C> "引号"。'


def test_bad_narrative_rows_are_named(workdir: Path):
    _narrative(workdir, [["第六部分", "标题", "内容"], ["其他需要报告的情况", "有标题", None]])
    with pytest.raises(InputProblems) as caught:
        build(workdir=workdir, template=GENERIC)
    assert [str(p) for p in caught.value.problems if p.severity.name == "ERROR"] == [
        "错误  党政办公室-法治建设综合情况表、政务公开工作情况表.xlsx › 文字材料 › A20  文字材料·所属部分：所属部分“第六部分”不是本单位所作报告的部分；"
        "请从下拉列表中选择（2024年度推进法治政府建设的主要举措和成效、党政主要负责人履行推进法治建设第一责任人职责、"
        "加强法治政府建设的有关情况、存在的不足和原因、下一年度推进法治政府建设的主要安排、其他需要报告的情况）",
        "错误  党政办公室-法治建设综合情况表、政务公开工作情况表.xlsx › 文字材料 › C21  文字材料·内容：内容为空，请填写或删除此行",
    ]


def test_default_template_ignores_the_text_sheets(shipped_workdir: Path):
    assembly = assemble(input_dir=None, workdir=shipped_workdir)
    assert not [p for p in assembly.problems if p.severity.name == "ERROR"]
    assert assembly.narrative.parts == []
    assert "各部分" not in render_context(assembly)


def test_generic_forms_carry_a_text_sheet(tmp_path: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch):
    from click.testing import CliRunner

    from assembler.cli import main

    monkeypatch.chdir(workdir)
    result = CliRunner().invoke(main, ["forms", "--year", "2025", "--template", GENERIC, "-o", "blank"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(workdir / "blank" / "党政办公室-法治建设综合情况表.xlsx")
    ws = wb["文字材料"]
    assert [c.value for c in ws[1]][:3] == ["所属部分", "小标题", "内容"]
    [choice] = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    options = wb["选项"]
    column = choice.formula1.split("$")[1]
    assert options[f"{column}2"].value == "2025年度推进法治政府建设的主要举措和成效"
