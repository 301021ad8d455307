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
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from samples import COMMUNITY_VALUES, NODES, TEMPLATE, VALUES_2024, activity, fill_form  # noqa: E402

from assembler.catalog import load_catalog  # noqa: E402
from assembler.forms import form_file_name, make_form_workbook  # noqa: E402
from assembler.settings import SETTINGS_NAME, parse_settings  # noqa: E402
from assembler.workspace import settings_text  # noqa: E402


def communities_for_workbooks(workbooks: int) -> int:
    """How many communities make `workbooks` workbooks in all, with the departments' forms."""
    catalog = load_catalog(TEMPLATE / "catalog.toml")
    departments = sum(1 for form in catalog.forms.values() if not form.many)
    if workbooks <= departments:
        raise SystemExit(f"--workbooks must be more than the {departments} department forms")
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
    text = settings_text(office="测试街道", year=year, city="天津市", district="河东区", communities=names)
    (out_dir / SETTINGS_NAME).write_text(text, encoding="utf-8")
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
