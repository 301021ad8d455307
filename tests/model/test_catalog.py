from __future__ import annotations

import re
from pathlib import Path

import pytest

from assembler.commands.build import check_template
from assembler.model.catalog import parse_catalog
from assembler.model.errors import CatalogError
from assembler.model.settings import SETTING_TAGS
from assembler.reading.catalogs import load_catalog
from assembler.reading.templates import find_template, template_tags

DEFAULT = find_template()


def test_every_tag_is_a_figure_or_setting_and_every_figure_is_used():
    catalog = load_catalog(DEFAULT.catalog)
    tags = template_tags(DEFAULT.docx)
    assert tags - set(catalog.figures) <= set(SETTING_TAGS)
    assert {"街道", "年度", "署名", "成文日期"} <= tags
    assert set(catalog.figures) <= tags
    check_template(DEFAULT, catalog)  # the same rule as the build uses


def test_catalog_covers_the_reports_figures():
    catalog = load_catalog(DEFAULT.catalog)
    assert len(catalog.figures) >= 45
    kinds = {f.combine for f in catalog.figures.values()}
    assert kinds == {"cell", "sum", "count"}
    assert any(f.ledger and f.combine == "sum" for f in catalog.figures.values())
    assert any(f.where for f in catalog.figures.values())


def test_template_has_no_literal_figures():
    """Digits left in the wording are only true constants (dates, thresholds, plan years)."""
    source = (DEFAULT.folder / "template.txt").read_text(encoding="utf-8")
    body = re.sub(r"\{\{.*?\}\}", "", "\n".join(s for s in source.splitlines() if not s.startswith("//")))
    assert sorted(set(re.findall(r"\d+", body))) == ["100", "12", "15", "2021", "2025", "26", "4", "6", "75"]
    for constant in ("“4·15”", "“6·26”", "“12·4”", "2021年-2025年", "100万元以上", "100万以上", "75周年"):
        assert constant in body


def test_template_missing_a_figure_is_reported(tmp_path: Path):
    catalog = load_catalog(DEFAULT.catalog)
    data = {"forms": {"f": {"title": "t", "department": "d"}}, "figures": [{"key": "未用指标", "form": "f"}]}
    extra = parse_catalog(data, tmp_path / "catalog.toml")
    with pytest.raises(CatalogError) as caught:
        check_template(DEFAULT, extra)
    messages = [p.message for p in caught.value.problems]
    assert "指标“未用指标”在模板中没有用到；请在模板中使用它，或从指标目录中删除" in messages
    assert any(m == "模板标签“{{ 出动执法人员 }}”在指标目录中没有定义" for m in messages)
    assert catalog.figures


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        ({"key": "x", "form": "nope"}, "来源表单“nope”未定义"),
        ({"key": "1x", "form": "f"}, "不能用作模板标签"),
        ({"key": "x", "form": "f", "type": "float"}, "类型“float”无效"),
        ({"key": "x", "form": "f", "phrase": "约10"}, "不认识的表述"),
        ({"key": "x", "ledger": "nope"}, "台账“nope”未定义"),
        ({"key": "x", "form": "many"}, None),  # many forms default to a sum
        ({"key": "x", "form": "many", "combine": "cell"}, "有多份报表"),
        ({"key": "x", "form": "many", "type": "text"}, "不能求和"),
    ],
)
def test_catalog_mistakes_are_reported(figure, message):
    data = {
        "forms": {
            "f": {"title": "t", "department": "d"},
            "many": {"title": "m", "department": "d", "many": True},
        },
        "figures": [figure],
    }
    if message is None:
        assert parse_catalog(data).figures["x"].combine == "sum"
        return
    with pytest.raises(CatalogError) as caught:
        parse_catalog(data)
    assert message in caught.value.problems[0].message
