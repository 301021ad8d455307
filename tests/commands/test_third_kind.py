"""A third report kind, made by following the README's recipe alone ("Adding a report kind"):
no code in `assembler/`, only an office's own `templates/<名称>/` (catalog.toml and template.txt),
`python -m assembler.writing.templatebuild`, `assembler lint`, sample inputs and the settings.

安全生产工作年度报告 has a new form for a department that already sends a workbook (党政办公室, whose
workbook then holds three forms), a new ledger with columns, choices and row rules, a table counted
from it, a relation between a form cell and the table, a narrative part, and a figure imported
from 法治政府建设年度报告 (作出行政处罚, entered once by 综合执法大队, printed by all three reports).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import samples
from click.testing import CliRunner
from conftest import report_text

from assembler.cli import main
from assembler.writing import templatebuild

KIND = "安全生产工作年度报告"
SHIPPED = ("法治政府建设年度报告", "政府信息公开工作年度报告")
OFFICE = "中山门街道"
DEPARTMENT = "党政办公室"

CATALOG = """\
# 指标目录：《安全生产工作年度报告》。
[report]
name = "安全生产工作年度报告"
title = "{街道}{年度}年安全生产工作年度报告"

# 综合执法大队为《法治政府建设年度报告》填报的“作出行政处罚”：同一个数字，只填一次。
[imports."法治政府建设年度报告"]
figures = ["行政处罚"]

# 党政办公室已交一个工作簿：本表是其中又一个工作表。
[forms."安全生产"]
title = "安全生产工作情况表"
department = "党政办公室"

[ledgers."安全检查台账"]
form = "安全生产"
hint = "每开展一次安全检查填一行"
rules = [
  { column = "整改日期", rule = "不早于", other = "检查日期", message = "整改日期早于检查日期" },
  { column = "整改日期", rule = "必填", when = { "整改情况" = "已整改" }, message = "已整改的隐患请填写整改日期" },
]
columns = [
  { name = "检查日期", type = "date", hint = "检查的日期，如 2024-03-15" },
  { name = "社区", type = "choice", choices = "社区", hint = "检查所在的社区" },
  { name = "场所类型", type = "choice", choices = ["商户", "企业", "居民楼院"] },
  { name = "整改情况", type = "choice", choices = ["无隐患", "已整改", "整改中"] },
  { name = "整改日期", type = "date", required = false, hint = "整改完成的日期；没有整改完的不填" },
]

[tables."表一"]
ledger = "安全检查台账"
rows = [
  { key = "商户", where = { "场所类型" = "商户" } },
  { key = "企业", where = { "场所类型" = "企业" } },
  { key = "居民楼院", where = { "场所类型" = "居民楼院" } },
  { key = "合计", sum = ["商户", "企业", "居民楼院"] },
]
columns = [
  { key = "无隐患", where = { "整改情况" = "无隐患" } },
  { key = "已整改", where = { "整改情况" = "已整改" } },
  { key = "整改中", where = { "整改情况" = "整改中" } },
  { key = "检查次数", sum = ["无隐患", "已整改", "整改中"] },
]

[[figures]]
key = "安全培训场次"
label = "开展安全生产培训场次"
form = "安全生产"
unit = "场"
phrase = "精确"

[[figures]]
key = "检查次数确认"
label = "全年安全检查次数（与安全检查台账核对）"
form = "安全生产"
unit = "次"

[names]
"安全检查次数" = "表一 › 检查次数 › 合计"
"已整改隐患" = "表一 › 已整改 › 合计"

[narrative]
parts = [{ key = "主要做法", title = "安全生产·主要做法" }]

[[checks]]
name = "检查次数核对"
severity = "error"
rule = '检查次数确认 = 表一["合计"]["检查次数"]'
message = "安全生产工作情况表填写的检查次数，应与安全检查台账的行数一致"

[local]
"河东区" = ["河东区"]
"""

TEMPLATE = """\
// 《安全生产工作年度报告》的正文。修改后运行：python -m assembler.writing.templatebuild templates/安全生产工作年度报告
[标题] {{ 街道 }}{{ 年度 }}年安全生产工作年度报告
{{ 年度 }}年，{{ 街道 }}在河东区委、区政府的领导下，扎实做好安全生产工作。
[一级] 一、主要数据
全年开展安全检查{{ 安全检查次数 }}次，发现的隐患已整改{{ 已整改隐患 }}处；开展安全生产培训{{ 安全培训场次 }}场；综合执法部门作出行政处罚{{ 行政处罚 }}起。
[表格 表一]
| 场所类型 | 无隐患 | 已整改 | 整改中 | 检查次数 |
| 商户 | * |
| 企业 | * |
| 居民楼院 | * |
| 合计 | * |
[/表格]
[一级] 二、主要做法
{%p for 段 in 部分.主要做法.段落 %}
{{ 段 }}
{%p endfor %}
[署名] {{ 署名 }}
[日期] {{ 成文日期 }}
"""

# The sample office's values for the new form, ledger and part (data, as for the shipped reports).
VALUES = {"安全培训场次": 12, "检查次数确认": 5}
COLUMNS = ("检查日期", "社区", "场所类型", "整改情况", "整改日期")
LEDGER = [
    [dt.date(2024, 3, 4), "新东社区", "商户", "已整改", dt.date(2024, 3, 12)],
    [dt.date(2024, 4, 9), "新东社区", "企业", "无隐患", None],
    [dt.date(2024, 5, 20), "龙潭路社区", "居民楼院", "已整改", dt.date(2024, 5, 23)],
    [dt.date(2024, 6, 17), "龙潭路社区", "商户", "整改中", None],
    [dt.date(2024, 9, 2), "东兴里社区", "商户", "无隐患", None],
]
TEXT = [["安全生产·主要做法", "", "落实安全生产责任制，每季度组织辖区商户、企业开展隐患排查。"]]


def settings_text(reports: tuple[str, ...]) -> str:
    """The sample office's settings, making `reports`."""
    text = samples.SETTINGS.read_text(encoding="utf-8")
    return re.sub(r"(?m)^模板 = .*$", "模板 = " + "、".join(reports), text)


def write_office_inputs(root: Path) -> Path:
    """The office's 2024 inputs for its three reports, as the sample's are written: the sample
    data, and the third kind's own values, ledger rows and text (the generator fills the forms
    the three catalogs make; 党政办公室's workbook then holds three forms)."""
    data = copy.deepcopy(samples.DATA)
    data["2024"]["文字材料"].extend(
        {"部门": DEPARTMENT, "所属部分": part, "小标题": heading, "内容": text}
        for part, heading, text in TEXT
    )
    return samples.write_inputs(
        root,
        year=2024,
        settings_text=settings_text((*SHIPPED, KIND)),
        values=VALUES,
        rows={"安全检查台账": [dict(zip(COLUMNS, row, strict=True)) for row in LEDGER]},
        data=data,
    )


def _run(workdir: Path, *args: str):
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(workdir)
        return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An office whose own templates/ folder holds the third kind, its inputs, and its three reports."""
    root = tmp_path_factory.mktemp("third-kind")
    folder = root / "templates" / KIND
    folder.mkdir(parents=True)
    (folder / "catalog.toml").write_text(CATALOG, encoding="utf-8")
    (folder / "template.txt").write_text(TEMPLATE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:  # python -m assembler.writing.templatebuild templates/<名称>
        mp.chdir(root)
        assert templatebuild.main([f"templates/{KIND}"]) == 0
    write_office_inputs(root)
    yield root


@pytest.fixture(scope="module")
def built(office: Path) -> Path:
    result = _run(office, "build")
    assert result.exit_code == 0, result.output
    assert f"生成 {len(SHIPPED) + 1} 份报告" in result.stdout
    return office / "output"


def test_the_template_is_built_and_lints_clean(office: Path):
    assert (office / "templates" / KIND / "template.docx").is_file()
    result = _run(office, "lint", f"templates/{KIND}")
    assert result.exit_code == 0, result.output
    assert result.output == "检查完成：没有发现问题。\n"


def test_the_office_builds_its_three_reports(built: Path):
    fazhi = report_text(built / f"{OFFICE}2024年法治政府建设年度报告.docx")
    assert "作出行政处罚54起，共计罚款5600元" in fazhi
    xxgk = report_text(built / f"{OFFICE}2024年政府信息公开工作年度报告.docx")
    assert "共收到政府信息公开申请13件，上年结转1件；办结13件，其中予以公开5件" in xxgk
    third = report_text(built / f"{OFFICE}2024年{KIND}.docx").splitlines()
    assert third[0] == f"{OFFICE}2024年{KIND}"
    assert (
        "全年开展安全检查5次，发现的隐患已整改2处；开展安全生产培训12场；综合执法部门作出行政处罚54起。"
        in third
    )
    assert third[third.index("二、主要做法") + 1] == TEXT[0][2]
    assert third[-2:] == ["中山门街道办事处", "2025年1月20日"]


def test_the_table_counts_the_new_ledger(built: Path):
    from docx import Document

    [table] = Document(str(built / f"{OFFICE}2024年{KIND}.docx")).tables
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["场所类型", "无隐患", "已整改", "整改中", "检查次数"],
        ["商户", "1", "1", "1", "3"],
        ["企业", "1", "0", "0", "1"],
        ["居民楼院", "0", "1", "0", "1"],
        ["合计", "2", "2", "1", "5"],
    ]


def test_the_imported_figure_is_one_cell_of_one_workbook(built: Path):
    wb = openpyxl.load_workbook(built / f"{OFFICE}2024年{KIND}溯源表.xlsx", read_only=True)
    rows = {row[1]: row for row in wb["指标溯源"].iter_rows(min_row=2, values_only=True)}
    assert rows["行政处罚"][3] == 54
    assert rows["行政处罚"][8] == "综合执法大队-综合执法工作情况表.xlsx › 填报表 › D13"
    assert rows["安全培训场次"][6] == DEPARTMENT


def test_check_of_the_third_kind_alone_is_quiet_about_the_other_reports_rows(office: Path):
    """The department's other forms, ledgers and 文字材料 rows, and the shared form's other rows,
    belong to the office's other reports: recognised and left alone."""
    result = _run(office, "check", "--template", KIND)
    assert result.exit_code == 0, result.output
    assert result.output == "检查完成：没有发现问题。\n"
    assert "未识别" not in result.output


def _edited(office: Path, tmp_path: Path, edit) -> list[str]:
    """The errors `check --template <third>` tells of the office's inputs once `edit`ed."""
    shutil.copytree(office / "templates", tmp_path / "templates")
    shutil.copytree(office / "inputs", tmp_path / "inputs")
    [path] = (tmp_path / "inputs" / "2024").glob(f"{DEPARTMENT}-*.xlsx")
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    result = _run(tmp_path, "check", "--template", KIND)
    assert result.exit_code == 1
    return [line.removeprefix("  错误  ") for line in result.output.splitlines() if line.startswith("  错误")]


def test_the_ledgers_row_rules_hold(office: Path, tmp_path: Path):
    def edit(wb):
        wb["安全检查台账"]["E2"] = dt.date(2024, 3, 1)  # put right before it was found
        wb["安全检查台账"]["E4"] = None  # put right, no date

    where = f"{DEPARTMENT}-法治建设综合情况表、政务公开工作情况表、安全生产工作情况表.xlsx › 安全检查台账"
    assert _edited(office, tmp_path, edit) == [
        f"{where} › E2  安全检查台账·整改日期：整改日期早于检查日期（整改日期 2024-03-01，检查日期 2024-03-04）",
        f"{where} › E4  安全检查台账·整改日期：已整改的隐患请填写整改日期",
    ]


def test_the_relation_between_the_form_and_the_ledger_holds(office: Path, tmp_path: Path):
    [told] = _edited(office, tmp_path, lambda wb: samples.fill_figures(wb, {"检查次数确认": 6}))
    assert "安全生产工作情况表填写的检查次数，应与安全检查台账的行数一致" in told


def test_the_departments_blank_workbook_holds_all_its_forms(office: Path, tmp_path: Path):
    shutil.copytree(office / "templates", tmp_path / "templates")
    shutil.copytree(office / "inputs", tmp_path / "inputs")
    result = _run(tmp_path, "forms", "--year", "2025")
    assert result.exit_code == 0, result.output
    blank = tmp_path / "空白表格" / "2025"
    [path] = blank.glob(f"{DEPARTMENT}-*.xlsx")
    assert path.name == f"{DEPARTMENT}-法治建设综合情况表、政务公开工作情况表、安全生产工作情况表.xlsx"
    wb = openpyxl.load_workbook(path)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == [
        "法治建设综合情况表",
        "政务公开工作情况表",
        "安全生产工作情况表",
        "依申请公开台账",
        "行政复议行政诉讼台账",
        "安全检查台账",
        "文字材料",
    ]
    assert wb["安全生产工作情况表"]["B3"].value == "安全生产"  # 表单编号
    # No other department's workbook has the new form.
    assert not [p for p in blank.rglob("*.xlsx") if p != path and "安全生产" in p.name]
