"""`assembler bundle`: an offline package for a computer without internet (内网).

The package is a folder a clerk copies to the office computer:

    安装说明.txt                      what to do, in Chinese
    assembler.cmd / assembler.sh      the launcher of that system
    生成报告、检查表格、生成空白表格      the double-click files (.cmd; or .sh and .desktop)
    inputs/                           the sample: 生成报告 makes the two sample reports at once
    wheels/                           the tool's wheel, every dependency's wheel for the platform
                                      and each supported Python, pip's wheel, and launch.py

The launcher finds `wheels/` beside it and installs from it alone (`--no-index`), with pip run
from its wheel, so the office computer needs neither the network nor Debian's python3-venv.

Dependencies are resolved for the target, not for this computer: markers such as
`sys_platform == "win32"` must be evaluated for Windows even when the package is made on
Linux, which `pip download --platform` does not do. uv does (`uv pip compile --python-platform
… --python-version …`, writing a PEP 751 lock that names each chosen wheel, its URL and hash);
the wheels are then downloaded, checked against their hashes and kept in a cache. uv is needed
only here: `pip install "assembler[bundle]"`, or `./assembler.sh bundle …`, which installs it.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import os
import shutil
import subprocess
import tempfile
import tomllib
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assembler.install.shortcuts import Tool, write_shortcuts
from assembler.model.errors import AssemblerError, OutputError, UsageError

PYTHONS = ("3.11", "3.12", "3.13", "3.14")
INSTRUCTIONS = "安装说明.txt"


@dataclass(frozen=True)
class Target:
    name: str
    uv: str  # uv's --python-platform
    system: str  # the double-click files and launcher: "windows" or "linux"
    label: str


PLATFORMS = {
    t.name: t
    for t in (
        Target("windows", "x86_64-pc-windows-msvc", "windows", "Windows 10/11（64 位）"),
        # glibc 2.28 is the oldest among the 信创 systems in use (统信 UOS 20, 麒麟 V10 server).
        Target(
            "linux-x86_64",
            "x86_64-manylinux_2_28",
            "linux",
            "Linux x86_64（统信 UOS、麒麟、Debian、Ubuntu 等，Intel、AMD、兆芯、海光处理器）",
        ),
        Target(
            "linux-aarch64",
            "aarch64-manylinux_2_28",
            "linux",
            "Linux aarch64（统信 UOS、麒麟等，鲲鹏、飞腾等 ARM 处理器）",
        ),
    )
}


class BundleError(AssemblerError):
    """The offline package cannot be made (no uv, no network, no source folder)."""

    exit_code = 2


@dataclass(frozen=True)
class Bundle:
    """What `make_bundle` wrote."""

    folder: Path
    platform: str
    pythons: tuple[str, ...]
    wheels: tuple[Path, ...]
    files: tuple[Path, ...]

    @property
    def size(self) -> int:
        return sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file())


def make_bundle(
    *,
    platform: str,
    out_dir: Path,
    pythons: Sequence[str] = PYTHONS,
    source: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Bundle:
    """Write the offline package for `platform` (see PLATFORMS) into the new folder `out_dir`;
    `progress` is told when the downloads begin."""
    target = find_target(platform)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise OutputError(f"{out_dir} 已经存在且不是空文件夹，未作改动。请换一个文件夹名，或先删除它")
    source = find_source(source)
    uv = find_uv()
    if progress is not None:
        progress("正在生成离线安装包（需要联网下载软件包，约需一分钟）……")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".assembler-bundle-", dir=out_dir.parent))
    try:
        wheels = work / "wheels"
        wheels.mkdir()
        own = build_wheel(uv, source, wheels)
        requirements = [*project_dependencies(source), "pip"]
        locked = resolve_all(uv, requirements, target, pythons)
        fetched = download(sorted({w for ws in locked.values() for w in ws}), wheels)
        shutil.copy2(source / "assembler" / "install" / "launch.py", wheels / "launch.py")
        files = write_folder(work, source, target, tuple(pythons))
        work.chmod(0o755)
        if out_dir.exists():
            out_dir.rmdir()
        work.rename(out_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    moved = [out_dir / p.relative_to(work) for p in (own, *fetched, *files)]
    return Bundle(
        folder=out_dir,
        platform=platform,
        pythons=tuple(pythons),
        wheels=tuple(p for p in moved if p.suffix == ".whl"),
        files=tuple(p for p in moved if p.suffix != ".whl"),
    )


def find_target(platform: str) -> Target:
    if platform not in PLATFORMS:
        raise UsageError(f"没有这个系统：{platform}。可以写：{'、'.join(PLATFORMS)}")
    return PLATFORMS[platform]


def find_source(source: Path | None = None) -> Path:
    """The tool's source folder (pyproject.toml, assembler/, templates/): given, the launcher's
    folder, the folder this package is in (a checkout), or the current folder."""
    candidates = [source] if source is not None else []
    launcher = os.environ.get("ASSEMBLER_LAUNCHER")
    if source is None:
        if launcher:
            candidates.append(Path(launcher).parent)
        candidates += [Path(__file__).resolve().parents[2], Path.cwd()]
    for folder in candidates:
        if (folder / "pyproject.toml").is_file() and (
            folder / "assembler" / "install" / "launch.py"
        ).is_file():
            return folder.resolve()
    raise BundleError(
        "找不到本工具的源代码文件夹（含 pyproject.toml 和 assembler 文件夹）。"
        "离线安装包要在源代码文件夹中生成：进入该文件夹运行 ./assembler.sh bundle …"
    )


def find_uv() -> str:
    try:
        from uv import find_uv_bin  # the `uv` package from PyPI carries its binary

        return find_uv_bin()
    except (ImportError, FileNotFoundError):
        pass
    found = shutil.which("uv")
    if found:
        return found
    raise BundleError(
        "生成离线安装包需要 uv（为其他系统挑选软件包的工具）。"
        '请在源代码文件夹中运行 ./assembler.sh bundle …（会自动安装），或运行 pip install "assembler[bundle]"'
    )


def _run(args: list[str], what: str, **kwargs) -> str:
    done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", errors="replace", **kwargs)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BundleError(f"{what}失败，需要能访问 Python 软件源（PyPI 或其镜像）：{' '.join(detail[-3:])}")
    return done.stdout


def build_wheel(uv: str, source: Path, wheels: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        _run([uv, "build", "--wheel", "--quiet", "--out-dir", tmp, str(source)], "生成本工具的安装文件")
        built = next(Path(tmp).glob("assembler-*.whl"))
        return Path(shutil.move(built, wheels / built.name))


def project_dependencies(source: Path) -> list[str]:
    with (source / "pyproject.toml").open("rb") as f:
        return list(tomllib.load(f)["project"]["dependencies"])


@dataclass(frozen=True, order=True)
class Wheel:
    """One wheel the target needs: from the lock, with its hash."""

    filename: str
    url: str
    sha256: str
    size: int


def resolve(uv: str, requirements: Sequence[str], target: Target, python: str) -> list[Wheel]:
    """The wheels that `requirements` need on `target` with Python `python`: uv resolves them
    with the target's markers and tags and names each chosen wheel in a PEP 751 lock."""
    with tempfile.TemporaryDirectory() as tmp:
        wanted = Path(tmp) / "requirements.in"
        wanted.write_text("\n".join(requirements) + "\n", encoding="utf-8")
        args = [uv, "pip", "compile", str(wanted), "--python-platform", target.uv]
        args += ["--python-version", python, "--only-binary", ":all:", "--format", "pylock.toml"]
        # No interpreter of that version is needed (nor downloaded): markers and tags are the target's.
        args += ["--no-python-downloads", "--quiet", "--no-header"]
        lock = _run(args, f"为 {target.name}（Python {python}）挑选软件包")
    wheels = []
    for package in tomllib.loads(lock).get("packages", []):
        chosen = [
            Wheel(
                wheel.get("name") or urllib.parse.unquote(wheel["url"].rsplit("/", 1)[-1]),
                wheel["url"],
                wheel["hashes"]["sha256"],
                int(wheel.get("size", 0)),
            )
            for wheel in package.get("wheels") or []
        ]
        if not chosen:
            raise BundleError(
                f"{package['name']} {package.get('version', '')} 没有适合 {target.label}、Python {python} 的安装文件"
            )
        # Several may fit (manylinux2014 and manylinux_2_28 builds): one is enough, the one
        # asking least of the system's C library.
        wheels.append(min(chosen, key=lambda w: (_glibc_needed(w.filename), w.filename)))
    return wheels


def _glibc_needed(filename: str) -> tuple[int, int]:
    """The oldest glibc a wheel runs on (its most lenient manylinux tag); (0, 0) for other wheels."""
    platforms = filename.removesuffix(".whl").split("-")[-1].split(".")
    needed = []
    for tag in platforms:
        legacy = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}
        head = tag.split("_")[0]
        if head in legacy:
            needed.append(legacy[head])
        elif tag.startswith("manylinux_"):
            major, minor = tag.split("_")[1:3]
            needed.append((int(major), int(minor)))
    return min(needed, default=(0, 0))


def resolve_all(
    uv: str, requirements: Sequence[str], target: Target, pythons: Sequence[str]
) -> dict[str, list[Wheel]]:
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        jobs = {python: pool.submit(resolve, uv, requirements, target, python) for python in pythons}
        return {python: job.result() for python, job in jobs.items()}


def cache_dir() -> Path:
    if os.environ.get("ASSEMBLER_CACHE"):
        return Path(os.environ["ASSEMBLER_CACHE"])
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "assembler" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "assembler"


def download(wanted: Sequence[Wheel], into: Path) -> list[Path]:
    """Each wheel into `into`, from the cache or the index, checked against its hash."""
    cache = cache_dir() / "wheels"

    def fetch(wheel: Wheel) -> Path:
        kept = cache / wheel.sha256 / wheel.filename
        if not (kept.is_file() and _sha256(kept) == wheel.sha256):
            kept.parent.mkdir(parents=True, exist_ok=True)
            partial = kept.with_name(kept.name + ".part")
            try:
                with urllib.request.urlopen(wheel.url, timeout=60) as response, partial.open("wb") as out:
                    shutil.copyfileobj(response, out)
            except OSError as exc:
                raise BundleError(f"下载 {wheel.filename} 失败，请检查网络：{exc}") from exc
            if _sha256(partial) != wheel.sha256:
                partial.unlink()
                raise BundleError(f"下载的 {wheel.filename} 与软件源登记的校验值不符，请重新运行")
            partial.replace(kept)
        target = into / wheel.filename
        shutil.copyfile(kept, target)
        return target

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(fetch, wanted))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_folder(folder: Path, source: Path, target: Target, pythons: tuple[str, ...]) -> list[Path]:
    """The launcher, the double-click files, the sample inputs and 安装说明.txt."""
    windows = target.system == "windows"
    launcher = folder / ("assembler.cmd" if windows else "assembler.sh")
    shutil.copyfile(source / launcher.name, launcher)
    launcher.chmod(0o755)
    written = [launcher, *write_shortcuts(folder, systems=(target.system,), tool=Tool())]
    if (source / "inputs").is_dir():
        shutil.copytree(source / "inputs", folder / "inputs")
        written += sorted(p for p in (folder / "inputs").rglob("*") if p.is_file())
    text = instructions(target, pythons)
    guide = folder / INSTRUCTIONS
    if windows:  # Notepad: a BOM, and CRLF
        guide.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    else:
        guide.write_text(text, encoding="utf-8")
    return [*written, guide]


def instructions(target: Target, pythons: tuple[str, ...]) -> str:
    versions = f"{pythons[0]}–{pythons[-1]}" if len(pythons) > 1 else pythons[0]
    if target.system == "windows":
        python = (
            f"1. 安装 Python（{versions} 中的任一版本，64 位）。没有网络时，在能上网的电脑上从\n"
            "   https://www.python.org/downloads/windows/ 下载“Windows installer (64-bit)”，拷贝过来安装；\n"
            "   安装时勾选“Add python.exe to PATH”。已装有这些版本之一的，跳过这一步。\n"
        )
        run = (
            "2. 把整个文件夹拷贝到这台电脑上（路径中有中文或空格都可以），双击“生成报告.cmd”。\n"
            "   第一次运行时会在本文件夹中建立运行环境（.assembler-venv），约需一两分钟，不需要网络。\n"
            "   完成后生成两份样例报告，并打开 output 文件夹。\n"
            "3. 以后每次：双击“检查表格.cmd”检查各部门交来的表格，双击“生成报告.cmd”生成报告，\n"
            "   双击“生成空白表格.cmd”生成今年发给各部门的空白表格。\n"
            "4. 建立本单位的工作文件夹：在本文件夹的地址栏输入 cmd 并回车，在打开的窗口中运行\n"
            "   assembler.cmd init 本单位 --office 某某街道\n"
            "   新文件夹“本单位”中同样有这三个双击文件（请让它留在本文件夹里）。\n"
        )
    else:
        python = (
            f"1. 确认装有 Python {versions}：在终端运行 python3 --version。统信 UOS、麒麟、Debian、Ubuntu 上\n"
            "   版本太旧或没有时，运行 sudo apt install python3（或 python3.11）。本离线安装包自带 pip，\n"
            "   不需要 python3-venv。\n"
        )
        run = (
            "2. 把整个文件夹拷贝到这台电脑上（路径中有中文或空格都可以），双击“生成报告.desktop”\n"
            "   （第一次双击时如果询问是否信任或运行，选择“信任并运行”；也可以在终端运行 sh 生成报告.sh）。\n"
            "   第一次运行时会在本文件夹中建立运行环境（.assembler-venv），约需一两分钟，不需要网络。\n"
            "   完成后生成两份样例报告，并打开 output 文件夹。\n"
            "3. 以后每次：双击“检查表格”检查各部门交来的表格，双击“生成报告”生成报告，\n"
            "   双击“生成空白表格”生成今年发给各部门的空白表格。\n"
            "4. 建立本单位的工作文件夹：在本文件夹中打开终端，运行\n"
            "   sh assembler.sh init 本单位 --office 某某街道\n"
            "   新文件夹“本单位”中同样有这三个双击文件（请让它留在本文件夹里）。\n"
        )
    return (
        f"年度报告生成工具 · 离线安装包（{target.label}）\n"
        "\n"
        "本文件夹包含本工具和它需要的全部软件，在不能上网的电脑上也能安装。\n"
        "\n"
        f"{python}{run}"
        "\n"
        "inputs 文件夹中是样例表格；用法详见工具的 README。\n"
    )
