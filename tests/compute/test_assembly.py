"""The pipeline's own rules (`compute.assembly`)."""

from __future__ import annotations

from pathlib import Path

from templatecopy import SPLIT_CITY, edited_template

from assembler.compute.assembly import required_settings
from assembler.model.settings import parse_settings, settings_text
from assembler.reading.catalogs import load_catalog
from assembler.reading.templates import TemplateDir, find_template


def test_a_setting_is_needed_where_the_templates_tags_use_it(tmp_path: Path):
    """The tags are read as rendering reads them: a {{ 市 }} Word split over runs needs the
    city; the generic template, which never prints it, does not."""
    ini = tmp_path / "单位设置.ini"
    ini.write_text(
        settings_text(office="朝阳街道", year=2025, district="河东区", communities=["甲社区"]), "utf-8"
    )
    settings = parse_settings(ini)
    assert list(settings.unset) == ["市"]
    default = find_template()
    folder = edited_template(tmp_path, default.folder, lambda xml: xml.replace("{{ 市 }}", SPLIT_CITY))
    split = TemplateDir(folder.name, folder)
    catalog = load_catalog(split.catalog)
    assert [p.cell for p in required_settings(settings, [(split, catalog)], catalog)] == ["市"]
    generic = find_template("法治政府建设年度报告（通用）")
    assert required_settings(settings, [(generic, load_catalog(generic.catalog))], catalog) == []
