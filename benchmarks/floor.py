"""The floor a build is measured against: the least any tool must do for the same reports.

    python benchmarks/floor.py INPUT_DIR TEMPLATES_DIR CONTEXT.json OUT_DIR

It reads every cell of every workbook in INPUT_DIR with python-calamine, renders each
report's template (TEMPLATES_DIR/<name>/template.docx) with a ready dict of that report's
words, and writes each report's 溯源表 from ready rows with XlsxWriter: the same sheets and
rows as the build's, as plain cells. The words and rows are in CONTEXT.json (by template
name, written by `generate.py` from a real build). No checking, no combining, no tracing,
no formatting of the audit workbook, no command-line parsing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def read_every_cell(input_dir: Path) -> int:
    from python_calamine import CalamineWorkbook

    cells = 0
    for path in sorted(input_dir.rglob("*.xlsx")):
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            for row in workbook.get_sheet_by_name(name).to_python(skip_empty_area=False):
                cells += len(row)
        workbook.close()
    return cells


def write_audit(path: Path, sheets: dict[str, list[list]]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False, "strings_to_numbers": False})  # fmt: skip
    for sheet, rows in sheets.items():
        ws = wb.add_worksheet(sheet)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
    wb.close()


def main(input_dir: Path, templates: Path, context_file: Path, out: Path) -> int:
    from docxtpl import DocxTemplate

    cells = read_every_cell(input_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, ready in json.loads(context_file.read_text(encoding="utf-8")).items():
        document = DocxTemplate(str(templates / name / "template.docx"))
        document.render(ready["words"], autoescape=True)
        document.save(str(out / f"{name}.docx"))
        write_audit(out / f"{name} 溯源表.xlsx", ready["audit"])
    return cells


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:5]))
