"""Pictures of the 指标目录 workbook for the README: the first rows of an adopted catalog,
printed by LibreOffice Calc. Run from the repository: python docs/screenshots.py"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from docx import Document

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from assembler.adoption.adopt import adopt
from assembler.reading.reports import find_soffice


def main() -> None:
    soffice = find_soffice()
    if soffice is None:
        sys.exit("needs LibreOffice")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        document = Document()
        text = (ROOT / "tests" / "data" / "2024-zhongshanmen-fazhi-report.txt").read_text(encoding="utf-8")
        for line in filter(None, map(str.strip, text.splitlines())):
            document.add_paragraph(line)
        document.save(str(work / "报告.docx"))
        made = adopt(report=work / "报告.docx", workdir=work / "单位")
        wb = openpyxl.load_workbook(made.template / "指标目录.xlsx")
        for name in wb.sheetnames[1:]:
            del wb[name]
        ws = wb["指标"]
        ws.delete_cols(11, ws.max_column)  # 说明 onwards: empty after adoption
        ws.delete_rows(17, ws.max_row)
        ws.column_dimensions["H"].width = 46
        ws.print_area = "A1:J16"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 1
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        shot = work / "指标目录.xlsx"
        wb.save(shot)
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation={(work / 'profile').as_uri()}",
             "--convert-to", "pdf", "--outdir", str(work), str(shot)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        subprocess.run(
            ["pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(work / "指标目录.pdf"),
             str(HERE / "images" / "指标目录")],
            check=True,
        )  # fmt: skip
    from PIL import Image, ImageChops

    png = HERE / "images" / "指标目录.png"
    image = Image.open(png).convert("RGB")
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if box:
        image.crop((max(0, box[0] - 12), max(0, box[1] - 12), box[2] + 12, box[3] + 12)).save(png)
    print(png)


if __name__ == "__main__":
    main()
