"""Figures: values computed from the submissions, each carrying where it came from.

`compute_figures` takes the submissions `submissions.check_submissions` lets through, checks
every raw cell against its figure's type, combines submissions as the catalog says (one cell,
a sum over submissions, a ledger count or sum with conditions, a total of other figures) and
returns immutable `Figure` values with their sources, plus every problem found on the way.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from assembler.compute.submissions import Accepted
from assembler.model.catalog import (
    BLANK,
    COMMUNITIES,
    Catalog,
    Column,
    FigureSpec,
    LedgerSpec,
    RowRule,
    Where,
)
from assembler.model.cells import EMPTY, TYPE_NAMES, CellError, parse_value
from assembler.model.errors import Problem, error, warning
from assembler.model.marks import mark
from assembler.model.phrasing import Wording
from assembler.model.settings import Settings
from assembler.model.sources import Previous, Source, Value, row_ranges
from assembler.reading.workbooks import LedgerSheet, Location, RawCell, Submission, iter_ledgers


def _parse(spec_type: str, raw: RawCell, unit: str, label: str, problems: list[Problem]) -> Any:
    try:
        return parse_value(spec_type, raw.raw, unit, shown_as_percent=raw.percent)
    except CellError as exc:
        problems.append(error(f"{exc}", label=label, **raw.at.where()))
        return None


ParsedRow = tuple[LedgerSheet, int, tuple[Any, ...]]  # sheet, row number, values in column order


UNKNOWN = object()  # a bad row's cell whose value could not be read


@dataclass(frozen=True)
class Figure:
    """A figure's value for the year, the cells or ledger rows it came from, and last year's."""

    spec: FigureSpec
    value: Value
    sources: tuple[Source, ...]
    previous: Value | None = None  # the same figure a year earlier, when that year's inputs exist
    previous_sources: tuple[Source, ...] = ()  # where last year's value was read

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def wording(self) -> Wording:
        """The words the report prints, true of the value (see `phrasing`)."""
        return self.spec.phrasing.words(self.value, self.spec.unit)

    @property
    def phrase(self) -> str:
        return self.wording.text

    def __str__(self) -> str:
        return self.phrase


@dataclass(frozen=True)
class Missing:
    """Stands in a draft for a figure that is missing or invalid: 【缺：出动执法人员】."""

    spec: FigureSpec

    value = None  # a template's `{% if x.value == 0 %}` takes the other branch, with its markers

    def __str__(self) -> str:
        if self.spec.table:  # a table cell is narrow: the address is in the 溯源表
            return mark(self.spec.key, f"{MISSING_OPEN.rstrip('：')}】")
        return mark(self.spec.key, f"{MISSING_OPEN}{self.spec.label}】")


@dataclass(frozen=True)
class Marked:
    """A figure whose printed words are marked, so the review copy can comment on them."""

    figure: Figure

    def __getattr__(self, name: str) -> Any:
        return getattr(self.figure, name)

    def __str__(self) -> str:
        return mark(self.figure.key, self.figure.phrase)


def review_note(fig: Figure, year: int) -> str:
    """The comment a reviewer reads beside a figure in the review copy."""
    exact = fig.value if fig.spec.type != "money" else f"{fig.value}元"
    lines = [f"{fig.label}：{exact}{fig.spec.unit if fig.spec.type in ('count', 'percent') else ''}"]
    lines += [f"来源：{src.plain()}" for src in fig.sources[:5]]
    if len(fig.sources) > 5:
        lines.append(f"……共 {len(fig.sources)} 处来源，详见溯源表")
    lines.append(f"汇总方式：{fig.spec.describe_combine()}；表述：{fig.spec.phrasing}")
    if fig.previous is not None:
        lines.append(f"{year - 1}年：{fig.previous}")
    return "\n".join(lines)


MISSING_OPEN = "【缺："


@dataclass(frozen=True)
class LedgerRows:
    """A ledger's rows: the good ones parsed, and the bad ones (each problem reported) with what
    could be read of them (`UNKNOWN` for a bad cell). A figure any bad row might count in is not
    computed — a count over the good rows alone would be a wrong figure — but a figure no bad
    row can reach is (a draft's table keeps every cell the bad rows do not touch)."""

    good: list[ParsedRow]
    bad: list[tuple[Any, ...]]

    def reaches(self, where: Where, ledger: LedgerSpec, year: int) -> bool:
        """Whether some bad row might meet all of `where`."""
        index = {c.name: i for i, c in enumerate(ledger.columns)}
        return any(
            all(
                values[index[col]] is UNKNOWN
                or classify(values[index[col]], ledger.columns[index[col]], year) in wanted
                for col, wanted in where
            )
            for values in self.bad
        )


def _ledger_rows(
    sheets: list[LedgerSheet], ledger: LedgerSpec, settings: Settings, year: int, problems: list[Problem]
) -> LedgerRows | None:
    """Every ledger row with its cells parsed, the bad ones apart (see `LedgerRows`); None when
    the ledger is not there at all.

    A ledger repeats its values (communities, occasions, dates), so each column is parsed
    value by distinct value, and cells are looked at one by one only in a column where some
    distinct value is wrong: a district's 100,000-row ledger takes a fraction of a second."""
    if not sheets:
        return None
    good: list[ParsedRow] = []
    bad: list[tuple[Any, ...]] = []
    for sheet in sheets:
        found = _Found()
        columns = [
            _parsed_column(sheet, ledger, i, settings, year, found) for i in range(len(ledger.columns))
        ]
        rows = list(zip(*columns, strict=True)) if columns else []
        _check_row_rules(sheet, ledger, rows, year, found)
        problems.extend(problem for _, _, problem in sorted(found.problems, key=lambda f: (f[0], f[1])))
        problems.extend(_repeated_rows(sheet, rows, found.bad_rows, ledger))
        for j, ((row_no, _), values) in enumerate(zip(sheet.rows, rows, strict=True)):
            if j not in found.bad_rows:
                good.append((sheet, row_no, values))
            else:
                bad.append(tuple(_known(v, c) for v, c in zip(values, ledger.columns, strict=True)))
    return LedgerRows(good, bad)


@dataclass
class _Found:
    """What one ledger sheet's cells were found to be: the problems by (row, column), told row
    by row, and the rows not counted (a wrong or missing cell, a broken rule)."""

    problems: list[tuple[int, int, Problem]] = field(default_factory=list)
    bad_rows: set[int] = field(default_factory=set)


def _parsed_column(
    sheet: LedgerSheet, ledger: LedgerSpec, i: int, settings: Settings, year: int, found: _Found
) -> list[Any]:
    """Column `i` of every row of `sheet`, parsed value by distinct value; where a distinct value
    is wrong or missing, or a date outside `year`, the cells holding it are told."""
    col = ledger.columns[i]
    choices = tuple(settings.communities if col.choices == COMMUNITIES else col.choices)
    memo: dict[tuple[type, Any], Any] = {}
    parsed = [_parse_once(memo, col.type, choices, raws[i]) for _, raws in sheet.rows]
    results = list(memo.values())
    if any(isinstance(v, CellError) for v in results) or (col.required and EMPTY in results):
        _tell_bad_cells(sheet, ledger, i, parsed, found)
    if (
        col.type == "date"
        and not col.any_year
        and any(v and not isinstance(v, CellError) and v.year != year for v in results)
    ):
        _tell_other_years(sheet, ledger, i, parsed, year, found)
    return parsed


def _tell_bad_cells(sheet: LedgerSheet, ledger: LedgerSpec, i: int, parsed: list[Any], found: _Found) -> None:
    """Each cell of column `i` that could not be read, or is required and empty: an error, its
    row not counted."""
    col = ledger.columns[i]
    label = f"{ledger.id}·{col.name}"
    for j, value in enumerate(parsed):
        if isinstance(value, CellError) and not str(value):  # told once already
            found.bad_rows.add(j)
        elif isinstance(value, CellError) or (value is EMPTY and col.required):
            message = (
                str(value)
                if isinstance(value, CellError)
                else f"此行缺少“{col.name}”（{TYPE_NAMES[col.type]}），请补填"
            )
            found.problems.append(
                (j, i, error(message, label=label, **sheet.at(sheet.rows[j][0], i).where()))
            )
            found.bad_rows.add(j)


def _tell_other_years(
    sheet: LedgerSheet, ledger: LedgerSpec, i: int, parsed: list[Any], year: int, found: _Found
) -> None:
    """Each date of column `i` outside `year`: a warning (the row still counts)."""
    label = f"{ledger.id}·{ledger.columns[i].name}"
    for j, value in enumerate(parsed):
        if value and not isinstance(value, CellError) and value.year != year:
            where = sheet.at(sheet.rows[j][0], i).where()
            found.problems.append(
                (j, i, warning(f"日期 {value:%Y-%m-%d} 不在{year}年内，请核对", label=label, **where))
            )


def _check_row_rules(
    sheet: LedgerSheet, ledger: LedgerSpec, rows: list[tuple[Any, ...]], year: int, found: _Found
) -> None:
    """The ledger's row rules on each row whose cells were all read: a broken one is an error,
    its row not counted."""
    index = {c.name: i for i, c in enumerate(ledger.columns)}
    for j, values in enumerate(rows):
        if j in found.bad_rows:
            continue
        for rule in ledger.rules:
            broken = _broken(rule, ledger, index, values, year)
            if broken is not None:
                where = sheet.at(sheet.rows[j][0], broken[0]).where()
                found.problems.append(
                    (j, broken[0], error(broken[1], label=f"{ledger.id}·{rule.column}", **where))
                )
                found.bad_rows.add(j)


def _known(value: Any, column: Column) -> Any:
    """A bad row's cell as far as it could be read."""
    if isinstance(value, CellError) or (value is EMPTY and column.required):
        return UNKNOWN
    return value


def _repeated_rows(
    sheet: LedgerSheet, rows: list[tuple[Any, ...]], bad_rows: set[int], ledger: LedgerSpec
) -> list[Problem]:
    """A warning for each row that repeats an earlier one cell for cell: typed in twice, or
    two real records that happen to agree (which the clerk can tell, and we cannot)."""
    first_of: dict[tuple[Any, ...], int] = {}
    repeats: dict[int, list[int]] = defaultdict(list)
    for j, values in enumerate(rows):
        if j in bad_rows:
            continue
        row_no = sheet.rows[j][0]
        first = first_of.setdefault(values, row_no)
        if first != row_no:
            repeats[first].append(row_no)
    return [
        warning(
            f"{row_ranges(tuple(later))}与第{first}行完全相同；如是重复录入，请删除多余的行"
            f"（确是{len(later) + 1}条不同的记录的，可不理会此提醒）",
            label=ledger.id,
            file=sheet.file,
            sheet=sheet.sheet,
            cell=f"第{first}行",
        )
        for first, later in repeats.items()
    ]


def classify(value: Any, column: Column, year: int) -> str:
    """What a condition compares a parsed ledger value with: the value itself, 空白 for an empty
    cell, and for a date where it falls against the report's year (本年以前 / 本年 / 本年以后)."""
    if value is EMPTY or value is None:
        return BLANK
    if column.type == "date":
        return "本年以前" if value.year < year else "本年" if value.year == year else "本年以后"
    return str(value)


def _meets(
    where: Where, ledger: LedgerSpec, index: dict[str, int], values: tuple[Any, ...], year: int
) -> bool:
    return all(
        classify(values[index[col]], ledger.columns[index[col]], year) in wanted for col, wanted in where
    )


def _broken(
    rule: RowRule, ledger: LedgerSpec, index: dict[str, int], values: tuple[Any, ...], year: int
) -> tuple[int, str] | None:
    """(column index, message) when a parsed row breaks `rule`, else None (`index`: column → position)."""
    if rule.when and _meets(rule.when, ledger, index, values, year) == rule.negate:
        return None
    i = index[rule.column]
    value = values[i]
    shown = f"{value:%Y-%m-%d}" if isinstance(value, dt.date) else str(value)
    if rule.rule == "必填":
        return (i, f"{rule.message}") if value is EMPTY else None
    if rule.rule == "不填":
        return (i, f"{rule.message}（现为 {shown}）") if value is not EMPTY else None
    if value is EMPTY:
        return None
    if rule.rule == "不早于本年" and value.year < year:
        return i, f"{rule.message}（{rule.column} {shown}）"
    if rule.rule == "不晚于本年" and value.year > year:
        return i, f"{rule.message}（{rule.column} {shown}）"
    if rule.rule == "不早于":
        other = values[index[rule.other]]
        if other is not EMPTY and value < other:
            return i, f"{rule.message}（{rule.column} {shown}，{rule.other} {other:%Y-%m-%d}）"
    return None


def _parse_once(memo: dict[tuple[type, Any], Any], kind: str, choices: tuple[str, ...], raw: Any) -> Any:
    """`parse_value`, remembering each distinct raw value's result or error in `memo`."""
    key = (raw.__class__, raw)  # 1, 1.0 and True are different cells
    try:
        return memo[key]
    except KeyError:
        try:
            result = parse_value(kind, raw, "", choices)
        except CellError as exc:
            result = exc
        memo[key] = result
        return result


def compute_figures(
    catalog: Catalog, accepted: Accepted, settings: Settings, year: int
) -> tuple[dict[str, Figure], list[Problem]]:
    """Every figure the accepted submissions give (`submissions.check_submissions`), and every
    problem of their cells and ledger rows."""
    problems: list[Problem] = []
    by_form = accepted.by_form
    ledger_rows = {
        led.id: _ledger_rows(list(iter_ledgers(accepted.submissions, led.id)), led, settings, year, problems)
        for led in catalog.ledgers.values()
    }
    indexes: dict[str, LedgerIndex] = {}
    figures: dict[str, Figure] = {}
    for spec in catalog.figures.values():
        if spec.combine == "total":
            continue
        if spec.ledger is not None:
            rows, ledger = ledger_rows[spec.ledger], catalog.ledgers[spec.ledger]
            if rows is None or rows.reaches(spec.where, ledger, year):
                continue
            if spec.ledger not in indexes:
                indexes[spec.ledger] = LedgerIndex.of(catalog, ledger, rows.good, year)
            figure: Figure | None = _from_ledger(spec, indexes[spec.ledger], ledger)
        else:
            figure = _from_cells(spec, by_form.get(spec.form or "", []), problems)
        if figure is not None:
            figures[spec.key] = figure
    for spec in catalog.figures.values():
        if spec.combine == "total":
            _total(spec, catalog, figures)
    return figures, problems


def _total(spec: FigureSpec, catalog: Catalog, figures: dict[str, Figure]) -> Figure | None:
    """A total of other figures (themselves totals, maybe), with all their sources."""
    if spec.key in figures:
        return figures[spec.key]
    parts = []
    for key in spec.parts:
        part = figures.get(key)
        if part is None and catalog.figures[key].combine == "total":
            part = _total(catalog.figures[key], catalog, figures)
        if part is None:
            return None
        parts.append(part)
    value = sum((p.value for p in parts), start=0)  # type: ignore[arg-type]
    by_sheet: dict[tuple[str, str], set[int]] = defaultdict(set)
    notes: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
    cells: list[Source] = []
    for part in parts:
        for src in part.sources:
            if src.rows:
                by_sheet[(src.file, src.sheet)].update(src.rows)
                notes[(src.file, src.sheet)].update(dict.fromkeys(src.notes))
            else:
                cells.append(src)
    sources = tuple(cells) + tuple(
        Source(
            file,
            sheet,
            row_ranges(tuple(sorted(rows))),
            rows=tuple(sorted(rows)),
            notes=tuple(notes[(file, sheet)]),
        )
        for (file, sheet), rows in by_sheet.items()
    )
    figure = Figure(spec, value, sources)
    figures[spec.key] = figure
    return figure


def _from_cells(spec: FigureSpec, subs: list[Submission], problems: list[Problem]) -> Figure | None:
    values: list[tuple[Any, Location]] = []
    failed = False
    for s in subs:
        raw = s.cells.get(spec.key)
        if raw is None and (s.unreadable or spec.key in s.refused):
            failed = True
            continue
        if raw is None:
            problems.append(
                error(
                    f"表中没有这一指标的行（指标代码“{spec.key}”）；请使用当年生成的表格，不要删除行",
                    label=spec.label,
                    file=s.file,
                    sheet=s.sheet,
                )
            )
            failed = True
            continue
        value = _parse(spec.type, raw, spec.unit, spec.label, problems)
        if value is None:
            failed = True
        elif value is EMPTY:
            if spec.required:
                problems.append(
                    error(
                        f"未填写，请填入{TYPE_NAMES[spec.type]}（没有请填 0）"
                        if spec.type in ("count", "money")
                        else "未填写，请补填",
                        label=spec.label,
                        **raw.at.where(),
                    )
                )
                failed = True
        else:
            values.append((value, raw.at, (raw.note,) if raw.note else ()))
    if failed or not subs:
        return None
    if spec.combine == "sum":
        total = sum((v for v, _, _ in values), start=Decimal(0) if spec.type == "money" else 0)
        sources = tuple(Source(at.file, at.sheet, at.cell, v, notes=said) for v, at, said in values)
        return Figure(spec, total, sources)
    if not values:
        return None
    value, at, said = values[0]
    return Figure(spec, value, (Source(at.file, at.sheet, at.cell, value, notes=said),))


@dataclass
class LedgerIndex:
    """A ledger's good rows grouped by what every condition on it compares (`classify`): a
    table of 175 cells over 3,000 applications looks at each distinct group, not each row."""

    columns: tuple[str, ...]
    groups: dict[tuple[str, ...], list[ParsedRow]]

    @classmethod
    def of(cls, catalog: Catalog, ledger: LedgerSpec, rows: list[ParsedRow], year: int) -> LedgerIndex:
        used = dict.fromkeys(
            col for f in catalog.figures.values() if f.ledger == ledger.id for col, _ in f.where
        )
        index = {c.name: i for i, c in enumerate(ledger.columns)}
        picks = [(index[name], ledger.columns[index[name]]) for name in used]
        groups: dict[tuple[str, ...], list[ParsedRow]] = defaultdict(list)
        for row in rows:
            groups[tuple(classify(row[2][i], column, year) for i, column in picks)].append(row)
        return cls(tuple(used), dict(groups))

    def select(self, where: Where) -> list[ParsedRow]:
        wanted = [(self.columns.index(col), set(values)) for col, values in where]
        chosen = [
            row
            for key, rows in self.groups.items()
            if all(key[i] in values for i, values in wanted)
            for row in rows
        ]
        return sorted(chosen, key=lambda r: (r[0].file, r[0].sheet, r[1]))


def _from_ledger(spec: FigureSpec, ledger_index: LedgerIndex, ledger: LedgerSpec) -> Figure:
    index = {col.name: i for i, col in enumerate(ledger.columns)}
    chosen = ledger_index.select(spec.where)
    if spec.combine == "count":
        value: Value = len(chosen)
    else:
        i = index[spec.column or ""]
        zero: Value = Decimal(0) if spec.type == "money" else 0
        value = sum((cells[i] or zero for _, _, cells in chosen), start=zero)
    by_sheet: dict[tuple[str, str], list[int]] = defaultdict(list)
    notes: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
    for sheet, row_no, _ in chosen:
        by_sheet[(sheet.file, sheet.sheet)].append(row_no)
        for text in sheet.merged.get(row_no, ()):
            notes[(sheet.file, sheet.sheet)][text] = None
    sources = tuple(
        Source(file, sheet, row_ranges(tuple(nums)), rows=tuple(nums), notes=tuple(notes[(file, sheet)]))
        for (file, sheet), nums in by_sheet.items()
    )
    return Figure(spec, value, sources)


SWING_LIMIT = Decimal("0.5")  # a change of more than 50% ...
SWING_FLOOR = 10  # ... and of more than 10 units is worth a second look


def with_previous(figures: dict[str, Figure], previous: Previous) -> dict[str, Figure]:
    from dataclasses import replace

    return {
        key: replace(fig, previous=previous[key][0], previous_sources=previous[key][1])
        if key in previous and fig.spec.type != "text"
        else fig
        for key, fig in figures.items()
    }


def swing_warnings(figures: dict[str, Figure], year: int) -> list[Problem]:
    """Warn where a number moved implausibly far from the same office's previous year."""
    problems = []
    for fig in figures.values():
        if fig.previous is None or fig.spec.type not in ("count", "money"):
            continue
        old, new = Decimal(fig.previous), Decimal(fig.value)
        if abs(new - old) <= SWING_FLOOR:
            continue
        if old == 0 or abs(new - old) / old > SWING_LIMIT:
            change = "上年为0" if old == 0 else f"变化{(new - old) / old * 100:+.0f}%"
            where = fig.sources[0] if fig.sources else None
            problems.append(
                warning(
                    f"与上年（{year - 1}年为{fig.spec.phrasing.apply(fig.previous, fig.spec.unit) if fig.spec.type == 'money' else fig.previous}）"
                    f"相比{change}，请核对是否填错",
                    label=fig.label,
                    file=where.file if where else "",
                    sheet=where.sheet if where else "",
                    cell=where.cell if where and len(fig.sources) == 1 else "",
                )
            )
    return problems


def untrue_wordings(figures: dict[str, Figure], keys: Iterable[str]) -> list[Problem]:
    """A warning for each of these figures whose phrasing could not say its value truly and
    printed a true fallback instead (432 under 近100 is 400余, not 近500)."""
    problems = []
    for key in keys:
        fig = figures.get(key)
        if fig is None or fig.spec.type == "text":
            continue
        untrue = fig.wording.untrue
        if untrue:
            where = fig.sources[0] if len(fig.sources) == 1 else None
            problems.append(
                warning(
                    f"{untrue}；如需别的写法，请在指标目录中修改这一指标的写法（现为“{fig.spec.phrasing}”）",
                    label=fig.label,
                    file=where.file if where else "",
                    sheet=where.sheet if where else "",
                    cell=where.cell if where and not where.rows else "",
                )
            )
    return problems
