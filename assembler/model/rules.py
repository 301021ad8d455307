"""Relations between figures, as the catalog's `[[checks]]` write them: parsed and resolved.

A rule is a comparison of two sums of terms:

    作出行政处罚 = 简易程序处罚 + 一般程序处罚
    表三["一、本年新收政府信息公开申请数量"][*] + 表三["二、上年结转政府信息公开申请数量"][*]
        = 表三["（七）总计"][*] + 表三["四、结转下年度继续办理"][*]
    表三["二、上年结转政府信息公开申请数量"][*] = 上年(表三["四、结转下年度继续办理"][*])

A term is a figure (by key or by one of the catalog's `names`), a table cell `表[行][列]`, a
number, or `上年(…)`: the same figure a year earlier. `*` stands for every row (or column)
of the table, one check for each. The comparison is one of = ≠ < > <= >= (also ≤ ≥). A check
with `when` applies only where that relation holds. `instances` resolves a check against its
catalog into one `Instance` per row or column; `check_problems_in` tells a catalog's rules that
cannot be read (the loader runs it after loading). Evaluating them is `compute.checks`'.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from assembler.model.errors import Problem, error

if TYPE_CHECKING:
    from assembler.model.catalog import Catalog, CheckSpec

WILDCARD = "*"
PREVIOUS = "上年"
_OPS = {
    "=": "==",
    "==": "==",
    "≠": "!=",
    "!=": "!=",
    "<=": "<=",
    "≤": "<=",
    ">=": ">=",
    "≥": ">=",
    "<": "<",
    ">": ">",
}
OP_WORDS = {
    "==": "应等于",
    "!=": "不应等于",
    "<=": "不应大于",
    ">=": "不应小于",
    "<": "应小于",
    ">": "应大于",
}
_TOKEN = re.compile(
    r'\s*(?:(?P<string>"[^"]*")|(?P<op><=|>=|==|!=|[=<>≤≥≠])|(?P<sign>[+\-])|(?P<punct>[\[\]()（）])'
    r"|(?P<number>\d+(?:\.\d+)?)|(?P<name>[^\s\[\]()（）\"+\-=<>≤≥≠]+))"
)


class RuleError(ValueError):
    """A rule that cannot be read; the message says where. `part` is what of the check it is
    in: the rule itself (关系式) or its condition (条件 when)."""

    def __init__(self, message: str, part: str = "关系式") -> None:
        super().__init__(message)
        self.part = part


# Arithmetic a rule has no use for: told as such, not as a stray name.
_NOT_ARITHMETIC = {"*", "/", "×", "÷", "x", "X", "＊", "／"}


def _extra(token: str) -> RuleError:
    if token in _NOT_ARITHMETIC:
        return RuleError(
            f"不能用“{token}”：关系式只有加减（+ -）和比较（= < > <= >=），如 合计 = 甲 + 乙；"
            "比率等乘除的结果请作为指标填报"
        )
    return RuleError(f"多余的“{token}”（指标和数字之间要用 + 或 - 连接，两边用 = < > <= >= 比较）")


@dataclass(frozen=True)
class Ref:
    """A figure or table cell a rule names (`表三["行"]["列"]`, `上年(…)`)."""

    name: str
    subscripts: tuple[str, ...] = ()
    previous: bool = False


@dataclass(frozen=True)
class Number:
    """A number written in a rule."""

    value: Decimal


Term = tuple[int, "Ref | Number"]  # (+1 or -1, term)


@dataclass(frozen=True)
class Rule:
    """A rule read: two sides of signed terms and the comparison between them."""

    left: tuple[Term, ...]
    op: str
    right: tuple[Term, ...]


def parse_rule(text: str) -> Rule:
    tokens = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip() == "":
                break
            raise RuleError(f"无法识别“{text[pos : pos + 10]}”")
        pos = m.end()
        kind = m.lastgroup
        tokens.append((kind, m.group(kind)))
    tokens = [(k, v) for k, v in tokens if k is not None]
    reader = _Reader(tokens)
    left = reader.sum()
    kind, op = reader.next()
    if kind != "op":
        if op in _NOT_ARITHMETIC:
            raise _extra(op)
        raise RuleError("缺少比较符号（= < > <= >=）")
    right = reader.sum()
    if (extra := reader.peek()) is not None:
        raise _extra(extra[1])
    return Rule(tuple(left), _OPS[op], tuple(right))


class _Reader:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens, self.i = tokens, 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def next(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise RuleError("关系式不完整")
        self.i += 1
        return token

    def sum(self) -> list[Term]:
        terms = [(1, self.term())]
        while (token := self.peek()) is not None and token[0] == "sign":
            self.next()
            terms.append((1 if token[1] == "+" else -1, self.term()))
        return terms

    def term(self) -> Ref | Number:
        kind, value = self.next()
        if kind == "number":
            return Number(Decimal(value))
        if kind != "name":
            raise RuleError(f"此处应为指标名称，现为“{value}”")
        if value == PREVIOUS and (self.peek() or ("", ""))[1] in ("(", "（"):
            self.next()
            inner = self.term()
            if not isinstance(inner, Ref) or self.next()[1] not in (")", "）"):
                raise RuleError("上年(…) 中应是一个指标，并以右括号结束")
            return Ref(inner.name, inner.subscripts, previous=True)
        subscripts = []
        while (self.peek() or ("", ""))[1] == "[":
            self.next()
            kind, key = self.next()
            if kind == "string":
                subscripts.append(key[1:-1])
            elif key == WILDCARD:
                subscripts.append(WILDCARD)
            else:
                raise RuleError(f"方括号中应是带引号的行、列名称或 *，现为“{key}”")
            if self.next()[1] != "]":
                raise RuleError("方括号没有结束")
        return Ref(value, tuple(subscripts))


# ── instances: a rule with its wildcards filled in ─────────────────────────


@dataclass(frozen=True)
class Instance:
    """A check with its wildcard filled in: the figure keys and numbers on each side."""

    check: CheckSpec
    left: tuple[tuple[int, str | Decimal, bool], ...]  # (sign, figure key or number, previous)
    right: tuple[tuple[int, str | Decimal, bool], ...]
    op: str
    wildcard: str = ""  # the row or column this instance is for
    when: Instance | None = None


def _refs(rule: Rule) -> list[Ref]:
    return [t for _, t in (*rule.left, *rule.right) if isinstance(t, Ref)]


def _resolve(catalog: Catalog, ref: Ref, wildcard: str | None) -> str:
    """The figure key a reference names (with `wildcard` in place of *)."""
    if not ref.subscripts:
        key = catalog.resolve(ref.name)
        if key is None:
            raise RuleError(f"“{ref.name}”不是指标")
        return key
    table = catalog.tables.get(ref.name)
    if table is None or len(ref.subscripts) != 2:
        raise RuleError(f'“{ref.name}[…]”不是表格中的一格（应写成 表名["行"]["列"]）')
    row, column = (wildcard if s == WILDCARD else s for s in ref.subscripts)
    spec_row = table.row(row or "")
    if spec_row is None:
        raise RuleError(f"表格“{ref.name}”没有“{row}”这一行")
    if column not in table.columns_of(spec_row):
        raise RuleError(f"表格“{ref.name}”的“{row}”一行没有“{column}”这一列")
    return table.key(row, column)


def _wildcard_values(catalog: Catalog, rule: Rule) -> list[str | None]:
    """What * stands for: the rows (or columns) every reference with * has, in table order."""
    values: list[str] | None = None
    for ref in _refs(rule):
        if WILDCARD not in ref.subscripts:
            continue
        table = catalog.tables.get(ref.name)
        if table is None:
            raise RuleError(f"“{ref.name}”不是表格")
        if ref.subscripts[0] == WILDCARD:
            found = [r.key for r in table.rows if ref.subscripts[1] in table.columns_of(r)]
        else:
            row = table.row(ref.subscripts[0])
            found = list(table.columns_of(row)) if row else []
        values = found if values is None else [v for v in values if v in found]
    return [None] if values is None else list(values)


# Each catalog's instances by check, made once: a build asks for them for every check it runs,
# every figure a check uses and every report. Keyed by the catalog object (its dicts make it
# unhashable) and dropped with it.
_INSTANCES: dict[int, dict[CheckSpec, tuple[Instance, ...]]] = {}


def instances(catalog: Catalog, check: CheckSpec) -> list[Instance]:
    """The check with its wildcards filled in, one instance for each row or column * stands for."""
    memo = _INSTANCES.get(id(catalog))
    if memo is None:
        memo = _INSTANCES[id(catalog)] = {}
        weakref.finalize(catalog, _INSTANCES.pop, id(catalog), None)
    found = memo.get(check)
    if found is None:
        found = memo[check] = tuple(_instances(catalog, check))
    return list(found)


def _in_condition(exc: RuleError) -> RuleError:
    return RuleError(str(exc), part="条件（when）")


def _instances(catalog: Catalog, check: CheckSpec) -> list[Instance]:
    rule = parse_rule(check.rule)
    try:
        when = parse_rule(check.when) if check.when else None
    except RuleError as exc:
        raise _in_condition(exc) from None
    out = []
    for value in _wildcard_values(catalog, rule):

        def side(
            terms: tuple[Term, ...], value: str | None = value
        ) -> tuple[tuple[int, str | Decimal, bool], ...]:
            return tuple(
                (sign, term.value if isinstance(term, Number) else _resolve(catalog, term, value),
                 isinstance(term, Ref) and term.previous)
                for sign, term in terms
            )  # fmt: skip

        condition = None
        if when is not None:
            try:
                condition = Instance(check, side(when.left), side(when.right), when.op, value or "")
            except RuleError as exc:
                raise _in_condition(exc) from None
        out.append(Instance(check, side(rule.left), side(rule.right), rule.op, value or "", condition))
    return out


def check_problems_in(catalog: Catalog, file: str) -> list[Problem]:
    """Rules that cannot be read or name what the catalog lacks (checked when it loads)."""
    problems = []
    for check in catalog.checks:
        try:
            for instance in instances(catalog, check):
                for _, key, _ in (*instance.left, *instance.right):
                    if isinstance(key, str) and catalog.figures[key].type == "text":
                        raise RuleError(f"“{key}”是文字，不能比较大小")
        except RuleError as exc:
            problems.append(
                error(f"检查“{check.name}”的{exc.part}有误：{exc}", file=file, cell=f"checks {check.name}")
            )
    return problems
