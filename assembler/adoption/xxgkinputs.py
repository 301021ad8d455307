"""Last year's inputs rebuilt from the tables of its published 政府信息公开工作年度报告, so that an
office's first year needs no typing and `assembler build` of that year prints the published
tables again (as far as they are consistent: see `xxgktables.check_relations`).

From what `xxgktables.read_tables` read:
- the 政务公开 form: every cell of table 二 (行政处罚 on the form the catalog imports it from);
  each form figure a catalog check equates with table cells (申请件数确认, 复议诉讼件数确认) their
  rebuilt value; the 信息处理费 as part 六 states it (`xxgktables.read_fees`), else left blank
  with a note for the clerk;
- the 依申请公开台账: one row per application, from table 三's counts. For each result row ×
  applicant column with count n, n rows with that 办理结果 and 申请人类型, 办结日期 in the year;
  for 四、结转下年度继续办理, rows still 办理中 without 办结日期; the column's first
  二、上年结转 rows received the December before, the others during the year — so each row lands
  in exactly the cells it came from and keeps every row rule of the ledger;
- the 行政复议行政诉讼台账: one row per case, from table 四.
Row values come from the catalog's own `where` conditions, never typed here. Every rebuilt row
says 【推算】 in the ledger's text column (申请内容, 案件名称); the reader carries such a note of a
ledger row into the figures' sources, so the 溯源表 shows it beside every cell counted from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assembler.adoption.xxgktables import (
    Fees,
    ReadTables,
    bundled_catalog,
    group_target,
    read_fees,
    rebuilt_values,
    table_three,
)
from assembler.model.errors import InputProblems, OutputError, Severity
from assembler.model.rules import Ref, RuleError, parse_rule
from assembler.reading.workbooks import NARRATIVE_SHEET, RECONSTRUCTED
from assembler.writing.forms import department_forms, form_file_name, make_form_workbook, put_input

if TYPE_CHECKING:
    from assembler.model.catalog import Catalog, LedgerSpec, TableSpec
    from assembler.model.settings import Settings

FEE_COUNT = "信息处理费件数"
FEE_AMOUNT = "信息处理费金额"
OPEN_RESULT = "办理中"  # the 办理结果 of an application still open (read from the ledger's rules)


def application_note(year: int) -> str:
    return f"{RECONSTRUCTED}由{year}年报告表三的计数还原，日期为推定；如有实际台账请改填"


def group_note(year: int, group: str, target: str) -> str:
    return f"{RECONSTRUCTED}{year}年报告表三只印出“{group}”的合计，计入“{target}”，请按实际分项改填"


def case_note(year: int) -> str:
    return f"{RECONSTRUCTED}由{year}年报告表四的计数还原，如有实际案件请改填"


# ── form values ──────────────────────────────────────────────────────────


def _form_value(value: Any) -> Any:
    """A value as the form cell takes it: a count as int, an amount with the decimals printed
    (1.50 stays text, or Excel would show 1.5)."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and value.as_tuple().exponent >= 0:  # type: ignore[operator]
            return int(value)
        text = format(value, "f")
        return text if text.endswith("0") else float(value)
    return value


def form_values(
    read: ReadTables, *, year: int, catalog: Catalog | None = None, fees: Fees | None = None
) -> dict[str, tuple[Any, str]]:
    """Figure key → (value, 填报说明) for the forms: table 二's cells, the figures a check equates
    with table cells, the fees; a figure of the 政务公开 form the report does not give is
    (None, a note saying what to fill). A note starting 【推算】 goes on to the 溯源表."""
    catalog = catalog or bundled_catalog()
    rebuilt = rebuilt_values(read, catalog)
    two = catalog.tables["表二"]
    values: dict[str, tuple[Any, str]] = {}
    for row, column, key in two.cells():
        cell = read.cells.get(key)
        if cell is None:
            values[key] = (None, f"{year}年报告表二“{row}”行“{column}”列没有读到，请按实际填写（没有填 0）")
        elif cell.blank:
            values[key] = (_form_value(cell.value), f"{RECONSTRUCTED}{year}年报告此格空白，按 0 填写，请核对")
        else:
            values[key] = (_form_value(cell.value), "")
    values.update(_confirmations(read, catalog, rebuilt, year))
    if FEE_COUNT in catalog.figures and FEE_AMOUNT in catalog.figures:
        if fees is None:
            missing = f"{year}年报告中没有找到收取信息处理费的情况，请按实际填写（没有收取填 0）"
            values[FEE_COUNT] = (None, missing)
            values[FEE_AMOUNT] = (None, missing)
        else:
            values[FEE_COUNT] = (fees.count, "")
            amount = fees.amount
            values[FEE_AMOUNT] = (int(amount) if amount == amount.to_integral_value() else float(amount), "")
    for spec in catalog.cell_figures(two.form or ""):
        values.setdefault(spec.key, (None, f"{year}年报告的表格中没有这一数字，请按实际填写"))
    return values


def _confirmations(
    read: ReadTables, catalog: Catalog, rebuilt: dict[str, Any], year: int
) -> dict[str, tuple[Any, str]]:
    """Form figures a catalog check equates with table cells (`申请件数确认 = 表三[…][…]`): the
    cells' rebuilt sum, noted 【推算】 where the printed cells add up to another number."""

    found: dict[str, tuple[Any, str]] = {}
    for check in catalog.checks or bundled_catalog().checks:  # an office's union keeps no checks
        try:
            rule = parse_rule(check.rule)
        except RuleError:
            continue
        if rule.op != "==" or len(rule.left) != 1 or not isinstance(rule.left[0][1], Ref):
            continue
        target = rule.left[0][1]
        key = catalog.resolve(target.name) if not target.subscripts and not target.previous else None
        spec = catalog.figures.get(key or "")
        if spec is None or spec.table or spec.ledger or spec.combine == "total":
            continue
        cells = [(sign, _cell_key(catalog, term)) for sign, term in rule.right]
        if any(k is None for _, k in cells):
            continue
        total = sum(sign * int(rebuilt[k]) for sign, k in cells if k is not None)
        printed = [read.value(k) for _, k in cells if k is not None]
        said = ""
        if all(v is not None for v in printed):
            was = sum(sign * int(v) for (sign, _), v in zip(cells, printed, strict=True) if v is not None)
            if was != total:
                said = f"{RECONSTRUCTED}{year}年报告表中为{was}，按重建的台账为{total}，请核对"
        found[spec.key] = (total, said)
    return found


def _cell_key(catalog: Catalog, term: Any) -> str | None:
    """The table cell a check's term names (`表三["一、…"]["总计"]`, or a name for one), else None."""

    if not isinstance(term, Ref) or term.previous:
        return None
    if term.subscripts:
        table = catalog.tables.get(term.name)
        if table is None or len(term.subscripts) != 2 or "*" in term.subscripts:
            return None
        return table.key(*term.subscripts)
    key = catalog.resolve(term.name)
    return key if key and catalog.figures[key].table else None


# ── ledger rows ──────────────────────────────────────────────────────────


@dataclass(frozen=True)
class _Application:
    values: dict[str, Any]  # choice columns → value
    received: str  # 本年 | 本年以前
    finished: bool
    note: str


def _only(where: Any, kind: str, ledger: LedgerSpec) -> tuple[str, str]:
    """The (column, value) of a condition on a column of `kind` (date or choice)."""
    for column, values in where:
        if ledger.column(column).type == kind:
            return column, values[0]
    raise ValueError(f"no {kind} condition in {where}")


def application_rows(read: ReadTables, *, year: int, catalog: Catalog | None = None) -> list[list[Any]]:
    """The 依申请公开台账 rebuilt from table 三: one row per application, in the ledger's column
    order, sorted by 收到日期 (see the module's docstring)."""
    catalog = catalog or bundled_catalog()
    spec = catalog.tables["表三"]
    ledger = catalog.ledgers[spec.ledger or ""]
    three = table_three(catalog)
    rebuilt = rebuilt_values(read, catalog)
    rows = {r.key: r for r in spec.rows}
    columns = {c.key: c for c in spec.columns}
    received_col, _ = _only(rows[three.new].where, "date", ledger)
    finished_col, _ = _only(rows[three.results[0]].where, "date", ledger)
    result_col, _ = _only(rows[three.results[0]].where, "choice", ledger)
    open_result = next(
        (
            dict(r.when)[result_col][0]
            for r in ledger.rules
            if r.rule == "不填" and result_col in dict(r.when)
        ),
        OPEN_RESULT,
    )
    targets = {group_target(g, members): g for g, members in three.groups.items() if g in read.groups}
    applications: list[_Application] = []
    for col in three.applicants:
        applicant = dict(columns[col].where)
        outcomes: list[tuple[dict[str, Any], bool, str]] = []
        for row in three.results:
            where = {c: v[0] for c, v in rows[row].where if ledger.column(c).type != "date"}
            group = targets.get(row)
            said = group_note(year, group, row) if group else application_note(year)
            outcomes += [(where, True, said)] * int(rebuilt[spec.key(row, col)])
        outcomes += [({result_col: open_result}, False, application_note(year))] * int(
            rebuilt[spec.key(three.open, col)]
        )
        carried = int(rebuilt[spec.key(three.carried, col)])
        for i, (where, finished, said) in enumerate(outcomes):
            values = {**{c: v[0] for c, v in applicant.items()}, **where}
            applications.append(_Application(values, "本年以前" if i < carried else "本年", finished, said))
    return _dated(applications, ledger, year, received_col, finished_col)


def _dated(
    applications: list[_Application], ledger: LedgerSpec, year: int, received_col: str, finished_col: str
) -> list[list[Any]]:
    """Rows with dates: this year's finished applications received through the year (to late
    November) and finished 7–20 days later; this year's open ones received in December; last
    year's received in its December and, when finished, finished in January."""
    text_col = next((c.name for c in ledger.columns if c.type == "text"), None)
    in_year = [a for a in applications if a.received == "本年" and a.finished]
    start = dt.date(year, 1, 1)
    out: list[tuple[dt.date, int, dict[str, Any]]] = []
    counters = {"done": 0, "open": 0, "before": 0}
    for n, app in enumerate(applications):
        values = dict(app.values)
        if app.received == "本年以前":
            k = counters["before"]
            counters["before"] += 1
            received = dt.date(year - 1, 12, 1 + k % 31)
            finished = dt.date(year, 1, 2 + k % 28) if app.finished else None
        elif app.finished:
            k = counters["done"]
            counters["done"] += 1
            received = start + dt.timedelta(days=k * 330 // max(len(in_year), 1))
            finished = received + dt.timedelta(days=7 + k % 14)
        else:
            k = counters["open"]
            counters["open"] += 1
            received = dt.date(year, 12, 1 + k % 31)
            finished = None
        values[received_col] = received
        values[finished_col] = finished
        if text_col:
            values[text_col] = app.note
        out.append((received, n, values))
    out.sort(key=lambda item: (item[0], item[1]))
    return [[values.get(c.name) for c in ledger.columns] for _, _, values in out]


def case_rows(read: ReadTables, *, year: int, catalog: Catalog | None = None) -> list[list[Any]]:
    """The 行政复议行政诉讼台账 rebuilt from table 四: one row per case, in the ledger's column order."""
    catalog = catalog or bundled_catalog()
    spec: TableSpec = catalog.tables["表四"]
    ledger = catalog.ledgers[spec.ledger or ""]
    rebuilt = rebuilt_values(read, catalog)
    text_col = next((c.name for c in ledger.columns if c.type == "text"), None)
    rows = []
    for column in spec.columns:
        if column.sum:
            continue
        values: dict[str, Any] = {c: v[0] for c, v in column.where}
        if text_col:
            values[text_col] = case_note(year)
        count = int(rebuilt[spec.key(spec.rows[0].key, column.key)])
        rows += [[values.get(c.name) for c in ledger.columns] for _ in range(count)]
    return rows


# ── the workbooks ────────────────────────────────────────────────────────


def write_adopted_inputs(
    read: ReadTables,
    *,
    catalog: Catalog,
    settings: Settings,
    year: int,
    out_dir: Path,
    paragraphs: Sequence[str] = (),
    narrative: Sequence[Sequence[str]] = (),
) -> list[Path]:
    """The filled workbooks of `year` for the departments whose forms the tables give (the
    党政办公室's 政务公开 form with both ledgers; the form 行政处罚 is entered on), written by
    `forms.make_form_workbook` into `out_dir`; `paragraphs`, the report's text, give the
    信息处理费; `narrative`, rows of 文字材料 (所属部分, 小标题, 内容), go on the workbook that holds
    the ledgers. `catalog` is the 信息公开 report's (or the office's union with it). Refuses
    (`InputProblems`) when a cell of the tables could not be read, and (`OutputError`) when a
    workbook of that name exists; a failure leaves nothing behind."""

    errors = [p for p in read.problems if p.severity is Severity.ERROR]
    if errors:
        raise InputProblems(f"上年报告的统计表有{len(errors)}处无法读取，未生成表格", errors)
    fees = read_fees(paragraphs) if paragraphs else None
    values = form_values(read, year=year, catalog=catalog, fees=fees)
    ledgers = {
        catalog.tables["表三"].ledger or "": application_rows(read, year=year, catalog=catalog),
        catalog.tables["表四"].ledger or "": case_rows(read, year=year, catalog=catalog),
    }
    reported = {**(catalog.reported if catalog.reported_year == year else {}), **values}
    filled = replace(catalog, reported_year=year, reported=reported)
    wanted = {catalog.figures[k].form for k in values} | {catalog.ledgers[led].form for led in ledgers}
    planned = [
        (forms, out_dir / form_file_name(forms))
        for forms in department_forms(filled)
        if any(f.id in wanted for f in forms)
    ]
    there = [path.name for _, path in planned if path.exists()]
    if there:
        raise OutputError(f"{out_dir} 中已有 {'、'.join(there)}，未作改动；请先移走这些表格")
    written: list[Path] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for forms, path in planned:
            wb = make_form_workbook(filled, forms, settings, year)
            held = [ledger for form in forms for ledger in catalog.form_ledgers(form.id)]
            for ledger in held:
                _fill_ledger(wb[ledger.id], ledger, ledgers.get(ledger.id, []))
            if held and narrative and NARRATIVE_SHEET in wb.sheetnames:
                for r, row in enumerate(narrative, start=2):
                    for c, value in enumerate(row, start=1):
                        put_input(wb[NARRATIVE_SHEET], r, c, value)
            wb.save(path)
            written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


def _fill_ledger(ws: Any, ledger: LedgerSpec, rows: list[list[Any]]) -> None:
    """Rows into a ledger sheet under its header, each cell in its column's input format."""
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            put_input(ws, r, c, value)
