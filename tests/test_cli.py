"""The command line as a clerk meets it: exact output and exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from assembler.cli import main

REPORT = "output/中山门街道2024年法治政府建设年度报告.docx"
XXGK = "output/中山门街道2024年政府信息公开工作年度报告.docx"
PENALTIES = (
    "  警告  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D13、D15、D16  "
    "作出行政处罚的起数应等于简易程序与一般程序之和：作出行政处罚 54，应等于 其中：简易程序 50 + "
    "其中：一般程序行政处罚 3 = 53；来源：作出行政处罚 D13，其中：简易程序 D15，其中：一般程序行政处罚 D16；"
    "请核对这几个数\n"
)


@pytest.fixture
def run(workdir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(workdir)

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args))

    return invoke


def test_build_prints_a_short_summary(run, workdir: Path):
    """Both reports the office makes, their 溯源表, and the one warning of the sample (the published
    report's 54 penalties are not 50 + 3)."""
    result = run("build")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"提醒（1 个警告）：\n{PENALTIES}"
        "已读取 22 个工作簿，生成 2 份报告。\n"
        f"报告已生成：{REPORT}（46 项指标）\n"
        "溯源表：output/中山门街道2024年法治政府建设年度报告溯源表.xlsx\n"
        f"报告已生成：{XXGK}（204 项指标）\n"
        "溯源表：output/中山门街道2024年政府信息公开工作年度报告溯源表.xlsx\n"
    )
    assert (workdir / REPORT).is_file() and (workdir / XXGK).is_file()


def test_build_one_report_with_template(run, workdir: Path):
    result = run("build", "--template", "法治政府建设年度报告")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"提醒（1 个警告）：\n{PENALTIES}"
        f"已读取 22 个工作簿，填入 46 项指标。\n报告已生成：{REPORT}\n"
        "溯源表：output/中山门街道2024年法治政府建设年度报告溯源表.xlsx\n"
    )
    assert not (workdir / XXGK).exists()


def test_build_refuses_to_overwrite(run):
    run("build")
    result = run("build")
    assert result.exit_code == 1
    assert result.stderr.startswith("报告已存在：")
    assert "--force" in result.stderr
    forced = run("build", "--force")
    assert forced.exit_code == 0
    assert forced.stdout.splitlines()[3] == f"原报告已备份为：{REPORT}.bak"


def test_build_with_output_and_folder(run, workdir: Path):
    one = run("build", "inputs/2024", "-o", "报告.docx")
    assert one.exit_code == 2
    assert one.stderr == "本单位要生成2份报告，-o 请写一个文件夹（或用 --template 只生成一份）\n"
    result = run("build", "inputs/2024", "-o", "报告.docx", "--template", "法治政府建设年度报告")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("报告已生成：报告.docx\n溯源表：报告溯源表.xlsx\n")
    (workdir / "out").mkdir()
    assert run("build", "-o", "out").stdout.endswith(
        "报告已生成：out/中山门街道2024年法治政府建设年度报告.docx（46 项指标）\n"
        "溯源表：out/中山门街道2024年法治政府建设年度报告溯源表.xlsx\n"
        "报告已生成：out/中山门街道2024年政府信息公开工作年度报告.docx（204 项指标）\n"
        "溯源表：out/中山门街道2024年政府信息公开工作年度报告溯源表.xlsx\n"
    )


def test_an_output_name_without_docx_is_a_folder_made_for_the_reports(run, workdir: Path):
    """A report saved as "报告" or "报告.doc" would not open in Word: a name not ending in .docx is
    a folder (made), a document of another kind or a file already there is refused."""
    made = run("build", "-o", "新建/2024年", "--template", "法治政府建设年度报告")
    assert made.exit_code == 0, made.output
    assert made.stdout.endswith(
        "报告已生成：新建/2024年/中山门街道2024年法治政府建设年度报告.docx\n"
        "溯源表：新建/2024年/中山门街道2024年法治政府建设年度报告溯源表.xlsx\n"
    )
    (workdir / "说明").write_text("", encoding="utf-8")
    for name in ("报告.doc", "报告.PDF", "说明"):
        refused = run("build", "-o", name, "--template", "法治政府建设年度报告")
        assert (refused.exit_code, refused.stderr) == (
            2,
            f"-o {name}：报告只能保存为 Word 文档（.docx）；请写以 .docx 结尾的文件名，或写一个文件夹\n",
        )
    assert sorted(p.name for p in workdir.iterdir()) == ["inputs", "新建", "说明"]  # nothing else written


def test_errors_are_listed_all_at_once(run, workdir: Path):
    path = workdir / "inputs/2024/综合执法大队-综合执法工作情况表.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["填报表"]
    ws["D7"] = "七千"
    ws["D8"] = -5
    wb.save(path)
    (workdir / "inputs/2024/信访办公室-信访接待与矛盾调解情况表.xlsx").unlink()
    result = run("build")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "输入有错误，未生成报告\n"
        "共 3 个错误，1 个警告：\n"
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D7  全年累计出动执法人员：“七千”是汉字数字；请用阿拉伯数字填写，如 7000\n"
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D8  全年累计出动车辆：不能为负数，现为 -5\n"
        f"{PENALTIES}"
        "  错误  本年度文件夹中缺少信访办公室的《信访接待与矛盾调解情况表》；请把该部门填好的表格放入"
        "（空白表可用 assembler forms 生成）\n"
    )
    assert not (workdir / "output").exists()


def test_input_errors_come_before_a_report_already_there(run, workdir: Path):
    """Last year's run left a report; this year's inputs have an error. The clerk is told the
    error, not to add --force (which would only lead to the same error)."""
    assert run("build").exit_code == 0
    before = (workdir / REPORT).read_bytes()
    path = workdir / "inputs/2024/综合执法大队-综合执法工作情况表.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["填报表"]["D7"] = "七千"
    wb.save(path)
    result = run("build")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("输入有错误，未生成报告\n共 1 个错误，1 个警告：\n")
    assert "--force" not in result.stderr
    assert (workdir / REPORT).read_bytes() == before


def test_check_on_the_samples_warns_only_of_the_published_inconsistency(run):
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout == f"{PENALTIES}检查完成：1 个警告。\n"


def test_check_json(run, workdir: Path):
    path = workdir / "inputs/2024/网格化管理中心-网格化管理工作情况表.xlsx"
    wb = openpyxl.load_workbook(path)
    wb["填报表"]["D7"] = None
    wb.save(path)
    result = run("check", "--json")
    assert result.exit_code == 1
    assert [p for p in json.loads(result.stdout) if p["severity"] == "error"] == [
        {
            "severity": "error",
            "file": "网格化管理中心-网格化管理工作情况表.xlsx",
            "sheet": "填报表",
            "cell": "D7",
            "label": "建立专属网格数",
            "message": "未填写，请填入整数（没有请填 0）",
        }
    ]


def test_unusable_invocation_exits_2(run, workdir: Path):
    (workdir / "inputs" / "草稿").mkdir()
    result = run("build", "inputs/草稿")
    assert result.exit_code == 2
    assert "不是年度" in result.stderr
    assert run("build", "--template", "不存在的模板").exit_code == 2


def test_internal_errors_never_show_a_traceback(run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    import assembler.commands.build

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))

    def boom(**_):
        raise RuntimeError("bug")

    monkeypatch.setattr(assembler.commands.build, "build_reports", boom)
    result = run("build")
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    assert result.stderr.startswith("程序内部出错，报告未生成。请把日志文件发给维护人员：")
    log = Path(result.stderr.split("：", 1)[1].strip())
    assert "RuntimeError: bug" in log.read_text(encoding="utf-8")


def test_help_is_chinese_and_does_not_load_heavy_libraries():
    code = (
        "import sys; from click.testing import CliRunner; from assembler.cli import main;"
        "r = CliRunner().invoke(main, ['--help']); print(r.output);"
        "print(sorted(m for m in ('docx', 'docxtpl', 'openpyxl', 'xlsxwriter', 'python_calamine', 'jinja2', 'lxml', 'defusedxml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "年度报告生成工具" in out
    assert out.strip().endswith("[]")


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["forms"], ["init"], ["lint"]])
def test_help_is_all_chinese(command):
    result = CliRunner().invoke(main, [*command, "--help"], prog_name="assembler")
    assert result.exit_code == 0
    assert result.stdout.startswith("用法：assembler")
    for english in (
        "Usage",
        "Options",
        "Commands",
        "Show this",
        "default",
        "required",
        "TEXT",
        "PATH",
        "INTEGER",
    ):
        assert english not in result.stdout, english


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "--forse"], "命令写法有误：没有这个选项：--forse（是不是 --force？）\n查看用法：assembler build --help\n"),
        (["biuld"], "命令写法有误：没有这个命令：biuld（是不是 build？）\n查看用法：assembler --help\n"),
        (["forms", "--year", "3000"], "命令写法有误：选项 --year 的值无效：3000 不是年度，应为 2000 到 2099 之间的四位数字\n"
                                      "查看用法：assembler forms --help\n"),
        (["build", "a", "b"], "命令写法有误：多余的参数：b\n查看用法：assembler build --help\n"),
        (["init", "x"], "请用 --office 写明单位全称，例如：assembler init 文件夹 --office 某某街道；或用 --from 指定本单位上年的报告\n"),
    ],
)  # fmt: skip
def test_usage_errors_are_chinese_with_exit_2(args, message):
    result = CliRunner().invoke(main, args, prog_name="assembler")
    assert (result.exit_code, result.stderr) == (2, message)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _read(bar, total: int) -> None:
    for done in range(1, total + 1):
        bar("读取2024年表格", done, total)
    bar.close()


def test_progress_bar_on_a_terminal_for_many_workbooks(monkeypatch: pytest.MonkeyPatch):
    from assembler.cli import ProgressBar

    monkeypatch.delenv("CI", raising=False)
    screen = _Terminal()
    _read(ProgressBar(screen), 300)
    assert "读取2024年表格" in screen.getvalue() and "300/300" in screen.getvalue()


@pytest.mark.parametrize(
    ("terminal", "ci", "workbooks"),
    [(False, None, 300), (True, "true", 300), (True, None, 22)],
    ids=["piped", "in-ci", "a-street"],
)
def test_no_progress_bar_when_piped_in_ci_or_quick(monkeypatch, terminal, ci, workbooks):
    from assembler.cli import ProgressBar

    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    screen = _Terminal() if terminal else io.StringIO()
    _read(ProgressBar(screen), workbooks)
    assert screen.getvalue() == ""


def test_build_reports_progress_workbook_by_workbook(workdir: Path):
    from assembler.commands.build import check_inputs

    seen: list[tuple[str, int, int]] = []
    check_inputs(workdir=workdir, progress=lambda *told: seen.append(told))
    assert seen == [("读取2024年表格", n, 22) for n in range(1, 23)]


def test_init_help_names_the_new_office_template():
    from assembler.model.settings import NEW_OFFICE_TEMPLATE

    result = CliRunner().invoke(main, ["init", "--help"], prog_name="assembler", terminal_width=200)
    assert f"默认：{NEW_OFFICE_TEMPLATE}（由各部门的文字材料写成）" in result.output.replace(
        "\n", ""
    ).replace(" ", "")


def test_the_cycle_collector_is_paused_while_a_build_or_check_runs(run, monkeypatch):
    """Paused for the pipeline (benchmarks/run.py holds its memory to the floor's), resumed after,
    also when the inputs have errors."""
    import gc

    from assembler.commands import build as library

    seen = []
    for name in ("build_reports", "check_inputs"):
        real = getattr(library, name)

        def spy(real=real, **kwargs):
            seen.append(gc.isenabled())
            return real(**kwargs)

        monkeypatch.setattr(library, name, spy)
    assert gc.isenabled()
    assert run("build").exit_code == 0
    assert run("build").exit_code == 1  # the report is there: refused, the collector resumed all the same
    assert run("check").exit_code == 0
    assert seen == [False, False, False] and gc.isenabled()


def test_what_a_pipeline_made_is_frozen_after_it(run):
    """The collector resumes without walking it (benchmarks/run.py: 30 ms of a street build spent
    walking it after the pipeline and at exit); errors included."""
    import gc

    assert gc.get_freeze_count() == 0  # tests/conftest.py gives it back after every test
    assert run("check").exit_code == 0
    assert gc.get_freeze_count() > 10_000 and gc.isenabled()
    gc.unfreeze()
    assert run("build").exit_code == 0
    assert run("build").exit_code == 1  # the report is there
    assert gc.get_freeze_count() > 10_000 and gc.isenabled()


def test_a_year_alone_names_its_folder_under_inputs(run, workdir: Path):
    assert run("check", "2024").stdout == run("check", "inputs/2024").stdout
    missing = run("check", "2019")
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"找不到文件夹：{workdir / '2019'}；年度文件夹在 inputs 下：inputs/2024\n",
    )
