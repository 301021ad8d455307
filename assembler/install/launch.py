"""The launchers' shared half: a private environment beside the tool, then the tool itself.

`assembler.sh` (Linux, macOS, 信创) and `assembler.cmd` (Windows) only find a Python 3.11 or newer
and run this file with it (`python -I launch.py ARGS`). It must therefore run on a bare system
Python before anything is installed: standard library only, no import of the package around it.

On first use it makes a virtual environment in `.assembler-venv/` beside the launcher (never
touching the system Python: PEP 668 systems refuse `pip install` there), installs the tool into
it and runs the command. The stamp file in that environment holds a hash of what was installed
(the source files, or the offline package's wheels); a later run compares it (a few milliseconds)
and reinstalls only when the tool changed. Two layouts are recognised:

- a source folder (`pyproject.toml`, `assembler/`): installed from source with the network,
  extras as the command needs them (`test` installs `.[test]` and runs pytest);
- an offline package (`wheels/` holding the tool's wheel, written by `assembler bundle`):
  installed with `--no-index` from those wheels only, with pip run from its own wheel, so that
  neither the network nor Debian's `python3-venv` is needed.

Messages are one Chinese line each, naming what to do.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

MIN_PYTHON = (3, 11)
VENV_NAME = ".assembler-venv"
STAMP_NAME = "assembler-installed.json"
LOG_NAME = "install.log"
WHEELS = "wheels"
# Launcher commands that need an extra of the source project, and what they run.
EXTRAS = {"test": "test", "bundle": "bundle"}
EXTRA_NAMES = {"test": "运行测试所需的软件（pytest 等）", "bundle": "生成离线安装包所需的软件（uv）"}
DOWNLOAD_PAGE = "https://www.python.org/downloads/"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def launcher_name() -> str:
    return "assembler.cmd" if os.name == "nt" else "assembler.sh"


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


class Layout:
    """Where the tool comes from: a source folder, or an offline package's wheels."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.wheels = root / WHEELS
        self.offline = any(self.wheels.glob("assembler-*.whl"))
        self.source = not self.offline and (root / "pyproject.toml").is_file()

    def files(self) -> list[Path]:
        """What the installed environment depends on, in a fixed order."""
        if self.offline:
            return sorted(self.wheels.glob("*.whl"))
        found = [self.root / "pyproject.toml"]
        for folder in ("assembler", "templates"):
            found += sorted(
                p
                for p in (self.root / folder).rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
            )
        return found

    def key(self) -> str:
        """A hash of the installed files' contents (wheels: names and sizes)."""
        digest = hashlib.sha256(b"offline" if self.offline else b"source")
        for path in self.files():
            digest.update(path.relative_to(self.root).as_posix().encode("utf-8", "surrogateescape"))
            if self.offline:
                digest.update(str(path.stat().st_size).encode())
            else:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
        return digest.hexdigest()

    def pip_wheel(self) -> Path | None:
        found = sorted(self.wheels.glob("pip-*.whl")) if self.offline else []
        return found[-1] if found else None


def python_id() -> str:
    """The interpreter the environment is made from: a new one means a new environment."""
    base = getattr(sys, "_base_executable", "") or sys.executable
    return f"{os.path.realpath(base)} {platform.python_version()}"


def read_stamp(venv: Path) -> dict:
    try:
        stamp = json.loads((venv / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def make_venv(venv: Path, layout: Layout) -> list[str] | None:
    """Create the environment; return how to run pip in it, or None after saying what is missing."""
    if venv.exists():
        if not ((venv / "pyvenv.cfg").is_file() or (venv / STAMP_NAME).is_file()):
            say(f"无法建立运行环境：{venv} 已存在，但不是本工具的运行环境。请把它改名或删除后重新运行。")
            return None
        shutil.rmtree(venv)
    pip_wheel = layout.pip_wheel()
    if pip_wheel is not None:
        # pip runs from its own wheel: no ensurepip (Debian's python3-venv) needed, and fast.
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
        return [str(venv_python(venv)), str(pip_wheel / "pip")]
    if importlib.util.find_spec("ensurepip") is None:
        version = f"{sys.version_info[0]}.{sys.version_info[1]}"
        say(
            f"无法建立运行环境：这台电脑的 Python {version} 缺少 venv 组件。"
            f"请运行 sudo apt install python3-venv（或 python{version}-venv），然后重新运行。"
        )
        return None
    made = subprocess.run(
        [sys.executable, "-m", "venv", str(venv)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    if made.returncode != 0:
        say(made.stdout.strip())
        say(f"无法在 {venv} 建立运行环境（见上面的信息）。请确认该文件夹可以写入，然后重新运行。")
        return None
    return [str(venv_python(venv)), "-m", "pip"]


def install(pip: list[str], layout: Layout, extras: list[str], log: Path, fresh: bool) -> bool:
    """Install the tool (with `extras` when from source) into the environment; the output goes to `log`."""
    env = dict(os.environ)
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", PIP_REQUIRE_VIRTUALENV="0")
    if layout.offline:
        # Only the wheels beside the launcher: no index, no find-links or constraints from pip's settings.
        env["PIP_CONFIG_FILE"] = os.devnull
        args = ["install", "--no-index", "--find-links", str(layout.wheels), "assembler"]
        if not fresh:  # the same version number may hold other files in a newer package
            args[1:1] = ["--force-reinstall"]
    else:
        args = ["install", "." + (f"[{','.join(extras)}]" if extras else "")]
    with log.open("w", encoding="utf-8") as out:
        out.write(f"{' '.join(pip + args)}\n")
        out.flush()
        done = subprocess.run(pip + args, cwd=layout.root, env=env, stdout=out, stderr=subprocess.STDOUT)
    return done.returncode == 0


NETWORK_TROUBLE = (
    "NewConnectionError",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Name or service not known",
    "ConnectTimeout",
    "ReadTimeout",
    "ProxyError",
    "SSLError",
    "No matching distribution found",
    "Could not find a version that satisfies",
)


def failed(layout: Layout, log: Path) -> None:
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    for line in [x for x in text.splitlines() if x.strip() and "is ignored" not in x][-12:]:
        say(f"  {line}")
    here = f"{platform.system()} {platform.machine()}，Python {platform.python_version()}"
    if layout.offline:
        say(
            f"安装失败：离线安装包中缺少适合这台电脑（{here}）的软件包。"
            f"请换用与本机系统相符的离线安装包（详细记录：{log}）。"
        )
    elif any(word in text for word in NETWORK_TROUBLE):
        say(
            f"安装失败：无法下载本工具所需的软件（详细记录：{log}）。"
            "请检查网络后重新运行；不能上网的电脑请使用离线安装包（见 README 的“没有网络的电脑”）。"
        )
    else:
        say(f"安装失败（详细记录：{log}）。请确认工具文件夹完整，或把这个记录文件发给维护人员。")


def prepare(layout: Layout, command: str | None) -> Path | None:
    """The environment's Python, installed and up to date for `command`; None after a message."""
    venv = layout.root / VENV_NAME
    python = venv_python(venv)
    stamp = read_stamp(venv)
    key = layout.key()
    wanted = [EXTRAS[command]] if layout.source and command in EXTRAS else []
    usable = stamp.get("python") == python_id() and python.is_file()
    have = list(stamp.get("extras", [])) if usable else []
    if usable and stamp.get("key") == key and set(wanted) <= set(have):
        return python
    extras = sorted({*have, *wanted})
    fresh = not usable
    if fresh:
        say(f"第一次运行：正在准备运行环境（{venv}），需要一两分钟，请稍候……")
        pip = make_venv(venv, layout)
        if pip is None:
            return None
    else:
        if stamp.get("key") == key:
            say(f"正在安装{EXTRA_NAMES.get(command, '所需的软件')}，请稍候……")
        else:
            say("本工具已更新：正在重新安装，请稍候……")
        pip_wheel = layout.pip_wheel()
        pip = [str(python), str(pip_wheel / "pip")] if pip_wheel else [str(python), "-m", "pip"]
    (venv / STAMP_NAME).unlink(missing_ok=True)
    log = venv / LOG_NAME
    if not install(pip, layout, extras, log, fresh):
        failed(layout, log)
        return None
    stamp = {"python": python_id(), "key": key, "extras": extras}
    (venv / STAMP_NAME).write_text(json.dumps(stamp, ensure_ascii=False), encoding="utf-8")
    say("运行环境已准备好。")
    return python


class Lock:
    """Held while the environment is checked and installed, so that two double-clicks at once
    (or two commands) do not build it together; released before the command runs."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> Lock:
        self.file = self.path.open("a+b")
        if os.name == "nt":
            import msvcrt

            self.file.seek(0)
            while True:
                try:
                    msvcrt.locking(self.file.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:  # LK_LOCK gives up after 10 s: keep waiting
                    continue
        else:
            import fcntl

            fcntl.flock(self.file, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()  # closing releases the lock


def tool_folder() -> Path:
    """The tool's folder: the source checkout (pyproject.toml) this file is in, or the offline
    package whose wheels/ folder holds a copy of it."""
    here = Path(__file__).resolve()
    return next(
        (p for p in here.parents if (p / "pyproject.toml").is_file() or (p / WHEELS).is_dir()),
        here.parent.parent,
    )


def run(argv: list[str], root: Path | None = None) -> int:
    root = root or tool_folder()
    if sys.version_info < MIN_PYTHON:
        say(
            f"本机的 Python 是 {platform.python_version()}，版本太旧：本工具需要 Python 3.11 或更新版本，请从 {DOWNLOAD_PAGE} 安装。"
        )
        return 2
    layout = Layout(root)
    if not (layout.offline or layout.source):
        say(
            f"{root} 中既没有本工具的源代码（pyproject.toml），也没有离线安装包（{WHEELS} 文件夹）。请重新拷贝完整的工具文件夹。"
        )
        return 2
    command = argv[0] if argv else None
    try:
        with Lock(root / f"{VENV_NAME}.lock"):
            python = prepare(layout, command)
    except OSError as exc:
        say(
            f"无法准备运行环境：{exc}。请确认工具文件夹可以写入，并关闭其他正在运行的本工具窗口，然后重新运行。"
        )
        return 2
    if python is None:
        return 2
    env = dict(os.environ, ASSEMBLER_LAUNCHER=str(root / launcher_name()))
    if layout.source and command == "test":
        args, cwd = [str(python), "-m", "pytest", *argv[1:]], root
    else:
        # -P: the installed tool runs, never a folder named `assembler` in the current directory.
        args, cwd = [str(python), "-P", "-m", "assembler", *argv], None
    if os.name != "nt":
        if cwd is not None:
            os.chdir(cwd)
        os.execve(args[0], args, env)
    try:
        return subprocess.run(args, cwd=cwd, env=env).returncode
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
