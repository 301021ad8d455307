"""Reading last year's 溯源表: where last year's values come from once its inputs are archived.

An office with several reports has a 溯源表 for each; drafts are never read. Each value comes
with its source: the 溯源表's file and the cell that holds it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from assembler.model.sources import Previous, Source
from assembler.reading.sheetscan import column_letter


def values_from_audit(folder: Path, year: int) -> Previous:
    """The figures' exact values from the audit workbooks of `year` in `folder` (drafts
    excluded; an office with several reports has one for each, the newest winning where two
    give a figure): how last year's numbers are found when last year's inputs are gone."""
    from python_calamine import CalamineWorkbook

    candidates = (
        sorted(
            (p for p in folder.glob("*溯源表.xlsx") if "草稿" not in p.name and not p.name.startswith("~$")),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        if folder.is_dir()
        else []
    )

    values: Previous = {}
    for path in candidates:
        try:
            workbook = CalamineWorkbook.from_path(str(path))
            about = {str(r[0]): r[1] for r in workbook.get_sheet_by_name("说明").to_python() if len(r) > 1}
            if str(about.get("年度", "")).removesuffix(".0") != str(year):
                continue
            rows = workbook.get_sheet_by_name("指标溯源").to_python()
        except Exception:  # not one of ours, or damaged: look further
            continue
        header = [str(h) for h in rows[0]]
        key_col, value_col, unit_col = header.index("指标代码"), header.index("数值"), header.index("单位")
        for r, row in enumerate(rows[1:], start=2):
            raw = row[value_col]
            if isinstance(raw, bool) or not isinstance(raw, int | float) or raw == "":
                continue
            number = Decimal(str(raw))
            integral = number == number.to_integral_value() and row[unit_col] not in ("元", "%", "万元")
            source = Source(f"{folder.name}/{path.name}", "指标溯源", f"{column_letter(value_col)}{r}", raw)
            values.setdefault(str(row[key_col]), (int(number) if integral else number, (source,)))
    return values
