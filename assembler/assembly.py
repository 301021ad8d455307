"""What is read and computed for one report of one office for one year.

An office may make several reports (its settings list them): the inputs are read once for
all of them, against the office's catalog (`catalog.union`), and every figure is computed
once; each report is then an `Assembly` seeing the figures through its own catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .errors import Problem
from .figures import Figure
from .narrative import Narrative
from .settings import Settings
from .sources import Submission
from .templates import TemplateDir


@dataclass
class Assembly:
    input_dir: Path
    year: int
    settings: Settings
    template: TemplateDir
    catalog: Catalog  # the report's own catalog
    submissions: list[Submission] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)  # every figure of the office's inputs
    problems: list[Problem] = field(default_factory=list)  # the inputs' and this report's
    narrative: Narrative = field(default_factory=Narrative)

    @property
    def workbooks(self) -> int:
        return len({s.file for s in self.submissions})

    @property
    def figure_count(self) -> int:
        return sum(1 for key in self.catalog.figures if key in self.figures)

    def context(self, *, draft: bool = False) -> dict[str, Any]:
        from .context import render_context

        return render_context(self, draft=draft)

    @property
    def missing(self) -> list[str]:
        return [spec.label for key, spec in self.catalog.figures.items() if key not in self.figures]

    def title(self) -> str:
        return self.catalog.report_title(self.settings.context(self.year))
