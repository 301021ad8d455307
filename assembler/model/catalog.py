"""The catalog: a declarative list, beside each template, of everything the report uses.

`templates/<name>/catalog.toml` says, for each figure, its key (the template tag), its
Chinese label, the form or ledger it comes from, its unit and type, how submissions are
combined and how the number is phrased. Forms (one workbook per department) and ledgers
(detail sheets inside a form's workbook) are declared there too, so that blank forms can
be generated from the same file the build reads.

Besides figures a catalog may declare
- `[tables.<名称>]`: a statistical table, compactly as rows × columns; every cell becomes a
  figure (a form cell, a ledger count with the row's and the column's conditions, or a total
  of other cells), addressed `表三 › 自然人 › （一）予以公开`;
- `[[checks]]`: relations between figures and table cells (`checks.py`), errors or warnings;
- `[names]`: other names for a figure or table cell, for the prose (never a second figure);
- `[imports.<模板>]`: figures of another report's catalog used here too (entered once);
- `[narrative]`: parts of the report written from departments' 文字材料.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assembler.model.errors import CatalogError, Problem, error
from assembler.model.phrasing import MONEY_UNITS, Phrasing
from assembler.model.places import place_kind

FIGURE_TYPES = ("count", "money", "percent", "text", "decimal")
COLUMN_TYPES = ("date", "count", "money", "text", "choice")
COMBINES = ("cell", "sum", "count", "total")
COMMUNITIES = "社区"  # a column's `choices` naming the settings' community list
# What a condition on a date column may say, relative to the report's year.
DATE_CLASSES = ("本年", "本年以前", "本年以后", "空白")
BLANK = "空白"  # a condition value matching an empty cell in any column
ROW_RULES = ("不早于", "不早于本年", "不晚于本年", "必填", "不填")
SEVERITIES = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True)
class FormSpec:
    """A department's workbook: one sheet of figures, maybe ledger sheets beside it."""

    id: str
    title: str
    department: str
    many: bool = False  # one submission per community instead of one per office

    @property
    def file_stem(self) -> str:
        return f"{self.department}-{self.title}"


@dataclass(frozen=True)
class Column:
    """A ledger's column: its name, type (date, choice, count, text …), choices and hint."""

    name: str
    type: str
    choices: tuple[str, ...] | str = ()
    required: bool = True
    hint: str = ""
    any_year: bool = False  # a date column whose dates may lie outside the report's year


Where = tuple[tuple[str, tuple[str, ...]], ...]  # (column, values) pairs, all must hold


@dataclass(frozen=True)
class RowRule:
    """A rule every row of a ledger must keep, or the row is an error naming it."""

    column: str
    rule: str  # 不早于 (another date column) | 不早于本年 | 不晚于本年 | 必填 | 不填
    message: str
    other: str = ""
    when: Where = ()  # the rule applies to rows meeting these conditions ...
    negate: bool = False  # ... or, with negate, to rows not meeting them


@dataclass(frozen=True)
class LedgerSpec:
    """A detail sheet (台账): one row per activity, from which figures are computed."""

    id: str
    form: str
    columns: tuple[Column, ...]
    hint: str = ""
    rules: tuple[RowRule, ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class FigureSpec:
    """A figure the catalog defines: key, label, unit, type, how it is phrased and combined,
    and where it is filled in (form, ledger, table)."""

    key: str
    label: str
    unit: str
    type: str
    phrasing: Phrasing
    combine: str
    form: str | None = None
    ledger: str | None = None
    column: str | None = None
    where: Where = ()
    hint: str = ""
    required: bool = True
    parts: tuple[str, ...] = ()  # a total: the figures it adds up
    table: str | None = None  # a table cell: the table's name

    def describe_combine(self) -> str:
        """How the value is obtained, in words a reviewer reads."""
        if self.combine == "total":
            return f"以下{len(self.parts)}格之和：" + "、".join(self.parts)
        if self.ledger is None:
            return "各份报表求和" if self.combine == "sum" else "取单元格的值"
        cond = "；".join(f"{col}为{'或'.join(vals)}" for col, vals in self.where)
        cond = f"（{cond}）" if cond else ""
        if self.combine == "count":
            return f"台账“{self.ledger}”计行数{cond}"
        return f"台账“{self.ledger}”对“{self.column}”列求和{cond}"


TYPE_WORDS = {"count": "整数", "money": "金额", "percent": "百分比", "text": "文字", "decimal": "小数"}
# A unit stated in a label or note: （元，没有填 0）, （单位：万元）, 以万元为单位.
_STATED_UNIT = re.compile(
    r"[（(]\s*(?:单位[：:]\s*)?(亿元|万元|元|%|％)\s*[，,、；;）)]|单位[：:]\s*(亿元|万元|元|%|％)|以(亿元|万元|元)为单位"
)


def figure_unit(figure_type: str, unit: str) -> str:
    """A figure's unit, defaulted by its type: money in 元, a percentage in %."""
    if not unit:
        return {"money": "元", "percent": "%"}.get(figure_type, "")
    return "%" if unit == "％" else unit


def unit_disagreement(figure_type: str, unit: str, phrasing: Phrasing, label: str, hint: str) -> str:
    """Why a figure's unit, type, phrasing and the unit its label or note states do not agree
    ("" when they do): the form asks in `unit`, the value is read in it and printed from it."""
    kind = TYPE_WORDS.get(figure_type, figure_type)
    if not phrasing.suits(figure_type):
        return f"写法“{phrasing}”不适用于{kind}指标；请改用适合{kind}的写法"
    if figure_type == "money" and unit not in MONEY_UNITS:
        return f"金额的单位只能是{'、'.join(MONEY_UNITS)}，现为“{unit}”"
    if figure_type in ("count", "percent") and unit in MONEY_UNITS:
        return f"单位“{unit}”是金额单位，指标类型应为金额（money）或小数（decimal），现为{kind}"
    if figure_type == "percent" and unit != "%":
        return f"百分比指标的单位应为“%”，现为“{unit}”"
    if figure_type != "percent" and unit == "%":
        return f"单位“%”只用于百分比指标，现为{kind}"
    printed = phrasing.prints_unit
    if printed and not (printed == unit or (printed in MONEY_UNITS and unit in MONEY_UNITS)):
        return f"写法“{phrasing}”会印出“{printed}”，与单位“{unit}”不一致"
    for text, what in ((label, "名称"), (hint, "填报说明")):
        for m in _STATED_UNIT.finditer(text or ""):
            stated = figure_unit(figure_type, next(g for g in m.groups() if g))
            if stated != unit:
                return f"{what}中写的单位是“{stated}”，与指标的单位“{unit or '（无）'}”不一致；请改成一致"
    return ""


SEPARATOR = " › "

# A template folder's own files: messages name them with the folder, as an office has several.
TEMPLATE_FILES = ("catalog.toml", "指标目录.xlsx", "template.docx")


def shown_file(path: Path | None, default: str = "catalog.toml") -> str:
    """How a message names a file: a template's with its folder (法治政府建设年度报告/catalog.toml),
    any other by its name."""
    if path is None:
        return default
    return (
        f"{path.parent.name}/{path.name}" if path.name in TEMPLATE_FILES and path.parent.name else path.name
    )


def _straight(text: str) -> str:
    return text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")


def cell_key(table: str, row: str, column: str, single_row: bool = False) -> str:
    """A table cell's key and address: table › column › row (the row left out of a one-row table)."""
    return SEPARATOR.join([table, column] if single_row else [table, column, row])


@dataclass(frozen=True)
class TableRow:
    """A row of a catalog table: the ledger rows it counts (`where`), or the rows it sums."""

    key: str
    where: Where = ()
    sum: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()  # a row of a form table may have columns of its own
    figure: str | None = None  # a form table's cell that is an existing figure


@dataclass(frozen=True)
class TableColumn:
    """A column of a catalog table: the ledger rows it counts (`where`), or the columns it sums."""

    key: str
    where: Where = ()
    sum: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    """A statistical table: its cells are figures, keyed by `cell_key`."""

    id: str
    rows: tuple[TableRow, ...]
    columns: tuple[TableColumn, ...]
    ledger: str | None = None
    form: str | None = None

    def row(self, key: str) -> TableRow | None:
        """The row of that name; “ ” and ‘ ’ match " and ' (docxtpl straightens the quotes in a
        tag, so `表三['3.危及“三安全一稳定”']` arrives with straight ones)."""
        found = next((r for r in self.rows if r.key == key), None)
        if found is None:
            plain = _straight(key)
            found = next((r for r in self.rows if _straight(r.key) == plain), None)
        return found

    def columns_of(self, row: TableRow) -> tuple[str, ...]:
        return row.columns or tuple(c.key for c in self.columns)

    def key(self, row: str, column: str) -> str:
        """The key of the figure in a cell: its own (`cell_key`), or the figure the row names."""
        found = self.row(row)
        if found is not None and found.figure:
            return found.figure
        return cell_key(self.id, row, column, single_row=len(self.rows) == 1)

    def cells(self) -> list[tuple[str, str, str]]:
        """(row, column, figure key) of every cell, row by row."""
        return [(r.key, c, self.key(r.key, c)) for r in self.rows for c in self.columns_of(r)]


@dataclass(frozen=True)
class CheckSpec:
    """A relation between figures that must hold (`checks.py` reads `rule`)."""

    name: str
    rule: str
    severity: str  # error | warning
    message: str
    when: str = ""  # the check applies only where this relation holds


@dataclass(frozen=True)
class Part:
    """A part of a narrative report (一、…): its key for templates and its heading."""

    key: str
    title: str  # {年度} is filled from the settings


@dataclass(frozen=True)
class Catalog:
    """A report's 指标目录: its forms, ledgers, figures, tables, checks, names and narrative
    parts (catalog.toml, or an adopted office's 指标目录.xlsx)."""

    name: str
    title: str  # the report's title; {街道} {年度} etc. are filled from the settings
    forms: dict[str, FormSpec]
    ledgers: dict[str, LedgerSpec]
    figures: dict[str, FigureSpec]
    path: Path | None = None
    parts: tuple[Part, ...] = ()  # narrative parts, filled from departments' 文字材料 sheets
    inherited: frozenset[str] = frozenset()  # figures taken from another catalog: need not be used
    tables: dict[str, TableSpec] = field(default_factory=dict)
    checks: tuple[CheckSpec, ...] = ()
    names: dict[str, str] = field(default_factory=dict)  # another name → figure key
    literals: dict[str, str] = field(default_factory=dict)  # a tag printed as written (保留原文)
    # Adopted from a report (`assembler adopt`): that year, and each figure's value there with
    # its note (【推算】… where the report's words were approximate); forms of that year come filled.
    reported_year: int | None = None
    reported: dict[str, tuple[Any, str]] = field(default_factory=dict)
    department_cells: dict[str, str] = field(default_factory=dict)  # 指标目录.xlsx: key → its 填报部门 cell
    # Words of the template true only of one place: place (…市, …区, …街道) → words (`places.py`).
    local: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def part_by_title(self, title: str, year: int) -> Part | None:
        return next((p for p in self.parts if title in (p.title.format(年度=year), p.key)), None)

    def cell_figures(self, form_id: str) -> list[FigureSpec]:
        return [
            f
            for f in self.figures.values()
            if f.form == form_id and f.ledger is None and f.combine != "total"
        ]

    def form_ledgers(self, form_id: str) -> list[LedgerSpec]:
        return [led for led in self.ledgers.values() if led.form == form_id]

    def form_version(self, form_id: str) -> str:
        """A short fingerprint of what a form asks for (its rows, their names, units and types,
        its ledgers' columns): written on every blank form (表格版本), so a form made before the
        catalog changed is told as such, not taken for rows a department deleted."""
        import hashlib
        import json

        asked = [
            sorted([f.key, f.label, f.unit, f.type] for f in self.cell_figures(form_id)),
            sorted([led.id, [[c.name, c.type, list(c.choices) if isinstance(c.choices, tuple) else c.choices]
                             for c in led.columns]] for led in self.form_ledgers(form_id)),
        ]  # fmt: skip
        return hashlib.sha1(json.dumps(asked, ensure_ascii=False).encode()).hexdigest()[:8]

    def report_title(self, context: dict[str, str]) -> str:
        return self.title.format(**context)

    def resolve(self, name: str) -> str | None:
        """The figure key a name stands for (a figure's own key, or one of `names`)."""
        if name in self.figures:
            return name
        return self.names.get(name)


def parse_catalog(
    data: dict[str, Any],
    path: Path | None = None,
    *,
    forms: dict[str, FormSpec] | None = None,
    ledgers: dict[str, LedgerSpec] | None = None,
    base: Catalog | None = None,
    imports: list[tuple[Catalog, list[str]]] | None = None,
) -> Catalog:
    name = shown_file(path)
    try:
        return _Parser(data, path, name, forms, ledgers, base, imports or []).catalog()
    except (AttributeError, TypeError, KeyError, ValueError) as exc:  # a section of the wrong shape
        raise CatalogError(
            f"指标目录 {name} 结构有误",
            [
                error(
                    f"结构有误（{type(exc).__name__}: {exc}）；请对照工具自带的 catalog.toml 修改", file=name
                )
            ],
        ) from None


class _Parser:
    """One catalog.toml into a `Catalog`, every mistake collected as a problem."""

    def __init__(
        self,
        data: dict[str, Any],
        path: Path | None,
        name: str,
        forms: dict[str, FormSpec] | None,
        ledgers: dict[str, LedgerSpec] | None,
        base: Catalog | None,
        imports: list[tuple[Catalog, list[str]]],
    ) -> None:
        self.data, self.path, self.name = data, path, name
        self.forms: dict[str, FormSpec] = dict(forms or {})
        self.ledgers: dict[str, LedgerSpec] = dict(ledgers or {})
        self.figures: dict[str, FigureSpec] = {}
        self.known: dict[str, FigureSpec] = dict(base.figures) if base else {}  # figures one may refer to
        self.tables: dict[str, TableSpec] = {}
        self.imported: set[str] = set()
        self.problems: list[Problem] = []
        self.imports = imports

    def bad(self, message: str, where: str) -> None:
        self.problems.append(error(message, file=self.name, cell=where))

    def catalog(self) -> Catalog:
        report = self.data.get("report", {})
        for form_id, spec in self.data.get("forms", {}).items():
            if not spec.get("title") or not spec.get("department"):
                self.bad("表单需要 title 和 department", f"forms.{form_id}")
                continue
            self.forms[form_id] = FormSpec(
                form_id, spec["title"], spec["department"], bool(spec.get("many", False))
            )
        self._take_imports()
        for ledger_id, spec in self.data.get("ledgers", {}).items():
            self._ledger(ledger_id, spec)
        for table_id, spec in self.data.get("tables", {}).items():
            self._table(table_id, spec)
        for i, spec in enumerate(self.data.get("figures", []), start=1):
            self._figure(i, spec)
        names = self._names()
        checks = self._checks()
        parts = []
        for i, part in enumerate(self.data.get("narrative", {}).get("parts", []), start=1):
            if not isinstance(part, dict) or not part.get("key") or not part.get("title"):
                self.bad("每个部分需要 key 和 title", f"narrative.parts 第{i}项")
                continue
            parts.append(Part(part["key"], part["title"]))
        catalog = Catalog(
            name=report.get("name", self.path.parent.name if self.path else ""),
            title=report.get("title", "{街道}{年度}年度报告"),
            forms=self.forms,
            ledgers=self.ledgers,
            figures=self.figures,
            path=self.path,
            parts=tuple(parts),
            inherited=frozenset(self.imported),
            tables=self.tables,
            checks=checks,
            names=names,
            literals=self._literals(names),
            reported_year=report.get("reported_year"),
            reported={k: (v[0], v[1]) for k, v in self.data.get("reported", {}).items() if k in self.figures},
            department_cells=dict(self.data.get("department_cells", {})),
            local=self._local(),
        )
        if self.problems:
            raise CatalogError(f"指标目录 {self.name} 有误", self.problems)
        return catalog

    # ── imports ─────────────────────────────────────────────────────────

    def _take_imports(self) -> None:
        for other, keys in self.imports:
            for key in keys:
                spec = other.figures.get(key)
                if spec is None:
                    self.bad(f"模板“{other.name}”没有指标“{key}”", f'imports."{other.name}"')
                    continue
                if spec.form and spec.form in self.forms and self.forms[spec.form] != other.forms[spec.form]:
                    self.bad(
                        f"表单编号“{spec.form}”与模板“{other.name}”中的同名表单不同",
                        f'imports."{other.name}"',
                    )
                    continue
                if spec.form:
                    self.forms.setdefault(spec.form, other.forms[spec.form])
                if spec.ledger:
                    self.ledgers.setdefault(spec.ledger, other.ledgers[spec.ledger])
                self.figures[key] = self.known[key] = spec
                self.imported.add(key)

    # ── ledgers ─────────────────────────────────────────────────────────

    def _ledger(self, ledger_id: str, spec: dict[str, Any]) -> None:
        where = f"ledgers.{ledger_id}"
        if spec.get("form") not in self.forms:
            self.bad(f"台账所属表单“{spec.get('form')}”未定义", where)
            return
        columns = []
        for col in spec.get("columns", []):
            if col.get("type") not in COLUMN_TYPES:
                self.bad(f"列“{col.get('name')}”的类型“{col.get('type')}”无效", where)
                continue
            choices = col.get("choices", ())
            columns.append(
                Column(
                    col["name"],
                    col["type"],
                    choices if isinstance(choices, str) else tuple(choices),
                    bool(col.get("required", True)),
                    col.get("hint", ""),
                    bool(col.get("any_year", False)),
                )
            )
        ledger = LedgerSpec(ledger_id, spec["form"], tuple(columns), spec.get("hint", ""))
        rules = []
        for i, rule in enumerate(spec.get("rules", []), start=1):
            at = f"{where} rules 第{i}项"
            kind, column, other = rule.get("rule"), rule.get("column"), rule.get("other", "")
            if kind not in ROW_RULES:
                self.bad(f"规则“{kind}”无效，可用：{'、'.join(ROW_RULES)}", at)
                continue
            if column not in {c.name for c in columns} or (
                kind == "不早于" and other not in {c.name for c in columns}
            ):
                self.bad(
                    f"规则中的列“{column if column not in {c.name for c in columns} else other}”不在台账中",
                    at,
                )
                continue
            when = self._where(rule.get("when", {}), ledger, at)
            if when is None:
                continue
            rules.append(
                RowRule(column, kind, rule.get("message", kind), other, when, bool(rule.get("negate")))
            )
        self.ledgers[ledger_id] = LedgerSpec(
            ledger_id, spec["form"], tuple(columns), spec.get("hint", ""), tuple(rules)
        )

    def _where(self, raw: dict[str, Any], ledger: LedgerSpec, at: str) -> Where | None:
        """Conditions on a ledger's columns, checked against the columns and their choices."""
        names = {c.name: c for c in ledger.columns}
        cond = []
        for col, values in raw.items():
            column = names.get(col)
            if column is None:
                self.bad(f"条件中的列“{col}”不在台账“{ledger.id}”中", at)
                return None
            values = tuple(values) if isinstance(values, list) else (values,)
            if column.type == "date":
                allowed: Iterable[str] = DATE_CLASSES
            elif column.type == "choice" and isinstance(column.choices, tuple):
                allowed = (*column.choices, BLANK)
            else:
                allowed = ()
            wrong = [v for v in values if allowed and v not in allowed]
            if wrong:
                self.bad(f"条件“{col} = {'、'.join(map(str, wrong))}”不是该列可有的值", at)
                return None
            cond.append((col, tuple(map(str, values))))
        return tuple(cond)

    # ── tables ──────────────────────────────────────────────────────────

    def _table(self, table_id: str, spec: dict[str, Any]) -> None:
        """A statistical table over a ledger (its cells counted) or a form (its cells filled in):
        its layout, then a figure for each cell."""
        at = f"tables.{table_id}"
        ledger = self.ledgers.get(spec.get("ledger", "")) if spec.get("ledger") else None
        form = spec.get("form")
        if (ledger is None) == (form is None) or (form is not None and form not in self.forms):
            self.bad("表格需要 ledger（台账名称）或 form（表单编号）之一，且须已定义", at)
            return
        table = self._table_layout(table_id, spec, ledger, form, at)
        if table is None:
            return
        self.tables[table_id] = table
        self._table_cells(table, spec, ledger, at)

    def _table_layout(
        self, table_id: str, spec: dict[str, Any], ledger: LedgerSpec | None, form: str | None, at: str
    ) -> TableSpec | None:
        """The table's columns and rows (with their conditions on the ledger), each name once,
        each sum over the table's own rows or columns; None where one is wrong."""
        columns = []
        for col in spec.get("columns", []):
            where = self._where(col.get("where", {}), ledger, at) if ledger else ()
            if where is None:
                return None
            columns.append(TableColumn(col["key"], where, tuple(col.get("sum", ()))))
        rows = []
        for row in spec.get("rows", []):
            where = self._where(row.get("where", {}), ledger, at) if ledger else ()
            if where is None:
                return None
            rows.append(
                TableRow(
                    row["key"],
                    where,
                    tuple(row.get("sum", ())),
                    tuple(row.get("columns", ())),
                    row.get("figure"),
                )
            )
        row_keys = [r.key for r in rows]
        column_keys = [c.key for c in columns]
        for keys, what in ((row_keys, "行"), (column_keys, "列")):
            if len(set(keys)) != len(keys):
                self.bad(f"表格的{what}名称有重复", at)
                return None
        for part in (*rows, *columns):
            missing = [
                k for k in part.sum if k not in (row_keys if isinstance(part, TableRow) else column_keys)
            ]
            if missing:
                self.bad(f"“{part.key}”求和的“{'、'.join(missing)}”不在表格中", at)
                return None
        return TableSpec(table_id, tuple(rows), tuple(columns), ledger.id if ledger else None, form)

    def _table_cells(
        self, table: TableSpec, spec: dict[str, Any], ledger: LedgerSpec | None, at: str
    ) -> None:
        """A figure for each cell: the total of its column's or row's parts, a ledger count, a
        figure of another template's (`figure`, imported), or a cell the form's department fills."""
        by_row = {r.key: r for r in table.rows}
        by_column = {c.key: c for c in table.columns}
        for row_key, column_key, key in table.cells():
            row, column = by_row[row_key], by_column.get(column_key)
            if column is not None and column.sum:
                parts = tuple(table.key(row_key, c) for c in column.sum)
                self._add(key, _total(key, parts, table.id))
            elif row.sum:
                parts = tuple(table.key(r, column_key) for r in row.sum)
                self._add(key, _total(key, parts, table.id))
            elif ledger is not None:
                where = (*row.where, *(column.where if column else ()))
                self._add(key, FigureSpec(key, key, "件", "count", Phrasing("精确"), "count",
                                          form=ledger.form, ledger=ledger.id, where=where, table=table.id))  # fmt: skip
            elif row.figure:
                if row.figure not in self.known:
                    self.bad(f"“{row_key}”一格引用的指标“{row.figure}”未定义（需从其他模板 imports）", at)
            else:
                raw = next(r for r in spec.get("rows", []) if r["key"] == row_key)
                self._form_cell(table, raw, column_key, key, at)

    def _form_cell(self, table: TableSpec, raw: dict[str, Any], column_key: str, key: str, at: str) -> None:
        """A cell of a form's table: its row's type (a count, an amount of money, a decimal) and
        unit, as a figure of its own."""
        row_key = raw["key"]
        kind = raw.get("type", "count")
        if kind not in ("count", "money", "decimal"):
            self.bad(f"表格中“{row_key}”的类型“{kind}”无效，可用：count、money、decimal", at)
            return
        phrasing = Phrasing("小数" if kind == "decimal" else "元" if kind == "money" else "精确")
        unit = figure_unit(kind, raw.get("unit", "件"))
        label, hint = f"{row_key}：{column_key}", raw.get("hint", "")
        disagreement = unit_disagreement(kind, unit, phrasing, label, hint)
        if disagreement:
            self.bad(f"“{row_key}”：{disagreement}", at)
            return
        self._add(
            key,
            FigureSpec(key, label, unit, kind, phrasing, "cell", form=table.form, hint=hint, table=table.id),
        )

    def _add(self, key: str, spec: FigureSpec) -> None:
        if key in self.known:
            self.bad(f"指标键“{key}”重复", f"tables.{spec.table}")
            return
        self.figures[key] = self.known[key] = spec

    # ── figures ─────────────────────────────────────────────────────────

    def _figure(self, i: int, spec: dict[str, Any]) -> None:
        """The `i`-th of `[[figures]]`: a key a tag can be, once; its type and wording; where it
        is read from (`_source`); its unit as its wording needs it."""
        key = spec.get("key", "")
        where = f"figures 第{i}项 {key}"
        if not key or not key.isidentifier():
            self.bad(
                f"指标键“{key}”不能用作模板标签（只能用汉字、字母、数字和下划线，且不以数字开头）", where
            )
            return
        if key in self.known:
            self.bad(f"指标键“{key}”重复", where)
            return
        ftype = spec.get("type", "count")
        if ftype not in FIGURE_TYPES:
            self.bad(f"类型“{ftype}”无效，可用：{'、'.join(FIGURE_TYPES)}", where)
            return
        try:
            phrasing = Phrasing.parse(spec.get("phrase", "文本" if ftype == "text" else "精确"))
        except ValueError as exc:
            self.bad(str(exc), where)
            return
        source = self._source(spec, ftype, where)
        if source is None:
            return
        form, combine, cond = source
        label, hint = spec.get("label", key), spec.get("hint", "")
        unit = figure_unit(ftype, str(spec.get("unit", "")).strip())
        disagreement = unit_disagreement(ftype, unit, phrasing, label, hint)
        if disagreement:
            self.bad(disagreement, where)
            return
        self.figures[key] = self.known[key] = FigureSpec(
            key=key,
            label=label,
            unit=unit,
            type=ftype,
            phrasing=phrasing,
            combine=combine,
            form=form,
            ledger=spec.get("ledger"),
            column=spec.get("column"),
            where=cond,
            hint=hint,
            required=bool(spec.get("required", True)),
        )

    def _source(self, spec: dict[str, Any], ftype: str, where: str) -> tuple[str, str, Where] | None:
        """Where a figure is read from: (form, how it is combined, conditions on its ledger's
        rows). A ledger figure counts rows (or sums a column); a form's is one cell, or a sum
        over a community form's copies. None where that is wrong."""
        form, ledger = spec.get("form"), spec.get("ledger")
        column = spec.get("column")
        combine = spec.get("combine")
        cond: Where = ()
        if ledger is not None:
            led = self.ledgers.get(ledger)
            if led is None:
                self.bad(f"台账“{ledger}”未定义", where)
                return None
            form = led.form
            combine = combine or "count"
            if combine == "sum" and column not in {c.name for c in led.columns}:
                self.bad(f"求和的列“{column}”不在台账“{ledger}”中", where)
                return None
            found = self._where(spec.get("where", {}), led, where)
            if found is None:
                return None
            cond = found
        elif form in self.forms:
            combine = combine or ("sum" if self.forms[form].many else "cell")
            if combine == "cell" and self.forms[form].many:
                self.bad(f'表单“{form}”有多份报表，指标应写 combine = "sum"', where)
                return None
        else:
            self.bad(f"来源表单“{form}”未定义（需写 form 或 ledger）", where)
            return None
        if combine not in COMBINES:
            self.bad(f"汇总方式“{combine}”无效，可用：{'、'.join(COMBINES)}", where)
            return None
        if combine == "sum" and ftype in ("text", "percent"):
            self.bad("文字和百分比指标不能求和", where)
            return None
        return form, combine, cond

    def _local(self) -> dict[str, tuple[str, ...]]:
        local = {}
        for place, words in self.data.get("local", {}).items():
            if place_kind(place) is None:
                self.bad(f"“{place}”不是地名；应以市、区、县、街道、镇或乡结尾", f"local.{place}")
            elif not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                self.bad('应写成词语的列表，如 ["天津", "津治通"]', f"local.{place}")
            else:
                local[place] = tuple(w.strip() for w in words)
        return local

    def _names(self) -> dict[str, str]:
        names = {}
        for alias, target in self.data.get("names", {}).items():
            if not alias.isidentifier():
                self.bad(f"名称“{alias}”不能用作模板标签", f"names.{alias}")
            elif alias in self.known:
                self.bad(f"名称“{alias}”与指标重名", f"names.{alias}")
            elif target not in self.known:
                self.bad(f"名称“{alias}”所指的“{target}”不是指标或表格中的一格", f"names.{alias}")
            else:
                names[alias] = target
        return names

    def _literals(self, names: dict[str, str]) -> dict[str, str]:
        literals = {}
        for key, text in self.data.get("literals", {}).items():
            if not key.isidentifier():
                self.bad(f"名称“{key}”不能用作模板标签", f"literals.{key}")
            elif key in self.known or key in names:
                self.bad(f"名称“{key}”与指标重名", f"literals.{key}")
            else:
                literals[key] = str(text)
        return literals

    def _checks(self) -> tuple[CheckSpec, ...]:
        checks = []
        for i, spec in enumerate(self.data.get("checks", []), start=1):
            at = f"checks 第{i}项 {spec.get('name', '')}"
            severity = spec.get("severity", "error")
            if severity not in SEVERITIES:
                self.bad(f"严重程度“{severity}”无效，可用：error（错误）、warning（警告）", at)
                continue
            if not spec.get("rule") or not spec.get("message"):
                self.bad("每个检查需要 rule（关系式）和 message（中文说明）", at)
                continue
            checks.append(
                CheckSpec(
                    spec.get("name", f"检查{i}"),
                    spec["rule"],
                    severity,
                    spec["message"],
                    spec.get("when", ""),
                )
            )
        return tuple(checks)


def _total(key: str, parts: tuple[str, ...], table: str) -> FigureSpec:
    return FigureSpec(key, key, "件", "count", Phrasing("精确"), "total", parts=parts, table=table)


def union(catalogs: list[Catalog]) -> Catalog:
    """The office's catalog: the forms, ledgers, figures and tables of all its reports, each
    once. A figure two reports share (imported) is the same figure; two reports may not use one
    key, form id or ledger for different things."""
    if len(catalogs) == 1:
        return catalogs[0]
    forms: dict[str, FormSpec] = {}
    ledgers: dict[str, LedgerSpec] = {}
    figures: dict[str, FigureSpec] = {}
    tables: dict[str, TableSpec] = {}
    problems = []
    for catalog in catalogs:
        for kind, mine, theirs in (
            ("表单", forms, catalog.forms),
            ("台账", ledgers, catalog.ledgers),
            ("指标", figures, catalog.figures),
            ("表格", tables, catalog.tables),
        ):
            for key, spec in theirs.items():  # type: ignore[attr-defined]
                if key in mine and mine[key] != spec:  # type: ignore[operator]
                    problems.append(
                        error(f"两个报告的{kind}“{key}”定义不同；请改用不同的名称", file=catalog.name)
                    )
                mine.setdefault(key, spec)  # type: ignore[attr-defined]
    if problems:
        raise CatalogError("本单位的几个报告的指标目录互相冲突", problems)
    return Catalog(
        name="、".join(c.name for c in catalogs),
        title="",
        forms=forms,
        ledgers=ledgers,
        figures=figures,
        parts=tuple(p for c in catalogs for p in c.parts),
        tables=tables,
        local={place: words for c in catalogs for place, words in c.local.items()},
        reported_year=(adopted := next((c.reported_year for c in catalogs if c.reported_year), None)),
        reported={
            k: v for c in catalogs if adopted and c.reported_year == adopted for k, v in c.reported.items()
        },
    )
