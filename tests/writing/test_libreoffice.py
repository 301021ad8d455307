"""The report as LibreOffice prints it: A4, the text block, 22 lines, page numbers.

Measured from the PDF with poppler's `pdftotext -bbox-layout`. Skipped, with the reason
shown, only where LibreOffice or poppler is not installed (CI installs both).
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from assembler.reading.libreoffice import find_soffice
from assembler.writing.pdf import to_pdfs

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        find_soffice() is None or shutil.which("pdftotext") is None,
        reason="需要 LibreOffice 和 poppler-utils（apt-get install libreoffice-writer-nogui fonts-noto-cjk poppler-utils）",
    ),
]

USES_CALC = True  # workbooks saved by LibreOffice Calc, begun as the run begins (conftest.py)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PT_PER_MM = 72 / 25.4
TOL = 1 * PT_PER_MM  # ±1 mm
PAGE_W, PAGE_H = 210 * PT_PER_MM, 297 * PT_PER_MM
LEFT, RIGHT = 28 * PT_PER_MM, (210 - 26) * PT_PER_MM
TOP, BOTTOM = 37 * PT_PER_MM, (297 - 35) * PT_PER_MM
PITCH = (225 / 22) * PT_PER_MM


@dataclass
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    words: list[tuple[float, float, str]]  # (x0, x1, text) of each word poppler saw


@dataclass
class Page:
    width: float
    height: float
    lines: list[Line]

    @property
    def number(self) -> Line:
        return self.lines[-1]

    @property
    def body(self) -> list[Line]:
        return self.lines[:-1]


def read_pages(pdf: Path) -> list[Page]:
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    result = []
    for chunk in html.split("<page ")[1:]:
        w, h = map(float, re.match(r'width="([\d.]+)" height="([\d.]+)"', chunk).groups())
        lines = []
        for x0, y0, x1, y1, inner in re.findall(
            r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', chunk, re.S
        ):
            words = [
                (float(a), float(b), t)
                for a, b, t in re.findall(
                    r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>', inner
                )
            ]
            lines.append(
                Line(float(x0), float(y0), float(x1), float(y1), "".join(w[2] for w in words), words)
            )
        result.append(Page(w, h, sorted(lines, key=lambda ln: (ln.y1, ln.x0))))
    return result


GROWN = 23  # positions of the end of the text: a whole page of them


def _grown(report: Path, extra: int, target: Path) -> Path:
    """The report with `extra` more lines of text before its last paragraph."""
    import copy

    from docx import Document

    document = Document(str(report))
    body = [p for p in document.paragraphs if p.style.name == "Normal" and p.text.strip()]
    last = body[-1]
    for i in range(extra):
        filler = copy.deepcopy(body[-2]._p)
        last._p.addprevious(filler)
        for r in filler.findall(f"{W}r")[1:]:
            filler.remove(r)
        filler.find(f"{W}r/{W}t").text = f"为检验落款位置加入的第{i + 1}行文字。"
    document.save(str(target))
    return target


@pytest.fixture(scope="module")
def printed(shipped_report: Path, shipped_workdir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every report these tests measure, printed by one LibreOffice run (`to_pdfs`, as `build
    --pdf` prints): the sample report, one with a long title, the 信息公开 report, and the sample
    report grown line by line across a page boundary."""
    import samples

    from assembler.commands.build import build

    work = tmp_path_factory.mktemp("printed")
    docs = {"report": shipped_report}
    samples.write_inputs_for_office(work / "long-title", "天津市河东区中山门街道办事处")
    docs["long-title"] = build(workdir=work / "long-title").report
    docs["information"] = build(
        workdir=shipped_workdir, template="政府信息公开工作年度报告", output=work / "x.docx"
    ).report
    for extra in range(GROWN):
        docs[f"grown-{extra}"] = _grown(shipped_report, extra, work / f"grown-{extra}.docx")
    pdfs = to_pdfs([(docx, work / "pdf" / f"{name}.pdf") for name, docx in docs.items()])
    return dict(zip(docs, pdfs, strict=True))


@pytest.fixture(scope="module")
def pages(printed: dict) -> list[Page]:
    """The PDF a user gets from `build --pdf`."""
    return read_pages(printed["report"])


def test_pages_are_a4(pages: list[Page]):
    assert len(pages) >= 5
    for page in pages:
        assert abs(page.width - PAGE_W) < 1 and abs(page.height - PAGE_H) < 1


def test_text_stays_in_the_block(pages: list[Page]):
    """No punctuation hangs past the right margin (Word's w:overflowPunct=0, which LibreOffice
    reads the other way round unless told in ODF's words)."""
    for n, page in enumerate(pages, start=1):
        for line in page.body:
            assert line.x0 >= LEFT - TOL, (n, line.text)
            assert line.x1 <= RIGHT + TOL, (n, line.text)
            assert line.y1 - PITCH >= TOP - TOL and line.y1 <= BOTTOM + TOL, (n, line.text)


def test_no_gap_between_chinese_and_digits(pages: list[Page]):
    """`2024年`, not `2024 年` (Word's w:autoSpaceDN=0, which LibreOffice's DOCX import ignores)."""
    split = [
        (n, a[2], b[2])
        for n, page in enumerate(pages, start=1)
        for line in page.body
        for a, b in itertools.pairwise(line.words)
        if b[0] - a[1] > 1 and (a[2][-1].isdigit() or b[2][0].isdigit())
    ]
    assert split == []


def test_full_lines_hold_28_characters(pages: list[Page]):
    """A full line of Chinese text (no digits, no quotation marks) holds 28 characters, or 27
    where a mark that may not start a line (，。) or end one (《（) takes a character along."""
    import unicodedata

    full = [
        line.text
        for page in pages
        for line in page.body
        if abs(line.x0 - LEFT) <= TOL
        and abs(line.x1 - RIGHT) <= TOL
        and all(unicodedata.east_asian_width(ch) in "WF" for ch in line.text)
    ]
    assert len(full) >= 20
    assert {len(text) for text in full} <= {27, 28}
    assert sum(len(text) == 28 for text in full) >= 0.8 * len(full)


def test_left_edge_and_first_line_match_the_margins(pages: list[Page]):
    full = pages[1]
    assert abs(min(ln.x0 for ln in full.body) - LEFT) <= TOL
    assert abs(max(ln.x1 for ln in full.body) - RIGHT) <= TOL
    assert abs((full.body[0].y1 - PITCH) - TOP) <= TOL  # the first line box starts at 37 mm
    assert abs(full.body[-1].y1 - BOTTOM) <= TOL  # the 22nd line ends at the block's foot


def test_lines_sit_on_a_22_line_grid(pages: list[Page]):
    counts = []
    for page in pages:
        # Body-size lines only (the title's 二号 glyphs sit differently in their line box).
        slots = [(ln.y1 - TOP) / PITCH for ln in page.body if ln.y1 - ln.y0 < 22]
        for slot in slots:
            assert abs(slot - round(slot)) < 0.05 and 1 <= round(slot) <= 22, slot
        counts.append(len(page.body))
    # Every page but the last is full, or one short where a heading moved on with its text.
    assert max(counts) == 22
    assert all(c in (21, 22) for c in counts[:-1]), counts


def test_page_numbers_alternate_one_character_in(pages: list[Page]):
    char = 14  # one 四号 character
    for n, page in enumerate(pages, start=1):
        number = page.number
        assert number.text.replace(" ", "") == f"—{n}—"
        if n % 2:
            assert abs(number.x1 - (RIGHT - char)) <= TOL
        else:
            assert abs(number.x0 - (LEFT + char)) <= TOL
        assert abs(number.y0 - (BOTTOM + 7 * PT_PER_MM)) <= TOL  # 7 mm below the block


def test_title_and_signature(pages: list[Page]):
    title = pages[0].body[0]
    assert title.text == "中山门街道2024年法治政府建设年度报告"
    assert abs((title.x0 + title.x1) / 2 - (LEFT + RIGHT) / 2) <= TOL  # centred
    last = pages[-1].body
    signer, date = last[-2], last[-1]
    assert (signer.text, date.text) == ("中山门街道办事处", "2025年1月20日")
    assert abs(signer.x1 - (RIGHT - 2 * 15.75)) <= TOL  # two characters in from the right
    assert abs(date.x0 - (signer.x0 + 2 * 15.75)) <= TOL  # two characters right of the name
    assert signer.y1 - last[-3].y1 == pytest.approx(2 * PITCH, abs=0.5)  # one blank line above


def test_signature_never_starts_a_page(printed: dict):
    """Grown one line at a time across a page boundary, the end of the text keeps its last
    lines with the signature and the date (GB/T 9704 7.3.5)."""
    page_counts = set()
    for extra in range(GROWN):
        name = f"grown-{extra}.docx"
        found = read_pages(printed[f"grown-{extra}"])
        page_counts.add(len(found))
        for page in found:
            texts = [line.text for line in page.body]
            if "中山门街道办事处" not in texts:
                continue
            at = texts.index("中山门街道办事处")
            assert at >= 2, (name, texts[:3])  # at least two lines of text above it
            assert texts[at + 1] == "2025年1月20日", name
            break
        else:
            pytest.fail(f"{name}: no signature")
    assert len(page_counts) >= 2  # the growth did cross a page boundary


def _calc_available() -> bool:
    soffice = find_soffice()
    if soffice is None:
        return False
    program = Path(shutil.which(soffice) or soffice).resolve().parent
    return any(program.glob("libsclo.*")) or any(program.glob("*sc*.dll"))


needs_calc = pytest.mark.skipif(
    not _calc_available(), reason="需要 LibreOffice Calc（apt-get install libreoffice-calc-nogui）"
)


def _soffice_convert(src: Path, fmt: str, outdir: Path) -> Path:
    profile = (outdir / ".profile").as_uri()
    subprocess.run(
        [find_soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile}",
         "--convert-to", fmt, "--outdir", str(outdir), str(src)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    produced = outdir / f"{src.stem}.{fmt.split(':')[0]}"
    assert produced.is_file(), f"LibreOffice could not open {src.name}"
    return produced


@needs_calc
def test_generated_forms_open_in_libreoffice_calc(clean_base: Path, tmp_path: Path):
    import corpus

    for key in corpus.FORMS_PRINTED:  # printed by Calc (`corpus.saved_by_calc`)
        pdf = tmp_path / f"{key}.pdf"
        pdf.write_bytes(corpus.saved_by_calc(clean_base, key))
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "中山门街道2024年度报告数据填报表" in text.replace(" ", "")


@needs_calc
def test_legacy_xls_and_libreoffice_saved_files_are_read(
    clean_base: Path, clean_report: Path, tmp_path: Path
):
    import corpus
    from conftest import report_text

    from assembler.commands.build import build

    shutil.copytree(clean_base / "inputs", tmp_path / "inputs")
    for key in (corpus.LEGACY_XLS, corpus.CALC_ODS):  # a workbook saved by Calc as .xls, one as .ods
        rel, fmt, _ = corpus._SAVED_BY_CALC[key]
        (tmp_path / rel).unlink()
        (tmp_path / rel).with_suffix(f".{fmt}").write_bytes(corpus.saved_by_calc(clean_base, key))
    assert report_text(build(workdir=tmp_path).report) == report_text(clean_report)


def test_long_title_prints_as_a_centred_trapezoid(printed: dict):
    pdf = printed["long-title"]
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", "-l", "1", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    lines = re.findall(
        r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</line>', html, re.S
    )
    (a0, a1, first), (b0, b1, second) = lines[0], lines[1]
    texts = ["".join(re.findall(r">([^<]*)</word>", t)) for t in (first, second)]
    assert texts == ["天津市河东区中山门街道办事处", "2024年法治政府建设年度报告"]
    assert float(a1) - float(a0) <= float(b1) - float(b0) + 22  # the upper line is not longer (±1 character)
    for x0, x1 in ((a0, a1), (b0, b1)):
        assert abs((float(x0) + float(x1)) / 2 - (LEFT + RIGHT) / 2) <= TOL


def test_review_copy_opens_in_libreoffice_with_its_comments(workdir: Path, tmp_path: Path):
    from assembler.commands.build import build

    review = build(workdir=workdir, review=True).review
    src = tmp_path / "review.docx"
    shutil.copyfile(review, src)
    options = '{"ExportNotes":{"type":"boolean","value":"true"}}'
    pdf = _soffice_convert(src, f"pdf:writer_pdf_Export:{options}", tmp_path)
    data = pdf.read_bytes()
    assert data.count(b"/Subtype/Text") + data.count(b"/Subtype /Text") >= 46  # one note a figure
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "出动执法人员7100余人次" in text.replace(" ", "").replace("\n", "")


def test_the_information_report_tables_fit_the_page(printed: dict):
    """The 信息公开 report's tables stay inside the text block, and table 三's header repeats on
    the page it continues on."""
    found = read_pages(printed["information"])
    for n, page in enumerate(found, start=1):
        for line in page.body:
            assert line.x0 >= LEFT - TOL and line.x1 <= RIGHT + TOL, (n, line.text)
            assert line.y1 <= BOTTOM + TOL, (n, line.text)
    with_header = [
        n for n, page in enumerate(found, start=1) if any("申请人情况" in ln.text for ln in page.body)
    ]
    assert len(with_header) == 2  # table 三 runs over two pages, its header on both
    text = "".join(line.text for page in found for line in page.body).replace(" ", "")
    assert "本列数据的勾稽关系为" in text and "结转下年度继续办理" in text
