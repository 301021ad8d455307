"""Adopting a published report, whatever its kind: the one entry `assembler adopt` and
`assembler init --from` call. The report is read once (`reading.reports`: Word, text, or a web
page saved from the portal); a 政府信息公开工作年度报告 — recognised by its six headings and its
tables — is adopted with its tables (`information`), any other report from its prose (`adopt`).
"""

from __future__ import annotations

from pathlib import Path

from assembler.adoption.adopt import Adopted, adopt
from assembler.adoption.information import adopt_information
from assembler.adoption.xxgktables import is_information_report
from assembler.reading.reports import read_report


def adopt_report(
    *,
    report: Path,
    workdir: Path,
    year: int | None = None,
    name: str | None = None,
    office: str | None = None,
) -> Adopted:
    """Adopt `report` into `workdir` (see the module's docstring); `name` names the template of a
    report adopted from its prose (a 政府信息公开工作年度报告 keeps the official one)."""
    read = read_report(report)
    if read.paragraphs and is_information_report(read.paragraphs, [t.rows for t in read.tables]):
        return adopt_information(read, report=report, workdir=workdir, year=year, office=office)
    return adopt(report=report, workdir=workdir, year=year, name=name, office=office, read=read)
