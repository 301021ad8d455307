"""Text widths in characters of the grid: a Chinese character is 1, a digit or Latin letter ½."""

from __future__ import annotations

import unicodedata


def char_width(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)
