"""`assembler bundle`: the Linux package installs with no network and builds the sample; the
Windows and aarch64 packages hold a wheel of their platform for every dependency and every
supported Python; markers are those of the target."""

from __future__ import annotations

import contextlib
import importlib.metadata
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from batchfile import check_batch_file
from click.testing import CliRunner
from once import once, pypi_reachable, system_env
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.tags import Tag
from packaging.utils import canonicalize_name, parse_wheel_filename

from assembler.cli import main
from assembler.install import bundle

REPORTS = ("中山门街道2024年法治政府建设年度报告.docx", "中山门街道2024年政府信息公开工作年度报告.docx")
MANYLINUX = [f"manylinux_2_{minor}" for minor in range(5, 29)] + [
    "manylinux1",
    "manylinux2010",
    "manylinux2014",
]
PLATFORM_TAGS = {
    "windows": {"win_amd64"},
    "linux-x86_64": {f"{tag}_x86_64" for tag in MANYLINUX},
    "linux-aarch64": {f"{tag}_aarch64" for tag in MANYLINUX},
}
MARKERS = {
    "windows": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64"},
    "linux-x86_64": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64"},
    "linux-aarch64": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "platform_machine": "aarch64"},
}  # fmt: skip


def _need_uv_and_pypi() -> None:
    try:
        bundle.find_uv()
    except bundle.BundleError:
        pytest.skip('uv is not installed (pip install ".[test]" brings it)')
    if not pypi_reachable():
        pytest.skip("PyPI is not reachable from this machine: making an offline package downloads from it")


def _make(platform: str):
    def make(work: Path) -> dict:
        _need_uv_and_pypi()
        made = bundle.make_bundle(platform=platform, out_dir=work / "离线 安装包" / platform)
        return {"folder": str(made.folder), "wheels": [p.name for p in made.wheels], "size": made.size}

    return make


@pytest.fixture(scope="session")
def windows_bundle(tmp_path_factory) -> Path:
    return Path(once(tmp_path_factory, "bundle-windows", _make("windows"))[1]["folder"])


@pytest.fixture(scope="session")
def aarch64_bundle(tmp_path_factory) -> Path:
    return Path(once(tmp_path_factory, "bundle-linux-aarch64", _make("linux-aarch64"))[1]["folder"])


def _install_offline(work: Path) -> dict:
    """The Linux package made, copied to a 'computer without internet' and double-clicked there:
    生成报告.sh runs in a network namespace of its own (no network at all) where that can be made,
    with the system Python and only /usr/bin and /bin on PATH."""
    folder = Path(_make("linux-x86_64")(work)["folder"])
    home = work / "home"
    home.mkdir()
    isolated = subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode == 0
    prefix = ["unshare", "--net"] if isolated else []
    # Without a namespace, any attempt to reach an index would go to a closed port and fail.
    unreachable = (
        {} if isolated else {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}
    )
    done = subprocess.run(
        [*prefix, "/bin/sh", str(folder / "生成报告.sh")],
        env=system_env(home, **unreachable),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )
    return {"folder": str(folder), "rc": done.returncode, "stdout": done.stdout, "stderr": done.stderr}


# Begun as the run begins, one after another (conftest.py): they share the download cache.
EARLY = {
    "bundle-linux-offline": _install_offline,
    "bundle-windows": _make("windows"),
    "bundle-linux-aarch64": _make("linux-aarch64"),
}


@pytest.fixture(scope="session")
def linux_installed(tmp_path_factory) -> dict:
    return once(tmp_path_factory, "bundle-linux-offline", _install_offline)[1]


def test_the_linux_package_installs_without_the_network_and_builds_the_sample(linux_installed):
    folder = Path(linux_installed["folder"])
    assert linux_installed["rc"] == 0, linux_installed
    assert linux_installed["stderr"].splitlines()[-1] == "运行环境已准备好。"
    for report in REPORTS:
        assert f"报告已生成：output/{report}" in linux_installed["stdout"]
        assert (folder / "output" / report).stat().st_size > 10_000
    log = (folder / ".assembler-venv" / "install.log").read_text(encoding="utf-8")
    assert log.splitlines()[0].endswith(f"install --no-index --find-links {folder / 'wheels'} assembler")
    assert "home = /usr/bin\n" in (folder / ".assembler-venv" / "pyvenv.cfg").read_text(encoding="utf-8")


def test_the_linux_package_holds_the_launcher_the_double_click_files_and_the_instructions(linux_installed):
    folder = Path(linux_installed["folder"])
    names = {p.name for p in folder.iterdir()}
    assert {"assembler.sh", "安装说明.txt", "inputs", "wheels"} <= names
    for shortcut in ("生成报告", "检查表格", "生成空白表格"):
        assert {f"{shortcut}.sh", f"{shortcut}.desktop"} <= names
    assert not any(name.endswith(".cmd") for name in names)
    wheels = {p.name for p in (folder / "wheels").iterdir()}
    assert "launch.py" in wheels
    assert any(re.fullmatch(r"pip-[\d.]+-py3-none-any\.whl", name) for name in wheels)
    guide = (folder / "安装说明.txt").read_text(encoding="utf-8")
    assert guide.startswith("年度报告生成工具 · 离线安装包（Linux x86_64")
    assert "双击“生成报告.desktop”" in guide


def _needed(platform: str, python: str) -> set[str]:
    """The project's dependencies, found independently of uv: the installed distributions'
    requirements, followed with the target's markers."""
    environment = {**MARKERS[platform], "python_version": python, "python_full_version": f"{python}.0"}
    environment |= {
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "extra": "",
    }
    todo = list(importlib.metadata.requires("assembler") or [])
    found: set[str] = set()
    while todo:
        requirement = Requirement(todo.pop())
        if requirement.marker and not requirement.marker.evaluate(environment):
            continue
        name = canonicalize_name(requirement.name)
        if name not in found:
            found.add(name)
            # Another system's only (colorama) has no installed metadata here to follow; its wheel
            # is still checked above.
            with contextlib.suppress(importlib.metadata.PackageNotFoundError):
                todo += importlib.metadata.requires(requirement.name) or []
    return found


@pytest.mark.parametrize("platform", ["windows", "linux-aarch64"])
def test_the_package_holds_a_wheel_of_its_platform_for_every_dependency_and_python(platform, request):
    folder = request.getfixturevalue("windows_bundle" if platform == "windows" else "aarch64_bundle")
    wheels = [parse_wheel_filename(p.name) for p in (folder / "wheels").glob("*.whl")]
    for python in bundle.PYTHONS:
        nodot = python.replace(".", "")
        interpreters = {f"cp{nodot}", "py3", f"py{nodot}"}
        abis = {f"cp{nodot}", "abi3", "none"}
        needed = _needed(platform, python) | {"assembler", "pip"}
        assert {"lxml", "python-calamine", "markupsafe"} <= needed
        for name in needed:
            fitting = [
                tags
                for wheel_name, _, _, tags in wheels
                if wheel_name == name
                and any(
                    t.interpreter in interpreters
                    and t.abi in abis
                    and (t.platform == "any" or t.platform in PLATFORM_TAGS[platform])
                    for t in tags
                )
            ]
            assert fitting, f"{platform}: no wheel of {name} for Python {python}"
            if name in ("lxml", "python-calamine"):
                assert any(
                    Tag(f"cp{nodot}", f"cp{nodot}", p) in tags
                    for tags in fitting
                    for p in PLATFORM_TAGS[platform]
                )
    # Nothing for another platform slipped in.
    for _, _, _, tags in wheels:
        assert all(t.platform == "any" or t.platform in PLATFORM_TAGS[platform] for t in tags), tags


def test_the_windows_package_is_for_windows(windows_bundle):
    names = {p.name for p in windows_bundle.iterdir()}
    assert {"assembler.cmd", "安装说明.txt", "生成报告.cmd", "检查表格.cmd", "生成空白表格.cmd"} <= names
    assert not any(name.endswith((".sh", ".desktop")) for name in names)
    for name in ("assembler.cmd", "生成报告.cmd", "检查表格.cmd", "生成空白表格.cmd"):
        check_batch_file((windows_bundle / name).read_bytes())
    guide = (windows_bundle / "安装说明.txt").read_bytes()
    assert guide.startswith(b"\xef\xbb\xbf") and b"\r\n" in guide and b"\n" not in guide.replace(b"\r\n", b"")
    assert "Add python.exe to PATH" in guide.decode("utf-8-sig")


def test_the_windows_package_holds_colorama_and_the_linux_one_does_not(windows_bundle, aarch64_bundle):
    """Our own Windows-only dependency (ANSI in Windows 10's console), resolved by the target's markers."""

    def names(folder: Path) -> set[str]:
        return {canonicalize_name(parse_wheel_filename(p.name)[0]) for p in (folder / "wheels").glob("*.whl")}

    assert "colorama" in names(windows_bundle)
    assert "colorama" not in names(aarch64_bundle)


def test_markers_are_those_of_the_target():
    """click before 8.5 needs colorama on Windows only (click 8.5 dropped it): the resolution made
    on this Linux machine must follow Windows' markers, which `pip download --platform` does not."""
    _need_uv_and_pypi()
    uv = bundle.find_uv()
    for platform, colorama in (("windows", True), ("linux-x86_64", False)):
        names = {
            canonicalize_name(parse_wheel_filename(w.filename)[0])
            for w in bundle.resolve(uv, ["click==8.4.2"], bundle.PLATFORMS[platform], "3.11")
        }
        assert ("colorama" in names) is colorama, (platform, names)
    assert Marker('platform_system == "Windows"').evaluate(MARKERS["windows"] | {"python_version": "3.11"})


def test_a_folder_in_use_or_an_unknown_system_is_refused(tmp_path: Path):
    (tmp_path / "有东西").mkdir()
    (tmp_path / "有东西" / "a.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["bundle", "--platform", "windows", "-o", str(tmp_path / "有东西")])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"{tmp_path / '有东西'} 已经存在且不是空文件夹，未作改动。请换一个文件夹名，或先删除它\n"
    )
    result = CliRunner().invoke(main, ["bundle", "--platform", "mac", "-o", str(tmp_path / "新")])
    assert (result.exit_code, result.stderr) == (
        2,
        "没有这个系统：mac。可以写：windows、linux-x86_64、linux-aarch64\n",
    )
    result = CliRunner().invoke(main, ["bundle"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "请用 --platform 写明目标电脑的系统（windows、linux-x86_64 或 linux-aarch64）"
    )
    assert not (tmp_path / "新").exists()


def test_without_uv_the_maker_is_told_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import builtins

    real_import = builtins.__import__

    def no_uv(name, *args, **kwargs):
        if name == "uv":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_uv)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = CliRunner().invoke(main, ["bundle", "--platform", "linux-aarch64", "-o", str(tmp_path / "包")])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "生成离线安装包需要 uv（为其他系统挑选软件包的工具）。"
        '请在源代码文件夹中运行 ./assembler.sh bundle …（会自动安装），或运行 pip install "assembler[bundle]"'
    )
    assert not (tmp_path / "包").exists()


def test_the_help_is_chinese():
    result = CliRunner().invoke(main, ["bundle", "--help"], prog_name="assembler")
    assert result.exit_code == 0
    assert result.stdout.startswith("用法：assembler bundle [选项]\n\n  生成离线安装包：")
    for english in ("Usage", "Options", "required", "TEXT", "PATH"):
        assert english not in result.stdout, english
