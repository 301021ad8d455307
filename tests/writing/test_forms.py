"""Blank forms: what the catalog generates, and that a filled-in set builds the report."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
import samples
from click.testing import CliRunner
from conftest import report_text

from assembler.cli import main
from assembler.commands.build import build
from assembler.writing.forms import default_year


@pytest.fixture(scope="session")
def blank_forms(sample_base: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`assembler forms` run once, in a copy of the sample's working folder."""
    work = tmp_path_factory.mktemp("forms")
    shutil.copytree(sample_base / "inputs", work / "inputs")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(work)
        result = CliRunner().invoke(main, ["forms", "--year", "2024", "-o", "blank"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "已生成 22 份空白表格，保存在：blank\n请把表格发给各部门填写，收回后放入 inputs 下对应年度的文件夹。\n"
    )
    return work / "blank"


@pytest.fixture
def blank(blank_forms: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The blank forms `forms -o blank` made, in the test's working folder."""
    monkeypatch.chdir(workdir)
    shutil.copytree(blank_forms, workdir / "blank")
    return workdir / "blank"


def test_forms_are_protected_typed_and_explained(blank: Path):
    wb = openpyxl.load_workbook(blank / "综合执法大队-综合执法工作情况表.xlsx")
    ws = wb["填报表"]
    assert ws.protection.sheet and not ws.protection.password
    assert (ws["A1"].value, ws["B2"].value, ws["B3"].value, ws["D2"].value) == (
        "中山门街道2024年度报告数据填报表 · 综合执法工作情况表", "综合执法大队", "执法", 2024,
    )  # fmt: skip
    assert [c.value for c in ws[6]][:5] == ["指标代码", "指标名称", "单位", "填报值", "填报说明"]
    # The form's fingerprint: a form made before a later catalog edit is told apart.
    assert ws["G1"].value == "表格版本" and len(ws["H1"].value) == 8
    assert ws["A7"].value == "出动执法人员" and ws["C7"].value == "人次"
    assert ws["D7"].protection.locked is False and ws["B7"].protection.locked is True
    rules = {(dv.type, dv.operator, dv.formula1) for dv in ws.data_validations.dataValidation}
    assert ("whole", "greaterThanOrEqual", "0") in rules  # counts
    assert ("decimal", "between", "0") in rules  # percent
    assert all(dv.prompt and dv.showInputMessage for dv in ws.data_validations.dataValidation)
    assert ws["D18"].number_format == "0.0%"


def test_ledger_sheet_has_typed_columns_and_drop_downs(blank: Path):
    wb = openpyxl.load_workbook(blank / "司法所-普法宣传与矛盾化解情况表.xlsx")
    ws = wb["普法活动台账"]
    assert [c.value for c in ws[1]][:6] == ["日期", "社区", "活动主题", "重要节点", "参与人数", "张贴海报"]
    kinds = {str(dv.sqref): (dv.type, dv.formula1) for dv in ws.data_validations.dataValidation}
    assert kinds["A2:A1048576"][0] == "date"
    assert kinds["B2:B1048576"] == ("list", "=选项!$A$2:$A$16")
    assert kinds["E2:E1048576"][0] == "whole"
    # Whole columns open for input, as Excel keeps a column's format: no rows of empty cells.
    assert ws.max_row == 1
    assert ws.column_dimensions["A"].protection.locked is False
    assert ws.column_dimensions["A"].number_format == "yyyy-mm-dd"
    assert ws.column_dimensions["E"].fill.fgColor.rgb.endswith("FFF2CC")
    assert ws["A1"].protection.locked is True  # the header is not
    options = wb["选项"]
    assert options.sheet_state == "hidden"
    assert [options.cell(row=r, column=1).value for r in range(2, 5)] == [
        "龙潭路社区",
        "新东社区",
        "中山门西里社区",
    ]
    assert not ws.protection.insertRows  # clerks may add rows


def test_community_forms_come_one_per_community(blank: Path):
    files = sorted((blank / "社区法治建设情况表").glob("*.xlsx"))
    assert len(files) == 15
    ws = openpyxl.load_workbook(files[0])["填报表"]
    assert ws["A4"].value == "填报社区" and ws["B4"].value


def test_forms_never_overwrite_filled_ones(blank: Path, monkeypatch: pytest.MonkeyPatch):
    result = CliRunner().invoke(main, ["forms", "--year", "2024", "-o", "blank"])
    assert result.exit_code == 1
    assert "为免覆盖已填写的内容，未生成" in result.stderr


def test_a_filled_in_set_of_blank_forms_builds(blank: Path, workdir: Path, shipped_report: Path):
    target = workdir / "inputs" / "2024"
    shutil.rmtree(target)
    shutil.copytree(blank, target)
    # Before filling: check names every empty figure.
    problems = CliRunner().invoke(main, ["check"])
    assert problems.exit_code == 1 and "未填写" in problems.output
    plan = samples.plan(workdir)  # what the sample's departments enter, into the forms `forms` made
    for path in target.rglob("*.xlsx"):
        wb = openpyxl.load_workbook(path)
        samples.fill_workbook(wb, plan)
        wb.save(path)
    assert report_text(build(workdir=workdir).report) == report_text(shipped_report)


def test_default_year_follows_the_reporting_season():
    assert default_year(dt.date(2026, 2, 1)) == 2025
    assert default_year(dt.date(2026, 11, 27)) == 2026


def test_an_older_blank_of_a_department_beside_the_new_ones_is_named(tmp_path: Path):
    """Same department (or community) before the “-”, another name: made before a form was added."""
    from assembler.writing.forms import superseded_forms

    written = [
        tmp_path / "司法所-普法宣传与矛盾化解情况表、法律援助情况表.xlsx",
        tmp_path / "综合执法大队-综合执法工作情况表.xlsx",
        tmp_path / "社区法治工作情况表" / "龙潭路社区-社区法治工作情况表.xlsx",
    ]
    others = [
        tmp_path / "司法所-普法宣传与矛盾化解情况表.xlsx",  # the old blank
        tmp_path / "司法所-普法宣传与矛盾化解情况表.xlsx.bak",
        tmp_path / "党政办公室-法治建设综合情况表.xlsx",  # another department's
        tmp_path / "社区法治工作情况表" / "新东社区-社区法治工作情况表.xlsx",
    ]
    for path in written + others:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    assert superseded_forms(written) == [tmp_path / "司法所-普法宣传与矛盾化解情况表.xlsx"]
