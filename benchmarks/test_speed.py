"""Speed, measured: `pip install ".[bench]" && pytest benchmarks`.

Targets on an ordinary office PC (2 cores): `--help` well under a second; building the
sample report (22 workbooks, with its audit workbook) in a few seconds; checking a folder
whose ledger holds 20,000 rows in a few seconds. These are measurements to watch, not
pass/fail timing tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import samples  # noqa: E402

from assembler.build import build, check_inputs  # noqa: E402


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench")
    samples.write_inputs(root)
    return root


def test_help_starts_fast(benchmark):
    benchmark.pedantic(
        subprocess.run, args=([sys.executable, "-m", "assembler", "--help"],), kwargs={"capture_output": True},
        rounds=5, iterations=1,
    )  # fmt: skip


def test_build_sample_report(benchmark, work: Path):
    benchmark.pedantic(lambda: build(workdir=work, force=True), rounds=3, iterations=1)


def test_check_a_20000_row_ledger(benchmark, work: Path):
    path = work / "inputs/2024/司法所-普法宣传与矛盾化解情况表.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["普法活动台账"]
    ws.protection.sheet = False
    row = [c.value for c in ws[2]][:6]
    for r in range(2, 20_002):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    wb.save(path)
    problems = benchmark.pedantic(lambda: check_inputs(workdir=work), rounds=3, iterations=1)
    assert not [p for p in problems if p.severity.name == "ERROR"]
