"""Problems a clerk can cause, and the one exception root.

Checking never stops at the first problem: readers and checks collect `Problem`
records, and only when a step cannot go on do they raise `AssemblerError`
(or a subclass) carrying the Chinese message and every problem found so far.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.Enum):
    ERROR = "错误"
    WARNING = "警告"
    NOTE = "提示"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth knowing) about the inputs, pointing at its place."""

    severity: Severity
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    label: str = ""

    @property
    def where(self) -> str:
        return " › ".join(part for part in (self.file, self.sheet, self.cell) if part)

    def __str__(self) -> str:
        head = f"{self.severity.value}  {self.where}" if self.where else self.severity.value
        body = f"{self.label}：{self.message}" if self.label else self.message
        return f"{head}  {body}"

    def as_dict(self) -> dict[str, str]:
        return {
            "severity": self.severity.name.lower(),
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "label": self.label,
            "message": self.message,
        }


def error(message: str, **where: str) -> Problem:
    return Problem(Severity.ERROR, message, **where)


def warning(message: str, **where: str) -> Problem:
    return Problem(Severity.WARNING, message, **where)


def note(message: str, **where: str) -> Problem:
    return Problem(Severity.NOTE, message, **where)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


class AssemblerError(Exception):
    """Root of every error a user may see. `message` is Chinese and complete."""

    exit_code = 1

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)


class InputProblems(AssemblerError):
    """The inputs have errors; `problems` lists all of them."""


class CatalogError(AssemblerError):
    """The template's catalog or the template itself is inconsistent."""


class TemplateNotFound(AssemblerError):
    exit_code = 2


class UsageError(AssemblerError):
    """The command itself cannot be carried out as given (bad folder, bad option)."""

    exit_code = 2


class OutputError(AssemblerError):
    """The report cannot be written where asked."""


def format_problems(problems: Iterable[Problem]) -> list[str]:
    """Problems grouped by file, errors first within each file, one line each."""
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}
    ranked = sorted(problems, key=lambda p: (p.file == "", p.file, order[p.severity]))
    return [str(p) for p in ranked]


def summary(problems: Iterable[Problem]) -> str:
    problems = list(problems)
    counts = {s: sum(p.severity is s for p in problems) for s in Severity}
    parts = [f"{counts[s]} 个{s.value}" for s in Severity if counts[s]]
    return "，".join(parts) if parts else "没有发现问题"
