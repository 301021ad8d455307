"""A copy of a shipped template with its document.xml edited (a split tag, a seeded mistake)."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

SPLIT_CITY = "{{ 市</w:t></w:r><w:r><w:t> }}"  # {{ 市 }} as Word splits it over two runs


def edited_template(tmp_path: Path, source: Path, change: Callable[[str], str]) -> Path:
    """A copy of the template folder `source` under `tmp_path`, its document.xml changed."""
    folder = tmp_path / source.name
    shutil.copytree(source, folder)
    docx = folder / "template.docx"
    with zipfile.ZipFile(docx) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode()
    changed = change(xml)
    assert changed != xml, "the edit did not apply"
    parts["word/document.xml"] = changed.encode()
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return folder
