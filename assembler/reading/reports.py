"""Reading a finished report, for adoption: a Word document (.docx; .doc, .wps, .rtf, .odt through
LibreOffice, the original untouched) or a .txt, as its paragraphs in order with the labels Word's
automatic numbering shows (一、 （一） 1.) written out, and how many tables it has. A web page
saved from a portal, or a .docx with its tables as grids, is `pages`'.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assembler.model.errors import UsageError
from assembler.model.phrasing import chinese_number
from assembler.model.settings import UnreadableText, read_text_file
from assembler.reading.documents import (
    Block,
    ReadCell,
    ReadDocument,
    ReadTable,
    check_file,
    grid_sized,
    normalise,
)
from assembler.reading.libreoffice import find_soffice
from assembler.reading.pages import PAGE_SUFFIXES, read_page
from assembler.reading.wordtable import W, block_items, paragraph_text, table_grid

DOCX_SUFFIXES = (".docx", ".docm")


def read_report(path: Path) -> ReadDocument:
    """A finished report's paragraphs and tables, in order: a Word document (.docx; .doc, .wps,
    .rtf, .odt through LibreOffice), a web page saved from a portal (`pages`) or a .txt."""
    suffix = path.suffix.lower()
    if suffix in PAGE_SUFFIXES:
        return read_page(path)
    check_file(path)
    if suffix == ".txt":
        try:
            return ReadDocument(path, _lines(read_text_file(path)))
        except UnreadableText:
            raise UsageError(
                f"{path.name} 不是文本文件，或编码无法识别；请另存为 UTF-8 编码的 .txt"
            ) from None
    if suffix in (".doc", ".wps", ".rtf", ".odt", ".wpt", ".dot"):
        with tempfile.TemporaryDirectory(prefix="assembler-adopt-") as work:
            if _is_word_package(path):  # a .docx renamed: read as it is, no LibreOffice needed
                docx = Path(work) / "report.docx"
                shutil.copyfile(path, docx)
            elif (text := _plain_text(path)) is not None:  # text saved as .doc: read as a .txt
                return ReadDocument(path, _lines(text))
            else:
                docx = _through_libreoffice(path, Path(work))
            return ReadDocument(path, read_docx_document(docx).blocks)
    if suffix not in DOCX_SUFFIXES:
        raise UsageError(
            f"不认识的文件类型“{path.suffix}”（{path.name}）；请使用 Word 文档（.docx、.doc）、WPS 文档（.wps）、"
            "保存的网页（.html、.mht）或 .txt"
        )
    return read_docx_document(path)


_COUNTING: dict[str, Callable[[int], str]] = {
    "chineseCounting": chinese_number,
    "chineseCountingThousand": chinese_number,
    "chineseLegalSimplified": chinese_number,
    "japaneseCounting": chinese_number,
    "taiwaneseCountingThousand": chinese_number,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "decimalFullWidth": lambda n: str(n).translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"}),
}


class _Numbering:
    """The labels Word's automatic numbering shows: each level's lvlText, its %1 %2 … filled
    with the counts of those levels in their formats (一、 （一） 1. 1.1). A numbering part Word
    would not read gives no labels rather than an error."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counts: dict[tuple[str, int], int] = {}
        try:
            root = document.part.numbering_part.element
            w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
            abstract: dict[str | None, dict[int, tuple[str, str, int]]] = {}
            for a in root.iter(f"{w}abstractNum"):
                levels = {}
                for lvl in a.iter(f"{w}lvl"):
                    fmt, text, start = lvl.find(f"{w}numFmt"), lvl.find(f"{w}lvlText"), lvl.find(f"{w}start")
                    levels[int(lvl.get(f"{w}ilvl", "0"))] = (
                        fmt.get(f"{w}val", "decimal") if fmt is not None else "decimal",
                        text.get(f"{w}val", "") if text is not None else "",
                        int(start.get(f"{w}val", "1")) if start is not None else 1,
                    )
                abstract[a.get(f"{w}abstractNumId")] = levels
            for num in root.iter(f"{w}num"):
                ref = num.find(f"{w}abstractNumId")
                if ref is not None:
                    for level, spec in abstract.get(ref.get(f"{w}val"), {}).items():
                        self.formats[(str(num.get(f"{w}numId")), level)] = spec
        except (KeyError, NotImplementedError, AttributeError, ValueError, TypeError):
            self.formats = {}

    def label(self, paragraph: Any) -> str:
        """The paragraph's label ("" when it is not numbered), counting it."""
        if not self.formats:
            return ""
        try:
            num_id, level = self._numbering_of(paragraph)
        except (AttributeError, ValueError, TypeError, KeyError):
            return ""
        spec = self.formats.get((num_id, level))
        if spec is None:
            return ""
        count = self.counts.get((num_id, level), spec[2] - 1) + 1
        self.counts[(num_id, level)] = count
        for deeper in [k for k in self.counts if k[0] == num_id and k[1] > level]:
            del self.counts[deeper]
        if spec[0] in ("bullet", "none"):
            return ""

        def shown(m: re.Match[str]) -> str:
            at = int(m.group(1)) - 1
            fmt, _, start = self.formats.get((num_id, at), ("decimal", "", 1))
            return _COUNTING.get(fmt, str)(self.counts.get((num_id, at), start))

        return re.sub(r"%(\d)", shown, spec[1])

    @staticmethod
    def _numbering_of(paragraph: Any) -> tuple[str, int]:
        """(numId, level) of the paragraph's own numbering or its style's ("0" when none)."""
        ppr = paragraph._p.pPr
        num_pr = ppr.numPr if ppr is not None else None
        style = paragraph.style
        while (num_pr is None or num_pr.numId is None) and style is not None:
            sppr = style.element.pPr
            num_pr = sppr.numPr if sppr is not None else None
            style = style.base_style
        if num_pr is None or num_pr.numId is None:
            return "0", 0
        return str(num_pr.numId.val), num_pr.ilvl.val if num_pr.ilvl is not None else 0


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# How the documents a word processor reads begin, as text: RTF, HTML (the "Word" some systems
# export), MHT (a page saved whole). Those are LibreOffice's to read, not plain text.
_MARKED_UP = re.compile(r"^\s*(\{\\rtf|<|MIME-Version:|From:|Content-Type:)", re.I)


def _plain_text(path: Path) -> str | None:
    """The text of a plain-text file named like a Word document (some systems save text as .doc);
    None for anything else (a binary document, RTF, HTML), which LibreOffice reads."""
    try:
        text = read_text_file(path)
    except (UnreadableText, OSError):
        return None
    return None if _MARKED_UP.match(text) else text


def _is_word_package(path: Path) -> bool:
    """Whether a document LibreOffice would be asked to read is really a Word .docx (renamed), or
    is what no word processor reads (told here, without starting LibreOffice): an empty file, a
    PDF, a zip that is no document (a workbook, an archive) or a broken one. Anything else —
    Word 97 and WPS binaries, RTF, ODF, the HTML some systems save as .doc — is LibreOffice's
    to read (plain text saved as .doc is read as a .txt, `_plain_text`)."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if not head:
        raise UsageError(f"{path.name} 是空文件；请换成完整的报告文件（Word 文档或保存的网页）")
    if head.startswith(b"%PDF"):
        raise UsageError(
            f"{path.name} 实际是 PDF 文件，读不出报告的段落和表格；请使用报告的 Word 文档（.docx、.doc）或保存的网页"
        )
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UsageError(
            f"{path.name} 已损坏（文件不完整），无法读取；请重新复制或下载完整的报告文件"
        ) from None
    if any(name.startswith("word/") for name in names):  # a WordprocessingML package
        return True
    if "mimetype" in names:  # OpenDocument (.odt, and WPS's own ODF files)
        return False
    workbook = any(name.startswith("xl/") for name in names)
    kind = " Excel 工作簿" if workbook else "压缩包"  # spaced around Latin words
    raise UsageError(f"{path.name} 实际是{kind}，不是报告；请使用报告的 Word 文档（.docx、.doc）或保存的网页")


def _through_libreoffice(path: Path, work: Path) -> Path:
    """`path` converted to .docx in `work` by LibreOffice (the original is not touched)."""
    soffice = find_soffice()
    if soffice is None:
        raise UsageError(
            f"读取 {path.suffix} 文件需要 LibreOffice（本机未安装）；请在 Word 或 WPS 中把它另存为 .docx 后再试"
        )
    source = work / f"report{path.suffix.lower()}"
    shutil.copyfile(path, source)
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):  # told below: no .docx came out
        subprocess.run(
            [soffice, "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
             "--convert-to", "docx", "--outdir", str(work), str(source)],
            capture_output=True, timeout=180, check=False,
        )  # fmt: skip
    produced = work / "report.docx"
    if not produced.is_file():
        raise UsageError(f"LibreOffice 无法读取 {path.name}；请在 Word 或 WPS 中把它另存为 .docx 后再试")
    return produced


def read_docx_document(path: Path) -> ReadDocument:
    """A Word document's paragraphs and tables in body order. Paragraphs are as
    they always were for adoption (the labels of Word's automatic numbering written out, line
    breaks removed, ends trimmed, empty ones left out); a table's cells hold their paragraphs
    joined (see `normalise`), header rows are those Word repeats on each page."""
    from docx import Document
    from docx.text.paragraph import Paragraph

    if path.suffix.lower() not in DOCX_SUFFIXES:
        raise UsageError(f"{path.name} 不是 .docx 文件；请在 Word 或 WPS 中打开后另存为 .docx")
    check_file(path)
    try:
        document = Document(str(path))
    except Exception:  # a broken or foreign file is the clerk's to replace
        raise UsageError(f"{path.name} 不是有效的 Word 文档；请在 Word 或 WPS 中打开后另存为 .docx") from None
    numbering = _Numbering(document)
    parent = document._body

    def paragraph(el: Any) -> str:
        label = numbering.label(Paragraph(el, parent))  # an empty numbered paragraph still counts
        text = paragraph_text(el).replace("\n", "").strip()
        return label + text if text else ""

    def table(tbl: Any) -> ReadTable:
        grid = table_grid(tbl)
        cells = []
        for cell in grid.cells:
            if cell.tc is None:
                continue
            texts = [paragraph(el) for el in block_items(cell.tc) if el.tag == f"{W}p"]
            text = normalise("\n".join(t for t in texts if t))
            cells.append(
                ReadCell(cell.row, cell.col, cell.rowspan, cell.colspan, text, cell.row < grid.header_rows)
            )
        return grid_sized(cells, grid.rows, grid.cols, grid.header_rows)

    blocks: list[Block] = []
    for el in block_items(document.element.body):
        if el.tag == f"{W}p":
            text = paragraph(el)
            if text:
                blocks.append(text)
        else:
            blocks.append(table(el))
    return ReadDocument(path, blocks)
