"""The package's shape, held by tests: packages in the order data flows, no import cycles (counting
imports inside functions), no import against that order, heavy libraries kept off `--help`'s path,
and no function too long to hold in one's head without saying why."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "assembler"
# Lowest first: a module may import its own package's modules and those of the packages before it.
LAYERS = ("model", "reading", "compute", "writing", "adoption", "install", "commands")
HEAVY = {
    "docx",
    "docxtpl",
    "openpyxl",
    "xlsxwriter",
    "python_calamine",
    "jinja2",
    "lxml",
    "defusedxml",
    "xlrd",
}
LONG = 60  # lines: a longer function is split into named steps, or says why it stays whole
WHOLE = "# Whole:"  # the comment a long function carries to say why it stays whole


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _package_of(module: str) -> str:
    return (
        module if module in MODULES and MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    )


@cache
def _tree(module: str) -> ast.Module:
    return ast.parse(MODULES[module].read_text(encoding="utf-8"))


@cache
def _imports(module: str) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) of every import in `module`, type-only ones too."""
    tree = _tree(module)
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = _package_of(module).split(".")
                    anchor = anchor[: len(anchor) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                for alias in child.names:
                    name = f"{base}.{alias.name}"
                    found.append((name if name in MODULES else base, child.lineno, in_function))
            visit(child, inner)

    visit(tree, False)
    return found


def _internal(module: str) -> list[tuple[str, int, bool]]:
    return [
        (t, line, f) for t, line, f in _imports(module) if t.split(".")[0] == "assembler" and t in MODULES
    ]


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_the_folder_tree_shows_the_pipeline():
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()} == set(LAYERS)
    top = {p.name for p in PACKAGE.glob("*.py")}
    assert top == {"__init__.py", "__main__.py", "cli.py"}


@pytest.mark.parametrize("package", LAYERS)
def test_each_package_says_what_it_may_import(package: str):
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text(encoding="utf-8"))) or ""
    assert "May import" in doc, package
    below = LAYERS[: LAYERS.index(package)]
    assert all(f"`{name}`" in doc for name in below), package


def test_no_import_runs_against_the_layer_order():
    wrong = []
    for module in MODULES:
        mine = _layer(module)
        for target, line, _ in _internal(module):
            theirs = _layer(target)
            if module in ("assembler.cli", "assembler.__main__"):
                continue  # the command line sits on top of everything
            if target in ("assembler", "assembler.cli") or (
                mine is not None and theirs is not None and theirs > mine
            ):
                wrong.append(f"{MODULES[module].relative_to(PACKAGE.parent)}:{line} imports {target}")
            if mine is None and module != "assembler" and theirs is not None:
                wrong.append(f"{module}:{line} imports {target}")
    assert wrong == []


def test_no_import_cycle_counting_imports_inside_functions():
    graph = {m: {t for t, _, _ in _internal(m) if t != m} for m in MODULES}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


OFF_HELP = "# off --help's path"


def test_imports_inside_functions_are_heavy_libraries_only():
    """Our own modules are imported at the top; a function imports only a heavy library that
    `assembler --help` must not load — and the command line, which imports the library behind a
    command when that command runs (the whole package is too slow for --help), each such import
    marked so."""
    inside = []
    for m in MODULES:
        lines = MODULES[m].read_text(encoding="utf-8").splitlines()
        for t, line, in_function in _internal(m):
            if in_function and not (m == "assembler.cli" and lines[line - 1].endswith(OFF_HELP)):
                inside.append(f"{MODULES[m].relative_to(PACKAGE.parent)}:{line} {t}")
    assert inside == []


def test_help_imports_no_module_of_the_package_but_the_command_line():
    import subprocess
    import sys

    code = "import sys, assembler.cli; print(sorted(m for m in sys.modules if m.startswith('assembler')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['assembler', 'assembler.cli']"


def test_heavy_libraries_are_never_imported_at_the_top():
    top = [
        f"{MODULES[m].relative_to(PACKAGE.parent)}:{line} {t}"
        for m in MODULES
        for t, line, in_function in _imports(m)
        if not in_function and t.split(".")[0] in HEAVY
    ]
    assert top == []


def test_long_functions_are_split_or_say_why():
    long = []
    for module, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(_tree(module)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = node.end_lineno - node.lineno + 1
                body = "\n".join(lines[node.lineno - 1 : node.end_lineno])
                if size > LONG and WHOLE not in body:
                    long.append(f"{module}.{node.name}: {size} lines")
    assert long == []
