"""The sample office, 中山门街道: what its departments submitted for its 2023 and 2024 reports.

The values are data, `tests/data/sample-inputs.toml` (figures, community values, ledger rows and
文字材料 for each year); `inputgen` writes them into the blank forms the catalogs make, and
generates whatever a catalog asks for that the data does not give (nothing, for the sample's
own reports). 法治政府建设年度报告: the exact counts behind the published report
(`tests/data/2024-zhongshanmen-fazhi-report.txt`; 134 activities → 130余场).
政府信息公开工作年度报告: SAMPLE DATA, invented for the demonstration, said so on every sheet
that holds it.

    python tests/samples.py    # inputs/2023 and inputs/2024 written anew, swapped in when complete

Tests use `write_inputs` to make variants in a temporary folder (any settings, any catalogs).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import inputgen
from inputgen import Plan, fill_figures, fill_workbook, plan_inputs, read_data

from assembler.model.settings import SETTINGS_NAME

DATA_FILE = ROOT / "tests" / "data" / "sample-inputs.toml"
DATA: dict[str, Any] = read_data(DATA_FILE)
SETTINGS = ROOT / "inputs" / SETTINGS_NAME
REFERENCE = ROOT / "tests" / "data" / "2024-zhongshanmen-fazhi-report.txt"
YEARS = (2023, 2024)

__all__ = [
    "DATA",
    "SETTINGS",
    "Plan",
    "fill_figures",
    "fill_workbook",
    "plan",
    "write_inputs",
    "write_inputs_for_office",
]


def write_inputs(
    root: Path,
    *,
    year: int = 2024,
    values: Mapping[str, Any] | None = None,
    settings_text: str | None = None,
    community_values: Mapping[str, Mapping[str, Any]] | None = None,
    rows: Mapping[str, int | Sequence[Mapping[str, Any]]] | None = None,
    data: Mapping[str, Any] | None = DATA,
) -> Path:
    """`root/inputs/<year>/` filled in for the office's reports (its settings: `settings_text`,
    else `root`'s own, else the sample office's): the sample's data where it applies, the rest
    generated from the catalogs. Returns the folder."""
    return inputgen.write_inputs(
        root,
        year=year,
        values=values,
        settings_text=settings_text,
        data=data,
        community_values=community_values,
        rows=rows,
    )


def plan(root: Path, *, year: int = 2024, **kw: Any) -> Plan:
    """What `write_inputs` would write, in memory (for filling blank forms: `fill_workbook`)."""
    return plan_inputs(root, year=year, data=kw.pop("data", DATA), **kw)


def write_inputs_for_office(root: Path, office: str, *, year: int = 2024) -> Path:
    """`write_inputs` for an office of another name: its settings and its forms say so."""
    text = SETTINGS.read_text(encoding="utf-8").replace("街道 = 中山门街道", f"街道 = {office}")
    return write_inputs(root, year=year, settings_text=text)


def figures(year: int = 2024) -> dict[str, Any]:
    """The data's values of the departments' figures for `year`."""
    return dict(DATA[str(year)]["figures"])


if __name__ == "__main__":
    for folder in inputgen.regenerate(ROOT, YEARS, data=DATA):
        print(f"已生成 {folder}")
