"""A report as a web page (`assembler.writing.webpage`): semantic HTML5 whose paragraphs and table cells
are the Word report's, with the official tables' merges as rowspan/colspan; checked by parsing
it, and in headless Chromium on screen at a portal's width and printed on A4."""

from __future__ import annotations

import html.parser
import json
import os
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import chromium
import lxml.html
import pytest
from webreports import FAZHI, XXGK, build_sample_reports, cell_text, html_grid, styled_document, word_grid

from assembler.writing.webpage import FRAGMENT_SUFFIX, page_of, write_pages

needs_chromium = pytest.mark.skipif(chromium.find_chromium() is None, reason=chromium.MISSING)
VOID = {"meta", "br", "col", "hr", "img", "input", "link", "wbr"}
MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_sample_reports(tmp_path_factory.mktemp("web-reports"))


@pytest.fixture(scope="module")
def xxgk(reports: dict[str, Path]) -> Any:
    from docx import Document

    return Document(str(reports[XXGK]))


@pytest.fixture(scope="module")
def xxgk_page(xxgk: Any) -> str:
    return page_of(xxgk).html


def _tree(page: str) -> Any:
    return lxml.html.document_fromstring(page)


class _Nesting(html.parser.HTMLParser):
    """Every element closed, in order (no implied end tags), and the tags seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.tags: Counter[str] = Counter()
        self.ids: Counter[str] = Counter()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attributes.update(name for name, _ in attrs)
        self.ids.update(value or "" for name, value in attrs if name == "id")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '—'}>")
            return
        self.stack.pop()


def _nesting(markup: str) -> _Nesting:
    checker = _Nesting()
    checker.feed(markup)
    checker.close()
    assert not checker.problems, checker.problems
    assert not checker.stack, f"not closed: {checker.stack}"
    return checker


# ── the page's markup ─────────────────────────────────────────────────────


def test_the_page_is_a_standalone_html5_document(xxgk_page: str):
    assert xxgk_page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">')
    seen = _nesting(xxgk_page)
    assert seen.tags["h1"] == 1 and seen.tags["title"] == 1 and seen.tags["style"] == 1
    assert not [i for i, n in seen.ids.items() if n > 1], "duplicate ids"
    assert (
        "style" not in seen.attributes and "align" not in seen.attributes and "width" not in seen.attributes
    )
    assert not {"font", "img", "script", "center"} & set(seen.tags)
    tree = _tree(xxgk_page)
    assert tree.findtext("head/title") == XXGK
    assert tree.find(".//h1").text_content() == XXGK
    for labelled in tree.iterfind(".//table[@aria-labelledby]"):
        assert len(tree.findall(f".//*[@id='{labelled.get('aria-labelledby')}']")) == 1
    css = tree.findtext("head/style")
    assert "@media print" in css and "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }" in css


def test_headings_and_paragraphs_follow_the_report_styles(reports: dict[str, Path]):
    from docx import Document

    document = Document(str(reports[FAZHI]))
    tree = _tree(page_of(document).html)
    styles = Counter(p.style.name for p in document.paragraphs if p.text.strip())
    tags = Counter(el.tag for el in tree.find(".//article"))
    assert tags["h1"] == 1
    assert tags["h2"] == styles["一级标题"] and tags["h3"] == styles["二级标题"]
    assert [p.text for p in tree.iterfind(".//p[@class='signature']")] == ["中山门街道办事处"]
    assert [p.text for p in tree.iterfind(".//p[@class='date']")] == ["2025年1月20日"]
    leads = [p for p in tree.iterfind(".//p") if p.find("strong") is not None]
    lead_runs = [p for p in document.paragraphs if any(r.style.name == "二级标题字符" for r in p.runs)]
    assert len(leads) == len(lead_runs) == 8
    first = leads[0]
    assert first[0].get("class") == "lead-2" and first[0].text == "（一）强化思想武装。"
    assert first.text is None and first[0].tail.startswith("坚持抓住领导干部这个“关键少数”")


def _blocks(tree: Any) -> list[str]:
    return [cell_text(el) for el in tree.find(".//article") if el.tag in ("h1", "h2", "h3", "h4", "p")]


@pytest.mark.parametrize("name", [XXGK, FAZHI])
def test_every_paragraph_is_the_word_reports(reports: dict[str, Path], name: str):
    from docx import Document

    document = Document(str(reports[name]))
    expected = [p.text for p in document.paragraphs if p.text.strip()]
    expected[0] = expected[0].replace("\n", "")  # the title's line break: its shape on paper
    assert _blocks(_tree(page_of(document).html)) == expected


def test_every_table_cell_is_the_word_tables_at_the_same_grid_position(xxgk: Any, xxgk_page: str):
    tables = _tree(xxgk_page).findall(".//article//table")
    assert len(tables) == len(xxgk.tables) == 3
    for number, (table, word) in enumerate(zip(tables, xxgk.tables, strict=True), start=2):
        texts, spans = word_grid(word)
        at, origins = html_grid(table)
        assert set(at) == {(r, c) for r in range(len(texts)) for c in range(len(texts[0]))}, f"表{number}"
        for (r, c), cell in at.items():
            assert cell_text(cell) == texts[r][c], f"表{number} ({r}, {c})"
        # Each merged Word cell is one HTML cell with its spans; a covered position has no cell.
        assert len(origins) == len(set(spans.values()))
        for r, c, cell in origins:
            box = spans[(r, c)]
            assert (r, c) == box[:2]
            assert (int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))) == box[2:], (
                f"表{number} ({r}, {c})"
            )
            assert cell_text(cell).strip(), f"表{number} ({r}, {c}) is an empty cell"


def test_header_rows_are_thead_and_row_labels_are_th(xxgk: Any, xxgk_page: str):
    tree = _tree(xxgk_page)
    two, three, four = tree.findall(".//article//table")
    for table, heads in ((two, 2), (three, 3), (four, 3)):
        (thead,) = table.findall("thead")
        assert len(thead.findall("tr")) == heads
        assert {cell.tag for cell in thead.iter("td", "th")} == {"th"}
        assert {cell.get("scope") for cell in thead.iter("th")} == {"col"}
        assert len(table.findall("tbody")) == 1
    for tr in three.find("tbody").iter("tr"):
        labels = [c for c in tr if c.tag == "th"]
        figures = [c for c in tr if c.tag == "td"]
        assert len(figures) == 7 and all(re.fullmatch(r"\d+", c.text) for c in figures)
        assert labels and {c.get("scope") for c in labels} == {"row"}
    # Table 二's block headings (第二十条第（五）项, 信息内容 …) are column headers in the body.
    body = two.find("tbody")
    assert [th.text for th in body.iterfind("tr/th[@scope='col']")][:3] == [
        "第二十条第（五）项",
        "信息内容",
        "本年处理决定数量",
    ]
    assert [td.text for td in four.iterfind("tbody/tr/td")] == [c.text for c in xxgk.tables[2].rows[3].cells]


def test_the_official_spans(xxgk_page: str):
    two, three, four = _tree(xxgk_page).findall(".//article//table")

    def span(table: Any, text: str) -> tuple[int, int]:
        (cell,) = [c for c in table.iter("th", "td") if cell_text(c) == text]
        return int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))

    assert span(two, "第二十条第（一）项") == (1, 4)
    assert span(two, "本年收费金额（单位：万元）") == (1, 3)
    assert span(three, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）") == (3, 3)
    assert span(three, "申请人情况") == (1, 7)
    assert span(three, "自然人") == (2, 1) and span(three, "法人或其他组织") == (1, 5)
    assert span(three, "三、本年度办理结果") == (22, 1)
    assert span(three, "（三）不予公开") == (8, 1) and span(three, "（六）其他处理") == (3, 1)
    assert span(three, "（七）总计") == (1, 2) and span(three, "四、结转下年度继续办理") == (1, 3)
    assert span(four, "行政复议") == (1, 5) and span(four, "行政诉讼") == (1, 10)
    assert span(four, "复议后起诉") == (1, 5)
    assert [int(c.get("rowspan", 1)) for c in four.find("thead/tr[2]")] == [2, 2, 2, 2, 2, 1, 1]


def test_a_clerks_text_is_escaped():
    hostile = "A&B <C> “引号” <script>alert(1)</script> &amp;"
    document = styled_document(
        [("公文标题", f"标题{hostile}"), ("一级标题", f"一、{hostile}"), ("Normal", hostile),
         ("表格", f"项目|数量\n{hostile}|1"), ("署名", "某街道<办事处>"), ("成文日期", "2025年1月20日")]
    )  # fmt: skip
    page = page_of(document)
    seen = _nesting(page.html)
    assert "script" not in seen.tags
    tree = _tree(page.html)
    assert tree.findtext("head/title") == f"标题{hostile}"
    assert _blocks(tree) == [f"标题{hostile}", f"一、{hostile}", hostile, "某街道<办事处>", "2025年1月20日"]
    assert [cell_text(c) for c in tree.iter("th", "td")] == ["项目", "数量", hostile, "1"]
    assert "&lt;script&gt;" in page.fragment and "<script>" not in page.fragment


def test_a_report_without_a_title_paragraph_gets_the_given_title_as_h1():
    document = styled_document([("Normal", "正文。"), ("Normal", ""), ("署名", "某街道办事处")])
    tree = _tree(page_of(document, title="某街道2024年报告").html)
    assert [el.tag for el in tree.find(".//article")] == ["h1", "p", "p"]
    assert tree.find(".//h1").text == "某街道2024年报告" == tree.findtext("head/title")


def test_a_drafts_gaps_are_marked():
    from docx.enum.text import WD_COLOR_INDEX

    document = styled_document([("公文标题", "某报告"), ("Normal", "共办理")])
    paragraph = document.paragraphs[-1]
    paragraph.add_run("【缺：办理件数】").font.highlight_color = WD_COLOR_INDEX.YELLOW
    paragraph.add_run("件。")
    assert "<p>共办理<mark>【缺：办理件数】</mark>件。</p>" in page_of(document).fragment


def test_write_pages_writes_the_page_and_the_source_to_paste(xxgk: Any, tmp_path: Path):
    page, fragment = write_pages(xxgk, tmp_path / f"{XXGK}.html")
    assert (
        page.name == f"{XXGK}.html"
        and fragment.name == f"{XXGK}{FRAGMENT_SUFFIX}" == f"{XXGK}（网页源代码）.txt"
    )
    data = page.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8") == page_of(xxgk).html
    pasted = fragment.read_bytes()
    assert (
        pasted.startswith(b"\xef\xbb\xbf<h1>")
        and b"\r\n" in pasted
        and b"\n" not in pasted.replace(b"\r\n", b"")
    )
    text = pasted.decode("utf-8-sig").replace("\r\n", "\n")
    assert text == page_of(xxgk).fragment and text in data.decode("utf-8")
    seen = _nesting(text)
    assert not {"html", "head", "body", "style", "title", "article"} & set(seen.tags)
    assert seen.tags["h1"] == 1 and seen.tags["table"] == 3 and seen.tags["thead"] == 3
    assert not list(tmp_path.glob(".~*")), "no temporary file left"


# ── in a browser ──────────────────────────────────────────────────────────

MEASURE = """
<script>
(() => {
  const article = document.querySelector("article");
  const tables = () => [...article.querySelectorAll("table")].filter((t) => !t.parentElement.closest("table"));
  const measure = () => ({
    article: article.clientWidth,
    page: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
    tables: tables().map((t) => t.getBoundingClientRect().width),
    overflowing: [...article.querySelectorAll("th, td, p, h1, h2, h3")].filter((e) => e.scrollWidth > e.clientWidth + 1).length,
  });
  const out = { screen: measure() };
  out.grids = tables().map((t) => [...t.rows].map((tr) => [...tr.cells].map((c) => [c.rowSpan, c.colSpan, c.textContent])));
  out.h1 = document.querySelectorAll("h1").length;
  // The print stylesheet on, the article as wide as A4's text block (156 mm): print's layout.
  for (const sheet of document.styleSheets) {
    for (const rule of [...sheet.cssRules]) {
      if (rule instanceof CSSMediaRule && rule.media.mediaText === "print") rule.media.mediaText = "all";
    }
  }
  document.body.style.width = "156mm";
  out.print = measure();
  out.print.block = document.body.getBoundingClientRect().width;
  document.body.setAttribute("data-measured", JSON.stringify(out));
})();
</script>
"""


@needs_chromium
def test_tables_fit_the_article_on_screen_and_on_a4(xxgk: Any, xxgk_page: str, tmp_path: Path):
    copy = tmp_path / "measured.html"
    copy.write_text(xxgk_page.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = chromium.dump_dom(copy, width=1000, height=900)
    found = lxml.html.document_fromstring(dom).find(".//body").get("data-measured")
    assert found, "the measuring script did not run"
    measured = json.loads(found)
    screen, printed = measured["screen"], measured["print"]
    assert measured["h1"] == 1
    assert screen["viewport"] == 1000 and screen["page"] <= 1000, "no horizontal scrolling at 1000 px"
    assert 800 <= screen["article"] <= 860
    assert len(screen["tables"]) == 3 and max(screen["tables"]) <= screen["article"]
    assert screen["overflowing"] == 0
    assert abs(printed["block"] - 156 * 96 / 25.4) < 1
    assert printed["article"] <= printed["block"] + 1 and max(printed["tables"]) <= printed["article"]
    assert printed["overflowing"] == 0
    # The browser's own table model holds Word's cells, spans and text.
    for grid, word in zip(measured["grids"], xxgk.tables, strict=True):
        texts, spans = word_grid(word)
        at: dict[tuple[int, int], str] = {}
        for r, row in enumerate(grid):
            c = 0
            for rowspan, colspan, text in row:
                while (r, c) in at:
                    c += 1
                assert spans[(r, c)] == (r, c, rowspan, colspan)
                at.update({(r + dr, c + dc): text for dr in range(rowspan) for dc in range(colspan)})
                c += colspan
        assert at == {(r, c): t for r, row in enumerate(texts) for c, t in enumerate(row)}


@needs_chromium
def test_printed_on_a4_within_gbt9704_margins_with_headers_repeated(xxgk_page: str, tmp_path: Path):
    # Table 三's body three times over (extra <tbody> groups): however the fonts fall, it runs
    # over pages, so the header rows must repeat.
    three = xxgk_page.index('<table id="table-2"')
    start, end = xxgk_page.index("<tbody>", three), xxgk_page.index("</tbody>", three) + len("</tbody>")
    longer = xxgk_page[:end] + xxgk_page[start:end] * 2 + xxgk_page[end:]
    page = tmp_path / "page.html"
    page.write_text(longer, encoding="utf-8")
    pdf = chromium.print_pdf(page, tmp_path / "page.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 4 <= pages <= 12
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    tree = lxml.html.fromstring(boxes)
    texts = []
    for number, sheet in enumerate(tree.iter("page"), start=1):
        words = [
            (w.text or "", *(float(w.get(k)) for k in ("xmin", "ymin", "xmax", "ymax")))
            for w in sheet.iter("word")
        ]
        text_words = [w for w in words if w[0] not in ("—", str(number))]
        assert text_words, f"page {number} is empty"
        assert (
            min(w[1] for w in text_words) >= 28 * MM - 1
            and max(w[3] for w in text_words) <= (210 - 26) * MM + 1
        )
        middles = [(w[2] + w[4]) / 2 for w in text_words]  # poppler's word boxes hold the font's whole ascent
        assert min(middles) >= 37 * MM and max(middles) <= (297 - 35) * MM
        # The page number — N — in the bottom margin, right on odd pages and left on even ones.
        number_words = [w for w in words if w[0] == str(number) and w[2] > (297 - 35) * MM]
        assert len(number_words) == 1
        assert (number_words[0][1] > 105 * MM) == (number % 2 == 1)
        texts.append("".join(w[0] for w in text_words))
    rows = ("一、本年新收政府信息公开申请数量", "1.属于国家秘密", "2.重复申请", "（七）总计")
    with_table_three = [t for t in texts if any(row in t for row in rows)]
    assert len(with_table_three) >= 2
    assert all("申请人情况" in t and "法人或其他组织" in t for t in with_table_three), "header rows repeat"
    assert "政府信息公开工作年度报告" in texts[0] and "2025年1月20日" in texts[-1]


VNU = os.environ.get("ASSEMBLER_VNU_JAR", "")


@pytest.mark.skipif(
    not Path(VNU).is_file(), reason="W3C 验证器：设置 ASSEMBLER_VNU_JAR 为 vnu.jar 的路径（npm 包 vnu-jar）"
)
def test_the_w3c_validator_finds_nothing(reports: dict[str, Path], tmp_path: Path):
    from docx import Document

    pages = []
    for name, docx in reports.items():
        pages.append(tmp_path / f"{name}.html")
        pages[-1].write_text(page_of(Document(str(docx))).html, encoding="utf-8")
    done = subprocess.run(
        ["java", "-jar", VNU, "--also-check-css", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
