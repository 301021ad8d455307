"""A new office starts without a programmer: init, fill in, build."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
import samples
from click.testing import CliRunner
from conftest import paragraphs

from assembler.cli import main
from assembler.model.settings import parse_settings


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_init_then_fill_then_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    result = _run(
        "init", "朝阳", "--office", "朝阳街道", "--year", "2025", "--template", "法治政府建设年度报告"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "已建立工作文件夹：朝阳"
    # 中山门街道's own report as a template: its words of 天津 and 河东区 are told, where they stand,
    # and the one on its blank forms.
    assert result.stdout.splitlines()[2] == "提醒（6 个警告）："
    assert (
        "  警告  法治政府建设年度报告/template.docx › 第2段  模板原文“…会精神和习近平总书记视察天津重要讲话精神，"
        "全面贯彻落…”中的“天津”是天津市的说法，本单位的“市”还没有填写；请把模板文件夹复制到本单位的 templates/ "
        "中改写这一句（改后运行 assembler lint 检查），或改用不含这些说法的模板"
    ) in result.stdout.splitlines()
    work = tmp_path / "朝阳"
    assert (work / "output").is_dir()
    assert len(list((work / "inputs" / "2025").rglob("*.xlsx"))) == 8

    monkeypatch.chdir(work)
    todo = _run("check")
    assert todo.exit_code == 1
    lines = todo.stdout.splitlines()
    assert "  错误  单位设置.ini › 市  “市”还没有填写，请把“（请填写）”改成实际内容" in lines
    assert (
        "  错误  单位设置.ini › 社区  “社区”名单还没有填写，请把“（请填写）”改成本街道的社区名称，用顿号分隔"
        in lines
    )
    assert sum("未填写" in line for line in lines) >= 35
    # made before the community list, the one community form is told as left blank, not as 未填写
    assert any("是空白的（没有选填报社区，也没有填数字）" in line for line in lines)

    # The clerk fills in the settings, makes the community forms, and the departments fill theirs.
    ini = work / "inputs" / "单位设置.ini"
    text = ini.read_text(encoding="utf-8")
    text = text.replace("市 = （请填写）", "市 = 天津市").replace("区 = （请填写）", "区 = 河东区")
    communities = "、".join(parse_settings(samples.SETTINGS).communities)
    ini.write_text(text.replace("社区 = （请填写）", f"社区 = {communities}"), encoding="utf-8")
    folder = work / "inputs" / "2025"
    shutil.rmtree(folder)
    assert _run("forms", "--year", "2025", "-o", "inputs/2025").exit_code == 0
    plan = samples.plan(work, year=2025)  # no data for 2025: every value made from the catalog
    for path in folder.rglob("*.xlsx"):
        wb = openpyxl.load_workbook(path)
        samples.fill_workbook(wb, plan)
        wb.save(path)
    built = _run("build")
    assert built.exit_code == 0, built.output
    report = work / "output" / "朝阳街道2025年法治政府建设年度报告.docx"
    text = paragraphs(report)
    assert text[0] == "朝阳街道2025年法治政府建设年度报告"
    assert text[1].startswith("2025年在区委、区政府的坚强领导下，朝阳街道坚持")
    assert text[-2] == "朝阳街道办事处"


def test_init_refuses_an_existing_workspace(workdir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(workdir.parent)
    result = _run("init", workdir.name, "--office", "某街道")
    assert result.exit_code == 1
    assert "已经是一个工作文件夹" in result.stderr


def test_init_rejects_a_bad_office_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    result = _run("init", "x", "--office", "a/b")
    assert result.exit_code == 2
    assert "不能含有" in result.stderr


OTHER_CITY = (
    samples.SETTINGS.read_text(encoding="utf-8")
    .replace("街道 = 中山门街道", "街道 = 和平里街道")
    .replace("简称 = 中山门", "简称 = 和平里")
    .replace("市 = 天津市", "市 = 北京市")
    .replace("区 = 河东区", "区 = 东城区")
    .replace("署名 = 中山门街道办事处", "署名 = 和平里街道办事处")
)


def test_a_new_office_elsewhere_starts_from_its_own_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """init gives a new office the report written from its departments' text: nothing of
    中山门街道's city, district or name reaches it."""
    monkeypatch.chdir(tmp_path)
    result = _run("init", "和平里", "--office", "和平里街道", "--city", "北京市", "--district", "东城区")
    assert result.exit_code == 0, result.output
    told = [line for line in result.output.splitlines() if line.startswith("  警告")]
    assert told == [  # its template's words are its own; the forms it takes over ask in 天津's once
        "  警告  法治政府建设年度报告（通用）/catalog.toml  空白表格《网格化管理工作情况表》中"
        "““津治通”“社区通”系统收集上报问题”的“津治通”是天津市的说法，本单位在北京市；请把模板文件夹复制到本单位的"
        " templates/ 中（表格沿用自另一个模板时，复制那一个），在其指标目录里改写这一项，再运行 assembler forms 重新生成空白表格"
    ]
    settings = parse_settings(tmp_path / "和平里" / "inputs" / "单位设置.ini")
    assert settings.reports == ("法治政府建设年度报告（通用）",)

    work = tmp_path / "work"
    samples.write_inputs(
        work,
        settings_text=OTHER_CITY.replace(
            "法治政府建设年度报告、政府信息公开工作年度报告", "法治政府建设年度报告（通用）"
        ),
        values={"稳控执勤点位举例": "和平里北街、地坛公园"},
    )
    for path in (work / "inputs" / "2024").glob("*.xlsx"):  # its departments write of their own place
        wb = openpyxl.load_workbook(path)
        if "文字材料" in wb.sheetnames:
            for row in wb["文字材料"].iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.value = (
                            cell.value.replace("天津", "北京")
                            .replace("津治通", "京通")
                            .replace("河东区", "东城区")
                            .replace("中山门", "和平里")
                        )
            wb.save(path)
    monkeypatch.chdir(work)
    built = _run("build")
    assert built.exit_code == 0, built.output
    text = "\n".join(paragraphs(work / "output" / "和平里街道2024年法治政府建设年度报告.docx"))
    assert "东城区委、东城区政府" in text
    for word in ("天津", "河东", "中山门", "津治通"):
        assert word not in text


@pytest.mark.parametrize("command", ["check", "build", "lint"])
def test_another_places_words_are_told_by_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command
):
    samples.write_inputs(tmp_path, settings_text=OTHER_CITY)
    monkeypatch.chdir(tmp_path)
    result = _run(command)
    assert result.exit_code == 0, result.output
    told = [line for line in result.stdout.splitlines() if "template.docx" in line]
    assert [line.split("  ")[2] for line in told] == [
        "法治政府建设年度报告/template.docx › 第2段",
        "法治政府建设年度报告/template.docx › 第5段",
        "法治政府建设年度报告/template.docx › 第11段",
        "法治政府建设年度报告/template.docx › 第16段",
        "法治政府建设年度报告/template.docx › 第22段",
    ]
    assert "“津治通”是天津市的说法，本单位在北京市" in told[-1]
    assert "“河东区”是河东区的说法，本单位在东城区" in told[3]
