"""The launchers: the README's two commands on a fresh copy with the system Python (PEP 668),
what a clerk is told when Python is missing, too old or without venv, and when the private
environment is made, reused, reinstalled."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from batchfile import check_batch_file, unescaped
from once import ROOT, copy_checkout, need_pypi, once, system_env

from assembler.install import launch

SYSTEM_PYTHON = Path("/usr/bin/python3")
REPORTS = ("中山门街道2024年法治政府建设年度报告.docx", "中山门街道2024年政府信息公开工作年度报告.docx")


def _first_runs(work: Path) -> dict:
    """A fresh copy of the project in a folder named with spaces and Chinese characters, and the
    README's commands run there in turn with only /usr/bin and /bin on PATH."""
    if not SYSTEM_PYTHON.exists():
        pytest.skip("no /usr/bin/python3 on this machine")
    need_pypi()
    clone = copy_checkout(work / "年度 报告" / "工具 源代码")
    home = work / "home"
    home.mkdir()
    runs = {}
    # The second command (`./assembler.sh test`) is what .ci/run runs; here only the decision to
    # install the test tools is checked (test_the_environment_is_made_once_…), which takes no time.
    for name, args in (("build", ["build"]), ("again", ["--version"])):
        started = time.monotonic()
        done = subprocess.run(
            ["./assembler.sh", *args],
            cwd=clone,
            env=system_env(home),
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=900,
        )
        runs[name] = {
            "rc": done.returncode,
            "stdout": done.stdout,
            "stderr": done.stderr,
            "seconds": round(time.monotonic() - started, 1),
        }
    return {"clone": str(clone), "runs": runs}


EARLY = {"launcher-first-runs": _first_runs}  # begun as the run begins (conftest.py)


@pytest.fixture(scope="session")
def first_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    _, made = once(tmp_path_factory, "launcher-first-runs", _first_runs)
    return Path(made["clone"]), made["runs"]


def test_the_first_command_builds_the_sample_with_the_system_python(first_runs):
    clone, runs = first_runs
    build = runs["build"]
    assert build["rc"] == 0, build
    venv = clone / launch.VENV_NAME
    assert build["stderr"].splitlines() == [
        f"第一次运行：正在准备运行环境（{venv}），需要一两分钟，请稍候……",
        "运行环境已准备好。",
    ]
    for report in REPORTS:
        assert f"报告已生成：output/{report}" in build["stdout"]
        assert (clone / "output" / report).stat().st_size > 10_000
    # The environment is made from the system's Python; the system's Python is left as it was.
    assert "home = /usr/bin\n" in (venv / "pyvenv.cfg").read_text(encoding="utf-8")
    outside = subprocess.run([SYSTEM_PYTHON, "-c", "import assembler"], cwd="/", capture_output=True)
    assert outside.returncode != 0


def test_a_later_run_uses_the_environment_as_it_is(first_runs):
    _, runs = first_runs
    assert runs["again"] == {
        "rc": 0,
        "stdout": "assembler 0.1.0\n",
        "stderr": "",
        "seconds": runs["again"]["seconds"],
    }


# What a clerk is told before anything is installed.


def _bin_with(tmp_path: Path, **programs: str) -> Path:
    """A PATH folder with `dirname` (the launcher's one outside program) and the given programs."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name, target in {"dirname": shutil.which("dirname") or "/usr/bin/dirname", **programs}.items():
        (folder / name).symlink_to(target)
    return folder


def _launch(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/sh", str(ROOT / "assembler.sh"), *args],
        env={"PATH": str(folder), "HOME": str(folder)},
        capture_output=True,
        text=True,
    )


def test_without_python_the_clerk_is_told_what_to_install(tmp_path: Path):
    done = _launch(_bin_with(tmp_path), "build")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "未找到 Python 3.11 或更新版本。请先安装（统信 UOS、麒麟、Debian、Ubuntu：sudo apt install python3 python3-venv；"
        "其他系统见 https://www.python.org/downloads/），然后重新运行。\n"
    )


def test_a_too_old_python_is_named(tmp_path: Path):
    old = sorted(glob.glob(str(Path.home() / ".pyenv/versions/3.1[0]*/bin/python3.1[0]")))
    if not old:
        pytest.skip("no Python 3.10 (pyenv) on this machine")
    done = _launch(_bin_with(tmp_path, python3=old[-1]), "build")
    assert done.returncode == 2
    assert done.stderr.startswith(
        f"本机的 Python 是 3.10（{tmp_path / 'bin' / 'python3'}），版本太旧：本工具需要 Python 3.11 或更新版本。"
    )
    assert len(done.stderr.splitlines()) == 1


def test_without_the_venv_component_debian_is_told_to_install_it(tmp_path, monkeypatch, capsys):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'assembler'\n", encoding="utf-8")
    find_spec = launch.importlib.util.find_spec
    monkeypatch.setattr(
        launch.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "ensurepip" else find_spec(name, *a),
    )
    assert launch.run(["build"], root=tmp_path) == 2
    version = f"3.{launch.sys.version_info[1]}"
    assert capsys.readouterr().err.splitlines() == [
        f"第一次运行：正在准备运行环境（{tmp_path / launch.VENV_NAME}），需要一两分钟，请稍候……",
        f"无法建立运行环境：这台电脑的 Python {version} 缺少 venv 组件。"
        f"请运行 sudo apt install python3-venv（或 python{version}-venv），然后重新运行。",
    ]


def test_a_folder_without_the_tool_is_told(tmp_path, capsys):
    assert launch.run(["build"], root=tmp_path) == 2
    assert (
        "既没有本工具的源代码（pyproject.toml），也没有离线安装包（wheels 文件夹）" in capsys.readouterr().err
    )


# When the environment is made, reused and reinstalled.


@pytest.fixture
def recorded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """A source folder whose environment is 'made' and 'installed' by recording stand-ins."""
    (tmp_path / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    (tmp_path / "assembler").mkdir()
    (tmp_path / "assembler" / "cli.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "templates" / "甲").mkdir(parents=True)
    (tmp_path / "templates" / "甲" / "template.txt").write_text("正文\n", encoding="utf-8")
    calls: list[tuple] = []

    def make_venv(venv: Path, layout) -> list[str]:
        calls.append(("venv",))
        launch.venv_python(venv).parent.mkdir(parents=True, exist_ok=True)
        launch.venv_python(venv).write_text("", encoding="utf-8")
        return ["pip"]

    def install(pip, layout, extras, log, fresh) -> bool:
        calls.append(("install", tuple(extras), fresh))
        return True

    monkeypatch.setattr(launch, "make_venv", make_venv)
    monkeypatch.setattr(launch, "install", install)
    return calls


def _prepare(root: Path, command: str | None) -> Path | None:
    return launch.prepare(launch.Layout(root), command)


def test_the_environment_is_made_once_and_reinstalled_when_the_tool_changes(tmp_path, recorded, monkeypatch):
    assert _prepare(tmp_path, "build") == launch.venv_python(tmp_path / launch.VENV_NAME)
    assert recorded == [("venv",), ("install", (), True)]
    assert _prepare(tmp_path, "check") is not None
    assert len(recorded) == 2  # nothing changed: nothing done
    assert _prepare(tmp_path, "test") is not None
    assert recorded[2:] == [("install", ("test",), False)]
    assert _prepare(tmp_path, "build") is not None
    assert len(recorded) == 3  # the test tools stay
    (tmp_path / "templates" / "甲" / "template.txt").write_text("新的正文\n", encoding="utf-8")
    assert _prepare(tmp_path, "build") is not None
    assert recorded[3:] == [("install", ("test",), False)]
    (tmp_path / "assembler" / "__pycache__").mkdir()
    (tmp_path / "assembler" / "__pycache__" / "cli.cpython-311.pyc").write_bytes(b"x")
    assert _prepare(tmp_path, "build") is not None
    assert len(recorded) == 4  # compiled files are not the tool
    monkeypatch.setattr(launch, "python_id", lambda: "/usr/bin/python3.12 3.12.3")
    assert _prepare(tmp_path, "build") is not None
    assert recorded[4:] == [("venv",), ("install", (), True)]  # another Python: a new environment


def test_an_offline_package_is_installed_without_extras(tmp_path, recorded):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    (wheels / "assembler-0.1.0-py3-none-any.whl").write_bytes(b"1")
    assert launch.Layout(tmp_path).offline
    assert _prepare(tmp_path, "test") is not None
    assert recorded == [("venv",), ("install", (), True)]
    (wheels / "assembler-0.1.0-py3-none-any.whl").write_bytes(b"12")  # a newer package, same version
    assert _prepare(tmp_path, "build") is not None
    assert recorded[2:] == [("install", (), False)]


def test_the_check_reads_no_more_than_the_tool(tmp_path):
    layout = launch.Layout(ROOT)
    assert layout.source and not layout.offline
    files = {p.relative_to(ROOT).parts[0] for p in layout.files()}
    assert files == {"pyproject.toml", "assembler", "templates"}


# The launcher files themselves.


def test_the_shell_launcher_is_executable_with_unix_line_endings():
    data = (ROOT / "assembler.sh").read_bytes()
    assert b"\r" not in data
    assert data.startswith(b"#!/bin/sh\n")
    assert os.access(ROOT / "assembler.sh", os.X_OK)


def test_the_windows_launcher_is_ascii_with_crlf_and_quotes_its_paths():
    lines = check_batch_file((ROOT / "assembler.cmd").read_bytes())
    assert 'py -3 -I "%ASSEMBLER_HELPER%" %*' in lines
    assert 'python -I "%ASSEMBLER_HELPER%" %*' in lines
    said = [text for line in lines for text in unescaped(line)]
    # An older Python (py, then python) says it is too old; with none, PowerShell says what to install.
    assert said[0] == said[2] == "本机的 Python 是 "
    assert said[1] == said[3]
    assert said[1].startswith(
        "，版本太旧：本工具需要 Python 3.11 或更新版本。请从 https://www.python.org/downloads/windows/"
    )
    assert said[4].startswith(
        "未找到 Python 3.11 或更新版本。请从 https://www.python.org/downloads/windows/ 下载安装"
    )
    assert said[5] == "工具文件夹不完整（缺少 launch.py），请重新拷贝完整的工具文件夹。"


def test_an_offline_package_needs_no_venv_component(tmp_path, monkeypatch):
    """Debian without python3-venv (no ensurepip): the offline package's pip runs from its wheel."""
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    (wheels / "assembler-0.1.0-py3-none-any.whl").write_bytes(b"1")
    (wheels / "pip-26.3-py3-none-any.whl").write_bytes(b"1")
    monkeypatch.setattr(
        launch.importlib.util, "find_spec", lambda name, *a: pytest.fail("ensurepip looked for")
    )
    venv = tmp_path / launch.VENV_NAME
    pip = launch.make_venv(venv, launch.Layout(tmp_path))
    assert pip == [str(launch.venv_python(venv)), str(wheels / "pip-26.3-py3-none-any.whl" / "pip")]
    assert launch.venv_python(venv).exists()
    assert not (venv / "lib").exists() or not list((venv / "lib").glob("python*/site-packages/pip"))
