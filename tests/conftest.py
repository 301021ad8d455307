"""Shared fixtures: sample input folders, and the report built from the shipped inputs."""

from __future__ import annotations

import os
import shutil
import sys
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

import inputgen  # noqa: E402
import samples  # noqa: E402

from assembler.commands.build import build  # noqa: E402

REFERENCE = HERE / "data" / "2024-zhongshanmen-fazhi-report.txt"


@pytest.fixture(scope="session", autouse=True)
def _inputs_made_once(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Input folders `samples.write_inputs` makes are kept for the run and copied when asked for
    again, by any test in any xdist worker (`inputgen.write_inputs`)."""
    from once import shared_dir

    os.environ[inputgen.CACHE_VARIABLE] = str(shared_dir(tmp_path_factory) / "inputs-cache")


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
    samples.write_inputs(root, values={"一般程序处罚": 4})
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
