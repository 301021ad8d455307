"""Last year's published 政府信息公开工作年度报告 adopted with its tables — from the portal's web page
(any encoding, the portal around it) or the .docx — gives the published tables again, tells the
relations a published table breaks, and gives the first year its carry-over check."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import paragraphs
from docx import Document
from python_calamine import CalamineWorkbook
from webreports import FAZHI, XXGK, build_sample_reports, portal

from assembler.cli import main
from assembler.commands.build import build_reports
from assembler.model.settings import parse_settings
from assembler.reading.catalogs import load_catalog
from assembler.reading.templates import bundled_template_root
from assembler.writing.forms import make_form_workbook

REPORT = "政府信息公开工作年度报告"
PARTY = "党政办公室-政务公开工作情况表.xlsx"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample's two reports as published: each .docx, and its web page in a portal (GBK)."""
    folder = tmp_path_factory.mktemp("published")
    reports = build_sample_reports(folder / "office")
    results = build_reports(workdir=folder / "office", html=True, force=True)
    pages = {}
    for result in results:
        body = result.html.read_text(encoding="utf-8")
        article = body[body.index("<article") : body.index("</article>") + len("</article>")]
        page = folder / f"{result.report.stem}.html"
        page.write_bytes(portal(article, charset="gb2312", title=result.report.stem).encode("gbk"))
        pages[result.report.stem] = page
    return {
        "docx": reports[XXGK],
        "page": pages[XXGK],
        "fazhi docx": reports[FAZHI],
        "fazhi page": pages[FAZHI],
    }


def _grids(docx: Path) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in Document(str(docx)).tables]


def _adopt(source: Path, folder: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(folder.parent)
    made = CliRunner().invoke(main, ["init", folder.name, "--from", str(source)])
    assert made.exit_code == 0, made.output
    monkeypatch.chdir(folder)
    built = CliRunner().invoke(main, ["build", "inputs/2024"])
    assert built.exit_code == 0, built.output
    return made, folder / "output" / f"中山门街道2024年{REPORT}.docx"


@pytest.mark.parametrize("kind", ["page", "docx"])
def test_a_published_report_gives_its_tables_and_text_again(published, kind, tmp_path, monkeypatch):
    made, rebuilt = _adopt(published[kind], tmp_path / "office", monkeypatch)
    assert made.stdout.splitlines()[2:4] == [
        f"已从报告中识别：单位“中山门街道”，2024年《{REPORT}》",
        "  统计表：3 张，200 个数字已读入（格式按国办公开办函〔2021〕30号，使用同名模板）",
    ]
    assert _grids(rebuilt) == _grids(published["docx"])
    assert paragraphs(rebuilt) == paragraphs(published["docx"])
    settings = parse_settings(tmp_path / "office" / "inputs" / "单位设置.ini")
    assert (settings.office, settings.district, settings.reports) == ("中山门街道", "河东区", (REPORT,))
    audit = next((tmp_path / "office" / "output").glob("*溯源表.xlsx"))
    rows = CalamineWorkbook.from_path(str(audit)).get_sheet_by_name("指标溯源").to_python()
    header = rows[0]
    cell = next(r for r in rows if r[header.index("指标代码")] == "表三 › 自然人 › （一）予以公开")
    assert "【推算】由2024年报告表三的计数还原" in cell[header.index("来源")]


def test_a_published_table_that_breaks_a_relation_is_adopted_and_told(published, tmp_path, monkeypatch):
    page = published["page"].read_bytes().decode("gbk")
    # The published 总计 of row 一 says 14 where its columns add up to 13 (relation C).
    row = page.index("一、本年新收政府信息公开申请数量")
    total = page.index(">13<", row)
    broken = tmp_path / "broken.html"
    broken.write_bytes((page[:total] + ">14<" + page[total + 4 :]).encode("gbk"))
    made, rebuilt = _adopt(broken, tmp_path / "office", monkeypatch)
    told = [line for line in made.stdout.splitlines() if "勾稽关系" in line]
    assert told and all(line.startswith("  警告  broken.html") for line in told)
    assert any("14" in line and "13" in line for line in told)
    three = _grids(rebuilt)[1]
    assert three[3][-1] == "13"  # rebuilt: the sum of its columns


def test_a_rule_of_law_report_saved_as_a_page_adopts_as_its_docx(published, tmp_path, monkeypatch):
    texts = {}
    for kind in ("fazhi docx", "fazhi page"):
        folder = tmp_path / kind.replace(" ", "-")
        monkeypatch.chdir(tmp_path)
        result = CliRunner().invoke(main, ["init", folder.name, "--from", str(published[kind])])
        assert result.exit_code == 0, result.output
        template = next((folder / "templates").glob("*/template.txt"))
        texts[kind] = [line for line in template.read_text("utf-8").splitlines() if not line.startswith("//")]
    assert texts["fazhi page"] == texts["fazhi docx"]


def _year_2025(office: Path, carried: int) -> None:
    """2025's forms, filled: `carried` applications received in December 2024 and closed in
    January, one received and closed in 2025; no cases, no fees."""
    settings = parse_settings(office / "inputs" / "单位设置.ini")
    catalog = load_catalog(bundled_template_root() / REPORT / "catalog.toml")
    folder = office / "inputs" / "2025"
    folder.mkdir()
    for form_id in ("政务公开", "执法"):
        form = catalog.forms[form_id]
        wb = make_form_workbook(catalog, form, settings, 2025)
        for row in wb.active.iter_rows(min_row=7):
            if row[0].value:
                row[3].value = {"申请件数确认": 1}.get(row[0].value, 0)
        if form_id == "政务公开":
            ws = wb["依申请公开台账"]
            rows = [[dt.date(2024, 12, 20), "自然人", "予以公开", dt.date(2025, 1, 8)]] * carried
            rows += [[dt.date(2025, 3, 1), "自然人", "予以公开", dt.date(2025, 3, 9)]]
            for r, values in enumerate(rows, start=2):
                for c, value in enumerate(values, start=1):
                    ws.cell(row=r, column=c, value=value)
        wb.save(folder / f"{form.department}-{form.title}.xlsx")


def test_the_first_year_checks_its_carry_over_against_the_published_report(published, tmp_path, monkeypatch):
    office = tmp_path / "office"
    _adopt(published["page"], office, monkeypatch)
    _year_2025(office, carried=2)  # the published report carried 1 over (自然人)
    result = CliRunner().invoke(main, ["build", "--html"])
    assert result.exit_code == 0, result.output
    [warned] = [line for line in result.stdout.splitlines() if "自然人）：" in line and "上年结转" in line]
    assert "上年 表三 › 自然人 › 四、结转下年度继续办理 1" in warned
    assert re.search(r"inputs/2024/党政办公室-政务公开工作情况表\.xlsx › 依申请公开台账 › 第\d+行", warned)
    audit = office / "output" / f"中山门街道2025年{REPORT}溯源表.xlsx"
    rows = CalamineWorkbook.from_path(str(audit)).get_sheet_by_name("指标溯源").to_python()
    header = rows[0]
    carried = next(r for r in rows if r[header.index("指标代码")] == "表三 › 自然人 › 四、结转下年度继续办理")
    assert carried[header.index("上年数值")] == 1
    assert "【推算】由2024年报告表三的计数还原" in carried[header.index("上年来源")]
    assert (office / "output" / f"中山门街道2025年{REPORT}.html").is_file()


def test_build_html_writes_a_page_per_report_with_the_official_tables(published):
    from webreports import cell_text, html_grid, word_grid

    folder = published["page"].parent / "office" / "output"
    pages = sorted(folder.glob("*.html"))
    assert sorted(p.stem for p in pages) == sorted([XXGK, FAZHI])
    html = (folder / f"{XXGK}.html").read_text(encoding="utf-8")
    assert html.count("<h1") == 1 and html.count("<table") == 3 and 'lang="zh-CN"' in html
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):  # fmt: skip
        assert f">{heading}</h2>" in html
    from lxml import html as lxml_html

    tables = lxml_html.fromstring(html).findall(".//table")
    for word, page in zip(Document(str(folder / f"{XXGK}.docx")).tables, tables, strict=True):
        texts, spans = word_grid(word)
        at, origins = html_grid(page)
        assert {pos: cell_text(cell) for pos, cell in at.items()} == {
            (r, c): text for r, row in enumerate(texts) for c, text in enumerate(row)
        }  # the numbers as text, where the Word table has them
        assert {
            (r, c, int(cell.get("rowspan", "1")), int(cell.get("colspan", "1"))) for r, c, cell in origins
        } == set(spans.values())  # every official span, exactly
    fragment = (folder / f"{XXGK}（网页源代码）.txt").read_bytes()
    assert fragment.startswith(b"\xef\xbb\xbf<h1") and b"<html" not in fragment


def test_a_second_report_adopted_names_the_workbooks_its_own_replace(published, tmp_path, monkeypatch):
    """The 法治 report adopted first, the 信息公开 report into the same folder: a department's new
    workbook holds both its forms, and the one written before is named, to be moved out."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "office", "--from", str(published["fazhi docx"])]).exit_code == 0
    monkeypatch.chdir(tmp_path / "office")
    adopted = CliRunner().invoke(main, ["adopt", str(published["docx"])])
    assert adopted.exit_code == 0, adopted.output
    told = [line.split()[1] for line in adopted.output.splitlines() if "新表已含它的各张表" in line]
    assert told and all(name.endswith(".xlsx") for name in told)
    before = CliRunner().invoke(main, ["check", "inputs/2024"])
    assert "交了2份" in before.output  # as the warning says
    for name in told:
        (tmp_path / "office" / "inputs" / "2024" / name).unlink()  # moved out, as told
    after = CliRunner().invoke(main, ["check", "inputs/2024"])
    assert "交了" not in after.output, after.output
