"""An office adopts its own report: last year's Word report becomes its template, its catalog
workbook (指标目录.xlsx) and filled-in forms, and the next build writes that report again."""

from __future__ import annotations

import difflib
import io
import re
import shutil
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import REFERENCE, paragraphs
from docx import Document
from docxcheck import schema_problems
from examples import HONGXING

from assembler.adoption.adopt import adopt, arabic_date, split_place, structure
from assembler.cli import main
from assembler.commands.build import build, check_inputs
from assembler.commands.lint import lint
from assembler.model.errors import AssemblerError, CatalogError, OutputError, Severity, UsageError
from assembler.reading.catalogs import load_catalog
from assembler.reading.libreoffice import find_soffice
from assembler.reading.templates import find_template
from assembler.writing.catalogbook import catalog_to_workbook

DATA = Path(__file__).resolve().parents[1] / "data" / "adopt"
NAME = "法治政府建设年度报告"


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def plain_docx(lines: list[str], path: Path) -> Path:
    """The text pasted into Word: one plain paragraph a line, no styles."""
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def reference_lines() -> list[str]:
    return [line for line in REFERENCE.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`assembler init 新单位 --from 报告.docx` on the reference report pasted into Word."""
    root = tmp_path_factory.mktemp("adopted")
    report = plain_docx(reference_lines(), root / "2024年报告.docx")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        result = _run("init", "新单位", "--from", str(report))
    assert result.exit_code == 0, result.output
    (root / "新单位" / "init.txt").write_text(result.stdout, encoding="utf-8")
    return root / "新单位"


@pytest.fixture(scope="module")
def rebuilt(adopted: Path) -> Path:
    return build(workdir=adopted).report


def test_init_from_a_report_says_what_it_found_and_what_to_do(adopted: Path):
    lines = (adopted / "init.txt").read_text(encoding="utf-8").splitlines()
    assert lines[:3] == [
        "已建立工作文件夹：新单位",
        "  单位设置：新单位/inputs/单位设置.ini（请用记事本打开，填写标有“（请填写）”的地方）",
        f"已从报告中识别：单位“中山门街道”，2024年《{NAME}》",
    ]
    assert "  数字：45 个作为指标，8 个保留原文（日期、文件名称、规划年份等）" in lines
    assert "  已填好的表格：6 份，在 新单位/inputs/2024" in lines
    assert f"  报告没有标题，已拟定为“中山门街道2024年{NAME}”，可在 template.docx 中修改" in lines
    assert f"  3. 运行 assembler build inputs/2024 --template {NAME}，核对生成的报告与原报告一致" in lines
    settings = (adopted / "inputs" / "单位设置.ini").read_text(encoding="utf-8")
    assert "街道 = 中山门街道" in settings
    assert f"模板 = {NAME}" in settings
    assert (adopted / "output").is_dir()


def test_building_after_init_from_reproduces_the_report(rebuilt: Path):
    built = [_nfkc(p) for p in paragraphs(rebuilt)]
    reference = [_nfkc(line) for line in reference_lines()]
    assert built[0] == f"中山门街道2024年{NAME}"  # the title a web copy lacks
    assert built[1:] == reference
    ratio = difflib.SequenceMatcher(None, "\n".join(reference), "\n".join(built), autojunk=False).ratio()
    assert ratio >= 0.99


def test_the_rebuilt_report_is_in_our_layout_and_schema_valid(rebuilt: Path, adopted: Path):
    document = Document(str(rebuilt))

    def style(start: str) -> str:
        return next(p.style.name for p in document.paragraphs if p.text.startswith(start))

    assert style("中山门街道2024年") == "公文标题"
    assert style("一、2024年度推进") == "一级标题"
    assert style("（一）强化思想为先") == "二级标题"
    assert style("（一）强化思想武装。") == "Normal"  # a lead sentence, in 楷体 within the body
    assert style("一是优化普法格局。") == "Normal"
    assert schema_problems(rebuilt, adopted / "templates" / NAME / "template.docx") == []
    assert check_inputs(input_dir=adopted / "inputs" / "2024", template=NAME, workdir=adopted) == []


def test_every_number_is_a_figure_or_kept_and_the_kept_ones_are_no_figures(adopted: Path):
    wb = openpyxl.load_workbook(adopted / "templates" / NAME / "指标目录.xlsx")
    rows = [dict(zip([c.value for c in wb["指标"][1]], [c.value for c in row], strict=False))
            for row in wb["指标"].iter_rows(min_row=3)]  # fmt: skip
    kept = sorted(str(r["原数值"]) for r in rows if r["处理"] == "保留原文")
    assert kept == sorted(
        ["2021年-2025年", "2021年-2025年", "4·15", "6·26", "12·4", "100万元", "100万", "75"]
    )
    figures = {r["原数值"]: r for r in rows if r["处理"] == "填报"}
    assert len([r for r in rows if r["处理"] == "填报"]) == 45
    assert figures["130余"]["写法"] == "余10" and figures["130余"]["上年数值"] == 135
    assert figures["近200"]["写法"] == "近100"
    assert figures["5600元"]["类型"] == "金额（元）"
    assert "【130余】" in figures["130余"]["原文"]
    assert figures["7100余"]["指标名称"] == "出动执法人员" and figures["7100余"]["单位"] == "人次"
    assert figures["7100余"]["填报部门"] == "综合执法大队"


def test_reconstructed_values_are_marked_in_the_forms_and_the_audit(adopted: Path, rebuilt: Path):
    form = openpyxl.load_workbook(adopted / "inputs" / "2024" / f"司法所-{NAME}填报表.xlsx")["填报表"]
    notes = {row[1].value: (row[3].value, row[4].value) for row in form.iter_rows(min_row=7)}
    assert notes["普法宣传活动"] == (135, "【推算】由2024年报告原文“130余”推算，如有准确数字请改填")
    assert not str(notes["法治宣传栏"][1]).startswith("【推算】")  # 17: exact in the report
    audit = openpyxl.load_workbook(rebuilt.with_name(rebuilt.stem + "溯源表.xlsx"))["指标溯源"]
    sources = {row[2]: row[8] for row in audit.iter_rows(min_row=2, values_only=True)}
    assert sources["普法宣传活动"].endswith("（【推算】由2024年报告原文“130余”推算，如有准确数字请改填）")
    assert "【推算】" not in sources["法治宣传栏"]


def _edit_catalog(path: Path, change) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["指标"]
    header = {c.value: c.column for c in ws[1]}
    for row in ws.iter_rows(min_row=3):
        change({h: row[c - 1] for h, c in header.items()})
    wb.save(path)


def test_assigned_departments_give_one_form_each_and_kept_numbers_print_as_written(
    adopted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    work = tmp_path / "单位"
    shutil.copytree(adopted, work, ignore=shutil.ignore_patterns("output"))
    catalog = work / "templates" / NAME / "指标目录.xlsx"

    def assign(row: dict) -> None:
        if row["原数值"].value == "4":  # 学习研究4次: no longer reported, printed as written
            row["处理"].value = "保留原文"
        elif row["处理"].value == "填报":
            row["填报部门"].value = (
                "综合执法大队" if row["填报部门"].value == "综合执法大队" else "党政办公室"
            )

    _edit_catalog(catalog, assign)
    monkeypatch.chdir(work)
    made = _run("forms", "--year", "2025")
    assert made.exit_code == 0, made.output
    assert made.stdout.splitlines()[0] == "已生成 2 份空白表格，保存在：空白表格/2025"
    spec = load_catalog(find_template(NAME, work).catalog)
    for department in ("综合执法大队", "党政办公室"):
        form = openpyxl.load_workbook(work / "空白表格" / "2025" / f"{department}-{NAME}填报表.xlsx")[
            "填报表"
        ]
        keys = {row[0].value for row in form.iter_rows(min_row=7) if row[0].value}
        assert keys == {f.key for f in spec.figures.values() if spec.forms[f.form].department == department}
        assert all(row[3].value is None for row in form.iter_rows(min_row=7))  # 2025: blank
    assert "学习研究" not in spec.figures and spec.literals["学习研究"] == "4"

    # Last year's forms again, as the catalog now assigns them, filled from its 上年数值.
    shutil.rmtree(work / "inputs" / "2024")
    assert _run("forms", "--year", "2024", "-o", "inputs/2024").exit_code == 0
    built = _run("build", "inputs/2024")
    assert built.exit_code == 0, built.output
    text = "\n".join(paragraphs(work / "output" / f"中山门街道2024年{NAME}.docx"))
    assert "等学习研究4次，" in text
    assert "累计开展普法宣传活动130余场" in text


def test_a_figure_summed_over_communities_gets_a_form_per_community(
    adopted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    work = tmp_path / "单位"
    shutil.copytree(adopted, work, ignore=shutil.ignore_patterns("output"))
    ini = work / "inputs" / "单位设置.ini"
    ini.write_text(
        ini.read_text("utf-8").replace("社区 = （请填写）", "社区 = 甲社区、乙社区、丙社区"), "utf-8"
    )

    def by_community(row: dict) -> None:
        if row["指标代码"].value == "法治宣传栏":
            row["处理"].value = "各社区填报后相加"

    _edit_catalog(work / "templates" / NAME / "指标目录.xlsx", by_community)
    monkeypatch.chdir(work)
    assert _run("forms", "--year", "2025", "-o", "inputs/2025").exit_code == 0
    community = sorted((work / "inputs" / "2025").rglob("*社区.xlsx"))
    assert [p.name for p in community] == [f"社区填报表-{c}.xlsx" for c in ("丙社区", "乙社区", "甲社区")]
    for path in (work / "inputs" / "2025").rglob("*.xlsx"):
        wb = openpyxl.load_workbook(path)
        ws = wb["填报表"]
        for row in ws.iter_rows(min_row=7):
            if row[0].value:
                row[3].value = 2 if row[0].value == "法治宣传栏" else 1 if ws["A6"].value else None
        wb.save(path)
    built = _run("build", "inputs/2025")
    assert built.exit_code == 0, built.output
    text = "\n".join(paragraphs(work / "output" / f"中山门街道2025年{NAME}.docx"))
    assert "法治宣传栏6个" in text


def test_a_department_missing_from_the_settings_is_warned_about(adopted: Path, tmp_path: Path):
    work = tmp_path / "单位"
    shutil.copytree(adopted, work, ignore=shutil.ignore_patterns("output"))

    renamed = []

    def rename(row: dict) -> None:
        if row["填报部门"].value == "司法所":
            row["填报部门"].value = "司法 所"
            renamed.append(row["填报部门"].coordinate)

    _edit_catalog(work / "templates" / NAME / "指标目录.xlsx", rename)
    problems = [str(p) for p in check_inputs(input_dir=work / "inputs" / "2024", template=NAME, workdir=work)]
    told = [p for p in problems if "填报部门“司法 所”（学习研究、" in p]
    assert len(told) == 1, problems
    assert told[0].startswith(f"警告  {NAME}/指标目录.xlsx › 指标 › {renamed[0]}  ")
    assert told[0].endswith(
        "不在单位设置的“部门”名单中；如是新部门，请在单位设置.ini 的“部门”中加上；如是笔误，请在指标目录中改选"
    )


def test_mistakes_in_the_catalog_workbook_are_located(adopted: Path, tmp_path: Path):
    path = tmp_path / NAME / "指标目录.xlsx"
    path.parent.mkdir()
    shutil.copy(adopted / "templates" / NAME / "指标目录.xlsx", path)
    wb = openpyxl.load_workbook(path)
    ws = wb["指标"]
    row = {ws.cell(row=r, column=9).value: r for r in range(3, ws.max_row + 1)}  # 原数值 → row
    ws[f"F{row['70余']}"] = "不要了"
    ws[f"C{row['130余']}"] = None
    ws[f"A{row['2300余']}"] = "服务 群众"
    ws.cell(row=ws.max_row + 1, column=2, value="新加的指标")
    last = ws.max_row
    wb.save(path)
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    told = [str(p) for p in caught.value.problems]
    assert told == [
        f"错误  {NAME}/指标目录.xlsx › 指标 › F{row['70余']}  处理“不要了”无效，可用：填报、各社区填报后相加、保留原文",
        f"错误  {NAME}/指标目录.xlsx › 指标 › C{row['130余']}  没有填写“填报部门”；请从下拉列表中选择，或把“处理”改为“保留原文”",
        f"错误  {NAME}/指标目录.xlsx › 指标 › A{row['2300余']}  指标代码“服务 群众”只能由汉字、字母、数字和下划线组成，"
        "且不以数字开头；它是模板中的标签，请改回原样",
        f"错误  {NAME}/指标目录.xlsx › 指标 › A{last}  没有填写“指标代码”；新增的指标请起一个代码（汉字、字母或数字），"
        "并在 template.docx 中写上 {{ 代码 }}；不需要的行请整行删除",
    ]


def test_a_catalog_workbook_open_in_excel_gets_a_clear_answer(
    adopted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / NAME / "指标目录.xlsx"
    path.parent.mkdir()
    shutil.copy(adopted / "templates" / NAME / "指标目录.xlsx", path)

    def locked(_path: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("python_calamine.CalamineWorkbook.from_path", locked)
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert [str(p) for p in caught.value.problems] == [
        f"错误  {NAME}/指标目录.xlsx  文件正被 Excel 或 WPS 打开；请保存并关闭后重试"
    ]


def test_the_catalog_workbook_and_catalog_toml_load_alike(tmp_path: Path):
    for name in (NAME,):
        template = find_template(name)
        original = load_catalog(template.catalog)
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(template.docx, folder / "template.docx")
        catalog_to_workbook(original, folder / "指标目录.xlsx")
        again = load_catalog(find_template(str(folder)).catalog)
        assert again.figures == original.figures
        assert again.forms == original.forms
        assert again.ledgers == original.ledgers
        assert again.checks == original.checks
        assert again.literals == original.literals
        assert again.title == original.title
    with pytest.raises(CatalogError, match="含有统计表格（tables）、合计指标"):
        catalog_to_workbook(
            load_catalog(find_template("政府信息公开工作年度报告").catalog), tmp_path / "x.xlsx"
        )


# ── other offices' reports, other shapes ──────────────────────────────────


def _expected(lines: list[str]) -> list[str]:
    """A report's text as we write it again: page-number lines dropped, the date in Arabic
    numerals (GB/T 9704 7.3.5.2), blank-indented lines trimmed."""
    out = []
    for line in lines:
        line = _nfkc(line).replace(" ", "")
        if not line or re.fullmatch(r"[-—]?\d{1,3}[-—]?", line):
            continue
        out.append(arabic_date(line))
    return out


@pytest.mark.parametrize("report", sorted(DATA.glob("*.txt")), ids=lambda p: p.stem)
def test_other_offices_reports_are_adopted_and_written_again(report: Path, tmp_path: Path):
    made = adopt(report=report, workdir=tmp_path)
    built = build(workdir=tmp_path, template=made.name).report
    source = report.read_text(encoding="utf-8").splitlines()
    written = [_nfkc(p).replace(" ", "").replace("\n", "") for p in paragraphs(built)]  # a title breaks
    assert written == _expected(source)
    assert made.office == split_place(re.match(r"^(.+?(街道|镇))", report.stem).group(1))[2]
    assert made.year == int(re.search(r"(20\d\d)年", report.stem).group(1))
    assert [str(p) for p in lint(path=built) if p.severity is Severity.ERROR] == []
    assert [str(p) for p in lint(path=made.template) if p.severity is Severity.ERROR] == []


def test_city_and_district_before_the_office_go_to_the_settings(tmp_path: Path):
    made = adopt(report=DATA / "北京市朝阳区小关街道2023年法治政府建设年度报告.txt", workdir=tmp_path)
    settings = (tmp_path / "inputs" / "单位设置.ini").read_text(encoding="utf-8")
    assert "街道 = 小关街道\n" in settings and "市 = 北京市\n" in settings and "区 = 朝阳区\n" in settings
    assert "署名 = 北京市朝阳区人民政府小关街道办事处" in settings
    lines = (made.template / "template.txt").read_text(encoding="utf-8").splitlines()
    assert "[标题] {{ 市 }}{{ 区 }}{{ 街道 }}办事处{{ 年度 }}年法治政府建设年度报告" in lines
    assert (
        "[三级引领] 1.强化理论武装。|街道党工委理论学习中心组开展集中学法{{ 集中学法 }}次，"
        "处级领导干部年度述法覆盖率{{ 处级领导干部年度述法覆盖率 }}。" in lines
    )
    assert "[二级] （一）深入学习贯彻习近平法治思想" in lines


def test_a_three_part_report_with_addressee_signature_and_chinese_date(tmp_path: Path):
    made = adopt(report=DATA / "向阳镇2023年法治政府建设情况报告.txt", workdir=tmp_path)
    lines = (made.template / "template.txt").read_text(encoding="utf-8").splitlines()
    assert "[主送] 区委全面依法治区委员会办公室：" in lines
    assert sum(line.startswith("[一级]") for line in lines) == 3
    assert "[一级] 三、下一步工作打算" in lines
    assert lines[-2:] == ["[署名] {{ 署名 }}", "[日期] {{ 成文日期 }}"]
    settings = (tmp_path / "inputs" / "单位设置.ini").read_text(encoding="utf-8")
    assert "署名 = 中共向阳镇委员会　向阳镇人民政府" in settings
    assert "2023 = 2024年1月18日" in settings
    text = "\n".join(lines)
    assert "开通{{ 原文" in text and "}}热线" in text  # 12345热线 is a name
    assert "{{ 下一年度 }}年，我镇将" in text
    assert "工单{{ 办理工单 }}件" in text


def _numbered_docx(path: Path) -> Path:
    """Headings numbered by Word (一、 and （一） not in the text), a table, styles of its own."""
    document = Document()
    numbering = document.part.numbering_part.element
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    from lxml import etree

    abstract = etree.SubElement(numbering, f"{{{w}}}abstractNum", {f"{{{w}}}abstractNumId": "90"})
    for level, (fmt, text) in enumerate((("chineseCounting", "%1、"), ("chineseCounting", "（%2）"))):
        lvl = etree.SubElement(abstract, f"{{{w}}}lvl", {f"{{{w}}}ilvl": str(level)})
        etree.SubElement(lvl, f"{{{w}}}start", {f"{{{w}}}val": "1"})
        etree.SubElement(lvl, f"{{{w}}}numFmt", {f"{{{w}}}val": fmt})
        etree.SubElement(lvl, f"{{{w}}}lvlText", {f"{{{w}}}val": text})
    numbering.remove(abstract)
    first_num = numbering.find(f"{{{w}}}num")
    (first_num.addprevious(abstract) if first_num is not None else numbering.append(abstract))
    num = etree.SubElement(numbering, f"{{{w}}}num", {f"{{{w}}}numId": "90"})
    etree.SubElement(num, f"{{{w}}}abstractNumId", {f"{{{w}}}val": "90"})

    def numbered(text: str, level: int) -> None:
        p = document.add_paragraph(text, style="Heading 1" if level == 0 else "Heading 2")
        ppr = p._p.get_or_add_pPr()
        num_pr = etree.SubElement(ppr, f"{{{w}}}numPr")
        etree.SubElement(num_pr, f"{{{w}}}ilvl", {f"{{{w}}}val": str(level)})
        etree.SubElement(num_pr, f"{{{w}}}numId", {f"{{{w}}}val": "90"})

    document.add_paragraph("东风街道2024年法治政府建设年度报告", style="Title")
    document.add_paragraph("2024年，东风街道扎实推进法治政府建设。")
    numbered("主要举措和成效", 0)
    numbered("强化法治学习", 1)
    document.add_paragraph("组织集中学法12次，培训干部300余人次。")
    numbered("推进依法行政", 1)
    document.add_paragraph("审核合同46份，办理行政复议案件2件。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "数量"
    table.cell(1, 0).text, table.cell(1, 1).text = "合同审核", "46"
    numbered("存在的不足", 0)
    document.add_paragraph("普法形式还不够丰富。")
    document.add_paragraph("东风街道办事处")
    document.add_paragraph("2025年1月8日")
    document.save(str(path))
    return path


def test_word_numbering_is_read_and_tables_are_told(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    report = _numbered_docx(tmp_path / "报告.docx")
    monkeypatch.chdir(tmp_path)
    result = _run("init", "东风", "--from", str(report))
    assert result.exit_code == 0, result.output
    assert (
        "  报告中有 1 个表格，未转为模板；请在 template.docx 中自行添加，或把表格中的数字写进正文"
        in result.stdout
    )
    lines = (tmp_path / "东风" / "templates" / NAME / "template.txt").read_text(encoding="utf-8").splitlines()
    assert "[一级] 一、主要举措和成效" in lines
    assert "[二级] （一）强化法治学习" in lines
    assert "[二级] （二）推进依法行政" in lines
    assert "[一级] 二、存在的不足" in lines
    monkeypatch.chdir(tmp_path / "东风")
    built = _run("build")
    assert built.exit_code == 0, built.output
    text = paragraphs(tmp_path / "东风" / "output" / f"东风街道2024年{NAME}.docx")
    assert text[2:5] == ["一、主要举措和成效", "（一）强化法治学习", "组织集中学法12次，培训干部300余人次。"]


# ── refusals ──────────────────────────────────────────────────────────────


def test_adopt_refuses_what_it_cannot_read_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "报告.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "坏.docx").write_bytes(b"not a zip")
    (tmp_path / "空.txt").write_text("\n\n", encoding="utf-8")
    (tmp_path / "无年度.txt").write_text("某某街道工作总结\n开展活动30场。\n", encoding="utf-8")
    cases = {
        (
            "adopt",
            "报告.pdf",
        ): "不认识的文件类型“.pdf”（报告.pdf）；请使用 Word 文档（.docx、.doc）、WPS 文档（.wps）、保存的网页（.html、.mht）或 .txt\n",
        ("adopt", "坏.docx"): "坏.docx 不是有效的 Word 文档；请在 Word 或 WPS 中打开后另存为 .docx\n",
        ("adopt", "空.txt"): "空.txt 中没有文字；请确认选对了文件\n",
        ("adopt", "无年度.txt"): "无法从 无年度.txt 中判断报告的年度；请用 --year 写明，如 --year 2024\n",
        ("adopt", "没有.docx"): "找不到报告文件：没有.docx\n",
    }
    for args, message in cases.items():
        result = _run(*args)
        assert (result.exit_code, result.stderr) == (2, message), args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["坏.docx", "报告.pdf", "无年度.txt", "空.txt"]


def test_a_report_open_in_word_gets_a_clear_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    plain_docx(reference_lines(), tmp_path / "报告.docx")
    real_open = Path.open

    def locked(self: Path, *args, **kwargs):
        if self.name == "报告.docx":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked)
    monkeypatch.chdir(tmp_path)
    result = _run("adopt", "报告.docx")
    assert (result.exit_code, result.stderr) == (
        2,
        "无法读取 报告.docx：文件正被 Word、WPS 或其他程序打开，或没有读取权限；请关闭后重试\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx"]


def test_adopt_never_overwrites_and_cleans_up_after_a_refusal(tmp_path: Path):
    report = plain_docx(reference_lines(), tmp_path / "报告.docx")
    work = tmp_path / "work"
    adopt(report=report, workdir=work)
    before = sorted(p.relative_to(work) for p in work.rglob("*"))
    with pytest.raises(OutputError, match="已有模板文件夹"):
        adopt(report=report, workdir=work)
    # Another name, but a form of that name is there already: nothing of the new template stays.
    clash = work / "inputs" / "2024" / "司法所-另一个报告填报表.xlsx"
    clash.write_bytes(b"filled in by hand")
    before = sorted(p.relative_to(work) for p in work.rglob("*"))
    with pytest.raises(OutputError, match=r"司法所-另一个报告填报表\.xlsx，未作改动"):
        adopt(report=report, workdir=work, name="另一个报告", year=2024)
    assert sorted(p.relative_to(work) for p in work.rglob("*")) == before
    assert clash.read_bytes() == b"filled in by hand"


def test_adopt_in_a_workspace_takes_the_office_from_its_settings(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
):
    report = plain_docx(reference_lines(), workdir / "报告.docx")
    monkeypatch.chdir(workdir)
    shutil.rmtree(workdir / "inputs" / "2024")
    result = _run("adopt", "报告.docx", "--name", "本街道报告")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "已从报告中识别：单位“中山门街道”，2024年《本街道报告》"
    assert "{{ 街道 }}坚持以习近平" in (workdir / "templates" / "本街道报告" / "template.txt").read_text(
        "utf-8"
    )
    assert report.is_file()
    settings = (workdir / "inputs" / "单位设置.ini").read_text("utf-8")
    assert "模板 = 法治政府建设年度报告、政府信息公开工作年度报告、本街道报告\n" in settings
    assert result.stdout.splitlines()[-1].startswith("  3. 新的年度运行 assembler forms --year 2025")


def test_a_report_adopted_into_another_office_keeps_none_of_its_own_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """红星街道's report adopted by 新华街道 (北京市东城区): title, body and 署名 print 新华街道;
    the other office it names is told; its city's words are declared and told at build."""
    (tmp_path / "红星.txt").write_text(HONGXING, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    made = _run("init", "新华", "--from", "红星.txt", "--office", "北京市东城区新华街道")
    assert made.exit_code == 0, made.output
    assert made.stdout.splitlines()[4] == (
        "  警告  红星.txt › 第4段  报告中写有“东风街道”（“…红星街道与东风街道联合开展普法宣传活动…”），"
        "不是本报告单位（红星街道）的名称，已照原文保留；如那是别的单位的事，请在 template.txt 中改写后重新生成模板"
    )
    lines = (tmp_path / "新华" / "templates" / "法治政府建设年度报告" / "template.txt").read_text("utf-8")
    assert "红星" not in lines.replace("东风街道", "")
    assert "{{ 街道 }}与东风街道联合开展" in lines and "{{ 简称 }}地区治安稳定" in lines
    monkeypatch.chdir(tmp_path / "新华")
    built = _run("build")
    assert built.exit_code == 0, built.output
    text = "\n".join(paragraphs(tmp_path / "新华" / "output" / "新华街道2024年法治政府建设年度报告.docx"))
    assert "红星" not in text
    assert text.startswith("新华街道2024年法治政府建设年度报告\n2024年，新华街道在区委")
    assert "新华地区治安稳定" in text and "罚款56.5万元" in text and "服务群众1.2万余人" in text
    assert "新华街道办事处\n2025年1月10日" in text
    forms = _run("forms")  # the year after the adopted one
    assert forms.stdout.splitlines()[0].endswith("保存在：空白表格/2025")
    assert (
        "  警告  法治政府建设年度报告/template.docx › 第4段  模板原文“…××地区治安稳定。学习《天津市法治宣传教育条例》××…”"
        "中的“天津”是天津市的说法，本单位在北京市；请把模板文件夹复制到本单位的 templates/ 中改写这一句"
        "（改后运行 assembler lint 检查），或改用不含这些说法的模板"
    ) in built.stdout.splitlines()


def test_a_money_figure_in_wan_yuan_asks_for_wan_yuan(tmp_path: Path):
    """56.5万元 is asked for in 万元 with decimals, read as 56.5万元, and printed 56.5万元."""
    (tmp_path / "r.txt").write_text(HONGXING, encoding="utf-8")
    adopt(report=tmp_path / "r.txt", workdir=tmp_path)
    [path] = [p for p in (tmp_path / "inputs" / "2024").glob("*.xlsx") if "罚款" in _labels(p)]
    ws = openpyxl.load_workbook(path)["填报表"]
    [row] = [r for r in ws.iter_rows(min_row=7) if r[1].value == "罚款"]
    assert (row[2].value, row[3].value) == ("万元", 56.5)
    assert row[4].value == "请填写金额，以万元为单位，只填数字，可有小数，如 56.5；没有请填 0。"
    row[3].value = 48.25
    ws.parent.save(path)
    report = build(workdir=tmp_path, template="法治政府建设年度报告").report
    assert "罚款48.25万元" in "\n".join(paragraphs(report))


def _labels(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    return " ".join(str(c.value) for row in wb["填报表"].iter_rows() for c in row if c.value)


def test_a_binary_file_named_txt_is_not_taken_for_text(tmp_path: Path):
    """Bytes that decode as UTF-16 with a [ and an = (a zip's, some days) but hold control
    characters are no text a clerk saved: told so, never adopted into a broken template."""
    (tmp_path / "报告.txt").write_bytes("[单位]\x01\x02街道=某".encode("utf-16-le"))
    with pytest.raises(UsageError) as caught:
        adopt(report=tmp_path / "报告.txt", workdir=tmp_path)
    assert caught.value.message == "报告.txt 不是文本文件，或编码无法识别；请另存为 UTF-8 编码的 .txt"


def test_a_doc_without_libreoffice_gets_a_clear_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("assembler.reading.reports.find_soffice", lambda: None)
    (tmp_path / "报告.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(UsageError) as caught:
        adopt(report=tmp_path / "报告.doc", workdir=tmp_path)
    assert caught.value.message == (
        "读取 .doc 文件需要 LibreOffice（本机未安装）；请在 Word 或 WPS 中把它另存为 .docx 后再试"
    )


def test_a_docx_renamed_doc_is_read_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Portals and mail often hand out a .docx named .doc: read directly, LibreOffice not needed."""
    monkeypatch.setattr("assembler.reading.reports.find_soffice", lambda: None)
    source = plain_docx(reference_lines(), tmp_path / "报告.docx")
    renamed = tmp_path / "报告.doc"
    shutil.copyfile(source, renamed)
    from_doc = adopt(report=renamed, workdir=tmp_path / "a")
    from_docx = adopt(report=source, workdir=tmp_path / "b")
    assert (from_doc.template / "template.txt").read_text("utf-8") == (
        from_docx.template / "template.txt"
    ).read_text("utf-8")


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8"])
def test_text_saved_as_doc_is_read_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str):
    """Some systems save a report's text as .doc: read as the .txt it is, LibreOffice not needed."""

    def no_libreoffice() -> None:
        raise AssertionError("LibreOffice started for plain text")

    monkeypatch.setattr("assembler.reading.reports.find_soffice", no_libreoffice)
    text = "\r\n".join(reference_lines())
    (tmp_path / "报告.txt").write_text(text, encoding="utf-8")
    (tmp_path / "报告.doc").write_bytes(text.encode(encoding))
    from_doc = adopt(report=tmp_path / "报告.doc", workdir=tmp_path / "a")
    from_txt = adopt(report=tmp_path / "报告.txt", workdir=tmp_path / "b")
    assert (from_doc.template / "template.txt").read_text("utf-8") == (
        from_txt.template / "template.txt"
    ).read_text("utf-8")


def _workbook_bytes() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("报告.doc", b"", "报告.doc 是空文件；请换成完整的报告文件（Word 文档或保存的网页）"),
        (
            "报告.wps",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            "报告.wps 实际是 PDF 文件，读不出报告的段落和表格；请使用报告的 Word 文档（.docx、.doc）或保存的网页",
        ),
        (
            "报告.doc",
            "workbook",
            "报告.doc 实际是 Excel 工作簿，不是报告；请使用报告的 Word 文档（.docx、.doc）或保存的网页",
        ),
        ("报告.doc", "half", "报告.doc 已损坏（文件不完整），无法读取；请重新复制或下载完整的报告文件"),
    ],
)
def test_what_no_word_processor_reads_is_told_without_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: bytes | str, message: str
):
    def no_libreoffice() -> None:
        raise AssertionError("LibreOffice started for a file it cannot read")

    monkeypatch.setattr("assembler.reading.reports.find_soffice", no_libreoffice)
    workbook = _workbook_bytes()
    data = {"workbook": workbook, "half": workbook[: len(workbook) // 2]}.get(content, content)
    (tmp_path / name).write_bytes(data)  # type: ignore[arg-type]
    with pytest.raises(UsageError) as caught:
        adopt(report=tmp_path / name, workdir=tmp_path)
    assert caught.value.message == message


@pytest.mark.skipif(find_soffice() is None, reason="needs LibreOffice")
def test_a_doc_saved_by_word_97_is_read_through_libreoffice(tmp_path: Path):
    """A Word 97–2003 binary (.doc): the reference's lines, saved once by LibreOffice's "MS Word 97"
    filter (`tests/data/`, made from the .docx `plain_docx` writes), read back through LibreOffice."""
    source = plain_docx(reference_lines(), tmp_path / "报告.docx")
    doc = tmp_path / "doc" / "报告.doc"
    doc.parent.mkdir()
    shutil.copyfile(REFERENCE.with_suffix(".doc"), doc)
    assert doc.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 compound file
    from_doc = adopt(report=doc, workdir=tmp_path / "a")
    from_docx = adopt(report=source, workdir=tmp_path / "b")
    assert (from_doc.template / "template.txt").read_text("utf-8") == (
        from_docx.template / "template.txt"
    ).read_text("utf-8")


def test_structure_reads_a_title_split_over_two_lines_and_notes_after_the_date():
    found = structure(
        [
            "某某街道2024年",
            "法治政府建设年度报告",
            "正文。",
            "某某街道办事处",
            "2025年1月5日",
            "（此件公开发布）",
        ]
    )
    assert (found.title, found.signer, found.date, found.notes) == (
        "某某街道2024年法治政府建设年度报告",
        "某某街道办事处",
        "2025年1月5日",
        ["（此件公开发布）"],
    )


def test_headings_on_their_own_line_or_leading_a_paragraph():
    found = structure(
        [
            "一、加强组织领导。镇党委召开会议6次。",
            "二、2024年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
            "（一）强化思想武装",
            "（二）注重统筹谋划。定期研究法治工作5次。",
            "1.规范执法。全年立案426起。",
            "（三）这一段以序号开头，却是一句很长的正文，而且没有标题句，以逗号结尾，",
            "一是优化普法格局。组织制定普法计划。",
        ]
    )
    assert found.lines == [
        ("一级引领", "一、加强组织领导。|镇党委召开会议6次。"),
        ("一级", "二、2024年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况"),
        ("二级", "（一）强化思想武装"),
        ("二级引领", "（二）注重统筹谋划。|定期研究法治工作5次。"),
        ("三级引领", "1.规范执法。|全年立案426起。"),
        ("", "（三）这一段以序号开头，却是一句很长的正文，而且没有标题句，以逗号结尾，"),
        ("", "一是优化普法格局。组织制定普法计划。"),
    ]


def test_internal_errors_never_reach_the_clerk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "r.txt").write_bytes(b"\xff\xfe\x00\xd8\x00\xd8")  # broken UTF-16
    result = _run("adopt", "r.txt", "--year", "2024")
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "不是文本文件" in result.stderr
    assert issubclass(UsageError, AssemblerError)


def test_a_report_with_a_very_long_number_is_adopted_and_written_again(tmp_path: Path):
    """The number finder once raised decimal.InvalidOperation on 30 significant digits."""
    text = HONGXING.replace("罚款56.5万元", "系统编号为100100100100000.00202320232023")
    (tmp_path / "r.txt").write_text(text, encoding="utf-8")
    made = adopt(report=tmp_path / "r.txt", workdir=tmp_path)
    report = build(workdir=tmp_path, template=made.name).report
    assert "系统编号为100100100100000.00202320232023" in "\n".join(paragraphs(report))


@pytest.mark.parametrize(
    ("signature", "body"),
    [
        ("南京市玄武区人民政府玄武门街道办事处", "在区委、区政府的坚强领导下"),
        ("玄武门街道办事处", "在南京市玄武区人民政府的领导下"),
        ("南京市玄武区玄武门街道办事处", ""),
    ],
)
def test_the_city_and_district_are_told_apart_wherever_the_report_names_them(signature, body):
    """A district's name is never its city's and its own together: 区 = 南京市玄武区 would print
    南京市玄武区委 in every template that writes {{ 区 }}委."""
    from assembler.adoption.adopt import _own_names

    text = f"玄武门街道2024年法治政府建设年度报告\n2024年，玄武门街道{body}，扎实推进依法行政。\n{signature}\n2025年1月20日"
    names = _own_names("玄武门街道", text)
    assert (names.city, names.district, names.office) == ("南京市", "玄武区", "玄武门街道")


def test_words_before_the_own_office_name_do_not_make_another_office():
    """请与北山街道…联系, 2025年北山街道将…: the report's own office, not another one."""
    from assembler.adoption.adopt import other_offices

    paragraphs = [
        "如对本报告有疑问，请与北山街道党政办公室联系。",
        "对上述问题，2025年北山街道将重点做好以下工作。",
    ]
    assert other_offices(paragraphs, "北山街道") == []
    assert [name for _, name, _ in other_offices(["与东山街道联合开展普法活动。"], "北山街道")] == [
        "东山街道"
    ]
