"""No file a user can make ends in 程序内部出错: that message is for our own bugs only.

Every kind of file a clerk can put where the tool reads one — the settings, a workbook in the
year folder, an office's own template folder (with catalog.toml or 指标目录.xlsx), a document
to lint, last year's report to adopt — is fed through every command that reads it. Each must answer in Chinese with exit code 0, 1 or 2.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from assembler.cli import main
from assembler.reading.templates import bundled_template_root


def _zip(**parts: bytes) -> bytes:
    """The same bytes every run (a member's date is part of them)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 3, 15, 8, 34, 40)), data)
    return buf.getvalue()


def _workbook() -> bytes:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "表单编号"
    wb.active["B1"] = "执法"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# What a clerk's disk can hold where a file is expected.
JUNK: dict[str, bytes | None] = {
    "empty": b"",
    "binary": bytes(range(256)) * 8,
    "utf16-text": "\ufeff[单位]\n街道 = 某街道\n".encode("utf-16-le"),
    "gbk-text": "[单位]\n街道 = 某街道\n署名 = 某\n".encode("gbk"),
    "half-a-zip": _zip(**{"a.xml": b"<a/>"})[:40],
    "zip-of-nonsense": _zip(**{"word/document.xml": b"<not xml", "[Content_Types].xml": b"<Types"}),
    "workbook-of-another-kind": _workbook(),
    "pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    "toml-nonsense": b"[report\nname = ",
    "a-folder": None,  # a folder where a file should be
}


def _place(path: Path, data: bytes | None) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    if data is None:
        path.mkdir()
    else:
        path.write_bytes(data)


def _own_template(root: Path) -> Path:
    """An office's own copy of the default template (it wins over the shipped one)."""
    target = root / "templates" / "法治政府建设年度报告"
    shutil.copytree(bundled_template_root() / "法治政府建设年度报告", target)
    return target


def _own_workbook_template(root: Path) -> Path:
    """An office's own template whose catalog is a 指标目录.xlsx (as `assembler adopt` writes)."""
    target = _own_template(root)
    (target / "catalog.toml").unlink()
    return target


ADOPT = ["adopt 上年报告{} --year 2024 --name 甲", "init 新单位 --from 上年报告{}"]

PLACES = {
    "settings": (lambda root: root / "inputs" / "单位设置.ini", ["check", "build", "forms", "lint"]),
    "workbook": (
        lambda root: root / "inputs" / "2024" / "综合执法大队-综合执法工作情况表.xlsx",
        ["check", "build"],
    ),
    "catalog": (lambda root: _own_template(root) / "catalog.toml", ["check", "build", "forms", "lint"]),
    "template": (lambda root: _own_template(root) / "template.docx", ["check", "build", "lint"]),
    "document": (lambda root: root / "别人的报告.docx", ["lint 别人的报告.docx"]),
    "catalog-workbook": (
        lambda root: _own_workbook_template(root) / "指标目录.xlsx",
        ["check", "build", "forms", "lint"],
    ),
    "report-docx": (lambda root: root / "上年报告.docx", [c.format(".docx") for c in ADOPT]),
    "report-txt": (lambda root: root / "上年报告.txt", [c.format(".txt") for c in ADOPT]),
    "report-doc": (lambda root: root / "上年报告.doc", [ADOPT[0].format(".doc")]),
}


@pytest.mark.parametrize("kind", sorted(JUNK))
@pytest.mark.parametrize("place", sorted(PLACES))
def test_every_user_file_gets_a_chinese_answer(workdir: Path, monkeypatch, place: str, kind: str):
    where, commands = PLACES[place]
    _place(where(workdir), JUNK[kind])
    monkeypatch.chdir(workdir)
    for command in commands:
        args = command.split()
        if args[0] == "forms":
            args += ["--year", "2024", "-o", f"空白表格-{kind}"]
        result = CliRunner().invoke(main, args)
        shown = result.output
        assert "程序内部出错" not in shown, (place, kind, command, shown)
        assert "Traceback" not in shown, (place, kind, command, shown)
        assert result.exit_code in (0, 1, 2), (place, kind, command, result.exit_code, shown)
