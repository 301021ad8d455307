"""The library behind `assembler build` and `assembler check`: inputs → figures → reports.

An office makes the reports its settings list (`[报告] 模板 = …`, the default template when
none is listed). The year folder is read once for all of them and every figure computed once;
each report then gets its narrative parts, its checks and its template. With one template
named (`--template`), only that report is made and only its forms need be right: the forms
of the office's other reports are recognised and left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .assembly import Assembly
from .catalog import Catalog, load_catalog, union
from .context import check_template
from .errors import InputProblems, OutputError, Problem, UsageError, has_errors, warning
from .figures import (
    Previous,
    compute_figures,
    review_note,
    swing_warnings,
    untrue_wordings,
    with_previous,
)
from .places import foreign_words
from .settings import Settings, load_settings
from .sources import read_inputs
from .templates import DEFAULT_TEMPLATE, TemplateDir, available_templates, find_template

__all__ = [
    "Assembly",
    "BuildResult",
    "assemble",
    "assemble_reports",
    "build",
    "build_reports",
    "check_template",
]

_YEAR = re.compile(r"^(19|20)\d\d$")


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


def assemble_reports(
    *,
    input_dir: Path | None,
    template: str | None = None,
    workdir: Path,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Assembly]:
    """Read and check the inputs for the office's reports (or the one `template` names);
    problems are collected, not raised (except unusable setups). Each report's template is
    checked against its catalog by the caller (`check_template`).

    `progress(what, done, total)` is told of each workbook read (a command shows a bar)."""
    input_dir = (input_dir or newest_year_dir(workdir)).resolve()
    if not input_dir.is_dir():
        raise UsageError(f"找不到文件夹：{input_dir}")
    year = year_of(input_dir)
    settings = load_settings(input_dir)
    office_names = office_reports(settings)
    names = [template] if template else office_names
    reports = _load(names, workdir)
    selected = union([c for _, c in reports])
    office = union(
        [c for _, c in reports] + [c for t, c in _load(office_names, workdir) if t.name not in names]
    )
    skip = (
        {f for f in office.forms if f not in selected.forms}
        | {led for led in office.ledgers if led not in selected.ledgers}
        | {key for key in office.figures if key not in selected.figures}  # rows of a shared form
    )
    inputs = read_inputs(input_dir, selected, skip=skip, progress=_told(progress, f"读取{year}年表格"))
    versions = {form: office.form_version(form) for form in selected.forms}
    figures, computed = compute_figures(
        selected, inputs.submissions, settings, year, others=inputs.others, versions=versions
    )
    previous = _previous_year(
        input_dir, workdir, selected, settings, year, _told(progress, f"读取{year - 1}年表格"), skip
    )
    shared = [
        *settings.pending,
        *required_settings(settings, reports, selected),
        *unknown_departments(settings, reports),
        *inputs.problems,
        *computed,
    ]
    if previous:
        figures = with_previous(figures, previous)
        shared += swing_warnings(figures, year)
    office_parts = {p.title.format(年度=year) for p in office.parts}
    elsewhere = _parts_elsewhere(workdir, {t.name for t, _ in reports} | set(office_names), year)
    assemblies = []
    for tdir, catalog in reports:
        own: list[Problem] = []
        assembly = Assembly(input_dir, year, settings, tdir, catalog, inputs.submissions, figures)
        if catalog.parts:
            from .narrative import compose

            mine = {p.title.format(年度=year) for p in catalog.parts}
            assembly.narrative, told = compose(
                catalog, inputs.submissions, year, settings.empty_part,
                office=office_parts - mine, elsewhere=elsewhere,
            )  # fmt: skip
            own += told
        if catalog.checks:
            from .checks import run_checks

            own += run_checks(catalog, figures)
        own += untrue_wordings(figures, catalog.figures)
        own += foreign_words(tdir.docx, tdir.name, catalog.local, settings)
        assembly.problems = [*shared, *own]
        assemblies.append(assembly)
    return assemblies


def required_settings(
    settings: Settings, reports: list[tuple[TemplateDir, Catalog]], catalog: Catalog
) -> list[Problem]:
    """The settings the reports use that are missing or still （请填写）: a report that prints
    the city needs it, one that does not may leave it out; the community list is needed by
    community forms and by ledgers whose column is a community."""
    import zipfile

    text = ""
    for tdir, _ in reports:
        try:
            with zipfile.ZipFile(tdir.docx) as z:
                text += z.read("word/document.xml").decode("utf-8", "replace")
        except (OSError, KeyError, zipfile.BadZipFile):
            continue  # a broken template is reported when it is rendered
    used = {key for key in settings.unset if re.search(r"\{\{\s*" + re.escape(key) + r"\s*[}|]", text)}
    if any(f.many for f in catalog.forms.values()) or any(
        c.choices == "社区" for led in catalog.ledgers.values() for c in led.columns
    ):
        used.add("社区")
    return [problem for key, problem in settings.unset.items() if key in used]


def unknown_departments(settings: Settings, reports: list[tuple[TemplateDir, Catalog]]) -> list[Problem]:
    """A 指标目录.xlsx's 填报部门 that the settings' department list lacks: a typo there would
    send a figure to a form no department fills."""
    from .catalogbook import COMMUNITY_DEPARTMENT, FIGURES_SHEET

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


def _previous_year(
    input_dir: Path,
    workdir: Path,
    catalog: Catalog,
    settings: Settings,
    year: int,
    progress: Callable[[int, int], None] | None = None,
    skip: set[str] | None = None,
) -> Previous:
    """Last year's values with their sources: computed from `inputs/<year-1>/` where it exists
    (its own problems are not this year's: figures it could not compute simply have no previous
    value), else read from last year's audit workbooks in `output/`. Sources name files as
    `inputs/<year-1>/…`, so a check that compares the years points at last year's cells."""
    folder = input_dir.parent / str(year - 1)
    if not folder.is_dir():
        from .provenance import values_from_audit

        return values_from_audit(workdir / "output", year - 1)
    inputs = read_inputs(folder, catalog, skip=skip, progress=progress)
    figures, _ = compute_figures(catalog, inputs.submissions, settings, year - 1)
    there = f"{folder.parent.name}/{folder.name}"
    return {
        key: (fig.value, tuple(replace(src, file=f"{there}/{src.file}") for src in fig.sources))
        for key, fig in figures.items()
    }


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


def _problems(assemblies: list[Assembly]) -> list[Problem]:
    """The problems of several reports, each once (the inputs' are every report's)."""
    return list(dict.fromkeys(p for a in assemblies for p in a.problems))


def build_reports(
    *,
    input_dir: Path | None = None,
    output: Path | None = None,
    template: str | None = None,
    force: bool = False,
    draft: bool = False,
    review: bool = False,
    pdf: bool = False,
    workdir: Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[BuildResult]:
    """Check the inputs and write the office's reports (or the one `template` names), each
    with its audit workbook (溯源表). Nothing is written unless every report can be.

    With `draft`, write them despite errors, each missing or invalid figure shown in place as
    a highlighted 【缺…】 marker. With `review`, also write copies in which every figure
    carries a Word comment naming its sources. With `pdf`, also write PDFs through LibreOffice.
    """
    from . import outputs
    from .package import set_properties
    from .provenance import audit_workbook
    from .render import TracedParagraph, render_docx

    workdir = (workdir or Path.cwd()).resolve()
    assemblies = assemble_reports(input_dir=input_dir, template=template, workdir=workdir, progress=progress)
    problems = _problems(assemblies)
    into_folder = output is not None and _is_folder(output)
    if output is not None and len(assemblies) > 1 and not into_folder:
        raise UsageError(
            f"本单位要生成{len(assemblies)}份报告，-o 请写一个文件夹（或用 --template 只生成一份）"
        )
    targets = []
    for assembly in assemblies:
        if output is not None and into_folder:
            target = output / default_output(workdir, assembly, draft=draft).name
        else:
            target = output or default_output(workdir, assembly, draft=draft)
        targets.append(target)
    wanted = {"audit": True, "review": review, "pdf": pdf}
    files = [*targets, *(path for t in targets for kind, path in companions(t).items() if wanted[kind])]
    outputs.OutputSet.preflight(files, force=force, new=targets)
    if pdf:
        from .pdf import INSTALL_HINT, find_soffice

        if find_soffice() is None:
            raise OutputError(INSTALL_HINT)
    if has_errors(problems) and not draft:
        for assembly in assemblies:  # a template at odds is the first cause
            check_template(assembly.template, assembly.catalog)
        raise InputProblems("输入有错误，未生成报告", problems)

    documents = []
    for assembly in assemblies:

        def check_tags(tags: set[str], assembly: Assembly = assembly) -> None:
            check_template(assembly.template, assembly.catalog, tags)

        told: list[Problem] = []
        traced: list[TracedParagraph] = []
        document = render_docx(
            assembly.template.docx, assembly.context(draft=draft), check_tags=check_tags, told=told,
            traced=traced, isolate=draft,
        )  # fmt: skip
        problems += [p for p in told if p not in problems]
        set_properties(document, title=assembly.title(), author=assembly.settings.signer)
        documents.append((document, traced))
    with outputs.OutputSet() as out:  # every file of every report, or none
        staged = []
        for assembly, target, (document, traced) in zip(assemblies, targets, documents, strict=True):
            extra = companions(target)  # regenerated with the report they describe
            staged.append(out.stage(target, document.save, verify=outputs.verify_document, backup=True))
            audit = audit_workbook(assembly, target.name, traced)
            out.stage(extra["audit"], audit.save, verify=outputs.verify_workbook)
            if review:
                notes = {key: review_note(fig, assembly.year) for key, fig in assembly.figures.items()}
                copy = render_docx(
                    assembly.template.docx, assembly.context(draft=draft), comments=notes, isolate=True
                )
                set_properties(copy, title=assembly.title(), author=assembly.settings.signer)
                out.stage(extra["review"], copy.save)
        if pdf:
            _stage_pdfs(out, list(zip(staged, targets, strict=True)))
        backups = out.commit()
    return [
        BuildResult(
            target,
            assembly.workbooks,
            assembly.figure_count,
            tuple(problems),
            backups.get(target),
            tuple(assembly.missing) if draft else (),
            companions(target)["audit"],
            companions(target)["review"] if review else None,
            companions(target)["pdf"] if pdf else None,
        )
        for assembly, target in zip(assemblies, targets, strict=True)
    ]


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long to be anything: told where the report is written
        return False


def _stage_pdfs(out: Any, reports: list[tuple[Path, Path]]) -> None:
    """PDFs of the staged reports (LibreOffice, one run), staged beside the reports' targets."""
    import shutil
    import tempfile

    from .pdf import to_pdfs

    with tempfile.TemporaryDirectory(prefix="assembler-pdf-") as tmp:
        made = to_pdfs([(docx, Path(tmp) / f"{i}.pdf") for i, (docx, _) in enumerate(reports)])
        for pdf, (_, target) in zip(made, reports, strict=True):
            out.stage(companions(target)["pdf"], lambda path, pdf=pdf: shutil.copyfile(pdf, path))


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
    """`build_reports` for one report: the default template, or the one named."""
    return build_reports(
        input_dir=input_dir,
        output=output,
        template=template,
        force=force,
        draft=draft,
        review=review,
        pdf=pdf,
        workdir=workdir,
        progress=progress,
    )[0]


def check_inputs(
    *,
    input_dir: Path | None = None,
    template: str | None = None,
    workdir: Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Problem]:
    """Every problem in the inputs of the office's reports (or of `template`), writing nothing."""
    workdir = (workdir or Path.cwd()).resolve()
    try:
        assemblies = assemble_reports(
            input_dir=input_dir, template=template, workdir=workdir, progress=progress
        )
        for assembly in assemblies:
            check_template(assembly.template, assembly.catalog)
        return _problems(assemblies)
    except InputProblems as exc:  # e.g. broken settings: nothing more can be read
        return list(exc.problems)
