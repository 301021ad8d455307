"""What a template may use, and the context a report is rendered with: the one place that
knows both.

A template may use
- the settings (`街道`, `年度`, `成文日期` …, `settings.SETTING_TAGS`);
- every figure whose key is a name (`{{ 出动执法人员 }}`), and the catalog's other `names`
  for figures and table cells (`{{ 本年新收申请 }}`);
- every table, by its name: `{{ 表三["（一）予以公开"]["自然人"] }}`;
- for a catalog with narrative parts, `各部分` (the parts in order, numbered) and `部分`
  (the parts by key: `部分.主动公开.段落`).

`render_context` gives each of them its value for one report: figures as they are, a draft's
missing figures as 【缺】 markers, a review copy's figures marked for their comments.
`check_template` holds a template to its catalog: no tag the catalog does not define
(`undefined_tags`), no figure or table of its own the template leaves out (`unused_by_template`,
the one place of that rule: build, check and lint use it; a figure counts as used through one
of its names, through its table, or by a check).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from assembler.compute.figures import Marked, Missing
from assembler.compute.tables import TableView
from assembler.model.catalog import shown_file
from assembler.model.errors import CatalogError, Problem, error
from assembler.model.marks import LITERAL, SETTING, Traced
from assembler.model.rules import instances
from assembler.model.settings import SETTING_TAGS
from assembler.reading.templates import template_tags

if TYPE_CHECKING:
    from assembler.compute.assembly import Assembly
    from assembler.model.catalog import Catalog
    from assembler.reading.templates import TemplateDir

NARRATIVE_LIST = "各部分"
NARRATIVE_BY_KEY = "部分"


def template_names(catalog: Catalog) -> dict[str, str]:
    """Every name a template of this catalog may use, with what it is (for messages)."""
    names = dict.fromkeys(SETTING_TAGS, "单位设置")
    names.update((key, "指标") for key in catalog.figures if key.isidentifier())
    names.update((alias, "指标") for alias in catalog.names)
    names.update((table, "表格") for table in catalog.tables)
    names.update((key, "保留原文") for key in catalog.literals)
    if catalog.parts:
        names[NARRATIVE_LIST] = names[NARRATIVE_BY_KEY] = "文字材料"
    return names


def checked_figures(catalog: Catalog) -> set[str]:
    """Figures the catalog's checks use (a control count need not be printed)."""

    keys: set[str] = set()
    for check in catalog.checks:
        for instance in instances(catalog, check):
            keys.update(k for _, k, _ in (*instance.left, *instance.right) if isinstance(k, str))
    return keys


def meant(name: str, known: Iterable[str]) -> str:
    """The guess told for a name one or two characters off a known one (是不是“出动执法人员”？),
    else ""."""
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"是不是“{close[0]}”？" if close else ""


def undefined_tags(catalog: Catalog, tags: set[str], file: str) -> list[Problem]:
    """A template tag (of `tags`, in the template `file`) the catalog does not define."""
    known = template_names(catalog)
    problems = []
    for tag in sorted(tags - set(known)):
        guess = meant(tag, known)
        problems.append(
            error(
                f"模板标签“{{{{ {tag} }}}}”在指标目录中没有定义" + (f"；{guess}" if guess else ""), file=file
            )
        )
    return problems


def unused_by_template(catalog: Catalog, tags: set[str], *, labelled: bool = False) -> list[Problem]:
    """The rule that every figure of the catalog's own and every table is used by the template
    (`tags`): a figure through its key, one of its names, its table, or a check; a table by its
    name. Figures taken from another catalog need not be.

    Build and check name a figure by its key; lint (`labelled`), run by whoever edits the
    template, adds its label, the words to look for in the text. Each command keeps the
    wording its users already see."""
    by_name = {alias: key for alias, key in catalog.names.items() if alias in tags}
    used = {key for key in tags if key in catalog.figures} | set(by_name.values()) | checked_figures(catalog)
    file = shown_file(catalog.path, "")
    problems = []
    for key, spec in catalog.figures.items():
        if key in used or key in catalog.inherited:
            continue
        if spec.table is not None:
            continue  # a table is used whole (below)
        if labelled:
            message = f"指标“{key}”（{spec.label}）在模板中没有用到；请在模板中使用，或从指标目录中删除"
        else:
            message = f"指标“{key}”在模板中没有用到；请在模板中使用它，或从指标目录中删除"
        problems.append(error(message, file=file))
    for table in catalog.tables:
        if table not in tags:
            problems.append(error(f"表格“{table}”在模板中没有用到；请在模板中加入 [表格 {table}]", file=file))
    return problems


def check_template(template: TemplateDir, catalog: Catalog, tags: set[str] | None = None) -> None:
    """Every template tag (`tags`, or read from the template) is something the catalog defines,
    and every figure and table of the catalog's own is used (`unused_by_template`)."""
    if tags is None:
        tags = template_tags(template.docx)
    problems = undefined_tags(catalog, tags, shown_file(template.docx, "")) + unused_by_template(
        catalog, tags
    )
    if problems:
        raise CatalogError(f"模板“{template.name}”与指标目录不一致", problems)


def render_context(assembly: Assembly, *, draft: bool = False) -> dict[str, Any]:
    """The values of every name the report's template may use, each marked with what it is
    (`marks`): a figure, a setting, a number kept as written; a draft's missing figures as
    【缺】 markers. The narrative's text comes marked with its 文字材料 cell."""

    catalog = assembly.catalog
    values: dict[str, Any] = {}
    for key, spec in catalog.figures.items():
        figure = assembly.figures.get(key)
        if figure is not None:
            values[key] = Marked(figure)
        elif draft:
            values[key] = Missing(spec)
    context: dict[str, Any] = {
        name: Traced(value, name, SETTING) for name, value in assembly.settings.context(assembly.year).items()
    }
    context.update((key, value) for key, value in values.items() if key.isidentifier())
    context.update((alias, values[key]) for alias, key in catalog.names.items() if key in values)
    context.update((name, TableView(spec, values)) for name, spec in catalog.tables.items())
    context.update((key, Traced(text, key, LITERAL)) for key, text in catalog.literals.items())
    if catalog.parts:
        context[NARRATIVE_LIST] = assembly.narrative.parts
        context[NARRATIVE_BY_KEY] = assembly.narrative.by_key
    return context
