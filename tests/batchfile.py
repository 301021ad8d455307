"""Checks for Windows batch files, which cannot be run here: bytes, line endings and quoting."""

from __future__ import annotations

import re

# What a folder of a clerk's may be called: spaces, Chinese, and the parentheses of "Program Files (x86)".
AWKWARD_FOLDER = "C:\\Users\\张 三\\年度 报告 (2024)\\"
PATH_VARIABLES = ("%~dp0", "%ASSEMBLER_HELPER%", "%ASSEMBLER_PYTHON%", "%ASSEMBLER_TOOL%")


def check_batch_file(data: bytes) -> list[str]:
    """The lines of a .cmd file after checking that cmd.exe reads it as written: ASCII only,
    CRLF line endings, no ( ) blocks, and every path in double quotes even when the folder
    has spaces, Chinese characters and parentheses."""
    text = data.decode("ascii")  # raises on any other byte
    assert "\n" not in text.replace("\r\n", ""), "a line ends without CR"
    assert "\r" not in text.replace("\r\n", ""), "a lone CR"
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    for line in lines:
        if line.lower().startswith("rem ") or line.startswith(":") or line == "rem":
            continue
        assert not re.search(r"\(\s*$", line) and not line.lstrip().startswith(")"), f"a block: {line}"
        expanded = line
        for variable in PATH_VARIABLES:
            expanded = expanded.replace(
                variable, AWKWARD_FOLDER if variable == "%~dp0" else "C:\\x y\\中.cmd"
            )
        for token in _tokens(expanded):
            if any(part in token for part in ("张 三", "x y")):
                assert token.startswith('"') and token.endswith('"'), f"unquoted path in: {line}"
    return lines


def _tokens(line: str) -> list[str]:
    """cmd.exe's words: separated by spaces, except inside double quotes."""
    return re.findall(r'(?:"[^"]*"|[^\s"])+', line)


def unescaped(line: str) -> list[str]:
    """The Chinese texts a line prints from \\u escapes (PowerShell's or Python's)."""
    found = re.findall(r"(?:\\u[0-9a-f]{4}|[^'\\])*\\u[0-9a-f]{4}(?:\\u[0-9a-f]{4}|[^'\\])*", line)
    return [re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), text) for text in found]
