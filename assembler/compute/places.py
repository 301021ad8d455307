"""Words of one place in a template: told to an office somewhere else.

A template may be one office's own report (the shipped 法治政府建设年度报告 is 中山门街道's, in
天津市河东区): some of its words are true only there — 视察天津, 天津电视台, 津治通,
《河东区…汇编》. Its catalog declares them under the place they belong to:

    [local]
    "天津市" = ["天津", "津治通"]
    "河东区" = ["河东区"]

and an office whose settings name another city, district or office (or none yet) is told of
each word, with the paragraph it stands in, by `init`, `check`, `build` and `lint`: such a word
never reaches a report silently. A place is a city (…市, …州, …盟), a district (…区, …县, …旗)
or an office (…街道, …镇, …乡), compared with the settings' 市, 区 and 街道.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from assembler.model.errors import Problem, warning
from assembler.model.places import place_kind
from assembler.model.settings import TO_FILL
from assembler.reading.templates import template_paragraphs

if TYPE_CHECKING:
    from assembler.model.catalog import Catalog
    from assembler.model.settings import Settings


def _excerpt(text: str, at: int, word: str) -> str:
    start, end = max(0, at - 12), min(len(text), at + len(word) + 12)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _elsewhere(local: dict[str, tuple[str, ...]], settings: Settings) -> list[tuple[str, str, str]]:
    """(place, word, what the office is) for each declared word of a place not this office's."""
    elsewhere: list[tuple[str, str, str]] = []
    for place, words in local.items():
        kind = place_kind(place)
        if kind is None:
            continue
        attribute, setting = kind
        own = getattr(settings, attribute, "") or ""
        if own and TO_FILL not in own and own == place:
            continue
        said = f"本单位的“{setting}”还没有填写" if not own or TO_FILL in own else f"本单位在{own}"
        elsewhere += [(place, word, said) for word in words]
    return elsewhere


def foreign_words(
    docx: Path, template: str, local: dict[str, tuple[str, ...]], settings: Settings
) -> list[Problem]:
    """A warning for each declared word of a place that is not this office's, where it stands."""

    elsewhere = _elsewhere(local, settings)
    if not elsewhere:
        return []
    try:
        paragraphs = template_paragraphs(docx)
    except (OSError, KeyError, zipfile.BadZipFile):
        return []  # a broken template is reported when it is rendered
    problems = []
    for n, text in enumerate(paragraphs, start=1):
        for place, word, said in elsewhere:
            at = text.find(word)
            if at < 0:
                continue
            problems.append(
                warning(
                    f"模板原文“{_excerpt(text, at, word)}”中的“{word}”是{place}的说法，{said}；"
                    f"请把模板文件夹复制到本单位的 templates/ 中改写这一句（改后运行 assembler lint 检查），"
                    "或改用不含这些说法的模板",
                    file=f"{template}/{docx.name}",
                    cell=f"第{n}段",
                )
            )
    return problems


def foreign_form_words(catalog: Catalog, template: str, settings: Settings) -> list[Problem]:
    """The same words in what the blank forms ask (a row's name or note, a ledger column's):
    the departments of an office elsewhere would be asked in another place's words."""
    elsewhere = _elsewhere(catalog.local, settings)
    if not elsewhere:
        return []
    asked: list[tuple[str, str]] = []  # (form title, text on it)
    for fig in catalog.figures.values():
        form = catalog.forms.get(fig.form or "")
        if form is not None and fig.ledger is None:
            asked += [(form.title, text) for text in (fig.label, fig.hint) if text]
    for ledger in catalog.ledgers.values():
        form = catalog.forms.get(ledger.form or "")
        title = form.title if form else ledger.id
        asked += [(title, text) for c in ledger.columns for text in (c.name, c.hint) if text]
        asked += [(title, ledger.hint)] if ledger.hint else []
    problems = []
    for title, text in dict.fromkeys(asked):
        for place, word, said in elsewhere:
            if word in text:
                problems.append(
                    warning(
                        f"空白表格《{title}》中“{text}”的“{word}”是{place}的说法，{said}；请把模板文件夹"
                        "复制到本单位的 templates/ 中（表格沿用自另一个模板时，复制那一个），在其指标目录里改写这一项，"
                        "再运行 assembler forms 重新生成空白表格",
                        file=f"{template}/catalog.toml",
                    )
                )
    return problems
