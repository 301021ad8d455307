"""The double-click files `init` writes: the .sh ones run here (with and without a terminal),
the .desktop entry is run as the Desktop Entry Specification reads it, and the .cmd ones are
checked byte by byte, with folders named in Chinese, with spaces and worse."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batchfile import check_batch_file, unescaped
from click.testing import CliRunner

from assembler.cli import main
from assembler.commands.forms import next_year
from assembler.install.shortcuts import SHORTCUTS, Tool, cmd_text, desktop_text, write_shortcuts

NAMES = ("生成报告", "检查表格", "生成空白表格")
REPORTS = ("中山门街道2024年法治政府建设年度报告.docx", "中山门街道2024年政府信息公开工作年度报告.docx")


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder made by `assembler init`, in a path with spaces and Chinese characters."""
    parent = tmp_path_factory.mktemp("init") / "共享 文件夹" / "年度 报告"
    parent.mkdir(parents=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(parent)
        patch.delenv("ASSEMBLER_LAUNCHER", raising=False)
        result = CliRunner().invoke(main, ["init", "中山门 街道", "--office", "中山门街道", "--year", "2024"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "文件夹中的“生成报告”“检查表格”“生成空白表格”可以双击运行（Windows 用 .cmd，Linux 桌面用 .desktop）。"
    )
    return parent / "中山门 街道"


@pytest.fixture
def office(initialised: Path, tmp_path: Path) -> Path:
    """A copy of that folder for one test, as a clerk would have it after copying it elsewhere."""
    copy = tmp_path / "共享 文件夹" / "年度 报告" / "中山门 街道"
    shutil.copytree(initialised, copy)
    return copy


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **extra}


def _run(script: Path, env: dict[str, str], cwd: Path | str = "/") -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/sh", str(script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


def test_init_writes_the_double_click_files(office: Path):
    for name in NAMES:
        for suffix in (".cmd", ".sh", ".desktop"):
            assert (office / f"{name}{suffix}").is_file(), name + suffix
        assert os.access(office / f"{name}.sh", os.X_OK)
        assert b"\r" not in (office / f"{name}.sh").read_bytes()


def test_the_sh_files_run_the_command_on_their_folder(office: Path, sample_base: Path, tmp_path: Path):
    """Run from anywhere, each works on its own folder: blank forms, a check, and the reports,
    after which the output folder is opened (xdg-open, here a stand-in that notes its argument)."""
    forms = _run(office / "生成空白表格.sh", _env(tmp_path))
    assert forms.returncode == 0, forms.stderr
    year = next_year(office)  # the year after the one init made the forms of
    assert forms.stdout.startswith(f"已生成 8 份空白表格，保存在：空白表格/{year}")
    assert len(list((office / "空白表格" / str(year)).rglob("*.xlsx"))) == 8

    check = _run(office / "检查表格.sh", _env(tmp_path))
    assert check.returncode == 1
    assert "处级领导干部接待群众来访人次：未填写，请填入整数（没有请填 0）" in check.stdout

    shutil.rmtree(office / "inputs")
    shutil.copytree(sample_base / "inputs", office / "inputs")
    opener = tmp_path / "bin"
    opener.mkdir()
    (opener / "xdg-open").write_text(f'#!/bin/sh\necho "$@" > "{tmp_path}/opened"\n', encoding="utf-8")
    (opener / "xdg-open").chmod(0o755)
    build = _run(office / "生成报告.sh", _env(tmp_path, PATH=f"{opener}:/usr/bin:/bin", DISPLAY=":0"))
    assert build.returncode == 0, build.stderr
    for report in REPORTS:
        assert f"报告已生成：output/{report}" in build.stdout
        assert (office / "output" / report).is_file()
    for _ in range(50):
        if (tmp_path / "opened").exists():
            break
        time.sleep(0.1)
    assert (tmp_path / "opened").read_text(encoding="utf-8") == f"{office / 'output'}\n"


def test_a_failed_build_opens_nothing(office: Path, tmp_path: Path):
    opener = tmp_path / "bin"
    opener.mkdir()
    (opener / "xdg-open").write_text(f'#!/bin/sh\ntouch "{tmp_path}/opened"\n', encoding="utf-8")
    (opener / "xdg-open").chmod(0o755)
    build = _run(office / "生成报告.sh", _env(tmp_path, PATH=f"{opener}:/usr/bin:/bin", DISPLAY=":0"))
    assert build.returncode == 1
    time.sleep(0.2)
    assert not (tmp_path / "opened").exists()


def test_in_a_terminal_the_result_stays_until_a_key_is_pressed(office: Path, tmp_path: Path):
    import pty

    master, slave = pty.openpty()
    process = subprocess.Popen(
        ["/bin/sh", str(office / "检查表格.sh")],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=_env(tmp_path),
        cwd="/",
    )
    os.close(slave)
    shown = b""
    deadline = time.monotonic() + 120
    while "按任意键关闭本窗口".encode() not in shown:
        assert time.monotonic() < deadline, shown.decode("utf-8", "replace")
        if select.select([master], [], [], 1)[0]:
            shown += os.read(master, 65536)
    time.sleep(0.3)
    assert process.poll() is None  # still showing the result
    os.write(master, b"x")
    assert process.wait(timeout=10) == 1
    os.close(master)
    assert "检查完成：" in shown.decode("utf-8")


def _desktop_argv(entry: Path) -> list[str]:
    """The command a desktop runs for an entry, read as the Desktop Entry Specification says:
    the string value's escapes, then quoted arguments, then field codes (%k: the entry's path)."""
    line = next(x for x in entry.read_text(encoding="utf-8").splitlines() if x.startswith("Exec="))
    value, i = "", 5
    while i < len(line):  # \\ \s \n \t \r
        if line[i] == "\\" and i + 1 < len(line):
            value += {"s": " ", "n": "\n", "t": "\t", "r": "\r"}.get(line[i + 1], line[i + 1])
            i += 2
        else:
            value += line[i]
            i += 1
    args, current, quoted, i = [], None, False, 0
    while i < len(value):
        char = value[i]
        if quoted and char == "\\" and value[i + 1] in '"`$\\':
            current += value[i + 1]
            i += 1
        elif char == '"':
            quoted = not quoted
            current = current or ""
        elif char == " " and not quoted:
            if current is not None:
                args.append(current)
            current = None
        else:
            current = (current or "") + char
        i += 1
    if current is not None:
        args.append(current)
    return [str(entry) if a == "%k" else a.replace("%%", "%") for a in args]


def test_the_desktop_entry_runs_its_script_in_its_folder(office: Path, tmp_path: Path):
    argv = _desktop_argv(office / "检查表格.desktop")
    assert argv[:2] == ["sh", "-c"]
    done = subprocess.run(
        argv, cwd="/", env=_env(tmp_path), capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 1
    assert "检查完成：" in done.stdout
    text = (office / "检查表格.desktop").read_text(encoding="utf-8")
    assert "\nTerminal=true\n" in text and "\nName=检查表格\n" in text


@pytest.mark.parametrize("name", ["年度 报告", "a \"b\" $HOME `c` 'd' \\e 100%k 中 文"])
def test_desktop_entry_and_sh_quoting_hold_for_any_folder_name(tmp_path: Path, name: str):
    """The entry finds its folder through %k, and falls back on the folder it was written in;
    the .sh names a recorded Python whatever its path."""
    folder = tmp_path / name
    folder.mkdir()
    python = folder / "py thon"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    write_shortcuts(folder, systems=("linux",), tool=Tool(python=python))
    script = (folder / "检查表格.sh").read_text(encoding="utf-8")
    assert f"{python} -P -m assembler check" not in script  # quoted, not bare
    done = _run(folder / "检查表格.sh", _env(tmp_path))
    assert done.returncode == 2  # it ran the tool: there is no inputs folder here
    assert "inputs" in done.stderr

    (folder / "检查表格.sh").write_text('pwd > "$HOME/where"\n', encoding="utf-8")
    argv = _desktop_argv(folder / "检查表格.desktop")
    for args in (argv, argv[:-1]):  # with %k, and from a desktop that gives no location
        (tmp_path / "where").unlink(missing_ok=True)
        subprocess.run(args, cwd="/", env=_env(tmp_path), check=True)
        assert (tmp_path / "where").read_text(encoding="utf-8") == f"{folder}\n"


def test_the_cmd_files_are_ascii_with_crlf_and_quote_every_path(office: Path):
    for name in NAMES:
        lines = check_batch_file((office / f"{name}.cmd").read_bytes())
        command = {"生成报告": "build", "检查表格": "check", "生成空白表格": "forms"}[name]
        assert 'pushd "%~dp0"' in lines
        assert f'call "%ASSEMBLER_TOOL%" {command}' in lines
        assert ("pause" in lines) and lines[-1] == "exit /b %ASSEMBLER_RC%"
        opens = r'if "%ASSEMBLER_RC%"=="0" if exist "%~dp0output\" start "" "%~dp0output"'
        assert (opens in lines) is (name == "生成报告")
        assert unescaped(next(x for x in lines if "Unescape" in x))[0].startswith("找不到年度报告生成工具")
        assert not any(str(Path.home()) in line for line in lines)  # nothing recorded from Linux


def test_a_cmd_file_names_a_recorded_windows_path_only_in_ascii():
    shortcut = SHORTCUTS[0]
    plain = Tool(
        launcher=Path("C:/Tools/Report Tool (x86)/assembler.cmd"), python=Path("C:/Python 3.12/python.exe")
    )
    text = cmd_text(shortcut, plain, windows=True)
    lines = check_batch_file(text.replace("\n", "\r\n").encode("ascii"))
    launcher = str(plain.launcher)
    assert f'if not defined ASSEMBLER_TOOL if exist "{launcher}" set "ASSEMBLER_TOOL={launcher}"' in lines
    assert f'"{plain.python}" -P -m assembler build' in lines
    chinese = Tool(launcher=Path("C:/年度 工具/assembler.cmd"), python=Path("C:/Users/张三/python.exe"))
    # Such paths cannot be written in a .cmd: the file finds the tool beside or above it instead.
    assert cmd_text(shortcut, chinese, windows=True) == cmd_text(shortcut, Tool(), windows=True)


def test_the_desktop_entry_describes_itself_in_chinese(tmp_path: Path):
    text = desktop_text(SHORTCUTS[2], tmp_path)
    assert text.startswith("[Desktop Entry]\nType=Application\nVersion=1.0\nName=生成空白表格\n")
    assert "Comment=生成今年各部门的空白填报表（assembler forms）\n" in text
