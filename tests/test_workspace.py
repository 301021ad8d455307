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
from assembler.settings import parse_settings


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_init_then_fill_then_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    result = _run("init", "朝阳", "--office", "朝阳街道", "--year", "2025")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "已建立工作文件夹：朝阳"
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
    assert sum("未填写" in line for line in lines) >= 40

    # The clerk fills in the settings, makes the community forms, and the departments fill theirs.
    ini = work / "inputs" / "单位设置.ini"
    text = ini.read_text(encoding="utf-8")
    text = text.replace("市 = （请填写）", "市 = 天津市").replace("区 = （请填写）", "区 = 河东区")
    communities = "、".join(samples.parse_settings(samples.SETTINGS).communities)
    ini.write_text(text.replace("社区 = （请填写）", f"社区 = {communities}"), encoding="utf-8")
    folder = work / "inputs" / "2025"
    shutil.rmtree(folder)
    assert _run("forms", "--year", "2025", "-o", "inputs/2025").exit_code == 0
    settings = parse_settings(ini)
    for path in folder.rglob("*.xlsx"):
        wb = openpyxl.load_workbook(path)
        samples.fill_form(wb, samples.VALUES_2024)
        who = wb["填报表"]["B4"].value if wb["填报表"]["A4"].value == "填报社区" else None
        if who:
            samples.fill_form(wb, samples.COMMUNITY_VALUES)
        if "普法活动台账" in wb.sheetnames:
            for r, row in enumerate(samples.ledger_rows(settings.communities, 2024), start=2):
                for c, value in enumerate([row[0].replace(year=2025), *row[1:]], start=1):
                    wb["普法活动台账"].cell(row=r, column=c, value=value)
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
