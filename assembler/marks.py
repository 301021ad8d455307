"""Marks around a figure's printed words, so that after rendering they get a run of their own.

A draft's gap is highlighted and a review copy's figure carries a comment: both need the
figure's words in a run of their own, which docxtpl cannot make. So a figure's text is
wrapped in private-use characters (never in clerks' text) when it is rendered, and `render`
splits the runs at the marks afterwards.
"""

from __future__ import annotations

import re

MARK_OPEN, MARK_SEP, MARK_CLOSE = "\ue000", "\ue001", "\ue002"
MARKED = re.compile(f"{MARK_OPEN}([^{MARK_SEP}]*){MARK_SEP}([^{MARK_CLOSE}]*){MARK_CLOSE}")


def mark(key: str, text: str) -> str:
    return f"{MARK_OPEN}{key}{MARK_SEP}{text}{MARK_CLOSE}"
