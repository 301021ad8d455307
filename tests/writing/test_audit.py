"""The audit workbook and the review copy: every figure traceable to its cells."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from conftest import report_text

from assembler.commands.build import build
from assembler.reading.libreoffice import find_soffice


@pytest.fixture(scope="module")
def built(shipped_workdir: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("review") / "报告.docx"
    return build(workdir=shipped_workdir, output=out, review=True)


def _rows(path: Path, sheet: str) -> list[dict]:
    ws = openpyxl.load_workbook(path)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_audit_workbook_has_one_row_per_figure(built):
    assert built.audit.name == "报告溯源表.xlsx"
    rows = _rows(built.audit, "指标溯源")
    assert len(rows) == 46
    by_key = {r["指标代码"]: r for r in rows}
    enforcement = by_key["出动执法人员"]
    assert (enforcement["数值"], enforcement["报告中的写法"], enforcement["上年数值"]) == (
        7126,
        "7100余",
        6890,
    )
    assert enforcement["来源"] == "综合执法大队-综合执法工作情况表.xlsx › 填报表 › D7"
    assert "与2023年比较：同比增长3.4%" in enforcement["校验"]
    lawyers = by_key["法律明白人"]
    assert lawyers["汇总方式"] == "各份报表求和" and lawyers["来源"].count("\n") == 14
    events = by_key["重要节点宣传活动场次"]
    assert events["数值"] == 34 and "国家安全日或国家宪法日" in events["汇总方式"]


def test_audit_workbook_is_a_real_table(built):
    wb = openpyxl.load_workbook(built.audit)
    ws = wb["指标溯源"]
    assert ws.freeze_panes == "A2"
    assert list(ws.tables) == ["Figures"] and ws.tables["Figures"].ref == "A1:L47"
    assert ws.column_dimensions["I"].width >= 40
    for sheet in ("指标溯源", "来源明细"):
        head, first = wb[sheet]["A1"], wb[sheet]["A2"]
        assert head.font.b and head.fill.fgColor.rgb.endswith("D9E1F2"), sheet  # shaded bold header
        assert first.alignment.wrap_text and first.alignment.vertical == "top", sheet
    assert list(wb["来源明细"].tables) == ["Sources"]


def test_cited_cells_hold_the_values(built, shipped_workdir: Path):
    """Open the cells the audit names and find the values there."""
    folder = shipped_workdir / "inputs" / "2024"
    checked = 0
    opened: dict[str, openpyxl.Workbook] = {}
    for row in _rows(built.audit, "来源明细"):
        if row["单元格或行"].startswith("第"):
            continue
        if row["文件"] not in opened:
            opened[row["文件"]] = openpyxl.load_workbook(folder / row["文件"], data_only=True)
        ws = opened[row["文件"]][row["工作表"]]
        cell = ws[row["单元格或行"]].value
        expected = row["读取的值"]
        assert cell == expected or (isinstance(cell, int | float) and cell * 100 == expected), row  # percent
        checked += 1
    assert checked >= 50


def _rows_in(run: str) -> range:
    """'第5行' → 5..5, '第9–11行' → 9..11."""
    first, _, last = run.removeprefix("第").removesuffix("行").partition("–")
    return range(int(first), int(last or first) + 1)


def test_counted_ledger_rows_are_listed(built, shipped_workdir: Path):
    """Runs of consecutive counted rows, one a line; together exactly the 34 counted rows."""
    lines = [r for r in _rows(built.audit, "来源明细") if r["指标代码"] == "重要节点宣传活动场次"]
    counted = [n for line in lines for n in _rows_in(line["单元格或行"])]
    assert len(counted) == len(set(counted)) == 34 and len(lines) < 34
    ws = openpyxl.load_workbook(shipped_workdir / "inputs/2024" / lines[0]["文件"])["普法活动台账"]
    nodes = {n: ws[f"D{n}"].value for n in range(2, ws.max_row + 1)}
    assert {n for n, v in nodes.items() if v in ("国家安全日", "国家宪法日")} == set(counted)
    [whole] = [r for r in _rows(built.audit, "来源明细") if r["指标代码"] == "普法宣传活动场次"]
    assert whole["单元格或行"] == "第2–135行"


def test_audit_workbook_names_many_sources_briefly(shipped_workdir: Path):
    """A district's 300 community forms: the 来源 cell names twenty, 来源明细 has them all."""
    from assembler.compute.assembly import assemble
    from assembler.compute.figures import Figure
    from assembler.model.sources import Source
    from assembler.writing.audit import _joined_sources

    fig = assemble(input_dir=None, workdir=shipped_workdir).figures["法律明白人"]
    many = Figure(fig.spec, 900, tuple(Source(f"第{i:04d}社区.xlsx", "填报表", "D7", 3) for i in range(300)))
    lines = _joined_sources(many).splitlines()
    assert lines[0] == "第0000社区.xlsx › 填报表 › D7" and len(lines) == 21
    assert lines[-1] == "……共300处，全部见“来源明细”"


def test_review_copy_has_a_comment_on_every_figure_and_the_same_text(built):
    from docx import Document

    assert built.review.name == "报告（审阅版）.docx"
    assert report_text(built.review) == report_text(built.report)
    doc = Document(str(built.review))
    comments = list(doc.comments)
    assert len(comments) == 47  # 46 figures, 负责人出庭率 printed twice
    texts = [c.text for c in comments]
    assert any(
        t.startswith(
            "全年累计出动执法人员：7126人次\n来源：综合执法大队-综合执法工作情况表.xlsx，“填报表”工作表，D7单元格"
        )
        for t in texts
    )
    assert all(c.author == "年度报告生成工具" for c in comments)
    anchored = [r.text for p in doc.paragraphs for r in p.runs if r._r.getprevious() is not None
                and r._r.getprevious().tag.endswith("commentRangeStart")]  # fmt: skip
    assert "7100余" in anchored and "130余" in anchored


def test_draft_marks_each_gap(workdir: Path):
    from docx import Document
    from docx.enum.text import WD_COLOR_INDEX

    path = workdir / "inputs/2024/综合执法大队-综合执法工作情况表.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["填报表"]["D7"] = "很多"
    wb.save(path)
    result = build(workdir=workdir, draft=True)
    assert result.report.name == "中山门街道2024年法治政府建设年度报告（草稿）.docx"
    assert result.gaps == ("全年累计出动执法人员",)
    text = report_text(result.report)
    assert "累计出动执法人员【缺：全年累计出动执法人员】人次" in text
    marked = [
        r for p in Document(str(result.report)).paragraphs for r in p.runs if r.text.startswith("【缺：")
    ]
    assert [r.font.highlight_color for r in marked] == [WD_COLOR_INDEX.YELLOW]


@pytest.mark.libreoffice
@pytest.mark.skipif(
    find_soffice() is None, reason="需要 LibreOffice（apt-get install libreoffice-writer-nogui）"
)
def test_build_pdf(workdir: Path):
    result = build(workdir=workdir, pdf=True)
    assert result.pdf == result.report.with_suffix(".pdf")
    assert result.pdf.read_bytes().startswith(b"%PDF")


def test_pdf_without_libreoffice_says_how_to_install(workdir: Path, monkeypatch: pytest.MonkeyPatch):
    import assembler.commands.build
    from assembler.model.errors import OutputError

    monkeypatch.setattr(assembler.commands.build, "find_soffice", lambda: None)
    with pytest.raises(OutputError, match="未找到 LibreOffice，无法生成 PDF"):
        build(workdir=workdir, pdf=True)
    assert not (workdir / "output").exists()  # said before anything was written


def test_numbers_typed_in_the_template_are_listed_as_untraced(built):
    rows = _rows(built.audit, "文字中的数字（未溯源）")
    assert {r["来源"] for r in rows} == {"模板原文"}
    numbers = [r["数字"] for r in rows]
    assert numbers == ["2021", "2025", "4·15", "6·26", "12·4", "100", "100", "75", "2021", "2025"]
    festival = next(r for r in rows if r["数字"] == "4·15")
    assert festival["文件"] == "法治政府建设年度报告/template.docx"
    assert festival["位置"] == "报告第7段" and "“4·15”国家安全日" in festival["所在句子"]


def test_numbers_typed_in_department_text_are_listed_with_their_cell(workdir: Path):
    result = build(workdir=workdir, template="法治政府建设年度报告（通用）")
    rows = _rows(result.audit, "文字中的数字（未溯源）")
    typed = [r for r in rows if r["来源"] == "文字材料"]
    posters = next(r for r in typed if r["数字"] == "70")
    assert posters["文件"] == "司法所-普法宣传与矛盾化解情况表.xlsx"
    assert posters["位置"] == "文字材料 › C2"
    assert "张贴海报70余张" in posters["所在句子"]
    assert typed == rows  # the generic template itself types no number


def test_the_untraced_sheet_lists_only_what_stands_in_its_own_report(shipped_workdir: Path, tmp_path: Path):
    """The 信息公开 report: not the 法治 report's 文字材料, not table labels (1.属于国家秘密), and
    each sentence as printed, its year filled in."""
    result = build(workdir=shipped_workdir, template="政府信息公开工作年度报告", output=tmp_path / "x.docx")
    rows = _rows(result.audit, "文字中的数字（未溯源）")
    assert [(r["来源"], r["位置"], r["数字"]) for r in rows] == [
        ("模板原文", "报告第2段", "1"),
        ("模板原文", "报告第2段", "1"),
        ("模板原文", "报告第2段", "12"),
        ("模板原文", "报告第2段", "31"),
    ]
    assert rows[0]["所在句子"] == "本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。"


def test_numbers_kept_as_written_are_listed_as_untraced(tmp_path: Path):
    from assembler.adoption.adopt import adopt

    (tmp_path / "r.txt").write_text(
        "红星街道2024年法治政府建设年度报告\n"
        "2024年，红星街道利用“4·15”国家安全日开展宣传活动12场，落实《规划（2021-2025年）》。\n"
        "红星街道办事处\n2025年1月10日\n",
        encoding="utf-8",
    )
    made = adopt(report=tmp_path / "r.txt", workdir=tmp_path)
    result = build(workdir=tmp_path, template=made.name)
    rows = _rows(result.audit, "文字中的数字（未溯源）")
    assert [(r["来源"], r["文件"], r["数字"]) for r in rows] == [
        ("保留原文", "法治政府建设年度报告/指标目录.xlsx", "4·15"),
        ("保留原文", "法治政府建设年度报告/指标目录.xlsx", "2021-2025"),
    ]
    assert rows[0]["位置"] == "原文1，报告第2段"
    assert (
        rows[0]["所在句子"]
        == "2024年，红星街道利用“4·15”国家安全日开展宣传活动12场，落实《规划（2021-2025年）》。"
    )
