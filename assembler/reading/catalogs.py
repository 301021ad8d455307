"""Loading a template's catalog: `catalog.toml` (the maintainers' format) or `指标目录.xlsx` (the
clerk's, `catalogbook`), with the catalogs it takes figures from (`[imports.<模板>]`) or extends
(`[report] extends`): a folder beside it, else the shipped template. A catalog is loaded once per
process while its file is unchanged (an office's reports import each other's figures). After
loading, its `[[checks]]` are resolved against it (`model.rules.check_problems_in`): a rule that
cannot be read is the catalog's error, located to its cell in a workbook.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from assembler.model.catalog import Catalog, parse_catalog, shown_file
from assembler.model.errors import CatalogError, error
from assembler.model.rules import check_problems_in
from assembler.reading.catalogbook import locate, read_workbook
from assembler.reading.templates import bundled_template_root


def checked(catalog: Catalog) -> Catalog:
    """The catalog, once its rules read (else its error)."""
    name = shown_file(catalog.path)
    problems = check_problems_in(catalog, name)
    if problems:
        raise CatalogError(f"指标目录 {name} 有误", problems)
    return catalog


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        where, what = toml_mistake(str(exc))
        raise CatalogError(
            f"指标目录 {path} {where}格式有误：{what}",
            [error(f"{where}格式有误：{what}", file=shown_file(path))],
        ) from None
    except (UnicodeDecodeError, OSError):
        raise CatalogError(
            f"指标目录 {path} 无法读取",
            [error("不是 UTF-8 编码的文本文件；请用记事本打开，另存为 UTF-8 编码", file=shown_file(path))],
        ) from None


# What Python's TOML reader says (its message begins with one of these), in words: a catalog's
# author is told in Chinese where and what, as for every other file.
_TOML_MISTAKES = (
    (
        "Invalid initial character for a key part",
        '名称的写法不对（含汉字、空格或符号的名称要加英文双引号，如 "隐患总数" = 1）',
    ),
    ("Expected '=' after a key", "名称后面缺少“=”"),
    ("Invalid value", '值的写法不对（文字要加英文双引号，如 "万元"；数字直接写）'),
    ("Invalid statement", "这一行的写法不对（应为 名称 = 值，或 [表头]）"),
    ("Unterminated string", '英文双引号没有配对（文字要写在同一行的两个 " 之间）'),
    ("Unclosed array", "方括号 [ ] 没有配对"),
    ("Unclosed inline table", "花括号 { } 没有配对"),
    ("Expected ']]'", "表头缺少“]]”"),
    ("Expected ']'", "表头缺少“]”"),
    ("Cannot overwrite a value", "同一个名称写了两次"),
    ("Cannot declare", "同一个名称写了两次"),
    ("Duplicate inline table key", "同一个名称写了两次"),
    ("Cannot redefine namespace", "同一个名称写了两次"),
    ("Cannot mutate immutable namespace", "同一个名称写了两次"),
    ("Unescaped '\\'", "文字中的反斜杠“\\”要写成两个（\\\\）"),
    ("Invalid hex value", "文字中的反斜杠“\\”要写成两个（\\\\）"),
    ("Escaped character", "文字中的反斜杠“\\”要写成两个（\\\\）"),
    ("Invalid date or datetime", "日期的写法不对"),
    ("Illegal character '\\n'", '英文双引号没有配对（文字要写在同一行的两个 " 之间）'),
    ("Expected newline or end of document", "一行只能写一项（值的后面多了内容）"),
    ("Illegal character", "有不能出现在这里的字符（如全角符号或制表符）"),
    ("Found invalid character", "有不能出现在这里的字符（如全角符号或制表符）"),
)
_TOML_AT = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


def toml_mistake(message: str) -> tuple[str, str]:
    """Where (第N行第M个字符，) and what, in words, of a TOML reader's message."""
    m = _TOML_AT.search(message)
    where = ""
    if m:
        where = f"第{m.group(1)}行第{m.group(2)}个字符处" if m.group(1) else "文件末尾处"
        message = message[: m.start()]
    what = next((words for start, words in _TOML_MISTAKES if message.startswith(start)), "")
    if not what and (expected := re.fullmatch(r"Expected '(.+)'", message)):
        what = f"缺少“{expected.group(1)}”"
    return where, what or f"写法不符合 TOML 格式（{message}）"


def _sibling_catalog(path: Path, name: str) -> Path:
    """Another template's catalog: a folder beside this one, else the shipped template."""
    candidate = path.parent.parent / name / "catalog.toml"
    if candidate.is_file():
        return candidate
    return bundled_template_root() / name / "catalog.toml"


_LOADED: dict[tuple[Path, int], Catalog] = {}


def load_catalog(path: Path, _seen: frozenset[Path] = frozenset()) -> Catalog:
    """The catalog in `path` (loaded once per process while the file is unchanged: an office's
    reports import each other's figures, so the same catalog is asked for several times)."""
    try:
        stamp = (path.resolve(), path.stat().st_mtime_ns)
    except OSError:
        stamp = None
    if stamp in _LOADED:
        return _LOADED[stamp]  # type: ignore[index]
    catalog = _load_catalog(path, _seen)
    if stamp is not None:
        _LOADED[stamp] = catalog
    return catalog


def _load_catalog(path: Path, _seen: frozenset[Path]) -> Catalog:
    if path.suffix.lower() == ".xlsx":
        data = read_workbook(path)
        try:
            return checked(parse_catalog(data, path))
        except CatalogError as exc:
            raise CatalogError(exc.message, locate(exc.problems, data, shown_file(path))) from None
    data = read_toml(path)
    if path.resolve() in _seen:
        raise CatalogError(f"指标目录 {path} 引用了自己（extends 或 imports 成环）")
    seen = _seen | {path.resolve()}
    report = data.get("report", {}) if isinstance(data.get("report", {}), dict) else {}
    base_name = report.get("extends")
    if not base_name:
        return checked(parse_catalog(data, path, imports=_imports(data, path, seen)))
    # A catalog may take the forms, ledgers and figures of another template's catalog (a
    # sibling folder) and add its own; only its own figures must all be used by its template.
    base_path = _sibling_catalog(path, base_name)
    if not base_path.is_file():
        raise CatalogError(f"指标目录 {path} 引用的模板“{base_name}”不存在")
    base = load_catalog(base_path, seen)
    own = parse_catalog(data, path, forms=base.forms, ledgers=base.ledgers, base=base)
    return checked(
        Catalog(
            name=own.name,
            title=own.title,
            forms=base.forms | own.forms,
            ledgers=base.ledgers | own.ledgers,
            figures={**base.figures, **own.figures},
            path=path,
            parts=own.parts or base.parts,
            inherited=frozenset(base.figures),
            tables={**base.tables, **own.tables},
            checks=base.checks + own.checks,
            names={**base.names, **own.names},
            local=own.local or base.local,
        )
    )


def _imports(data: dict[str, Any], path: Path, seen: frozenset[Path]) -> list[tuple[Catalog, list[str]]]:
    """The catalogs this one takes figures from, with the figures it takes."""
    found = []
    imports = data.get("imports", {})
    if not isinstance(imports, dict):
        raise CatalogError(
            f"指标目录 {shown_file(path)} 的 [imports] 写法有误",
            [error("[imports] 写法有误", file=shown_file(path))],
        )
    for name, spec in imports.items():
        other = _sibling_catalog(path, name)
        if not other.is_file():
            raise CatalogError(
                f"指标目录 {shown_file(path)} 引用的模板“{name}”不存在",
                [error(f'[imports."{name}"]：模板“{name}”不存在', file=shown_file(path))],
            )
        found.append((load_catalog(other, seen), list(spec.get("figures", []))))
    return found
