"""Finding templates: an office's own `templates/NAME/` first, then the ones shipped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import TemplateNotFound

DEFAULT_TEMPLATE = "法治政府建设年度报告"  # when an office's settings list no report (the sample's)
# What `assembler init` gives a new office unless told: the report written from its own
# departments' text. The default template is 中山门街道's own report, a worked example.
NEW_OFFICE_TEMPLATE = "法治政府建设年度报告（通用）"
CATALOG_WORKBOOK = "指标目录.xlsx"


def has_catalog(folder: Path) -> bool:
    return (folder / "catalog.toml").is_file() or (folder / CATALOG_WORKBOOK).is_file()


def bundled_template_root() -> Path:
    """The templates installed with the package (or, in a checkout, the repo's folder)."""
    here = Path(__file__).resolve().parent
    installed = here / "_templates"
    return installed if installed.is_dir() else here.parent / "templates"


@dataclass(frozen=True)
class TemplateDir:
    name: str
    folder: Path

    @property
    def docx(self) -> Path:
        return self.folder / "template.docx"

    @property
    def catalog(self) -> Path:
        """`catalog.toml`, or the clerk's workbook `指标目录.xlsx` where there is no TOML."""
        toml = self.folder / "catalog.toml"
        return toml if toml.is_file() else self.folder / CATALOG_WORKBOOK


def available_templates(workdir: Path | None = None) -> list[str]:
    roots = [bundled_template_root()]
    if workdir is not None:
        roots.insert(0, workdir / "templates")
    names = {p.name for root in roots if root.is_dir() for p in root.iterdir() if has_catalog(p)}
    return sorted(names)


def find_template(name: str = DEFAULT_TEMPLATE, workdir: Path | None = None) -> TemplateDir:
    candidates = []
    as_path = Path(name)
    if as_path.is_dir():
        candidates.append(as_path)
    if workdir is not None:
        candidates.append(workdir / "templates" / name)
    candidates.append(bundled_template_root() / name)
    for folder in candidates:
        if (folder / "template.docx").is_file() and has_catalog(folder):
            return TemplateDir(folder.name, folder)
    known = "、".join(available_templates(workdir)) or "（无）"
    raise TemplateNotFound(f"找不到模板“{name}”。可用的模板：{known}")
