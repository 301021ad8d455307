"""Headless Chromium for the web-page tests and the README's screenshot: one start per call,
a fresh profile each time, nothing fetched from the network.

`find_chromium()` is None when no Chromium is installed (Debian: `apt-get install chromium`);
the tests that need it are then skipped with that reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
MISSING = "需要 Chromium 浏览器（Debian/Ubuntu：apt-get install chromium）"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
)
TIMEOUT = 120


def find_chromium() -> str | None:
    given = os.environ.get("ASSEMBLER_CHROMIUM")
    if given:
        return given if Path(given).is_file() else None
    return next((found for name in NAMES if (found := shutil.which(name))), None)


def run(page: Path, *args: str, width: int = 1000, height: int = 800) -> str:
    """Start Chromium once on `page` (a local file) with `args`; its standard output."""
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError(MISSING)
    with tempfile.TemporaryDirectory(prefix="assembler-chromium-") as profile:
        done = subprocess.run(
            [chromium, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}", *args,
             page.resolve().as_uri()],
            capture_output=True, text=True, timeout=TIMEOUT, check=False,
        )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def dump_dom(page: Path, *, width: int = 1000, height: int = 800) -> str:
    """The page's DOM after its scripts ran, serialised."""
    return run(page, "--dump-dom", width=width, height=height)


def screenshot(page: Path, png: Path, *, width: int, height: int) -> Path:
    run(page, f"--screenshot={png.resolve()}", width=width, height=height)
    return png


def print_pdf(page: Path, pdf: Path) -> Path:
    """The page printed as the browser prints it (its @page rules; no browser header or footer)."""
    run(page, "--no-pdf-header-footer", f"--print-to-pdf={pdf.resolve()}")
    return pdf
