"""The library behind `assembler build` and `assembler check`: inputs → figures → reports.

An office makes the reports its settings list (`[报告] 模板 = …`, the default template when
none is listed). The year folder is read once for all of them and every figure computed once;
each report then gets its narrative parts, its checks and its template. With one template
named (`--template`), only that report is made and only its forms need be right: the forms
of the office's other reports are recognised and left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assembler.commands.lint import tag_errors
from assembler.compute.assembly import Assembly, assemble_reports, problems_of
from assembler.compute.context import check_template, render_context
from assembler.compute.figures import (
    review_note,
)
from assembler.model.errors import (
    CatalogError,
    InputProblems,
    OutputError,
    Problem,
    UsageError,
    has_errors,
    warning,
)
from assembler.model.settings import DEFAULT_TEMPLATE
from assembler.reading.libreoffice import find_soffice
from assembler.reading.templates import BRACES, BRACES_HINT
from assembler.writing import outputs
from assembler.writing.audit import audit_workbook
from assembler.writing.package import set_properties
from assembler.writing.pdf import INSTALL_HINT, to_pdfs
from assembler.writing.render import TracedParagraph, render_docx, safe_file_name
from assembler.writing.webpage import fragment_path, page_files


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote for one report: the files, the workbooks read, the figures, the problems."""

    report: Path
    workbooks: int
    figures: int
    problems: tuple[Problem, ...]
    backup: Path | None = None
    gaps: tuple[str, ...] = ()
    audit: Path | None = None
    review: Path | None = None
    pdf: Path | None = None
    html: Path | None = None


def default_output(workdir: Path, assembly: Assembly, *, draft: bool = False) -> Path:

    suffix = "（草稿）" if draft else ""
    return workdir / "output" / f"{safe_file_name(assembly.title())}{suffix}.docx"


def companions(report: Path) -> dict[str, Path]:
    """The files written beside a report."""
    return {
        "audit": report.with_name(f"{report.stem}溯源表.xlsx"),
        "review": report.with_name(f"{report.stem}（审阅版）.docx"),
        "pdf": report.with_suffix(".pdf"),
        "html": report.with_suffix(".html"),
        "fragment": fragment_path(report.with_suffix(".html")),
    }


def build_reports(
    *,
    input_dir: Path | None = None,
    output: Path | None = None,
    template: str | None = None,
    force: bool = False,
    draft: bool = False,
    review: bool = False,
    pdf: bool = False,
    html: bool = False,
    workdir: Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[BuildResult]:
    """Check the inputs and write the office's reports (or the one `template` names), each
    with its audit workbook (溯源表). Nothing is written unless every report can be.

    With `draft`, write them despite errors, each missing or invalid figure shown in place as
    a highlighted 【缺…】 marker. With `review`, also write copies in which every figure
    carries a Word comment naming its sources. With `pdf`, also write PDFs through LibreOffice;
    with `html`, web pages for the portal (`writing.webpage`): the page and its body to paste.
    """

    workdir = (workdir or Path.cwd()).resolve()
    assemblies = assemble_reports(input_dir=input_dir, template=template, workdir=workdir, progress=progress)
    problems = problems_of(assemblies)
    targets = _targets(assemblies, output, workdir, draft=draft)
    wanted = {"audit": True, "review": review, "pdf": pdf, "html": html, "fragment": html}
    files = [*targets, *(path for t in targets for kind, path in companions(t).items() if wanted[kind])]
    if has_errors(problems) and not draft:  # told first: a report already there changes nothing
        for assembly in assemblies:  # a template at odds is the first cause
            check_template(assembly.template, assembly.catalog)
        raise InputProblems("输入有错误，未生成报告", problems)
    outputs.OutputSet.preflight(files, force=force, new=targets)
    if pdf and find_soffice() is None:
        raise OutputError(INSTALL_HINT)
    documents = []
    for assembly in assemblies:
        document, traced, told = _render_report(assembly, draft=draft)
        problems += [p for p in told if p not in problems]
        documents.append((document, traced))
    backups = _write_reports(assemblies, targets, documents, draft=draft, review=review, pdf=pdf, html=html)
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
            companions(target)["html"] if html else None,
        )
        for assembly, target in zip(assemblies, targets, strict=True)
    ]


def _targets(assemblies: list[Assembly], output: Path | None, workdir: Path, *, draft: bool) -> list[Path]:
    """Where each report is written: `output` (a file for one report, or a folder), else
    `output/` of the working folder, each under its title."""
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
    return targets


def _render_report(assembly: Assembly, *, draft: bool) -> tuple[Any, list[TracedParagraph], list[Problem]]:
    """The report rendered (not yet saved), held to its catalog by the tags the render parsed;
    what each paragraph is made of; what its wordings told."""

    def check_tags(tags: set[str]) -> None:
        check_template(assembly.template, assembly.catalog, tags)

    told: list[Problem] = []
    traced: list[TracedParagraph] = []
    try:
        document = render_docx(
            assembly.template.docx, render_context(assembly, draft=draft), check_tags=check_tags, told=told,
            traced=traced, isolate=draft,
        )  # fmt: skip
    except CatalogError as exc:
        raise _located(exc, assembly) from None
    told += _stray_braces(traced, assembly.template.name)
    set_properties(document, title=assembly.title(), author=assembly.settings.signer)
    return document, traced, told


def _stray_braces(traced: list[TracedParagraph], report: str) -> list[Problem]:
    """A brace the template's own words left in the report (`{{ 街道 }}}`, ｛｛ 街道 ｝｝)."""
    found = []
    for paragraph in traced:
        words = "".join(text for text, kind, _ in paragraph.pieces if not kind)
        if any(brace in words for brace in BRACES):
            shown = paragraph.text if len(paragraph.text) <= 20 else paragraph.text[:20] + "…"
            found.append(
                warning(f"《{report}》第{paragraph.number}段“{shown}”中有花括号，多半是模板的标签写错了（{BRACES_HINT}）；"
                        "请用 assembler lint 检查模板")
            )  # fmt: skip
    return found


def _located(exc: CatalogError, assembly: Assembly) -> CatalogError:
    """A render stopped by the template, told as `lint` tells it: each wrong tag at its
    paragraph, in words (the template engine's own message is English, and has no place)."""
    if exc.problems:
        return exc
    found = tag_errors(assembly.template.docx, assembly.catalog)
    if not found:
        return exc
    name = assembly.template.name
    return CatalogError(f"模板 {name} 有写错的标签，未生成报告；改正后可用 assembler lint {name} 复查", found)


def _write_reports(
    assemblies: list[Assembly],
    targets: list[Path],
    documents: list[tuple[Any, list[TracedParagraph]]],
    *,
    draft: bool,
    review: bool,
    pdf: bool,
    html: bool,
) -> dict[Path, Path]:
    """Every file of every report, or none: each report with its 溯源表, and its review copy,
    PDF and web page where asked. The backups made of files replaced, by target."""
    with outputs.OutputSet() as out:
        staged = []
        for assembly, target, (document, traced) in zip(assemblies, targets, documents, strict=True):
            extra = companions(target)  # regenerated with the report they describe
            staged.append(out.stage(target, document.save, verify=outputs.verify_document, backup=True))
            audit = audit_workbook(assembly, target.name, traced)
            out.stage(extra["audit"], audit.save, verify=outputs.verify_workbook)
            if review:
                out.stage(extra["review"], _review_copy(assembly, draft=draft).save)
            if html:  # the page for the portal, and its body to paste into the portal's editor
                for page, data in page_files(document, extra["html"], title=assembly.title()).items():
                    out.stage(page, lambda path, data=data: path.write_bytes(data))
        if pdf:
            _stage_pdfs(out, list(zip(staged, targets, strict=True)))
        return out.commit()


def _review_copy(assembly: Assembly, *, draft: bool) -> Any:
    """The report again, every figure carrying a Word comment naming its sources."""
    notes = {key: review_note(fig, assembly.year) for key, fig in assembly.figures.items()}
    copy = render_docx(
        assembly.template.docx,
        render_context(assembly, draft=draft),
        comments=notes,
        isolate=True,
    )
    set_properties(copy, title=assembly.title(), author=assembly.settings.signer)
    return copy


# Names a clerk may give -o that are documents of another kind: the report is always a .docx.
OTHER_DOCUMENTS = (
    ".doc",
    ".wps",
    ".wpt",
    ".dot",
    ".dotx",
    ".docm",
    ".rtf",
    ".odt",
    ".pdf",
    ".txt",
    ".html",
    ".htm",
)


def _is_folder(path: Path) -> bool:
    """Whether `-o` names a folder: one that exists, or any name not ending in .docx (made when
    the reports are written). A name of another kind of document, or a file that is there and
    is not a .docx, is refused: a report saved as "报告" or "报告.doc" would not open in Word."""
    try:
        if path.is_dir():
            return True
        exists = path.exists()
    except OSError:  # a name too long to be anything: told where the report is written
        return False
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return False
    if suffix in OTHER_DOCUMENTS or exists:
        raise UsageError(
            f"-o {path}：报告只能保存为 Word 文档（.docx）；请写以 .docx 结尾的文件名，或写一个文件夹"
        )
    return True


def _stage_pdfs(out: Any, reports: list[tuple[Path, Path]]) -> None:
    """PDFs of the staged reports (LibreOffice, one run), staged beside the reports' targets."""
    import shutil
    import tempfile

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
    html: bool = False,
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
        html=html,
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
        return problems_of(assemblies)
    except InputProblems as exc:  # e.g. broken settings: nothing more can be read
        return list(exc.problems)
