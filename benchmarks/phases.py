"""Where a build's time goes, phase by phase, beside the floor's phases.

    python benchmarks/phases.py YEAR_DIR CONTEXT.json [--repeat 5]

Each repetition is a fresh process (imports are a large part of a short build) that times,
with perf_counter, the imports and steps `assembler build` goes through, in its order; and
a fresh process doing the floor's steps (`floor.py`). Prints a Markdown table of medians.
`run.py` calls it for the street scale and puts the table in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "templates" / "法治政府建设年度报告" / "template.docx"

BUILD = r"""
import json, sys, tempfile, time
t = time.perf_counter(); out = []
def mark(label):
    global t
    now = time.perf_counter(); out.append((label, now - t)); t = now
import click; mark("import click")
import assembler.cli; mark("import assembler.cli")
import assembler.build as b; mark("import assembler.build (catalog, sources, figures…)")
from pathlib import Path
year_dir = Path(sys.argv[1]).resolve(); work = year_dir.parent
tdir = b.find_template(b.DEFAULT_TEMPLATE, work); catalog = b.load_catalog(tdir.catalog)
settings = b.load_settings(year_dir); mark("catalog and settings")
import python_calamine; mark("import python_calamine")
inputs = b.read_inputs(year_dir, catalog); subs = inputs.submissions; mark("read workbooks (calamine + checks)")
figures, more = b.compute_figures(catalog, subs, settings, year_dir.name and int(year_dir.name))
b._previous_year(year_dir, work, catalog, settings, int(year_dir.name)); mark("compute figures")
a = b.Assembly(year_dir, int(year_dir.name), settings, tdir, catalog, subs, figures, inputs.problems, [])
import docxtpl; mark("import docxtpl")
import assembler.render as r
doc = r.render_docx(tdir.docx, a.context(), check_tags=lambda tags: b.check_template(tdir, catalog, tags))
mark("render report (+ template check, signature, title)")
folder = Path(tempfile.mkdtemp())
r.save_atomically(doc, folder / "r.docx", force=True); mark("save report + verify")
import xlsxwriter; mark("import xlsxwriter")
import assembler.provenance as p
r.save_atomically(p.audit_workbook(a, "r.docx"), folder / "a.xlsx", force=True, verify=r.verify_workbook)
mark("write audit workbook + verify")
print(json.dumps(out))
"""

FLOOR = r"""
import json, sys, tempfile, time
t = time.perf_counter(); out = []
def mark(label):
    global t
    now = time.perf_counter(); out.append((label, now - t)); t = now
from pathlib import Path
from python_calamine import CalamineWorkbook; mark("import python_calamine")
for path in sorted(Path(sys.argv[1]).rglob("*.xlsx")):
    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    wb.close()
mark("read workbooks (calamine + checks)")
from docxtpl import DocxTemplate; mark("import docxtpl")
d = DocxTemplate(sys.argv[3]); d.render(json.loads(Path(sys.argv[2]).read_text("utf-8")), autoescape=True)
mark("render report (+ template check, signature, title)")
d.save(str(Path(tempfile.mkdtemp()) / "f.docx")); mark("save report + verify")
print(json.dumps(out))
"""


def phases(code: str, args: list[str], repeat: int, env: dict[str, str]) -> dict[str, float]:
    runs: dict[str, list[float]] = {}
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, env=env
        ).stdout
        for label, seconds in json.loads(out):
            runs.setdefault(label, []).append(seconds)
    return {label: statistics.median(values) for label, values in runs.items()}


def table(year_dir: Path, context: Path, repeat: int, env: dict[str, str]) -> list[str]:
    build = phases(BUILD, [str(year_dir)], repeat, env)
    floor = phases(FLOOR, [str(year_dir), str(context), str(TEMPLATE)], repeat, env)
    lines = ["| phase (in build order) | build (ms) | floor (ms) | extra (ms) |", "|---|--:|--:|--:|"]
    for label, seconds in build.items():
        other = floor.get(label, 0.0)
        lines.append(
            f"| {label} | {seconds * 1000:.1f} | {other * 1000:.1f} | {(seconds - other) * 1000:+.1f} |"
        )
    total_build, total_floor = sum(build.values()), sum(floor.values())
    lines.append(
        f"| **total after interpreter start** | **{total_build * 1000:.0f}** | **{total_floor * 1000:.0f}** "
        f"| **{(total_build - total_floor) * 1000:+.0f}** |"
    )
    return lines


def main() -> None:
    import os

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("year_dir", type=Path)
    parser.add_argument("context", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    print("\n".join(table(args.year_dir, args.context, args.repeat, env)))


if __name__ == "__main__":
    main()
