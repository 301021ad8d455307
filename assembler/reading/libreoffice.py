"""Where LibreOffice is: the one outside program the tool uses (to read .doc, .wps, .rtf and .odt
reports, and to print a report as PDF). Its own module, so that finding it loads nothing else."""

from __future__ import annotations

import os
import shutil

# On PATH, or where its installers put it.
CANDIDATES = (
    "soffice",
    "libreoffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


def find_soffice() -> str | None:
    """The LibreOffice program to run, or None when the machine has none."""
    for name in CANDIDATES:
        found = shutil.which(name) or (name if os.path.isfile(name) else None)
        if found:
            return found
    return None
