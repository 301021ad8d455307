"""The library behind `assembler forms`: blank forms for an office's departments."""

from __future__ import annotations

from pathlib import Path

from assembler.compute.assembly import office_reports
from assembler.model.catalog import union
from assembler.model.settings import load_settings
from assembler.reading.catalogs import load_catalog
from assembler.reading.templates import find_template
from assembler.writing.forms import default_year, superseded_forms, write_forms

__all__ = ["generate_forms", "next_year", "superseded_forms"]


def next_year(workdir: Path) -> int:
    """The year blank forms are for when none is named: the one after the newest year folder
    under `inputs/` (after `init --from` a 2024 report, 2025), else `default_year`."""
    import re

    inputs = workdir / "inputs"
    years = [int(p.name) for p in inputs.glob("*") if p.is_dir() and re.fullmatch(r"(19|20)\d\d", p.name)]
    return max(years) + 1 if years and inputs.is_dir() else default_year()


def generate_forms(
    *,
    out_dir: Path | None = None,
    year: int | None = None,
    template: str | None = None,
    force: bool = False,
    workdir: Path | None = None,
) -> list[Path]:
    """The library behind `assembler forms`: blank forms for every department of the office's
    reports (or of the one `template` names)."""

    workdir = (workdir or Path.cwd()).resolve()
    year = year or next_year(workdir)
    settings = load_settings(workdir / "inputs" / str(year))
    names = [template] if template else office_reports(settings)
    catalog = union([load_catalog(find_template(name, workdir).catalog) for name in dict.fromkeys(names)])
    target = out_dir or workdir / "空白表格" / str(year)
    return write_forms(catalog=catalog, settings=settings, year=year, out_dir=target, force=force)
