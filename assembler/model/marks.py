"""Marks around every value a template prints, saying what it is and where it came from.

A draft's gap is highlighted and a review copy's figure carries a comment: both need the
figure's words in a run of their own, which docxtpl cannot make. And the 溯源表 lists the
numbers of a report that no form cell gave — the template's own words, a department's
文字材料, a number kept as the report wrote it (保留原文) — which needs to know, in the report
as rendered, what each piece of text is. So every value is wrapped in private-use characters
(never in clerks' text) when it is rendered: its kind (`FIGURE`, `SETTING`, `LITERAL`, `TEXT`)
and key, then its text. `render` reads the marks, then removes them (splitting runs where a
draft or review copy needs them apart).
"""

from __future__ import annotations

import re

MARK_OPEN, MARK_SEP, MARK_CLOSE, MARK_KIND = "\ue000", "\ue001", "\ue002", "\ue003"
MARKED = re.compile(f"{MARK_OPEN}([^{MARK_SEP}]*){MARK_SEP}([^{MARK_CLOSE}]*){MARK_CLOSE}")
FIGURE, SETTING, LITERAL, TEXT = "指标", "单位设置", "保留原文", "文字材料"


def mark(key: str, text: str, kind: str = FIGURE) -> str:
    return f"{MARK_OPEN}{kind}{MARK_KIND}{key}{MARK_SEP}{text}{MARK_CLOSE}"


def kind_and_key(marked: str) -> tuple[str, str]:
    """(kind, key) of a mark's first group."""
    kind, _, key = marked.partition(MARK_KIND)
    return (kind, key) if key else (FIGURE, kind)


def unmarked(text: str) -> str:
    return MARKED.sub(lambda m: m.group(2), text)


class Traced(str):
    """A string a template prints, that knows what it is (`kind`) and where it came from (`key`:
    a setting's name, a literal's tag, a 文字材料 cell). It compares and behaves as its text;
    printed by Jinja (autoescape calls `__html__`) it carries its mark."""

    kind: str
    key: str

    def __new__(cls, text: str, key: str, kind: str) -> Traced:
        made = super().__new__(cls, text)
        made.kind, made.key = kind, key
        return made

    def __html__(self) -> str:
        from markupsafe import escape

        return mark(self.key, str(escape(str.__str__(self))), self.kind)
