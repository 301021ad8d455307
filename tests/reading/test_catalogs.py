"""Loading a catalog (`assembler.reading.catalogs`): a catalog.toml that is not TOML is told in
Chinese, at its line and character, with what to write instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from assembler.model.errors import CatalogError
from assembler.reading.catalogs import load_catalog, toml_mistake

HEAD = '[report]\nname = "安全生产工作年度报告"\n\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[checks]]\nname = "核对"\nwhen = { 隐患总数 = 0 }\n',
            '第6行第10个字符处格式有误：名称的写法不对（含汉字、空格或符号的名称要加英文双引号，如 "隐患总数" = 1）',
        ),
        ('[forms.应急]\ntitle = "安全生产工作情况表\n', "第4行第8个字符处格式有误：名称的写法不对（含汉字、空格或符号的名称要加英文双引号，如 \"隐患总数\" = 1）"),
        ('[forms."应急"]\ntitle = "安全生产工作情况表\n', '第5行第19个字符处格式有误：英文双引号没有配对（文字要写在同一行的两个 " 之间）'),
        ('[forms."应急"]\ntitle = 安全生产\n', '第5行第9个字符处格式有误：值的写法不对（文字要加英文双引号，如 "万元"；数字直接写）'),
        ('[forms."应急"]\ntitle "表"\n', "第5行第7个字符处格式有误：名称后面缺少“=”"),
        ('[forms."应急"\n', "第4行第12个字符处格式有误：表头缺少“]”"),
        ('[report]\nname = "乙"\n', "第4行第8个字符处格式有误：同一个名称写了两次"),
        ('x = [1, 2\n', "文件末尾处格式有误：方括号 [ ] 没有配对"),
    ],
)  # fmt: skip
def test_a_catalog_that_is_not_toml_is_told_where_and_how_to_write_it(
    tmp_path: Path, text: str, message: str
):
    path = tmp_path / "安全生产工作年度报告" / "catalog.toml"
    path.parent.mkdir()
    path.write_text(HEAD + text, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    assert [p.message for p in caught.value.problems] == [message]
    assert str(path) in caught.value.message  # the heading names the catalog's folder


def test_every_message_of_the_toml_reader_is_put_in_words():
    """Python's TOML reader words its messages in English; none reaches a user as it is, and a
    message it may add later is shown inside a Chinese sentence."""
    import tomllib

    for bad in ('a = "x', "a = [1", "a = {b = 1", "a = 1\na = 2", "[a", "[[a", "a b", "= 1", "a = 1979-13-45",
                'a = "\\q"', "a = 1 2", "a = \x01", "[a]\n[a]"):  # fmt: skip
        with pytest.raises(tomllib.TOMLDecodeError) as caught:
            tomllib.loads(bad)
        where, what = toml_mistake(str(caught.value))
        assert where.startswith("第") or where == "文件末尾处", bad
        assert not what.isascii() and "TOML 格式（" not in what, (bad, str(caught.value), what)
