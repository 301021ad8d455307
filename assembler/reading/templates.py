"""Templates: finding one (an office's own `templates/NAME/` first, then the ones shipped), and
reading one — its tags (the one way they are read: a Jinja parse in the sandboxed environment
the report renders in, `jinja_env`; `written_tags` only finds where each stands in a paragraph,
by that environment's delimiters) and its paragraphs' literal text.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from assembler.model.catalog import shown_file
from assembler.model.errors import CatalogError, TemplateNotFound, error
from assembler.model.phrasing import FILTER_WRITING, FILTERS, Wording, filter_args_ok, is_number
from assembler.model.settings import DEFAULT_TEMPLATE

CATALOG_WORKBOOK = "指标目录.xlsx"


def has_catalog(folder: Path) -> bool:
    return (folder / "catalog.toml").is_file() or (folder / CATALOG_WORKBOOK).is_file()


def bundled_template_root() -> Path:
    """The templates installed with the package (or, in a checkout, the repo's folder)."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "_templates"
    return installed if installed.is_dir() else package.parent / "templates"


@dataclass(frozen=True)
class TemplateDir:
    """A report kind's folder: its template.docx and its catalog."""

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


FILLED = "××"  # stands for a tag in a paragraph's literal text (入户走访××户)
PRINT, BLOCK, COMMENT = "print", "block", "comment"  # {{ … }}, {% … %}, {# … #}


def template_paragraphs(docx: Path) -> list[str]:
    """The literal text of each paragraph of a template (table cells included), each printing
    tag shown as ××, the rest left out, numbered as `第N段` counts them: every <w:p>, from 1."""
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    texts = []
    for paragraph in re.findall(r"<w:p[ >].*?</w:p>|<w:p/>", xml, re.S):
        text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph))
        text = html.unescape(text)
        texts.append(_tag_pattern().sub(lambda m: FILLED if _kind(m.group()) == PRINT else "", text))
    return texts


@dataclass(frozen=True)
class WrittenTag:
    """A tag as a paragraph's text has it (lint points at it there)."""

    text: str  # as written: {%p for 段 in 节.段落 %}
    kind: str  # PRINT, BLOCK or COMMENT
    source: str  # as Jinja reads it, docxtpl's p/tr/tc/r prefix dropped: {% for 段 in 节.段落 %}
    inner: str  # between the delimiters, stripped: for 段 in 节.段落


BRACES = "{}｛｝"  # a report has none: one left in a template's words is a tag mistyped
BRACES_HINT = "标签写成 {{ 名称 }}，花括号是半角的、成对的"


def braces_unpaired(text: str) -> bool:
    """Whether a paragraph's text holds a tag's delimiter outside any whole tag: a tag not
    closed, or begun in this paragraph and ended in another."""
    left = untagged(text)
    return any(mark in left for kind in (PRINT, BLOCK) for mark in delimiters(kind))


def written_tags(text: str) -> list[WrittenTag]:
    """The tags in a paragraph's text, in order. Only where they stand is found here, by the
    delimiters of the environment templates render in (`jinja_env`); what a tag says is for
    that environment's parser (`template_tags` reads the whole template that way)."""
    found = []
    for m in _tag_pattern().finditer(text):
        kind = _kind(m.group())
        start, end = _delimiters()[kind]
        inner = m.group()[len(start) : -len(end)]
        if kind != COMMENT:  # docxtpl's {%p …%}, {%tr …%}, {{r …}}: where the tag's output goes
            inner = re.sub(r"^(p|tr|tc|r)\s", " ", inner)
        found.append(WrittenTag(m.group(), kind, f"{start}{inner}{end}", inner.strip()))
    return found


def untagged(text: str) -> str:
    """A paragraph's text without its tags (a delimiter left in it is a brace not paired)."""
    return _tag_pattern().sub("", text)


def delimiters(kind: str) -> tuple[str, str]:
    """The start and end of a tag of `kind` (PRINT, BLOCK, COMMENT)."""
    return _delimiters()[kind]


@cache
def _delimiters() -> dict[str, tuple[str, str]]:
    env = jinja_env()
    return {
        PRINT: (env.variable_start_string, env.variable_end_string),
        BLOCK: (env.block_start_string, env.block_end_string),
        COMMENT: (env.comment_start_string, env.comment_end_string),
    }


@cache
def _tag_pattern() -> re.Pattern[str]:
    pairs = _delimiters().values()
    return re.compile("|".join(f"{re.escape(start)}.*?{re.escape(end)}" for start, end in pairs), re.S)


def _kind(tag: str) -> str:
    return next(kind for kind, (start, _) in _delimiters().items() if tag.startswith(start))


def jinja_env() -> Any:
    """The sandboxed environment templates render in. It records the variables of every
    template part it compiles (`env.tags`) while compiling it, so a build checks the template
    against the catalog without reading it a second time. They are the variables
    `jinja2.meta.find_undeclared_variables` finds (`template_tags`): the same code generator's
    frames, over the same tree (the optimizer, which could fold a branch away, is off)."""
    from jinja2 import StrictUndefined

    env = _environment_class()(
        autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True, optimized=False
    )
    env.tags = set()
    env.untrue = []
    env.filters.update({name: _telling(env, name, f) for name, f in FILTERS.items()})
    return env


# Compiled template parts, by source: (the code, the variables it uses). A report's parts are
# the same text for every build of a process (a test run builds hundreds), and parsing and
# compiling them is most of a render's time. Bounded: a part is at most a few MB of code.
_COMPILED: dict[tuple[str, str | None, str | None, bool], tuple[Any, frozenset[str]]] = {}
_COMPILED_MAX = 32


@cache
def _environment_class() -> type:
    """The environment's class, made on first use (Jinja2 stays off `--help`'s path)."""
    from jinja2.compiler import CodeGenerator
    from jinja2.sandbox import SandboxedEnvironment

    class Recording(CodeGenerator):
        def enter_frame(self, frame: Any) -> None:
            super().enter_frame(frame)
            for action, param in frame.symbols.loads.values():
                if action == "resolve" and param not in self.environment.globals:
                    self.environment.tags.add(param)  # type: ignore[attr-defined]

    class Environment(SandboxedEnvironment):
        """Compiles each source once per process: the code is the same for every environment
        made here (same options, same generator; filters and globals are looked up in the
        environment a template is bound to when it renders), and so are the variables it uses,
        which a cached compile adds to `tags` as compiling it would."""

        code_generator_class = Recording
        tags: set[str]
        untrue: list[tuple[str, str]]

        def compile(  # type: ignore[override]
            self,
            source: Any,
            name: str | None = None,
            filename: str | None = None,
            raw: bool = False,
            defer_init: bool = False,
        ) -> Any:
            if raw or not isinstance(source, str):
                return super().compile(source, name, filename, raw, defer_init)
            key = (source, name, filename, defer_init)
            found = _COMPILED.pop(key, None)
            if found is None:
                outer, self.tags = self.tags, set()
                try:
                    code = super().compile(source, name, filename, raw, defer_init)
                    found = (code, frozenset(self.tags))
                finally:
                    self.tags = outer
            _COMPILED[key] = found  # the most recent last; the oldest goes when full
            while len(_COMPILED) > _COMPILED_MAX:
                del _COMPILED[next(iter(_COMPILED))]
            self.tags |= found[1]
            return found[0]

    return Environment


def _telling(env: Any, name: str, rule: Callable[..., Any]) -> Callable[..., Any]:
    """The filter `name` printing its wording's text; an untrue wording's reason (and the figure
    it was about) is kept in `env.untrue` for the build to report. A filter a template misuses
    (a number's wording for words, parentheses not as FILTER_WRITING says) is told in words; an
    error inside a wording stays ours (程序内部出错), not the template's."""

    def apply(value: Any, *args: Any, **named: Any) -> Any:
        if named or not filter_args_ok(name, args) or not is_number(value):
            # the template's writing, told in words before the wording is made
            raise ValueError(misused_filter(name, value, (*args, *named.values())))
        result = rule(value, *args)
        if isinstance(result, Wording):
            if result.untrue:
                env.untrue.append((getattr(value, "label", ""), result.untrue))
            return result.text
        return result

    return apply


def misused_filter(name: str, value: Any, args: tuple[Any, ...]) -> str:
    """What is wrong with `|name(args)` used on `value`, and how it is written."""
    shown_args = ", ".join(f'"{a}"' if isinstance(a, str) else str(a) for a in args)
    written = f"|{name}({shown_args})" if args else f"|{name}"
    if not is_number(value):
        number = getattr(value, "value", value)
        shown = "空值" if number is None else f"文字“{number}”"
        return f"“{written}”只能用于数字，这里用在了{shown}上；请检查模板中它前面的名称"
    return f"“{written}”写法有误：{FILTER_WRITING}"


# The template engine's syntax messages a clerk's typing leads to, in words; any other is shown
# as the engine gives it, after 写法有误.
_SYNTAX = (
    (re.compile(r"unexpected '(.+?)', expected '(.+?)'"), "“{0}”前缺少“{1}”"),
    (re.compile(r"unexpected end of template"), "标签没有写完（缺少结尾的 }}}} 或 %}}）"),
    (re.compile(r"[Mm]issing end of comment tag"), "注释没有结束（缺少 #}}）"),
    (
        re.compile(r"Encountered unknown tag '(.+?)'"),
        "“{{% {0} %}}”不是模板能用的标签（能用的有 for、if、elif、else 和 endfor、endif）",
    ),
    (re.compile(r"unexpected '(.+?)'"), "多了或放错了“{0}”"),
    (
        re.compile(r"expected token 'end of print statement', got '(.+?)'"),
        "“{0}”前缺少过滤器的竖线 | 或运算符",
    ),
    (re.compile(r"expected token ':'"), "多了一个“{{”（标签写成 {{{{ 名称 }}}}）"),
    (re.compile(r"expected token 'name', got"), "竖线 | 或点号 . 后面缺少名称"),
    (re.compile(r"expected token '(.+?)', got '(.+?)'"), "“{1}”处写法不对"),
    (re.compile(r"[Ee]xpected an expression"), "花括号里没有写名称"),
    (re.compile(r"expected name or number"), "点号后面缺少名称"),
)


def syntax_in_words(message: str) -> str:
    """A Jinja syntax message in words where it is one a clerk meets (else as it is, marked)."""
    for pattern, words in _SYNTAX:
        found = pattern.search(message)
        if found:
            return words.format(*found.groups())
    return f"模板引擎的提示：{message}"


def open_template(docx: Path) -> Any:
    """The template as docxtpl reads it; a broken file is the office's to replace, in words."""
    from docxtpl import DocxTemplate

    try:
        tpl = DocxTemplate(str(docx))
        tpl.init_docx()
        return tpl
    except Exception:  # python-docx and lxml report a broken package with many error types
        raise CatalogError(
            f"模板文件 {docx} 已损坏，或不是 Word 文档（.docx）",
            [
                error(
                    "模板已损坏或不是 Word 文档；请从工具自带的模板重新复制，或在 Word 中打开后另存为 .docx",
                    file=docx.name,
                )
            ],
        ) from None


_TAGS: dict[bytes, frozenset[str]] = {}


def template_tags(docx: Path) -> set[str]:
    """Every variable the template uses (loop variables excluded): the one way a template's
    tags are read, as docxtpl joins them and the sandboxed environment parses them. Parsed
    once per process for the same file contents (check and the settings a report needs both
    ask, then the build renders it)."""
    import hashlib

    from jinja2 import TemplateSyntaxError

    try:
        contents = hashlib.sha256(docx.read_bytes()).digest()
    except OSError:
        contents = b""  # told as a broken template by open_template
    if contents in _TAGS:
        return set(_TAGS[contents])
    try:
        tags = frozenset(open_template(docx).get_undeclared_template_variables(jinja_env()))
    except TemplateSyntaxError as exc:
        raise CatalogError(
            f"模板 {docx.parent.name} 的标签写法有误：{syntax_in_words(exc.message or '')}",
            [error(f"标签写法有误：{syntax_in_words(exc.message or '')}", file=shown_file(docx, ""))],
        ) from None
    if contents:
        _TAGS[contents] = tags
    return set(tags)
