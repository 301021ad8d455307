"""The floor a build is measured against: the least any tool must do for the same reports.

    python benchmarks/floor.py INPUT_DIR TEMPLATES_DIR CONTEXT.json OUT_DIR

It reads every cell of every workbook in INPUT_DIR with python-calamine, and renders each
report's template (TEMPLATES_DIR/<name>/template.docx) with a ready dict of that report's
words (CONTEXT.json, by template name, written by `generate.py` from a real build) — no
checking, no combining, no audit workbook, no command-line parsing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(input_dir: Path, templates: Path, context_file: Path, out: Path) -> int:
    from docxtpl import DocxTemplate
    from python_calamine import CalamineWorkbook

    cells = 0
    for path in sorted(input_dir.rglob("*.xlsx")):
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            for row in workbook.get_sheet_by_name(name).to_python(skip_empty_area=False):
                cells += len(row)
        workbook.close()
    out.mkdir(parents=True, exist_ok=True)
    for name, words in json.loads(context_file.read_text(encoding="utf-8")).items():
        document = DocxTemplate(str(templates / name / "template.docx"))
        document.render(words, autoescape=True)
        document.save(str(out / f"{name}.docx"))
    return cells


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:5]))
