"""Relations between figures that must hold, the catalog's `[[checks]]`, evaluated. How a rule
is written and resolved against its catalog is `model.rules`'.

A check is skipped where a figure it needs is missing (that figure's own problem is already
reported) or has no value last year; a check with `when` only where that relation holds. A
failing check is a problem naming the rule, every figure with its value, and where each value
came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from assembler.compute.figures import Figure
from assembler.model.catalog import Catalog
from assembler.model.errors import Problem, Severity
from assembler.model.phrasing import plain_decimal
from assembler.model.rules import OP_WORDS, Instance, instances

# ── running the checks ────────────────────────────────────────────────────


def _value(figures: dict[str, Figure], key: str | Decimal, previous: bool) -> Decimal | None:
    if isinstance(key, Decimal):
        return key
    fig = figures.get(key)
    if fig is None:
        return None
    value = fig.previous if previous else fig.value
    return None if value is None or isinstance(value, str) else Decimal(value)


def _total(figures: dict[str, Figure], side: tuple[tuple[int, str | Decimal, bool], ...]) -> Decimal | None:
    values = [_value(figures, key, previous) for _, key, previous in side]
    if any(v is None for v in values):
        return None
    return sum((sign * v for (sign, _, _), v in zip(side, values, strict=True)), Decimal(0))  # type: ignore[operator]


def _holds(left: Decimal, op: str, right: Decimal) -> bool:
    return {
        "==": left == right, "!=": left != right, "<=": left <= right,
        ">=": left >= right, "<": left < right, ">": left > right,
    }[op]  # fmt: skip


PASSED, FAILED, NOT_APPLICABLE, UNKNOWN = "通过", "未通过", "不适用", "未检查"


@dataclass(frozen=True)
class Outcome:
    """One check for one row or column: what it compared and how it came out."""

    instance: Instance
    result: str  # 通过 | 未通过 | 不适用 (its `when` does not hold) | 未检查 (a value is missing)
    text: str  # the relation with its values
    problem: Problem | None = None


def outcomes(catalog: Catalog, figures: dict[str, Figure]) -> list[Outcome]:
    found = []
    for check in catalog.checks:
        for instance in instances(catalog, check):
            if instance.when is not None:
                cond = (_total(figures, instance.when.left), _total(figures, instance.when.right))
                if None in cond:
                    found.append(Outcome(instance, UNKNOWN, "缺少数据或上年数据"))
                    continue
                if not _holds(cond[0], instance.when.op, cond[1]):  # type: ignore[arg-type]
                    found.append(Outcome(instance, NOT_APPLICABLE, check.when))
                    continue
            left, right = _total(figures, instance.left), _total(figures, instance.right)
            if left is None or right is None:
                found.append(Outcome(instance, UNKNOWN, "缺少数据或上年数据"))
                continue
            text = (
                f"{_side_text(figures, instance.left, left)}，{OP_WORDS[instance.op]} "
                f"{_side_text(figures, instance.right, right)}"
            )
            if _holds(left, instance.op, right):
                found.append(Outcome(instance, PASSED, text))
            else:
                found.append(Outcome(instance, FAILED, text, _problem(instance, figures, left, right)))
    return found


def run_checks(catalog: Catalog, figures: dict[str, Figure]) -> list[Problem]:
    return [o.problem for o in outcomes(catalog, figures) if o.problem is not None]


def _shown(value: Decimal) -> str:
    return plain_decimal(value)


def _side_text(
    figures: dict[str, Figure], side: tuple[tuple[int, str | Decimal, bool], ...], total: Decimal
) -> str:
    parts = []
    for i, (sign, key, previous) in enumerate(side):
        if isinstance(key, Decimal):
            text = _shown(key)
        else:
            fig = figures[key]
            value = fig.previous if previous else fig.value
            text = f"{'上年 ' if previous else ''}{_name(fig)} {_shown(Decimal(value))}"
        parts.append(text if i == 0 and sign > 0 else f"{'+' if sign > 0 else '−'} {text}")
    joined = " ".join(parts)
    return joined if len(side) == 1 and side[0][0] > 0 else f"{joined} = {_shown(total)}"


def _name(fig: Figure) -> str:
    return fig.spec.key if fig.spec.table else fig.label


def _problem(instance: Instance, figures: dict[str, Figure], left: Decimal, right: Decimal) -> Problem:
    """A failed check naming every value it compared with where that value was read: this
    year's cells, and for a `上年(…)` term last year's (its folder's files, or its 溯源表)."""
    check = instance.check
    terms = [(k, previous) for _, k, previous in (*instance.left, *instance.right) if isinstance(k, str)]
    involved = [
        (figures[k], previous, figures[k].previous_sources if previous else figures[k].sources)
        for k, previous in dict.fromkeys(terms)
    ]
    sources = [src for _, _, said in involved for src in said]
    places = {(src.file, src.sheet) for src in sources}
    where: dict[str, str] = {}
    if len(places) == 1 and all(said for _, _, said in involved) and all(not src.rows for src in sources):
        file, sheet = next(iter(places))
        where = {"file": file, "sheet": sheet, "cell": "、".join(dict.fromkeys(src.cell for src in sources))}

    def named(fig: Figure, previous: bool) -> str:
        return f"{'上年 ' if previous else ''}{_name(fig)}"

    if where:  # the place is said once: name each figure's cell
        told = "，".join(
            f"{named(fig, prev)} {'、'.join(src.cell for src in said)}" for fig, prev, said in involved
        )
    else:
        told = "；".join(
            f"{named(fig, prev)}：{'、'.join(src.brief() for src in said) or '（无来源行）'}"
            for fig, prev, said in involved
        )
    which = f"（{instance.wildcard}）" if instance.wildcard else ""
    message = (
        f"{check.message}{which}：{_side_text(figures, instance.left, left)}，"
        f"{OP_WORDS[instance.op]} {_side_text(figures, instance.right, right)}；来源：{told}；请核对这几个数"
    )
    severity = Severity.ERROR if check.severity == "error" else Severity.WARNING
    return Problem(severity, message, **where)
