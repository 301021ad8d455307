"""What a template's tags must be (`assembler.compute.context`): a misspelt name is told with the
name it was most likely meant to be."""

from __future__ import annotations

from assembler.compute.context import meant, undefined_tags
from assembler.reading.catalogs import load_catalog
from assembler.reading.templates import find_template


def test_a_tag_a_character_off_a_figure_is_told_with_that_figure():
    catalog = load_catalog(find_template().catalog)
    problems = undefined_tags(catalog, {"出动执法人数", "完全不相干的名称"}, "template.docx")
    assert [p.message for p in problems] == [
        "模板标签“{{ 出动执法人数 }}”在指标目录中没有定义；是不是“出动执法人员”？",
        "模板标签“{{ 完全不相干的名称 }}”在指标目录中没有定义",
    ]


def test_nothing_is_guessed_from_names_far_apart():
    assert meant("安全投人", ["安全投入", "隐患总数"]) == "是不是“安全投入”？"
    assert meant("年份", ["年度", "街道"]) == ""
    assert meant("x", []) == ""
