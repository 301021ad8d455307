"""Bad inputs a clerk can produce, as small mutations of a valid input folder.

Each case is (id, mutation, arguments of `assembler check`). The expected exit code and
exact output live in test_bad_inputs.py. Cases marked `lo_saved` are workbooks edited and
then saved by LibreOffice Calc itself (.xlsx, .xls, .ods), as a clerk's spreadsheet client
saves them, not only written by openpyxl.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

Y = "inputs/2024"
ENF = f"{Y}/综合执法大队-综合执法工作情况表.xlsx"
GRID = f"{Y}/网格化管理中心-网格化管理工作情况表.xlsx"
JUD = f"{Y}/司法所-普法宣传与矛盾化解情况表.xlsx"
BIZ = f"{Y}/经济发展办公室-法治化营商环境工作情况表.xlsx"
PETITION = f"{Y}/信访办公室-信访接待与矛盾调解情况表.xlsx"
COM = f"{Y}/社区法治建设情况表/社区法治建设情况表-东兴里社区.xlsx"
COM2 = f"{Y}/社区法治建设情况表/社区法治建设情况表-新东社区.xlsx"
SETTINGS = "inputs/单位设置.ini"
LEDGER = "普法活动台账"

Mutation = Callable[[Path], None]


def cell(rel: str, ref: str, value, sheet: str = "填报表") -> Mutation:
    def mutate(root: Path) -> None:
        wb = openpyxl.load_workbook(root / rel)
        wb[sheet][ref] = value
        wb.save(root / rel)

    return mutate


def formatted(rel: str, ref: str, value, number_format: str, sheet: str = "填报表") -> Mutation:
    """A value in a cell of another number format (pasted from elsewhere, or the format changed)."""

    def fn(wb: openpyxl.Workbook) -> None:
        wb[sheet][ref] = value
        wb[sheet][ref].number_format = number_format

    return edit(rel, fn)


def blank_community_form(root: Path) -> None:
    """A community form `forms` made before the settings had a community list: nobody chosen,
    nothing filled in, left in the year's folder."""
    from assembler.model.settings import parse_settings
    from assembler.reading.catalogs import load_catalog
    from assembler.reading.templates import find_template
    from assembler.writing.forms import make_form_workbook

    catalog = load_catalog(find_template().catalog)
    form = next(f for f in catalog.forms.values() if f.many)
    settings = parse_settings(root / SETTINGS)
    make_form_workbook(catalog, form, settings, 2024, "").save(
        root / Y / form.title / f"各社区-{form.title}.xlsx"
    )


def cells(*mutations: Mutation) -> Mutation:
    def mutate(root: Path) -> None:
        for m in mutations:
            m(root)

    return mutate


def edit(rel: str, fn: Callable[[openpyxl.Workbook], None]) -> Mutation:
    def mutate(root: Path) -> None:
        wb = openpyxl.load_workbook(root / rel)
        fn(wb)
        wb.save(root / rel)

    return mutate


def delete(rel: str) -> Mutation:
    return lambda root: (root / rel).unlink()


def write(rel: str, data: bytes) -> Mutation:
    def mutate(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)

    return mutate


def truncate(rel: str) -> Mutation:
    def mutate(root: Path) -> None:
        data = (root / rel).read_bytes()
        (root / rel).write_bytes(data[: len(data) // 2])

    return mutate


def copy(src: str, dst: str) -> Mutation:
    def mutate(root: Path) -> None:
        (root / dst).parent.mkdir(parents=True, exist_ok=True)
        (root / dst).write_bytes((root / src).read_bytes())

    return mutate


def settings_text(old: str, new: str) -> Mutation:
    def mutate(root: Path) -> None:
        path = root / SETTINGS
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    return mutate


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def zip_bomb() -> bytes:
    """320 MB of zeros packed into 1.4 MB (the fastest deflate level: a third of the default's time)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as fh:
            block = b"\0" * (1 << 20)
            for _ in range(320):
                fh.write(block)
    return buf.getvalue()


def excel_error_cell(path: Path, ref: str, code: str) -> None:
    """Put an error value into a cell as Excel saves it (openpyxl cannot write one)."""
    import re

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()

    def error_cell(m: re.Match) -> str:
        attrs = re.sub(r'\s+t="[^"]*"', "", m.group(1))
        return f'<c r="{ref}"{attrs} t="e"><f>1/0</f><v>{code}</v></c>'

    sheet, n = re.subn(rf'<c r="{ref}"([^>]*?)(?:/>|>.*?</c>)', error_cell, sheet, count=1)
    assert n == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def xml_bomb(root: Path) -> None:
    """A workbook whose sheet XML declares nested entities ("billion laughs")."""
    import re

    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    target = root / f"{Y}/实体炸弹.xlsx"
    wb.save(target)
    with zipfile.ZipFile(target) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    sheet = re.sub(r"^<\?xml[^>]*\?>", "", parts["xl/worksheets/sheet1.xml"].decode())
    doctype = f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "lol">{entities}]>'
    parts["xl/worksheets/sheet1.xml"] = (doctype + sheet.replace(">x<", ">&l9;<", 1)).encode()
    with zipfile.ZipFile(target, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def huge_sheet(root: Path) -> None:
    """Something typed in the last row Excel has: reading it would mean 3 million cells."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    ws["A1"] = "备注"
    ws["C1048576"] = "x"
    wb.save(root / f"{Y}/超大表格.xlsx")


def second_copy_with(rel: str, ref: str, value) -> Mutation:
    """The same department's form dropped in twice, the copy with one value changed."""

    def mutate(root: Path) -> None:
        wb = openpyxl.load_workbook(root / rel)
        wb["填报表"][ref] = value
        wb.save(root / rel.replace(".xlsx", "（修改版）.xlsx"))

    return mutate


def duplicate_ledger_rows(rel: str, rows: tuple[int, ...]) -> Mutation:
    """Ledger rows typed in again at the end (a copy-paste twice)."""

    def fn(wb: openpyxl.Workbook) -> None:
        ws = wb[LEDGER]
        last = max(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value is not None)
        for i, row in enumerate(rows, start=1):
            for c in range(1, ws.max_column + 1):
                ws.cell(last + i, c).value = ws.cell(row, c).value

    return edit(rel, fn)


def remove_row(rel: str, row: int) -> Mutation:
    def fn(wb: openpyxl.Workbook) -> None:
        ws = wb["填报表"]
        ws.protection.sheet = False
        ws.delete_rows(row)

    return edit(rel, fn)


def duplicate_row(rel: str, row: int, value) -> Mutation:
    def fn(wb: openpyxl.Workbook) -> None:
        ws = wb["填报表"]
        last = ws.max_row + 1
        for c in range(1, 6):
            ws.cell(row=last, column=c, value=ws.cell(row=row, column=c).value)
        ws.cell(row=last, column=4, value=value)

    return edit(rel, fn)


def rename_sheet(rel: str, old: str, new: str) -> Mutation:
    def fn(wb: openpyxl.Workbook) -> None:
        wb[old].title = new

    return edit(rel, fn)


def remove_sheet(rel: str, name: str) -> Mutation:
    def fn(wb: openpyxl.Workbook) -> None:
        del wb[name]

    return edit(rel, fn)


def add_sheet(rel: str, name: str) -> Mutation:
    def fn(wb: openpyxl.Workbook) -> None:
        wb.create_sheet(name)["A1"] = "草稿数据"

    return edit(rel, fn)


def unrelated_workbook(root: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "通讯录"
    wb.save(root / f"{Y}/通讯录.xlsx")


# ── LibreOffice Calc as the spreadsheet client ──────────────────────────────

_FILTERS = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "xls": "xls:MS Excel 97", "ods": "ods", "pdf": "pdf"}
# The workbooks Calc saves: key → (workbook, format, edits before saving). A clerk's workbook
# (.xlsx, .xls, .ods) is a file in tests/data/saved-by-calc/, saved by Calc from the clean
# sample inputs with its edits (`python tests/corpus.py` saves them all again; a test tells when
# the forms they were made from have changed). A print of our own blank forms (.pdf) is made
# for each run, as it measures the forms as they are: all the first time one is asked for (one
# soffice run), kept for the run in a folder the xdist workers share (`CALC_CACHE`, set by
# conftest.py), else for this process.
_SAVED_BY_CALC: dict[str, tuple[str, str, tuple[Mutation, ...]]] = {}
CALC_SAVED = Path(__file__).resolve().parent / "data" / "saved-by-calc"
PRINTED = ("pdf",)  # made for each run
CALC_CACHE = "ASSEMBLER_TEST_CALC_CACHE"
_PROCESS_CACHE: list[Path] = []


def calc_save(sources: list[Path], fmt: str, out: Path, profile: Path) -> None:
    """`sources` opened and saved as `fmt` into `out` by LibreOffice Calc, in one run (formulas
    recalculated on the way)."""
    from assembler.reading.libreoffice import find_soffice

    soffice = find_soffice()
    if soffice is None:
        pytest.skip("需要 LibreOffice Calc（apt-get install libreoffice-calc-nogui）")
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", _FILTERS[fmt], "--outdir", str(out), *map(str, sources)],
        capture_output=True, timeout=600, check=False,
    )  # fmt: skip


def saved_by_calc(root: Path, key: str) -> bytes:
    """The workbook `lo_saved` registered under `key`, as Calc saved it: a clerk's from
    tests/data/saved-by-calc/; a print made from `root`'s inputs (the clean sample) the first time
    any is asked for."""
    import fcntl

    _, fmt, _ = _SAVED_BY_CALC[key]
    if fmt not in PRINTED:
        saved = CALC_SAVED / f"{key}.{fmt}"
        if not saved.is_file():
            pytest.fail(
                f"{saved} is missing: `python tests/corpus.py` saves the corpus's workbooks (LibreOffice Calc)"
            )
        return saved.read_bytes()
    if not os.environ.get(CALC_CACHE) and not _PROCESS_CACHE:
        _PROCESS_CACHE.append(Path(tempfile.mkdtemp(prefix="calc-saved-")))
    cache = Path(os.environ.get(CALC_CACHE) or _PROCESS_CACHE[0])
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (cache / "done").exists():
            _save_all(root, cache, PRINTED)
            (cache / "done").touch()
    produced = cache / "out" / f"{key}.{fmt}"
    if not produced.is_file():
        pytest.skip("LibreOffice Calc 未能保存此文件（未安装 libreoffice-calc？）")
    return produced.read_bytes()


def _save_all(root: Path, cache: Path, formats: tuple[str, ...]) -> None:
    for leftover in ("edited", "staged", "out"):  # an attempt cut short (a timeout, a killed run)
        shutil.rmtree(cache / leftover, ignore_errors=True)
    by_format: dict[str, list[Path]] = {}
    for key, (rel, fmt, edits) in _SAVED_BY_CALC.items():
        if fmt not in formats:
            continue
        work = cache / "edited" / key
        shutil.copytree(root / "inputs", work / "inputs")
        for edit_ in edits:
            edit_(work)
        staged = cache / "staged" / fmt / f"{key}{Path(rel).suffix}"
        staged.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(work / rel, staged)
        by_format.setdefault(fmt, []).append(staged)
    for fmt, sources in by_format.items():
        calc_save(sources, fmt, cache / "out", cache / "profile")


def calc_saved(key: str, rel: str, fmt: str, *edits: Mutation) -> str:
    """Have Calc save `rel` (after `edits`) as `fmt` with the others; `saved_by_calc` gives it."""
    _SAVED_BY_CALC[key] = (rel, fmt, edits)
    return key


def lo_saved(key: str, rel: str, fmt: str, *edits: Mutation) -> Mutation:
    """`rel` edited (openpyxl) and then saved by LibreOffice Calc as `fmt`, replacing it. Saved
    once for the test run (every test starts from the same inputs)."""
    calc_saved(key, rel, fmt, *edits)

    def mutate(root: Path) -> None:
        data = saved_by_calc(root, key)
        src = root / rel
        src.unlink()
        src.with_suffix(f".{fmt}").write_bytes(data)

    return mutate


def sort_labels(rel: str, first: int, last: int) -> Mutation:
    """Rows first..last sorted by their value, label and value columns only (B:E), as a clerk
    sorts a selection that leaves out the 指标代码 column."""

    def fn(wb: openpyxl.Workbook) -> None:
        ws = wb["填报表"]
        rows = [[ws.cell(row=r, column=c).value for c in range(2, 6)] for r in range(first, last + 1)]
        rows.sort(key=lambda row: row[2])
        for r, row in zip(range(first, last + 1), rows, strict=True):
            for c, value in zip(range(2, 6), row, strict=True):
                ws.cell(row=r, column=c, value=value)

    return edit(rel, fn)


def merge(rel: str, ref: str, sheet: str = "填报表", value=None) -> Mutation:
    def fn(wb: openpyxl.Workbook) -> None:
        ws = wb[sheet]
        ws.protection.sheet = False
        if value is not None:
            ws[ref.split(":")[0]] = value
        ws.merge_cells(ref)

    return edit(rel, fn)


def insert_rows(rel: str, sheet: str, at: int, count: int) -> Mutation:
    def fn(wb: openpyxl.Workbook) -> None:
        ws = wb[sheet]
        ws.protection.sheet = False
        ws.insert_rows(at, count)

    return edit(rel, fn)


def settings_bytes(encode: Callable[[str], bytes], name: str = "单位设置.ini") -> Mutation:
    """The settings file saved in another encoding (or under another name), as Notepad or WPS saves it."""

    def mutate(root: Path) -> None:
        path = root / SETTINGS
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        path.unlink()
        (path.parent / name).write_bytes(encode(text))

    return mutate


def replaced_by(rel: str, other: str, data: bytes = b"x") -> Mutation:
    """A department's workbook missing, a file of another kind with a like name in its place."""

    def mutate(root: Path) -> None:
        (root / rel).unlink()
        (root / Y / other).write_bytes(data)

    return mutate


CASES: list[tuple[str, Mutation, tuple[str, ...]]] = [
    # Values in the figure table
    ("text-in-count", cell(ENF, "D7", "七千一百"), ()),
    ("negative-count", cell(ENF, "D8", -5), ()),
    ("fraction-count", cell(ENF, "D9", 12.5), ()),
    ("percent-over-100", formatted(ENF, "D18", 120, "General"), ()),
    ("percent-cell-holding-95", cell(ENF, "D22", 95), ()),  # shown as 9500%: Excel stores 95% as 0.95
    ("percent-cell-holding-1-5", cell(ENF, "D18", 1.5), ()),  # shown as 150%
    ("percent-text", cell(ENF, "D22", "全部"), ()),
    # 0.9 shown as 0.9, not as 90%: 90% or 0.9%? (in a percentage's cell it is 90%: the sample's 1 is 100%)
    ("percent-fraction-in-general-cell", formatted(ENF, "D18", 0.9, "General"), ()),
    ("percent-fraction-as-text", cell(ENF, "D22", "0.95"), ()),
    ("percent-one-in-number-cell-xls", lo_saved("pct-xls", ENF, "xls", formatted(ENF, "D22", 1, "0.00")), ()),
    (
        "percent-fraction-general-ods",
        lo_saved("pct-ods", ENF, "ods", formatted(ENF, "D18", 0.9, "General")),
        (),
    ),
    (
        "percent-fraction-general-calc-xlsx",
        lo_saved("pct-xlsx", ENF, "xlsx", formatted(ENF, "D22", 0.5, "0.00")),
        (),
    ),
    ("blank-required", cell(GRID, "D7", None), ()),
    ("date-in-count", cell(GRID, "D8", __import__("datetime").date(2024, 5, 1)), ()),
    ("boolean-in-count", cell(GRID, "D10", True), ()),
    ("wrong-unit", cell(GRID, "D11", "2斤"), ()),
    ("negative-money", cell(ENF, "D14", -5600), ()),
    ("money-text", cell(ENF, "D14", "五千六百元"), ()),
    ("uncalculated-formula", cell(GRID, "D7", "=40+2"), ()),
    ("blank-text-figure", cell(BIZ, "D13", None), ()),
    (
        "several-errors-one-file",
        cells(cell(ENF, "D7", "很多"), cell(ENF, "D8", -1), cell(ENF, "D23", None)),
        (),
    ),
    # Forms and submissions
    ("missing-department", delete(PETITION), ()),
    ("missing-community", delete(COM), ()),
    ("unknown-community", cell(COM, "B4", "不存在社区"), ()),
    ("blank-community", cell(COM, "B4", None), ()),
    ("community-twice", cells(copy(COM, f"{Y}/社区法治建设情况表/东兴里社区-重复.xlsx")), ()),
    ("department-twice-differing", second_copy_with(ENF, "D7", 7000), ()),
    ("department-twice-same", second_copy_with(ENF, "D7", 7126), ()),
    # An identical copy of a department's workbook (its ledger would count twice), as Windows,
    # WPS and mail clients name copies.
    ("ledger-workbook-copied", copy(JUD, JUD.replace(".xlsx", " - 副本.xlsx")), ()),
    ("workbook-copied-numbered", copy(ENF, f"{Y}/综合执法工作情况表(1).xlsx"), ()),
    ("workbook-copied-in-subfolder", copy(GRID, f"{Y}/网格/Copy of 网格化管理工作情况表.xlsx"), ()),
    ("ledger-row-repeated", duplicate_ledger_rows(JUD, (5, 9)), ()),
    ("figure-row-twice-differing", duplicate_row(ENF, 7, 8000), ()),
    ("figure-row-deleted", remove_row(GRID, 11), ()),
    ("unknown-form-id", cell(GRID, "B3", "旧版网格表"), ()),
    ("form-id-removed", cell(GRID, "A3", None), ()),
    ("value-header-renamed", cell(GRID, "D6", "数值"), ()),
    (
        "unknown-figure-row",
        cells(cell(GRID, "A13", "旧版指标"), cell(GRID, "B13", "已取消的指标"), cell(GRID, "D13", 5)),
        (),
    ),
    ("excel-error-cell", lambda root: excel_error_cell(root / GRID, "D9", "#DIV/0!"), ()),
    # Ledgers
    ("ledger-bad-date", cell(JUD, "A2", "2024-13-45", LEDGER), ()),
    ("ledger-unknown-community", cell(JUD, "B3", "外街道社区", LEDGER), ()),
    ("ledger-bad-choice", cell(JUD, "D4", "安全日", LEDGER), ()),
    ("ledger-missing-required", cell(JUD, "E5", None, LEDGER), ()),
    ("ledger-negative", cell(JUD, "E6", -20, LEDGER), ()),
    ("ledger-other-year", cell(JUD, "A7", "2023-12-30", LEDGER), ()),
    ("ledger-sheet-deleted", remove_sheet(JUD, LEDGER), ()),
    ("ledger-uncalculated", cell(JUD, "E8", "=10+5", LEDGER), ()),
    (  # a last row of formulas only: the reader leaves it out, so it must be looked for
        "ledger-formula-row",
        cells(*(cell(JUD, f"{c}136", f"={c}135", LEDGER) for c in "ABCDE")),
        (),
    ),
    ("community-name-formula", cell(COM, "B4", "=D3"), ()),
    # Broken and stray files
    ("empty-file", write(f"{Y}/空文件.xlsx", b""), ()),
    ("truncated-zip", truncate(BIZ), ()),
    ("word-renamed", write(f"{Y}/总结.xlsx", docx_bytes()), ()),
    ("text-renamed", write(f"{Y}/说明.xlsx", "这是一段文字".encode()), ()),
    ("password-protected", write(f"{Y}/加密表.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), ()),
    ("zip-bomb", lambda root: write(f"{Y}/炸弹.xlsx", zip_bomb())(root), ()),
    ("huge-sheet", huge_sheet, ()),
    ("xml-bomb", xml_bomb, ()),
    ("wps-native-file", write(f"{Y}/网格化管理中心-网格化管理工作情况表.et", b"\xd0\xcf\x11\xe0"), ()),
    ("excel-lock-file", write(f"{Y}/~$综合执法大队-综合执法工作情况表.xlsx", b"lock"), ()),
    ("community-form-left-blank", blank_community_form, ()),
    ("libreoffice-lock-file", write(f"{Y}/.~lock.综合执法大队-综合执法工作情况表.xlsx#", b"lock"), ()),
    (
        "stray-files",
        cells(write(f"{Y}/说明.txt", b"x"), write(f"{Y}/.DS_Store", b"x"), write(f"{Y}/a.tmp", b"x")),
        (),
    ),
    ("extra-sheet", add_sheet(GRID, "草稿"), ()),
    ("unrelated-workbook", unrelated_workbook, ()),
    # Settings and the folder
    ("settings-missing", delete(SETTINGS), ()),
    ("settings-bad-line", settings_text("街道 = 中山门街道", "街道：中山门街道"), ()),
    ("settings-no-signer", settings_text("署名 = 中山门街道办事处", "署名 ="), ()),
    ("settings-bad-date", settings_text("2024 = 2025年1月20日", "2024 = 2025年2月30日"), ()),
    ("not-a-year-folder", write("inputs/草稿/a.txt", b"x"), ("inputs/草稿",)),
    ("no-such-folder", lambda root: None, ("inputs/2023",)),
    # ── issue 11: every figure is the one the department meant ──
    # Whom and when a form is for
    ("last-years-form", cell(ENF, "D2", 2023), ()),
    ("last-years-form-saved-by-calc", lo_saved("last-year-ods", GRID, "ods", cell(GRID, "D2", 2023)), ()),
    ("other-offices-form", cell(GRID, "D3", "河西街道"), ()),
    ("year-left-blank", cell(GRID, "D2", None), ()),
    ("community-form-of-last-year", cell(COM, "D2", 2023), ()),
    (
        "form-of-another-catalog-version",
        cells(cell(ENF, "A7", "执法人员总数"), cell(ENF, "B7", "执法人员总数（含辅警）")),
        (),
    ),
    # Which figure a row is
    ("rows-sorted-without-codes", sort_labels(GRID, 7, 11), ()),
    ("rows-sorted-saved-as-xls", lo_saved("sorted-xls", GRID, "xls", sort_labels(GRID, 7, 11)), ()),
    ("label-overwritten", cell(GRID, "B8", "第四级网格数"), ()),
    ("number-typed-into-label", cell(GRID, "B9", 406126), ()),
    # Numbers that could mean two things
    ("decimal-comma", cell(ENF, "D14", "5600,00"), ()),
    ("misplaced-thousands-separator", cell(ENF, "D7", "71,26"), ()),
    ("approximate-with-unit", cell(ENF, "D7", "7100余人"), ()),
    ("approximate-before", cell(ENF, "D8", "约1570"), ()),
    ("approximate-percent", cell(ENF, "D18", "约100%"), ()),
    ("range-with-dash", cell(GRID, "D7", "40-45"), ()),
    ("range-with-zhi", cell(GRID, "D7", "40至45"), ()),
    ("ledger-approximate", cell(JUD, "E2", "20多", LEDGER), ()),
    ("ledger-chinese-numeral", cell(JUD, "E3", "十五", LEDGER), ()),
    ("ledger-decimal-comma", cell(JUD, "F2", "2,5", LEDGER), ()),
    # Error values and formulas in every format, saved by LibreOffice Calc
    ("xls-div-by-zero", lo_saved("xls-div0", GRID, "xls", cell(GRID, "D7", "=1/0")), ()),
    ("ods-not-available", lo_saved("ods-na", GRID, "ods", cell(GRID, "D8", "=NA()")), ()),
    ("xlsx-ref-saved-by-calc", lo_saved("xlsx-ref", ENF, "xlsx", cell(ENF, "D9", "=#REF!+1")), ()),
    ("xls-value-error", lo_saved("xls-value", GRID, "xls", cell(GRID, "D10", '=B10+"x"')), ()),
    (
        "ods-ledger-optional-column-error",
        lo_saved("ods-ledger-opt", JUD, "ods", cell(JUD, "F5", "=1/0", LEDGER)),
        (),
    ),
    (
        "xls-ledger-required-error",
        lo_saved("xls-ledger-req", JUD, "xls", cell(JUD, "E6", "=NA()", LEDGER)),
        (),
    ),
    ("formula-giving-empty-text", lo_saved("xlsx-empty-str", GRID, "xlsx", cell(GRID, "D11", '=""')), ()),
    # Merged cells
    ("ledger-number-merged", merge(JUD, "E2:E3", LEDGER), ()),
    ("ledger-merged-across-columns", merge(JUD, "C5:D5", LEDGER), ()),
    ("figure-cells-merged", merge(GRID, "D7:D8"), ()),
    (
        "ledger-number-merged-saved-as-ods",
        lo_saved("ods-merged-num", JUD, "ods", merge(JUD, "E2:E3", LEDGER)),
        (),
    ),
    # The settings file
    ("settings-not-text", write(SETTINGS, bytes(range(256)) * 4), ()),
    ("settings-named-ini-txt", settings_bytes(lambda t: t.encode("utf-8"), "单位设置.ini.txt"), ()),
    # Files that are not workbooks in the folder
    ("department-sent-csv", replaced_by(ENF, "综合执法.csv", "指标,数值\n出动执法人员,7126\n".encode()), ()),
    ("community-sent-pdf", replaced_by(COM, "东兴里社区.pdf", b"%PDF-1.4"), ()),
    ("department-sent-zip", replaced_by(PETITION, "信访办公室表格.zip", b"PK\x05\x06" + b"\0" * 18), ()),
    ("department-sent-photo", replaced_by(GRID, "网格化管理中心.jpg", b"\xff\xd8\xff"), ()),
    ("header-too-far-down", insert_rows(GRID, "填报表", 1, 210), ()),
]

# What clerks type that must be read, not rejected.
TOLERATED: list[tuple[str, Mutation]] = [
    ("thousands-separator", cell(ENF, "D7", "7,126")),
    ("full-width-digits", cell(ENF, "D8", "１５７３")),
    ("spaces-around", cell(ENF, "D9", "  1634 ")),
    ("ledger-row-of-spaces", cells(*(cell(JUD, f"{c}140", " \u3000", LEDGER) for c in "ABCDEF"))),
    ("unit-typed", cell(ENF, "D10", "4352处次")),
    ("percent-as-text", cell(ENF, "D18", "100%")),
    ("percent-as-100", formatted(ENF, "D22", 100, "General")),  # 100 where it shows as 100
    ("money-with-unit", cell(ENF, "D14", "5,600元")),
    ("number-as-text", cell(GRID, "D7", "42")),
    ("date-as-text", cell(JUD, "A2", "2024年3月15日", LEDGER)),
    ("ledger-posters-blank", cell(JUD, "F2", None, LEDGER)),
    ("xlsm-extension", lambda root: (root / GRID).rename(root / GRID.replace(".xlsx", ".xlsm"))),
    ("renamed-file", lambda root: (root / GRID).rename(root / f"{Y}/网格数据（最终版）.xlsx")),
    (
        "inserted-blank-rows-and-columns",
        edit(GRID, lambda wb: (wb["填报表"].insert_rows(8, 2), wb["填报表"].insert_cols(6))),
    ),
    # issue 11
    ("thirty-rows-inserted-above-the-header", insert_rows(GRID, "填报表", 1, 30)),
    ("rows-inserted-above-a-ledger", insert_rows(JUD, LEDGER, 1, 25)),
    ("columns-inserted-before-the-table", edit(GRID, lambda wb: wb["填报表"].insert_cols(1, 3))),
    ("rows-sorted-with-their-codes", edit(GRID, lambda wb: _sort_whole_rows(wb["填报表"], 7, 11))),
    ("label-with-spaces-and-half-width-quotes", cell(GRID, "B10", ' "津治通""社区通"系统收集上报问题 ')),
    ("year-typed-as-text", cell(GRID, "D2", "2024年")),
    ("office-with-full-width-spaces", cell(GRID, "D3", "中山门街道\u3000")),
    ("thousands-separators-and-decimals", cell(ENF, "D14", "5,600.00")),
    ("full-width-thousands", cell(ENF, "D7", "７，１２６")),
    ("ledger-community-merged", merge(JUD, "B2:B4", LEDGER, value="中山门东里社区")),
    (
        "ledger-community-merged-saved-as-ods",
        lo_saved("ods-merged-text", JUD, "ods", merge(JUD, "B2:B4", LEDGER, value="中山门东里社区")),
    ),
    ("xls-saved-by-calc", lo_saved("xls-plain", ENF, "xls")),
    ("percentages-saved-as-ods", lo_saved("ods-enf", ENF, "ods")),  # 1 in a 0.0% cell: 100%
    ("ods-saved-by-calc", lo_saved("ods-plain", JUD, "ods")),
    ("settings-utf16-le", settings_bytes(lambda t: b"\xff\xfe" + t.encode("utf-16-le"))),
    ("settings-utf16-be", settings_bytes(lambda t: b"\xfe\xff" + t.encode("utf-16-be"))),
    ("settings-gbk", settings_bytes(lambda t: t.encode("gbk"))),
    ("settings-utf8-bom-crlf", settings_bytes(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"))),
]


def _sort_whole_rows(ws, first: int, last: int) -> None:
    """Rows sorted with every column, codes included: nothing is mixed up."""
    ws.protection.sheet = False
    rows = [[ws.cell(row=r, column=c).value for c in range(1, 6)] for r in range(first, last + 1)]
    rows.sort(key=lambda row: row[3])
    for r, row in zip(range(first, last + 1), rows, strict=True):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)


# Saved by Calc for tests/writing/test_libreoffice.py: the forms printed, a legacy .xls and a
# Calc-saved .ods read as the workbooks they were.
FORMS_PRINTED = [calc_saved("form-enf-pdf", ENF, "pdf"), calc_saved("form-jud-pdf", JUD, "pdf")]
LEGACY_XLS, CALC_ODS = calc_saved("grid-xls", GRID, "xls"), calc_saved("enf-ods", ENF, "ods")


CLEAN_VALUES = {"一般程序处罚": 4}  # the sample without its one inconsistency (conftest's clean_base)


def save_clerks_workbooks() -> list[Path]:
    """tests/data/saved-by-calc/ made again: each registered workbook of a clerk's, edited in
    the clean sample inputs and saved by LibreOffice Calc."""
    import samples

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "clean"
        samples.write_inputs(root, values=CLEAN_VALUES)
        formats = tuple(sorted({fmt for _, fmt, _ in _SAVED_BY_CALC.values()} - set(PRINTED)))
        _save_all(root, Path(tmp) / "cache", formats)
        shutil.rmtree(CALC_SAVED, ignore_errors=True)
        CALC_SAVED.mkdir(parents=True)
        written = []
        for key, (_, fmt, _) in _SAVED_BY_CALC.items():
            if fmt in formats:
                written.append(
                    Path(
                        shutil.copyfile(
                            Path(tmp) / "cache" / "out" / f"{key}.{fmt}", CALC_SAVED / f"{key}.{fmt}"
                        )
                    )
                )
        return written


if __name__ == "__main__":
    for path in save_clerks_workbooks():
        print(f"已保存 {path}")
