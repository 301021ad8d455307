"""Figures' sources: counted ledger rows written as runs, shortened where space is short."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from assembler.model.sources import BRIEF_RUNS, Source, row_ranges, row_runs

ROWS = st.lists(st.integers(min_value=2, max_value=5000), unique=True).map(lambda r: tuple(sorted(r)))


@given(ROWS)
def test_runs_are_the_rows_and_as_long_as_they_can_be(rows):
    runs = row_runs(rows)
    assert [r for start, end in runs for r in range(start, end + 1)] == list(rows)
    assert all(start <= end for start, end in runs)
    assert all(later[0] > earlier[1] + 1 for earlier, later in pairwise(runs))


def test_row_ranges_reads_like_the_report():
    assert row_ranges((2, 3, 4, 7)) == "第2–4、7行"
    assert row_ranges((2, 3, 4, 7), limit=1) == "第2–4行等，共4行"
    assert row_ranges((2, 3, 4, 7), limit=2) == "第2–4、7行"
    assert row_ranges(()) == "（无）"


def test_a_district_ledger_source_is_brief_in_comments_and_cells():
    rows = tuple(range(2, 100_002, 3))  # every third row: 33,334 runs
    source = Source("司法所.xlsx", "普法活动台账", row_ranges(rows), rows=rows)
    assert len(str(source)) > 190_000
    assert source.brief() == (
        "司法所.xlsx › 普法活动台账 › 第"
        + "、".join(str(r) for r in rows[:BRIEF_RUNS])
        + f"行等，共{len(rows)}行"
    )
    cell = Source("营商.xlsx", "填报表", "D7", 16)
    assert cell.brief() == str(cell) == "营商.xlsx › 填报表 › D7"
