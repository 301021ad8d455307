"""Reading a published 政府信息公开工作年度报告's tables 二, 三 and 四 by their labels: our own
built report read back cell for cell, and the hand-made variants published copies have
(groups printed as one row, misprinted labels, full-width digits, stray spaces, blanks,
columns reordered or missing, relations A–D broken), each told in one Chinese line."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest
import xxgkgrids
from xxgkgrids import consistent, docx_tables, grids

from assembler.adoption.xxgktables import (
    GROUPS,
    HEADINGS,
    ReadTables,
    check_relations,
    headings_found,
    is_information_report,
    normalise,
    parse_printed,
    read_fees,
    read_tables,
    rebuilt_values,
    table_kind,
    table_three,
)
from assembler.commands.build import build

XXGK = "政府信息公开工作年度报告"
T3 = "上年报告表三（收到和处理政府信息公开申请情况）"
T4 = "上年报告表四（政府信息公开行政复议、行政诉讼情况）"
FIRST_DATA = 3  # table 三's data rows start under three header rows
ROW = {row.key: FIRST_DATA + i for i, row in enumerate(xxgkgrids.bundled_catalog().tables["表三"].rows)}
COLUMN = {c.key: 3 + i for i, c in enumerate(xxgkgrids.bundled_catalog().tables["表三"].columns)}


@pytest.fixture(scope="module")
def built(shipped_workdir: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("xxgk-read") / "信息公开.docx"
    return build(workdir=shipped_workdir, template=XXGK, output=out)


def audit_values(audit: Path) -> dict[str, object]:
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(audit)).get_sheet_by_name("指标溯源").to_python()
    return {r[1]: r[3] for r in rows[1:]}


def messages(read: ReadTables, severity: str | None = None) -> list[str]:
    return [p.message for p in read.problems if severity is None or p.severity.name == severity]


def test_our_built_report_is_recognised_and_read_cell_for_cell(built):
    paragraphs, tables = docx_tables(built.report)
    assert is_information_report(paragraphs, tables)
    assert headings_found(paragraphs) == list(HEADINGS)
    assert [table_kind(t) for t in tables] == ["表二", "表三", "表四"]
    read = read_tables(tables, year=2024)
    assert read.problems == [] and read.ok
    assert len(read.cells) == 10 + 175 + 15
    expected = audit_values(built.audit)
    assert {k: c.value for k, c in read.cells.items()} == {k: expected[k] for k in read.cells}
    cell = read.cells["表三 › 自然人 › （一）予以公开"]
    assert (cell.value, cell.table, cell.row, cell.column) == (2, "表三", 5, 3)
    assert (cell.row_label, cell.column_label, cell.text) == ("（一）予以公开", "自然人", "2")
    assert read.cells["行政处罚"].value == 54  # 表二's 行政处罚 is the 法治 report's figure
    assert check_relations(read) == []
    assert rebuilt_values(read) == {k: c.value for k, c in read.cells.items()}


def test_other_documents_are_not_information_reports(built):
    paragraphs, tables = docx_tables(built.report)
    assert not is_information_report(["中山门街道2024年法治政府建设年度报告", "一、主要举措和成效"], [])
    old = ["一、概述", "二、主动公开政府信息情况", "三、依申请公开政府信息情况", "四、基本工作情况"]
    assert not is_information_report(old, [])  # pre-2019 headings
    assert is_information_report(paragraphs[:12] + paragraphs[17:], tables)  # three headings and table 三
    assert not is_information_report(paragraphs[:12], tables[:1])


def test_headings_in_the_variants_published_copies_have():
    paragraphs = [
        "某某街道2023年度政府信息公开年报",
        "一、总体情况",
        "（一）主动公开",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议和行政诉讼情况",  # 和 for 、
        "五、存在的主要问题及改进措施",
        "六、其他需报告事项",
    ]
    assert headings_found(paragraphs) == list(HEADINGS)
    assert is_information_report(paragraphs, [])
    lead = ["一、总体情况。2023年，本街道…", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]
    assert headings_found(lead) == list(HEADINGS[:3])


def test_every_value_across_the_range_is_read_as_printed():
    for values in (consistent(zero=True), consistent(3, scale=60), consistent(5)):
        read = read_tables(grids(values), year=2023)
        assert read.problems == []
        assert {k: c.value for k, c in read.cells.items()} == values
        assert check_relations(read) == []


@pytest.mark.parametrize(
    ("printed", "value", "blank"),
    [
        ("0", 0, False), ("１２", 12, False), (" 3 ", 3, False), ("1,200", 1200, False), ("１，２００", 1200, False),
        ("12件", 12, False), ("", 0, True), ("&nbsp;", 0, True), ("\u00a0", 0, True), ("/", 0, True),
        ("—", 0, True), ("\n", 0, True),
    ],
)  # fmt: skip
def test_counts_as_printed(printed: str, value: int, blank: bool):
    assert parse_printed(printed) == (value, blank)


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("1.25", Decimal("1.25")),
        ("0.50", Decimal("0.50")),
        ("３", 3),
        ("12.5万元", Decimal("12.5")),
        ("0", 0),
    ],
)
def test_the_fee_in_wan_yuan_keeps_its_decimals(printed: str, value: Decimal):
    values = consistent(1)
    two = grids(values)
    two[0][13][1:] = [printed] * 3
    read = read_tables(two, year=2024)
    assert read.problems == []
    assert read.cells["表二 › 本年收费金额（单位：万元） › 行政事业性收费"].value == value


def test_misprinted_labels_full_width_digits_and_stray_spaces_are_read_by_their_labels():
    values = consistent(2)
    tables = grids(values)
    three = tables[1]
    three[ROW["2.其他法律行政法规禁止公开"]][2] = "2.其他法律行政止公开"
    partly = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    three[ROW[partly]][1:3] = ["(二)部分公开"] * 2
    three[ROW["3.其他"]][2] = "3、其它"
    three[ROW["1.属于国家秘密"]][2] = "１.属于 国家秘密"
    three[2][COLUMN["科研机构"]] = "科研\n机构"
    three[2][COLUMN["其他"]] = "其它"
    three[ROW["一、本年新收政府信息公开申请数量"]][COLUMN["自然人"]] = "".join(
        chr(ord(d) + 0xFEE0) for d in str(values["表三 › 自然人 › 一、本年新收政府信息公开申请数量"])
    )
    three[ROW["（七）总计"]][COLUMN["商业企业"]] = f" {values['表三 › 商业企业 › （七）总计']} "
    tables[0][2][0] = "规 章"
    tables[2][1][1] = "结果\n纠正"
    read = read_tables(tables, year=2024)
    assert {k: c.value for k, c in read.cells.items()} == values
    assert read.ok and check_relations(read) == []
    assert messages(read) == [
        f"{T3}“2.其他法律行政止公开”行与官方格式的“2.其他法律行政法规禁止公开”不完全相同，按“2.其他法律行政法规禁止公开”读入",
    ]  # (二)部分公开 without its explanation, 3、其它, １., spaces and line breaks are the same words
    assert read.cells["表三 › 科研机构 › 3.其他"].row_label == "3、其它"
    assert read.cells["表三 › 科研机构 › 3.其他"].column_label == "科研\n机构"


def test_two_printed_rows_never_take_one_label():
    values = consistent(4)
    tables = grids(values)
    three = tables[1]
    twin = copy.copy(three[ROW["2.重复申请"]])
    twin[COLUMN["自然人"]] = "1"
    three.insert(ROW["2.重复申请"] + 1, twin)  # the same label printed twice
    read = read_tables(tables, year=2024)
    assert read.cells["表三 › 自然人 › 2.重复申请"].row == ROW["2.重复申请"]  # the first, exact one
    assert messages(read, "ERROR") == [
        f"{T3}“2.重复申请”行不是官方格式中的任何一行，其中的数字无法归入；请核对原报告的行名后重新读入"
    ]
    assert not read.ok


def test_a_group_printed_as_one_row_is_its_total_and_said():
    values = consistent(6)
    tables = grids(values)
    three = tables[1]
    three_spec = table_three()
    members = three_spec.groups["（六）其他处理"]
    group_row = [
        "三、本年度办理结果", "（六）其他处理", "（六）其他处理",
        *(str(sum(values[f"表三 › {c} › {m}"] for m in members)) for c in [*three_spec.applicants, "总计"]),
    ]  # fmt: skip
    first = ROW[members[0]]
    three[first : first + len(members)] = [group_row]
    read = read_tables(tables, year=2024)
    assert read.ok
    assert messages(read) == [
        f"{T3}“（六）其他处理”行只印了合计，没有分项（{'、'.join(members)}）；"
        "重建时全部计入“3.其他”，请在依申请公开台账中按实际分项改正"
    ]
    assert not any(k.endswith(m) for k in read.cells for m in members)
    assert read.groups["（六）其他处理"]["自然人"].value == sum(
        values[f"表三 › 自然人 › {m}"] for m in members
    )
    assert check_relations(read) == []  # the group stands for its members in B
    rebuilt = rebuilt_values(read)
    for column in three_spec.applicants:
        assert rebuilt[f"表三 › {column} › 3.其他"] == read.groups["（六）其他处理"][column].value
        assert [rebuilt[f"表三 › {column} › {m}"] for m in members[:-1]] == [0, 0]
        assert rebuilt[f"表三 › {column} › （七）总计"] == values[f"表三 › {column} › （七）总计"]


@pytest.mark.parametrize(
    ("group", "target"),
    [
        ("（三）不予公开", "4.保护第三方合法权益"),
        ("（四）无法提供", "1.本机关不掌握相关政府信息"),
        ("（五）不予处理", "1.信访举报投诉类申请"),
    ],
)
def test_each_group_printed_as_one_row_goes_to_one_named_member(group: str, target: str):
    values = consistent(15)
    tables = grids(values)
    members = table_three().groups[group]
    first = ROW[members[0]]
    total = [str(sum(values[f"表三 › {c} › {m}"] for m in members)) for c in COLUMN]
    tables[1][first : first + len(members)] = [["三、本年度办理结果", group, group, *total]]
    read = read_tables(tables, year=2024)
    assert [m for m in messages(read, "WARNING")] == [
        f"{T3}“{group}”行只印了合计，没有分项（{'、'.join(members)}）；"
        f"重建时全部计入“{target}”，请在依申请公开台账中按实际分项改正"
    ]
    assert rebuilt_values(read)[f"表三 › 总计 › {target}"] == int(total[-1])
    assert check_relations(read) == []


def test_a_group_printed_with_its_subtotal_is_read_from_its_members():
    values = consistent(7)
    tables = grids(values)
    three = tables[1]
    members = table_three().groups["（三）不予公开"]
    subtotal = ["三、本年度办理结果", "（三）不予公开", "（三）不予公开", *["0"] * 7]
    three.insert(ROW[members[0]], subtotal)
    read = read_tables(tables, year=2024)
    assert {k: c.value for k, c in read.cells.items()} == values
    assert messages(read) == [f"{T3}“（三）不予公开”行是小计，已略过（分项已读入，重建的表格不印小计）"]


def test_columns_are_recognised_by_label_in_any_order():
    values = consistent(8)
    tables = grids(values)
    for row in tables[1]:
        row[3], row[7] = row[7], row[3]  # 自然人 and 法律服务机构 swapped, header and values
    read = read_tables(tables, year=2024)
    assert {k: c.value for k, c in read.cells.items()} == values
    assert messages(read) == [
        f"{T3}的列序为“法律服务机构”“商业企业”“科研机构”“社会公益组织”“自然人”“其他”“总计”，与官方格式不同，已按列名读取"
    ]


def test_a_table_three_with_columns_missing_is_a_clear_problem():
    tables = grids(consistent(9))
    tables[1] = [row[:4] + row[8:] for row in tables[1]]  # 商业企业 … 法律服务机构 left out
    read = read_tables(tables, year=2024)
    assert messages(read, "ERROR") == [
        f"{T3}缺少“商业企业”“科研机构”“社会公益组织”“法律服务机构”列；官方格式的列为"
        "“自然人”“商业企业”“科研机构”“社会公益组织”“法律服务机构”“其他”“总计”，请核对原报告后重新读入"
    ]
    assert not read.ok and not any(k.startswith("表三") for k in read.cells)


def test_totals_left_unprinted_are_computed_by_the_rebuilt_tables():
    values = consistent(14)
    tables = grids(values)
    tables[1] = [row[:-1] for row in tables[1]]  # no 总计 column ...
    del tables[1][ROW["（七）总计"]]  # ... nor （七）总计 row
    tables[2] = [[t for c, t in enumerate(row) if c not in (4, 9, 14)] for row in tables[2]]
    read = read_tables(tables, year=2024)
    assert read.ok and check_relations(read) == []
    assert messages(read) == [
        f"{T3}“总计”列没有印出；重建的表格按各类申请人之和印出，请核对",
        f"{T3}“（七）总计”行没有印出；重建的表格按各项之和印出，请核对",
        f"{T4}“行政复议·总计”“未经复议直接起诉·总计”“复议后起诉·总计”列没有印出；重建的表格按各项结果之和印出，请核对",
    ]
    assert rebuilt_values(read) == values


def test_a_header_with_unknown_labels_is_named():
    tables = grids(consistent(9))
    tables[1][2][COLUMN["科研机构"]] = "高等院校"
    read = read_tables(tables, year=2024)
    assert messages(read, "ERROR") == [
        f"{T3}缺少“科研机构”列；表头中的“高等院校”无法识别；官方格式的列为"
        "“自然人”“商业企业”“科研机构”“社会公益组织”“法律服务机构”“其他”“总计”，请核对原报告后重新读入"
    ]


def test_a_header_without_any_label_is_read_in_the_official_order():
    values = consistent(10)
    tables = grids(values)
    for r in range(3):
        tables[1][r][3:] = ["申请人情况"] * 7
    read = read_tables(tables, year=2024)
    assert {k: c.value for k, c in read.cells.items()} == values
    assert messages(read) == [
        f"{T3}的表头中没有“自然人”“商业企业”“科研机构”“社会公益组织”“法律服务机构”“其他”“总计”等列名，"
        "按官方格式的列序读取最后7列；请核对"
    ]


def test_a_missing_row_and_a_cell_that_is_not_a_number_are_named():
    values = consistent(11)
    tables = grids(values)
    del tables[1][ROW["4.无正当理由大量反复申请"]]
    tables[1][ROW["（一）予以公开"]][COLUMN["商业企业"]] = "1O"
    tables[0][3][2] = "若干"
    tables[2][3][14] = "二"
    read = read_tables(tables, year=2024)
    assert messages(read, "ERROR") == [
        "上年报告表二（主动公开政府信息情况）“行政规范性文件”行、“本年废止件数”列印的是“若干”，不是整数；"
        "请核对原报告，改正这一格后重新读入",
        f"{T3}“4.无正当理由大量反复申请”行没有找到；请核对原报告的表三是否完整，补上这一行后重新读入",
        f"{T3}“（一）予以公开”行、“商业企业”列印的是“1O”，不是整数；请核对原报告，改正这一格后重新读入",
        f"{T4}“行政诉讼·复议后起诉·总计”列印的是“二”，不是整数；请核对原报告，改正这一格后重新读入",
    ]


def test_blank_cells_are_zero_and_noted():
    values = consistent(zero=True)
    tables = grids(values)
    tables[1][ROW["（一）予以公开"]][COLUMN["自然人"]] = "&nbsp;"
    tables[1][ROW["（一）予以公开"]][COLUMN["其他"]] = ""
    tables[0][6][1:] = ["/"] * 3
    read = read_tables(tables, year=2024)
    assert {k: c.value for k, c in read.cells.items()} == values and read.ok
    assert messages(read, "NOTE") == [
        "上年报告表二（主动公开政府信息情况）“行政许可”行、“本年处理决定数量”列为“/”，按 0 读入；如原报告另有数字请核对",
        f"{T3}“（一）予以公开”行、“自然人”列为空白，按 0 读入；如原报告另有数字请核对",
        f"{T3}“（一）予以公开”行、“其他”列为空白，按 0 读入；如原报告另有数字请核对",
    ]
    assert read.cells["表三 › 自然人 › （一）予以公开"].blank


def test_a_table_printed_mostly_blank_is_told_in_one_line():
    values = consistent(zero=True)
    tables = grids(values)
    for row in tables[1][FIRST_DATA:]:
        row[3:9] = [""] * 6  # only the 总计 column printed, as in a 区统计局 report
    read = read_tables(tables, year=2023)
    assert messages(read, "NOTE") == [
        f"{T3}有150格空白或印有“/”等（如“一、本年新收政府信息公开申请数量”行“自然人”列、"
        "“一、本年新收政府信息公开申请数量”行“商业企业”列），均按 0 读入；如原报告另有数字请核对"
    ]


def test_a_total_breaking_relation_a_is_named_with_what_the_rebuilt_table_shows():
    values = consistent(12)
    tables = grids(values)
    key = "表三 › 自然人 › （七）总计"
    printed = values[key] - 1
    tables[1][ROW["（七）总计"]][COLUMN["自然人"]] = str(printed)
    read = read_tables(tables, year=2024)
    assert read.ok
    broken = check_relations(read)
    assert [(b.relation, b.scope) for b in broken] == [("A", "自然人"), ("B", "自然人"), ("C", "（七）总计")]
    a = broken[0]
    new, carried, still = (values[f"表三 › 自然人 › {r}"] for r in ("一、本年新收政府信息公开申请数量",
                           "二、上年结转政府信息公开申请数量", "四、结转下年度继续办理"))  # fmt: skip
    assert a.message == (
        f"{T3}“自然人”列不符合勾稽关系A（第一项加第二项之和，等于第三项加第四项之和）："
        f"“一、本年新收政府信息公开申请数量”{new} + “二、上年结转政府信息公开申请数量”{carried} = {new + carried}，"
        f"而“（七）总计”{printed} + “四、结转下年度继续办理”{still} = {printed + still}；"
        f"重建的表格中“（七）总计”为{values[key]}（原印{printed}），请核对"
    )
    assert a.left == (
        ("表三 › 自然人 › 一、本年新收政府信息公开申请数量", new),
        ("表三 › 自然人 › 二、上年结转政府信息公开申请数量", carried),
    )
    assert a.rebuilt == ((key, values[key]),)
    assert broken[2].message == (
        f"{T3}“（七）总计”行不符合勾稽关系C（总计等于各类申请人之和）："
        f"“总计”{values['表三 › 总计 › （七）总计']}，而“自然人”{printed} + “商业企业”"
        f"{values['表三 › 商业企业 › （七）总计']} + “科研机构”{values['表三 › 科研机构 › （七）总计']} + "
        f"“社会公益组织”{values['表三 › 社会公益组织 › （七）总计']} + “法律服务机构”"
        f"{values['表三 › 法律服务机构 › （七）总计']} + “其他”{values['表三 › 其他 › （七）总计']} = "
        f"{values['表三 › 总计 › （七）总计'] - 1}；重建的表格中“自然人”为{values[key]}（原印{printed}），请核对"
    )
    assert rebuilt_values(read) == values  # the rebuilt tables are the consistent ones
    assert [p.severity.name for p in (b.problem() for b in broken)] == ["WARNING"] * 3


def test_relation_a_broken_in_its_rows_keeps_the_new_applications_and_rebuilds_the_carry_over():
    values = consistent(13)
    tables = grids(values)
    carried = "表三 › 商业企业 › 二、上年结转政府信息公开申请数量"
    tables[1][ROW["二、上年结转政府信息公开申请数量"]][COLUMN["商业企业"]] = str(values[carried] + 2)
    tables[1][ROW["二、上年结转政府信息公开申请数量"]][COLUMN["总计"]] = str(
        values["表三 › 总计 › 二、上年结转政府信息公开申请数量"] + 2
    )
    read = read_tables(tables, year=2024)
    [a_column, a_total] = check_relations(read)
    assert (a_column.relation, a_column.scope, a_total.scope) == ("A", "商业企业", "总计")
    assert a_column.message.endswith(
        f"重建的表格中“二、上年结转政府信息公开申请数量”为{values[carried]}（原印{values[carried] + 2}），请核对"
    )
    assert rebuilt_values(read) == values


def test_relation_d_broken_as_in_a_published_county_report():
    """A 2023 county report prints 总计 0 for 行政复议 while its parts add up to 11."""
    values = consistent(zero=True)
    for result, n in (("结果维持", 6), ("结果纠正", 2), ("其他结果", 1), ("尚未审结", 2)):
        values[f"表四 › 行政复议·{result}"] = n
    tables = grids(values)
    read = read_tables(tables, year=2023)
    [d] = check_relations(read)
    assert d.message == (
        f"{T4}“行政复议”列不符合勾稽关系D（总计等于结果维持、结果纠正、其他结果、尚未审结之和）："
        "“总计”0，而“结果维持”6 + “结果纠正”2 + “其他结果”1 + “尚未审结”2 = 11；"
        "重建的表格中“总计”为11（原印0），请核对"
    )
    assert rebuilt_values(read)["表四 › 行政复议·总计"] == 11


def test_relation_b_broken_as_in_a_published_township_report():
    """A 2022 township report has a result row of 5 whose （七）总计 reads 0."""
    values = consistent(zero=True)
    tables = grids(values)
    for column in ("自然人", "总计"):
        tables[1][ROW["（一）予以公开"]][COLUMN[column]] = "5"
        tables[1][ROW["一、本年新收政府信息公开申请数量"]][COLUMN[column]] = "5"
    read = read_tables(tables, year=2022)
    assert [(b.relation, b.scope) for b in check_relations(read)] == [
        ("A", "自然人"), ("A", "总计"), ("B", "自然人"), ("B", "总计"),
    ]  # fmt: skip
    assert check_relations(read)[2].message == (
        f"{T3}“自然人”列不符合勾稽关系B（（七）总计等于各项办理结果之和）：“（七）总计”0，而“（一）予以公开”5"
        "（其余各项为0） = 5；重建的表格中“（七）总计”为5（原印0），请核对"
    )


def test_a_missing_table_and_the_2019_format_are_told():
    values = consistent(1)
    tables = grids(values)
    read = read_tables(tables[1:], year=2024)
    assert messages(read, "ERROR") == [
        "上年报告中没有找到表二（主动公开政府信息情况）；请确认读入的是含统计表的完整报告"
        "（网页请保存为“网页，全部”或“单个文件”，Word 文档请勿把表格粘贴为图片）"
    ]
    old = [["第二十条第（一）项"] * 4, ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]]
    read = read_tables([old, *tables[1:]], year=2020)
    assert messages(read, "ERROR") == [
        "上年报告表二（主动公开政府信息情况）是2019年试行格式（本年新制作数量、上一年项目数量等），与现行格式"
        "（国办公开办函〔2021〕30号）不同，无法读入；请改用2021年以后的报告"
    ]


def test_other_tables_in_the_report_are_left_alone():
    values = consistent(1)
    tables = [[["序号", "事项"], ["1", "机构职能"]], *grids(values)]
    read = read_tables(tables, year=2024)
    assert read.problems == [] and read.tables == {"表二": 1, "表三": 2, "表四": 3}


@pytest.mark.parametrize(
    ("text", "count", "amount"),
    [
        ("2024年，中山门街道没有收取政府信息公开信息处理费。", 0, 0),
        ("本年度未收取任何信息处理费。", 0, 0),
        ("2024年，中山门街道依据《政府信息公开信息处理费管理办法》，对2件政府信息公开申请收取信息处理费，共计150元。", 2, 150),
        ("对１件申请收取信息处理费，共计0.12万元。", 1, 1200),
        ("无其他需要报告的事项。", None, None),
    ],
)  # fmt: skip
def test_the_fees_part_six_states(text: str, count, amount):
    fees = read_fees(["一、总体情况", "信息处理费另行说明。", "六、其他需要报告的事项", text])
    assert (fees.count, fees.amount) == (count, amount) if fees else count is None


def test_labels_normalise_to_the_same_words():
    assert normalise("（二）部分 公开") == normalise("(二)部分公开")
    assert normalise("3、其它") == "3.其他"
    assert normalise("３.危及“三安全一稳定”") == '3.危及"三安全一稳定"'
    assert len(GROUPS) == len(table_three().groups)
