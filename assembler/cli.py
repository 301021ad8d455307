"""The `assembler` command. Each command is a thin wrapper over one library function."""

from __future__ import annotations

import contextlib
import gc
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import click

from assembler import __version__

# The library behind each command is imported when that command runs, never at the top: the
# whole package costs a quarter of a second to import, which `assembler --help` must not pay.
# (Each such import is marked "off --help's path"; tests/test_structure.py allows them here only.)

CONTEXT = {"help_option_names": ["-h", "--help"]}


def _echo_problems(problems, *, notes: bool = True) -> None:
    from assembler.model.errors import format_problems  # off --help's path

    for line in format_problems(p for p in problems if notes or p.severity.name != "NOTE"):
        click.echo(f"  {line}")


def summary(problems) -> str:
    from assembler.model.errors import summary  # off --help's path

    return summary(problems)


def _fail(exc) -> None:
    from assembler.model.errors import format_problems  # off --help's path

    click.echo(exc.message, err=True)
    if exc.problems:
        click.echo(f"共 {summary(exc.problems)}：", err=True)
        for line in format_problems(exc.problems):
            click.echo(f"  {line}", err=True)
    sys.exit(exc.exit_code)


def log_folder() -> Path:
    """Where this user's error logs go: never a fixed name in a shared temporary folder, which
    another user may own (%LOCALAPPDATA%\\assembler on Windows, ~/.local/state/assembler else)."""
    import os

    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "assembler" / "logs"
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "assembler"


def _internal_error(exc: BaseException) -> None:
    """Our own bug: the traceback goes to a log file of this user's, the clerk gets one line."""
    import datetime as dt
    import os
    import tempfile
    import traceback

    text = "".join(traceback.format_exception(exc))
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / f"错误日志-{stamp}-{os.getpid()}.txt"
        log.write_text(text, encoding="utf-8")
    except OSError:  # no home folder to write to: a file of our own in the temporary folder
        fd, name = tempfile.mkstemp(prefix=f"assembler-错误日志-{stamp}-", suffix=".txt")
        with open(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        log = Path(name)
    click.echo(f"程序内部出错，报告未生成。请把日志文件发给维护人员：{log}", err=True)
    sys.exit(3)


HELP_TEXT = "显示本帮助并退出。"
_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
_USAGE_ERRORS = (
    (
        re.compile(r"No such option:? '?([^\s'.]+)'?\.?\s*Did you mean '?([^\s'?]+)'?\?"),
        r"没有这个选项：\1（是不是 \2？）",
    ),
    (re.compile(r"No such option:? '?([^\s'.]+)'?\.?"), r"没有这个选项：\1"),
    (
        re.compile(r"No such command '([^']+)'\.\s*Did you mean '([^']+)'\?"),
        r"没有这个命令：\1（是不是 \2？）",
    ),
    (re.compile(r"No such command '([^']+)'\."), r"没有这个命令：\1"),
    (re.compile(r"Missing option '([^']+)'\."), r"缺少必填的选项 \1"),
    (re.compile(r"Missing argument '([^']+)'\."), r"缺少参数 \1"),
    (re.compile(r"Got unexpected extra arguments? \((.*)\)"), r"多余的参数：\1"),
    (re.compile(r"Option '([^']+)' requires an argument\."), r"选项 \1 后面需要写一个值"),
    (re.compile(r"(\S+) is not in the range (\d+)<=x<=(\d+)\."), r"\1 不在 \2 到 \3 之间"),
    (re.compile(r"'([^']*)' is not a valid integer( range)?\."), r"“\1”不是整数"),
    (re.compile(r"Invalid value for '([^']+)': "), r"选项 \1 的值无效："),
)


def _chinese_usage_error(message: str) -> str:
    for pattern, replacement in _USAGE_ERRORS:
        message = pattern.sub(replacement, message)
    return message


def _check_year(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and not 2000 <= value <= 2099:
        raise click.BadParameter(f"{value} 不是年度，应为 2000 到 2099 之间的四位数字")
    return value


template_option = click.option(
    "--template",
    "template",
    metavar="模板名称",
    default=None,
    help="只处理这一个报告（模板名称）；默认处理单位设置 [报告] 中列出的全部报告。",
)
year_option = click.option(
    "--year",
    metavar="年度",
    type=int,
    callback=_check_year,
    help="年度，默认为 inputs 下最新年度的下一年（没有年度文件夹时为今年，1—3月为上一年）。",
)
input_dir_argument = click.argument(
    "input_dir", metavar="[年度文件夹]", required=False, type=click.Path(path_type=Path, file_okay=False)
)


class Formatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        super().write_usage(prog, args, prefix="用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")


class Context(click.Context):
    formatter_class = Formatter


class ChineseHelp:
    """Help in Chinese for a command or group: the formatter above, and the --help line."""

    context_class = Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option


class Command(ChineseHelp, click.Command):
    pass


class Group(ChineseHelp, click.Group):
    command_class = Command

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[override]
        if sys.platform == "win32":  # Windows 10's console: ANSI escapes as colours, not as text
            import colorama

            colorama.just_fix_windows_console()
        try:
            rv = super().main(args, prog_name or "assembler", complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "assembler"
            click.echo(f"命令写法有误：{_chinese_usage_error(exc.format_message())}", err=True)
            click.echo(f"查看用法：{command} --help", err=True)
            sys.exit(2)
        except click.Abort:
            click.echo("已取消。", err=True)
            sys.exit(1)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except BrokenPipeError:  # output piped into `head` and cut off: nothing to report
            sys.exit(0)
        except Exception as exc:
            _answer(exc)


def _answer(exc: Exception) -> None:
    """A clerk's problem told in Chinese (exit 1 or 2); the machine's (no permission, a full disk,
    a long path) in one line naming the path; our own bug logged, never shown as a traceback."""
    from assembler.model.errors import AssemblerError, os_error  # off --help's path

    if isinstance(exc, AssemblerError):
        _fail(exc)
    elif isinstance(exc, OSError):
        _fail(os_error(exc, exc.filename or "", "访问"))
    else:
        _internal_error(exc)


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(__version__, message="assembler %(version)s", help="显示版本号并退出。")
def main() -> None:
    """年度报告生成工具：把各部门填报的 Excel 表格汇总成规范格式的 Word 报告。

    \b
    常用：
      assembler build            用 inputs 下最新年度的表格生成报告
      assembler check            只检查表格，列出所有问题
    """


@main.command(context_settings=CONTEXT)
@input_dir_argument
@click.option(
    "-o",
    "--output",
    metavar="位置",
    type=click.Path(path_type=Path),
    help="报告保存位置：以 .docx 结尾的文件名，或一个文件夹（没有时新建），默认 output/。",
)
@template_option
@click.option("--force", is_flag=True, help="报告已存在时覆盖（原报告另存为 .bak）。")
@click.option("--draft", is_flag=True, help="表格有错误时也生成草稿，缺少或有误的数字标为【缺：…】。")
@click.option("--review", is_flag=True, help="另生成审阅版：每个数字带批注，写明来源单元格和准确数值。")
@click.option("--pdf", is_flag=True, help="另生成 PDF（需要安装 LibreOffice）。")
@click.option(
    "--html",
    is_flag=True,
    help="另生成网页（.html），以及粘贴到网站后台“源代码”中的网页正文（…（网页源代码）.txt）。",
)
def build(
    input_dir: Path | None,
    output: Path | None,
    template: str,
    force: bool,
    draft: bool,
    review: bool,
    pdf: bool,
    html: bool,
) -> None:
    """生成报告和溯源表。年度文件夹默认为 inputs 下最新的年度。"""
    with pipeline_running() as bar:
        from assembler.commands import build as library  # off --help's path
        from assembler.writing.webpage import fragment_path  # off --help's path

        results = library.build_reports(
            input_dir=input_dir,
            output=output,
            template=template,
            force=force,
            draft=draft,
            review=review,
            pdf=pdf,
            html=html,
            progress=bar,
        )
    first = results[0]
    shown = [p for p in first.problems if p.severity.name != "NOTE"]
    if shown:
        click.echo(f"提醒（{summary(shown)}）：")
        _echo_problems(shown)
    if len(results) == 1:
        click.echo(f"已读取 {first.workbooks} 个工作簿，填入 {first.figures} 项指标。")
    else:
        click.echo(f"已读取 {first.workbooks} 个工作簿，生成 {len(results)} 份报告。")
    for result in results:
        if result.gaps:
            shown = "、".join(result.gaps[:5]) + ("等" if len(result.gaps) > 5 else "")
            click.echo(
                f"《{result.report.stem}》中有 {len(result.gaps)} 处标为【缺…】（{shown}），"
                "请补齐表格后重新生成正式报告。"
            )
        if result.backup:
            click.echo(f"原报告已备份为：{_display(result.backup)}")
        count = f"（{result.figures} 项指标）" if len(results) > 1 else ""
        click.echo(f"报告已生成：{_display(result.report)}{count}")
        for label, path in (("溯源表", result.audit), ("审阅版", result.review), ("PDF", result.pdf)):
            if path:
                click.echo(f"{label}：{_display(path)}")
        if result.html:
            click.echo(f"网页：{_display(result.html)}")
            click.echo(f"网页正文（粘贴到网站后台的“源代码”中）：{_display(fragment_path(result.html))}")


@main.command(context_settings=CONTEXT)
@input_dir_argument
@template_option
@click.option("--json", "as_json", is_flag=True, help="以 JSON 格式输出（供其他程序读取）。")
def check(input_dir: Path | None, template: str, as_json: bool) -> None:
    """检查各部门表格，一次列出所有问题；有错误时退出码为 1。"""
    with pipeline_running() as bar:
        from assembler.commands import build as library  # off --help's path

        problems = library.check_inputs(input_dir=input_dir, template=template, progress=bar)
    errors = any(p.severity.name == "ERROR" for p in problems)
    if as_json:
        import json

        click.echo(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
    else:
        _echo_problems(problems)
        click.echo(f"检查完成：{summary(problems)}。" + ("请修正错误后再生成报告。" if errors else ""))
    sys.exit(1 if errors else 0)


@main.command(context_settings=CONTEXT)
@click.option(
    "-o",
    "--output",
    "out_dir",
    metavar="文件夹",
    type=click.Path(path_type=Path, file_okay=False),
    help="保存到哪个文件夹，默认 空白表格/年度/。",
)
@year_option
@template_option
@click.option("--force", is_flag=True, help="文件夹里已有同名表格时覆盖。")
def forms(out_dir: Path | None, year: int | None, template: str, force: bool) -> None:
    """生成各部门的空白填报表（每个部门一个 Excel 文件，社区表每个社区一份）。"""
    import os

    from assembler.commands import forms as library  # off --help's path

    written = library.generate_forms(out_dir=out_dir, year=year, template=template, force=force)
    folder = Path(os.path.commonpath(written)) if len(written) > 1 else written[0].parent
    click.echo(f"已生成 {len(written)} 份空白表格，保存在：{_display(folder)}")
    click.echo("请把表格发给各部门填写，收回后放入 inputs 下对应年度的文件夹。")
    for old in library.superseded_forms(written):
        click.echo(
            f"注意：{_display(old)} 与新表格同属一个部门、名称不同，多半是增加表格之前生成的旧表，"
            "请删除它，不要再发出"
        )


@main.command(context_settings=CONTEXT)
@click.argument("folder", metavar="文件夹", type=click.Path(path_type=Path, file_okay=False))
@click.option("--office", metavar="单位名称", default="", help="单位全称，如：某某街道。")
@click.option("--city", metavar="市", default="", help="所在市，如：天津市。")
@click.option("--district", metavar="区", default="", help="所在区，如：河东区。")
@click.option(
    "--year",
    metavar="年度",
    type=int,
    callback=_check_year,
    help="年度，默认为今年（1—3月为上一年）；用 --from 时默认从报告中识别。",
)
@click.option(
    "--template",
    "templates",
    metavar="模板名称",
    multiple=True,
    help="本单位要生成的报告，可写多次；默认：法治政府建设年度报告（通用）（由各部门的文字材料写成）。",
)
@click.option(
    "--from",
    "report",
    metavar="上年报告",
    type=click.Path(path_type=Path, dir_okay=False),
    help="用本单位上年的报告（.docx、.doc、.wps、.txt，或网站上保存的网页 .html、.mht）建立模板和已填好的表格。",
)
def init(
    folder: Path,
    office: str,
    city: str,
    district: str,
    year: int | None,
    templates: tuple[str, ...],
    report: Path | None,
) -> None:
    """为一个新单位建立工作文件夹：单位设置、当年空白表格、输出文件夹。

    \b
    用上年报告建立（推荐）：assembler init 文件夹 --from 上年报告.docx
    """
    from assembler.commands import workspace  # off --help's path
    from assembler.model.errors import UsageError  # off --help's path

    if not office.strip() and report is None:
        raise UsageError(
            "请用 --office 写明单位全称，例如：assembler init 文件夹 --office 某某街道；"
            "或用 --from 指定本单位上年的报告"
        )
    made = workspace.init_workspace(
        folder=folder,
        office=office,
        city=city,
        district=district,
        year=year,
        templates=templates,
        report=report,
    )
    click.echo(f"已建立工作文件夹：{_display(folder)}")
    click.echo(f"  单位设置：{_display(made.settings)}（请用记事本打开，填写标有“（请填写）”的地方）")
    if made.problems:
        click.echo(f"提醒（{summary(made.problems)}）：")
        _echo_problems(made.problems)
    if made.adopted is None:
        click.echo(f"  空白表格：{len(made.forms)} 份，在 {_display(made.forms[0].parent)}")
        click.echo("下一步：进入该文件夹，运行 assembler check 查看还需填写的内容。")
    else:
        _echo_adopted(made.adopted, inside=folder)
    click.echo(
        "文件夹中的“生成报告”“检查表格”“生成空白表格”可以双击运行（Windows 用 .cmd，Linux 桌面用 .desktop）。"
    )


@main.command(context_settings=CONTEXT)
@click.argument("report", metavar="上年报告", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--year", metavar="年度", type=int, callback=_check_year, help="报告的年度，默认从报告中识别。")
@click.option(
    "--name", metavar="模板名称", default=None, help="新模板的名称，默认取报告标题中年度之后的部分。"
)
@click.option(
    "--office", metavar="单位名称", default=None, help="单位全称；默认取单位设置中的，或从报告中识别。"
)
def adopt(report: Path, year: int | None, name: str | None, office: str | None) -> None:
    """把本单位上年的报告变成模板：模板、指标目录（指标目录.xlsx）和已填好的表格。

    报告可以是 .docx、.doc、.wps、.txt，或网站上保存的网页（.html、.mht）；
    政府信息公开工作年度报告连同三张统计表一起读入。年度默认从报告中识别。在工作文件夹中运行。
    """
    from assembler.adoption import report as library  # off --help's path

    _echo_adopted(
        library.adopt_report(report=report, workdir=Path.cwd(), year=year, name=name, office=office)
    )


def _echo_adopted(made, inside: Path | None = None) -> None:
    """What adoption found and wrote, and what the clerk does next."""
    forms = [p for p in made.written if p.parent == made.inputs]
    click.echo(f"已从报告中识别：单位“{made.office}”，{made.year}年《{made.name}》")
    if made.problems:
        click.echo(f"提醒（{summary(made.problems)}）：")
        _echo_problems(made.problems)
    if made.tables_adopted:
        _echo_tables_adopted(made, forms, inside)
        return
    click.echo(f"  数字：{made.figures} 个作为指标，{made.kept} 个保留原文（日期、文件名称、规划年份等）")
    click.echo(f"  模板：{_display(made.template)}（template.docx、指标目录.xlsx）")
    click.echo(f"  已填好的表格：{len(forms)} 份，在 {_display(made.inputs)}")
    if made.reconstructed:
        click.echo(
            f"  其中 {made.reconstructed} 个数值由“余”“多”“近”等约数推算，表中标有【推算】，有准确数字请改填"
        )
    if not made.titled:
        click.echo(
            f"  报告没有标题，已拟定为“{made.office}{made.year}年{made.name}”，可在 template.docx 中修改"
        )
    if made.tables:
        click.echo(
            f"  报告中有 {made.tables} 个表格，未转为模板；请在 template.docx 中自行添加，或把表格中的数字写进正文"
        )
    click.echo("下一步：")
    step = _echo_enter(inside)
    click.echo(
        f"  {step}. 用 Excel 或 WPS 打开指标目录.xlsx，核对指标名称和填报部门；不是指标的数字，“处理”选“保留原文”"
    )
    click.echo(
        f"  {step + 1}. 运行 assembler build inputs/{made.year} --template {made.name}，核对生成的报告与原报告一致"
    )
    click.echo(f"  {step + 2}. 新的年度运行 assembler forms --year {made.year + 1}，把空白表格发给各部门")


def _echo_enter(inside: Path | None) -> int:
    """The step that enters the new folder, if there is one; returns the next step's number."""
    if inside is None:
        return 1
    click.echo(f"  1. 进入文件夹：cd {_display(inside)}")
    return 2


def _echo_tables_adopted(made, forms: list[Path], inside: Path | None) -> None:
    click.echo(
        f"  统计表：{made.tables} 张，{made.figures} 个数字已读入（格式按国办公开办函〔2021〕30号，使用同名模板）"
    )
    click.echo(
        f"  已填好的表格：{len(forms)} 份，在 {_display(made.inputs)}；台账由统计表的件数还原，标有【推算】，"
        "有实际台账请改填；报告正文已作为各部分的“文字材料”"
    )
    click.echo("下一步：")
    step = _echo_enter(inside)
    click.echo(
        f"  {step}. 运行 assembler build inputs/{made.year} --template {made.name}，核对三张统计表与原报告一致"
    )
    click.echo(
        f"  {step + 1}. 新的年度运行 assembler forms --year {made.year + 1}，把空白表格发给各部门；"
        f"本年的“上年结转”将与 {made.year} 年的“结转下年度继续办理”核对"
    )


@main.command(context_settings=CONTEXT)
@click.argument("path", metavar="[模板或文件]", required=False, type=click.Path(path_type=Path))
def lint(path: Path | None) -> None:
    """检查模板或报告：标签是否正确、版式是否符合 GB/T 9704。

    可以写模板名称、模板文件夹或 .docx 文件（模板或生成的报告），不写则检查默认模板。
    """
    from assembler.commands import lint as library  # off --help's path

    problems = library.lint(path=path)
    errors = any(p.severity.name == "ERROR" for p in problems)
    _echo_problems(problems)
    click.echo(f"检查完成：{summary(problems)}。" + ("请修正后再使用。" if errors else ""))
    sys.exit(1 if errors else 0)


@main.command(context_settings=CONTEXT)
@click.option(
    "--platform",
    "platform",
    metavar="系统",
    help="目标电脑的系统：windows（Windows 10/11）、linux-x86_64 或 linux-aarch64（统信 UOS、麒麟等）。",
)
@click.option(
    "-o",
    "--output",
    "out_dir",
    metavar="文件夹",
    type=click.Path(path_type=Path),
    help="保存到哪个新文件夹。",
)
def bundle(platform: str | None, out_dir: Path | None) -> None:
    """生成离线安装包：本工具和它需要的全部软件，拷贝到不能上网的电脑上安装。需要联网。

    \b
    例如：assembler bundle --platform windows -o 离线安装包-windows
    """
    from assembler.install import bundle as library  # off --help's path
    from assembler.model.errors import UsageError  # off --help's path

    if platform is None or out_dir is None:
        raise UsageError(
            "请用 --platform 写明目标电脑的系统（windows、linux-x86_64 或 linux-aarch64），用 -o 写明保存到哪个新文件夹，"
            "例如：assembler bundle --platform windows -o 离线安装包-windows"
        )
    made = library.make_bundle(
        platform=platform, out_dir=out_dir, progress=lambda text: click.echo(text, err=True)
    )
    size = made.size / 1024 / 1024
    versions = f"{made.pythons[0]}–{made.pythons[-1]}" if len(made.pythons) > 1 else made.pythons[0]
    click.echo(
        f"已生成离线安装包：{_display(made.folder)}（{platform}，Python {versions}，{len(made.wheels)} 个软件包，共 {size:.0f} MB）"
    )
    click.echo(f"请把整个文件夹拷贝到目标电脑，按其中的 {library.INSTRUCTIONS} 操作。")


PROGRESS_FROM = 50  # workbooks: a street's two dozen read in a blink, a district's take seconds


@contextlib.contextmanager
def pipeline_running() -> Iterator[ProgressBar]:
    """While a build or check imports its modules and reads the workbooks: their progress bar,
    and CPython's cycle collector paused. The collector walks every object again and again as the
    modules load and the cells pile up (a tenth of a district build's time, half a second) and
    finds nothing to free there: peak memory is the same without it at every scale of
    `benchmarks/run.py`. Both end with the pipeline, errors included.

    What the pipeline made is then frozen (`gc.freeze`): the collector, resumed for whatever a
    caller does next, would walk it all once more in its first collection and again at the
    process's exit, only to free memory the system takes back when the command ends (30 ms of a
    street build's 400). Its memory is still freed as it is let go; only cycles among it wait
    for `gc.unfreeze` (tests/conftest.py gives them back after every test)."""
    bar = ProgressBar()
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield bar
    finally:
        bar.close()
        gc.freeze()
        if was_on:
            gc.enable()


class ProgressBar:
    """A bar on the terminal while many workbooks are read; nothing when the output is piped
    or redirected, or in CI (the `CI` variable), where it would only be noise."""

    def __init__(self, stream: TextIO | None = None) -> None:
        import os

        self.stream = stream or sys.stderr
        self.shown = self.stream.isatty() and not os.environ.get("CI")
        self.bar = None
        self.what = ""

    def __call__(self, what: str, done: int, total: int) -> None:
        if not self.shown or total < PROGRESS_FROM:
            return
        if self.bar is None or what != self.what:
            self.close()
            self.what = what
            self.bar = click.progressbar(length=total, label=what, file=self.stream, show_pos=True, width=30)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)
        if done == total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


if __name__ == "__main__":  # pragma: no cover
    main()
