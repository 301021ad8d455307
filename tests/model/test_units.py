"""One unit per figure: the unit column, the 填报说明, the cell's validation and the phrasing of
every figure of every template agree — shipped, adopted, and written by a clerk in 指标目录.xlsx."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from examples import HONGXING

from assembler.adoption.adopt import adopt
from assembler.model.catalog import Catalog, union, unit_disagreement
from assembler.model.errors import CatalogError
from assembler.model.settings import parse_settings
from assembler.reading.catalogs import load_catalog
from assembler.reading.templates import bundled_template_root
from assembler.writing.forms import make_form_workbook

ROOT = bundled_template_root()
SETTINGS = Path(__file__).resolve().parents[2] / "inputs" / "单位设置.ini"
STATED = re.compile(r"(亿元|万元|元|%)")
VALIDATION = {
    "count": "whole",
    "money": "decimal",
    "decimal": "decimal",
    "percent": "decimal",
    "text": "textLength",
}


def _agree(catalog: Catalog, settings_path: Path = SETTINGS) -> None:
    settings = parse_settings(settings_path)
    for spec in catalog.figures.values():
        assert unit_disagreement(spec.type, spec.unit, spec.phrasing, spec.label, spec.hint) == "", spec.key
        if spec.phrasing.prints_unit and spec.type != "money":
            assert spec.phrasing.prints_unit == spec.unit, spec.key
    for form in catalog.forms.values():
        wb = make_form_workbook(catalog, form, settings, 2024, settings.communities[0] if form.many else "")
        ws = wb.active
        rules = {}
        for dv in ws.data_validations.dataValidation:
            for ref in str(dv.sqref).split():
                rules[ref] = (dv.type, dv.prompt or "")
        for row in ws.iter_rows(min_row=7):
            spec = catalog.figures.get(row[0].value or "")
            if spec is None:
                continue
            unit, note = row[2].value or "", row[4].value or ""
            assert unit == spec.unit, spec.key  # the unit column is the figure's unit
            kind, prompt = rules[row[3].coordinate]
            assert kind == VALIDATION[spec.type], spec.key  # the cell takes what the figure is
            for text in (note, prompt, spec.label):
                for stated in STATED.findall(re.sub(r"\d+(万元|元)以上", "", text)):
                    assert stated == spec.unit or (stated == "元" and spec.unit == "万元" and "万元" in text), (
                        spec.key, text,
                    )  # fmt: skip


@pytest.mark.parametrize("name", sorted(p.name for p in ROOT.iterdir() if (p / "catalog.toml").is_file()))
def test_every_figure_of_every_shipped_template_has_one_unit(name: str):
    catalog = load_catalog(ROOT / name / "catalog.toml")
    if catalog.inherited or catalog.tables:  # an office makes it with its other reports
        catalog = union([load_catalog(ROOT / "法治政府建设年度报告" / "catalog.toml"), catalog])
    _agree(catalog)


def test_every_figure_of_an_adopted_template_has_one_unit(tmp_path: Path):
    report = HONGXING.replace("。学习", "，覆盖率99.5%。学习").replace("3次", "3次，投入资金5600元")
    (tmp_path / "r.txt").write_text(report, encoding="utf-8")
    made = adopt(report=tmp_path / "r.txt", workdir=tmp_path)
    catalog = load_catalog(made.template / "指标目录.xlsx")
    assert {(f.type, f.unit, str(f.phrasing)) for f in catalog.figures.values()} >= {
        ("money", "万元", "万元"), ("money", "元", "元"), ("percent", "%", "百分比1"), ("count", "人", "万余1"),
    }  # fmt: skip
    _agree(catalog, tmp_path / "inputs" / "单位设置.ini")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("单位", "%", "单位“%”只用于百分比指标，现为整数"),
        ("写法", "百分比", "写法“百分比”不适用于整数指标；请改用适合整数的写法"),
        ("单位", "万元", "单位“万元”是金额单位，指标类型应为金额（money）或小数（decimal），现为整数"),
        ("说明", "以万元为单位填写", "填报说明中写的单位是“万元”，与指标的单位“场”不一致；请改成一致"),
    ],
)
def test_a_clerks_unit_that_disagrees_is_refused_at_its_row(tmp_path: Path, column, value, message):
    (tmp_path / "r.txt").write_text(HONGXING, encoding="utf-8")
    made = adopt(report=tmp_path / "r.txt", workdir=tmp_path)
    path = made.template / "指标目录.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["指标"]
    header = [c.value for c in ws[1]]
    [row] = [r for r in ws.iter_rows(min_row=3) if r[0].value == "普法宣传活动"]
    row[header.index(column)].value = value
    wb.save(path)
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    [problem] = caught.value.problems
    assert (problem.sheet, problem.cell, problem.message) == ("指标", f"第{row[0].row}行", message)
