"""The catalog: a declarative list, beside each template, of every figure the report uses.

`templates/<name>/catalog.toml` says, for each figure, its key (the template tag), its
Chinese label, the form or ledger it comes from, its unit and type, how submissions are
combined and how the number is phrased. Forms (one workbook per department) and ledgers
(detail sheets inside a form's workbook) are declared there too, so that blank forms can
be generated from the same file the build reads.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CatalogError, Problem, error
from .phrasing import Phrasing

FIGURE_TYPES = ("count", "money", "percent", "text")
COLUMN_TYPES = ("date", "count", "money", "text", "choice")
COMBINES = ("cell", "sum", "count")
COMMUNITIES = "社区"  # a column's `choices` naming the settings' community list


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
    name: str
    type: str
    choices: tuple[str, ...] | str = ()
    required: bool = True
    hint: str = ""


@dataclass(frozen=True)
class LedgerSpec:
    """A detail sheet (台账): one row per activity, from which figures are computed."""

    id: str
    form: str
    columns: tuple[Column, ...]
    hint: str = ""

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class FigureSpec:
    key: str
    label: str
    unit: str
    type: str
    phrasing: Phrasing
    combine: str
    form: str | None = None
    ledger: str | None = None
    column: str | None = None
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    hint: str = ""
    required: bool = True

    def describe_combine(self) -> str:
        """How the value is obtained, in words a reviewer reads."""
        if self.ledger is None:
            return "各份报表求和" if self.combine == "sum" else "取单元格的值"
        cond = "；".join(f"{col}为{'或'.join(vals)}" for col, vals in self.where)
        cond = f"（{cond}）" if cond else ""
        if self.combine == "count":
            return f"台账“{self.ledger}”计行数{cond}"
        return f"台账“{self.ledger}”对“{self.column}”列求和{cond}"


@dataclass(frozen=True)
class Part:
    """A part of a narrative report (一、…): its key for templates and its heading."""

    key: str
    title: str  # {年度} is filled from the settings


@dataclass(frozen=True)
class Catalog:
    name: str
    title: str  # the report's title; {街道} {年度} etc. are filled from the settings
    forms: dict[str, FormSpec]
    ledgers: dict[str, LedgerSpec]
    figures: dict[str, FigureSpec]
    path: Path | None = None
    parts: tuple[Part, ...] = ()  # narrative parts, filled from departments' 文字材料 sheets
    inherited: frozenset[str] = frozenset()  # figures taken from the catalog this one extends

    def part_by_title(self, title: str, year: int) -> Part | None:
        return next((p for p in self.parts if title in (p.title.format(年度=year), p.key)), None)

    def cell_figures(self, form_id: str) -> list[FigureSpec]:
        return [f for f in self.figures.values() if f.form == form_id and f.ledger is None]

    def form_ledgers(self, form_id: str) -> list[LedgerSpec]:
        return [led for led in self.ledgers.values() if led.form == form_id]

    def report_title(self, context: dict[str, str]) -> str:
        return self.title.format(**context)


def load_catalog(path: Path) -> Catalog:
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(
            f"指标目录 {path} 格式有误：{exc}", [error(f"格式有误：{exc}", file=path.name)]
        ) from None
    except (UnicodeDecodeError, OSError):
        raise CatalogError(
            f"指标目录 {path} 无法读取",
            [error("不是 UTF-8 编码的文本文件；请用记事本打开，另存为 UTF-8 编码", file=path.name)],
        ) from None
    base_name = data.get("report", {}).get("extends") if isinstance(data.get("report", {}), dict) else None
    if not base_name:
        return parse_catalog(data, path)
    # A catalog may take the forms, ledgers and figures of another template's catalog (a
    # sibling folder) and add its own; only its own figures must all be used by its template.
    base_path = path.parent.parent / base_name / "catalog.toml"
    if not base_path.is_file():  # an office's own copy of a shipped template extends the shipped base
        from .templates import bundled_template_root

        base_path = bundled_template_root() / base_name / "catalog.toml"
    if not base_path.is_file():
        raise CatalogError(f"指标目录 {path} 引用的模板“{base_name}”不存在")
    base = load_catalog(base_path)
    own = parse_catalog(data, path, forms=base.forms, ledgers=base.ledgers)
    return Catalog(
        name=own.name,
        title=own.title,
        forms=base.forms,
        ledgers=base.ledgers,
        figures={**base.figures, **own.figures},
        path=path,
        parts=own.parts or base.parts,
        inherited=frozenset(base.figures),
    )


def parse_catalog(
    data: dict[str, Any],
    path: Path | None = None,
    *,
    forms: dict[str, FormSpec] | None = None,
    ledgers: dict[str, LedgerSpec] | None = None,
) -> Catalog:
    name = path.name if path else "catalog.toml"
    try:
        return _parse_catalog(data, path, name, forms, ledgers)
    except (AttributeError, TypeError, KeyError, ValueError) as exc:  # a section of the wrong shape
        raise CatalogError(
            f"指标目录 {name} 结构有误",
            [
                error(
                    f"结构有误（{type(exc).__name__}: {exc}）；请对照工具自带的 catalog.toml 修改", file=name
                )
            ],
        ) from None


def _parse_catalog(
    data: dict[str, Any],
    path: Path | None,
    name: str,
    forms: dict[str, FormSpec] | None,
    ledgers: dict[str, LedgerSpec] | None,
) -> Catalog:
    problems: list[Problem] = []

    def bad(message: str, where: str) -> None:
        problems.append(error(message, file=name, cell=where))

    report = data.get("report", {})
    forms = dict(forms or {})
    for form_id, spec in data.get("forms", {}).items():
        if not spec.get("title") or not spec.get("department"):
            bad("表单需要 title 和 department", f"forms.{form_id}")
            continue
        forms[form_id] = FormSpec(form_id, spec["title"], spec["department"], bool(spec.get("many", False)))

    ledgers = dict(ledgers or {})
    for ledger_id, spec in data.get("ledgers", {}).items():
        where = f"ledgers.{ledger_id}"
        if spec.get("form") not in forms:
            bad(f"台账所属表单“{spec.get('form')}”未定义", where)
            continue
        columns = []
        for col in spec.get("columns", []):
            if col.get("type") not in COLUMN_TYPES:
                bad(f"列“{col.get('name')}”的类型“{col.get('type')}”无效", where)
                continue
            choices = col.get("choices", ())
            columns.append(
                Column(
                    col["name"],
                    col["type"],
                    choices if isinstance(choices, str) else tuple(choices),
                    bool(col.get("required", True)),
                    col.get("hint", ""),
                )
            )
        ledgers[ledger_id] = LedgerSpec(ledger_id, spec["form"], tuple(columns), spec.get("hint", ""))

    figures: dict[str, FigureSpec] = {}
    for i, spec in enumerate(data.get("figures", []), start=1):
        key = spec.get("key", "")
        where = f"figures 第{i}项 {key}"
        if not key or not key.isidentifier():
            bad(f"指标键“{key}”不能用作模板标签（只能用汉字、字母、数字和下划线，且不以数字开头）", where)
            continue
        if key in figures:
            bad(f"指标键“{key}”重复", where)
            continue
        ftype = spec.get("type", "count")
        if ftype not in FIGURE_TYPES:
            bad(f"类型“{ftype}”无效，可用：{'、'.join(FIGURE_TYPES)}", where)
            continue
        try:
            phrasing = Phrasing.parse(spec.get("phrase", "文本" if ftype == "text" else "精确"))
        except ValueError as exc:
            bad(str(exc), where)
            continue
        form, ledger = spec.get("form"), spec.get("ledger")
        column = spec.get("column")
        combine = spec.get("combine")
        cond: tuple[tuple[str, tuple[str, ...]], ...] = ()
        if ledger is not None:
            led = ledgers.get(ledger)
            if led is None:
                bad(f"台账“{ledger}”未定义", where)
                continue
            form = led.form
            combine = combine or "count"
            names = {c.name for c in led.columns}
            if combine == "sum" and column not in names:
                bad(f"求和的列“{column}”不在台账“{ledger}”中", where)
                continue
            raw_where = spec.get("where", {})
            missing = [c for c in raw_where if c not in names]
            if missing:
                bad(f"条件中的列“{'、'.join(missing)}”不在台账“{ledger}”中", where)
                continue
            cond = tuple((c, tuple(v) if isinstance(v, list) else (v,)) for c, v in raw_where.items())
        elif form in forms:
            combine = combine or ("sum" if forms[form].many else "cell")
            if combine == "cell" and forms[form].many:
                bad(f'表单“{form}”有多份报表，指标应写 combine = "sum"', where)
                continue
        else:
            bad(f"来源表单“{form}”未定义（需写 form 或 ledger）", where)
            continue
        if combine not in COMBINES:
            bad(f"汇总方式“{combine}”无效，可用：{'、'.join(COMBINES)}", where)
            continue
        if combine == "sum" and ftype in ("text", "percent"):
            bad("文字和百分比指标不能求和", where)
            continue
        figures[key] = FigureSpec(
            key=key,
            label=spec.get("label", key),
            unit=spec.get("unit", ""),
            type=ftype,
            phrasing=phrasing,
            combine=combine,
            form=form,
            ledger=ledger,
            column=column,
            where=cond,
            hint=spec.get("hint", ""),
            required=bool(spec.get("required", True)),
        )
    parts = []
    for i, part in enumerate(data.get("narrative", {}).get("parts", []), start=1):
        if not isinstance(part, dict) or not part.get("key") or not part.get("title"):
            bad("每个部分需要 key 和 title", f"narrative.parts 第{i}项")
            continue
        parts.append(Part(part["key"], part["title"]))
    if problems:
        raise CatalogError(f"指标目录 {name} 有误", problems)
    return Catalog(
        name=report.get("name", path.parent.name if path else ""),
        title=report.get("title", "{街道}{年度}年度报告"),
        forms=forms,
        ledgers=ledgers,
        figures=figures,
        path=path,
        parts=tuple(parts),
    )
