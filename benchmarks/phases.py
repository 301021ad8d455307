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
TEMPLATES = ROOT / "templates"

BUILD = r"""
import json, sys, tempfile, time
t = time.perf_counter(); out = []
def mark(label):
    global t
    now = time.perf_counter(); out.append((label, now - t)); t = now
import click; mark("import click")
import assembler.cli; mark("import assembler.cli")
import gc; gc.disable()  # as `build` runs its pipeline (cli.pipeline_running)
import assembler.commands.build as b; mark("import assembler.commands.build (the pipeline's modules)")
from pathlib import Path
import assembler.compute.assembly as asm
from assembler.compute.figures import compute_figures, with_previous
from assembler.compute.submissions import check_submissions
from assembler.reading.workbooks import read_inputs
year_dir = Path(sys.argv[1]).resolve(); work = year_dir.parent
office = asm.load_office(input_dir=year_dir, template=None, workdir=work); year = office.year
mark("catalogs and settings")
import python_calamine; mark("import python_calamine")
inputs = read_inputs(year_dir, office.selected, skip=office.skip); mark("read workbooks (calamine)")
accepted = check_submissions(office.selected, inputs.submissions, office.settings, year, others=inputs.others,
                             versions=office.versions)
mark("check submissions")
figures, more = compute_figures(office.selected, accepted, office.settings, year)
previous = asm.previous_year(office, work)
figures = with_previous(figures, previous) if previous else figures
mark("compute figures (and last year's)")
assemblies = [asm._assembly(office, tdir, own, accepted, figures, [], work) for tdir, own in office.reports]
mark("narrative parts and checks")
import docxtpl; mark("import docxtpl")
rendered = [b._render_report(a, draft=False) for a in assemblies]
mark("render reports (+ template check, signature, title)")
import assembler.writing.outputs as o
folder = Path(tempfile.mkdtemp())
for i, (doc, traced, told) in enumerate(rendered):
    o.save_atomically(doc, folder / f"r{i}.docx", force=True, verify=o.verify_document)
mark("save reports + verify")
import xlsxwriter; mark("import xlsxwriter")
import assembler.writing.audit as p
for i, (a, (doc, traced, told)) in enumerate(zip(assemblies, rendered)):
    o.save_atomically(p.audit_workbook(a, f"r{i}.docx", traced), folder / f"a{i}.xlsx", force=True,
                      verify=o.verify_workbook)
mark("write audit workbooks + verify")
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
mark("read workbooks (calamine)")
from docxtpl import DocxTemplate; mark("import docxtpl")
ready = json.loads(Path(sys.argv[2]).read_text("utf-8"))
docs = []
for name, words in ready.items():
    d = DocxTemplate(str(Path(sys.argv[3]) / name / "template.docx")); d.render(words["words"], autoescape=True)
    docs.append(d)
mark("render reports (+ template check, signature, title)")
folder = Path(tempfile.mkdtemp())
for i, d in enumerate(docs):
    d.save(str(folder / f"f{i}.docx"))
mark("save reports + verify")
import xlsxwriter; mark("import xlsxwriter")
sys.path.insert(0, sys.argv[4])
from floor import write_audit
for i, words in enumerate(ready.values()):
    write_audit(folder / f"a{i}.xlsx", words["audit"])
mark("write audit workbooks + verify")
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
    floor = phases(
        FLOOR, [str(year_dir), str(context), str(TEMPLATES), str(ROOT / "benchmarks")], repeat, env
    )
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
