"""The ECMA-376 validator (the workplace's, or the copy in tests/tools) run on .docx files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "tools" / "ooxml_validate.py"
VALIDATOR = SHARED if SHARED.is_file() else HERE / "tools" / "ooxml_validate.py"


def schema_problems(*docs: Path) -> list[str]:
    """Every error and warning the validator reports for `docs`."""
    run = subprocess.run(
        [sys.executable, str(VALIDATOR), *map(str, docs)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode in (0, 1), run.stderr
    verdicts = [line for line in run.stdout.splitlines() if "(ECMA-376" in line]
    assert len(verdicts) == len(docs), run.stdout
    return [line for line in run.stdout.splitlines() if ": ERROR: " in line or ": WARNING: " in line]
