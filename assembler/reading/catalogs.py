"""Loading a template's catalog: `catalog.toml` (the maintainers' format) or `指标目录.xlsx` (the
clerk's, `catalogbook`), with the catalogs it takes figures from (`[imports.<模板>]`) or extends
(`[report] extends`): a folder beside it, else the shipped template. A catalog is loaded once per
process while its file is unchanged (an office's reports import each other's figures). After
loading, its `[[checks]]` are resolved against it (`model.rules.check_problems_in`): a rule that
cannot be read is the catalog's error, located to its cell in a workbook.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from assembler.model.catalog import Catalog, parse_catalog
from assembler.model.errors import CatalogError, error
from assembler.model.rules import check_problems_in
from assembler.reading.catalogbook import locate, read_workbook
from assembler.reading.templates import bundled_template_root


def checked(catalog: Catalog) -> Catalog:
    """The catalog, once its rules read (else its error)."""
    name = catalog.path.name if catalog.path else "catalog.toml"
    problems = check_problems_in(catalog, name)
    if problems:
        raise CatalogError(f"指标目录 {name} 有误", problems)
    return catalog


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(
            f"指标目录 {path} 格式有误：{exc}", [error(f"格式有误：{exc}", file=path.name)]
        ) from None
    except (UnicodeDecodeError, OSError):
        raise CatalogError(
            f"指标目录 {path} 无法读取",
            [error("不是 UTF-8 编码的文本文件；请用记事本打开，另存为 UTF-8 编码", file=path.name)],
        ) from None


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
            raise CatalogError(exc.message, locate(exc.problems, data, path.name)) from None
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
            f"指标目录 {path.name} 的 [imports] 写法有误", [error("[imports] 写法有误", file=path.name)]
        )
    for name, spec in imports.items():
        other = _sibling_catalog(path, name)
        if not other.is_file():
            raise CatalogError(
                f"指标目录 {path.name} 引用的模板“{name}”不存在",
                [error(f'[imports."{name}"]：模板“{name}”不存在', file=path.name)],
            )
        found.append((load_catalog(other, seen), list(spec.get("figures", []))))
    return found
