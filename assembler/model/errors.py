"""Problems a clerk can cause, and the one exception root.

Checking never stops at the first problem: readers and checks collect `Problem`
records, and only when a step cannot go on do they raise `AssemblerError`
(or a subclass) carrying the Chinese message and every problem found so far.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


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


def os_error(exc: OSError, path: object, doing: str = "写入") -> AssemblerError:
    """A problem of the machine — no permission, a full disk, a path too long, a read-only
    folder — as one Chinese line naming the path and what to do (never 程序内部出错)."""
    import errno

    where = getattr(exc, "filename", None) or path
    code = exc.errno
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        message = f"磁盘空间不足，无法{doing} {where}；请清理磁盘（或换一个有空间的文件夹）后重试"
    elif code == errno.ENAMETOOLONG or getattr(exc, "winerror", None) == 206:
        message = f"路径太长，无法{doing} {where}；请把工作文件夹放到较短的路径下（如 D:\\报告）后重试"
    elif code == errno.EROFS:
        message = f"{where} 所在的位置是只读的，无法{doing}；请换一个可以写入的文件夹"
    elif isinstance(exc, PermissionError):
        message = (
            f"没有权限{doing} {where}（文件夹只读、属于其他用户，或文件正在 Word、WPS、Excel 中打开）；"
            "请关闭文件或换一个有权限的文件夹后重试"
        )
    elif isinstance(exc, FileNotFoundError):
        message = f"找不到 {where}，无法{doing}；请检查路径是否正确"
    elif isinstance(exc, FileExistsError | NotADirectoryError):  # a file where a folder must be
        asked = Path(str(where))
        blocking = next((p for p in (asked, *asked.parents) if p.is_file()), asked)
        message = f"{blocking} 是一个文件，不是文件夹，无法{doing} {asked}；请换一个位置，或把这个文件改名"
    else:
        message = f"无法{doing} {where}（{exc.strerror or exc}）；请检查磁盘和文件夹后重试"
    return OutputError(message) if doing != "读取" else UsageError(message)
