"""The benchmark's synthetic inputs are real inputs: they check clean and build, at any scale."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
from conftest import report_text

from assembler.commands.build import build, check_inputs
from assembler.compute.assembly import assemble

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402


def test_generated_folder_builds_with_its_own_scale(tmp_path: Path):
    year_dir = tmp_path / "2024"
    written = generate.generate(year_dir, communities=3, ledger_rows_count=250, applications_count=40)
    assert written == 7 + 3
    assert [p for p in check_inputs(input_dir=year_dir, workdir=tmp_path) if p.severity.name == "ERROR"] == []
    result = build(input_dir=year_dir, workdir=tmp_path)
    assert "测试街道2024年法治政府建设年度报告" in report_text(result.report)
    figures = assemble(input_dir=year_dir, workdir=tmp_path).figures
    assert figures["普法宣传活动场次"].value == 250  # every row of the ledger counted
    assert figures["法律明白人"].value == 3 * 3  # three communities' forms summed
    xxgk = assemble(input_dir=year_dir, workdir=tmp_path, template="政府信息公开工作年度报告").figures
    new = xxgk["表三 › 总计 › 一、本年新收政府信息公开申请数量"].value
    old = xxgk["表三 › 总计 › 二、上年结转政府信息公开申请数量"].value
    assert new + old == 40  # every application placed


def test_workbooks_option_counts_the_department_forms(tmp_path: Path):
    assert generate.communities_for_workbooks(22) == 15


def test_floor_renders_the_ready_dict(tmp_path: Path):
    year_dir = tmp_path / "2024"
    generate.generate(year_dir, communities=2, ledger_rows_count=20)
    context = tmp_path / "context.json"
    context.write_text(json.dumps(generate.ready_context(year_dir), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "floor"
    templates = BENCH.parent / "templates"
    subprocess.run(
        [sys.executable, str(BENCH / "floor.py"), str(year_dir), str(templates), str(context), str(out)],
        check=True,
    )
    assert "测试街道" in report_text(out / "法治政府建设年度报告.docx")
    assert "测试街道" in report_text(out / "政府信息公开工作年度报告.docx")
    # Each 溯源表 as the build writes it: the same sheets, the same rows.
    audit = openpyxl.load_workbook(out / "法治政府建设年度报告 溯源表.xlsx", read_only=True)
    assert audit.sheetnames == ["指标溯源", "来源明细", "数字关系校验", "文字中的数字（未溯源）", "说明"]
    ready = json.loads(context.read_text(encoding="utf-8"))["法治政府建设年度报告"]["audit"]
    figures = [list(row) for row in audit["指标溯源"].iter_rows(values_only=True)]
    written = [[None if v == "" else v for v in row] for row in ready["指标溯源"]]  # "" is a blank cell
    assert figures == written and len(figures) > 40


def test_phases_follow_the_build(tmp_path: Path):
    """phases.py replays the build's steps: it must keep working as the build changes."""
    year_dir = tmp_path / "2024"
    generate.generate(year_dir, communities=2, ledger_rows_count=20)
    context = tmp_path / "context.json"
    context.write_text(json.dumps(generate.ready_context(year_dir), ensure_ascii=False), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(BENCH / "phases.py"), str(year_dir), str(context), "--repeat", "1"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "write audit workbooks + verify" in out and "**total after interpreter start**" in out
