"""Relations between figures (`[[checks]]`) and the catalog's tables: read, expanded, run, and
every mistake in writing them told plainly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assembler.compute.checks import FAILED, NOT_APPLICABLE, PASSED, UNKNOWN, outcomes
from assembler.compute.figures import Figure
from assembler.model.catalog import parse_catalog
from assembler.model.errors import CatalogError
from assembler.model.rules import RuleError, instances, parse_rule
from assembler.reading.catalogs import checked, load_catalog
from assembler.reading.templates import find_template

XXGK = load_catalog(find_template("政府信息公开工作年度报告").catalog)


def _catalog(checks: list[dict], tables: dict | None = None) -> dict:
    return {
        "forms": {"f": {"title": "表", "department": "部门"}},
        "ledgers": {
            "台账": {
                "form": "f",
                "columns": [
                    {"name": "日期", "type": "date"},
                    {"name": "类别", "type": "choice", "choices": ["甲", "乙"]},
                ],
            }
        },
        "figures": [
            {"key": "总数", "form": "f"},
            {"key": "甲数", "form": "f"},
            {"key": "乙数", "form": "f"},
            {"key": "说明", "form": "f", "type": "text"},
        ],
        "tables": tables or {},
        "checks": checks,
    }


def _problems(data: dict) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        checked(parse_catalog(data))  # as the loader does: the catalog, then its rules
    return [p.message for p in caught.value.problems]


def test_rules_are_read():
    rule = parse_rule('表三["一、x"][*] + 甲 - 2 <= 上年(乙)')
    assert rule.op == "<="
    assert [(sign, type(term).__name__) for sign, term in rule.left] == [
        (1, "Ref"),
        (1, "Ref"),
        (-1, "Number"),
    ]
    assert rule.left[0][1].subscripts == ("一、x", "*")
    assert rule.right[0][1].previous and rule.right[0][1].name == "乙"
    for bad in ("甲 乙", "甲 =", "= 甲", '表["x"', "甲 = 上年(乙"):
        with pytest.raises(RuleError):
            parse_rule(bad)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("总数 = 甲数 + 丙数", "检查“c”的关系式有误：“丙数”不是指标"),
        ("总数 甲数", "检查“c”的关系式有误：缺少比较符号（= < > <= >=）"),
        ("说明 = 甲数", "检查“c”的关系式有误：“说明”是文字，不能比较大小"),
        ('表[*]["甲"] = 甲数', "检查“c”的关系式有误：“表”不是表格"),
        (
            "总数 = 甲数 / 乙数 * 100",
            "检查“c”的关系式有误：不能用“/”：关系式只有加减（+ -）和比较（= < > <= >=），如 合计 = 甲 + 乙；"
            "比率等乘除的结果请作为指标填报",
        ),
        (
            "总数 * 2 = 甲数",
            "检查“c”的关系式有误：不能用“*”：关系式只有加减（+ -）和比较（= < > <= >=），如 合计 = 甲 + 乙；"
            "比率等乘除的结果请作为指标填报",
        ),
        (
            "总数 = 甲数 乙数",
            "检查“c”的关系式有误：多余的“乙数”（指标和数字之间要用 + 或 - 连接，两边用 = < > <= >= 比较）",
        ),
    ],
)
def test_rule_mistakes_are_told_when_the_catalog_loads(rule, message):
    assert _problems(_catalog([{"name": "c", "rule": rule, "message": "m"}])) == [message]


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("总数", "检查“c”的条件（when）有误：关系式不完整"),
        ("丙数 > 0", "检查“c”的条件（when）有误：“丙数”不是指标"),
    ],
)
def test_a_wrong_condition_is_told_as_the_condition_not_the_rule(when, message):
    check = {"name": "c", "rule": "总数 = 甲数 + 乙数", "when": when, "message": "m"}
    assert _problems(_catalog([check])) == [message]


def test_a_check_needs_a_rule_a_message_and_a_known_severity():
    assert _problems(_catalog([{"name": "c", "rule": "总数 = 甲数"}])) == [
        "每个检查需要 rule（关系式）和 message（中文说明）"
    ]
    assert _problems(
        _catalog([{"name": "c", "rule": "总数 = 甲数", "message": "m", "severity": "fatal"}])
    ) == ["严重程度“fatal”无效，可用：error（错误）、warning（警告）"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"ledger": "台账", "rows": [{"key": "r", "where": {"地区": "甲"}}], "columns": [{"key": "c"}]},
         "条件中的列“地区”不在台账“台账”中"),
        ({"ledger": "台账", "rows": [{"key": "r", "where": {"类别": "丙"}}], "columns": [{"key": "c"}]},
         "条件“类别 = 丙”不是该列可有的值"),
        ({"ledger": "台账", "rows": [{"key": "r", "where": {"日期": "去年"}}], "columns": [{"key": "c"}]},
         "条件“日期 = 去年”不是该列可有的值"),
        ({"ledger": "台账", "rows": [{"key": "r"}, {"key": "合计", "sum": ["r", "s"]}], "columns": [{"key": "c"}]},
         "“合计”求和的“s”不在表格中"),
        ({"rows": [{"key": "r"}], "columns": [{"key": "c"}]},
         "表格需要 ledger（台账名称）或 form（表单编号）之一，且须已定义"),
        ({"form": "f", "rows": [{"key": "r", "columns": ["c"], "figure": "没有"}]},
         "“r”一格引用的指标“没有”未定义（需从其他模板 imports）"),
    ],
)  # fmt: skip
def test_table_mistakes_are_told(table, message):
    assert _problems(_catalog([], {"表": table})) == [message]


def test_a_table_is_rows_times_columns():
    data = _catalog(
        [{"name": "合计", "rule": '表[*]["合计"] = 表[*]["甲"] + 表[*]["乙"]', "message": "m"}],
        {
            "表": {
                "ledger": "台账",
                "rows": [
                    {"key": "本年", "where": {"日期": "本年"}},
                    {"key": "以前", "where": {"日期": "本年以前"}},
                ],
                "columns": [
                    {"key": "甲", "where": {"类别": "甲"}},
                    {"key": "乙", "where": {"类别": "乙"}},
                    {"key": "合计", "sum": ["甲", "乙"]},
                ],
            }
        },
    )
    catalog = parse_catalog(data)
    assert [key for _, _, key in catalog.tables["表"].cells()] == [
        "表 › 甲 › 本年", "表 › 乙 › 本年", "表 › 合计 › 本年", "表 › 甲 › 以前", "表 › 乙 › 以前", "表 › 合计 › 以前",
    ]  # fmt: skip
    cell = catalog.figures["表 › 甲 › 以前"]
    assert (cell.ledger, cell.where) == ("台账", (("日期", ("本年以前",)), ("类别", ("甲",))))
    assert catalog.figures["表 › 合计 › 本年"].parts == ("表 › 甲 › 本年", "表 › 乙 › 本年")
    assert [i.wildcard for i in instances(catalog, catalog.checks[0])] == ["本年", "以前"]


def test_the_official_relations_expand_over_every_row_and_column():
    counts = {c.name: len(instances(XXGK, c)) for c in XXGK.checks}
    assert counts["勾稽关系A"] == counts["勾稽关系B"] == 7
    assert counts["勾稽关系C"] == 25
    assert counts["勾稽关系D-行政复议"] == 1
    assert counts["上年结转"] == 7


def _figure(catalog, key, value, previous=None):
    return Figure(catalog.figures[key], value, (), previous)


def test_outcomes_pass_fail_skip_and_do_not_apply():
    data = _catalog(
        [
            {"name": "相等", "rule": "总数 = 甲数 + 乙数", "message": "m"},
            {"name": "不多于", "rule": "甲数 <= 总数", "message": "m", "severity": "warning"},
            {"name": "条件", "rule": "乙数 = 0", "when": "甲数 = 0", "message": "m"},
            {"name": "同比", "rule": "总数 >= 上年(总数)", "message": "m"},
        ]
    )
    catalog = parse_catalog(data)
    figures = {k: _figure(catalog, k, v) for k, v in (("总数", 10), ("甲数", 6), ("乙数", 3))}
    found = {o.instance.check.name: o for o in outcomes(catalog, figures)}
    assert found["相等"].result == FAILED
    assert found["相等"].text == "总数 10，应等于 甲数 6 + 乙数 3 = 9"
    assert found["不多于"].result == PASSED
    assert found["条件"].result == NOT_APPLICABLE
    assert found["同比"].result == UNKNOWN  # no value last year: nothing to compare
    figures["总数"] = _figure(catalog, "总数", 10, previous=Decimal(12))
    assert {o.instance.check.name: o.result for o in outcomes(catalog, figures)}["同比"] == FAILED


def test_a_failing_check_on_the_sample_names_its_three_cells(shipped_workdir: Path):
    from assembler.commands.build import check_inputs

    [warning] = check_inputs(workdir=shipped_workdir, template="法治政府建设年度报告")
    assert (warning.severity.name, warning.file, warning.sheet, warning.cell) == (
        "WARNING", "综合执法大队-综合执法工作情况表.xlsx", "填报表", "D13、D15、D16",
    )  # fmt: skip
    assert "作出行政处罚 54，应等于 其中：简易程序 50 + 其中：一般程序行政处罚 3 = 53" in warning.message
