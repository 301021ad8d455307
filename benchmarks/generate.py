"""Write a valid synthetic input folder at a chosen scale, for measuring speed.

    python benchmarks/generate.py --communities 15 --ledger-rows 1000 --applications 14 /tmp/street/2024
    assembler build /tmp/street/2024

OUT_DIR is a year folder (its name is the year, as `assembler build` expects). It gets a
`单位设置.ini` naming N communities and the office's two reports (法治政府建设年度报告 and
政府信息公开工作年度报告), and every workbook the tests' generator (`tests/inputgen.py`) writes for
them: the forms `assembler.writing.forms` makes, exactly what clerks fill in, with the sample
office's values (`tests/data/sample-inputs.toml`), one community form per community, a
普法活动台账 of M rows and an 依申请公开台账 of A applications generated from the catalogs
(`--rows 台账=N` sets any ledger's). Street scale: 15 communities, about 1,000 activities and
a dozen applications (22 workbooks); district scale: 293 communities and 100,000 activities
(300 workbooks); a busy office: 3,000 applications.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from inputgen import plan_inputs, write_plan
from samples import DATA

from assembler.model.catalog import union
from assembler.model.settings import SETTINGS_NAME, parse_settings, settings_text
from assembler.reading.catalogs import load_catalog
from assembler.reading.templates import find_template
from assembler.writing.forms import department_forms

REPORTS = ("法治政府建设年度报告", "政府信息公开工作年度报告")
ACTIVITIES, APPLICATIONS = "普法活动台账", "依申请公开台账"


def _settings(year: int, communities: list[str]) -> str:
    return settings_text(
        office="测试街道",
        year=year,
        city="天津市",
        district="河东区",
        communities=communities,
        reports=REPORTS,
    )


def communities_for_workbooks(workbooks: int) -> int:
    """How many communities make `workbooks` workbooks in all, with the departments' workbooks."""
    catalogs = [load_catalog(find_template(name).catalog) for name in REPORTS]
    departments = len(department_forms(union(catalogs)))
    if workbooks <= departments:
        raise SystemExit(f"--workbooks must be more than the {departments} department workbooks")
    return workbooks - departments


def community_names(n: int) -> list[str]:
    return [f"第{i:04d}社区" for i in range(1, n + 1)]


def generate(
    out_dir: Path,
    *,
    communities: int,
    ledger_rows_count: int,
    applications_count: int = 14,
    rows: dict[str, int] | None = None,
) -> int:
    """Fill `out_dir` (a year folder); returns the number of workbooks written."""
    try:
        year = int(out_dir.name)
    except ValueError:
        raise SystemExit(
            f"OUT_DIR must be named after the year, e.g. /tmp/street/2024 (got {out_dir})"
        ) from None
    if out_dir.exists() and any(out_dir.iterdir()):
        raise SystemExit(f"{out_dir} is not empty; choose a new folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / SETTINGS_NAME).write_text(_settings(year, community_names(communities)), encoding="utf-8")
    counts = {ACTIVITIES: ledger_rows_count, APPLICATIONS: applications_count, **(rows or {})}
    plan = plan_inputs(
        ROOT, year=year, settings=parse_settings(out_dir / SETTINGS_NAME), data=DATA, rows=counts
    )
    return len(write_plan(plan, out_dir))


def ready_context(year_dir: Path) -> dict[str, dict[str, Any]]:
    """Check the folder as `assembler check` would (it must have no errors) and return, by
    template, what the floor needs ready: `words`, each report's words by tag (a table as a
    dict of rows of words, the narrative parts as they are), and `audit`, its 溯源表's sheets
    as rows of plain cells (the same rows the build writes)."""
    from assembler.commands.build import _render_report
    from assembler.compute.assembly import assemble_reports
    from assembler.compute.context import render_context
    from assembler.compute.tables import TableView
    from assembler.model.marks import unmarked
    from assembler.writing import audit

    def plain(value: Any) -> Any:
        if isinstance(
            value, TableView
        ):  # rows also under their straight-quoted names, as docxtpl writes them
            rows = {
                r.key: {c: unmarked(str(value[r.key][c])) for c in value.spec.columns_of(r)}
                for r in value.spec.rows
            }
            return rows | {k.replace("“", '"').replace("”", '"'): v for k, v in rows.items()}
        if isinstance(value, list | dict):
            return value
        return unmarked(str(value))

    def cell(value: Any) -> Any:
        return value if value is None or isinstance(value, int | float | str) else str(value)

    def sheet(columns: tuple[tuple[str, int], ...], rows: list[list[Any]]) -> list[list[Any]]:
        return [[title for title, _ in columns]] + [[cell(v) for v in row] for row in rows]

    ready = {}
    for assembly in assemble_reports(input_dir=year_dir, workdir=year_dir.parent):
        errors = [str(p) for p in assembly.problems if p.severity.name == "ERROR"]
        if errors:
            raise SystemExit("generated inputs have errors:\n" + "\n".join(errors[:5]))
        _, traced, _ = _render_report(assembly, draft=False)
        book = audit.audit_workbook(assembly, f"{assembly.template.name}.docx", traced)
        ready[assembly.template.name] = {
            "words": {key: plain(value) for key, value in render_context(assembly).items()},
            "audit": {
                "指标溯源": sheet(audit.FIGURE_COLUMNS, book.figures),
                "来源明细": sheet(audit.SOURCE_COLUMNS, book.sources),
                audit.CHECKS_SHEET: sheet(audit.CHECK_COLUMNS, book.checks),
                audit.UNTRACED_SHEET: sheet(audit.UNTRACED_COLUMNS, book.untraced),
                "说明": [[cell(v) for v in row] for row in book.about],
            },
        }
    return ready


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    scale = parser.add_mutually_exclusive_group()
    scale.add_argument("--communities", type=int, default=15, help="number of communities (default 15)")
    scale.add_argument(
        "--workbooks", type=int, help="workbooks in all (communities = this − department forms)"
    )
    parser.add_argument(
        "--ledger-rows", type=int, default=1000, help="rows in the 普法活动台账 (default 1000)"
    )
    parser.add_argument(
        "--applications", type=int, default=14, help="rows in the 依申请公开台账 (default 14)"
    )
    parser.add_argument(
        "--rows", action="append", default=[], metavar="台账=N", help="rows of any ledger (repeatable)"
    )
    parser.add_argument(
        "--context", type=Path, help="also check the folder and write the report's words (JSON) here"
    )
    parser.add_argument("out_dir", type=Path, help="a new year folder, e.g. /tmp/street/2024")
    args = parser.parse_args()
    communities = communities_for_workbooks(args.workbooks) if args.workbooks else args.communities
    n = generate(
        args.out_dir,
        communities=communities,
        ledger_rows_count=args.ledger_rows,
        applications_count=args.applications,
        rows={name: int(n) for name, _, n in (r.partition("=") for r in args.rows)},
    )
    print(f"wrote {n} workbooks to {args.out_dir}")
    if args.context:
        words = ready_context(args.out_dir)
        args.context.write_text(json.dumps(words, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
