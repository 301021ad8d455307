"""Forms made before a catalog edit are told as such: regenerate them, the department did nothing wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from assembler.cli import main
from assembler.reading.templates import bundled_template_root

FAZHI = "法治政府建设年度报告"


def _own_template(workdir: Path) -> Path:
    """A copy of the default template in the office's folder, to be edited."""
    folder = workdir / "templates" / FAZHI
    shutil.copytree(bundled_template_root() / FAZHI, folder)
    return folder


def _rebuild(folder: Path) -> None:
    from assembler.writing.templatebuild import build_template_folder

    build_template_folder(folder)


def test_a_form_made_before_a_figure_was_added_is_told_to_be_made_again(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = _own_template(workdir)
    catalog = (folder / "catalog.toml").read_text(encoding="utf-8")
    added = '[[figures]]\nkey = "新增指标"\nlabel = "新增的指标"\nform = "党政办"\nunit = "次"\n\n'
    (folder / "catalog.toml").write_text(
        catalog.replace("[[figures]]\n", added + "[[figures]]\n", 1), "utf-8"
    )
    text = (folder / "template.txt").read_text(encoding="utf-8")
    (folder / "template.txt").write_text(
        text.replace("{{ 中心组学习次数 }}次", "{{ 中心组学习次数 }}次（新增{{ 新增指标 }}次）"), "utf-8"
    )
    _rebuild(folder)
    monkeypatch.chdir(workdir)
    result = CliRunner().invoke(main, ["check", "--template", FAZHI])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    [told] = [line for line in lines if "党政办公室" in line]
    assert told.startswith(
        "  错误  党政办公室-法治建设综合情况表、政务公开工作情况表.xlsx › 法治建设综合情况表  此表是在指标目录修改之前生成的（表格版本 "
    )
    assert told.endswith(
        "，缺少：新增的指标；这不是填报部门的错。请运行 assembler forms --year 2024 重新生成空白表格（空白表格文件夹中已有旧表时加 --force），把已填的数字转填过去"
    )
    assert not any("不要删除行" in line or "未填写" in line for line in lines)


def test_a_department_workbook_made_before_a_form_was_added_is_told_apart(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
):
    """A report adds a form for 司法所, which already sends a workbook: that workbook predates it."""
    monkeypatch.chdir(workdir)
    assert CliRunner().invoke(main, ["forms", "--year", "2024", "--template", FAZHI]).exit_code == 0  # before
    folder = _own_template(workdir)
    catalog = (folder / "catalog.toml").read_text(encoding="utf-8")
    catalog = catalog.replace(
        '[forms."营商"]',
        '[forms."司法新表"]\ntitle = "法律援助情况表"\ndepartment = "司法所"\n\n[forms."营商"]',
    ).replace(
        "[[figures]]\n",
        '[[figures]]\nkey = "法律援助件数"\nlabel = "法律援助件数"\nform = "司法新表"\nunit = "件"\n\n[[figures]]\n',
        1,
    )
    (folder / "catalog.toml").write_text(catalog, "utf-8")
    text = (folder / "template.txt").read_text(encoding="utf-8")
    (folder / "template.txt").write_text(
        text.replace("{{ 中心组学习次数 }}次", "{{ 中心组学习次数 }}次（援助{{ 法律援助件数 }}件）"), "utf-8"
    )
    _rebuild(folder)
    monkeypatch.chdir(workdir)
    result = CliRunner().invoke(main, ["check", "--template", FAZHI])
    assert result.exit_code == 1
    assert (
        "  错误  司法所-普法宣传与矛盾化解情况表.xlsx  司法所交来的工作簿是在增加《法律援助情况表》之前生成的，其中没有这张表；"
        "这不是填报部门的错。请运行 assembler forms --year 2024（空白表格文件夹中已有旧表时加 --force）生成司法所新的空白表格（含《法律援助情况表》），"
        "把已填的数字转填过去后交回"
    ) in result.output.splitlines()
    # The department's next blank workbook holds all its forms.
    assert CliRunner().invoke(main, ["forms", "--year", "2025", "--template", FAZHI]).exit_code == 0
    wb = openpyxl.load_workbook(
        workdir / "空白表格" / "2025" / "司法所-普法宣传与矛盾化解情况表、法律援助情况表.xlsx"
    )
    assert wb.sheetnames[:2] == ["普法宣传与矛盾化解情况表", "法律援助情况表"]
    # The blanks made before, made again as the message says: the old one is named, not sent.
    again = CliRunner().invoke(main, ["forms", "--year", "2024", "--template", FAZHI, "--force"])
    assert again.exit_code == 0
    assert again.output.splitlines()[2:] == [
        "注意：空白表格/2024/司法所-普法宣传与矛盾化解情况表.xlsx 与新表格同属一个部门、名称不同，"
        "多半是增加表格之前生成的旧表，请删除它，不要再发出"
    ]
