"""Filled-in input folders for any office, made from its reports' catalogs alone.

`write_inputs(root, year=2024)` writes `root/inputs/<year>/` for the reports the office's settings
list (`[报告] 模板`, found as the build finds them: `root/templates/` first, then the shipped
ones): the forms `assembler.writing.forms` makes, as clerks get them, filled in —

- every figure of every department's form a value, and every community's form (one per community
  of the settings);
- every ledger rows that keep its column types, choices and row `rules`, with dates inside the
  year, and give every condition (`where`) of its figures and table cells a plausible count: a
  row for each condition first, then ordinary ones. A ledger whose conditions tell rows still
  open at the year's end (a date 空白 or 本年以后) gets last year's open rows again, finished this
  year, for its 本年以前 conditions (so `上年(…)` checks hold between generated years);
- a 文字材料 row for every narrative part, from a department whose forms the report declares;
- then the catalog's `[[checks]]` settled: a generated value in a failing check is changed until
  the check holds (never a given one, except a given value a generated ledger overrules).

Nothing here knows a report kind: it is all read from the catalogs. Given data is written as it
is (`data`: a year's figures, community values, ledger rows and 文字材料; `samples.py` gives the
sample office's, `tests/data/sample-inputs.toml`), so are `values` (a test's own figures; None
leaves a cell blank). Generated values are deterministic: the same arguments give the same
folder, every time; a figure's value drifts only a little from one year to the next.

    plan = plan_inputs(root, year=2024)        # what every workbook will hold, in memory
    write_plan(plan, root / "inputs" / "2024")  # the workbooks
    fill_workbook(wb, plan)                     # or fill a blank form made by `assembler forms`
    regenerate(root, (2023, 2024))              # inputs/<year> rewritten, swapped in when complete
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil
import sys
import tempfile
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assembler.compute.assembly import office_reports
from assembler.model.catalog import BLANK, COMMUNITIES, Catalog, Column, FigureSpec, LedgerSpec, Part, union
from assembler.model.rules import instances
from assembler.model.settings import SETTINGS_NAME, Settings, parse_settings
from assembler.reading.catalogs import load_catalog
from assembler.reading.templates import available_templates, find_template
from assembler.reading.workbooks import KEY_HEADER, NARRATIVE_SHEET, SUBMITTER_LABEL
from assembler.writing.forms import (
    HEADER_ROW,
    add_narrative_sheet,
    department_forms,
    form_file_name,
    make_form_workbook,
    put_input,
)

SAMPLE_SETTINGS = ROOT / "inputs" / SETTINGS_NAME
# Where generated year folders are kept for reuse (a test session sets it: `conftest.py`).
CACHE_VARIABLE = "ASSEMBLER_TEST_INPUTS_CACHE"
TRIES = 300  # attempts at a ledger row meeting its conditions and rules before giving it up

# ── the given data ───────────────────────────────────────────────────────


@dataclass(frozen=True)
class Given:
    """What the data says for one year (`tests/data/sample-inputs.toml`'s layout)."""

    figures: Mapping[str, Any] = field(default_factory=dict)
    communities: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # "*": every community
    ledgers: Mapping[str, list[Mapping[str, Any]]] = field(default_factory=dict)
    narrative: list[Mapping[str, str]] = field(default_factory=list)  # 部门, 所属部分, 小标题, 内容
    notes: Mapping[str, str] = field(default_factory=dict)  # sheet name → a note in its first row

    @classmethod
    def of(cls, data: Mapping[str, Any] | None, year: int) -> Given:
        if not data:
            return cls()
        own = data.get(str(year), {})
        return cls(
            figures=own.get("figures", {}),
            communities=own.get("communities", {}),
            ledgers=own.get("ledgers", {}),
            narrative=own.get("文字材料", []),
            notes=data.get("notes", {}),
        )


def read_data(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


# ── the plan: what every workbook of a year holds ───────────────────────


@dataclass
class Plan:
    year: int
    settings: Settings
    catalogs: list[Catalog]  # the office's reports' catalogs
    catalog: Catalog  # all of them together (`union`): the forms the office hands out
    cells: dict[str, Any]  # a department form's figure → its value (None: left blank)
    community_cells: dict[str, dict[str, Any]]  # community → figure → value
    ledgers: dict[str, list[dict[str, Any]]]  # ledger → rows (column → value; None: blank)
    narrative: dict[str, list[tuple[str, str, str]]]  # department → its 文字材料 rows
    notes: Mapping[str, str] = field(default_factory=dict)
    parts_catalogs: list[Catalog] = field(default_factory=list)  # for a 文字材料 sheet's choices


def office_catalogs(settings: Settings, root: Path) -> list[Catalog]:
    """The catalogs of the reports the office makes, found as the build finds them."""
    return [load_catalog(find_template(name, root).catalog) for name in office_reports(settings)]


def plan_inputs(
    root: Path,
    *,
    year: int = 2024,
    settings: Settings | None = None,
    data: Mapping[str, Any] | None = None,
    values: Mapping[str, Any] | None = None,
    community_values: Mapping[str, Mapping[str, Any]] | None = None,
    rows: Mapping[str, int | Sequence[Mapping[str, Any]]] | None = None,
    seed: int = 0,
) -> Plan:
    """Every value of the office's inputs for `year` (settings: `root/inputs/单位设置.ini`).
    `values` and `community_values` (community → figure → value) are a caller's own, written as
    given; `rows` gives a ledger its rows, or how many to generate (exactly that many)."""
    settings = settings or parse_settings(root / "inputs" / SETTINGS_NAME)
    catalogs = office_catalogs(settings, root)
    catalog = union(catalogs)
    given = Given.of(data, year)
    values = dict(values or {})
    gen = _Generator(catalog, settings, year, seed)
    plan = Plan(year, settings, catalogs, catalog, {}, {}, {}, {}, given.notes)

    fixed: set[str] = set(values)
    for fig in _cell_figures(catalog, many=False):
        if fig.key in values:
            plan.cells[fig.key] = values[fig.key]
        elif fig.key in given.figures:
            plan.cells[fig.key] = given.figures[fig.key]
            fixed.add(fig.key)
        else:
            plan.cells[fig.key] = gen.figure(fig)
    soft = {key for key in fixed if key not in values}  # given by the data: a generated ledger may overrule
    for community in settings.communities:
        own = {**given.communities.get("*", {}), **given.communities.get(community, {})}
        own.update((community_values or {}).get(community, {}))
        plan.community_cells[community] = {
            fig.key: own[fig.key] if fig.key in own else gen.figure(fig, community)
            for fig in _cell_figures(catalog, many=True)
        }
    generated_ledgers: set[str] = set()
    for ledger in catalog.ledgers.values():
        asked = (rows or {}).get(ledger.id)
        if isinstance(asked, Sequence):
            plan.ledgers[ledger.id] = [dict(r) for r in asked]
        elif (
            asked is None and ledger.id in given.ledgers and gen.valid_rows(ledger, given.ledgers[ledger.id])
        ):
            plan.ledgers[ledger.id] = [dict(r) for r in given.ledgers[ledger.id]]
        else:
            plan.ledgers[ledger.id] = gen.ledger_rows(ledger, asked)
            generated_ledgers.add(ledger.id)
    _settle_checks(plan, fixed, soft, generated_ledgers, gen)
    plan.narrative = _narrative(plan, given, gen, root)
    return plan


def _cell_figures(catalog: Catalog, *, many: bool) -> list[FigureSpec]:
    return [
        fig for form in catalog.forms.values() if form.many == many for fig in catalog.cell_figures(form.id)
    ]


# ── generated values ─────────────────────────────────────────────────────

# A plausible size for a count by how the report words it (余10: tens to hundreds, …).
_COUNT_RANGES = {"余": (3, 40), "多": (3, 40), "近": (3, 40), "以上": (3, 40)}
_EXAMPLE = re.compile(r"如[：:]\s*([^；;。（(]+)")
DATE_CLASS_RANGES = {  # where a date of each class falls, against the report's year
    "本年": lambda y: (dt.date(y, 1, 1), dt.date(y, 12, 31)),
    "本年以前": lambda y: (dt.date(y - 1, 10, 1), dt.date(y - 1, 12, 31)),
    "本年以后": lambda y: (dt.date(y + 1, 1, 1), dt.date(y + 1, 1, 31)),
}


def example(hint: str) -> str:
    """The example a hint gives (如：防范电信诈骗宣传), else ""."""
    m = _EXAMPLE.search(hint or "")
    return m.group(1).strip() if m and not re.fullmatch(r"[\d\-.%\s]+", m.group(1).strip()) else ""


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class _Generator:
    """Deterministic values for one office and year: each from its own seed (figure, year,
    community, ledger row), so that adding a figure or a row changes nothing else."""

    def __init__(self, catalog: Catalog, settings: Settings, year: int, seed: int) -> None:
        self.catalog, self.settings, self.year, self.seed = catalog, settings, year, seed

    def rng(self, *parts: object) -> random.Random:
        return random.Random(":".join(map(str, (self.seed, *parts))))

    # figures

    def figure(self, fig: FigureSpec, community: str = "") -> Any:
        if fig.type == "text":
            return example(fig.hint) or re.sub(r"[（(].*?[)）]", "", fig.label) + "情况良好"
        if fig.type == "percent":
            return self.rng(fig.key, community).choice([1, 1, 0.99, 0.98, 0.95])
        base = self.rng(fig.key, community)  # the same every year ...
        drift = self.rng(fig.key, community, self.year).uniform(0.9, 1.1)  # ... but for a little drift
        if fig.type in ("money", "decimal"):
            if fig.unit in ("元", ""):
                return int(base.randint(10, 1000) * 10 * drift)
            return float(round(Decimal(base.randint(50, 5000) * drift) / 100, 2))
        if community:
            return int(base.randint(0, 6) * drift)
        low, high = _COUNT_RANGES.get(fig.phrasing.kind, (1, 60))
        step = fig.phrasing.step if fig.phrasing.kind in _COUNT_RANGES else 1
        value = max(int(base.randint(low * step, high * step) * drift), 0)
        for _ in range(2 * step + 2):  # a value its phrasing words truly (近100: 196, not 432)
            if not fig.phrasing.words(value, fig.unit).untrue:
                break
            value += 1
        return value

    # ledger rows

    def valid_rows(self, ledger: LedgerSpec, rows: Iterable[Mapping[str, Any]]) -> bool:
        """Given rows fit this office: their choices are among its choices (communities too)."""
        return all(
            row.get(col.name) is None or str(row[col.name]) in self.choices(col)
            for row in rows
            for col in ledger.columns
            if col.type == "choice"
        )

    def choices(self, col: Column) -> tuple[str, ...]:
        return self.settings.communities if col.choices == COMMUNITIES else tuple(col.choices)

    def ledger_rows(self, ledger: LedgerSpec, count: int | None) -> list[dict[str, Any]]:
        """`count` rows (else as many as make every condition plausible): last year's open rows
        finished this year, then a row for each condition, then ordinary rows."""
        shape = _Shape.of(self.catalog, ledger)
        total = count if count is not None else max(12, len(shape.targets) + 3)
        carried = self.carried(ledger, shape, total)[:total]
        rows = carried + self.fresh(ledger, shape, self.year, total - len(carried))
        if count is None:
            rows += self.topped_up(ledger, rows)
        first_date = next((c.name for c in ledger.columns if c.type == "date"), None)
        if first_date:
            rows.sort(key=lambda r: (r[first_date] is None, r[first_date] or dt.date.max))
        return rows

    def fresh(self, ledger: LedgerSpec, shape: _Shape, year: int, count: int) -> list[dict[str, Any]]:
        """`count` rows of `year`: one for each condition (but last year's, which are carried),
        then ordinary ones; row k is the same whatever the count."""
        targets = [t for t in shape.targets if not (shape.carries and shape.earlier(t))]
        rows: list[dict[str, Any]] = []
        seen: set[tuple[Any, ...]] = set()
        for k in range(count):
            rng = self.rng(ledger.id, year, k)
            row = None
            if k < len(targets):
                row = self.row(ledger, targets[k], year, rng, k, seen)
            row = row or self.row(ledger, shape.ordinary, year, rng, k, seen)
            if row is not None:
                rows.append(row)
        return rows

    def carried(self, ledger: LedgerSpec, shape: _Shape, total: int) -> list[dict[str, Any]]:
        """Last year's rows still open at its end (an open-able date blank or after it), that
        date now in this year, the columns the rules look at (办理结果) drawn anew if need be."""
        if not shape.carries:
            return []
        last = self.year - 1
        open_rows = [
            r
            for r in self.fresh(ledger, shape, last, total)
            if any(r[c] is None or r[c].year > last for c in shape.openable)
        ]
        redrawn = {col for rule in ledger.rules for col, _ in rule.when}
        done = []
        for i, old in enumerate(open_rows):
            rng = self.rng(ledger.id, self.year, "carried", i)
            for attempt in range(TRIES):
                row = dict(old)
                for col in ledger.columns:
                    if attempt and col.name in redrawn:
                        row[col.name] = self.value(col, None, row, ledger, self.year, rng, i)
                for c in shape.openable:
                    if row[c] is None:
                        row[c] = self.date(ledger.column(c), "本年", row, ledger, self.year, rng)
                if _row_problem(ledger, row, self.year) is None:
                    done.append(row)
                    break
        return done

    def topped_up(self, ledger: LedgerSpec, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Rows added where a figure's wording would not be true of its count or sum (余10 of
        exactly 20 activities)."""
        more: list[dict[str, Any]] = []
        seen = {tuple(r.values()) for r in rows}
        for fig in self.catalog.figures.values():
            if fig.ledger != ledger.id or fig.table or fig.type == "text":
                continue
            target = _merge(fig.where) or {}
            for n in range(3 * fig.phrasing.step + 3):
                value = _ledger_value(fig, ledger, rows + more, self.year)
                if not fig.phrasing.words(_plain(value), fig.unit).untrue:
                    break
                row = self.row(
                    ledger, target, self.year, self.rng(ledger.id, fig.key, n), len(rows) + n, seen
                )
                if row is None:
                    break
                more.append(row)
        return more

    def row(
        self,
        ledger: LedgerSpec,
        target: Mapping[str, tuple[str, ...]],
        year: int,
        rng: random.Random,
        k: int,
        seen: set[tuple[Any, ...]],
    ) -> dict[str, Any] | None:
        """A row meeting `target` (column → the values or date classes it may have) and every
        rule, unlike the rows in `seen`; None when none is found."""
        for _ in range(TRIES):
            row: dict[str, Any] = {}
            for col in ledger.columns:
                row[col.name] = self.value(col, target.get(col.name), row, ledger, year, rng, k)
            key = tuple(row.values())
            if key in seen or _row_problem(ledger, row, year) is not None:
                continue
            if not all(_classify(row[c], ledger.column(c), year) in wanted for c, wanted in target.items()):
                continue
            seen.add(key)
            return row
        return None

    def value(
        self,
        col: Column,
        wanted: tuple[str, ...] | None,
        row: dict[str, Any],
        ledger: LedgerSpec,
        year: int,
        rng: random.Random,
        k: int,
    ) -> Any:
        forced = _forced(col, row, ledger, year)
        label = rng.choice(wanted) if wanted else None
        if label == BLANK or forced == "blank":
            return None
        optional = not col.required and forced != "fill" and not wanted
        if col.type == "date":
            return None if optional and rng.random() < 0.1 else self.date(col, label, row, ledger, year, rng)
        if col.type == "choice":
            options = self.choices(col)
            if label is not None:
                return label
            if optional and rng.random() < 0.2:
                return None
            return options[0] if rng.random() < 0.4 and col.choices != COMMUNITIES else rng.choice(options)
        if label is not None:
            return int(label) if col.type == "count" else label
        if optional and rng.random() < 0.25:
            return None
        if col.type == "count":
            return rng.randint(5, 30)
        if col.type == "money":
            return rng.randint(10, 500) * 10
        return example(col.hint) or f"{col.name}{k + 1}"

    def date(
        self,
        col: Column,
        label: str | None,
        row: dict[str, Any],
        ledger: LedgerSpec,
        year: int,
        rng: random.Random,
    ) -> dt.date:
        low, high = DATE_CLASS_RANGES[label or "本年"](year)
        for rule in ledger.rules:  # after the date it may not precede: within a month of it
            other = row.get(rule.other) if rule.column == col.name and rule.rule == "不早于" else None
            if isinstance(other, dt.date) and max(low, other) <= high:
                low = max(low, other)
                high = max(low, min(high, other + dt.timedelta(days=30)))
        return low + dt.timedelta(days=rng.randrange((high - low).days + 1))


@dataclass(frozen=True)
class _Shape:
    """What a ledger's conditions ask of its rows."""

    targets: list[dict[str, tuple[str, ...]]]  # one row each, to give every condition a count
    openable: tuple[str, ...]  # any-year date columns a condition finds blank or after the year
    ordinary: dict[str, tuple[str, ...]]  # what the other rows keep to (finished this year)

    @property
    def carries(self) -> bool:
        return bool(self.openable)

    def earlier(self, target: Mapping[str, tuple[str, ...]]) -> bool:
        return any("本年以前" in target.get(c, ()) for c in self.any_year)

    any_year: tuple[str, ...] = ()

    @classmethod
    def of(cls, catalog: Catalog, ledger: LedgerSpec) -> _Shape:
        wheres = [f.where for f in catalog.figures.values() if f.ledger == ledger.id and not f.table]
        for table in catalog.tables.values():
            if table.ledger != ledger.id:
                continue
            rows = [r for r in table.rows if not r.sum]
            columns = [c for c in table.columns if not c.sum]
            for i in range(max(len(rows), len(columns))):
                wheres.append(
                    (
                        *(rows[i % len(rows)].where if rows else ()),
                        *(columns[i % len(columns)].where if columns else ()),
                    )
                )
        targets: list[dict[str, tuple[str, ...]]] = []
        for where in wheres:
            target = _merge(where)
            if target is not None and target not in targets:
                targets.append(target)
        any_year = tuple(c.name for c in ledger.columns if c.type == "date" and c.any_year)
        openable = tuple(c for c in any_year if any({BLANK, "本年以后"} & set(t.get(c, ())) for t in targets))
        return cls(targets, openable, {c: ("本年",) for c in openable}, any_year)


def _merge(where: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, tuple[str, ...]] | None:
    """Conditions on the same column together (a row's and a column's): None when they exclude each other."""
    merged: dict[str, tuple[str, ...]] = {}
    for col, wanted in where:
        both = tuple(v for v in merged.get(col, wanted) if v in wanted)
        if not both:
            return None
        merged[col] = both
    return merged


def _classify(value: Any, column: Column, year: int) -> str:
    """What a condition compares a cell with (as `compute.figures.classify` does)."""
    if value is None or value == "":
        return BLANK
    if column.type == "date":
        return "本年以前" if value.year < year else "本年" if value.year == year else "本年以后"
    return str(value)


def _meets(
    where: Iterable[tuple[str, tuple[str, ...]]], ledger: LedgerSpec, row: Mapping[str, Any], year: int
) -> bool:
    return all(_classify(row.get(col), ledger.column(col), year) in wanted for col, wanted in where)


def _forced(col: Column, row: Mapping[str, Any], ledger: LedgerSpec, year: int) -> str | None:
    """ "fill" or "blank" when a 必填/不填 rule applies to the column given the row so far."""
    for rule in ledger.rules:
        if rule.column != col.name or rule.rule not in ("必填", "不填"):
            continue
        if any(c not in row for c, _ in rule.when):
            continue
        if rule.when and _meets(rule.when, ledger, row, year) == rule.negate:
            continue
        return "fill" if rule.rule == "必填" else "blank"
    return None


def _row_problem(ledger: LedgerSpec, row: Mapping[str, Any], year: int) -> str | None:
    """What is wrong with a row, as the build would tell it (None: nothing)."""
    for col in ledger.columns:
        value = row.get(col.name)
        if value is None:
            if col.required and _forced(col, row, ledger, year) != "blank":
                return f"{col.name} 未填写"
        elif col.type == "date" and not col.any_year and value.year != year:
            return f"{col.name} 不在本年"
    for rule in ledger.rules:
        if rule.when and _meets(rule.when, ledger, row, year) == rule.negate:
            continue
        value = row.get(rule.column)
        if (rule.rule == "必填" and value is None) or (rule.rule == "不填" and value is not None):
            return rule.message
        if value is None:
            continue
        other = row.get(rule.other) if rule.other else None
        if (
            (rule.rule == "不早于本年" and value.year < year)
            or (rule.rule == "不晚于本年" and value.year > year)
            or (rule.rule == "不早于" and other is not None and value < other)
        ):
            return rule.message
    return None


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return Decimal(str(value))


def _ledger_value(fig: FigureSpec, ledger: LedgerSpec, rows: list[dict[str, Any]], year: int) -> Decimal:
    chosen = [r for r in rows if _meets(fig.where, ledger, r, year)]
    if fig.combine == "count":
        return Decimal(len(chosen))
    return sum((_number(r.get(fig.column or "")) or Decimal(0) for r in chosen), Decimal(0))


# ── the catalog's checks, settled ───────────────────────────────────────


def _figure_values(plan: Plan) -> dict[str, Decimal | None]:
    catalog, found = plan.catalog, {}
    for key, fig in catalog.figures.items():
        if fig.combine == "total":
            continue
        if fig.ledger:
            found[key] = _ledger_value(
                fig, catalog.ledgers[fig.ledger], plan.ledgers.get(fig.ledger, []), plan.year
            )
        elif fig.form and catalog.forms[fig.form].many:
            each = [_number(cells.get(key)) for cells in plan.community_cells.values()]
            found[key] = None if None in each else sum(each, Decimal(0))  # type: ignore[arg-type]
        else:
            found[key] = _number(plan.cells.get(key))

    def total(key: str) -> Decimal | None:
        if key not in found:
            parts = [total(k) for k in catalog.figures[key].parts]
            found[key] = None if None in parts else sum(parts, Decimal(0))  # type: ignore[arg-type]
        return found[key]

    for key, fig in catalog.figures.items():
        if fig.combine == "total":
            total(key)
    return found


def _side(values: Mapping[str, Decimal | None], side: Sequence[tuple[int, Any, bool]]) -> Decimal | None:
    terms = [term if isinstance(term, Decimal) else values.get(term) for _, term, _ in side]
    return (
        None if None in terms else sum((s * t for (s, _, _), t in zip(side, terms, strict=True)), Decimal(0))
    )  # type: ignore[operator]


def _holds(left: Decimal, op: str, right: Decimal) -> bool:
    return {"==": left == right, "!=": left != right, "<=": left <= right, ">=": left >= right,
            "<": left < right, ">": left > right}[op]  # fmt: skip


def _settle_checks(plan: Plan, fixed: set[str], soft: set[str], generated: set[str], gen: _Generator) -> None:
    """Change generated values (and given ones a generated ledger overrules) until every check
    holds that such a change can make hold; a value once set to make an equality hold stays."""
    checks = [i for report in plan.catalogs for check in report.checks for i in instances(report, check)]
    pinned: set[str] = set()
    for _ in range(len(checks) + 3):
        values = _figure_values(plan)
        failing = (i for i in checks if _fails(i, values))
        if not any(_settle(plan, i, values, fixed, soft, generated, pinned, gen) for i in failing):
            return


def _fails(inst: Any, values: Mapping[str, Decimal | None]) -> bool:
    """A check that applies (its `when` holds), has its values and does not hold; 上年(…)
    checks are left alone (last year's values are what they are)."""
    if any(previous for *_, previous in (*inst.left, *inst.right)):
        return False
    if inst.when is not None:
        cond = _side(values, inst.when.left), _side(values, inst.when.right)
        if None in cond or not _holds(cond[0], inst.when.op, cond[1]):  # type: ignore[arg-type]
            return False
    left, right = _side(values, inst.left), _side(values, inst.right)
    return left is not None and right is not None and not _holds(left, inst.op, right)


def _settle(
    plan: Plan,
    inst: Any,
    values: Mapping[str, Decimal | None],
    fixed: set[str],
    soft: set[str],
    generated: set[str],
    pinned: set[str],
    gen: _Generator,
) -> bool:
    """Make one failing check hold by changing one free term, else (an equality) several in
    proportion; True when something changed."""
    catalog = plan.catalog
    keys = [k for _, k, _ in (*inst.left, *inst.right) if isinstance(k, str)]
    overruled = any(_ledgers_of(catalog, k) & generated for k in keys)
    free = [
        (sign if on_left else -sign, key)  # the term's effect on left − right
        for on_left, side in ((True, inst.left), (False, inst.right))
        for sign, key, _ in side
        if isinstance(key, str) and key in plan.cells and key not in pinned
        and (key not in fixed or (overruled and key in soft))
        and catalog.figures[key].type in ("count", "money", "decimal")
    ]  # fmt: skip
    gap = _side(values, inst.left) - _side(values, inst.right)  # type: ignore[operator]
    for effect, key in free:
        new = _solved(values[key], effect, gap, inst.op, catalog.figures[key], gen)
        if new is not None:
            plan.cells[key] = _plain(new)
            if inst.op == "==":
                pinned.add(key)
            return True
    if inst.op != "==":
        return False
    for effect in (1, -1):  # terms on one side scaled together: 简易 + 一般 = 行政处罚 of 7 → 4 + 3
        group = [key for e, key in free if e == effect and catalog.figures[key].type == "count"]
        now = sum((values[k] or Decimal(0) for k in group), Decimal(0))
        total = now - gap / effect
        if not group or total < 0 or total != total.to_integral_value():
            continue
        for key in group[:-1]:
            plan.cells[key] = int((values[key] or 0) * total / now) if now else 0
        plan.cells[group[-1]] = int(total) - sum(plan.cells[k] for k in group[:-1])
        pinned.update(group)
        return True
    return False


def _ledgers_of(catalog: Catalog, key: str) -> set[str]:
    """The ledgers a figure is counted from (a total's: its parts')."""
    fig = catalog.figures[key]
    if fig.combine == "total":
        return {ledger for part in fig.parts for ledger in _ledgers_of(catalog, part)}
    return {fig.ledger} if fig.ledger else set()


def _solved(
    value: Decimal | None, effect: int, gap: Decimal, op: str, fig: FigureSpec, gen: _Generator
) -> Decimal | None:
    """The value of one term that makes the relation hold (the others kept), or None; `gap` is
    left − right, which changing the term by d changes by `effect` × d."""
    if value is None:
        return None
    unit = Decimal(1) if fig.type == "count" else Decimal("0.01")
    if op == "==":
        exact = value - gap / effect
        return exact if exact >= 0 and exact % unit == 0 else None
    if op == "!=":
        return value + unit
    room = unit if op in ("<", ">") else Decimal(0)
    if op in ("<", "<="):  # wanted: gap + effect × d <= −room
        bound, upper = (-gap - room) / effect, effect > 0  # upper: d may be at most the bound
    else:  # wanted: gap + effect × d >= room
        bound, upper = (room - gap) / effect, effect < 0
    d = bound.quantize(unit, rounding=ROUND_FLOOR if upper else ROUND_CEILING)
    if upper:  # lowered to the bound, and a little further (some, not all, applications charged)
        slack = Decimal(gen.rng(fig.key, "slack").randint(0, 3)) * unit
        new = value + d - slack if value + d - slack >= 0 else value + d
    else:  # raised to the bound, or to a plausible value of its own beyond it
        new = max(value + d, Decimal(str(gen.figure(fig))))
    return new if new >= 0 else None


# ── narrative parts ──────────────────────────────────────────────────────


def _narrative(
    plan: Plan, given: Given, gen: _Generator, root: Path
) -> dict[str, list[tuple[str, str, str]]]:
    """Each department's 文字材料: the given rows, then a row for each part no row speaks to."""
    departments = {f.department for f in plan.catalog.forms.values() if not f.many}
    rows: dict[str, list[tuple[str, str, str]]] = {}
    for r in given.narrative:
        if r["部门"] in departments:
            rows.setdefault(r["部门"], []).append((r["所属部分"], r.get("小标题", ""), r["内容"]))
    covered = {r["所属部分"] for r in given.narrative}
    for catalog in plan.catalogs:
        writers = _writers(catalog)
        for i, part in enumerate(catalog.parts):
            title = part.title.format(年度=plan.year)
            if title in covered or not writers:
                continue
            covered.add(title)
            department = writers[i % len(writers)]
            rows.setdefault(department, []).append((title, "", _paragraph(title, department, plan.year)))
    titles = {t for texts in rows.values() for t, _, _ in texts}
    plan.parts_catalogs = _catalogs_with_parts(
        titles - {p.title.format(年度=plan.year) for p in plan.catalog.parts}, plan.year, root
    )
    return rows


def _writers(catalog: Catalog) -> list[str]:
    """The departments that write a report's parts: those of the forms it declares itself
    (not those it takes figures from), else all its departments."""
    own = {f.form for f in catalog.figures.values() if f.key not in catalog.inherited and f.form}
    forms = [f for f in catalog.forms.values() if not f.many]
    return list(dict.fromkeys(f.department for f in forms if f.id in own or not own))


def _paragraph(title: str, department: str, year: int) -> str:
    topic = title.split("·")[-1]
    return (
        f"{year}年，{department}围绕“{topic}”明确责任分工，健全工作机制，逐项抓好落实，"
        "相关工作按计划推进并取得实效。"
    )


def _catalogs_with_parts(titles: set[str], year: int, root: Path) -> list[Catalog]:
    """The templates whose parts these 文字材料 rows name (their sheet's choices list them)."""
    found = []
    for name in available_templates(root) if titles else ():
        catalog = load_catalog(find_template(name, root).catalog)
        if titles & {p.title.format(年度=year) for p in catalog.parts}:
            found.append(catalog)
    return found


# ── workbooks ────────────────────────────────────────────────────────────


def write_plan(plan: Plan, folder: Path) -> list[Path]:
    """The office's workbooks for the plan's year, filled in, in `folder` (made if need be)."""
    catalog, written = plan.catalog, []
    folder.mkdir(parents=True, exist_ok=True)
    for form in catalog.forms.values():
        if form.many:
            for community in plan.settings.communities:
                wb = make_form_workbook(catalog, form, plan.settings, plan.year, community)
                fill_workbook(wb, plan)
                path = folder / form.title / form_file_name(form, community)
                path.parent.mkdir(exist_ok=True)
                wb.save(path)
                written.append(path)
    for forms in department_forms(catalog):
        wb = make_form_workbook(catalog, forms, plan.settings, plan.year)
        fill_workbook(wb, plan)
        wb.save(folder / form_file_name(forms))
        written.append(folder / form_file_name(forms))
    return written


def fill_figures(wb: Any, values: Mapping[str, Any]) -> None:
    """Each figure row of every form sheet (its code in the key column) gets its value."""
    for ws in wb.worksheets:
        if ws.cell(row=HEADER_ROW, column=1).value != KEY_HEADER:
            continue
        for row in ws.iter_rows(min_row=HEADER_ROW + 1):
            if row[0].value in values:
                row[3].value = values[row[0].value]


def fill_workbook(wb: Any, plan: Plan) -> None:
    """Fill a blank form workbook (made by `assembler.writing.forms`) as the plan says: its
    figures, its community's figures, its ledgers' rows, its department's 文字材料, the notes."""
    first = wb.worksheets[0]
    department = first["B2"].value
    community = first["B4"].value if first["A4"].value == SUBMITTER_LABEL else None
    fill_figures(wb, plan.community_cells.get(community, {}) if community else plan.cells)
    texts = [] if community else plan.narrative.get(department, [])
    if texts and NARRATIVE_SHEET not in wb.sheetnames:
        titles = list(dict.fromkeys(t for t, _, _ in texts))
        parts = [p for c in plan.parts_catalogs for p in c.parts] or [Part(t, t) for t in titles]
        add_narrative_sheet(wb, Catalog("", "", {}, {}, {}, parts=tuple(parts)), plan.year)
    for r, text in enumerate(texts, start=2):
        for c, value in enumerate(text, start=1):
            put_input(wb[NARRATIVE_SHEET], r, c, value)
    for ledger in plan.catalog.ledgers.values():
        if ledger.id in wb.sheetnames and not community:
            ws = wb[ledger.id]
            for r, row in enumerate(plan.ledgers.get(ledger.id, []), start=2):
                for c, col in enumerate(ledger.columns, start=1):
                    put_input(ws, r, c, row.get(col.name))
    for sheet, note in plan.notes.items():
        if sheet in wb.sheetnames:
            ws = wb[sheet]
            ws.cell(row=1, column=ws.max_column + 2, value=note)


# ── whole folders ────────────────────────────────────────────────────────


def write_inputs(
    root: Path,
    *,
    year: int = 2024,
    values: Mapping[str, Any] | None = None,
    settings_text: str | None = None,
    data: Mapping[str, Any] | None = None,
    community_values: Mapping[str, Mapping[str, Any]] | None = None,
    rows: Mapping[str, int | Sequence[Mapping[str, Any]]] | None = None,
) -> Path:
    """`root/inputs/<year>/`, complete and filled in for the office's reports; returns it. The
    settings are `settings_text` when given, else `root`'s own, else the sample office's."""
    inputs = root / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    settings_path = inputs / SETTINGS_NAME
    if settings_text is not None:
        settings_path.write_text(settings_text, encoding="utf-8")
    elif not settings_path.exists():
        shutil.copyfile(SAMPLE_SETTINGS, settings_path)
    folder = inputs / str(year)
    args = dict(year=year, data=data, values=values, community_values=community_values, rows=rows)
    cache = os.environ.get(CACHE_VARIABLE)
    if not cache:
        write_plan(plan_inputs(root, **args), folder)  # type: ignore[arg-type]
        return folder
    key = _cache_key(root, settings_path, args)
    kept = Path(cache) / key
    if not kept.is_dir():
        import fcntl

        kept.parent.mkdir(parents=True, exist_ok=True)
        with (kept.parent / f"{key}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not kept.is_dir():
                staging = Path(tempfile.mkdtemp(dir=kept.parent, prefix=f".{key}-"))
                write_plan(plan_inputs(root, **args), staging)  # type: ignore[arg-type]
                staging.rename(kept)
    shutil.copytree(kept, folder, dirs_exist_ok=True)
    return folder


def _cache_key(root: Path, settings_path: Path, args: Mapping[str, Any]) -> str:
    """What a year folder is made from: the settings, the arguments and every catalog read."""
    settings = parse_settings(settings_path)
    catalogs = [find_template(name, root).catalog for name in office_reports(settings)]
    sources = [settings_path.read_bytes()] + [p.read_bytes() for p in catalogs]
    for path in catalogs:  # the catalogs they extend or import
        sources += [p.read_bytes() for p in sorted(path.parent.parent.glob("*/catalog.toml"))]
    digest = hashlib.sha256(json.dumps(args, sort_keys=True, default=str, ensure_ascii=False).encode())
    for source in sources:
        digest.update(hashlib.sha256(source).digest())
    return digest.hexdigest()[:20]


def regenerate(
    root: Path, years: Sequence[int], *, data: Mapping[str, Any] | None = None, check: bool = True
) -> list[Path]:
    """Rewrite `root/inputs/<year>/` for each year: written complete in a folder beside them,
    checked (no errors), and only then swapped in, each year with one rename. A failure on the
    way leaves the old folders as they were; a run cut short is undone by the next."""
    inputs = root / "inputs"
    _recover(inputs)
    staging = Path(tempfile.mkdtemp(dir=inputs, prefix=".regenerate-"))
    try:
        (staging / "inputs").mkdir()
        shutil.copyfile(inputs / SETTINGS_NAME, staging / "inputs" / SETTINGS_NAME)
        for year in sorted(years):
            write_plan(plan_inputs(staging, year=year, data=data), staging / "inputs" / str(year))
        if check:
            _check_clean(staging, years)
        done = []
        for year in sorted(years):
            target, aside = inputs / str(year), inputs / f".previous-{year}"
            if target.exists():
                target.rename(aside)
            (staging / "inputs" / str(year)).rename(target)
            if aside.exists():
                shutil.rmtree(aside)
            done.append(target)
        return done
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _recover(inputs: Path) -> None:
    """Undo a regeneration cut short: a year moved aside and not replaced comes back."""
    for aside in inputs.glob(".previous-*"):
        target = inputs / aside.name.removeprefix(".previous-")
        if target.exists():
            shutil.rmtree(aside)
        else:
            aside.rename(target)
    for stale in inputs.glob(".regenerate-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _check_clean(root: Path, years: Sequence[int]) -> None:
    from assembler.commands.build import check_inputs

    for year in sorted(years):
        problems = check_inputs(input_dir=root / "inputs" / str(year), workdir=root)
        errors = [str(p) for p in problems if p.severity.name == "ERROR"]
        if errors:
            raise SystemExit(f"生成的 {year} 年表格有错误，未替换原有表格：\n" + "\n".join(errors))
