"""Write a valid synthetic input folder at a chosen scale, for measuring speed.

    python benchmarks/generate.py --communities 15 --ledger-rows 1000 --applications 14 /tmp/street/2024
    assembler build /tmp/street/2024

OUT_DIR is a year folder (its name is the year, as `assembler build` expects). It gets a
`单位设置.ini` naming N communities and the office's two reports (法治政府建设年度报告 and
政府信息公开工作年度报告), every department's workbook filled with the sample values, one
community form per community, a 普法活动台账 of M rows, an 依申请公开台账 of A applications and
a 行政复议行政诉讼台账 of a few cases. The forms are made by `assembler.writing.forms` itself, so they are
exactly what clerks fill in. Street scale: 15 communities, about 1,000 activities and a dozen
applications (22 workbooks); district scale: 293 communities and 100,000 activities (300
workbooks); a busy office: 3,000 applications.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from samples import COMMUNITY_VALUES, NODES, TEMPLATE, VALUES_2024, XXGK, activity, fill_form

from assembler.model.catalog import union
from assembler.model.settings import SETTINGS_NAME, parse_settings, settings_text
from assembler.reading.catalogs import load_catalog
from assembler.writing.forms import department_forms, form_file_name, make_form_workbook

REPORTS = (TEMPLATE.name, XXGK.name)
APPLICANTS = ("自然人", "自然人", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")


def office_catalog():
    return union([load_catalog(TEMPLATE.parent / name / "catalog.toml") for name in REPORTS])


def communities_for_workbooks(workbooks: int) -> int:
    """How many communities make `workbooks` workbooks in all, with the departments' workbooks."""
    departments = len(department_forms(office_catalog()))
    if workbooks <= departments:
        raise SystemExit(f"--workbooks must be more than the {departments} department workbooks")
    return workbooks - departments


def community_names(n: int) -> list[str]:
    return [f"第{i:04d}社区" for i in range(1, n + 1)]


def ledger_rows(n: int, communities: list[str], year: int, seed: int = 0) -> list[list[Any]]:
    """`n` plausible 普法 activities spread over the year, with the sample's mix of occasions."""
    rng = random.Random(seed)
    nodes = list(NODES)
    weights = [NODES[node][0] for node in nodes]
    rows = [activity(rng.choices(nodes, weights)[0], communities, year, rng) for _ in range(n)]
    rows.sort(key=lambda r: r[0])
    return rows


def applications(n: int, year: int, seed: int = 0) -> list[list[Any]]:
    """`n` applications: received over the year (a few the December before), each finished
    within about three weeks with a result, the last ones still open at the year's end."""
    import datetime as dt

    catalog = load_catalog(XXGK / "catalog.toml")
    results = [c for c in catalog.ledgers["依申请公开台账"].column("办理结果").choices if c != "办理中"]
    rng = random.Random(seed)
    rows = []
    start = dt.date(year, 1, 1)
    for i in range(n):
        received = start + dt.timedelta(days=rng.randrange(-20, 365))
        done = max(
            received + dt.timedelta(days=rng.randrange(3, 20)),
            start + dt.timedelta(days=rng.randrange(1, 15)),
        )
        if done.year > year or i == n - 1:
            rows.append([received, rng.choice(APPLICANTS), "办理中", None, f"申请{i + 1}"])
        else:
            result = "予以公开" if rng.random() < 0.5 else rng.choice(results)
            rows.append([received, rng.choice(APPLICANTS), result, done, f"申请{i + 1}"])
    rows.sort(key=lambda r: r[0])
    return rows


CASES = [["行政复议", "结果维持", "案件一"], ["未经复议直接起诉", "尚未审结", "案件二"]]


def xxgk_values(rows: list[list[Any]], year: int) -> dict[str, Any]:
    catalog = load_catalog(XXGK / "catalog.toml")
    values: dict[str, Any] = {k: 0 for _, _, k in catalog.tables["表二"].cells() if catalog.figures[k].form}
    values.update(
        申请件数确认=sum(1 for r in rows if r[0].year == year),
        复议诉讼件数确认=len(CASES),
        信息处理费件数=0,
        信息处理费金额=0,
    )
    return values


def generate(out_dir: Path, *, communities: int, ledger_rows_count: int, applications_count: int = 14) -> int:
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
    names = community_names(communities)
    text = settings_text(
        office="测试街道", year=year, city="天津市", district="河东区", communities=names, reports=REPORTS
    )
    (out_dir / SETTINGS_NAME).write_text(text, encoding="utf-8")
    settings = parse_settings(out_dir / SETTINGS_NAME)
    catalog = office_catalog()
    applied = applications(applications_count, year)
    values = {**VALUES_2024, **xxgk_values(applied, year)}
    ledgers = {"普法活动台账": ledger_rows(ledger_rows_count, names, year), "依申请公开台账": applied,
               "行政复议行政诉讼台账": CASES}  # fmt: skip
    written = 0
    for form in catalog.forms.values():
        if form.many:
            (out_dir / form.title).mkdir()
            for community in names:
                wb = make_form_workbook(catalog, form, settings, year, community)
                fill_form(wb, COMMUNITY_VALUES)
                wb.save(out_dir / form.title / form_file_name(form, community))
                written += 1
    for forms in department_forms(catalog):
        wb = make_form_workbook(catalog, forms, settings, year)
        fill_form(wb, values)
        for ledger in (led for form in forms for led in catalog.form_ledgers(form.id)):
            ws = wb[ledger.id]
            for r, row in enumerate(ledgers[ledger.id], start=2):
                for c, value in enumerate(row, start=1):
                    ws.cell(row=r, column=c, value=value)
        wb.save(out_dir / form_file_name(forms))
        written += 1
    return written


def ready_context(year_dir: Path) -> dict[str, dict[str, Any]]:
    """Check the folder as `assembler check` would (it must have no errors) and return each
    report's words by tag, by template: the ready dicts the floor renders (a table as a dict
    of rows of words, the narrative parts as they are)."""
    from assembler.compute.assembly import assemble_reports
    from assembler.compute.context import render_context
    from assembler.compute.tables import TableView
    from assembler.model.marks import unmarked

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

    ready = {}
    for assembly in assemble_reports(input_dir=year_dir, workdir=year_dir.parent):
        errors = [str(p) for p in assembly.problems if p.severity.name == "ERROR"]
        if errors:
            raise SystemExit("generated inputs have errors:\n" + "\n".join(errors[:5]))
        ready[assembly.template.name] = {key: plain(value) for key, value in render_context(assembly).items()}
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
    )
    print(f"wrote {n} workbooks to {args.out_dir}")
    if args.context:
        words = ready_context(args.out_dir)
        args.context.write_text(json.dumps(words, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
