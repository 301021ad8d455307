"""Year over year: figures know last year's value when inputs/<year-1>/ exists."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
import samples
from conftest import paragraphs

from assembler.commands.build import check_inputs
from assembler.compute.assembly import assemble
from assembler.compute.context import render_context
from assembler.model.errors import CatalogError, UsageError
from assembler.writing.render import render_docx
from assembler.writing.templatebuild import build_docx


@pytest.fixture
def two_years(workdir: Path) -> Path:
    samples.write_inputs(workdir, year=2023)
    return workdir


def test_figures_carry_last_years_value(shipped_workdir: Path):
    figures = assemble(input_dir=None, workdir=shipped_workdir).figures
    assert (figures["出动执法人员"].previous, figures["出动执法人员"].value) == (6890, 7126)
    assert (figures["普法服务群众人数"].previous, figures["普法服务群众人数"].value) == (2110, 2346)  # ledger
    assert (figures["法律明白人"].previous, figures["法律明白人"].value) == (45, 45)  # sum of communities


def _render(workdir: Path, tmp_path: Path, text: str, input_dir: Path | None = None) -> str:
    source = tmp_path / "template.txt"
    source.write_text(text, encoding="utf-8")
    build_docx(source, tmp_path / "t.docx")
    context = render_context(assemble(input_dir=input_dir, workdir=workdir))
    document = render_docx(tmp_path / "t.docx", context)
    out = tmp_path / "out.docx"
    document.save(str(out))
    return "\n".join(paragraphs(out))


def test_comparison_filters(shipped_workdir: Path, tmp_path: Path):
    text = _render(
        shipped_workdir,
        tmp_path,
        "出动执法人员{{ 出动执法人员 }}人次，{{ 出动执法人员|同比 }}（上年{{ 出动执法人员|上年 }}人次）。\n"
        "清理摊贩{{ 清理流动摊贩|同比 }}；罚款{{ 罚款金额 }}，{{ 罚款金额|同比 }}；网格{{ 专属网格|同比 }}。\n"
        "录入率{{ 执法数据录入率 }}，{{ 执法数据录入率|同比 }}。",
    )
    assert text == (
        "出动执法人员7100余人次，同比增长3.4%（上年6800余人次）。\n"
        "清理摊贩同比下降5.5%；罚款5600元，同比增长16.7%；网格与上年持平。\n"
        "录入率100%，同比增长2%。"
    )


def test_comparison_without_last_year_is_a_clear_error(workdir: Path, tmp_path: Path):
    with pytest.raises(CatalogError, match="“全年累计出动执法人员”没有上年数据"):
        _render(workdir, tmp_path, "{{ 出动执法人员|同比 }}")


def test_implausible_swings_are_warned(two_years: Path):
    path = two_years / "inputs/2024/综合执法大队-综合执法工作情况表.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["填报表"]["D7"] = 71260  # a slipped digit
    wb.save(path)
    problems = check_inputs(workdir=two_years)
    assert [str(p) for p in problems if "与上年" in p.message] == [
        "警告  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D7  全年累计出动执法人员："
        "与上年（2023年为6890）相比变化+934%，请核对是否填错"
    ]


def test_no_previous_year_no_comparison(workdir: Path):
    assert all(f.previous is None for f in assemble(input_dir=None, workdir=workdir).figures.values())
    shutil.rmtree(workdir / "inputs" / "2024")
    with pytest.raises(UsageError, match="找不到年度文件夹"):  # nothing to check: exit 2, not a crash
        check_inputs(workdir=workdir)


def test_last_years_values_come_from_its_audit_workbook(two_years: Path):
    """Once inputs/2023 is archived away, last year's 溯源表 in output/ still gives 同比."""
    from assembler.commands.build import build

    from_inputs = {k: f.previous for k, f in assemble(input_dir=None, workdir=two_years).figures.items()}
    build(input_dir=two_years / "inputs" / "2023", workdir=two_years)  # last year's report and audit
    shutil.rmtree(two_years / "inputs" / "2023")
    from_audit = {k: f.previous for k, f in assemble(input_dir=None, workdir=two_years).figures.items()}
    assert from_audit == from_inputs
    assert from_audit["出动执法人员"] == 6890 and from_audit["执法数据录入率"] == 98
    assert str(from_audit["罚款金额"]) in ("4800", "4800.0")


def test_an_audit_of_another_year_is_not_used(two_years: Path):
    from assembler.commands.build import build

    build(workdir=two_years)  # the 2024 audit
    shutil.rmtree(two_years / "inputs" / "2023")
    assert all(f.previous is None for f in assemble(input_dir=None, workdir=two_years).figures.values())
