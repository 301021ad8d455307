"""A build writes all of an office's files, or none; the machine's problems are told in one line."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import assembler.writing.outputs
from assembler.cli import main
from assembler.model.errors import OutputError

FAZHI = "中山门街道2024年法治政府建设年度报告.docx"
XXGK = "中山门街道2024年政府信息公开工作年度报告.docx"


@pytest.fixture
def built(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Both reports built once; returns every output file's bytes."""
    monkeypatch.chdir(workdir)
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    return _files(workdir)


def _files(workdir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((workdir / "output").iterdir())}


def _refuse_replacing(monkeypatch: pytest.MonkeyPatch, name: str, error: BaseException) -> None:
    """Moving the file `name` fails, as a file open in Word on Windows does."""
    real = os.replace

    def replace(src, dst):
        if Path(src).name == name:
            raise error
        real(src, dst)

    monkeypatch.setattr(assembler.writing.outputs.os, "replace", replace)


def test_one_report_that_cannot_be_replaced_leaves_the_whole_previous_set(
    workdir: Path, built: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
):
    _refuse_replacing(monkeypatch, XXGK, PermissionError(13, "sharing violation"))
    result = CliRunner().invoke(main, ["build", "--force"])
    assert (result.exit_code, result.stderr) == (
        1,
        f"无法替换 {XXGK}：文件正在 Word、WPS 或 Excel 中打开，或没有写入权限；请关闭后重试，所有报告都未改动\n",
    )
    assert _files(workdir) == built  # the 法治 report, put in place first, was put back


def test_ctrl_c_while_the_set_is_put_in_place_leaves_the_previous_set(
    workdir: Path, built: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
):
    from assembler.commands.build import build_reports

    _refuse_replacing(monkeypatch, XXGK, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        build_reports(workdir=workdir, force=True)
    assert _files(workdir) == built


def test_a_word_lock_file_beside_a_report_stops_the_build_before_writing(
    workdir: Path, built: dict[str, bytes]
):
    lock = workdir / "output" / f"~${XXGK[2:]}"  # Word's owner file of an open document
    lock.write_bytes(b"\x0bclerk")
    result = CliRunner().invoke(main, ["build", "--force"])
    assert (result.exit_code, result.stderr) == (
        1,
        f"{XXGK} 正在 Word 或 WPS 中打开（旁边有锁定文件 {lock.name}）；请先关闭它再生成，所有报告都未改动\n",
    )
    assert {k: v for k, v in _files(workdir).items() if k != lock.name} == built


def test_a_full_disk_is_told_with_the_path(workdir: Path, built: dict[str, bytes], monkeypatch):
    def full(path: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(assembler.writing.outputs, "verify_document", full)
    result = CliRunner().invoke(main, ["build", "--force"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"磁盘空间不足，无法写入 {workdir / 'output' / FAZHI}；请清理磁盘（或换一个有空间的文件夹）后重试\n"
    )
    assert _files(workdir) == built


def test_a_folder_without_permission_is_told_with_the_path(workdir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(workdir)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(workdir / "output"))

    monkeypatch.setattr(assembler.writing.outputs.tempfile, "mkstemp", denied)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"没有权限写入 {workdir / 'output'}（文件夹只读、属于其他用户，或文件正在 Word、WPS、Excel 中打开）；"
        "请关闭文件或换一个有权限的文件夹后重试\n"
    )
    assert not (workdir / "output").exists() or not any((workdir / "output").iterdir())


def test_a_path_too_long_is_told(workdir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(workdir)
    name = "很长的报告名称" * 20 + ".docx"  # 140 characters, 420 bytes: more than a file name may have
    result = CliRunner().invoke(main, ["build", "--template", "法治政府建设年度报告", "-o", name])
    assert result.exit_code == 1
    assert result.stderr.startswith("路径太长，无法写入 ")
    assert result.stderr.endswith("；请把工作文件夹放到较短的路径下（如 D:\\报告）后重试\n")


def test_a_file_where_the_output_folder_must_be_is_told(workdir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(workdir)
    (workdir / "报告").write_text("", encoding="utf-8")
    for output in ("报告/2024.docx", "报告/2024/法治.docx"):
        result = CliRunner().invoke(main, ["build", "--template", "法治政府建设年度报告", "-o", output])
        folder = str(Path(output).parent)
        assert (result.exit_code, result.stderr) == (
            1,
            f"报告 是一个文件，不是文件夹，无法写入 {folder}；请换一个位置，或把这个文件改名\n",
        )


def test_an_input_folder_that_cannot_be_read_is_told(workdir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(workdir)

    def denied(self, pattern):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "rglob", denied)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"没有权限读取 {workdir / 'inputs' / '2024'}（")


def test_internal_errors_are_logged_where_the_user_may_write(tmp_path: Path, monkeypatch, workdir: Path):
    import assembler.commands.build

    monkeypatch.chdir(workdir)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(assembler.commands.build, "build_reports", lambda **_: 1 / 0)
    first = CliRunner().invoke(main, ["build"])
    assert first.exit_code == 3
    log = Path(first.stderr.split("：", 1)[1].strip())
    assert log.parent == tmp_path / "state" / "assembler"
    assert "ZeroDivisionError" in log.read_text(encoding="utf-8")


def test_save_atomically_refuses_an_existing_file_without_force(tmp_path: Path):
    class Doc:
        def save(self, path: str) -> None:
            Path(path).write_text("new", encoding="utf-8")

    target = tmp_path / "a.docx"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OutputError, match="报告已存在"):
        assembler.writing.outputs.save_atomically(Doc(), target, force=False)
    assert assembler.writing.outputs.save_atomically(Doc(), target, force=True) == tmp_path / "a.docx.bak"
    assert (target.read_text(encoding="utf-8"), (tmp_path / "a.docx.bak").read_text(encoding="utf-8")) == (
        "new",
        "old",
    )


def test_every_report_already_there_is_named(tmp_path: Path):
    """Two reports there without --force: both named in the one answer, not the first alone."""
    from assembler.model.errors import OutputError
    from assembler.writing.outputs import OutputSet

    reports = [
        tmp_path / "甲街道2024年法治政府建设年度报告.docx",
        tmp_path / "甲街道2024年政府信息公开工作年度报告.docx",
    ]
    for report in reports:
        report.write_bytes(b"")
    with pytest.raises(OutputError) as caught:
        OutputSet.preflight(reports, force=False, new=reports)
    assert str(caught.value) == (
        f"报告已存在：{reports[0]}、{reports[1]}\n如需重新生成并覆盖，请在命令后加 --force（原报告会另存为 .bak 备份）"
    )
    OutputSet.preflight(reports, force=True, new=reports)  # with --force: nothing to refuse
