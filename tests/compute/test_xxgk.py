"""The 政府信息公开工作年度报告: six headings, tables 二 三 四 exactly as the official format
(国办公开办函〔2021〕30号, ../shared/reference/xxgk-annual-report-format.md), numbers equal to
what the forms and ledgers say, every relation checked, bad rows named."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
import samples
from conftest import paragraphs

from assembler.commands.build import build
from assembler.model.errors import InputProblems

XXGK = "政府信息公开工作年度报告"
PARTY = "inputs/2024/党政办公室-法治建设综合情况表、政务公开工作情况表.xlsx"
APPLICATIONS = "依申请公开台账"
CASES = "行政复议行政诉讼台账"

APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
RESULT_ROWS = [  # (row label, 办理结果)
    ("（一）予以公开", "予以公开"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
    ("1.属于国家秘密", "属于国家秘密"),
    ("2.其他法律行政法规禁止公开", "其他法律行政法规禁止公开"),
    ("3.危及“三安全一稳定”", "危及“三安全一稳定”"),
    ("4.保护第三方合法权益", "保护第三方合法权益"),
    ("5.属于三类内部事务信息", "属于三类内部事务信息"),
    ("6.属于四类过程性信息", "属于四类过程性信息"),
    ("7.属于行政执法案卷", "属于行政执法案卷"),
    ("8.属于行政查询事项", "属于行政查询事项"),
    ("1.本机关不掌握相关政府信息", "本机关不掌握相关政府信息"),
    ("2.没有现成信息需要另行制作", "没有现成信息需要另行制作"),
    ("3.补正后申请内容仍不明确", "补正后申请内容仍不明确"),
    ("1.信访举报投诉类申请", "信访举报投诉类申请"),
    ("2.重复申请", "重复申请"),
    ("3.要求提供公开出版物", "要求提供公开出版物"),
    ("4.无正当理由大量反复申请", "无正当理由大量反复申请"),
    ("5.要求行政机关确认或重新出具已获取信息", "要求行政机关确认或重新出具已获取信息"),
    (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("3.其他", "其他"),
]


def _xxgk(workdir: Path, **kw):
    return build(
        workdir=workdir, template=XXGK, output=workdir / "output" / "信息公开.docx", force=True, **kw
    )


@pytest.fixture(scope="module")
def built(shipped_workdir: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("xxgk") / "信息公开.docx"
    return build(workdir=shipped_workdir, template=XXGK, output=out, review=True)


def grid(table) -> list[list[tuple[str, int, int]]]:
    """A Word table as HTML would have it: each row's cells as (text, rowspan, colspan), cells
    under a vertical merge left out."""
    from docx.oxml.ns import qn

    rows = []
    spans: dict[tuple[int, int], list] = {}
    for r, tr in enumerate(table._tbl.tr_lst):
        cells = []
        c = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            vmerge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
            if vmerge is not None and vmerge.get(qn("w:val")) != "restart":
                spans[(r - 1, c)][1] += 1
                spans[(r, c)] = spans[(r - 1, c)]
            else:
                cell = [text, 1, span]
                cells.append(cell)
                spans[(r, c)] = cell
            c += span
        rows.append(cells)
    return [[(text, rows_, cols) for text, rows_, cols in row] for row in rows]


def test_six_headings_in_the_official_words(built):
    from docx import Document

    styled = [(p.style.name, p.text) for p in Document(str(built.report)).paragraphs if p.text.strip()]
    assert styled[0] == ("公文标题", "中山门街道2024年\n政府信息公开工作年度报告")  # a trapezoid, words whole
    assert [t for s, t in styled if s == "一级标题"] == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert [t for s, t in styled if s == "二级标题"] == [
        "（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障",
    ]  # fmt: skip


def test_table_two_is_the_official_layout(built):
    from docx import Document

    two = grid(Document(str(built.report)).tables[0])
    assert two == [
        [("第二十条第（一）项", 1, 4)],
        [("信息内容", 1, 1), ("本年制发件数", 1, 1), ("本年废止件数", 1, 1), ("现行有效件数", 1, 1)],
        [("规章", 1, 1), ("0", 1, 1), ("0", 1, 1), ("0", 1, 1)],
        [("行政规范性文件", 1, 1), ("0", 1, 1), ("0", 1, 1), ("0", 1, 1)],
        [("第二十条第（五）项", 1, 4)],
        [("信息内容", 1, 1), ("本年处理决定数量", 1, 3)],
        [("行政许可", 1, 1), ("0", 1, 3)],
        [("第二十条第（六）项", 1, 4)],
        [("信息内容", 1, 1), ("本年处理决定数量", 1, 3)],
        [("行政处罚", 1, 1), ("54", 1, 3)],  # the 法治 report's 作出行政处罚, entered once
        [("行政强制", 1, 1), ("0", 1, 3)],
        [("第二十条第（八）项", 1, 4)],
        [("信息内容", 1, 1), ("本年收费金额（单位：万元）", 1, 3)],
        [("行政事业性收费", 1, 1), ("0", 1, 3)],
    ]


def _expected_table_three() -> dict[str, list[int]]:
    """Table 三 counted by hand from the sample ledger, the way the format defines each row."""
    columns = ("收到日期", "申请人类型", "办理结果", "办结日期")
    rows = [[r.get(c) for c in columns] for r in samples.DATA["2024"]["ledgers"][APPLICATIONS]]
    start, end = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    counts: dict[str, Counter] = {}
    counts["一、本年新收政府信息公开申请数量"] = Counter(r[1] for r in rows if start <= r[0] <= end)
    counts["二、上年结转政府信息公开申请数量"] = Counter(r[1] for r in rows if r[0] < start)
    finished = [r for r in rows if r[3] is not None and start <= r[3] <= end]
    for label, result in RESULT_ROWS:
        counts[label] = Counter(r[1] for r in finished if r[2] == result)
    counts["（七）总计"] = Counter(r[1] for r in finished)
    counts["四、结转下年度继续办理"] = Counter(r[1] for r in rows if r[3] is None or r[3] > end)
    return {k: [c[a] for a in APPLICANTS] + [sum(c.values())] for k, c in counts.items()}


def test_table_three_is_the_official_layout_with_the_ledgers_counts(built):
    from docx import Document

    three = grid(Document(str(built.report)).tables[1])
    assert three[:3] == [
        [
            ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
            ("申请人情况", 1, 7),
        ],
        [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
        [(name, 1, 1) for name in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]],
    ]
    body = three[3:]
    assert len(body) == 25 and sum(1 for row in body for cell in row[-7:] if cell[2] == 1) == 175
    assert body[0][0] == ("一、本年新收政府信息公开申请数量", 1, 3)
    assert body[1][0] == ("二、上年结转政府信息公开申请数量", 1, 3)
    assert body[2][:2] == [("三、本年度办理结果", 22, 1), ("（一）予以公开", 1, 2)]
    assert body[3][0] == ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2)
    assert body[4][:2] == [("（三）不予公开", 8, 1), ("1.属于国家秘密", 1, 1)]
    assert body[12][:2] == [("（四）无法提供", 3, 1), ("1.本机关不掌握相关政府信息", 1, 1)]
    assert body[15][:2] == [("（五）不予处理", 5, 1), ("1.信访举报投诉类申请", 1, 1)]
    assert body[20][:2] == [("（六）其他处理", 3, 1), (RESULT_ROWS[18][0], 1, 1)]
    assert body[23][0] == ("（七）总计", 1, 2)
    assert body[24][0] == ("四、结转下年度继续办理", 1, 3)
    labels = [row[-8][0] for row in body]
    expected = _expected_table_three()
    for label, row in zip(labels, body, strict=True):
        assert [int(cell[0]) for cell in row[-7:]] == expected[label], label
    assert expected["一、本年新收政府信息公开申请数量"][-1] == 13  # the sample is not all zeros
    assert expected["二、上年结转政府信息公开申请数量"][-1] == expected["四、结转下年度继续办理"][-1] == 1


def test_table_four_is_the_official_layout(built):
    from docx import Document

    four = grid(Document(str(built.report)).tables[2])
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert four == [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [*((r, 2, 1) for r in results), ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        [(r, 1, 1) for r in results * 2],
        [(v, 1, 1) for v in ["1", "0", "0", "0", "1"] + ["0"] * 10],
    ]


def test_header_rows_repeat_and_rows_never_split(built):
    from docx import Document
    from docx.oxml.ns import qn

    tables = Document(str(built.report)).tables
    for table, heads in zip(tables, (len(table_rows := tables[0].rows) and 2, 3, 3), strict=True):
        trs = table._tbl.tr_lst
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in trs)
        assert [tr.trPr.find(qn("w:tblHeader")) is not None for tr in trs[: heads + 1]] == [True] * heads + [
            False
        ]
    del table_rows


def test_prose_figures_come_from_table_three(built):
    text = "\n".join(paragraphs(built.report))
    assert (
        "共收到政府信息公开申请13件，上年结转1件；办结13件，其中予以公开5件；结转下年度继续办理1件。" in text
    )
    assert "被申请行政复议1件，被提起行政诉讼0件（未经复议直接起诉），复议后被提起行政诉讼0件。" in text
    assert "2024年，中山门街道没有收取政府信息公开信息处理费。" in text


def test_every_relation_holds_and_is_in_the_audit(built):
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(built.audit)).get_sheet_by_name("数字关系校验").to_python()[1:]
    names = Counter(row[0] for row in rows)
    assert names["勾稽关系A"] == names["勾稽关系B"] == 7 and names["勾稽关系C"] == 25
    assert {row[3] for row in rows} == {"通过", "不适用"}
    assert {row[0] for row in rows if row[3] == "不适用"} == {
        "信息处理费金额",
        "信息处理费件数",
    }  # no fee charged
    assert not [p for p in built.problems if p.severity.name == "ERROR"]


def test_table_cells_are_addressed_in_the_audit(built):
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(built.audit)).get_sheet_by_name("指标溯源").to_python()
    by_key = {r[1]: r for r in rows[1:]}
    cell = by_key["表三 › 自然人 › （一）予以公开"]
    assert cell[3] == 2 and cell[6] == "党政办公室"
    assert cell[8] == "党政办公室-法治建设综合情况表、政务公开工作情况表.xlsx › 依申请公开台账 › 第2–3行"
    assert cell[7] == "台账“依申请公开台账”计行数（办理结果为予以公开；办结日期为本年；申请人类型为自然人）"
    total = by_key["表三 › 总计 › （七）总计"]
    assert total[3] == 13 and total[7].startswith("以下6格之和：表三 › 自然人 › （七）总计、")
    fee = by_key["表二 › 本年收费金额（单位：万元） › 行政事业性收费"]
    assert fee[2] == "行政事业性收费：本年收费金额（单位：万元）"
    assert len([k for k in by_key if k.startswith("表三 › ")]) == 175


def test_review_copy_comments_on_table_cells(built):
    from docx import Document

    doc = Document(str(built.review))
    comments = [c.text for c in doc.comments]
    assert any(t.startswith("表三 › 自然人 › （一）予以公开：2件\n来源：") for t in comments)
    assert any(t.startswith("作出行政处罚：54起") for t in comments)


def _set(path: Path, sheet: str, key: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    for row in wb[sheet].iter_rows():
        if row[0].value == key:
            row[3].value = value
    wb.save(path)


def _ledger(path: Path, sheet: str, rows: list[list]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for r in range(2, ws.max_row + 1):
        for c in range(1, 6):
            ws.cell(row=r, column=c).value = None
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    wb.save(path)


def test_a_draft_marks_a_missing_cell_in_its_table(workdir: Path):
    from docx import Document

    _set(workdir / PARTY, "政务公开工作情况表", "表二 › 本年废止件数 › 规章", None)
    two = grid(Document(str(_xxgk(workdir, draft=True).report)).tables[0])
    assert two[2] == [("规章", 1, 1), ("0", 1, 1), ("【缺】", 1, 1), ("0", 1, 1)]


def test_one_bad_ledger_row_blanks_only_the_cells_it_could_count_in(workdir: Path, monkeypatch):
    """A draft with an unreadable 申请人类型 in one row: the cells that row might belong to are
    【缺】, every other cell of table 三 keeps its number."""
    from click.testing import CliRunner
    from docx import Document

    from assembler.cli import main

    wb = openpyxl.load_workbook(workdir / PARTY)
    wb[APPLICATIONS]["B6"] = "个人"  # the 本机关不掌握相关政府信息 application of 2024-04-08
    wb.save(workdir / PARTY)
    monkeypatch.chdir(workdir)
    result = CliRunner().invoke(main, ["build", "--draft"])
    assert result.exit_code == 0, result.output
    report = workdir / "output" / "中山门街道2024年政府信息公开工作年度报告（草稿）.docx"
    three = grid(Document(str(report)).tables[1])
    rows = {row[-8][0]: [text for text, _, _ in row[-7:]] for row in three[3:]}
    assert rows["（一）予以公开"] == ["2", "1", "0", "0", "1", "1", "5"]
    assert rows["1.本机关不掌握相关政府信息"] == ["【缺】"] * 7
    assert rows["一、本年新收政府信息公开申请数量"] == ["【缺】"] * 7
    assert rows["二、上年结转政府信息公开申请数量"] == ["1", "0", "0", "0", "0", "0", "1"]
    said = [line for line in result.stdout.splitlines() if "处标为【缺…】" in line]
    assert said == [
        "《中山门街道2024年政府信息公开工作年度报告（草稿）》中有 21 处标为【缺…】（表三 › 自然人 › 一、本年新收政府信息公开申请数量、"
        "表三 › 商业企业 › 一、本年新收政府信息公开申请数量、表三 › 科研机构 › 一、本年新收政府信息公开申请数量、"
        "表三 › 社会公益组织 › 一、本年新收政府信息公开申请数量、表三 › 法律服务机构 › 一、本年新收政府信息公开申请数量等），"
        "请补齐表格后重新生成正式报告。"
    ]


def test_rows_that_cannot_be_placed_are_errors_naming_them(workdir: Path):
    d = dt.date
    _ledger(workdir / PARTY, APPLICATIONS, [
        [d(2024, 3, 4), "自然人", "予以公开", d(2024, 3, 1), ""],      # finished before received
        [d(2023, 5, 1), "自然人", "予以公开", d(2023, 6, 1), ""],      # finished before the year
        [d(2024, 4, 1), "商业企业", "部分公开", None, ""],             # a result without a date
        [d(2024, 5, 1), "自然人", "办理中", d(2024, 5, 9), ""],         # open, yet with a date
        [d(2025, 1, 3), "自然人", "办理中", None, ""],                  # received after the year
    ])  # fmt: skip
    with pytest.raises(InputProblems) as caught:
        _xxgk(workdir)
    errors = [str(p) for p in caught.value.problems if p.severity.name == "ERROR"]
    where = "党政办公室-法治建设综合情况表、政务公开工作情况表.xlsx › 依申请公开台账"
    assert errors == [
        f"错误  {where} › D2  依申请公开台账·办结日期：办结日期早于收到日期（办结日期 2024-03-01，收到日期 2024-03-04）",
        f"错误  {where} › D3  依申请公开台账·办结日期：办结于本年以前的申请不属于本年度，请删除此行或核对日期（办结日期 2023-06-01）",
        f"错误  {where} › D4  依申请公开台账·办结日期：已有办理结果，请填写办结日期（仍在办理的，办理结果请选“办理中”）",
        f"错误  {where} › D5  依申请公开台账·办结日期：办理结果为“办理中”，不应有办结日期；已办结的请选择办理结果（现为 2024-05-09）",
        f"错误  {where} › A6  依申请公开台账·收到日期：收到于本年以后的申请不属于本年度，请删除此行或核对日期（收到日期 2025-01-03）",
    ]
    assert not (workdir / "output" / "信息公开.docx").exists()


def test_an_empty_ledger_must_be_said_on_the_form(workdir: Path):
    """No cases is said explicitly (0 on the form), never inferred from an empty ledger."""
    _ledger(workdir / PARTY, CASES, [])
    with pytest.raises(InputProblems) as caught:
        _xxgk(workdir)
    [problem] = [p for p in caught.value.problems if p.severity.name == "ERROR"]
    assert problem.message.startswith(
        "政务公开工作情况表填写的行政复议、行政诉讼案件数，应与行政复议行政诉讼台账的案件数一致："
        "本年政府信息公开行政复议、行政诉讼案件数（与台账核对；没有案件填 0） 1，应等于 表四 › 行政复议·总计 0"
    )
    _set(workdir / PARTY, "政务公开工作情况表", "复议诉讼件数确认", 0)
    result = _xxgk(workdir)
    assert "2024年，中山门街道没有因政府信息公开工作被申请行政复议或被提起行政诉讼。" in paragraphs(
        result.report
    )


def test_a_fee_charged_is_reported_in_part_six(workdir: Path):
    _set(workdir / PARTY, "政务公开工作情况表", "信息处理费件数", 2)
    _set(workdir / PARTY, "政务公开工作情况表", "信息处理费金额", 150)
    text = paragraphs(_xxgk(workdir).report)
    assert (
        "2024年，中山门街道依据《政府信息公开信息处理费管理办法》，对2件政府信息公开申请收取信息处理费，共计150元。"
        in text
    )


@pytest.mark.parametrize(
    ("count", "amount", "message"),
    [
        (
            2,
            0,
            "填了收取信息处理费的申请件数，但信息处理费金额为0；收了费的请填写金额，没有收费的请把件数改为 0："
            "收取信息处理费金额合计（元，没有填 0） 0，应大于 0；来源：收取信息处理费金额合计（元，没有填 0） D",
        ),
        (
            0,
            500,
            "填了信息处理费金额，但收取信息处理费的申请件数为0；请填写收费的申请件数，没有收费的请把金额改为 0："
            "收取信息处理费的申请件数（没有填 0） 0，应大于 0；来源：收取信息处理费的申请件数（没有填 0） D",
        ),
    ],
)
def test_a_fee_count_and_amount_that_contradict_are_refused(workdir: Path, count, amount, message):
    """对2件…收取信息处理费，共计0元 or a 500元 amount with no application: never printed."""
    _set(workdir / PARTY, "政务公开工作情况表", "信息处理费件数", count)
    _set(workdir / PARTY, "政务公开工作情况表", "信息处理费金额", amount)
    with pytest.raises(InputProblems) as caught:
        _xxgk(workdir)
    [problem] = [p for p in caught.value.problems if p.severity.name == "ERROR"]
    assert problem.message.startswith(message)
    assert problem.file == "党政办公室-法治建设综合情况表、政务公开工作情况表.xlsx"
    assert not (workdir / "output" / "信息公开.docx").exists()


def test_check_of_one_report_is_quiet_about_the_other_reports_rows(workdir: Path, monkeypatch):
    """The 综合执法 form serves both reports: its 法治 rows are no 未识别的指标 of the 信息公开 one."""
    from click.testing import CliRunner

    from assembler.cli import main

    monkeypatch.chdir(workdir)
    for command in (["check"], ["build", "-o", "out.docx"]):
        result = CliRunner().invoke(main, [*command, "--template", XXGK])
        assert result.exit_code == 0, result.output
        assert "未识别" not in result.output
    assert CliRunner().invoke(main, ["check", "--template", XXGK]).output == "检查完成：没有发现问题。\n"


@pytest.mark.parametrize(
    ("rows", "confirmed", "said"),
    [
        ([], 0, "2024年，中山门街道未收到政府信息公开申请，也没有上年结转的申请。"),
        (
            [[dt.date(2023, 12, 18), "自然人", "部分公开", dt.date(2024, 1, 10)]],
            0,
            "2024年，中山门街道未收到新的政府信息公开申请，上年结转1件；1件均已办结。",
        ),
        (
            [[dt.date(2024, 3, 1), "自然人", "予以公开", dt.date(2024, 3, 9)],
             [dt.date(2024, 5, 1), "商业企业", "重复申请", dt.date(2024, 5, 9)]],
            2,
            "2024年，中山门街道共收到政府信息公开申请2件；2件均已办结，其中予以公开1件。",
        ),
    ],
)  # fmt: skip
def test_a_year_with_few_or_no_applications_reads_naturally(workdir: Path, rows, confirmed, said):
    """Never 共收到申请0件，上年结转0件；办结0件."""
    _ledger(workdir / PARTY, APPLICATIONS, rows)
    _ledger(workdir / PARTY, CASES, [])
    _set(workdir / PARTY, "政务公开工作情况表", "申请件数确认", confirmed)
    _set(workdir / PARTY, "政务公开工作情况表", "复议诉讼件数确认", 0)
    text = paragraphs(_xxgk(workdir).report)
    assert said in text
    assert "2024年，中山门街道没有因政府信息公开工作被申请行政复议或被提起行政诉讼。" in text
    assert not any("0件" in line for line in text if "申请" in line and "年，" in line)


def test_the_penalty_count_is_entered_once_for_both_reports(workdir: Path):
    from docx import Document

    _set(workdir / "inputs/2024/综合执法大队-综合执法工作情况表.xlsx", "填报表", "行政处罚", 53)
    fazhi = build(workdir=workdir).report
    assert "作出行政处罚53起" in "\n".join(paragraphs(fazhi))
    assert grid(Document(str(_xxgk(workdir).report)).tables[0])[9] == [("行政处罚", 1, 1), ("53", 1, 3)]


def test_carry_over_is_checked_against_last_year(workdir: Path):
    samples.write_inputs(workdir, year=2023)
    path = workdir / "inputs/2023/党政办公室-法治建设综合情况表、政务公开工作情况表.xlsx"
    wb = openpyxl.load_workbook(path)
    wb[APPLICATIONS]["D3"] = None  # one more application still open at the end of 2023 ...
    wb[APPLICATIONS]["C3"] = "办理中"
    wb.save(path)
    result = _xxgk(workdir)  # ... a warning, not an error: the report is written
    warned = [p for p in result.problems if "上年结转" in p.message and p.severity.name == "WARNING"]
    assert [p.message.split("：")[0] for p in warned] == [
        "本年“上年结转”应等于上一年度报告的“结转下年度继续办理”（自然人）",
        "本年“上年结转”应等于上一年度报告的“结转下年度继续办理”（总计）",
    ]
    warning = warned[0]
    assert warning.message.startswith(
        "本年“上年结转”应等于上一年度报告的“结转下年度继续办理”（自然人）："
        "表三 › 自然人 › 二、上年结转政府信息公开申请数量 1，应等于 上年 表三 › 自然人 › 四、结转下年度继续办理 2；"
    )
    assert warning.message.endswith(
        "；来源：表三 › 自然人 › 二、上年结转政府信息公开申请数量：党政办公室-法治建设综合情况表、政务公开工作情况表.xlsx"
        " › 依申请公开台账 › 第2行；上年 表三 › 自然人 › 四、结转下年度继续办理："
        "inputs/2023/党政办公室-法治建设综合情况表、政务公开工作情况表.xlsx › 依申请公开台账 › 第3、9行；请核对这几个数"
    )  # this year's 1 from this year's ledger, last year's 2 from last year's


def test_yoy_knows_last_years_table_cells(workdir: Path):
    from assembler.compute.assembly import assemble

    samples.write_inputs(workdir, year=2023)
    figures = assemble(input_dir=None, template=XXGK, workdir=workdir).figures
    cell = figures["表三 › 总计 › 一、本年新收政府信息公开申请数量"]
    assert (cell.value, cell.previous) == (13, 8)


def test_lint_is_clean_on_the_template_and_the_report(built):
    from assembler.commands.lint import lint
    from assembler.reading.templates import find_template

    assert lint(path=find_template(XXGK).folder) == []
    assert lint(path=built.report) == []


def test_the_forms_of_the_report(workdir: Path, monkeypatch: pytest.MonkeyPatch):
    from click.testing import CliRunner

    from assembler.cli import main

    monkeypatch.chdir(workdir)
    result = CliRunner().invoke(main, ["forms", "--year", "2025", "-o", "blank"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(workdir / "blank" / "党政办公室-法治建设综合情况表、政务公开工作情况表.xlsx")
    assert wb.sheetnames == [
        "法治建设综合情况表",
        "政务公开工作情况表",
        APPLICATIONS,
        CASES,
        "文字材料",
        "选项",
    ]
    form = wb["政务公开工作情况表"]
    labels = [form.cell(row=r, column=2).value for r in range(7, 19)]
    assert labels[:3] == ["规章：本年制发件数", "规章：本年废止件数", "规章：现行有效件数"]
    assert "行政处罚：本年处理决定数量" not in labels  # entered once, on the 综合执法 form
    assert "行政事业性收费：本年收费金额（单位：万元）" in labels
    ledger = wb[APPLICATIONS]
    assert [c.value for c in ledger[1]][:5] == ["收到日期", "申请人类型", "办理结果", "办结日期", "申请内容"]
    assert "本年没有申请则不填，但须在“政务公开工作情况表”中填 0" in ledger.cell(row=1, column=7).value
    options = wb["选项"]
    column = next(c for c in range(1, 10) if options.cell(row=1, column=c).value == "依申请公开台账·办理结果")
    results = [options.cell(row=r, column=column).value for r in range(2, 24)]
    assert results[0] == "予以公开" and results[-1] == "办理中" and len(set(results)) == 22


def test_office_makes_the_reports_its_settings_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from click.testing import CliRunner

    from assembler.cli import main

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["init", "新单位", "--office", "新街道", "--year", "2025",
               "--template", "法治政府建设年度报告", "--template", XXGK],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    ini = (tmp_path / "新单位" / "inputs" / "单位设置.ini").read_text(encoding="utf-8")
    assert f"模板 = 法治政府建设年度报告、{XXGK}" in ini
    blank = sorted(p.name for p in (tmp_path / "新单位" / "inputs" / "2025").glob("*.xlsx"))
    assert "党政办公室-法治建设综合情况表、政务公开工作情况表.xlsx" in blank
    only = CliRunner().invoke(main, ["init", "另一单位", "--office", "另街道", "--template", XXGK])
    assert only.exit_code == 0, only.output
    assert sorted(p.name for p in (tmp_path / "另一单位" / "inputs").glob("*/*.xlsx")) == [
        "党政办公室-政务公开工作情况表.xlsx",
        "综合执法大队-综合执法工作情况表.xlsx",
    ]
    shutil.rmtree(tmp_path / "另一单位")


@pytest.mark.parametrize(
    ("typed", "printed"), [("1.50", "1.50"), (1.25, "1.25"), (3, "3"), ("0.5万元", "0.5")]
)
def test_fees_in_wan_yuan_print_with_the_decimals_entered(workdir: Path, typed, printed):
    from docx import Document

    _set(workdir / PARTY, "政务公开工作情况表", "表二 › 本年收费金额（单位：万元） › 行政事业性收费", typed)
    assert grid(Document(str(_xxgk(workdir).report)).tables[0])[13] == [
        ("行政事业性收费", 1, 1),
        (printed, 1, 3),
    ]


def test_a_fee_in_yuan_in_the_wan_yuan_cell_is_refused(workdir: Path):
    _set(
        workdir / PARTY, "政务公开工作情况表", "表二 › 本年收费金额（单位：万元） › 行政事业性收费", "12500元"
    )
    with pytest.raises(InputProblems) as caught:
        _xxgk(workdir)
    [problem] = [p for p in caught.value.problems if p.severity.name == "ERROR"]
    assert problem.message == "“12500元”的单位是“元”，本项以“万元”为单位；请换算后只填数字"


def test_carry_over_from_last_years_audit_when_its_inputs_are_archived(workdir: Path):
    from assembler.commands.build import build_reports

    samples.write_inputs(workdir, year=2023)
    build_reports(input_dir=workdir / "inputs" / "2023", workdir=workdir)  # last year's reports and 溯源表
    shutil.move(workdir / "inputs" / "2023", workdir / "archive-2023")
    path = workdir / PARTY
    wb = openpyxl.load_workbook(path)
    wb[APPLICATIONS]["A2"] = dt.date(2024, 1, 2)  # the carried-over application, now "received" this year
    wb.save(path)
    _set(path, "政务公开工作情况表", "申请件数确认", 14)
    result = _xxgk(workdir)
    warned = [p.message for p in result.problems if p.message.startswith("本年“上年结转”")]
    assert [m.split("：")[0] for m in warned] == [
        "本年“上年结转”应等于上一年度报告的“结转下年度继续办理”（自然人）",
        "本年“上年结转”应等于上一年度报告的“结转下年度继续办理”（总计）",
    ]
    assert (
        "二、上年结转政府信息公开申请数量 0，应等于 上年 表三 › 自然人 › 四、结转下年度继续办理 1"
        in warned[0]
    )
    assert (
        "上年 表三 › 自然人 › 四、结转下年度继续办理：output/中山门街道2023年政府信息公开工作年度报告溯源表.xlsx › 指标溯源 › D"
        in warned[0]
    )
