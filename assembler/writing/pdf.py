"""PDF through LibreOffice: headless, with a throw-away profile, time-limited, laid out as Word.

LibreOffice reads two of the report's Chinese line-breaking settings differently from Word
(checked against its DOCX import, writerfilter's DomainMapper): it takes `w:overflowPunct
w:val="0"` ("no punctuation past the margin" in Word) as *hanging* punctuation, and it ignores
`w:autoSpaceDE`/`w:autoSpaceDN`, adding a quarter-character gap between Chinese and digits.
Its PDF of the .docx therefore ends lines 16 pt outside the text block and fits 27 characters
where Word fits 28. So the PDF is made from LibreOffice's own flat ODF copy of the report, with
those two settings said in ODF's words (`style:punctuation-wrap="simple"`,
`style:text-autospace="none"`) on every paragraph style: the .docx Word opens is not touched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from assembler.model.errors import OutputError
from assembler.reading.libreoffice import find_soffice

INSTALL_HINT = (
    "未找到 LibreOffice，无法生成 PDF。Windows 请从 libreoffice.org 下载安装；"
    "Debian/Ubuntu 请运行：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk"
)
_PARAGRAPH_PROPERTIES = re.compile(r"<style:paragraph-properties\b[^>]*>")
_WORD_SETTINGS = re.compile(r'\sstyle:(?:punctuation-wrap|text-autospace)="[^"]*"')
AS_WORD = ' style:punctuation-wrap="simple" style:text-autospace="none"'


def as_word_lays_out(flat_odf: str) -> str:
    """A flat ODF document with no hanging punctuation and no gap between Chinese and digits,
    in every paragraph style (named, automatic and default)."""

    def fix(m: re.Match[str]) -> str:
        tag = _WORD_SETTINGS.sub("", m.group(0))
        end = "/>" if tag.endswith("/>") else ">"
        return tag[: -len(end)] + AS_WORD + end

    return _PARAGRAPH_PROPERTIES.sub(fix, flat_odf)


def _convert(soffice: str, sources: list[Path], fmt: str, work: Path, timeout: float) -> list[Path]:
    """Convert every source in one LibreOffice run (it starts once: a second or two)."""
    profile = (work / "profile").as_uri()
    out = work / fmt
    cmd = [soffice, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile}",
           "--convert-to", fmt, "--outdir", str(out), *map(str, sources)]  # fmt: skip
    try:
        subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise OutputError(f"LibreOffice 转换 PDF 超时（{timeout:.0f} 秒），报告本身已生成") from None
    produced = [out / f"{source.stem}.{fmt}" for source in sources]
    if not all(p.is_file() for p in produced):
        raise OutputError("LibreOffice 没有生成 PDF；报告本身已生成，可用 Word 另存为 PDF")
    return produced


def to_pdf(docx: Path, target: Path, *, timeout: float = 180) -> Path:
    """Convert `docx` to the PDF `target` (replaced in one step), laid out as Word lays it out."""
    return to_pdfs([(docx, target)], timeout=timeout)[0]


def to_pdfs(pairs: list[tuple[Path, Path]], *, timeout: float = 180) -> list[Path]:
    """`to_pdf` for several documents at once: (docx, target PDF) pairs."""
    soffice = find_soffice()
    if soffice is None:
        raise OutputError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="assembler-pdf-") as tmp:
        work = Path(tmp)
        sources = []
        for i, (docx, _) in enumerate(pairs):  # plain names: no clash, nothing for a shell to misread
            source = work / "docx" / f"{i}.docx"
            source.parent.mkdir(exist_ok=True)
            shutil.copyfile(docx, source)
            sources.append(source)
        patched = []
        for flat in _convert(soffice, sources, "fodt", work, timeout):
            path = work / "patched" / flat.name
            path.parent.mkdir(exist_ok=True)
            path.write_text(as_word_lays_out(flat.read_text(encoding="utf-8")), encoding="utf-8")
            patched.append(path)
        for produced, (_, target) in zip(
            _convert(soffice, patched, "pdf", work, timeout), pairs, strict=True
        ):
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".~{target.name}.tmp")
            shutil.copyfile(produced, partial)
            os.replace(partial, target)
    return [target for _, target in pairs]
