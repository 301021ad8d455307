"""Last year's inputs rebuilt from a published 政府信息公开工作年度报告's tables: read → rebuild the
filled 政务公开 form and both ledgers → `assembler build` of that year prints the published
tables again, cell for cell (the consistent ones where the print breaks A–D), every rebuilt
ledger row marked 【推算】 in the ledger and in the 溯源表."""

from __future__ import annotations

import copy
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from xxgkgrids import consistent, docx_tables, grids, settled

from assembler.adoption.xxgkinputs import application_rows, case_rows, form_values, write_adopted_inputs
from assembler.adoption.xxgktables import (
    ReadTables,
    bundled_catalog,
    read_fees,
    read_tables,
    rebuilt_values,
    table_three,
)
from assembler.commands.build import BuildResult, build
from assembler.model.catalog import Catalog, union
from assembler.model.errors import InputProblems, OutputError
from assembler.model.settings import SETTINGS_NAME, parse_settings
from assembler.reading.catalogs import load_catalog
from assembler.reading.templates import bundled_template_root

XXGK = "政府信息公开工作年度报告"
PARTY = "党政办公室-政务公开工作情况表.xlsx"
ENFORCEMENT = "综合执法大队-综合执法工作情况表.xlsx"
NOT_CHARGED = ["六、其他需要报告的事项", "2023年，本街道没有收取政府信息公开信息处理费。"]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(shipped_workdir: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    out = tmp_path_factory.mktemp("xxgk-source") / "信息公开.docx"
    return build(workdir=shipped_workdir, template=XXGK, output=out)


def workspace(root: Path, *, reports: str = XXGK) -> Path:
    """A working folder whose settings (the sample office's) list `reports`."""
    text = (ROOT / "inputs" / SETTINGS_NAME).read_text(encoding="utf-8")
    text = text.replace("模板 = 法治政府建设年度报告、政府信息公开工作年度报告", f"模板 = {reports}")
    (root / "inputs").mkdir(parents=True)
    (root / "inputs" / SETTINGS_NAME).write_text(text, encoding="utf-8")
    return root


def rebuild(
    root: Path,
    read: ReadTables,
    year: int,
    paragraphs: list[str],
    catalog: Catalog | None = None,
) -> list[Path]:
    settings = parse_settings(root / "inputs" / SETTINGS_NAME)
    return write_adopted_inputs(
        read,
        catalog=catalog or bundled_catalog(),
        settings=settings,
        year=year,
        out_dir=root / "inputs" / str(year),
        paragraphs=paragraphs,
    )


def build_year(root: Path, year: int) -> BuildResult:
    return build(workdir=root, input_dir=root / "inputs" / str(year), template=XXGK)


def audit(result: BuildResult) -> dict[str, list[Any]]:
    from python_calamine import CalamineWorkbook

    assert result.audit is not None
    rows = CalamineWorkbook.from_path(str(result.audit)).get_sheet_by_name("指标溯源").to_python()
    return {r[1]: r for r in rows[1:]}


def table_values(result: BuildResult) -> dict[str, Any]:
    """Every cell of tables 二, 三 and 四 as built (from the 溯源表)."""
    keys = [
        key for table in ("表二", "表三", "表四") for _, _, key in bundled_catalog().tables[table].cells()
    ]
    rows = audit(result)
    return {k: rows[k][3] for k in keys}


def errors(result: BuildResult) -> list[str]:
    return [str(p) for p in result.problems if p.severity.name == "ERROR"]


def test_our_sample_report_rebuilds_its_inputs_and_prints_its_tables_again(built, tmp_path: Path):
    paragraphs, tables = docx_tables(built.report)
    read = read_tables(tables, year=2024)
    root = workspace(tmp_path)
    written = rebuild(root, read, 2024, paragraphs)
    assert sorted(p.name for p in written) == [PARTY, ENFORCEMENT]
    result = build_year(root, 2024)
    assert errors(result) == [] and [str(p) for p in result.problems] == []
    again, rebuilt_tables = docx_tables(result.report)
    assert rebuilt_tables == tables  # labels, spans and every number
    for sentence in (
        "2024年，中山门街道共收到政府信息公开申请13件，上年结转1件；办结13件，其中予以公开5件；结转下年度继续办理1件。",
        "2024年，因政府信息公开工作被申请行政复议1件，被提起行政诉讼0件（未经复议直接起诉），复议后被提起行政诉讼0件。",
        "2024年，中山门街道没有收取政府信息公开信息处理费。",
    ):
        assert sentence in paragraphs and sentence in again
    rows = audit(result)
    source = rows["表三 › 自然人 › （一）予以公开"][8]
    assert source == (
        f"{PARTY} › 依申请公开台账 › 第2–3行（【推算】由2024年报告表三的计数还原，日期为推定；如有实际台账请改填）"
    )
    assert rows["表四 › 行政复议·结果维持"][8].endswith(
        "（【推算】由2024年报告表四的计数还原，如有实际案件请改填）"
    )
    assert rows["表二 › 本年制发件数 › 规章"][8] == f"{PARTY} › 填报表 › D7"  # read exactly: no note
    assert rows["申请件数确认"][3] == 13 and rows["信息处理费件数"][3] == 0


def test_the_rebuilt_ledger_rows_are_marked_and_dated_inside_their_cells(built, tmp_path: Path):
    paragraphs, tables = docx_tables(built.report)
    read = read_tables(tables, year=2024)
    rows = application_rows(read, year=2024)
    assert len(rows) == 14
    carried = rows[0]
    assert carried[:4] == [
        carried[0], "自然人", "予以公开", carried[3],
    ] and carried[0].year == 2023 and carried[3].year == 2024  # fmt: skip
    still = [r for r in rows if r[2] == "办理中"]
    assert len(still) == 1 and still[0][3] is None and still[0][0].year == 2024
    assert all(r[4] == "【推算】由2024年报告表三的计数还原，日期为推定；如有实际台账请改填" for r in rows)
    assert all(r[3] is None or r[0] <= r[3] for r in rows)
    assert case_rows(read, year=2024) == [
        ["行政复议", "结果维持", "【推算】由2024年报告表四的计数还原，如有实际案件请改填"]
    ]
    root = workspace(tmp_path)
    rebuild(root, read, 2024, paragraphs)
    wb = openpyxl.load_workbook(root / "inputs" / "2024" / PARTY)
    assert [c.value for c in wb["依申请公开台账"][2]][:5] == [
        wb["依申请公开台账"]["A2"].value, "自然人", "予以公开", wb["依申请公开台账"]["D2"].value,
        "【推算】由2024年报告表三的计数还原，日期为推定；如有实际台账请改填",
    ]  # fmt: skip
    form = wb["填报表"]
    filled = {form.cell(row=r, column=1).value: form.cell(row=r, column=4).value for r in range(7, 20)}
    assert filled["申请件数确认"] == 13 and filled["复议诉讼件数确认"] == 1
    assert filled["表二 › 本年收费金额（单位：万元） › 行政事业性收费"] == 0


def _variant(name: str) -> tuple[dict[str, Any], list[list[list[str]]], dict[str, Any]]:
    """(values printed, the tables as printed, the values the rebuilt tables must show)."""
    if name == "zero":
        values = consistent(zero=True)
        return values, grids(values), values
    if name == "large":
        values = consistent(21, scale=12)
        values["表三 › 自然人 › （一）予以公开"] = 1200
        values["表三 › 自然人 › 二、上年结转政府信息公开申请数量"] = 30
        values["表三 › 自然人 › 四、结转下年度继续办理"] = 25
        values = settled(values)
        tables = grids(values)
        for grid in tables:
            for row in grid:
                row[:] = [f"{int(t):,}" if t.isdigit() and int(t) >= 1000 else t for t in row]
        return values, tables, values
    values = consistent(sum(map(ord, name)))  # a seed of its own for each variant
    tables = grids(values)
    three = tables[1]
    rows = {row.key: 3 + i for i, row in enumerate(bundled_catalog().tables["表三"].rows)}
    if name == "misprints":
        three[rows["2.其他法律行政法规禁止公开"]][2] = "2.其他法律行政止公开"
        three[rows["3.其他"]][2] = "3、其它"
        three[2][5] = "科研 机构"
        three[rows["（一）予以公开"]][3] = "".join(
            chr(ord(d) + 0xFEE0) for d in str(values["表三 › 自然人 › （一）予以公开"])
        )
        three[rows["（七）总计"]][4] = f" {values['表三 › 商业企业 › （七）总计']} "
        tables[0][13][1:] = ["0.50"] * 3
        values["表二 › 本年收费金额（单位：万元） › 行政事业性收费"] = 0.5
        return values, tables, values
    if name == "group":
        members = table_three().groups["（六）其他处理"]
        three_spec = table_three()
        group_row = ["三、本年度办理结果", "（六）其他处理", "（六）其他处理"] + [
            str(sum(values[f"表三 › {c} › {m}"] for m in members)) for c in [*three_spec.applicants, "总计"]
        ]
        first = rows[members[0]]
        three[first : first + len(members)] = [group_row]
        shown = dict(values)
        for column in [*three_spec.applicants, "总计"]:
            shown[f"表三 › {column} › 3.其他"] = sum(values[f"表三 › {column} › {m}"] for m in members)
            for member in members[:-1]:
                shown[f"表三 › {column} › {member}"] = 0
        return values, tables, shown
    if name == "relation-a":
        three[rows["（七）总计"]][3] = str(values["表三 › 自然人 › （七）总计"] + 3)
        return values, tables, values
    if name == "relation-d":
        tables[2][3][4] = "0"
        return values, tables, values
    raise ValueError(name)


@pytest.mark.parametrize("name", ["zero", "large", "misprints", "group", "relation-a", "relation-d"])
def test_variants_of_published_tables_rebuild_to_the_tables_they_mean(name: str, tmp_path: Path):
    _, tables, shown = _variant(name)
    read = read_tables(tables, year=2023)
    assert read.ok
    assert rebuilt_values(read) == shown
    root = workspace(tmp_path)
    rebuild(root, read, 2023, NOT_CHARGED)
    result = build_year(root, 2023)
    assert errors(result) == []
    assert table_values(result) == shown
    if name == "large":
        applications = openpyxl.load_workbook(root / "inputs" / "2023" / PARTY, read_only=True)[
            "依申请公开台账"
        ]
        assert applications.max_row - 1 == shown["表三 › 总计 › 一、本年新收政府信息公开申请数量"] + 30 + sum(
            shown[f"表三 › {c} › 二、上年结转政府信息公开申请数量"] for c in table_three().applicants[1:]
        )
        assert shown["表三 › 自然人 › （一）予以公开"] == 1200
    if name == "misprints":  # the fee keeps the decimals it was printed with
        assert docx_tables(result.report)[1][0][13] == ["行政事业性收费", *["0.50"] * 3]
    if name == "group":
        note = audit(result)["表三 › 自然人 › 3.其他"][8]
        assert "【推算】2023年报告表三只印出“（六）其他处理”的合计，计入“3.其他”，请按实际分项改填" in note


def test_where_relation_a_fails_the_new_applications_are_kept_and_the_carry_over_rebuilt(tmp_path: Path):
    values = consistent(31)
    carried = "表三 › 自然人 › 二、上年结转政府信息公开申请数量"
    assert values[carried] >= 2
    tables = grids(values)
    tables[1][4][3] = str(values[carried] - 2)  # 二、上年结转 misprinted (its 总计 too)
    tables[1][4][9] = str(values["表三 › 总计 › 二、上年结转政府信息公开申请数量"] - 2)
    read = read_tables(tables, year=2023)
    assert rebuilt_values(read) == values
    assert form_values(read, year=2023)["申请件数确认"] == (
        values["表三 › 总计 › 一、本年新收政府信息公开申请数量"],
        "",
    )


def test_new_applications_beyond_what_was_handled_are_rebuilt_and_noted_on_the_form(tmp_path: Path):
    values = consistent(32)
    key = "表三 › 总计 › 一、本年新收政府信息公开申请数量"
    natural = "表三 › 自然人 › 一、本年新收政府信息公开申请数量"
    handled = values[natural] + values["表三 › 自然人 › 二、上年结转政府信息公开申请数量"]
    tables = grids(values)
    tables[1][3][3] = str(
        handled + 5
    )  # more received than 一 + 二 could be: 二 becomes 0, 一 what was handled
    tables[1][3][9] = str(values[key] - values[natural] + handled + 5)
    read = read_tables(tables, year=2023)
    rebuilt = rebuilt_values(read)
    assert (rebuilt[natural], rebuilt["表三 › 自然人 › 二、上年结转政府信息公开申请数量"]) == (handled, 0)
    printed, confirmed = values[key] - values[natural] + handled + 5, rebuilt[key]
    note = f"【推算】2023年报告表中为{printed}，按重建的台账为{confirmed}，请核对"
    assert form_values(read, year=2023)["申请件数确认"] == (confirmed, note)
    root = workspace(tmp_path)
    rebuild(root, read, 2023, NOT_CHARGED)
    result = build_year(root, 2023)
    assert errors(result) == [] and table_values(result) == rebuilt
    assert audit(result)["申请件数确认"][8].endswith(f"（{note}）")


def test_fees_the_report_does_not_state_are_left_for_the_clerk(tmp_path: Path):
    values = consistent(zero=True)
    read = read_tables(grids(values), year=2023)
    root = workspace(tmp_path)
    rebuild(root, read, 2023, ["六、其他需要报告的事项", "无。"])
    form = openpyxl.load_workbook(root / "inputs" / "2023" / PARTY)["填报表"]
    row = next(r for r in range(7, 30) if form.cell(row=r, column=1).value == "信息处理费件数")
    assert form.cell(row=row, column=4).value is None
    assert (
        form.cell(row=row, column=5).value
        == "2023年报告中没有找到收取信息处理费的情况，请按实际填写（没有收取填 0）"
    )
    with pytest.raises(InputProblems) as caught:
        build_year(root, 2023)
    assert [p.label for p in caught.value.problems if p.severity.name == "ERROR"] == [
        "收取信息处理费的申请件数（没有填 0）",
        "收取信息处理费金额合计（元，没有填 0）",
    ]


def test_a_fee_the_report_states_is_filled(tmp_path: Path):
    read = read_tables(grids(consistent(3)), year=2023)
    fees = read_fees(["六、其他需要报告的事项", "2023年，对2件政府信息公开申请收取信息处理费，共计150元。"])
    assert form_values(read, year=2023, fees=fees)["信息处理费金额"] == (150, "")
    fees = read_fees(["六、其他需要报告的事项", "对1件申请收取信息处理费，共计0.12万元。"])
    assert form_values(read, year=2023, fees=fees)["信息处理费金额"] == (1200, "")


def test_tables_that_cannot_be_read_write_nothing(tmp_path: Path):
    tables = grids(consistent(4))
    tables[1][5][4] = "1O"
    read = read_tables(tables, year=2023)
    root = workspace(tmp_path)
    with pytest.raises(InputProblems) as caught:
        rebuild(root, read, 2023, NOT_CHARGED)
    assert caught.value.message == "上年报告的统计表有1处无法读取，未生成表格"
    assert not (root / "inputs" / "2023").exists()


def test_existing_workbooks_are_never_overwritten(tmp_path: Path):
    read = read_tables(grids(consistent(5)), year=2023)
    root = workspace(tmp_path)
    folder = root / "inputs" / "2023"
    folder.mkdir()
    (folder / PARTY).write_bytes(b"filled by hand")
    with pytest.raises(OutputError) as caught:
        rebuild(root, read, 2023, NOT_CHARGED)
    assert caught.value.message == f"{folder} 中已有 {PARTY}，未作改动；请先移走这些表格"
    assert (folder / PARTY).read_bytes() == b"filled by hand"
    assert sorted(p.name for p in folder.iterdir()) == [PARTY]


def test_an_office_making_both_reports_gets_the_shared_workbooks(built, tmp_path: Path):
    paragraphs, tables = docx_tables(built.report)
    read = read_tables(tables, year=2024)
    root = workspace(tmp_path, reports=f"法治政府建设年度报告、{XXGK}")
    names = ("法治政府建设年度报告", XXGK)
    office = union([load_catalog(bundled_template_root() / n / "catalog.toml") for n in names])
    written = rebuild(root, read, 2024, paragraphs, catalog=office)
    assert sorted(p.name for p in written) == [
        "党政办公室-法治建设综合情况表、政务公开工作情况表.xlsx",
        ENFORCEMENT,
    ]
    result = build_year(root, 2024)  # the 信息公开 report alone: the 法治 figures are another adoption's
    assert errors(result) == []
    assert docx_tables(result.report)[1] == tables


def test_a_year_with_many_applications_is_rebuilt_quickly(tmp_path: Path):
    values = consistent(41, scale=4)
    values["表三 › 自然人 › （一）予以公开"] = 2500
    values["表三 › 商业企业 › 1.本机关不掌握相关政府信息"] = 400
    values = settled(values)
    read = read_tables(grids(values), year=2023)
    root = workspace(tmp_path)
    start = time.perf_counter()
    rebuild(root, read, 2023, NOT_CHARGED)
    written = time.perf_counter() - start
    start = time.perf_counter()
    result = build_year(root, 2023)
    built_in = time.perf_counter() - start
    assert errors(result) == [] and table_values(result) == values
    total = values["表三 › 总计 › 一、本年新收政府信息公开申请数量"]
    print(f"\n{total} applications: inputs written in {written:.2f} s, report built in {built_in:.2f} s")
    wb = openpyxl.load_workbook(root / "inputs" / "2023" / PARTY)
    for row in (2, total + 1):  # each rebuilt row open for editing, in its column's format
        cell = wb["依申请公开台账"].cell(row=row, column=5)
        assert cell.protection.locked is False and cell.fill.fgColor.rgb.endswith("FFF2CC")


def test_reading_and_rebuilding_leave_the_tables_given_as_they_were(tmp_path: Path):
    tables = grids(consistent(6))
    before = copy.deepcopy(tables)
    rebuild(workspace(tmp_path), read_tables(tables, year=2023), 2023, NOT_CHARGED)
    assert tables == before
