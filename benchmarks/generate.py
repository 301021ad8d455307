"""Write a valid synthetic input folder at a chosen scale, for measuring speed.

    python benchmarks/generate.py --communities 15 --ledger-rows 1000 /tmp/street/2024
    assembler build /tmp/street/2024

OUT_DIR is a year folder (its name is the year, as `assembler build` expects). It gets a
`单位设置.ini` naming N communities, every department's form of the default template filled
with the sample values, one community form per community, and a 普法活动台账 of M rows.
The forms are made by `assembler.forms` itself, so they are exactly what clerks fill in.
Street scale: 15 communities and about 1,000 ledger rows (22 workbooks); district scale:
293 communities and 100,000 rows (300 workbooks).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from samples import COMMUNITY_VALUES, NODES, TEMPLATE, VALUES_2024, fill_form  # noqa: E402

from assembler.catalog import load_catalog  # noqa: E402
from assembler.forms import form_file_name, make_form_workbook  # noqa: E402
from assembler.settings import SETTINGS_NAME, parse_settings  # noqa: E402


def communities_for_workbooks(workbooks: int) -> int:
    """How many communities make `workbooks` workbooks in all, with the departments' forms."""
    catalog = load_catalog(TEMPLATE / "catalog.toml")
    departments = sum(1 for form in catalog.forms.values() if not form.many)
    if workbooks <= departments:
        raise SystemExit(f"--workbooks must be more than the {departments} department forms")
    return workbooks - departments


def community_names(n: int) -> list[str]:
    return [f"第{i:04d}社区" for i in range(1, n + 1)]


def settings_text(communities: list[str], year: int) -> str:
    return (
        "[单位]\n街道 = 测试街道\n简称 = 测试\n市 = 天津市\n区 = 河东区\n署名 = 测试街道办事处\n"
        f"社区 = {'、'.join(communities)}\n\n[成文日期]\n{year} = {year + 1}年1月20日\n"
    )


def ledger_rows(n: int, communities: list[str], year: int, seed: int = 0) -> list[list[Any]]:
    """`n` plausible 普法 activities spread over the year, with the sample's mix of occasions."""
    rng = random.Random(seed)
    weights = [count for count, _, _ in NODES.values()]
    nodes = list(NODES.items())
    rows = []
    for _ in range(n):
        node, (_, (m1, d1, m2, d2), themes) = rng.choices(nodes, weights)[0]
        start, end = dt.date(year, m1, d1), dt.date(year, m2, d2)
        day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
        posters = rng.randint(1, 3) if node in ("国家安全日", "国家宪法日") else rng.choice([None, 0, 2])
        rows.append([day, rng.choice(communities), rng.choice(themes), node, rng.randint(10, 25), posters])
    rows.sort(key=lambda r: r[0])
    return rows


def generate(out_dir: Path, *, communities: int, ledger_rows_count: int) -> int:
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
    (out_dir / SETTINGS_NAME).write_text(settings_text(names, year), encoding="utf-8")
    settings = parse_settings(out_dir / SETTINGS_NAME)
    catalog = load_catalog(TEMPLATE / "catalog.toml")
    written = 0
    for form in catalog.forms.values():
        if form.many:
            (out_dir / form.title).mkdir()
            for community in names:
                wb = make_form_workbook(catalog, form, settings, year, community)
                fill_form(wb, COMMUNITY_VALUES)
                wb.save(out_dir / form.title / form_file_name(form, community))
                written += 1
            continue
        wb = make_form_workbook(catalog, form, settings, year)
        fill_form(wb, VALUES_2024)
        for ledger in catalog.form_ledgers(form.id):
            ws = wb[ledger.id]
            for r, row in enumerate(ledger_rows(ledger_rows_count, names, year), start=2):
                for c, value in enumerate(row, start=1):
                    ws.cell(row=r, column=c, value=value)
        wb.save(out_dir / form_file_name(form))
        written += 1
    return written


def ready_context(year_dir: Path) -> dict[str, str]:
    """Check the folder as `assembler check` would (it must have no errors) and return the
    report's words by tag: the ready dict the floor renders."""
    from assembler.build import assemble

    assembly = assemble(input_dir=year_dir, workdir=year_dir.parent)
    errors = [str(p) for p in assembly.problems if p.severity.name == "ERROR"]
    if errors:
        raise SystemExit("generated inputs have errors:\n" + "\n".join(errors[:5]))
    return {key: str(value) for key, value in assembly.context().items()}


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
        "--context", type=Path, help="also check the folder and write the report's words (JSON) here"
    )
    parser.add_argument("out_dir", type=Path, help="a new year folder, e.g. /tmp/street/2024")
    args = parser.parse_args()
    communities = communities_for_workbooks(args.workbooks) if args.workbooks else args.communities
    n = generate(args.out_dir, communities=communities, ledger_rows_count=args.ledger_rows)
    print(f"wrote {n} workbooks to {args.out_dir}")
    if args.context:
        words = ready_context(args.out_dir)
        args.context.write_text(json.dumps(words, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
