"""The README kept true: every command and option it shows is one the tool takes, every exit code
it states is the one a clerk gets in the cases it names, and every module, function and path its
maintainer section names exists (and says what the code does where the two can be compared)."""

from __future__ import annotations

import ast
import inspect
import re
import shlex
import tomllib
from importlib import import_module
from pathlib import Path

import click
import openpyxl
import pytest
import samples
import test_structure
from click.testing import CliRunner

from assembler.cli import main
from assembler.compute import assembly
from assembler.model import catalog
from assembler.reading.catalogs import load_catalog
from assembler.reading.templates import bundled_template_root
from assembler.writing.templatebuild import build_template_folder

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CLERKS, MAINTAINERS = README.split("## For maintainers")
FENCED = re.compile(r"```[^\n]*\n(.*?)```", re.S)
LAUNCHERS = ("./assembler.sh", "assembler.cmd")


def _blocks(text: str) -> list[str]:
    return FENCED.findall(text)


def _spans(text: str) -> list[str]:
    """Inline code, whitespace made single (a span may run over a line break)."""
    return [" ".join(span.split()) for span in re.findall(r"`([^`]+)`", FENCED.sub("", text))]


def _section(title: str) -> str:
    return README.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


# ── commands and options ─────────────────────────────────────────────────


def _shown_commands() -> list[list[str]]:
    """Every command line the README shows (code blocks and inline code), as the `assembler`
    command it runs: a launcher's command is the tool's, `…` ends what can be checked."""
    lines = [line.strip() for block in _blocks(README) for line in block.splitlines()] + _spans(README)
    found = []
    for line in lines:
        words = shlex.split(line) if line.startswith(("assembler", "./assembler.sh")) else []
        if not words or words[0] not in ("assembler", *LAUNCHERS) or len(words) == 1:
            continue
        if words[0] in LAUNCHERS and words[1] == "test":
            continue  # the launcher's own command (pytest in the tool's environment)
        words = words[1 : words.index("…") if "…" in words else None]
        if words and words not in found:
            found.append(words)
    return found


COMMANDS = _shown_commands()


def _parse(words: list[str]) -> click.Context:
    """The command line parsed as `assembler` parses it, nothing run (options, values, arguments)."""
    if words[0].startswith("-"):
        return main.make_context("assembler", list(words))
    command = main.commands.get(words[0])
    assert command is not None, f"assembler {words[0]}: no such command"
    return command.make_context(words[0], list(words[1:]), parent=click.Context(main, info_name="assembler"))


def _options(command: click.Command) -> set[str]:
    return {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}


def test_the_readme_shows_commands():
    shown = {" ".join(words) for words in COMMANDS}
    assert {"build", "check", "forms --year 2025", "build --draft", "--help"} <= shown


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_every_command_shown_is_one_the_tool_takes(words: list[str]):
    if words == ["--help"]:
        result = CliRunner().invoke(main, ["--help"], prog_name="assembler")
        assert result.exit_code == 0
        assert all(f"  {name}" in result.stdout for name in main.commands)
        return
    if len(words) == 1:  # a command named in a sentence (`assembler init` 写出…): it exists
        assert words[0] in main.commands
        return
    _parse(words)


def _table() -> list[tuple[list[str], str]]:
    """The command table of 日常使用: (command line, what it does)."""
    rows = []
    for line in _section("日常使用").splitlines():
        m = re.match(r"^\| `assembler ([^`]+)` \| (.*) \|$", line)
        if m:
            rows.append((shlex.split(m.group(1)), m.group(2)))
    return rows


def test_the_command_table_has_every_command():
    assert {words[0] for words, _ in _table() if not words[0].startswith("-")} == set(main.commands)


def test_every_option_named_is_in_its_commands_help():
    """An option in a table row's command or its description is the row's command's, and its
    --help lists it; an option named elsewhere in the clerks' part is some command's."""
    for words, description in _table():
        if words[0].startswith("-"):
            continue
        command = main.commands[words[0]]
        named = [w for w in words if w.startswith("-")]
        named += [s.split()[0] for s in _spans(description) if s.startswith("-")]
        shown = CliRunner().invoke(main, [words[0], "--help"], prog_name="assembler").stdout
        for option in named:
            assert option in _options(command), f"assembler {words[0]} {option}"
            assert re.search(rf"(^|[\s,]){re.escape(option)}([\s,]|$)", shown, re.M), option
    every = set().union(*(_options(c) for c in main.commands.values()))
    for span in _spans(CLERKS):
        if re.fullmatch(r"--?[a-z][a-z-]*", span):
            assert span in every, span


def test_the_two_commands_are_the_ones_ci_runs():
    """`./assembler.sh build` is run as a clerk runs it by tests/install/test_launcher.py;
    `./assembler.sh test` is what .ci/run runs."""
    assert [block.strip() for block in _blocks(_section("两条命令"))] == [
        "./assembler.sh build",
        "./assembler.sh test",
    ]
    ci = [ln.strip() for ln in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert [ln for ln in ci if ln and not ln.startswith("#")][-1] == "./assembler.sh test"
    assert "`.ci/run` 运行的就是 `./assembler.sh test`" in _section("在办公电脑上安装")
    launcher = (ROOT / "tests" / "install" / "test_launcher.py").read_text(encoding="utf-8")
    assert '"./assembler.sh"' in launcher and '"build"' in launcher


def test_the_test_commands_arguments_exist():
    """`./assembler.sh test tests/test_cli.py -q` and the developer's own environment."""
    for words in (shlex.split(s) for s in _spans(README) if s.startswith(LAUNCHERS)):
        if len(words) > 2 and words[1] == "test":
            assert all((ROOT / w).exists() for w in words[2:] if not w.startswith("-")), words
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for span in _spans(README):
        for extra in re.findall(r'"\.\[(\w+)\]"', span):
            assert extra in extras, span


def test_bundle_platforms_shown_exist():
    from assembler.install.bundle import PLATFORMS

    shown = {w[w.index("--platform") + 1] for w in COMMANDS if w[0] == "bundle" and "--platform" in w}
    assert shown and shown <= set(PLATFORMS)


# ── exit codes ─────────────────────────────────────────────────────────


def _exit_codes() -> dict[int, str]:
    [line] = [ln for ln in CLERKS.splitlines() if ln.startswith("退出码：")]
    return {int(code): text for code, text in re.findall(r"(\d) 表示(.*?)(?=，\d 表示|。$)", line)}


def test_the_readme_states_four_exit_codes():
    codes = _exit_codes()
    assert sorted(codes) == [0, 1, 2, 3]
    assert codes[0] == "没有错误"


def _run(workdir: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> click.testing.Result:
    monkeypatch.chdir(workdir)
    return CliRunner().invoke(main, list(args), prog_name="assembler")


def test_exit_0_no_errors(clean_base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import shutil

    shutil.copytree(clean_base / "inputs", tmp_path / "inputs")
    result = _run(tmp_path, monkeypatch, "check")
    assert (result.exit_code, result.stdout) == (0, "检查完成：没有发现问题。\n")


def test_exit_1_errors_in_a_form(workdir: Path, monkeypatch: pytest.MonkeyPatch):
    assert "表格" in _exit_codes()[1]
    path = workdir / "inputs" / "2024" / "综合执法大队-综合执法工作情况表.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["填报表"]["D13"] = "约50"
    wb.save(path)
    for command in ("check", "build"):
        result = _run(workdir, monkeypatch, command)
        assert result.exit_code == 1, command
        assert "综合执法大队-综合执法工作情况表.xlsx › 填报表 › D13" in result.output


def test_exit_1_errors_in_a_template(workdir: Path, monkeypatch: pytest.MonkeyPatch):
    assert "模板" in _exit_codes()[1]
    folder = workdir / "templates" / "法治政府建设年度报告"
    import shutil

    shutil.copytree(bundled_template_root() / folder.name, folder)
    source = folder / "template.txt"
    source.write_text(source.read_text(encoding="utf-8") + "{{ 不存在的指标 }}\n", encoding="utf-8")
    build_template_folder(folder)
    result = _run(workdir, monkeypatch, "lint", "templates/法治政府建设年度报告")
    assert result.exit_code == 1
    assert "不存在的指标" in result.output


def test_exit_1_a_report_that_cannot_be_written(workdir: Path, monkeypatch: pytest.MonkeyPatch):
    assert "报告无法写入" in _exit_codes()[1]
    output = workdir / "output"
    output.mkdir()
    (output / "~$山门街道2024年法治政府建设年度报告.docx").write_bytes(b"")  # open in Word
    result = _run(workdir, monkeypatch, "build")
    assert result.exit_code == 1
    assert "正在 Word 或 WPS 中打开" in result.stderr
    assert not list(output.glob("中山门街道*.docx"))


@pytest.mark.parametrize(
    ("case", "args", "told"),
    [
        ("文件夹不存在", ["build", "inputs/2030"], "找不到文件夹"),
        ("选项写错", ["build", "--forse"], "没有这个选项：--forse"),
        ("命令本身无法执行", ["build", "-o", "报告.docx"], "-o 请写一个文件夹"),  # the table's note on -o
    ],
)
def test_exit_2_the_command_cannot_be_carried_out(
    case: str, args: list[str], told: str, workdir: Path, monkeypatch: pytest.MonkeyPatch
):
    assert case in _exit_codes()[2]
    result = _run(workdir, monkeypatch, *args)
    assert result.exit_code == 2
    assert told in result.stderr


def test_the_table_says_how_to_name_the_file_of_one_report(workdir: Path, monkeypatch: pytest.MonkeyPatch):
    [description] = [d for words, d in _table() if words == ["build", "-o", "报告.docx"]]
    assert "文件夹" in description and "--template" in description
    result = _run(workdir, monkeypatch, "build", "-o", "报告.docx", "--template", "法治政府建设年度报告")
    assert result.exit_code == 0, result.output
    assert (workdir / "报告.docx").is_file()


def test_exit_3_internal_error_names_the_log(workdir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    import assembler.commands.build

    assert "日志文件" in _exit_codes()[3]
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))

    def bug(**_):
        raise RuntimeError("bug")

    monkeypatch.setattr(assembler.commands.build, "check_inputs", bug)
    result = _run(workdir, monkeypatch, "check")
    assert result.exit_code == 3
    log = Path(result.stderr.split("：", 1)[1].strip())
    assert log.is_file()


# ── the maintainer section ─────────────────────────────────────────────────

FILE = re.compile(r"/|\.(?:py|sh|cmd|toml|md|ini|txt|docx)$")
# Named in the maintainer section but made elsewhere: by the launcher, by `bundle`, by uv, at run time.
MADE_ELSEWHERE = {".assembler-venv/", "wheels/", "~/.cache/assembler", "OUT_DIR/2024", "pylock.toml", ".cmd"}
NOT_PATHS = {"//", "[/表格]"}  # template.txt's comment and table markers
CLERK_PATH = re.compile(r"^(?:tests|docs|\.ci|templates)/(?!.*\.xlsx$)\S*$")  # ours, not an office's
MODULE = re.compile(rf"^(?:assembler\.)?(?:{'|'.join(test_structure.LAYERS)})(?:\.\w+)+$")


def _words(spans: list[str]) -> list[str]:
    return [w.strip("'\",;()") for s in spans for w in s.split()]


def _exists(name: str) -> bool:
    """A path from the project's folder or the package's, `<名称>` any name; a bare file name
    anywhere in the project."""
    pattern = re.sub(r"<[^>]+>|模板名", "*", name.rstrip("/"))
    if list(ROOT.glob(pattern)) or list((ROOT / "assembler").glob(pattern)):
        return True
    return "/" not in pattern and any(
        ".venv" not in p.parts and ".git" not in p.parts for p in ROOT.rglob(pattern)
    )


def test_every_path_named_exists():
    named = [w for w in _words(_spans(MAINTAINERS)) if FILE.search(w) and w not in MADE_ELSEWHERE | NOT_PATHS]
    assert {"assembler/install/launch.py", "tests/test_structure.py", "cli.py"} <= set(named)
    named += [w for w in _words(_spans(CLERKS)) if CLERK_PATH.match(w)]
    named += re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)  # pictures
    assert [name for name in named if not _exists(name)] == []


def test_every_module_and_name_named_exists():
    """`compute.assembly.load_office`: the module `assembler.compute.assembly` and its name."""
    named = [w for w in _words(_spans(MAINTAINERS)) if MODULE.match(w)]
    assert "reading.workbooks" in named and "compute.figures" in named
    missing = []
    for name in named:
        parts = name.removeprefix("assembler.").split(".")
        for cut in range(len(parts), 0, -1):
            module = "assembler." + ".".join(parts[:cut])
            if (ROOT / (module.replace(".", "/") + ".py")).is_file() or (
                ROOT / module.replace(".", "/") / "__init__.py"
            ).is_file():
                break
        else:
            missing.append(name)
            continue
        thing = import_module(module)
        for attr in parts[cut:]:
            if not hasattr(thing, attr):
                missing.append(name)
                break
            thing = getattr(thing, attr)
    assert missing == []


def test_the_sample_generator_named_takes_what_the_recipe_says():
    [call] = [s for s in _spans(MAINTAINERS) if s.startswith("samples.write_inputs(")]
    keywords = re.findall(r"(\w+)=", call)
    assert set(keywords) <= set(inspect.signature(samples.write_inputs).parameters), keywords


def test_the_layers_and_the_structure_rules_are_the_tests():
    text = " ".join(MAINTAINERS.split())
    order = re.search(r"(model(?: → \w+)+)", text).group(1).split(" → ")
    assert tuple(order) == test_structure.LAYERS
    heavy = re.search(r"heavy libraries \(([^)]*)\)", text).group(1)
    assert set(heavy.split(", ")) == test_structure.HEAVY
    assert f"over {test_structure.LONG} lines" in text
    assert f"`{test_structure.WHOLE}`" in text


def test_the_pipeline_is_assembly_s_steps_in_order():
    doc = ast.get_docstring(ast.parse(inspect.getsource(assembly))) or ""
    theirs = [
        re.search(r"`([^`]+)`", step).group(1).split(".")[-1] for step in re.findall(r"^\d\. .*", doc, re.M)
    ]
    pipeline = MAINTAINERS.split("**Pipeline**", 1)[1].split("\n- **", 1)[0]
    ours = [
        re.search(r"`([^`]+)`", step).group(1).split(".")[-1]
        for step in re.findall(r"^  \d\. .*", pipeline, re.M)
    ]
    assert (
        ours == theirs == ["load_office", "read_inputs", "check_submissions", "compute_figures", "Assembly"]
    )


def _recipe(entry: str) -> str:
    recipe = " ".join(MAINTAINERS.split("**Adding a report kind**", 1)[1].split("\n- **", 1)[0].split())
    return recipe.split(f"- `{entry}`", 1)[1].split(" - ", 1)[0]


def test_the_recipe_names_what_a_catalog_takes():
    ledgers = _recipe('[ledgers."<名称>"]')
    column_types = re.search(r"type = ((?:\"\w+\"(?: \| )?)+)", ledgers).group(1)
    assert tuple(re.findall(r'"(\w+)"', column_types)) == catalog.COLUMN_TYPES
    rules = re.search(r"rule = (.*?), when", ledgers).group(1)
    assert tuple(re.findall(r'"(\w+)"', rules)) == catalog.ROW_RULES
    figures = _recipe("[[figures]]")
    assert tuple(re.search(r"`type` \(([^)]*)\)", figures).group(1).split(", ")) == catalog.FIGURE_TYPES
    assert tuple(re.search(r"a date column: ([^)]*)\)", figures).group(1).split(", ")) == catalog.DATE_CLASSES
    checks = _recipe("[[checks]]")
    assert tuple(re.search(r"`severity` \((\w+) or (\w+)\)", checks).groups()) == tuple(catalog.SEVERITIES)


def test_the_recipes_import_is_toml_a_catalog_reads():
    [block] = [b for b in _blocks(MAINTAINERS) if "[imports." in b]
    data = tomllib.loads(block)
    [(name, spec)] = data["imports"].items()
    other = load_catalog(bundled_template_root() / name / "catalog.toml")
    assert spec["figures"] and all(key in other.figures for key in spec["figures"])


def test_the_sections_the_tool_points_clerks_to_exist():
    """A message that sends a clerk to the README (见 README 的“没有网络的电脑”) names a heading."""
    headings = [line.lstrip("#").strip() for line in README.splitlines() if line.startswith("#")]
    pointed = [
        name
        for path in (ROOT / "assembler").rglob("*.py")
        for name in re.findall(r"README 的“([^”]+)”", path.read_text(encoding="utf-8"))
    ]
    assert pointed
    assert [name for name in pointed if not any(h.startswith(name) for h in headings)] == []
