"""Narrative parts of a report, assembled from the departments' 文字材料 sheets.

Each row says which part it belongs to (所属部分), an optional heading (小标题) and the text
(内容). Within a part, rows with the same heading — from any department — form one section,
numbered （一）（二）…; a section of several rows prints them as 一是、二是…, a section of one
row prints its heading as the lead sentence of the paragraph. Rows without a heading are
plain paragraphs. A part with nothing in it prints `无。` or is left out, as the office's
settings say. Text is data: it is escaped when rendered and never evaluated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assembler.model.catalog import Catalog
from assembler.model.cells import CellError, parse_text
from assembler.model.errors import Problem, error
from assembler.model.marks import SETTING, TEXT, Traced
from assembler.model.phrasing import chinese_number
from assembler.reading.workbooks import Submission, accepted

EMPTY_NONE, EMPTY_OMIT = "无", "省略"
_CLOSING = "。！？；：…”"


@dataclass
class Section:
    """A part of the report's prose: its heading, its paragraphs and the cells they came from."""

    title: str
    paragraphs: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def _sentence(text: str) -> str:
    return text if not text or text[-1] in _CLOSING else text + "。"


def _ordinal(n: int) -> str:
    return f"{chinese_number(n)}是"


@dataclass
class Narrative:
    """A report's parts as template data: `parts` in order (a part left empty is left out when
    the settings say 省略) and `by_key`, every part by its key."""

    parts: list[dict[str, Any]] = field(default_factory=list)
    by_key: dict[str, dict[str, Any]] = field(default_factory=dict)


def compose(
    catalog: Catalog,
    submissions: list[Submission],
    year: int,
    empty: str = EMPTY_NONE,
    *,
    office: set[str] | None = None,
    elsewhere: dict[str, str] | None = None,
) -> tuple[Narrative, list[Problem]]:
    """The parts as template data (dicts with Chinese keys), and the problems in the rows.

    A row for a part of the office's other reports (`office`, part titles) is theirs, and a row
    for a part of a template the office does not make (`elsewhere`, title → template) is not
    this office's text (a department's workbook serves several setups): both are left out. Any
    other part is an error."""
    problems: list[Problem] = []
    sections = _sections(catalog, submissions, year, office or set(), elsewhere or {}, problems)
    narrative = Narrative()
    for part in catalog.parts:
        found = sections[part.key]
        entry = _part(part.key, part.title.format(年度=year), found)
        narrative.by_key[part.key] = entry
        if found or empty != EMPTY_OMIT:
            narrative.parts.append(entry)
    for i, part in enumerate(narrative.parts, start=1):
        part["序号"] = chinese_number(i)
    return narrative, problems


def _sections(
    catalog: Catalog,
    submissions: list[Submission],
    year: int,
    office: set[str],
    elsewhere: dict[str, str],
    problems: list[Problem],
) -> dict[str, list[Section]]:
    """Each part's sections (part key → sections in order), from the 文字材料 rows of the
    accepted submissions, in the catalog's order of forms: rows of one heading make one
    section. Rows for another report's part are left out; a row for no part, or without
    text, is an error."""
    sections: dict[str, list[Section]] = {p.key: [] for p in catalog.parts}
    titles = [p.title.format(年度=year) for p in catalog.parts]
    order = {form_id: i for i, form_id in enumerate(catalog.forms)}
    for sub in sorted(accepted(submissions), key=lambda s: (order.get(s.form.id, 99), s.file)):
        for _row, cells in sub.narrative:
            try:
                part_name = parse_text(cells["所属部分"].raw) or ""
                heading = parse_text(cells["小标题"].raw) or ""
                text = parse_text(cells["内容"].raw) or ""
            except CellError as exc:  # pragma: no cover - text cells always parse
                problems.append(error(str(exc), **cells["内容"].at.where()))
                continue
            part = catalog.part_by_title(part_name, year)
            if part is None and (part_name in office or part_name in elsewhere):
                continue
            if part is None:
                problems.append(
                    error(
                        f"所属部分“{part_name}”不是本单位所作报告的部分；请从下拉列表中选择（{'、'.join(titles)}）",
                        label="文字材料·所属部分",
                        **cells["所属部分"].at.where(),
                    )
                )
                continue
            if not text:
                problems.append(
                    error("内容为空，请填写或删除此行", label="文字材料·内容", **cells["内容"].at.where())
                )
                continue
            heading = heading.rstrip("。")
            group = next((s for s in sections[part.key] if heading and s.title == heading), None)
            if group is None:
                group = Section(heading)
                sections[part.key].append(group)
            group.paragraphs.append(_sentence(text))
            group.sources.append(str(cells["内容"].at))
    return sections


def _part(key: str, title: str, found: list[Section]) -> dict[str, Any]:
    """One part as template data: its key, its title, its sections (`小节`, numbered where they
    have a heading; 无。 when there are none) and its paragraphs in one list (`段落`, a section's
    heading leading its first)."""
    numbered = 0
    out_sections = []
    for s in found:
        if s.title:
            numbered += 1
        out_sections.append(_section(s, numbered))
    if not found:
        out_sections = [{"序号": "", "标题": "", "引领": False, "段落": ["无。"], "来源": []}]
    flat = [
        Traced(section["标题"] + text, text.key, TEXT) if i == 0 and section["标题"] else text
        for section in out_sections
        for i, text in enumerate(section["段落"])
    ]
    # The part's heading is the catalog's words with the settings' year: no untraced number.
    return {"代码": key, "标题": Traced(title, "年度", SETTING), "小节": out_sections, "段落": flat}


def _section(s: Section, numbered: int) -> dict[str, Any]:
    """A section as template data: a heading numbered （`numbered`）, leading its one paragraph,
    or over its several paragraphs each begun 一是、二是…"""
    several = len(s.paragraphs) > 1
    return {
        "序号": f"（{chinese_number(numbered)}）" if s.title else "",
        "标题": Traced(_sentence(s.title), s.sources[0], TEXT) if s.title else "",
        "引领": bool(s.title) and not several,
        "段落": [
            Traced(f"{_ordinal(i)}{p}" if s.title and several else p, source, TEXT)
            for i, (p, source) in enumerate(zip(s.paragraphs, s.sources, strict=True), start=1)
        ],
        "来源": s.sources,
    }
