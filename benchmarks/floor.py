"""The floor a build is measured against: the least any tool must do for the same report.

    python benchmarks/floor.py INPUT_DIR TEMPLATE.docx CONTEXT.json OUT.docx

It reads every cell of every workbook in INPUT_DIR with python-calamine, and renders the
template with a ready dict of the report's words (CONTEXT.json, written by `run.py` from a
real build) — no checking, no combining, no audit workbook, no command-line parsing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(input_dir: Path, template: Path, context_file: Path, out: Path) -> int:
    from docxtpl import DocxTemplate
    from python_calamine import CalamineWorkbook

    cells = 0
    for path in sorted(input_dir.rglob("*.xlsx")):
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            for row in workbook.get_sheet_by_name(name).to_python(skip_empty_area=False):
                cells += len(row)
        workbook.close()
    document = DocxTemplate(str(template))
    document.render(json.loads(context_file.read_text(encoding="utf-8")), autoescape=True)
    document.save(str(out))
    return cells


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:5]))
