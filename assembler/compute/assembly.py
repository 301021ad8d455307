"""The office's reports for one year, read, checked and computed: the pipeline's middle.

An office makes the reports its settings list (`[报告] 模板 = …`, the default template when
none is listed). `assemble_reports` goes through the steps in the order data flows:

1. `load_office`: the year folder, the settings, the catalogs of the reports to make (all, or
   the one `--template` names) and of the office's other reports;
2. `reading.workbooks.read_inputs`: every workbook of the folder, read once for all the
   reports (the other reports' forms and rows recognised and left alone);
3. `compute.submissions.check_submissions`: who sent what — another year's or office's forms,
   forms made before a catalog change, copies and missing forms — leaving the accepted ones;
4. `compute.figures.compute_figures`: every figure, once, with its sources; last year's values
   beside them (`previous_year`, from last year's folder or 溯源表);
5. for each report, an `Assembly`: the figures through its catalog, its narrative parts, its
   checks, and what its wording and its words of other places give to tell.

Problems are collected, never raised at the first one (an unusable setup raises).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from assembler.compute.checks import run_checks
from assembler.compute.figures import Figure, compute_figures, swing_warnings, untrue_wordings, with_previous
from assembler.compute.narrative import Narrative, compose
from assembler.compute.places import foreign_form_words, foreign_words
from assembler.compute.submissions import Accepted, check_submissions
from assembler.model.catalog import Catalog, union
from assembler.model.errors import CatalogError, Problem, UsageError, warning
from assembler.model.settings import DEFAULT_TEMPLATE, Settings, load_settings
from assembler.model.sources import Previous
from assembler.reading.audits import values_from_audit
from assembler.reading.catalogbook import COMMUNITY_DEPARTMENT, FIGURES_SHEET
from assembler.reading.catalogs import load_catalog
from assembler.reading.templates import TemplateDir, available_templates, find_template, template_tags
from assembler.reading.workbooks import read_inputs


@dataclass
class Assembly:
    """One report ready to write: its office, template and catalog, the year's figures, its
    narrative, and every problem the inputs and the report have."""

    input_dir: Path
    year: int
    settings: Settings
    template: TemplateDir
    catalog: Catalog  # the report's own catalog
    # The workbooks read. The submissions themselves are not kept: what the report needs of
    # them is in its figures, their sources and the narrative, and a district's 100,000-row
    # ledger is then freed before the report and its 溯源表 are written.
    workbooks: int = 0
    figures: dict[str, Figure] = field(default_factory=dict)  # every figure of the office's inputs
    problems: list[Problem] = field(default_factory=list)  # the inputs' and this report's
    narrative: Narrative = field(default_factory=Narrative)

    @property
    def figure_count(self) -> int:
        return sum(1 for key in self.catalog.figures if key in self.figures)

    @property
    def missing(self) -> list[str]:
        return [spec.label for key, spec in self.catalog.figures.items() if key not in self.figures]

    def title(self) -> str:
        return self.catalog.report_title(self.settings.context(self.year))


_YEAR = re.compile(r"^(19|20)\d\d$")


def newest_year_dir(workdir: Path) -> Path:
    inputs = workdir / "inputs"
    years = (
        sorted(p for p in inputs.glob("*") if p.is_dir() and _YEAR.match(p.name)) if inputs.is_dir() else []
    )
    if not years:
        raise UsageError(
            f"在 {inputs} 下找不到年度文件夹（如 inputs/2024）；请把各部门的表格放入年度文件夹，"
            "或在命令后写明文件夹路径"
        )
    return years[-1]


def year_of(input_dir: Path) -> int:
    if not _YEAR.match(input_dir.name):
        raise UsageError(
            f"文件夹名“{input_dir.name}”不是年度（应为四位年份，如 2024）；请把表格放在 inputs/2024 这样的文件夹里"
        )
    return int(input_dir.name)


def office_reports(settings: Settings) -> list[str]:
    """The reports the office makes, as its settings list them."""
    return list(settings.reports) or [DEFAULT_TEMPLATE]


def _load(names: list[str], workdir: Path) -> list[tuple[TemplateDir, Catalog]]:
    loaded = []
    for name in dict.fromkeys(names):
        tdir = find_template(name, workdir)
        loaded.append((tdir, load_catalog(tdir.catalog)))
    return loaded


def _parts_elsewhere(workdir: Path, office: set[str], year: int) -> dict[str, str]:
    """The narrative parts of the templates the office does not make: title → template."""
    found: dict[str, str] = {}
    for name in available_templates(workdir):
        if name in office:
            continue
        try:
            catalog = load_catalog(find_template(name, workdir).catalog)
        except Exception:  # a broken template the office does not use is no concern here
            continue
        found.update((p.title.format(年度=year), name) for p in catalog.parts)
    return found


@dataclass(frozen=True)
class Office:
    """What a build is for: the year folder, the settings, the reports to make (template and
    catalog) and the office's catalog, all its reports' forms, ledgers and figures together."""

    input_dir: Path
    year: int
    settings: Settings
    reports: list[tuple[TemplateDir, Catalog]]
    selected: Catalog  # the reports to make, together
    office: Catalog  # every report the office makes, together
    names: tuple[str, ...]  # the office's reports

    @property
    def skip(self) -> set[str]:
        """The forms, ledgers and figure codes of the office's other reports (left alone)."""
        mine, all_ = self.selected, self.office
        return (
            {f for f in all_.forms if f not in mine.forms}
            | {led for led in all_.ledgers if led not in mine.ledgers}
            | {key for key in all_.figures if key not in mine.figures}  # rows of a shared form
        )

    @property
    def versions(self) -> dict[str, str]:
        """The 表格版本 each form's blank form has now (made from the office's catalog)."""
        return {form: self.office.form_version(form) for form in self.selected.forms}


def load_office(*, input_dir: Path | None, template: str | None, workdir: Path) -> Office:
    """Step 1: the year folder (the newest under inputs/ unless named), its settings and catalogs."""
    if input_dir is not None and len(input_dir.parts) == 1 and not input_dir.is_dir():
        under_inputs = workdir / "inputs" / input_dir  # `build 2024`: the year's folder under inputs/
        input_dir = under_inputs if under_inputs.is_dir() else input_dir
    input_dir = (input_dir or newest_year_dir(workdir)).resolve()
    if not input_dir.is_dir():
        years = sorted(p.name for p in (workdir / "inputs").glob("[0-9][0-9][0-9][0-9]") if p.is_dir())
        hint = f"；年度文件夹在 inputs 下：{'、'.join(f'inputs/{y}' for y in years)}" if years else ""
        raise UsageError(f"找不到文件夹：{input_dir}{hint}")
    year = year_of(input_dir)
    settings = load_settings(input_dir)
    office_names = office_reports(settings)
    names = [template] if template else office_names
    reports = _load(names, workdir)
    others = [c for t, c in _load(office_names, workdir) if t.name not in names]
    return Office(
        input_dir, year, settings, reports, union([c for _, c in reports]),
        union([c for _, c in reports] + others), tuple(office_names),
    )  # fmt: skip


def assemble_reports(
    *,
    input_dir: Path | None,
    template: str | None = None,
    workdir: Path,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Assembly]:
    """Read, check and compute the office's reports (or the one `template` names): the steps
    of the module's docstring. Each report's template is held to its catalog by the caller
    (`context.check_template`). `progress(what, done, total)` is told of each workbook read."""
    office = load_office(input_dir=input_dir, template=template, workdir=workdir)
    year, settings, selected = office.year, office.settings, office.selected
    inputs = read_inputs(
        office.input_dir, selected, skip=office.skip, progress=_told(progress, f"读取{year}年表格")
    )
    accepted = check_submissions(
        selected, inputs.submissions, settings, year, others=inputs.others, versions=office.versions
    )
    figures, computed = compute_figures(selected, accepted, settings, year)
    previous = previous_year(office, workdir, _told(progress, f"读取{year - 1}年表格"))
    shared = [
        *settings.pending,
        *required_settings(settings, office.reports, selected),
        *unknown_departments(settings, office.reports),
        *inputs.problems,
        *accepted.problems,
        *computed,
    ]
    if previous:
        figures = with_previous(figures, previous)
        shared += swing_warnings(figures, year)
    return [
        _assembly(office, tdir, catalog, accepted, figures, shared, workdir)
        for tdir, catalog in office.reports
    ]


def _assembly(
    office: Office,
    tdir: TemplateDir,
    catalog: Catalog,
    accepted: Accepted,
    figures: dict[str, Figure],
    shared: list[Problem],
    workdir: Path,
) -> Assembly:
    """Step 5: one report — its narrative parts, its checks, what its wording and words tell."""
    year, settings = office.year, office.settings
    own: list[Problem] = []
    workbooks = len({s.file for s in accepted.submissions})
    assembly = Assembly(office.input_dir, year, settings, tdir, catalog, workbooks, figures)
    if catalog.parts:
        mine = {p.title.format(年度=year) for p in catalog.parts}
        theirs = {p.title.format(年度=year) for p in office.office.parts} - mine
        elsewhere = _parts_elsewhere(workdir, {t.name for t, _ in office.reports} | set(office.names), year)
        assembly.narrative, told = compose(
            catalog, accepted.submissions, year, settings.empty_part, office=theirs, elsewhere=elsewhere
        )
        own += told
    if catalog.checks:
        own += run_checks(catalog, figures)
    own += untrue_wordings(figures, catalog.figures)
    own += foreign_words(tdir.docx, tdir.name, catalog.local, settings)
    own += foreign_form_words(catalog, tdir.name, settings)
    assembly.problems = [*shared, *own]
    return assembly


def required_settings(
    settings: Settings, reports: list[tuple[TemplateDir, Catalog]], catalog: Catalog
) -> list[Problem]:
    """The settings the reports use that are missing or still （请填写）: a report whose template
    has the city among its tags (`template_tags`) needs it, one that does not may leave it out;
    the community list is needed by community forms and by ledgers whose column is a community."""
    used: set[str] = set()
    if settings.unset:  # the templates are read only for a setting they might need
        for tdir, _ in reports:
            try:
                used |= template_tags(tdir.docx) & set(settings.unset)
            except CatalogError:
                continue  # a broken template is reported when it is rendered
    if any(f.many for f in catalog.forms.values()) or any(
        c.choices == "社区" for led in catalog.ledgers.values() for c in led.columns
    ):
        used.add("社区")
    return [problem for key, problem in settings.unset.items() if key in used]


def unknown_departments(settings: Settings, reports: list[tuple[TemplateDir, Catalog]]) -> list[Problem]:
    """A 指标目录.xlsx's 填报部门 that the settings' department list lacks: a typo there would
    send a figure to a form no department fills."""

    if not settings.departments:
        return []
    problems = []
    for tdir, catalog in reports:
        if tdir.catalog.suffix.lower() != ".xlsx":
            continue
        for form in catalog.forms.values():
            if (
                form.many
                or form.department in settings.departments
                or form.department == COMMUNITY_DEPARTMENT
            ):
                continue
            figures = [f for f in catalog.figures.values() if f.form == form.id]
            problems.append(
                warning(
                    f"填报部门“{form.department}”（{'、'.join(f.label for f in figures)}）不在单位设置的"
                    "“部门”名单中；如是新部门，请在单位设置.ini 的“部门”中加上；如是笔误，请在指标目录中改选",
                    file=f"{tdir.name}/{tdir.catalog.name}",
                    sheet=FIGURES_SHEET,
                    cell=catalog.department_cells.get(figures[0].key, "") if figures else "",
                )
            )
    return problems


def assemble(
    *,
    input_dir: Path | None,
    template: str = DEFAULT_TEMPLATE,
    workdir: Path,
    progress: Callable[[str, int, int], None] | None = None,
) -> Assembly:
    """`assemble_reports` for one report."""
    return assemble_reports(input_dir=input_dir, template=template, workdir=workdir, progress=progress)[0]


def _told(progress: Callable[[str, int, int], None] | None, what: str) -> Callable[[int, int], None] | None:
    return None if progress is None else lambda done, total: progress(what, done, total)


def previous_year(
    office: Office, workdir: Path, progress: Callable[[int, int], None] | None = None
) -> Previous:
    """Step 4's last year: each figure's value with its sources, computed from `inputs/<year-1>/`
    where it exists (its own problems are not this year's: a figure it could not compute simply
    has no previous value), else read from last year's 溯源表 in `output/`. Sources name files as
    `inputs/<year-1>/…`, so a check comparing the years points at last year's cells."""
    year, folder = office.year - 1, office.input_dir.parent / str(office.year - 1)
    if not folder.is_dir():
        return values_from_audit(workdir / "output", year)
    inputs = read_inputs(folder, office.selected, skip=office.skip, progress=progress)
    accepted = check_submissions(office.selected, inputs.submissions, office.settings, year)
    figures, _ = compute_figures(office.selected, accepted, office.settings, year)
    there = f"{folder.parent.name}/{folder.name}"
    return {
        key: (fig.value, tuple(replace(src, file=f"{there}/{src.file}") for src in fig.sources))
        for key, fig in figures.items()
    }


def problems_of(assemblies: list[Assembly]) -> list[Problem]:
    """The problems of several reports, each once (the inputs' are every report's)."""
    return list(dict.fromkeys(p for a in assemblies for p in a.problems))
