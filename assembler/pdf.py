"""PDF through LibreOffice: headless, with a throw-away profile, time-limited."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import OutputError

INSTALL_HINT = (
    "未找到 LibreOffice，无法生成 PDF。Windows 请从 libreoffice.org 下载安装；"
    "Debian/Ubuntu 请运行：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk"
)
CANDIDATES = (
    "soffice",
    "libreoffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


def find_soffice() -> str | None:
    for name in CANDIDATES:
        found = shutil.which(name) or (name if os.path.isfile(name) else None)
        if found:
            return found
    return None


def to_pdf(docx: Path, target: Path, *, timeout: float = 180) -> Path:
    """Convert `docx` to the PDF `target` (replaced in one step)."""
    soffice = find_soffice()
    if soffice is None:
        raise OutputError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="assembler-pdf-") as work:
        profile = Path(work, "profile").as_uri()
        cmd = [soffice, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile}",
               "--convert-to", "pdf", "--outdir", work, str(docx)]  # fmt: skip
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise OutputError(f"LibreOffice 转换 PDF 超时（{timeout:.0f} 秒），报告本身已生成") from None
        produced = Path(work, docx.with_suffix(".pdf").name)
        if not produced.is_file():
            raise OutputError("LibreOffice 没有生成 PDF；报告本身已生成，可用 Word 另存为 PDF")
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".~{target.name}.tmp")
        shutil.copyfile(produced, tmp)
        os.replace(tmp, target)
    return target
