"""Filling a template with figures and writing the report safely.

docxtpl renders the template in a sandboxed Jinja environment with autoescape on (a value
`A&B<C>` prints as typed, `{{ 7*7 }}` typed into a cell prints literally) and
StrictUndefined (a tag with no figure is an error, never an empty hole). Writing the rendered
document is `outputs`' (every file of a build, all or none).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assembler.compute.figures import MISSING_OPEN
from assembler.model.errors import CatalogError, Problem, warning
from assembler.model.marks import FIGURE, MARK_OPEN, MARKED, kind_and_key, unmarked
from assembler.reading.templates import braces_unpaired, jinja_env, open_template, template_tags
from assembler.writing.layout import (
    break_title,
    hint_east_asian,
    keep_with_next,
    needs_east_asian_hint,
    set_indent,
    signature_place,
)

_SAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_R, _W_T, _W_P, _W_TC = f"{_W}r", f"{_W}t", f"{_W}p", f"{_W}tc"


def safe_file_name(name: str) -> str:
    """A file name made from data that cannot leave its folder or upset Windows."""
    name = _SAFE_NAME.sub("_", name).strip(" .")
    return name[:120] or "报告"


def _by_style(document: Any, *names: str) -> dict[str, list[Any]]:
    """The paragraphs of each named style, in one pass (asking each paragraph for its style
    object looks the style up anew every time)."""
    ids = {s.style_id: s.name for s in document.styles if s.name in names}
    found: dict[str, list[Any]] = {name: [] for name in names}
    for paragraph in document.paragraphs:
        name = ids.get(paragraph._p.style)
        if name is not None:
            found[name].append(paragraph)
    return found


def _finish_signature(document: Any, signers: list[Any], dates: list[Any]) -> None:
    """Place the signing body and date as GB/T 9704 asks, from their rendered text, and keep
    them with the end of the text (7.3.5): the last body paragraph keeps with the signature,
    which keeps with the date, so neither ever starts a page alone."""
    if not signers or not dates:
        return
    signer, dated = signers[0], dates[0]
    place = signature_place(signer.text.strip(), dated.text.strip())
    set_indent(signer, right=place.name_right)
    set_indent(dated, left=place.date_left, right=place.date_right)
    before = None
    for paragraph in document.paragraphs:
        if paragraph._p is signer._p:
            break
        if paragraph.text.strip():
            before = paragraph
    if before is not None:
        keep_with_next(before)


def _hint_shared_characters(document: Any) -> None:
    """Runs with “ ” — … · and the like carry the East-Asian hint themselves, as Word writes
    them, besides the styles' hint (an office's own styles may lack it)."""
    from docx.text.run import Run

    body = document.element.body
    for r in body.iter(_W_R):
        text = "".join(t.text or "" for t in r.iter(_W_T))
        if text and needs_east_asian_hint(text):
            hint_east_asian(Run(r, None))


def all_paragraphs(document: Any) -> list[Any]:
    """Every paragraph of the body, those in table cells included."""
    from docx.text.paragraph import Paragraph

    return [Paragraph(p, document._body) for p in document.element.body.iter(_W_P)]


def isolate_marked(document: Any) -> list[tuple[Any, str, str]]:
    """Give every marked span a run of its own, without the marks; returns (run, kind, key)."""
    import copy

    from docx.text.run import Run

    found: list[tuple[Any, str, str]] = []
    for paragraph in all_paragraphs(document):
        for run in list(paragraph.runs):
            text = run.text
            if MARK_OPEN not in text:
                continue
            pieces: list[tuple[str, str | None]] = []
            pos = 0
            for m in MARKED.finditer(text):
                if m.start() > pos:
                    pieces.append((text[pos : m.start()], None))
                pieces.append((m.group(2), m.group(1)))
                pos = m.end()
            if pos < len(text):
                pieces.append((text[pos:], None))
            current = run
            for i, (piece, marked) in enumerate(pieces):
                if i:
                    el = copy.deepcopy(run._r)
                    current._r.addnext(el)
                    current = Run(el, paragraph)
                current.text = piece
                if marked is not None:
                    found.append((current, *kind_and_key(marked)))
    return found


def _strip_marks(document: Any) -> None:
    """Every mark removed, the runs as they are."""
    for t in document.element.body.iter(_W_T):
        if t.text and MARK_OPEN in t.text:
            t.text = unmarked(t.text)


def _finish_marks(document: Any, comments: dict[str, str] | None) -> None:
    from docx.enum.text import WD_COLOR_INDEX

    for run, kind, key in isolate_marked(document):
        if kind != FIGURE:
            continue
        if run.text.startswith(MISSING_OPEN[:2]):
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
            run.font.bold = True
        elif comments and key in comments:
            document.add_comment(run, text=comments[key], author="年度报告生成工具", initials="生成")


@dataclass(frozen=True)
class TracedParagraph:
    """A rendered paragraph as pieces of (text, kind, key): kind "" for the template's own words."""

    number: int  # 第N段 of the report, table cells included
    in_table: bool
    pieces: tuple[tuple[str, str, str], ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _, _ in self.pieces)


def traced_paragraphs(document: Any) -> list[TracedParagraph]:
    """What each rendered paragraph is made of, read from the marks (before they are removed)."""
    found = []
    for n, p in enumerate(document.element.body.iter(_W_P), start=1):
        text = "".join(t.text or "" for t in p.iter(_W_T))
        pieces: list[tuple[str, str, str]] = []
        pos = 0
        for m in MARKED.finditer(text):
            if m.start() > pos:
                pieces.append((text[pos : m.start()], "", ""))
            pieces.append((m.group(2), *kind_and_key(m.group(1))))
            pos = m.end()
        if pos < len(text):
            pieces.append((text[pos:], "", ""))
        in_table = any(a.tag == _W_TC for a in p.iterancestors())
        found.append(TracedParagraph(n, in_table, tuple(pieces)))
    return found


def _tags_within_paragraphs(document: Any, name: str) -> None:
    """A tag begun in one paragraph and ended in another would join the two into one (docxtpl
    drops what lies between): refused, as a brace not paired (the build then says where)."""
    for p in document.element.body.iter(_W_P):
        text = "".join(t.text or "" for t in p.iter(_W_T))
        if ("{" in text or "}" in text) and braces_unpaired(text):
            shown = text if len(text) <= 20 else text[:20] + "…"
            raise CatalogError(f"模板 {name} 中“{shown}”的标签花括号不成对（标签跨了段落，或少写了花括号）")


def render_docx(
    template_docx: Path,
    context: dict[str, Any],
    *,
    comments: dict[str, str] | None = None,
    check_tags: Callable[[set[str]], None] | None = None,
    told: list[Problem] | None = None,
    traced: list[TracedParagraph] | None = None,
    isolate: bool = False,
) -> Any:
    """The rendered python-docx Document (not yet saved). Marked values (a draft's gaps, a review
    copy's figures) get their own runs: gaps highlighted, figures commented from `comments`.

    `check_tags` is given every variable the template uses and may raise (a build checks them
    against the catalog); when a tag has no value, it is given them all before the error. A
    filter whose wording was untrue of its value (`{{ x|近(100) }}` for 432) is added to `told`;
    what each rendered paragraph is made of (`marks`) to `traced`. A draft (`isolate`) or review
    copy (`comments`) gives marked figures runs of their own; other marks are simply removed."""
    from jinja2 import TemplateError, UndefinedError
    from jinja2.exceptions import SecurityError

    tpl = open_template(template_docx)
    env = jinja_env()
    name = template_docx.parent.name  # the report kind: every template is a template.docx
    _tags_within_paragraphs(tpl.docx, name)
    try:
        tpl.render(context, env, autoescape=True)
    except UndefinedError as exc:
        if check_tags is not None:  # the whole story: unknown tags and unused figures
            check_tags(template_tags(template_docx))
        raise CatalogError(f"模板用到的标签没有数据：{exc.message}") from None
    except SecurityError:
        raise CatalogError(
            f"模板 {name} 的标签用了报告不能用的写法（如 .__class__）；标签里只写名称、表格的行和列、过滤器"
        ) from None
    except TemplateError as exc:
        raise CatalogError(f"模板 {name} 无法生成：{exc}") from None
    except ValueError as exc:  # a filter's own message, e.g. 同比 without last year's data
        raise CatalogError(f"模板 {name} 无法生成：{exc}") from None
    if check_tags is not None:
        check_tags(env.tags)
    if told is not None:
        told += [
            warning(f"{reason}（模板 {template_docx.parent.name} 中的写法）", label=label)
            for label, reason in dict.fromkeys(env.untrue)
        ]
    if traced is not None:
        traced += traced_paragraphs(tpl.docx)
    if isolate or comments:
        _finish_marks(tpl.docx, comments)
    else:
        _strip_marks(tpl.docx)
    styled = _by_style(tpl.docx, "署名", "成文日期", "公文标题")
    _finish_signature(tpl.docx, styled["署名"], styled["成文日期"])
    for paragraph in styled["公文标题"]:
        break_title(paragraph)
    _hint_shared_characters(tpl.docx)
    return tpl.docx
