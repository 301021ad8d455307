"""The library behind `assembler build` and `assembler check`: inputs → figures → report."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import Catalog, load_catalog
from .errors import CatalogError, InputProblems, OutputError, Problem, UsageError, error, has_errors
from .figures import (
    Figure,
    Marked,
    Missing,
    Value,
    compute_figures,
    review_note,
    swing_warnings,
    with_previous,
)
from .narrative import compose
from .settings import NARRATIVE_TAG, SETTING_TAGS, Settings, load_settings
from .sources import Submission, read_inputs
from .templates import DEFAULT_TEMPLATE, TemplateDir, find_template

_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass
class Assembly:
    """Everything read and computed for one year of one office."""

    input_dir: Path
    year: int
    settings: Settings
    template: TemplateDir
    catalog: Catalog
    submissions: list[Submission] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    narrative: list[dict[str, object]] = field(default_factory=list)

    @property
    def workbooks(self) -> int:
        return len({s.file for s in self.submissions})

    def context(self, *, draft: bool = False, review: bool = False) -> dict[str, object]:
        figures: dict[str, object] = (
            {k: Marked(f) for k, f in self.figures.items()} if review else dict(self.figures)
        )
        if draft:
            for key, spec in self.catalog.figures.items():
                figures.setdefault(key, Missing(spec))
        narrative = {NARRATIVE_TAG: self.narrative} if self.catalog.parts else {}
        return {**self.settings.context(self.year), **figures, **narrative}

    @property
    def missing(self) -> list[str]:
        return [spec.label for key, spec in self.catalog.figures.items() if key not in self.figures]

    def title(self) -> str:
        return self.catalog.report_title(self.settings.context(self.year))


@dataclass(frozen=True)
class BuildResult:
    report: Path
    workbooks: int
    figures: int
    problems: tuple[Problem, ...]
    backup: Path | None = None
    gaps: tuple[str, ...] = ()
    audit: Path | None = None
    review: Path | None = None
    pdf: Path | None = None


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


def check_template(template: TemplateDir, catalog: Catalog, tags: set[str] | None = None) -> None:
    """Every template tag (`tags`, or read from the template) is a catalog figure or a setting,
    and every figure is used."""
    if tags is None:
        from .render import template_tags

        tags = template_tags(template.docx)
    known = set(catalog.figures) | set(SETTING_TAGS) | ({NARRATIVE_TAG} if catalog.parts else set())
    problems = [
        error(f"模板标签“{{{{ {tag} }}}}”在指标目录中没有定义", file=template.docx.name)
        for tag in sorted(tags - known)
    ] + [
        error(
            f"指标“{key}”在模板中没有用到；请在模板中使用它，或从指标目录中删除",
            file=catalog.path.name if catalog.path else "",
        )
        for key in catalog.figures
        if key not in tags and key not in catalog.inherited
    ]
    if problems:
        raise CatalogError(f"模板“{template.name}”与指标目录不一致", problems)


def assemble(
    *,
    input_dir: Path | None,
    template: str = DEFAULT_TEMPLATE,
    workdir: Path,
    progress: Callable[[str, int, int], None] | None = None,
) -> Assembly:
    """Read and check the inputs; problems are collected, not raised (except unusable setups).
    The template is checked against the catalog by the caller (`check_template`).

    `progress(what, done, total)` is told of each workbook read (a command shows a bar)."""
    input_dir = (input_dir or newest_year_dir(workdir)).resolve()
    if not input_dir.is_dir():
        raise UsageError(f"找不到文件夹：{input_dir}")
    year = year_of(input_dir)
    tdir = find_template(template, workdir)
    catalog = load_catalog(tdir.catalog)
    settings = load_settings(input_dir)
    inputs = read_inputs(input_dir, catalog, progress=_told(progress, f"读取{year}年表格"))
    submissions = inputs.submissions
    problems = [*settings.pending, *inputs.problems]
    figures, more = compute_figures(catalog, submissions, settings, year, others=inputs.others)
    previous = _previous_year(
        input_dir, workdir, catalog, settings, year, _told(progress, f"读取{year - 1}年表格")
    )
    if previous:
        figures = with_previous(figures, previous)
        more += swing_warnings(figures, year)
    narrative: list[dict[str, object]] = []
    if catalog.parts:
        narrative, text_problems = compose(catalog, submissions, year, settings.empty_part)
        more += text_problems
    return Assembly(
        input_dir, year, settings, tdir, catalog, submissions, figures, problems + more, narrative
    )


def _told(progress: Callable[[str, int, int], None] | None, what: str) -> Callable[[int, int], None] | None:
    return None if progress is None else lambda done, total: progress(what, done, total)


def _previous_year(
    input_dir: Path,
    workdir: Path,
    catalog: Catalog,
    settings: Settings,
    year: int,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Value]:
    """Last year's values: computed from `inputs/<year-1>/` where it exists (its own problems
    are not this year's: figures it could not compute simply have no previous value), else
    read from last year's audit workbook in `output/`."""
    folder = input_dir.parent / str(year - 1)
    if not folder.is_dir():
        from .provenance import values_from_audit

        return values_from_audit(workdir / "output", year - 1)
    inputs = read_inputs(folder, catalog, progress=progress)
    figures, _ = compute_figures(catalog, inputs.submissions, settings, year - 1)
    return {key: fig.value for key, fig in figures.items()}


def default_output(workdir: Path, assembly: Assembly, *, draft: bool = False) -> Path:
    from .render import safe_file_name

    suffix = "（草稿）" if draft else ""
    return workdir / "output" / f"{safe_file_name(assembly.title())}{suffix}.docx"


def companions(report: Path) -> dict[str, Path]:
    """The files written beside a report."""
    return {
        "audit": report.with_name(f"{report.stem}溯源表.xlsx"),
        "review": report.with_name(f"{report.stem}（审阅版）.docx"),
        "pdf": report.with_suffix(".pdf"),
    }


def build(
    *,
    input_dir: Path | None = None,
    output: Path | None = None,
    template: str = DEFAULT_TEMPLATE,
    force: bool = False,
    draft: bool = False,
    review: bool = False,
    pdf: bool = False,
    workdir: Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> BuildResult:
    """Check the inputs and write the report with its audit workbook (溯源表).

    With `draft`, write it despite errors, each missing or invalid figure shown in place as a
    highlighted 【缺：…】 marker. With `review`, also write a copy in which every figure carries a
    Word comment naming its sources. With `pdf`, also write a PDF through LibreOffice.
    """
    from .package import set_properties
    from .provenance import audit_workbook
    from .render import check_writable, render_docx, save_atomically, verify_workbook

    workdir = (workdir or Path.cwd()).resolve()
    assembly = assemble(input_dir=input_dir, template=template, workdir=workdir, progress=progress)
    if output is not None and output.is_dir():
        output = output / default_output(workdir, assembly, draft=draft).name
    target = output or default_output(workdir, assembly, draft=draft)
    extra = companions(target)  # regenerated with the report they describe
    check_writable(target, force=force)
    if pdf:
        from .pdf import INSTALL_HINT, find_soffice

        if find_soffice() is None:
            raise OutputError(INSTALL_HINT)
    if has_errors(assembly.problems) and not draft:
        check_template(assembly.template, assembly.catalog)  # a template at odds is the first cause
        raise InputProblems("输入有错误，未生成报告", assembly.problems)

    def check_tags(tags: set[str]) -> None:
        check_template(assembly.template, assembly.catalog, tags)

    document = render_docx(assembly.template.docx, assembly.context(draft=draft), check_tags=check_tags)
    properties = {"title": assembly.title(), "author": assembly.settings.signer, "when": None}
    set_properties(document, **properties)
    backup = save_atomically(document, target, force=force)
    save_atomically(audit_workbook(assembly, target.name), extra["audit"], force=True, verify=verify_workbook)
    review_path = pdf_path = None
    if review:
        notes = {key: review_note(fig, assembly.year) for key, fig in assembly.figures.items()}
        copy = render_docx(assembly.template.docx, assembly.context(draft=draft, review=True), comments=notes)
        set_properties(copy, **properties)
        review_path = extra["review"]
        save_atomically(copy, review_path, force=True)
    if pdf:
        from .pdf import to_pdf

        pdf_path = to_pdf(target, extra["pdf"])
    return BuildResult(
        target,
        assembly.workbooks,
        len(assembly.figures),
        tuple(assembly.problems),
        backup,
        tuple(assembly.missing) if draft else (),
        extra["audit"],
        review_path,
        pdf_path,
    )


def check_inputs(
    *,
    input_dir: Path | None = None,
    template: str = DEFAULT_TEMPLATE,
    workdir: Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Problem]:
    """Every problem in the inputs, without writing anything."""
    workdir = (workdir or Path.cwd()).resolve()
    try:
        assembly = assemble(input_dir=input_dir, template=template, workdir=workdir, progress=progress)
        check_template(assembly.template, assembly.catalog)
        return assembly.problems
    except InputProblems as exc:  # e.g. broken settings: nothing more can be read
        return list(exc.problems)
