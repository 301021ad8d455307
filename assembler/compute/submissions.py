"""Who sent what: every submission checked before any of its figures is read.

A form says whom and when it is for (年度, 单位, and 填报社区 on a community's form): one of
another year or office is turned away with the cell named. A form made from another version
of the catalog (codes missing and unknown) says so in one line. Then every form the catalog
needs must be there, once: a missing one is named (with the file of another kind that is
probably it: `找到“综合执法.csv”，请…`), a doubled community form too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from assembler.model.catalog import Catalog
from assembler.model.cells import Unreadable, is_empty, shown
from assembler.model.errors import Problem, error, warning
from assembler.model.settings import Settings
from assembler.reading.workbooks import OFFICE_LABEL, SUBMITTER_LABEL, YEAR_LABEL, Submission, same_label


def _check_identity(s: Submission, settings: Settings, year: int) -> Problem | None:
    """A form says whom and when it is for; a form of another year or office is no source of
    figures (a department that sends last year's form must not fill this year's report)."""
    where = {"file": s.file, "sheet": s.sheet}
    if s.year_cell is None:
        return error(
            f"表头中找不到“{YEAR_LABEL}”，无法确认是哪一年的表格；请使用 assembler forms 生成的{year}年表格",
            **where,
        )
    raw = s.year_cell.raw
    if isinstance(raw, Unreadable):
        return error(f"{YEAR_LABEL}：{raw.message}", **s.year_cell.at.where())
    if is_empty(raw):
        return error(f"未填写“{YEAR_LABEL}”；请填写 {year}", **s.year_cell.at.where())
    stated = _stated_year(raw)
    if stated is None:
        return error(
            f"{YEAR_LABEL}“{shown(raw)}”不是年份；请填写 {year}",
            **s.year_cell.at.where(),
        )
    if stated != year:
        return error(
            f"年度为{stated}，本文件夹是{year}年度；请换用{year}年的表格",
            **s.year_cell.at.where(),
        )
    if s.office_cell is not None and not is_empty(s.office_cell.raw) and settings.office:
        if isinstance(s.office_cell.raw, Unreadable):
            return error(f"{OFFICE_LABEL}：{s.office_cell.raw.message}", **s.office_cell.at.where())
        office = str(s.office_cell.raw).strip()
        if not same_label(office, settings.office):
            return error(
                f"单位为“{shown(office)}”，不是本单位（{settings.office}）的表格；请换用本单位的表格",
                **s.office_cell.at.where(),
            )
    return None


def _stated_year(raw: Any) -> int | None:
    import re
    import unicodedata

    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float) and float(raw).is_integer():
        return int(raw)
    if isinstance(raw, str):
        m = re.fullmatch(r"((?:19|20)\d\d)(?:年度?)?", "".join(unicodedata.normalize("NFKC", raw).split()))
        return int(m.group(1)) if m else None
    return None


def _check_version(s: Submission, catalog: Catalog, year: int, version: str = "") -> Problem | None:
    """A form generated from an older or newer catalog: its 表格版本 is not the catalog's
    (`version`), or, on a form too old to say, codes are missing and codes unknown."""
    if s.unreadable:
        return None
    own = [f for f in catalog.cell_figures(s.form.id)]
    missing = [f.label for f in own if f.key not in s.cells and f.key not in s.refused]
    if s.version and version and s.version != version:
        lacking = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
        return error(
            f"此表是在指标目录修改之前生成的（表格版本 {s.version}，现在是 {version}）"
            + (f"，缺少：{lacking}" if missing else "")
            + f"；这不是填报部门的错。请运行 assembler forms --year {year} 重新生成空白表格（空白表格文件夹中已有旧表时加 --force），把已填的数字转填过去",
            file=s.file,
            sheet=s.sheet,
        )
    if not s.unknown or not missing:
        return None
    extra = "、".join(text for text, _ in s.unknown[:5]) + ("等" if len(s.unknown) > 5 else "")
    lacking = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
    return error(
        f"此表与本模板的指标不一致，可能是用旧版或新版模板生成的（缺少：{lacking}；多出：{extra}）；"
        f"请用 assembler forms 生成{year}年的空白表格，把数字转填过去",
        file=s.file,
        sheet=s.sheet,
    )


# What to say of a file that is probably a missing form, by what it is.
_LIKELY = {
    (".csv", ".txt", ".tsv"): "请在 Excel 中打开，另存为 .xlsx 后放入",
    (".et", ".ett"): "这是 WPS 表格格式，请用 WPS 打开，另存为 .xlsx 后放入",
    (".numbers",): "这是 Numbers 格式，请导出为 Excel（.xlsx）后放入",
    (".zip", ".rar", ".7z"): "这是压缩包，请解压后把其中的表格放入",
    (".doc", ".docx", ".wps", ".rtf"): "这是 Word 文档，不是填报表；请向填报部门索取填好的 Excel 表格",
    (".pdf", ".ofd"): "这是 PDF（或 OFD）文件，无法读取其中的数字；请向填报部门索取 Excel 原表",
    (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".heic"): (
        "这是图片（可能是表格的截图或照片），无法读取；请向填报部门索取 Excel 原表"
    ),
}


def _untouched(s: Submission) -> bool:
    """Nothing filled in: no value, no ledger row, no text."""
    return (
        all(is_empty(cell.raw) for cell in s.cells.values())
        and not any(sheet.rows for sheet in s.ledgers.values())
        and not s.narrative
    )


def _likely_file(others: tuple[str, ...], *names: str) -> str:
    """`；找到“综合执法.csv”，请…` for a non-spreadsheet file whose name suggests the missing form."""
    import re
    from pathlib import PurePath

    words = [re.sub(r"(社区|街道)$", "", n) for n in names if n]
    for other in others:
        path = PurePath(other)
        stem = re.sub(r"[\s\-_（）()【】\[\]\d.]+", "", path.stem)
        if not stem:
            continue
        if any(len(w) >= 2 and (w in stem or (len(stem) >= 4 and stem in w)) for w in words):
            advice = next((a for suffixes, a in _LIKELY.items() if path.suffix.lower() in suffixes),
                          "请确认是否就是这份表格，并换成 Excel 工作簿（.xlsx）")  # fmt: skip
            return f"；找到“{other}”，{advice}"
    return ""


# What a copy of a file is called by Windows, WPS, macOS and mail clients.
_COPY = re.compile(r"(副本|复件|拷贝|[（(]\s*\d+\s*[)）]|\bcopy\b|\bcopy of\b|_\d+$|-\s*\d+$)", re.IGNORECASE)


def _sent_twice(form: Any, got: list[Submission]) -> Problem:
    """Two workbooks (or sheets) for one form: neither is read, whatever they hold: a copy
    counted twice, or two versions of which only the department knows the right one."""
    places = [f"“{s.file}”" + (f"的“{s.sheet}”工作表" if sum(t.file == s.file for t in got) > 1 else "")
              for s in got]  # fmt: skip
    copies = [s for s in got if _COPY.search(PurePath(s.file).stem)]
    hint = f"（“{copies[0].file}”看起来是复制出来的副本）" if copies else ""
    told = (copies or got)[-1]
    return error(
        f"{form.department}的《{form.title}》交了{len(got)}份：{'、'.join(places)}{hint}；"
        "同一张表只能有一份，否则数字会重复计算。请只保留正确的一份，把其余的移出文件夹",
        file=told.file,
        sheet=told.sheet,
    )


def _missing(form: Any, submissions: list[Submission], others: tuple[str, ...], year: int) -> Problem:
    """A department's form that is not there: its workbook may be one made before the form was
    added to the office's reports (its other sheets are there), or another file may be it."""
    older = next((s for s in submissions if s.form.department == form.department and not s.form.many), None)
    if older is not None:
        return error(
            f"{form.department}交来的工作簿是在增加《{form.title}》之前生成的，其中没有这张表；"
            f"这不是填报部门的错。请运行 assembler forms --year {year}（空白表格文件夹中已有旧表时加 --force）"
            f"生成{form.department}新的空白表格"
            f"（含《{form.title}》），把已填的数字转填过去后交回",
            file=older.file,
        )
    hint = _likely_file(others, form.department, form.title)
    return error(
        f"本年度文件夹中缺少{form.department}的《{form.title}》；"
        + (hint[1:] if hint else "请把该部门填好的表格放入（空白表可用 assembler forms 生成）")
    )


@dataclass(frozen=True)
class Accepted:
    """The submissions that are sources of figures and text, by form, and what was told of all."""

    by_form: dict[str, list[Submission]]
    problems: list[Problem]

    @property
    def submissions(self) -> list[Submission]:
        return [s for subs in self.by_form.values() for s in subs]


def check_submissions(
    catalog: Catalog,
    submissions: list[Submission],
    settings: Settings,
    year: int,
    *,
    others: tuple[str, ...] = (),
    versions: dict[str, str] | None = None,
) -> Accepted:
    """The usable submissions, by form; told: forms of another year or office, forms of another
    catalog version (`versions`: form id → the 表格版本 its blank form has now), and missing and
    doubled ones; `others` are the folder's files that are not spreadsheets (named when a form
    is missing and one of them may be it)."""
    problems: list[Problem] = []
    by_form, turned_away = _admitted(catalog, submissions, settings, year, versions or {}, problems)
    for form in catalog.forms.values():
        got = by_form.get(form.id, [])
        if form.many:
            by_form[form.id] = _community_forms(form, got, settings, turned_away[form.id], others, problems)
        elif len(got) > 1:
            problems.append(_sent_twice(form, got))
            for s in got:
                s.rejected = True
            by_form[form.id] = []
        elif not got and form.id not in turned_away:
            problems.append(_missing(form, submissions, others, year))
    return Accepted(dict(by_form), problems)


def _admitted(
    catalog: Catalog,
    submissions: list[Submission],
    settings: Settings,
    year: int,
    versions: dict[str, str],
    problems: list[Problem],
) -> tuple[dict[str, list[Submission]], dict[str, set[str]]]:
    """The submissions of this year and office, by form (one of another catalog version is
    kept, its cells that version lacks refused), and the submitters (or "") turned away, by
    form."""
    by_form: dict[str, list[Submission]] = defaultdict(list)
    turned_away: dict[str, set[str]] = defaultdict(set)  # form → submitters (or "") refused
    for s in submissions:
        problem = _check_identity(s, settings, year)
        if problem is not None:
            problems.append(problem)
            s.rejected = True
            turned_away[s.form.id].add(s.submitter if s.form.many else "")
            continue
        version = _check_version(s, catalog, year, versions.get(s.form.id, ""))
        if version is not None:
            problems.append(version)
            s.refused.update(f.key for f in catalog.cell_figures(s.form.id) if f.key not in s.cells)
        else:
            for text, at in s.unknown:
                problems.append(warning(f"未识别的指标“{text}”，此行已忽略", **at.where()))
        by_form[s.form.id].append(s)
    return by_form, turned_away


def _community_forms(
    form: Any,
    got: list[Submission],
    settings: Settings,
    turned_away: set[str],
    others: tuple[str, ...],
    problems: list[Problem],
) -> list[Submission]:
    """A community form's submissions that count: each names a community of the settings',
    once (both of two are refused); the communities whose form is missing are named, unless
    forms not naming theirs may be exactly those."""
    seen: dict[str, Submission] = {}
    for s in got:
        where = s.submitter_at.where() if s.submitter_at else {"file": s.file, "sheet": s.sheet}
        if s.submitter_unreadable:
            continue
        if not s.submitter and _untouched(s):
            problems.append(
                warning(
                    f"这份《{form.title}》是空白的（没有选{SUBMITTER_LABEL}，也没有填数字），多半是填写社区名单之前"
                    "生成的空白表格；已忽略，请把它移出文件夹",
                    **where,
                )
            )
            s.rejected = True
        elif not s.submitter:
            problems.append(error(f"未填写“{SUBMITTER_LABEL}”，请选择社区名称", **where))
        elif settings.communities and s.submitter not in settings.communities:
            problems.append(
                error(f"社区“{s.submitter}”不在单位设置的社区名单中；请从下拉列表中选择", **where)
            )
        elif s.submitter in seen:
            problems.append(
                error(
                    f"“{s.submitter}”交了两份《{form.title}》（另一份是 {seen[s.submitter].file}）；"
                    "同一张表只能有一份，否则数字会重复计算。请只保留正确的一份，把其余的移出文件夹",
                    **where,
                )
            )
            s.rejected = seen[s.submitter].rejected = True
        else:
            seen[s.submitter] = s
    missing = [c for c in settings.communities if c not in seen and c not in turned_away]
    unnamed = sum(1 for s in got if s.submitter_unreadable) + len(turned_away - set(settings.communities))
    if len(missing) > unnamed:  # else the unnamed forms may be exactly the missing ones
        for community in missing:
            hint = _likely_file(others, community)
            problems.append(
                error(
                    f"本年度文件夹中缺少{community}的《{form.title}》；"
                    + (hint[1:] if hint else "请向该社区收取后放入")
                )
            )
    return [s for s in got if not s.rejected]
