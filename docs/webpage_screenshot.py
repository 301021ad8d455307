"""The picture of the 政府信息公开 report as a web page for the README: the sample report built
from the shipped inputs, made a page by `assembler.writing.webpage`, and shown in headless Chromium at a
portal's width (1000 px), from its part 二 (the tables). Run from the repository:

    python docs/webpage_screenshot.py

Needs Chromium (Debian: apt-get install chromium). Writes docs/images/信息公开网页.png.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import chromium
from docx import Document
from webreports import XXGK, build_sample_reports

from assembler.writing.webpage import page_of

TARGET = HERE / "images" / "信息公开网页.png"
WIDTH, HEIGHT = 1000, 1720
# The page itself is not changed: a frame page shows it through a window that starts a little
# above part 二's heading, found by a first run that measures where the heading is.
MEASURE = """<script>
const top_ = document.getElementById("table-1-title").getBoundingClientRect().top + window.scrollY;
document.body.setAttribute("data-top", String(Math.round(top_)));
</script>
"""
FRAME = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>screenshot</title>
<style>
html, body {{ margin: 0; overflow: hidden; }}
iframe {{ display: block; border: 0; width: {width}px; height: {height}px; margin-top: -{top}px; }}
</style></head>
<body><iframe src="page.html" title="page"></iframe></body></html>
"""


def main() -> None:
    if chromium.find_chromium() is None:
        sys.exit(chromium.MISSING)
    with tempfile.TemporaryDirectory() as tmp:
        reports = build_sample_reports(Path(tmp))
        page = page_of(Document(str(reports[XXGK]))).html
        measured = Path(tmp) / "measured.html"
        measured.write_text(page.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
        dom = chromium.dump_dom(measured, width=WIDTH, height=HEIGHT)
        top = int(re.search(r'data-top="(\d+)"', dom).group(1)) - 24
        (Path(tmp) / "page.html").write_text(page, encoding="utf-8")
        frame = Path(tmp) / "frame.html"
        frame.write_text(FRAME.format(width=WIDTH, height=top + HEIGHT, top=top), encoding="utf-8")
        chromium.screenshot(frame, TARGET, width=WIDTH, height=HEIGHT)
    print(TARGET)


if __name__ == "__main__":
    main()
