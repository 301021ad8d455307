"""Where a value was read: a cell, or rows of a ledger — a figure's provenance, told to the clerk
in the 溯源表, in review comments and in every message about a value."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

Value = int | Decimal | str
BRIEF_RUNS = 10  # runs of ledger rows named in a review comment or the audit's 来源 cell


@dataclass(frozen=True)
class Source:
    """One place a figure's value was read from: a cell, or rows of a ledger."""

    file: str
    sheet: str
    cell: str
    value: Value | None = None
    rows: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()  # e.g. a value that came from a merged range

    def __str__(self) -> str:
        return f"{self.file} › {self.sheet} › {self.cell}"

    def brief(self) -> str:
        """As `str`, but a ledger's rows shortened to their first runs (a district's ledger
        has thousands): for a comment or a cell; the audit workbook lists them all."""
        if not self.rows:
            return str(self)
        return f"{self.file} › {self.sheet} › {row_ranges(self.rows, limit=BRIEF_RUNS)}"

    def plain(self) -> str:
        """In words, for a reviewer who does not read ›: 文件，“工作表”工作表，D7单元格."""
        place = row_ranges(self.rows, limit=BRIEF_RUNS) if self.rows else f"{self.cell}单元格"
        return f"{self.file}，“{self.sheet}”工作表，{place}"


def row_runs(rows: tuple[int, ...]) -> list[tuple[int, int]]:
    """(2, 3, 4, 7) → [(2, 4), (7, 7)]: the rows as runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and r == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


def run_text(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def row_ranges(rows: tuple[int, ...], limit: int | None = None) -> str:
    """(2, 3, 4, 7) → '第2–4、7行'; with `limit` 1, '第2–4行等，共4行'."""
    if not rows:
        return "（无）"
    runs = row_runs(rows)
    text = f"第{'、'.join(run_text(*run) for run in runs[:limit])}行"
    return text if limit is None or len(runs) <= limit else f"{text}等，共{len(rows)}行"


Previous = dict[str, tuple[Value, tuple[Source, ...]]]  # last year's value of each figure, and its sources
