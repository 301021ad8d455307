"""Reading a published 政府信息公开工作年度报告: recognising it, and reading its tables 二, 三 and
四 by their labels, so that last year's report can be adopted with its figures.

A report comes as blocks in order: paragraphs (str) and tables, each table a grid
`list[list[str]]` with spans expanded (a merged cell's text in every grid position it covers;
the HTML and .docx readers produce exactly this). Tables are told apart by their words; rows
and columns are matched to the catalog's own labels (`TableSpec` rows and columns, so no key is
typed twice) after normalising — NFKC (full-width digits and brackets), spaces removed, quotes
straightened, `1、` read as `1.`, 其它 as 其他 — and, where a label is misprinted, by similarity
above `MATCH_THRESHOLD`; a label takes at most one printed row or column. Values are read as
printed (`１２`, ` 3 `, `1,200`; the fee in 万元 with decimals); a blank cell (or `/`, `—`) is 0
and noted. A group of table 三 printed as one row (（六）其他处理 without its sub-items) is kept
as the group's total, and said. Whatever cannot be read is a `Problem` naming the table, the
row label and the column label.

`check_relations` checks relations A–D on the values as printed, and says for each failing one
what the rebuilt tables will show: our build computes every total, and the rebuilt ledgers
(`xxgkinputs`) give consistent tables, whose values `rebuilt_values` tells in advance.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import cache
from typing import TYPE_CHECKING

from assembler.model.errors import Problem, Severity, error, note, warning
from assembler.reading.catalogs import load_catalog
from assembler.reading.templates import bundled_template_root

if TYPE_CHECKING:
    from assembler.model.catalog import Catalog, TableSpec

Value = int | Decimal
Grid = Sequence[Sequence[str]]

REPORT_NAME = "政府信息公开工作年度报告"
TABLE_TITLES = {
    "表二": "主动公开政府信息情况",
    "表三": "收到和处理政府信息公开申请情况",
    "表四": "政府信息公开行政复议、行政诉讼情况",
}
HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
# Table 三's groups of result rows (the format's C2 column); their members are the catalog's
# rows numbered 1., 2., … in order. A group printed as one row is read as its total.
GROUPS = ("（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理")
RESULTS_BLOCK = "三、本年度办理结果"  # the C1 cell over all result rows: a label, never a row of its own
# Where a group is printed as one row, its count goes to one member (the clerk is told and
# corrects the ledger): the most common or least weighty reason of each group.
GROUP_TARGET = {
    "（三）不予公开": "4.保护第三方合法权益",
    "（四）无法提供": "1.本机关不掌握相关政府信息",
    "（五）不予处理": "1.信访举报投诉类申请",
    "（六）其他处理": "3.其他",
}
MATCH_THRESHOLD = 0.75  # similarity a misprinted label needs to be read as an official one
HEADING_THRESHOLD = 0.6
NIL_MARKS = frozenset({"", "/", "\\", "-", "—", "——", "无"})  # printed for nil: read as 0, noted
BLANKS_NAMED = 3  # blank cells of a table named one by one; more are told in one line

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})
_ORDINAL = re.compile(r"^(\d{1,2}\.|\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、)")
_INTEGER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_DECIMAL = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


# ── normalising and matching labels ───────────────────────────────────────


def normalise(text: str) -> str:
    """A printed label or value as compared: NFKC (full-width digits and brackets to ASCII), no
    spaces (nor &nbsp;), straight quotes, `1、` as `1.`, 其它 as 其他."""
    text = unicodedata.normalize("NFKC", text.replace("&nbsp;", " ")).translate(_QUOTES)
    text = "".join(text.split())
    text = re.sub(r"^(\d{1,2})[、,.](?!\d)", r"\1.", text)
    return text.replace("其它", "其他")


def similarity(printed: str, label: str) -> float:
    """How alike a printed label and an official one are (both normalised), 0–1: the better of
    the whole label and the label without its closing explanation in brackets (（二）部分公开
    is printed without “（区分处理的，…）”); a differing ordinal (2. against 3.) costs a fifth."""
    if printed == label:
        return 1.0
    score = SequenceMatcher(None, printed, label, autojunk=False).ratio()
    short = re.sub(r"\([^()]*\)$", "", label)
    if short and short != label:
        score = max(score, SequenceMatcher(None, printed, short, autojunk=False).ratio())
    mine, theirs = _ORDINAL.match(printed), _ORDINAL.match(label)
    if mine and theirs and mine.group(1) != theirs.group(1):
        score *= 0.8
    return score


def assign(printed: Sequence[tuple[int, str]], labels: Sequence[str]) -> dict[int, tuple[str, float]]:
    """Each printed label (position, normalised text) matched to at most one official label and
    each official label to at most one printed one, best pairs first, above `MATCH_THRESHOLD`."""
    wanted = {label: normalise(label) for label in labels}
    pairs = sorted(
        (
            (similarity(text, norm), pos, label)
            for pos, text in printed
            if text
            for label, norm in wanted.items()
        ),
        key=lambda p: (-p[0], p[1]),
    )
    found: dict[int, tuple[str, float]] = {}
    taken: set[str] = set()
    for score, pos, label in pairs:
        if score < MATCH_THRESHOLD:
            break
        if pos in found or label in taken:
            continue
        found[pos] = (label, score)
        taken.add(label)
    return found


def _path(cells: Sequence[str]) -> list[str]:
    """The distinct texts of cells in order (a span repeats its text), blanks left out."""
    out: list[str] = []
    for text in cells:
        text = text.strip()
        if text and (not out or normalise(out[-1]) != normalise(text)):
            out.append(text)
    return out


# ── recognising the report ────────────────────────────────────────────────


def table_kind(grid: Grid) -> str | None:
    """表二, 表三 or 表四 by the table's words; None for any other table."""
    words = "".join(normalise(str(text)) for row in grid for text in row)
    if any(w in words for w in ("本年新收", "上年结转", "本年度办理结果", "结转下年度")):
        return "表三"
    if "第二十条" in words or ("信息内容" in words and any(w in words for w in ("规章", "规范性文件"))):
        return "表二"
    if ("行政复议" in words and "行政诉讼" in words) or "复议后起诉" in words:
        return "表四"
    return None


def headings_found(paragraphs: Sequence[str]) -> list[str]:
    """The format's six headings the paragraphs have, in order (each on its own line or leading
    its paragraph, with the variants published copies have: 和 for 、, 改进措施, 其他需报告事项)."""
    found: list[str] = []
    at = 0
    flat = [normalise(p) for p in paragraphs]
    for heading in HEADINGS:
        want = normalise(heading)
        for i in range(at, len(flat)):
            text = flat[i]
            if not text.startswith(want[:2]):
                continue
            head = re.split(r"[。:;]", text, maxsplit=1)[0][: len(want) + 6]
            if similarity(head[2:], want[2:]) >= HEADING_THRESHOLD:
                found.append(heading)
                at = i + 1
                break
    return found


def is_information_report(paragraphs: Sequence[str], tables: Sequence[Grid]) -> bool:
    """Whether this is a 政府信息公开工作年度报告 in the current format: at least five of its six
    headings in order, or three of them and its table 三."""
    headings = len(headings_found(paragraphs))
    kinds = {table_kind(t) for t in tables}
    return headings >= 5 or (headings >= 3 and "表三" in kinds)


# ── what was read ────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ReadCell:
    """One value as read: its catalog key, and where it was printed (table, 0-based grid row
    and column, the row's and column's labels as printed, the cell's text)."""

    key: str
    value: Value
    table: str
    row: int
    column: int
    row_label: str
    column_label: str
    text: str
    blank: bool = False  # printed blank (or /, —): read as 0

    @property
    def place(self) -> str:
        return _place(self.table, self.row_label, self.column_label)


@dataclass
class ReadTables:
    """Tables 二, 三 and 四 of a report: values by catalog key (`表三 › 自然人 › （一）予以公开`),
    the groups of table 三 printed as one row (group label → its cells by column, keyed
    `表三 › 自然人 › （六）其他处理`), and the problems found."""

    year: int
    cells: dict[str, ReadCell] = field(default_factory=dict)
    groups: dict[str, dict[str, ReadCell]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)  # 表三 → its position among the tables given

    @property
    def ok(self) -> bool:
        """No error: every cell of the three tables was read."""
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def value(self, key: str) -> Value | None:
        cell = self.cells.get(key)
        return cell.value if cell is not None else None


def shown(text: str) -> str:
    """Printed text on one line: a label broken over lines (科研/机构) or spaced (商业 企业) as one."""
    return "".join(text.split())


def _place(table: str, row: str, column: str = "") -> str:
    where = f"上年报告{table}（{TABLE_TITLES.get(table, '')}）"
    if row:
        where += f"“{shown(row)}”行"
    if column:
        where += f"{'、' if row else ''}“{shown(column)}”列"
    return where


@cache
def bundled_catalog() -> Catalog:

    return load_catalog(bundled_template_root() / REPORT_NAME / "catalog.toml")


def read_tables(tables: Sequence[Grid], *, year: int, catalog: Catalog | None = None) -> ReadTables:
    """The values of tables 二, 三 and 四 among `tables` (grids, spans expanded), by the
    catalog's cell keys, with every problem met (see the module's docstring)."""
    catalog = catalog or bundled_catalog()
    read = ReadTables(year)
    for i, grid in enumerate(tables):
        kind = table_kind(grid)
        if kind is None:
            continue
        if kind in read.tables:
            read.problems.append(
                warning(
                    f"上年报告中第{read.tables[kind] + 1}张和第{i + 1}张表格都像{kind}（{TABLE_TITLES[kind]}），"
                    f"只读取了第{read.tables[kind] + 1}张；请核对"
                )
            )
            continue
        read.tables[kind] = i
    for kind in TABLE_TITLES:
        if kind not in read.tables:
            read.problems.append(
                error(
                    f"上年报告中没有找到{kind}（{TABLE_TITLES[kind]}）；请确认读入的是含统计表的完整报告"
                    "（网页请保存为“网页，全部”或“单个文件”，Word 文档请勿把表格粘贴为图片）"
                )
            )
            continue
        grid = [[str(text) for text in row] for row in tables[read.tables[kind]]]
        spec = catalog.tables[kind]
        reader = {"表二": _read_two, "表三": _read_three, "表四": _read_four}[kind]
        reader(grid, spec, catalog, read)
        _tell_blanks(read, kind)
    return read


def _tell_blanks(read: ReadTables, table: str) -> None:
    """A note for each cell of `table` printed blank (read as 0); many in one line."""
    cells = [*read.cells.values(), *(c for group in read.groups.values() for c in group.values())]
    blanks = sorted((c for c in cells if c.table == table and c.blank), key=lambda c: (c.row, c.column))
    if len(blanks) > BLANKS_NAMED:
        some = "、".join(f"“{shown(c.row_label)}”行“{shown(c.column_label)}”列" for c in blanks[:2])
        read.problems.append(
            note(
                f"{_place(table, '')}有{len(blanks)}格空白或印有“/”等（如{some}），均按 0 读入；如原报告另有数字请核对"
            )
        )
        return
    for c in blanks:
        said = "空白" if not normalise(c.text) else f"“{shown(c.text)}”"
        read.problems.append(note(f"{c.place}为{said}，按 0 读入；如原报告另有数字请核对"))


# ── values ───────────────────────────────────────────────────────────────


class _NotANumber(ValueError):
    pass


def parse_printed(text: str, *, decimal: bool = False) -> tuple[Value, bool]:
    """A printed count (or, with `decimal`, an amount) and whether it was printed blank; raises
    `_NotANumber`. `１２`, ` 3 `, `1,200`, `12件`; `1.25`, `1.25万元` where decimals are allowed."""
    flat = normalise(text)
    if flat in NIL_MARKS:
        return 0, True
    flat = flat.removesuffix("万元") if decimal else flat.removesuffix("件")
    if decimal and _DECIMAL.fullmatch(flat):
        try:
            amount = Decimal(flat.replace(",", ""))
        except InvalidOperation:
            raise _NotANumber(text) from None
        return (int(amount) if amount == amount.to_integral_value() and "." not in flat else amount), False
    if _INTEGER.fullmatch(flat):
        return int(flat.replace(",", "")), False
    raise _NotANumber(text)


def _cell(
    read: ReadTables,
    key: str,
    grid: list[list[str]],
    r: int,
    c: int,
    table: str,
    row_label: str,
    column_label: str,
    *,
    decimal: bool = False,
) -> ReadCell | None:
    text = grid[r][c] if c < len(grid[r]) else ""
    try:
        value, blank = parse_printed(text, decimal=decimal)
    except _NotANumber:
        kind = "数字" if decimal else "整数"
        read.problems.append(
            error(
                f"{_place(table, row_label, column_label)}印的是“{shown(text)}”，不是{kind}；"
                "请核对原报告，改正这一格后重新读入"
            )
        )
        return None
    return ReadCell(key, value, table, r, c, row_label.strip(), column_label.strip(), text, blank)


def _is_value(text: str) -> bool:
    flat = normalise(text)
    return flat in NIL_MARKS or bool(_DECIMAL.fullmatch(flat.removesuffix("件").removesuffix("万元")))


# ── 表二 ─────────────────────────────────────────────────────────────────


def _read_two(grid: list[list[str]], spec: TableSpec, catalog: Catalog, read: ReadTables) -> None:
    table = spec.id
    words = "".join(normalise(t) for row in grid for t in row)
    if any(w in words for w in ("本年新制作数量", "上一年项目数量", "对外公开总数量")):
        read.problems.append(
            error(
                f"{_place(table, '')}是2019年试行格式（本年新制作数量、上一年项目数量等），与现行格式"
                "（国办公开办函〔2021〕30号）不同，无法读入；请改用2021年以后的报告"
            )
        )
        return
    labels = [r.key for r in spec.rows]
    printed = [(r, normalise(row[0])) for r, row in enumerate(grid) if row and not _is_value(row[0])]
    matched = assign(printed, labels)
    rows = {label: r for r, (label, _) in matched.items()}
    for r, (label, score) in matched.items():
        if score < 1 and normalise(grid[r][0]) != normalise(label):
            read.problems.append(
                note(f"{_place(table, grid[r][0])}与官方格式的“{label}”不完全相同，按“{label}”读入")
            )
    for row in spec.rows:
        r = rows.get(row.key)
        if r is None:
            read.problems.append(
                error(f"{_place(table, row.key)}没有找到；请核对原报告的表二是否完整，补上这一行后重新读入")
            )
            continue
        columns = spec.columns_of(row)
        header = _header_above(grid, r)
        decimal = catalog.figures[spec.key(row.key, columns[0])].type in ("decimal", "money")
        for c_label, positions in _columns_two(grid, r, header, columns).items():
            key = spec.key(row.key, c_label)
            filled = [c for c in positions if c < len(grid[r]) and normalise(grid[r][c])]
            if len({normalise(grid[r][c]) for c in filled}) > 1:
                said = "、".join(f"“{shown(grid[r][c])}”" for c in filled)
                read.problems.append(
                    error(f"{_place(table, grid[r][0], c_label)}有几个不同的数（{said}）；请核对原报告")
                )
                continue
            c = filled[0] if filled else positions[0]
            got = _cell(read, key, grid, r, c, table, grid[r][0], c_label, decimal=decimal)
            if got is not None:
                read.cells[key] = got


def _header_above(grid: list[list[str]], r: int) -> int | None:
    """The nearest 信息内容 row above row `r` (its column labels)."""
    for i in range(r - 1, -1, -1):
        if grid[i] and normalise(grid[i][0]) == "信息内容":
            return i
    return None


def _columns_two(
    grid: list[list[str]], r: int, header: int | None, columns: tuple[str, ...]
) -> dict[str, list[int]]:
    """Each of a 表二 row's columns → its grid positions: by the 信息内容 row's labels; without
    them, the row's value cells in order (one column: all of them, a span)."""
    width = len(grid[r])
    if header is not None:
        printed = [(c, normalise(grid[header][c])) for c in range(1, min(width, len(grid[header])))]
        if len(columns) == 1:
            hits = [c for c, text in printed if similarity(text, normalise(columns[0])) >= MATCH_THRESHOLD]
            if hits:
                return {columns[0]: hits}
        else:
            found: dict[str, list[int]] = {}
            for c, text in printed:
                best = max(columns, key=lambda col: similarity(text, normalise(col)))
                if similarity(text, normalise(best)) >= MATCH_THRESHOLD:
                    found.setdefault(best, []).append(c)
            if len(found) == len(columns):
                return found
    if len(columns) == 1:
        return {columns[0]: list(range(1, width)) or [1]}
    return {col: [c] for col, c in zip(columns, range(1, width), strict=False)}


# ── 表三 ─────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class TableThree:
    """Table 三's rows and columns by their part in the table, from the catalog's `where`."""

    new: str  # 一、本年新收…: received this year
    carried: str  # 二、上年结转…: received before
    results: tuple[str, ...]  # the 21 result rows
    total: str  # （七）总计
    open: str  # 四、结转下年度继续办理
    groups: dict[str, tuple[str, ...]]  # （三）不予公开 → its members
    applicants: tuple[str, ...]  # the six applicant columns
    total_column: str


@cache
def _table_three(spec: TableSpec) -> TableThree:
    new = carried = total = open_ = ""
    results: list[str] = []
    for row in spec.rows:
        where = dict(row.where)
        if row.sum:
            total = row.key
        elif any(len(v) > 1 for v in where.values()):  # 办结日期 空白 or 本年以后
            open_ = row.key
        elif len(where) == 1 and "本年" in next(iter(where.values())):
            new = row.key
        elif len(where) == 1:
            carried = row.key
        else:
            results.append(row.key)
    groups: dict[str, list[str]] = {}
    runs = [key for key in results if re.match(r"^\d+\.", key)]
    name = iter(GROUPS)
    current = ""
    for key in runs:
        if key.startswith("1."):
            current = next(name)
        groups.setdefault(current, []).append(key)
    applicants = tuple(c.key for c in spec.columns if not c.sum)
    total_column = next(c.key for c in spec.columns if c.sum)
    return TableThree(
        new,
        carried,
        tuple(results),
        total,
        open_,
        {g: tuple(m) for g, m in groups.items()},
        applicants,
        total_column,
    )


def group_target(group: str, members: Sequence[str]) -> str:
    """The member a group printed as one row is counted in (`GROUP_TARGET`, else its first)."""
    wanted = GROUP_TARGET.get(group, "")
    return wanted if wanted in members else members[0]


def table_three(catalog: Catalog | None = None) -> TableThree:
    return _table_three((catalog or bundled_catalog()).tables["表三"])


def _first_data_row(grid: list[list[str]], labels: list[str]) -> int | None:
    for r, row in enumerate(grid):
        texts = {normalise(t) for t in row}
        if any(similarity(t, normalise(label)) >= MATCH_THRESHOLD for t in texts for label in labels):
            return r
    return None


def _read_three(grid: list[list[str]], spec: TableSpec, catalog: Catalog, read: ReadTables) -> None:
    """Table 三: its columns and rows found by their labels, each group printed as one row
    read as a whole, every cell by its catalog key."""
    table = spec.id
    three = _table_three(spec)
    candidates = [*(r.key for r in spec.rows), *three.groups, RESULTS_BLOCK]
    first = _first_data_row(grid, [three.new, three.carried, three.results[0]])
    if first is None:
        first = _first_data_row(grid, candidates)
    if first is None:
        read.problems.append(
            error(f"{_place(table, '')}找不到“{three.new}”等行名，无法读取；请核对读入的表格是否完整")
        )
        return
    width = max(len(row) for row in grid)
    columns = _columns_three(grid, first, width, spec, read)
    if columns is None:
        return
    printed = _PrintedThree(
        grid, table, first, columns, _named_rows(grid, first, width, columns, table, read)
    )
    rows = _rows_three(printed, candidates, read)
    _skip_results_block(printed, rows, read)
    _read_groups(printed, three, rows, read)
    _tell_missing_rows(spec, three, rows, read)
    for row_key, r in rows.items():
        for col in columns:
            key = spec.key(row_key, col)
            got = printed.cell(read, key, r, col)
            if got is not None:
                read.cells[key] = got


@dataclass(frozen=True)
class _PrintedThree:
    """Table 三 as printed: its grid, its first data row, each column's grid column and each
    named row's labels (outermost first, `paths`)."""

    grid: list[list[str]]
    table: str
    first: int
    columns: dict[str, int]
    paths: dict[int, list[str]]

    def label(self, r: int) -> str:
        """Row `r`'s own label as printed."""
        return self.paths[r][-1]

    def cell(self, read: ReadTables, key: str, r: int, col: str) -> ReadCell | None:
        """The cell of row `r` in column `col`, read as `key`."""
        c = self.columns[col]
        return _cell(
            read, key, self.grid, r, c, self.table, self.label(r), grid_label(self.grid, self.first, c)
        )


def _named_rows(
    grid: list[list[str]], first: int, width: int, columns: dict[str, int], table: str, read: ReadTables
) -> dict[int, list[str]]:
    """Each data row's labels (the texts left of the values); a row with numbers but no label
    is an error, a header printed again (a page break in a web copy) is skipped."""
    value_start = min(columns.values())
    paths: dict[int, list[str]] = {}
    for r in range(first, len(grid)):
        row = [*grid[r], *[""] * (width - len(grid[r]))]
        path = _path(row[:value_start])
        if not path:
            if any(normalise(row[c]) for c in columns.values()):
                read.problems.append(
                    error(f"{_place(table, '')}第{r + 1}行没有行名，不知道是哪一项；请核对原报告")
                )
            continue
        if all(
            similarity(normalise(row[c]), normalise(col)) >= MATCH_THRESHOLD for col, c in columns.items()
        ):
            continue  # the header printed again (a page break in a web copy)
        paths[r] = path
    return paths


def _rows_three(printed: _PrintedThree, candidates: list[str], read: ReadTables) -> dict[str, int]:
    """Each official row label (and group, and the results block) → its grid row, a misprinted
    label noted; a printed row matching none is an error if it holds numbers, else noted."""
    grid, table = printed.grid, printed.table
    matched = assign([(r, normalise(path[-1])) for r, path in printed.paths.items()], candidates)
    rows: dict[str, int] = {}
    for r, (label, score) in matched.items():
        rows[label] = r
        if score < 1:
            read.problems.append(
                note(f"{_place(table, printed.label(r))}与官方格式的“{label}”不完全相同，按“{label}”读入")
            )
    for r, path in printed.paths.items():
        if r not in matched:
            values = [normalise(grid[r][c]) for c in printed.columns.values() if c < len(grid[r])]
            if any(v not in NIL_MARKS and v != "0" for v in values):
                read.problems.append(
                    error(
                        f"{_place(table, path[-1])}不是官方格式中的任何一行，其中的数字无法归入；"
                        "请核对原报告的行名后重新读入"
                    )
                )
            else:
                read.problems.append(note(f"{_place(table, path[-1])}不是官方格式中的一行，没有数字，已略过"))
    return rows


def _skip_results_block(printed: _PrintedThree, rows: dict[str, int], read: ReadTables) -> None:
    """三、本年度办理结果 is a label over the result rows: numbers printed in it are not read."""
    if RESULTS_BLOCK not in rows:
        return
    r = rows.pop(RESULTS_BLOCK)
    row = printed.grid[r]
    if any(normalise(row[c]) not in NIL_MARKS for c in printed.columns.values() if c < len(row)):
        read.problems.append(
            note(f"{_place(printed.table, printed.label(r))}一行的数字没有读入：办理结果按各项分别读取")
        )


def _read_groups(printed: _PrintedThree, three: TableThree, rows: dict[str, int], read: ReadTables) -> None:
    """A group's row ((三)不予公开 …): a subtotal beside its members is skipped; printed alone,
    its cells are read as the group's (rebuilt into one member, `group_target`)."""
    table = printed.table
    for group, members in three.groups.items():
        if group not in rows:
            continue
        r = rows.pop(group)
        if any(m in rows for m in members):
            read.problems.append(
                note(f"{_place(table, printed.label(r))}是小计，已略过（分项已读入，重建的表格不印小计）")
            )
            continue
        target = group_target(group, members)
        read.problems.append(
            warning(
                f"{_place(table, printed.label(r))}只印了合计，没有分项（{'、'.join(members)}）；"
                f"重建时全部计入“{target}”，请在依申请公开台账中按实际分项改正"
            )
        )
        read.groups[group] = {}
        for col in printed.columns:
            got = printed.cell(read, f"{table} › {col} › {group}", r, col)
            if got is not None:
                read.groups[group][col] = got


def _tell_missing_rows(spec: TableSpec, three: TableThree, rows: dict[str, int], read: ReadTables) -> None:
    """An official row not found: a total is computed again (a warning), any other is an error
    (unless its group was printed whole)."""
    table = spec.id
    for row in spec.rows:
        if row.key in rows:
            continue
        group = next((g for g, members in three.groups.items() if row.key in members), None)
        if group in read.groups:
            continue
        if row.sum:  # a total: the rebuilt table computes it
            read.problems.append(
                warning(f"{_place(table, row.key)}没有印出；重建的表格按各项之和印出，请核对")
            )
            continue
        read.problems.append(
            error(f"{_place(table, row.key)}没有找到；请核对原报告的表三是否完整，补上这一行后重新读入")
        )


def grid_label(grid: list[list[str]], first: int, c: int) -> str:
    """A column's label as printed: the last text of its header rows (above row `first`)."""
    path = _path([grid[r][c] if c < len(grid[r]) else "" for r in range(first)])
    return path[-1] if path else f"第{c + 1}列"


def _columns_three(
    grid: list[list[str]], first: int, width: int, spec: TableSpec, read: ReadTables
) -> dict[str, int] | None:
    """Each column of table 三 → its grid column, by the header's labels (any order); a table
    whose header has none of them is read in the official order from its last seven columns."""
    table = spec.id
    wanted = [c.key for c in spec.columns]
    printed = [(c, normalise(grid_label(grid, first, c))) for c in range(width)]
    printed = [(c, text) for c, text in printed if not text.startswith("第") or not text.endswith("列")]
    matched = assign(printed, wanted)
    found = {label: c for c, (label, _) in matched.items()}
    if not found:
        if width >= len(wanted) + 1:
            read.problems.append(
                warning(
                    f"{_place(table, '')}的表头中没有“{'”“'.join(wanted)}”等列名，按官方格式的列序读取最后"
                    f"{len(wanted)}列；请核对"
                )
            )
            return {label: width - len(wanted) + i for i, label in enumerate(wanted)}
        read.problems.append(
            error(f"{_place(table, '')}的表头中没有申请人类别的列名，无法读取；请核对读入的表格是否完整")
        )
        return None
    totals = [c.key for c in spec.columns if c.sum]
    missing = [label for label in wanted if label not in found]
    if missing and all(label in totals for label in missing):  # the rebuilt table computes it
        read.problems.append(
            warning(f"{_place(table, '', missing[0])}没有印出；重建的表格按各类申请人之和印出，请核对")
        )
        missing = []
    if missing:
        unknown = [
            grid_label(grid, first, c)
            for c in range(min(found.values()), width)
            if c not in found.values() and grid_label(grid, first, c) not in ("",)
        ]
        extra = f"；表头中的“{'”“'.join(dict.fromkeys(unknown))}”无法识别" if unknown else ""
        read.problems.append(
            error(
                f"{_place(table, '')}缺少“{'”“'.join(missing)}”列{extra}；官方格式的列为“{'”“'.join(wanted)}”，"
                "请核对原报告后重新读入"
            )
        )
        return None
    order = sorted(found, key=found.__getitem__)
    if order != [label for label in wanted if label in found]:
        read.problems.append(
            note(f"{_place(table, '')}的列序为“{'”“'.join(order)}”，与官方格式不同，已按列名读取")
        )
    for c, (label, score) in matched.items():
        if score < 1:
            read.problems.append(
                note(
                    f"{_place(table, '', grid_label(grid, first, c))}与官方格式的“{label}”不完全相同，按“{label}”读入"
                )
            )
    return found


# ── 表四 ─────────────────────────────────────────────────────────────────


def _read_four(grid: list[list[str]], spec: TableSpec, catalog: Catalog, read: ReadTables) -> None:
    """Table 四: its one row of numbers, each column found by its labels (复议 or 诉讼 above,
    the result below)."""
    table = spec.id
    row_key = spec.rows[0].key
    data = _data_row_four(grid)
    if data is None:
        read.problems.append(
            error(f"{_place(table, '')}找不到印有案件数的一行，无法读取；请核对读入的表格是否完整")
        )
        return
    columns = _columns_four(grid, data, spec, read)
    if columns is None:
        return
    found, labels = columns
    for key, c in found.items():
        got = _cell(read, spec.key(row_key, key), grid, data, c, table, "", labels.get(c, key))
        if got is not None:
            read.cells[got.key] = got


def _data_row_four(grid: list[list[str]]) -> int | None:
    """The row of numbers under the header: at least half its cells numbers; else one that is
    all numbers (blank included)."""
    data = next(
        (
            r
            for r, row in enumerate(grid)
            if r > 0 and sum(_is_value(t) for t in row) * 2 >= len(row) and any(normalise(t) for t in row)
        ),
        None,
    )
    if data is None:
        data = next((r for r, row in enumerate(grid) if r > 0 and all(_is_value(t) for t in row)), None)
    return data


def _columns_four(
    grid: list[list[str]], data: int, spec: TableSpec, read: ReadTables
) -> tuple[dict[str, int], dict[int, str]] | None:
    """Each column of table 四 → its grid column, and each grid column's labels as printed;
    a header read as none of them is taken in the official order from the last columns; a
    missing column other than a total is an error (None)."""
    table = spec.id
    width = max(len(row) for row in grid)
    keys = [c.key for c in spec.columns]
    printed, labels = _header_four(grid, data, width, spec)
    matched = assign(printed, keys)
    found = {label: c for c, (label, _) in matched.items()}
    if not found and width >= len(keys):
        read.problems.append(
            warning(f"{_place(table, '')}的表头无法识别，按官方格式的列序读取最后{len(keys)}列；请核对")
        )
        found = {key: width - len(keys) + i for i, key in enumerate(keys)}
        labels = {c: key for key, c in found.items()}
    missing = [k for k in keys if k not in found]
    totals = [c.key for c in spec.columns if c.sum]
    if missing and all(k in totals for k in missing):  # the rebuilt table computes them
        read.problems.append(
            warning(f"{_place(table, '', '”“'.join(missing))}没有印出；重建的表格按各项结果之和印出，请核对")
        )
        missing = []
    if missing:
        read.problems.append(
            error(
                f"{_place(table, '')}缺少“{'”“'.join(missing)}”列；官方格式为行政复议、未经复议直接起诉、"
                "复议后起诉各有结果维持、结果纠正、其他结果、尚未审结、总计五列，请核对原报告后重新读入"
            )
        )
        return None
    for c, (label, score) in matched.items():
        if score < 1:
            read.problems.append(
                note(f"{_place(table, '', labels[c])}与官方格式的“{label}”不完全相同，按“{label}”读入")
            )
    return found, labels


def _header_four(
    grid: list[list[str]], data: int, width: int, spec: TableSpec
) -> tuple[list[tuple[int, str]], dict[int, str]]:
    """Each grid column's header as a column key would read (`行政复议·结果维持`: the group above
    it, found by similarity, and its own label), and its labels as printed."""
    groups = sorted({k.split("·")[0] for k in (c.key for c in spec.columns)}, key=lambda g: -len(g))
    printed: list[tuple[int, str]] = []
    labels: dict[int, str] = {}
    for c in range(width):
        path = _path([grid[r][c] if c < len(grid[r]) else "" for r in range(data)])
        if not path:
            continue
        group = ""
        best = 0.0
        for text in path[:-1]:
            for g in groups:
                score = similarity(normalise(text), normalise(g))
                if score > best and score >= MATCH_THRESHOLD:
                    group, best = g, score
        labels[c] = "·".join(path)
        printed.append((c, f"{group}·{normalise(path[-1])}" if group else normalise(path[-1])))
    return printed, labels


# ── relations A–D ────────────────────────────────────────────────────────


@dataclass(frozen=True)
class BrokenRelation:
    """A relation the printed tables break: which (A–D) and where (the column of A and B, the row
    of C, the group of D), its two sides as (key, printed value), and what the rebuilt tables
    will show (key → value, for the cells that will differ from print)."""

    relation: str
    scope: str
    left: tuple[tuple[str, Value], ...]
    right: tuple[tuple[str, Value], ...]
    rebuilt: tuple[tuple[str, Value], ...]
    message: str

    def problem(self) -> Problem:
        return warning(self.message)


def _row_of(key: str) -> str:
    return key.split(" › ")[-1]


def _column_of(key: str) -> str:
    return key.split(" › ")[1].split("·")[-1]


def _terms(pairs: Sequence[tuple[str, Value]], name: Callable[[str], str]) -> str:
    """`“a”1 + “b”2 = 3` (of many terms only those not 0), or `“a”1` alone."""
    if len(pairs) == 1:
        return f"“{name(pairs[0][0])}”{pairs[0][1]}"
    kept = [(k, v) for k, v in pairs if v or len(pairs) <= 4] or list(pairs[:1])
    more = "（其余各项为0）" if len(kept) < len(pairs) else ""
    return " + ".join(f"“{name(k)}”{v}" for k, v in kept) + f"{more} = {sum(v for _, v in pairs)}"


def rebuilt_values(read: ReadTables, catalog: Catalog | None = None) -> dict[str, Value]:
    """Every cell of tables 二, 三 and 四 as `assembler build` will show it from the rebuilt
    inputs (`xxgkinputs`): the values read, a group printed as one row counted in one member
    (`GROUP_TARGET`), every total the sum of its parts (B, C, D), and, where 一 + 二 ≠ 办理结果 +
    四 (A), 二、上年结转 the difference (一 where 二 would be negative). Cells not read are 0."""
    catalog = catalog or bundled_catalog()
    three = table_three(catalog)
    t3, t4 = catalog.tables["表三"], catalog.tables["表四"]
    values: dict[str, Value] = {}
    for _, _, key in catalog.tables["表二"].cells():
        values[key] = read.value(key) or 0
    for col in three.applicants:
        counts = {row: int(read.value(t3.key(row, col)) or 0) for row in three.results}
        for group, members in three.groups.items():
            if group in read.groups:
                target = group_target(group, members)
                counts[target] = int(read.groups[group][col].value) if col in read.groups[group] else 0
        for row, n in counts.items():
            values[t3.key(row, col)] = n
        still = int(read.value(t3.key(three.open, col)) or 0)
        handled = sum(counts.values()) + still
        new = int(read.value(t3.key(three.new, col)) or 0)
        carried = int(read.value(t3.key(three.carried, col)) or 0)
        if new + carried != handled:
            new = min(new, handled)
            carried = handled - new
        values[t3.key(three.new, col)] = new
        values[t3.key(three.carried, col)] = carried
        values[t3.key(three.open, col)] = still
        values[t3.key(three.total, col)] = sum(counts.values())
    for row in t3.rows:
        values[t3.key(row.key, three.total_column)] = sum(
            int(values[t3.key(row.key, c)]) for c in three.applicants
        )
    row_key = t4.rows[0].key
    for column in t4.columns:
        if not column.sum:
            values[t4.key(row_key, column.key)] = read.value(t4.key(row_key, column.key)) or 0
    for column in t4.columns:
        if column.sum:
            values[t4.key(row_key, column.key)] = sum(int(values[t4.key(row_key, c)]) for c in column.sum)
    return values


def check_relations(read: ReadTables, catalog: Catalog | None = None) -> list[BrokenRelation]:
    """Relations A–D on the values as printed (a group printed as one row stands for its members;
    cells not read are left out of any relation), each failure with a one-line Chinese message
    naming its cells and values and saying what the rebuilt tables will show."""
    catalog = catalog or bundled_catalog()
    rebuilt = rebuilt_values(read, catalog)
    group_cells = {c.key: c for cells in read.groups.values() for c in cells.values()}

    def printed(key: str) -> Value | None:
        return group_cells[key].value if key in group_cells else read.value(key)

    found = (_broken(relation, printed, rebuilt) for relation in _relations(read, catalog))
    return [broken for broken in found if broken is not None]


@dataclass(frozen=True)
class _Relation:
    """One relation to hold: the sum of `left` equals the sum of `right` (cell keys); `by`
    names a cell in the message."""

    name: str  # A–D
    scope: str
    where: str
    left: list[str]
    right: list[str]
    rule: str
    by: Callable[[str], str]


def _relations(read: ReadTables, catalog: Catalog) -> list[_Relation]:
    """Relations A and B of each column of table 三, C of each of its rows, D of each group of
    table 四 (its 总计 and the results it sums)."""
    three = table_three(catalog)
    t3, t4 = catalog.tables["表三"], catalog.tables["表四"]
    columns = (*three.applicants, three.total_column)
    relations = [
        _Relation(
            "A",
            col,
            _place("表三", "", col),
            left=[t3.key(three.new, col), t3.key(three.carried, col)],
            right=[t3.key(three.total, col), t3.key(three.open, col)],
            rule="第一项加第二项之和，等于第三项加第四项之和",
            by=_row_of,
        )
        for col in columns
    ]
    relations += [
        _Relation(
            "B",
            col,
            _place("表三", "", col),
            left=[t3.key(three.total, col)],
            right=_printed_results(read, three, t3, col),
            rule="（七）总计等于各项办理结果之和",
            by=_row_of,
        )
        for col in columns
    ]
    relations += [
        _Relation(
            "C",
            row.key,
            _place("表三", row.key),
            left=[t3.key(row.key, three.total_column)],
            right=[t3.key(row.key, c) for c in three.applicants],
            rule="总计等于各类申请人之和",
            by=_column_of,
        )
        for row in t3.rows
    ]
    only = t4.rows[0].key
    relations += [
        _Relation(
            "D",
            column.key.split("·")[0],
            _place("表四", "", column.key.split("·")[0]),
            left=[t4.key(only, column.key)],
            right=[t4.key(only, c) for c in column.sum],
            rule="总计等于结果维持、结果纠正、其他结果、尚未审结之和",
            by=_column_of,
        )
        for column in t4.columns
        if column.sum
    ]
    return relations


def _printed_results(read: ReadTables, three: TableThree, t3: TableSpec, col: str) -> list[str]:
    """The result cells of column `col` as printed: a group printed as one row stands once,
    in its first member's place, for all its members."""
    keys = []
    for row in three.results:
        group = next((g for g, members in three.groups.items() if row in members), None)
        if group in read.groups:
            if row == three.groups[group][0]:
                keys.append(f"表三 › {col} › {group}")
        else:
            keys.append(t3.key(row, col))
    return keys


def _broken(
    relation: _Relation, printed: Callable[[str], Value | None], rebuilt: dict[str, Value]
) -> BrokenRelation | None:
    """The relation as broken by the printed values, with what the rebuilt tables will show;
    None where it holds, or where a cell of it was not read."""
    left, right, by = relation.left, relation.right, relation.by
    lhs = [(k, printed(k)) for k in left]
    rhs = [(k, printed(k)) for k in right]
    if any(v is None for _, v in (*lhs, *rhs)):
        return None
    if sum(v for _, v in lhs if v is not None) == sum(v for _, v in rhs if v is not None):
        return None
    changed = tuple(
        (k, rebuilt[k]) for k in dict.fromkeys([*left, *right]) if k in rebuilt and rebuilt[k] != printed(k)
    )
    shows = "、".join(f"“{by(k)}”为{v}（原印{printed(k)}）" for k, v in changed)
    message = (
        f"{relation.where}不符合勾稽关系{relation.name}（{relation.rule}）：{_terms(lhs, by)}，而{_terms(rhs, by)}；"  # type: ignore[arg-type]
        + (f"重建的表格中{shows}，请核对" if shows else "重建的表格按各格数字计算，请核对")
    )
    return BrokenRelation(relation.name, relation.scope, tuple(lhs), tuple(rhs), changed, message)  # type: ignore[arg-type]


def relation_problems(read: ReadTables, catalog: Catalog | None = None) -> list[Problem]:
    """`read.problems` and a warning for each broken relation: everything to tell the clerk."""
    return [*read.problems, *(b.problem() for b in check_relations(read, catalog))]


# ── the report's words ───────────────────────────────────────────────────

_NO_FEE = re.compile(
    r"(未|没有|不|无)(收取|产生|涉及)[^。；]{0,24}信息处理费|信息处理费[^。；]{0,12}(为0|为零|0元)"
)
_FEE = re.compile(
    r"对(\d[\d,]*)件[^。；]{0,30}?收取[^。；]{0,12}?信息处理费[^。；\d]{0,12}?(\d[\d,]*(?:\.\d+)?)(万元|元)"
)


@dataclass(frozen=True)
class Fees:
    """The 信息处理费 part 六 reports: how many applications were charged, how much in all (元),
    and the sentence it was read from."""

    count: int
    amount: Decimal
    sentence: str


def read_fees(paragraphs: Sequence[str]) -> Fees | None:
    """The 信息处理费 as part 六 (or, without that heading, the whole text) states it: none
    charged, or `对N件…收取信息处理费…共计X元`; None when the words are not found or not plain."""
    start = next((i for i, p in enumerate(paragraphs) if normalise(p).startswith("六、")), 0)
    text = "\n".join(p.strip() for p in paragraphs[start:])
    for sentence in re.split(r"(?<=[。；;])|\n", text):
        if "信息处理费" not in sentence:
            continue
        flat = unicodedata.normalize("NFKC", sentence)
        m = _FEE.search(flat)
        if m:
            amount = Decimal(m.group(2).replace(",", ""))
            return Fees(
                int(m.group(1).replace(",", "")),
                amount * 10000 if m.group(3) == "万元" else amount,
                sentence.strip(),
            )
        if _NO_FEE.search(flat):
            return Fees(0, Decimal(0), sentence.strip())
    return None
