"""Measure `assembler build` against its floor, whole processes, in one run.

    pip install ".[bench]"
    python benchmarks/run.py            # about 5 minutes the first time (it writes the inputs)
    python benchmarks/run.py --quick    # street scale and --help only, 3 repetitions

For every scale it times the whole process of `assembler build` and of the floor (a bare
script that only reads every cell of the same workbooks and renders the same template with
a ready dict: `floor.py`), one right after the other, alternating which goes first, and
records each process's peak memory (its maximum resident set). The ratio is the median of
the pairs' ratios: a pair sees the same machine, whose speed here moves by a third within
minutes, while the medians of builds and of floors may come from different moments. The
street scale, a third of a second a run, is paired STREET_PAIRS times a repetition. It also
times `assembler --help`. It prints a table of medians with ratios and targets and the
street build's phases (`phases.py`), and writes them with a plot of time and memory against
the number of workbooks to docs/benchmarks.md (with docs/benchmarks-notes.md appended).

Inputs are generated once by `generate.py` into --work (default: a folder in the system
temporary directory) and reused; delete that folder after changing the generator. Peak
memory comes from os.wait4, so the script runs on Linux or macOS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
DOCS = ROOT / "docs"

# Targets (medians on the 2-core reference machine).
STREET_RATIO = 1.3  # the street office with both reports: build / floor
SCALE_RATIO = 1.5  # the district and the busy office's 3,000 applications
EXTRA_MIB = 20  # a build's peak memory above the floor's, at every scale
THOUSAND_SECONDS = 1.5
THOUSAND_MIB = 100
HELP_SECONDS = 0.15
STREET_PAIRS = 4  # street pairs per repetition: 20 in a full run, where one pair's ratio spans ±0.3


@dataclass(frozen=True)
class Scale:
    name: str
    workbooks: int
    ledger_rows: int
    applications: int = 14

    @property
    def folder(self) -> str:
        return f"{self.name}-{self.workbooks}wb-{self.ledger_rows}rows-{self.applications}apps"


STREET = Scale("street", 22, 1_000)
SWEEP = [STREET, Scale("sweep", 100, 1_000), Scale("sweep", 300, 1_000), Scale("sweep", 1_000, 1_000)]
DISTRICT = Scale("district", 300, 100_000)
APPLICATIONS = Scale("applications", 22, 1_000, 3_000)  # a busy office's 依申请公开台账


@dataclass
class Runs:
    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)

    @property
    def time(self) -> float:
        return statistics.median(self.seconds)

    @property
    def memory(self) -> float:
        return max(self.peak_mib)


def pair_ratios(build: Runs, floor: Runs) -> list[float]:
    """Each build's time over the floor's measured beside it."""
    return sorted(b / f for b, f in zip(build.seconds, floor.seconds, strict=True))


def spread(ratios: list[float]) -> tuple[float, float, float]:
    """Median and quartiles."""
    if len(ratios) < 4:
        return statistics.median(ratios), ratios[0], ratios[-1]
    low, mid, high = statistics.quantiles(ratios, n=4)
    return mid, low, high


# As installed with pip, modules come from compiled bytecode; a development shell may forbid
# writing it (PYTHONDONTWRITEBYTECODE), which would charge every run for compiling the source.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and peak resident memory (MiB) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return elapsed, usage.ru_maxrss / 1024  # KiB on Linux


def assembler_command() -> list[str]:
    script = Path(sys.executable).with_name("assembler")
    return [str(script)] if script.exists() else [sys.executable, "-m", "assembler"]


def prepare(scale: Scale, work: Path) -> Path:
    """The scale's input folder (generated once) and the floor's ready dict beside it."""
    year_dir = work / scale.folder / "2024"
    done = work / scale.folder / "ready"
    if not done.exists():
        shutil.rmtree(work / scale.folder, ignore_errors=True)
        print(f"generating {scale.folder} …", flush=True)
        # In a process of its own: this one stays small, so that the peak memory of the
        # processes it starts is theirs (a forked child starts with its parent's pages).
        subprocess.run(
            [
                sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--workbooks", str(scale.workbooks),
                "--ledger-rows", str(scale.ledger_rows), "--applications", str(scale.applications),
                "--context", str(work / scale.folder / "context.json"), str(year_dir),
            ],
            check=True,
        )  # fmt: skip
        done.touch()
    return year_dir


def run(scales: list[Scale], work: Path, repeat: int) -> tuple[dict[Scale, dict[str, Runs]], Runs]:
    results: dict[Scale, dict[str, Runs]] = {s: {"build": Runs(), "floor": Runs()} for s in scales}
    help_runs = Runs()
    folders = {s: prepare(s, work) for s in scales}
    out = Path(tempfile.mkdtemp(prefix="assembler-bench-out-"))
    try:
        for rep in range(-1, repeat):  # repetition -1 warms caches (bytecode, files) and is dropped
            print(f"repetition {rep + 1}/{repeat}" if rep >= 0 else "warming up", flush=True)
            for scale in scales:
                year_dir = folders[scale]
                build = [*assembler_command(), "build", str(year_dir), "-o", str(out / "build")]
                floor = [
                    sys.executable, str(ROOT / "benchmarks" / "floor.py"), str(year_dir), str(TEMPLATES),
                    str(year_dir.parent / "context.json"), str(out / "floor"),
                ]  # fmt: skip
                order = [("build", build), ("floor", floor)]
                for pair in range(STREET_PAIRS if scale == STREET else 1):
                    (out / "build").mkdir()
                    for kind, cmd in order if (rep + pair) % 2 == 0 else order[::-1]:
                        seconds, mib = measure(cmd, cwd=year_dir.parent)
                        if rep >= 0:
                            results[scale][kind].seconds.append(seconds)
                            results[scale][kind].peak_mib.append(mib)
                    shutil.rmtree(out)
                    out.mkdir()
            seconds, mib = measure([*assembler_command(), "--help"], cwd=out)
            if rep >= 0:
                help_runs.seconds.append(seconds)
                help_runs.peak_mib.append(mib)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return results, help_runs


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def table(results: dict[Scale, dict[str, Runs]], help_runs: Runs) -> list[str]:
    lines = [
        "| scale | workbooks | ledger rows | applications | pairs | floor (s) | build (s) | build / floor (quartiles) | floor peak (MiB) | build peak (MiB) | target |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for scale, runs in results.items():
        build, floor = runs["build"], runs["floor"]
        ratio, low, high = spread(pair_ratios(build, floor))
        extra = build.memory - floor.memory
        targets = [f"memory ≤ floor + {EXTRA_MIB} MiB: {verdict(extra <= EXTRA_MIB)}"]
        if scale == STREET:
            targets.insert(0, f"build ≤ {STREET_RATIO}× floor: {verdict(ratio <= STREET_RATIO)}")
        elif scale in (DISTRICT, APPLICATIONS):
            targets.insert(0, f"build ≤ {SCALE_RATIO}× floor: {verdict(ratio <= SCALE_RATIO)}")
        elif scale.workbooks == 1_000:
            ok = build.time <= THOUSAND_SECONDS and build.memory <= THOUSAND_MIB
            targets.insert(0, f"≤ {THOUSAND_SECONDS} s and ≤ {THOUSAND_MIB} MiB: {verdict(ok)}")
        target = "; ".join(targets)
        lines.append(
            f"| {scale.name} | {scale.workbooks:,} | {scale.ledger_rows:,} | {scale.applications:,} "
            f"| {len(build.seconds)} | {floor.time:.3f} | {build.time:.3f} "
            f"| {ratio:.2f} ({low:.2f}–{high:.2f}) | {floor.memory:.0f} | {build.memory:.0f} | {target} |"
        )
    lines.append(
        f"| `assembler --help` | | | | {len(help_runs.seconds)} | | {help_runs.time:.3f} | | | {help_runs.memory:.0f} "
        f"| ≤ {HELP_SECONDS} s: {verdict(help_runs.time <= HELP_SECONDS)} |"
    )
    return lines


def plot(results: dict[Scale, dict[str, Runs]], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    sweep = sorted(
        (s for s in results if s.ledger_rows == STREET.ledger_rows and s.applications == STREET.applications),
        key=lambda s: s.workbooks,
    )
    fig, (ax_time, ax_mem) = plt.subplots(1, 2, figsize=(10, 4))
    for kind, style in (("build", "o-"), ("floor", "s--")):
        x = [s.workbooks for s in sweep]
        ax_time.plot(x, [results[s][kind].time for s in sweep], style, label=f"{kind}")
        ax_mem.plot(x, [results[s][kind].memory for s in sweep], style, label=f"{kind}")
    ax_time.axhline(THOUSAND_SECONDS, color="grey", lw=0.8, ls=":", label="target at 1,000")
    ax_mem.axhline(THOUSAND_MIB, color="grey", lw=0.8, ls=":", label="target")
    ax_time.set(xlabel="workbooks", ylabel="seconds (median, whole process)", title="Time")
    ax_mem.set(xlabel="workbooks", ylabel="MiB (peak resident)", title="Peak memory", ylim=(0, None))
    ax_time.set_ylim(0, None)
    for ax in (ax_time, ax_mem):
        ax.legend()
        ax.grid(alpha=0.3)
    fig.suptitle(f"assembler build vs floor, ledger of {STREET.ledger_rows:,} rows")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return True


def write_docs(lines: list[str], repeat: int, plotted: bool, phases: list[str]) -> Path:
    DOCS.mkdir(exist_ok=True)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    body = [
        "# Benchmarks",
        "",
        "Written by `python benchmarks/run.py` (see its docstring). Whole-process wall time (medians over "
        f"{repeat} repetitions; build / floor is the median of the ratios of a build and a floor run one right "
        f"after the other, the street scale paired {STREET_PAIRS} times a repetition) and peak resident memory "
        "of `assembler build` and of the floor, "
        "a bare script that only reads every cell of the same workbooks with python-calamine, renders "
        "the same templates with ready dicts and writes the same 溯源表 rows as plain cells with XlsxWriter "
        "(`benchmarks/floor.py`).",
        "",
        f"- Run: {dt.datetime.now():%Y-%m-%d %H:%M}, commit {commit or '?'}, Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs.",
        "- Inputs: `benchmarks/generate.py` — an office making both reports (法治政府建设年度报告 and "
        "政府信息公开工作年度报告): its 7 department workbooks, one community form per community, a 普法活动台账 "
        "of the given rows, an 依申请公开台账 of the given applications. Every build writes both reports and "
        "both 溯源表; the floor reads every cell, renders both templates and writes both 溯源表' rows.",
        "",
        *lines,
        "",
    ]
    if plotted:
        body += ["![time and peak memory against workbooks](benchmarks.png)", ""]
    if phases:
        body += [
            "## Where the street-scale build's time goes",
            "",
            "`python benchmarks/phases.py` (medians of fresh processes; the interpreter's own start, the "
            "same for both, is not in the table):",
            "",
            *phases,
            "",
        ]
    notes = DOCS / "benchmarks-notes.md"
    if notes.exists():
        body += [notes.read_text(encoding="utf-8").strip(), ""]
    path = DOCS / "benchmarks.md"
    path.write_text("\n".join(body), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="repetitions (default 5)")
    parser.add_argument("--quick", action="store_true", help="street scale and --help only, 3 repetitions")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "assembler-bench")
    parser.add_argument("--no-docs", action="store_true", help="print only; leave docs/ alone")
    args = parser.parse_args()
    scales = [STREET] if args.quick else [*SWEEP, APPLICATIONS, DISTRICT]
    repeat = 3 if args.quick else args.repeat
    results, help_runs = run(scales, args.work, repeat)
    lines = table(results, help_runs)
    print("\n".join(lines))
    street = args.work / STREET.folder
    phases = table_of_phases(street / "2024", street / "context.json", repeat)
    print("\n".join(phases))
    if not (args.quick or args.no_docs):
        DOCS.mkdir(exist_ok=True)
        plotted = plot(results, DOCS / "benchmarks.png")
        print(f"written: {write_docs(lines, repeat, plotted, phases)}")


def table_of_phases(year_dir: Path, context: Path, repeat: int) -> list[str]:
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "phases.py"), str(year_dir), str(context), "--repeat", str(repeat)],
        capture_output=True, text=True, check=True, env=ENV,
    ).stdout  # fmt: skip
    return out.strip().splitlines()


if __name__ == "__main__":
    main()
