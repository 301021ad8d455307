"""Files a clerk double-clicks in an office's folder: 生成报告, 检查表格 and 生成空白表格.

Each runs one command on the folder it is in, shows the result until a key is pressed, and
生成报告 opens the output folder when the reports were written. Windows gets `.cmd` files;
Linux desktops get a `.sh` script and a `.desktop` entry that runs it in a terminal.

A shortcut finds the tool in this order: a launcher beside it (an offline package's own
folder), the launcher that ran `assembler init` (recorded as `ASSEMBLER_LAUNCHER` by
`launch.py`), a launcher one or two folders up (an office folder kept inside the tool's
folder), the Python that ran `init` (a developer's install), then `assembler` on PATH.

The `.cmd` files are ASCII with CRLF line endings, as cmd.exe needs: every path comes from
`%~dp0` at run time (so a folder named in Chinese or with spaces is fine, always in quotes), a
recorded path is written only when it is plain ASCII, and Chinese messages are printed by
PowerShell from `\\u` escapes. The `.desktop` entry finds its folder from `%k` (its own
location), so the folder can be moved; the absolute path at writing time is the fallback.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Shortcut:
    name: str
    command: str
    what: str  # Chinese, for the .desktop comment and the .sh header
    english: str  # for the .cmd comment (ASCII)
    opens_output: bool = False


SHORTCUTS = (
    Shortcut(
        "生成报告", "build", "用本文件夹中的表格生成报告和溯源表", "makes the reports", opens_output=True
    ),
    Shortcut("检查表格", "check", "检查本文件夹中的表格，列出所有问题", "checks the forms"),
    Shortcut("生成空白表格", "forms", "生成今年各部门的空白填报表", "writes this year's blank forms"),
)
SYSTEMS = ("windows", "linux")
NOT_FOUND = (
    "找不到年度报告生成工具（assembler.sh 或 assembler.cmd）：请把本文件夹放在工具文件夹里，"
    "或在工具文件夹中用 init 命令重新建立本文件夹。"
)
NOT_FOUND_EN = "The report tool (assembler.cmd) was not found: keep this folder inside the tool's folder."


@dataclass(frozen=True)
class Tool:
    """Where the tool was when the shortcuts were written: its launcher, and the Python running it."""

    launcher: Path | None = None
    python: Path | None = None


def current_tool() -> Tool:
    """The launcher that started this process (set by launch.py), and this Python."""
    launcher = os.environ.get("ASSEMBLER_LAUNCHER")
    found = Path(launcher).resolve() if launcher and Path(launcher).is_file() else None
    return Tool(launcher=found, python=Path(sys.executable).absolute() if sys.executable else None)


def write_shortcuts(
    folder: Path, *, systems: Sequence[str] = SYSTEMS, tool: Tool | None = None
) -> list[Path]:
    """Write the double-click files into `folder` for `systems` ("windows", "linux"); return them.

    `tool` is where the tool is found when it is not beside or above the folder (default: the
    launcher and Python running now); an offline package passes `Tool()` to record nothing."""
    tool = current_tool() if tool is None else tool
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for shortcut in SHORTCUTS:
        if "windows" in systems:
            path = folder / f"{shortcut.name}.cmd"
            path.write_bytes(cmd_text(shortcut, tool).replace("\n", "\r\n").encode("ascii"))
            written.append(path)
        if "linux" in systems:
            script = folder / f"{shortcut.name}.sh"
            script.write_text(sh_text(shortcut, tool), encoding="utf-8", newline="\n")
            entry = folder / f"{shortcut.name}.desktop"
            entry.write_text(desktop_text(shortcut, folder.resolve()), encoding="utf-8", newline="\n")
            for path in (script, entry):
                path.chmod(0o755)
            written += [script, entry]
    return written


def _ascii_path(path: Path | None, windows: bool) -> str | None:
    """A recorded path a .cmd may name: a Windows path in plain ASCII, nothing cmd.exe would expand."""
    if path is None or not windows:
        return None
    text = str(path)
    return text if text.isascii() and not any(c in text for c in '%^!"') else None


def _escapes(text: str) -> str:
    return "".join(c if ord(c) < 128 else f"\\u{ord(c):04x}" for c in text)


def cmd_say(chinese: str, english: str) -> str:
    """A .cmd line printing `chinese` through PowerShell (ASCII source), or `english` without it."""
    return (
        f"powershell -NoProfile -Command \"Write-Host ([regex]::Unescape('{_escapes(chinese)}'))\" 2>nul"
        f" || echo {english}"
    )


def cmd_text(shortcut: Shortcut, tool: Tool, *, windows: bool | None = None) -> str:
    """The .cmd file; a recorded path is named only when written on Windows (`windows`)."""
    windows = os.name == "nt" if windows is None else windows
    launcher = _ascii_path(tool.launcher, windows)
    python = _ascii_path(tool.python, windows)
    command = shortcut.command
    lines = [
        "@echo off",
        f'rem Double-click file of the annual report tool: {shortcut.english} ("assembler {command}")',
        "rem for the folder this file is in, and shows the result until a key is pressed.",
        'rem Written by "assembler init". ASCII with CRLF line endings: cmd.exe misreads multi-byte text.',
        "setlocal",
        'pushd "%~dp0"',
        'set "ASSEMBLER_TOOL="',
        'set "ASSEMBLER_RC=2"',
        'if exist "%~dp0assembler.cmd" set "ASSEMBLER_TOOL=%~dp0assembler.cmd"',
    ]
    if launcher:
        lines.append(f'if not defined ASSEMBLER_TOOL if exist "{launcher}" set "ASSEMBLER_TOOL={launcher}"')
    lines += [
        r'if not defined ASSEMBLER_TOOL if exist "%~dp0..\assembler.cmd" set "ASSEMBLER_TOOL=%~dp0..\assembler.cmd"',
        r'if not defined ASSEMBLER_TOOL if exist "%~dp0..\..\assembler.cmd" set "ASSEMBLER_TOOL=%~dp0..\..\assembler.cmd"',
        "if defined ASSEMBLER_TOOL goto launcher",
    ]
    if python:
        lines += [
            f'if not exist "{python}" goto path',
            f'"{python}" -P -m assembler {command}',
            'set "ASSEMBLER_RC=%ERRORLEVEL%"',
            "goto shown",
            ":path",
        ]
    lines += [
        "where assembler >nul 2>nul",
        "if errorlevel 1 goto missing",
        f"call assembler {command}",
        'set "ASSEMBLER_RC=%ERRORLEVEL%"',
        "goto shown",
        ":launcher",
        f'call "%ASSEMBLER_TOOL%" {command}',
        'set "ASSEMBLER_RC=%ERRORLEVEL%"',
        "goto shown",
        ":missing",
        cmd_say(NOT_FOUND, NOT_FOUND_EN),
        ":shown",
    ]
    if shortcut.opens_output:
        lines.append(r'if "%ASSEMBLER_RC%"=="0" if exist "%~dp0output\" start "" "%~dp0output"')
    lines += ["echo.", "pause", "popd", "exit /b %ASSEMBLER_RC%", ""]
    return "\n".join(lines)


def sh_text(shortcut: Shortcut, tool: Tool) -> str:
    command = shortcut.command
    branches = ["if [ -f ./assembler.sh ]; then", f"  sh ./assembler.sh {command}"]
    if tool.launcher is not None and tool.launcher.suffix == ".sh":
        quoted = shlex.quote(str(tool.launcher))
        branches += [f"elif [ -f {quoted} ]; then", f"  sh {quoted} {command}"]
    for up in ("..", "../.."):
        branches += [f"elif [ -f {up}/assembler.sh ]; then", f"  sh {up}/assembler.sh {command}"]
    if tool.python is not None and os.name != "nt":
        quoted = shlex.quote(str(tool.python))
        branches += [f"elif [ -x {quoted} ]; then", f"  {quoted} -P -m assembler {command}"]
    branches += [
        "elif command -v assembler >/dev/null 2>&1; then",
        f"  assembler {command}",
        "else",
        f'  echo "{NOT_FOUND}" >&2',
        "  (exit 2)",
        "fi",
    ]
    opens = []
    if shortcut.opens_output:
        opens = [
            "# The reports were written: show them.",
            'if [ "$status" -eq 0 ] && [ -d output ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] \\',
            "    && command -v xdg-open >/dev/null 2>&1; then",
            '  xdg-open "$(pwd)/output" >/dev/null 2>&1 &',
            "fi",
        ]
    lines = [
        "#!/bin/sh",
        f"# 双击运行：{shortcut.what}（assembler {command}）。由 assembler init 写出。",
        "# Runs the tool on the folder this file is in and shows the result until a key is pressed.",
        'cd "$(dirname "$0")" || exit 2',
        *branches,
        "status=$?",
        *opens,
        "if [ -t 0 ]; then",
        "  printf '\\n%s' '按任意键关闭本窗口……'",
        "  saved=$(stty -g 2>/dev/null)",
        "  stty -icanon -echo min 1 2>/dev/null",
        "  dd bs=1 count=1 >/dev/null 2>&1",
        '  [ -n "$saved" ] && stty "$saved" 2>/dev/null',
        "  echo",
        "fi",
        'exit "$status"',
        "",
    ]
    return "\n".join(lines)


def _desktop_quote(arg: str) -> str:
    """One Exec argument, quoted as the Desktop Entry Specification says."""
    for char in '\\"`$':
        arg = arg.replace(char, "\\" + char)
    return f'"{arg}"'


def desktop_exec(script_name: str, folder: Path) -> str:
    """`sh -c SCRIPT %k`: the script runs `script_name` in the folder of the .desktop file (%k,
    passed as $0), or in `folder` when the desktop gives no location."""
    script = (
        f'd=${{0%/*}}; [ -f "$d/{script_name}" ] || d={shlex.quote(str(folder))}; '
        f'cd "$d" && exec sh "./{script_name}"'
    )
    # A literal % is written %% (field codes); a string value escapes its backslashes once more.
    value = "sh -c " + _desktop_quote(script).replace("%", "%%") + " %k"
    return value.replace("\\", "\\\\")


def desktop_text(shortcut: Shortcut, folder: Path) -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.0",
            f"Name={shortcut.name}",
            f"Comment={shortcut.what}（assembler {shortcut.command}）",
            f"Exec={desktop_exec(shortcut.name + '.sh', folder)}",
            "Terminal=true",
            "Icon=x-office-document",
            "Categories=Office;",
            "",
        ]
    )
