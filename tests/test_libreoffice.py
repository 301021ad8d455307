"""The report as LibreOffice prints it: A4, the text block, 22 lines, page numbers.

Measured from the PDF with poppler's `pdftotext -bbox-layout`. Skipped, with the reason
shown, only where LibreOffice or poppler is not installed (CI installs both).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from assembler.pdf import find_soffice, to_pdf

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        find_soffice() is None or shutil.which("pdftotext") is None,
        reason="需要 LibreOffice 和 poppler-utils（apt-get install libreoffice-writer-nogui fonts-noto-cjk poppler-utils）",
    ),
]

PT_PER_MM = 72 / 25.4
TOL = 1 * PT_PER_MM  # ±1 mm
PAGE_W, PAGE_H = 210 * PT_PER_MM, 297 * PT_PER_MM
LEFT, RIGHT = 28 * PT_PER_MM, (210 - 26) * PT_PER_MM
TOP, BOTTOM = 37 * PT_PER_MM, (297 - 35) * PT_PER_MM
PITCH = (225 / 22) * PT_PER_MM
HANGING = "，。、；：？！”’）》」』"


@dataclass
class Line:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


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


@pytest.fixture(scope="module")
def pages(shipped_report: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Page]:
    pdf = to_pdf(shipped_report, tmp_path_factory.mktemp("pdf") / "report.pdf")
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
            text = "".join(re.findall(r">([^<]*)</word>", inner))
            lines.append(Line(float(x0), float(y0), float(x1), float(y1), text))
        result.append(Page(w, h, sorted(lines, key=lambda ln: (ln.y1, ln.x0))))
    return result


def test_pages_are_a4(pages: list[Page]):
    assert len(pages) >= 5
    for page in pages:
        assert abs(page.width - PAGE_W) < 1 and abs(page.height - PAGE_H) < 1


def test_text_stays_in_the_block(pages: list[Page]):
    for n, page in enumerate(pages, start=1):
        for line in page.body:
            assert line.x0 >= LEFT - TOL, (n, line.text)
            # LibreOffice hangs a closing punctuation mark past the margin (Word does not:
            # the styles set w:overflowPunct=0); nothing else may cross the edge.
            limit = RIGHT + TOL + (16 if line.text[-1] in HANGING else 0)
            assert line.x1 <= limit, (n, line.text)
            assert line.y1 - PITCH >= TOP - TOL and line.y1 <= BOTTOM + TOL, (n, line.text)


def test_left_edge_and_first_line_match_the_margins(pages: list[Page]):
    full = pages[1]
    assert abs(min(ln.x0 for ln in full.body) - LEFT) <= TOL
    assert abs(max(ln.x1 for ln in full.body if ln.text[-1] not in HANGING) - RIGHT) <= TOL
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
def test_generated_forms_open_in_libreoffice_calc(workdir: Path, tmp_path: Path):
    for name in ("综合执法大队-综合执法工作情况表.xlsx", "司法所-普法宣传与矛盾化解情况表.xlsx"):
        src = tmp_path / "form.xlsx"
        shutil.copyfile(workdir / "inputs" / "2024" / name, src)
        pdf = _soffice_convert(src, "pdf", tmp_path)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "中山门街道2024年法治政府建设年度报告数据填报表" in text.replace(" ", "")
        pdf.unlink()


@needs_calc
def test_legacy_xls_and_libreoffice_saved_files_are_read(workdir: Path, tmp_path: Path, shipped_report: Path):
    from conftest import report_text

    from assembler.build import build

    folder = workdir / "inputs" / "2024"
    grid = folder / "网格化管理中心-网格化管理工作情况表.xlsx"
    legacy = _soffice_convert(grid, "xls", tmp_path)
    resaved = _soffice_convert(folder / "综合执法大队-综合执法工作情况表.xlsx", "ods", tmp_path)
    grid.unlink()
    (folder / "综合执法大队-综合执法工作情况表.xlsx").unlink()
    shutil.copyfile(legacy, folder / legacy.name)
    shutil.copyfile(resaved, folder / resaved.name)
    assert report_text(build(workdir=workdir).report) == report_text(shipped_report)


def test_long_title_prints_as_a_centred_trapezoid(workdir: Path, tmp_path: Path):
    from assembler.build import build

    ini = workdir / "inputs" / "单位设置.ini"
    ini.write_text(
        ini.read_text(encoding="utf-8").replace("街道 = 中山门街道", "街道 = 天津市河东区中山门街道办事处"),
        encoding="utf-8",
    )
    pdf = to_pdf(build(workdir=workdir).report, tmp_path / "long.pdf")
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
    from assembler.build import build

    review = build(workdir=workdir, review=True).review
    src = tmp_path / "review.docx"
    shutil.copyfile(review, src)
    options = '{"ExportNotes":{"type":"boolean","value":"true"}}'
    pdf = _soffice_convert(src, f"pdf:writer_pdf_Export:{options}", tmp_path)
    data = pdf.read_bytes()
    assert data.count(b"/Subtype/Text") + data.count(b"/Subtype /Text") >= 46  # one note a figure
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "出动执法人员7100余人次" in text.replace(" ", "").replace("\n", "")
