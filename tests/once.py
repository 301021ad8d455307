"""Expensive set-ups (a fresh environment, an offline package) made once per test run, even
when pytest-xdist runs the tests in several processes: the first process makes the result in
a folder they share, under a lock, and the others find it there. A test module lists the ones
it needs in `EARLY` (name → make): conftest.py starts them in the background as the run begins,
so that they wait on pip, uv and the network while other tests run."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_dir(factory: pytest.TempPathFactory) -> Path:
    base = factory.getbasetemp()
    # Under xdist each worker has basetemp/../popen-gwN; their parent is common to the run.
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], dict]) -> tuple[Path, dict]:
    """`make(folder)` run once per test run; its JSON-able result and folder are returned to
    every caller. A `make` that raises (a skip included) is not retried by the other processes:
    they see the same outcome."""
    import fcntl

    root = shared_dir(factory) / f"once-{name}"
    root.mkdir(parents=True, exist_ok=True)
    with (root / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = root / "result.json"
        if not done.exists():
            try:
                result = {"ok": make(root / "work")}
            except pytest.skip.Exception as exc:
                result = {"skip": str(exc.msg)}
            except Exception as exc:
                result = {"error": f"{type(exc).__name__}: {exc}"}
            done.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        result = json.loads(done.read_text(encoding="utf-8"))
    if "skip" in result:
        pytest.skip(result["skip"])
    if "error" in result:
        pytest.fail(f"set-up {name} failed: {result['error']}")
    return root / "work", result["ok"]


def in_background(jobs: dict[str, Callable[[], object]]) -> list[threading.Thread]:
    """Start each job in a thread of its own, its outcome (an error or a skip included) left for
    the test that needs it to meet again: jobs are `once` set-ups, whose tests wait for them."""

    def run(job: Callable[[], object]) -> None:
        with contextlib.suppress(BaseException):  # the test that needs it is told, not this thread
            job()

    threads = [
        threading.Thread(target=run, args=(job,), name=name, daemon=True) for name, job in jobs.items()
    ]
    for thread in threads:
        thread.start()
    return threads


def pypi_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
    except OSError:
        return False
    return True


def need_pypi() -> None:
    if not pypi_reachable():
        pytest.skip("PyPI is not reachable from this machine: installing from source needs it")


def copy_checkout(target: Path) -> Path:
    """The project's files as a fresh clone has them (tracked and new files, nothing ignored)."""
    target.mkdir(parents=True)
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:  # not a git checkout: copy what is there, without local state
        shutil.copytree(
            ROOT,
            target,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(
                ".git", ".venv", ".assembler-venv", "output", "__pycache__", "*.egg-info"
            ),
        )
        return target
    for name in filter(None, listed.stdout.decode("utf-8").split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def system_env(home: Path, **extra: str) -> dict[str, str]:
    """Only /usr/bin and /bin on PATH, as on a fresh Debian/Ubuntu desktop; pip's download
    cache is the usual one, so a warm cache keeps the test quick."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "XDG_CACHE_HOME": cache}
    env.update(extra)
    return env
