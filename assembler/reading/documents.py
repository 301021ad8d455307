"""A report as read: its paragraphs and tables in order, whatever it was saved as (`reports`
reads Word and text files, `pages` web pages).

A table (`ReadTable`) is a grid with spans expanded: `rows[r][c]` is the text at that grid
position, a merged cell's text repeated over every position it covers; `cells` keeps each cell
once with its position and spans, so a merged header is still told from repeated text. Text is
normalised lightly: ends trimmed, runs of spaces (`&nbsp;`, full-width spaces, line breaks)
one space, a line break next to a Chinese character nothing (as 商业<br>企业 reads 商业企业);
full-width digits and misprints are left for the recogniser.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from assembler.model.errors import UsageError


@dataclass(frozen=True)
class ReadCell:
    """One cell of a table as written: its top-left grid position (from 0), its spans, its text,
    and whether it is a header cell (<th>, a <thead> row, or a row Word repeats on each page)."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    header: bool = False


@dataclass(frozen=True)
class ReadTable:
    """A table on its grid: `rows[r][c]` the text at each position (a merged cell's text in
    every position it covers, "" where no cell is), `cells` each cell once with its spans."""

    rows: list[list[str]]
    cells: list[ReadCell]
    header_rows: int = 0  # leading rows marked as the header (<thead>, w:tblHeader)

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def cell_at(self, row: int, col: int) -> ReadCell | None:
        """The cell covering a grid position."""
        for cell in self.cells:
            if cell.row <= row < cell.row + cell.rowspan and cell.col <= col < cell.col + cell.colspan:
                return cell
        return None


Block = str | ReadTable


@dataclass
class ReadDocument:
    """A report as read: `blocks` in order, each a paragraph's text or a table."""

    path: Path
    blocks: list[Block] = field(default_factory=list)
    page_title: str = ""  # a web page's <title>, as the browser shows it

    @property
    def paragraphs(self) -> list[str]:
        return [b for b in self.blocks if isinstance(b, str)]

    @property
    def tables(self) -> list[ReadTable]:
        return [b for b in self.blocks if isinstance(b, ReadTable)]


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"[\s\u00a0\u3000\u2000-\u200a\u202f\u205f]+")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def normalise(text: str) -> str:
    """Ends trimmed; a run of spaces one space, or nothing where it holds a line break next to a
    Chinese character: a line wrapped in the page's source (Word's HTML wraps anywhere, as in
    “12月31⏎日”), or a header cell broken over lines (商业<br>企业), is one word. (CSS keeps a
    space unless both sides are Chinese; a report's text never means one there.)"""
    text = text.translate(_INVISIBLE)

    def space(m: re.Match[str]) -> str:
        start, end = m.start(), m.end()
        if start == 0 or end == len(text):
            return ""
        if ("\n" in m.group() or "\r" in m.group()) and (_wide(text[start - 1]) or _wide(text[end])):
            return ""
        return " "

    return _SPACES.sub(space, text)


def check_file(path: Path) -> None:
    """The path is a file that can be opened, or the clerk is told what it is instead."""
    if path.is_dir():
        if path.name.endswith(("_files", ".files")):
            raise UsageError(
                f"{path.name} 是保存网页时一同生成的文件夹；请选择与它同名的 .html 文件（如“{path.name[:-6]}.html”）"
            )
        raise UsageError(
            f"{path} 是文件夹，不是报告文件；请选择保存的网页（.html、.mht）或 Word 文档（.docx）"
        )
    if not path.is_file():
        raise UsageError(f"找不到报告文件：{path}")
    try:
        with path.open("rb"):
            pass
    except OSError:  # Windows: open in another program, or no permission
        raise UsageError(
            f"无法读取 {path.name}：文件正被 Word、WPS 或其他程序打开，或没有读取权限；请关闭后重试"
        ) from None


def grid_sized(cells: list[ReadCell], height: int, width: int, header_rows: int) -> ReadTable:
    rows = [[""] * width for _ in range(height)]
    for cell in cells:
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                rows[cell.row + dr][cell.col + dc] = cell.text
    return ReadTable(rows, cells, header_rows)
