"""Rendering and writing: values are data, a missing tag is named, the report is written safely."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import samples
from conftest import report_text

from assembler.commands.build import build
from assembler.model.errors import CatalogError, OutputError
from assembler.reading.templates import find_template, template_tags
from assembler.writing.render import render_docx, safe_file_name


def test_missing_figure_is_a_clear_error_not_a_hole(tmp_path: Path):
    tdir = find_template()
    with pytest.raises(CatalogError, match="模板用到的标签没有数据") as caught:
        render_docx(tdir.docx, {"年度": "2024"})
    assert "is undefined" in caught.value.message  # names the tag jinja could not find
    assert "街道" in template_tags(tdir.docx)


def test_file_names_from_data_stay_in_their_folder():
    assert safe_file_name("../../etc/passwd") == "_.._etc_passwd"
    assert safe_file_name('a<b>:c"d|e?f*g') == "a_b__c_d_e_f_g"
    assert safe_file_name("...") == "报告"
    assert "/" not in safe_file_name("x/" * 200) and len(safe_file_name("长" * 300)) <= 120


def test_an_office_name_with_path_characters_cannot_escape(workdir: Path):
    samples.write_inputs_for_office(workdir, "../../中山门街道")
    report = build(workdir=workdir).report
    assert report.parent == workdir / "output"
    assert report.name == "_.._中山门街道2024年法治政府建设年度报告.docx"  # no leading dot: not hidden
    assert "../../中山门街道" in report_text(report)  # the text itself prints as typed


def test_a_report_open_in_word_gives_a_clear_error(workdir: Path, monkeypatch: pytest.MonkeyPatch):
    report = build(workdir=workdir).report
    before = report.read_bytes()

    def locked(src, dst):
        raise PermissionError(13, "sharing violation")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError, match="正在 Word、WPS 或 Excel 中打开，或没有写入权限；请关闭后重试"):
        build(workdir=workdir, force=True)
    assert report.read_bytes() == before
    assert [p.name for p in report.parent.iterdir() if p.name.startswith(".~")] == []


def test_a_failed_build_leaves_the_previous_report_and_no_debris(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
):
    report = build(workdir=workdir).report
    before = report.read_bytes()
    import assembler.writing.outputs

    def broken(path: Path) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(assembler.writing.outputs, "verify_document", broken)
    with pytest.raises(RuntimeError):
        build(workdir=workdir, force=True)
    assert report.read_bytes() == before
    assert sorted(p.name for p in report.parent.iterdir()) == sorted(
        [report.name, f"{report.stem}溯源表.xlsx"]
    )


def test_a_killed_build_leaves_the_previous_report_intact(workdir: Path):
    report = build(workdir=workdir).report
    before = report.read_bytes()
    # Kill the process for real while the new report is half written to its temporary file.
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(Path(__file__).parents[1])!r})
        import assembler.writing.outputs as outputs
        def die(path):
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 2])
            os.kill(os.getpid(), signal.SIGKILL)
        outputs.verify_document = die
        from assembler.commands.build import build
        build(workdir=__import__("pathlib").Path({str(workdir)!r}), force=True)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    assert report.read_bytes() == before
    # The half-written temporary file is cleared by the next build.
    assert [p.name for p in report.parent.glob(".~*")] != []
    build(workdir=workdir, force=True)
    assert [p.name for p in report.parent.glob(".~*")] == []
