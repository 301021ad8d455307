"""A template's tags: read one way (`template_tags`), found in a paragraph by the render
environment's delimiters (`written_tags`)."""

from __future__ import annotations

from pathlib import Path

from templatecopy import SPLIT_CITY, edited_template

from assembler.reading import templates
from assembler.reading.templates import (
    BLOCK,
    COMMENT,
    PRINT,
    find_template,
    jinja_env,
    template_paragraphs,
    template_tags,
    untagged,
    written_tags,
)

DEFAULT = find_template()


def test_written_tags_as_docxtpl_reads_them():
    text = "入户{%p for 段 in 节.段落 %}走访{{r 入户走访|余数(10) }}户{# 说明 #}"
    assert [(t.text, t.kind, t.source, t.inner) for t in written_tags(text)] == [
        ("{%p for 段 in 节.段落 %}", BLOCK, "{% for 段 in 节.段落 %}", "for 段 in 节.段落"),
        ("{{r 入户走访|余数(10) }}", PRINT, "{{ 入户走访|余数(10) }}", "入户走访|余数(10)"),
        ("{# 说明 #}", COMMENT, "{# 说明 #}", "说明"),
    ]
    assert untagged(text) == "入户走访户"
    assert untagged("共{{ 入户走访 }户") == "共{{ 入户走访 }户"  # a brace not paired stays


def test_a_tag_split_over_runs_is_read_whole(tmp_path: Path):
    folder = edited_template(tmp_path, DEFAULT.folder, lambda xml: xml.replace("{{ 市 }}", SPLIT_CITY))
    docx = folder / "template.docx"
    assert template_tags(docx) == template_tags(DEFAULT.docx)
    assert "市" in template_tags(docx)
    assert template_paragraphs(docx) == template_paragraphs(DEFAULT.docx)


def test_a_compiled_part_is_reused_with_its_tags_and_renders_in_its_own_environment():
    source = "共{{ 走访|近(100) }}户{% for 段 in 节.段落 %}{{ 段 }}{% endfor %}"
    templates._COMPILED.clear()
    first, second = jinja_env(), jinja_env()
    assert first.from_string(source).render(走访=432, 节={"段落": ["甲"]}) == "共400余户甲"
    assert second.from_string(source).render(走访=98, 节={"段落": []}) == "共98户"
    assert len(templates._COMPILED) == 1  # compiled once
    assert first.tags == second.tags == {"走访", "节"}  # the cached compile tells its variables too
    assert len(first.untrue) == 1 and second.untrue == []  # each render's wording is its own
    third = jinja_env()
    third.from_string(source.replace("走访", "入户"))
    assert len(templates._COMPILED) == 2 and third.tags == {"入户", "节"}


def test_a_filter_misused_at_render_says_so_in_words():
    """What lint cannot see (a value known only when the report is built) still stops the render
    with words, not Python's: the build tells it as the template's mistake."""
    import pytest

    env = jinja_env()
    cases = [
        ("{{ t|余(10) }}", "“|余(10)”只能用于数字，这里用在了文字“东华门街道”上；"),
        ('{{ x|近("百") }}', '“|近("百")”写法有误：过滤器的括号里只能这样写'),
        ("{{ x|千分位(2) }}", "“|千分位(2)”写法有误："),
    ]
    for source, said in cases:
        with pytest.raises(ValueError) as caught:
            env.from_string(source).render(t="东华门街道", x=432)
        assert str(caught.value).startswith(said)
