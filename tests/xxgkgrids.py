"""Tables 二, 三 and 四 of a 政府信息公开工作年度报告 as grids (spans expanded: a merged cell's text
in every position it covers), as the HTML and .docx readers give them: from a built .docx, or
drawn by code in the official layout from values by catalog key, for hand-made variants."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from assembler.adoption.xxgktables import RESULTS_BLOCK, bundled_catalog, table_three

Grid = list[list[str]]
CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
LEGAL_PERSONS = "法人或其他组织"


def docx_grid(table: Any) -> Grid:
    """A python-docx table as a grid: a cell spanning columns (gridSpan) repeated across them,
    a cell merged down (vMerge) repeated in the rows it covers."""
    from docx.oxml.ns import qn

    rows: Grid = []
    for r, tr in enumerate(table._tbl.tr_lst):
        row: list[str] = []
        for tc in tr.tc_lst:
            vmerge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
            if vmerge is not None and vmerge.get(qn("w:val")) != "restart":
                text = rows[r - 1][len(row)]
            row.extend([text] * tc.grid_span)
        rows.append(row)
    return rows


def docx_tables(path: Any) -> tuple[list[str], list[Grid]]:
    """A .docx's paragraphs and its tables as grids."""
    from docx import Document

    document = Document(str(path))
    return [p.text for p in document.paragraphs if p.text.strip()], [docx_grid(t) for t in document.tables]


def _shown(value: Any) -> str:
    return str(value)


def table_two(values: dict[str, Any]) -> Grid:
    spec = bundled_catalog().tables["表二"]

    def v(row: str, column: str) -> str:
        return _shown(values[spec.key(row, column)])

    three = ["本年制发件数", "本年废止件数", "现行有效件数"]
    decided, fee = "本年处理决定数量", "本年收费金额（单位：万元）"
    return [
        ["第二十条第（一）项"] * 4,
        ["信息内容", *three],
        ["规章", *(v("规章", c) for c in three)],
        ["行政规范性文件", *(v("行政规范性文件", c) for c in three)],
        ["第二十条第（五）项"] * 4,
        ["信息内容", *[decided] * 3],
        ["行政许可", *[v("行政许可", decided)] * 3],
        ["第二十条第（六）项"] * 4,
        ["信息内容", *[decided] * 3],
        ["行政处罚", *[v("行政处罚", decided)] * 3],
        ["行政强制", *[v("行政强制", decided)] * 3],
        ["第二十条第（八）项"] * 4,
        ["信息内容", *[fee] * 3],
        ["行政事业性收费", *[v("行政事业性收费", fee)] * 3],
    ]


def table_three_grid(values: dict[str, Any]) -> Grid:
    spec = bundled_catalog().tables["表三"]
    three = table_three()
    columns = [c.key for c in spec.columns]
    grid: Grid = [
        [CORNER] * 3 + ["申请人情况"] * 7,
        [CORNER] * 3 + ["自然人", *[LEGAL_PERSONS] * 5, "总计"],
        [CORNER] * 3 + columns[:-1] + ["总计"],
    ]
    group_of = {m: g for g, members in three.groups.items() for m in members}
    for row in spec.rows:
        if row.key in (three.new, three.carried, three.open):
            labels = [row.key] * 3
        elif row.key in group_of:
            labels = [RESULTS_BLOCK, group_of[row.key], row.key]
        else:
            labels = [RESULTS_BLOCK, row.key, row.key]
        grid.append(labels + [_shown(values[spec.key(row.key, c)]) for c in columns])
    return grid


def table_four(values: dict[str, Any]) -> Grid:
    spec = bundled_catalog().tables["表四"]
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return [
        ["行政复议"] * 5 + ["行政诉讼"] * 10,
        results + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
        results * 3,
        [_shown(values[spec.key(spec.rows[0].key, c.key)]) for c in spec.columns],
    ]


def grids(values: dict[str, Any]) -> list[Grid]:
    return [table_two(values), table_three_grid(values), table_four(values)]


def consistent(
    seed: int = 0, *, scale: int = 3, zero: bool = False, fee: Decimal = Decimal("1.25")
) -> dict[str, Any]:
    """Values of every cell of tables 二, 三 and 四 keeping relations A–D: random counts up to
    `scale` for each result and 四 cell, a share of each column carried over from last year."""
    rng = random.Random(seed)
    catalog = bundled_catalog()
    three = table_three(catalog)
    t3, t4 = catalog.tables["表三"], catalog.tables["表四"]
    values: dict[str, Any] = {}
    for _, column, key in catalog.tables["表二"].cells():
        values[key] = 0 if zero else (fee if "万元" in column else rng.randint(0, scale))
    for col in three.applicants:
        counts = {row: 0 if zero else rng.randint(0, scale) for row in (*three.results, three.open)}
        for row, n in counts.items():
            values[t3.key(row, col)] = n
        handled = sum(counts.values())
        values[t3.key(three.total, col)] = handled - counts[three.open]
        carried = 0 if zero else rng.randint(0, handled // 4)
        values[t3.key(three.carried, col)] = carried
        values[t3.key(three.new, col)] = handled - carried
    for row in t3.rows:
        values[t3.key(row.key, three.total_column)] = sum(
            values[t3.key(row.key, c)] for c in three.applicants
        )
    only = t4.rows[0].key
    for column in t4.columns:
        if not column.sum:
            values[t4.key(only, column.key)] = 0 if zero else rng.randint(0, scale)
    for column in t4.columns:
        if column.sum:
            values[t4.key(only, column.key)] = sum(values[t4.key(only, c)] for c in column.sum)
    return values


def settled(values: dict[str, Any]) -> dict[str, Any]:
    """`values` with table 三's 一、本年新收 (handled less carried over) and every total worked
    out again from the result, 四 and 二 cells: after changing some of those, relations hold."""
    catalog = bundled_catalog()
    three = table_three(catalog)
    t3 = catalog.tables["表三"]
    values = dict(values)
    for col in three.applicants:
        results = sum(values[t3.key(row, col)] for row in three.results)
        values[t3.key(three.total, col)] = results
        handled = results + values[t3.key(three.open, col)]
        values[t3.key(three.new, col)] = handled - values[t3.key(three.carried, col)]
    for row in t3.rows:
        values[t3.key(row.key, three.total_column)] = sum(
            values[t3.key(row.key, c)] for c in three.applicants
        )
    return values
