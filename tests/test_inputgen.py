"""The input generator (`inputgen.py`): complete, valid, plausible inputs for any catalog — a
report kind it has never seen included — the same every time, and regenerated atomically."""

from __future__ import annotations

import shutil
from pathlib import Path

import inputgen
import pytest
import samples

from assembler.commands.build import build, check_inputs
from assembler.model.settings import SETTINGS_NAME
from assembler.writing.templatebuild import build_docx

NEW = "安全生产工作年度报告"
# A report kind of its own: a new department's form, a community form, a ledger with row rules
# and a date that may lie outside the year, a table counting it, a figure taken from another
# report, checks of every kind (an equality with a ledger count, a sum, `when`, 上年), parts.
CATALOG = """
[report]
name = "安全生产工作年度报告"
title = "{街道}{年度}年安全生产工作年度报告"

[imports."法治政府建设年度报告"]
figures = ["行政处罚"]

[forms."应急"]
title = "安全生产工作情况表"
department = "应急管理办公室"

[forms."楼栋"]
title = "楼栋安全检查表"
department = "各社区"
many = true

[ledgers."隐患排查台账"]
form = "应急"
rules = [
  { column = "整改日期", rule = "不早于", other = "发现日期", message = "整改日期早于发现日期" },
  { column = "整改日期", rule = "不早于本年", message = "整改于本年以前的隐患不属于本年度" },
  { column = "发现日期", rule = "不晚于本年", message = "发现于本年以后的隐患不属于本年度" },
  { column = "整改日期", rule = "必填", when = { "整改情况" = "整改中" }, negate = true, message = "已整改的请填写整改日期" },
  { column = "整改日期", rule = "不填", when = { "整改情况" = "整改中" }, message = "整改中的不填整改日期" },
]
columns = [
  { name = "发现日期", type = "date", any_year = true },
  { name = "社区", type = "choice", choices = "社区" },
  { name = "隐患类别", type = "choice", choices = ["消防", "燃气", "用电", "其他"] },
  { name = "整改情况", type = "choice", choices = ["已整改", "整改中", "移交处理"] },
  { name = "整改日期", type = "date", required = false, any_year = true },
  { name = "罚没金额", type = "money", required = false },
  { name = "说明", type = "text", required = false, hint = "如：楼道堆物" },
]

[tables."隐患表"]
ledger = "隐患排查台账"
columns = [
  { key = "消防", where = { "隐患类别" = "消防" } },
  { key = "燃气", where = { "隐患类别" = "燃气" } },
  { key = "其他类", where = { "隐患类别" = ["用电", "其他"] } },
  { key = "合计", sum = ["消防", "燃气", "其他类"] },
]
rows = [
  { key = "本年发现", where = { "发现日期" = "本年" } },
  { key = "上年结转", where = { "发现日期" = "本年以前" } },
  { key = "本年整改", where = { "整改情况" = ["已整改", "移交处理"], "整改日期" = "本年" } },
  { key = "结转下年", where = { "整改日期" = ["空白", "本年以后"] } },
]

[[figures]]
key = "检查次数"
label = "开展安全检查次数"
form = "应急"
unit = "次"
phrase = "余10"

[[figures]]
key = "隐患件数确认"
label = "本年发现隐患件数（与台账核对）"
form = "应急"
unit = "件"

[[figures]]
key = "消防演练"
label = "组织消防演练场次"
form = "应急"
unit = "场"

[[figures]]
key = "社区演练"
label = "其中：在社区组织的消防演练场次"
form = "应急"
unit = "场"

[[figures]]
key = "罚没合计"
label = "罚没金额合计"
ledger = "隐患排查台账"
combine = "sum"
column = "罚没金额"
type = "money"
unit = "元"
phrase = "元"

[[figures]]
key = "燃气隐患"
label = "燃气隐患件数"
ledger = "隐患排查台账"
where = { "隐患类别" = "燃气" }
unit = "件"

[[figures]]
key = "楼栋检查数"
label = "检查楼栋数"
form = "楼栋"
unit = "栋"

[[checks]]
name = "隐患件数核对"
severity = "error"
rule = '隐患件数确认 = 隐患表["本年发现"]["合计"]'
message = "填写的隐患件数应与台账一致"

[[checks]]
name = "勾稽"
severity = "error"
rule = '隐患表["本年发现"][*] + 隐患表["上年结转"][*] = 隐患表["本年整改"][*] + 隐患表["结转下年"][*]'
message = "发现与结转之和应等于整改与结转下年之和"

[[checks]]
name = "社区演练"
severity = "error"
rule = "社区演练 < 消防演练"
when = "消防演练 > 0"
message = "社区演练应少于演练总数"

[[checks]]
name = "上年结转"
severity = "warning"
rule = '隐患表["上年结转"][*] = 上年(隐患表["结转下年"][*])'
message = "上年结转应等于上年的结转下年"

[narrative]
parts = [
  { key = "成效", title = "{年度}年安全生产工作成效" },
  { key = "打算", title = "下一步工作打算" },
]
"""
TEMPLATE = """
[标题] {{ 街道 }}{{ 年度 }}年安全生产工作年度报告
{{ 年度 }}年开展安全检查{{ 检查次数 }}次，组织消防演练{{ 消防演练 }}场（社区{{ 社区演练 }}场），检查楼栋{{ 楼栋检查数 }}栋，发现燃气隐患{{ 燃气隐患 }}件，罚没{{ 罚没合计 }}，作出行政处罚{{ 行政处罚 }}起。
[一级] 一、工作成效
{%p for 段 in 部分.成效.段落 %}
{{ 段 }}
{%p endfor %}
[表格 隐患表]
| 项目 | 消防 | 燃气 | 其他类 | 合计 |
| 本年发现 | * |
| 上年结转 | * |
| 本年整改 | * |
| 结转下年 | * |
[/表格]
[一级] 二、下一步工作打算
{%p for 段 in 部分.打算.段落 %}
{{ 段 }}
{%p endfor %}
[署名] {{ 署名 }}
[日期] {{ 成文日期 }}
"""


def _office(root: Path) -> str:
    """`root` with the new report kind in its templates/ and settings listing it too."""
    folder = root / "templates" / NEW
    folder.mkdir(parents=True)
    (folder / "catalog.toml").write_text(CATALOG, encoding="utf-8")
    (folder / "template.txt").write_text(TEMPLATE, encoding="utf-8")
    build_docx(folder / "template.txt", folder / "template.docx")
    text = samples.SETTINGS.read_text(encoding="utf-8")
    return text.replace(
        "模板 = 法治政府建设年度报告、政府信息公开工作年度报告",
        f"模板 = 法治政府建设年度报告、政府信息公开工作年度报告、{NEW}",
    )


@pytest.mark.parametrize("data", [samples.DATA, None], ids=["with-sample-data", "all-generated"])
def test_a_new_report_kind_gets_complete_valid_inputs(tmp_path: Path, data):
    settings = _office(tmp_path)
    for year in (2023, 2024):
        inputgen.write_inputs(tmp_path, year=year, settings_text=settings, data=data)
    for year in (2023, 2024):  # 2024 with 2023 beside it: 上年 checks and year-on-year swings too
        problems = check_inputs(input_dir=tmp_path / "inputs" / str(year), workdir=tmp_path)
        told = [str(p) for p in problems if "作出行政处罚的起数应等于" not in p.message]  # the sample's own
        assert told == []
    plan = inputgen.plan_inputs(tmp_path, year=2024, data=data)
    rows = plan.ledgers["隐患排查台账"]
    # Every condition of the table counts some rows, last year's open ones carried in finished.
    for condition in (
        {"发现日期": "本年"},
        {"发现日期": "本年以前"},
        {"整改情况": "移交处理"},
        {"整改日期": None},
    ):
        [(column, value)] = condition.items()
        hits = [
            r
            for r in rows
            if (r[column] is None if value is None else value in (r[column], _date_class(r[column])))
        ]
        assert hits, condition
    assert all(r["发现日期"].year in (2023, 2024) for r in rows)
    assert all(r["整改日期"] is None or r["整改日期"] >= r["发现日期"] for r in rows)
    assert plan.cells["隐患件数确认"] == sum(1 for r in rows if r["发现日期"].year == 2024)
    assert plan.cells["社区演练"] < plan.cells["消防演练"]
    assert {t for t, _, _ in plan.narrative["应急管理办公室"]} == {"2024年安全生产工作成效", "下一步工作打算"}
    assert len(list((tmp_path / "inputs" / "2024" / "楼栋安全检查表").glob("*.xlsx"))) == 15
    built = build(workdir=tmp_path, template=NEW)
    assert built.problems == ()


def _date_class(value) -> str:
    return (
        "本年"
        if getattr(value, "year", None) == 2024
        else "本年以前"
        if getattr(value, "year", 0) < 2024
        else ""
    )


def test_the_same_arguments_give_the_same_inputs(tmp_path: Path):
    first = inputgen.plan_inputs(samples.ROOT, year=2024, data=None)
    again = inputgen.plan_inputs(samples.ROOT, year=2024, data=None)
    assert (first.cells, first.community_cells, first.ledgers, first.narrative) == (
        again.cells, again.community_cells, again.ledgers, again.narrative,
    )  # fmt: skip
    # A caller's values are written as given, the rest settled around them.
    mine = inputgen.plan_inputs(samples.ROOT, year=2024, data=None, values={"行政处罚": 7, "出动车辆": None})
    assert (mine.cells["行政处罚"], mine.cells["出动车辆"]) == (7, None)
    assert mine.cells["简易程序处罚"] + mine.cells["一般程序处罚"] == 7


def test_a_ledger_of_a_given_size(tmp_path: Path):
    plan = inputgen.plan_inputs(
        samples.ROOT, year=2024, data=None, rows={"依申请公开台账": 40, "普法活动台账": 3}
    )
    assert (len(plan.ledgers["依申请公开台账"]), len(plan.ledgers["普法活动台账"])) == (40, 3)


def _copy_of_inputs(tmp_path: Path) -> Path:
    root = tmp_path / "office"
    (root / "inputs").mkdir(parents=True)
    shutil.copyfile(samples.SETTINGS, root / "inputs" / SETTINGS_NAME)
    for year in samples.YEARS:
        (root / "inputs" / str(year)).mkdir()
        (root / "inputs" / str(year) / "old.txt").write_text("old", encoding="utf-8")
    return root


def test_regenerating_swaps_complete_folders_in(tmp_path: Path):
    root = _copy_of_inputs(tmp_path)
    inputgen.regenerate(root, samples.YEARS, data=samples.DATA)
    for year in samples.YEARS:
        folder = root / "inputs" / str(year)
        assert not (folder / "old.txt").exists() and len(list(folder.rglob("*.xlsx"))) == 22
    assert sorted(p.name for p in (root / "inputs").iterdir()) == ["2023", "2024", SETTINGS_NAME]


def test_a_failed_regeneration_leaves_the_old_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = _copy_of_inputs(tmp_path)
    written = []

    def write_then_fail(plan, folder):
        written.append(folder)
        if len(written) == 2:
            raise OSError("disk full")
        return real(plan, folder)

    real = inputgen.write_plan
    monkeypatch.setattr(inputgen, "write_plan", write_then_fail)
    with pytest.raises(OSError, match="disk full"):
        inputgen.regenerate(root, samples.YEARS, data=samples.DATA)
    for year in samples.YEARS:
        assert [p.name for p in (root / "inputs" / str(year)).iterdir()] == ["old.txt"]
    assert sorted(p.name for p in (root / "inputs").iterdir()) == ["2023", "2024", SETTINGS_NAME]


def test_a_regeneration_cut_short_is_undone_by_the_next(tmp_path: Path):
    root = _copy_of_inputs(tmp_path)
    (root / "inputs" / "2024").rename(root / "inputs" / ".previous-2024")  # killed between the renames
    (root / "inputs" / ".regenerate-x").mkdir()
    inputgen.regenerate(root, (2023,), data=samples.DATA)
    assert (root / "inputs" / "2024" / "old.txt").exists()
    assert sorted(p.name for p in (root / "inputs").iterdir()) == ["2023", "2024", SETTINGS_NAME]
