"""Shared fixtures: sample input folders, and the report built from the shipped inputs."""

from __future__ import annotations

import gc
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check rules, not speed: no per-example deadline to flake on a busy CI machine.
# In development they explore anew each run; in CI (the `CI` variable) they are derandomized, so a
# landing never fails at random. Examples they once found are kept as explicit @example cases.
settings.register_profile("assembler", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "assembler")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import inputgen  # noqa: E402
import samples  # noqa: E402

from assembler.commands.build import build  # noqa: E402

REFERENCE = HERE / "data" / "2024-zhongshanmen-fazhi-report.txt"


SCRATCH_IN_MEMORY = Path("/dev/shm")  # Linux's memory-backed folder
SCRATCH_ROOM = 2 * 1024**3  # a run writes some 300 MB there; pytest keeps the last three runs


def pytest_configure(config: pytest.Config) -> None:
    """Scratch folders in memory where the machine has room for them: a run writes some 300 MB
    of input folders, reports and LibreOffice profiles, and on a virtual machine's disk that was
    a tenth of the run's time. A TMPDIR or --basetemp of one's own is kept; xdist's workers
    inherit the choice."""
    if os.environ.get("PYTEST_XDIST_WORKER") or os.environ.get("TMPDIR") or config.option.basetemp:
        return
    shm = SCRATCH_IN_MEMORY
    if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > SCRATCH_ROOM:
        import tempfile

        os.environ["TMPDIR"] = str(shm)
        tempfile.tempdir = None  # read TMPDIR again


@pytest.fixture(autouse=True)
def _collectable_again() -> Iterator[None]:
    """`build` and `check` freeze what their pipeline made (`cli.pipeline_running`: the command's
    process ends soon after); a test process goes on, so the collector gets it back."""
    yield
    gc.unfreeze()


@pytest.fixture(scope="session", autouse=True)
def _inputs_made_once(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Input folders `samples.write_inputs` makes, and the workbooks LibreOffice Calc saves for the
    bad-input corpus, are made once for the run, for every xdist worker."""
    from once import shared_dir

    os.environ[inputgen.CACHE_VARIABLE] = str(shared_dir(tmp_path_factory) / "inputs-cache")
    os.environ[corpus.CALC_CACHE] = str(shared_dir(tmp_path_factory) / "saved-by-calc")


@pytest.fixture(scope="session", autouse=True)
def _slow_set_ups_start_early(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, _inputs_made_once: None
):
    """The run's slow set-ups that wait mostly on other programs (a fresh environment, offline
    packages: `EARLY` in their test modules, made in turn; the workbooks Calc saves: `USES_CALC`)
    start in the background as it begins, if it has tests that need them."""
    from once import in_background, once

    modules = {item.module for item in request.session.items if getattr(item, "module", None)}
    jobs = {}
    for module in sorted(modules, key=lambda m: m.__name__):
        early = getattr(module, "EARLY", {})
        if early:
            jobs[module.__name__] = lambda early=early: [
                once(tmp_path_factory, n, m) for n, m in early.items()
            ]
    if any(getattr(module, "USES_CALC", False) for module in modules):
        clean = request.getfixturevalue("clean_base")
        jobs["saved-by-calc"] = lambda: corpus.saved_by_calc(clean, next(iter(corpus._SAVED_BY_CALC)))
    threads = in_background(jobs)
    yield
    for thread in threads:  # a set-up this process began is finished for the others waiting on it
        thread.join()


@pytest.fixture(scope="session")
def sample_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Complete, valid 2024 inputs, written once for the whole session (never changed)."""
    root = tmp_path_factory.mktemp("sample-base")
    samples.write_inputs(root)
    return root


@pytest.fixture(scope="session")
def clean_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample inputs without the published report's one inconsistency (54 penalties, but
    50 + 3 by procedure: a warning): inputs with no problem at all, for the bad-input corpus."""
    root = tmp_path_factory.mktemp("clean-base")
    samples.write_inputs(root, values=corpus.CLEAN_VALUES)
    return root


@pytest.fixture(scope="session")
def clean_report(clean_base: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("clean-report")
    shutil.copytree(clean_base / "inputs", target / "inputs")
    return build(workdir=target).report


@pytest.fixture
def workdir(sample_base: Path, tmp_path: Path) -> Path:
    """A working folder with complete, valid 2024 inputs (a fresh copy for each test)."""
    shutil.copytree(sample_base / "inputs", tmp_path / "inputs")
    return tmp_path


@pytest.fixture(scope="session")
def shipped_workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's own `inputs/` (the files a clerk gets with the tool)."""
    target = tmp_path_factory.mktemp("shipped")
    shutil.copytree(ROOT / "inputs", target / "inputs")
    return target


@pytest.fixture(scope="session")
def shipped_report(shipped_workdir: Path) -> Path:
    return build(workdir=shipped_workdir).report


def paragraphs(docx: Path) -> list[str]:
    from docx import Document

    return [p.text for p in Document(str(docx)).paragraphs if p.text.strip()]


def report_text(docx: Path) -> str:
    return "\n".join(paragraphs(docx))
