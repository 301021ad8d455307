"""Writing a build's files: all of them, or none.

An office's build writes several files — each report, its 溯源表, maybe a review copy, a web
page, a PDF. A clerk must never find half a set: last year's reports beside this year's, or a
new report with an old 溯源表. So every file is first written in full to a temporary file
beside its target and checked (`stage`); only when all are ready are they put in place
(`commit`), each in one rename. If one cannot be put in place (open in Word, read-only,
locked), those already moved are moved back and the previous set stands. Ctrl-C does the same.

Before anything is written, `preflight` looks for what would stop the set: a report that
exists (without --force), a Word or WPS lock file (`~$…`) beside a target, a folder that
cannot be written. Problems of the machine — no permission, a full disk, a path too long —
are told in one Chinese line naming the path (`errors.os_error`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from assembler.model.errors import OutputError, os_error

Writer = Callable[[Path], None]  # writes the file's whole content to the path given


def ordinary_mode() -> int:
    """The permissions a new file gets from the process umask (normally 0644)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def lock_file(target: Path) -> Path | None:
    """The lock file Word or WPS keeps beside a document it has open: `~$` and the name, its
    first one or two characters replaced for a long name (Word), or whole (WPS)."""
    folder = target.parent
    if not folder.is_dir():
        return None
    name = target.name
    for candidate in (f"~${name}", f"~${name[1:]}", f"~${name[2:]}", f".~lock.{name}#"):
        path = folder / candidate
        if path.is_file():
            return path
    return None


def check_writable(target: Path, *, force: bool) -> None:
    if target.exists() and target.is_dir():
        raise OutputError(f"输出位置是一个文件夹：{target}；请指定 .docx 文件名")
    if target.exists() and not force:
        raise OutputError(
            f"报告已存在：{target}\n如需重新生成并覆盖，请在命令后加 --force（原报告会另存为 .bak 备份）"
        )


@dataclass
class _Staged:
    """A file written aside, waiting to replace its target when the whole set is ready."""

    target: Path
    temp: Path
    backup: bool  # keep the file it replaces as .bak
    old: Path | None = None  # where the replaced file waits until the set is in place


class OutputSet:
    """A set of files written together (use as a context manager; `commit` puts them in place).

    Leaving the block without `commit` — an error, Ctrl-C — removes every temporary file and
    leaves the targets as they were."""

    def __init__(self) -> None:
        self.staged: list[_Staged] = []
        self.committed = False

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self.committed:
            for item in self.staged:
                item.temp.unlink(missing_ok=True)

    @staticmethod
    def preflight(targets: list[Path], *, force: bool, new: list[Path] | None = None) -> None:
        """Refuse, before anything is written, a set that could not be put in place: a report
        (one of `new`) that exists without `force`, a target open in Word or WPS."""
        try:
            there = [t for t in new or [] if t.exists() and not t.is_dir()]
            if len(there) > 1 and not force:  # every report that is there, not the first alone
                raise OutputError(
                    "报告已存在："
                    + "、".join(str(t) for t in there)
                    + "\n如需重新生成并覆盖，请在命令后加 --force（原报告会另存为 .bak 备份）"
                )
            for target in new or []:
                check_writable(target, force=force)
            locks = [(target, lock_file(target)) for target in targets]
        except OSError as exc:  # a name too long, a folder that cannot be looked into
            raise os_error(exc, exc.filename or target, "写入") from None
        for target, lock in locks:
            if lock is not None:
                raise OutputError(
                    f"{target.name} 正在 Word 或 WPS 中打开（旁边有锁定文件 {lock.name}）；"
                    "请先关闭它再生成，所有报告都未改动"
                )
            if target.is_dir():
                raise OutputError(f"输出位置是一个文件夹：{target}；请指定文件名")

    def stage(
        self, target: Path, write: Writer, *, verify: Writer | None = None, backup: bool = False
    ) -> Path:
        """Write `target`'s content to a temporary file beside it, check it, and return that file
        (a later step, such as a PDF, may read it). Nothing is in place until `commit`."""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            ours = {item.temp.resolve() for item in self.staged}
            for stale in target.parent.glob(f".~*.tmp{target.suffix}"):  # left by a killed build
                if stale.resolve() not in ours:
                    stale.unlink(missing_ok=True)
            waiting = target.with_name(f".~{target.name}.old")
            if waiting.exists():  # a build killed while putting its set in place: the old file returns
                if target.exists():
                    waiting.unlink()
                else:
                    os.replace(waiting, target)
            fd, name = tempfile.mkstemp(prefix=".~", suffix=f".tmp{target.suffix}", dir=target.parent)
            os.close(fd)
        except OSError as exc:
            raise os_error(exc, target.parent, "写入") from None
        temp = Path(name)
        self.staged.append(_Staged(target, temp, backup))
        try:
            os.chmod(temp, ordinary_mode())  # mkstemp makes it private (0600); a report is for colleagues
            write(temp)
            if verify is not None:
                verify(temp)
        except OSError as exc:
            raise os_error(exc, target, "写入") from None
        return temp

    def commit(self) -> dict[Path, Path]:
        """Put every staged file in place; returns the backups made (target → .bak). If one
        cannot be moved, or the build is interrupted, the ones moved are moved back."""
        done: list[_Staged] = []
        try:
            for item in self.staged:
                if item.target.exists():
                    item.old = item.target.with_name(f".~{item.target.name}.old")
                    os.replace(item.target, item.old)
                done.append(item)
                os.replace(item.temp, item.target)
        except BaseException as exc:
            self._undo(done)
            if isinstance(exc, PermissionError):
                raise OutputError(
                    f"无法替换 {item.target.name}：文件正在 Word、WPS 或 Excel 中打开，或没有写入权限；"
                    "请关闭后重试，所有报告都未改动"
                ) from None
            if isinstance(exc, OSError):
                raise os_error(exc, item.target, "替换") from None
            raise
        self.committed = True
        backups = {}
        for item in done:
            if item.old is None:
                continue
            if item.backup:
                bak = item.target.with_name(item.target.name + ".bak")
                try:
                    os.replace(item.old, bak)
                    backups[item.target] = bak
                    continue
                except OSError:
                    pass  # no backup rather than no report
            item.old.unlink(missing_ok=True)
        return backups

    def _undo(self, done: list[_Staged]) -> None:
        for item in reversed(done):
            try:
                if item.old is not None:
                    os.replace(item.old, item.target)
                elif not item.temp.exists():
                    item.target.unlink(missing_ok=True)
            except OSError:
                pass  # best effort: the old file waits as .~<name>.old
        for item in self.staged:
            item.temp.unlink(missing_ok=True)


def save_atomically(
    document: object, target: Path, *, force: bool, verify: Writer | None = None, backup: bool = True
) -> Path | None:
    """Write one `document` (anything with `.save(path)`) to `target` in one step; returns the
    backup of a replaced file (`.bak`)."""
    check_writable(target, force=force)
    with OutputSet() as out:
        out.stage(target, lambda path: document.save(str(path)), verify=verify, backup=backup)  # type: ignore[attr-defined]
        return out.commit().get(target)


def verify_document(path: Path) -> None:
    """The document we are about to publish must open again."""
    from docx import Document

    Document(str(path))


def verify_workbook(path: Path) -> None:
    """The workbook we are about to publish must open again."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python()
    workbook.close()
