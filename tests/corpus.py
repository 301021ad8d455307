"""Bad inputs a clerk can produce, as small mutations of a valid input folder.

Each case is (id, mutation, arguments of `assembler check`). The expected exit code and
exact output live in test_bad_inputs.py.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

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
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
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


CASES: list[tuple[str, Mutation, tuple[str, ...]]] = [
    # Values in the figure table
    ("text-in-count", cell(ENF, "D7", "七千一百"), ()),
    ("negative-count", cell(ENF, "D8", -5), ()),
    ("fraction-count", cell(ENF, "D9", 12.5), ()),
    ("percent-over-100", cell(ENF, "D18", 120), ()),
    ("percent-text", cell(ENF, "D22", "全部"), ()),
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
]

# What clerks type that must be read, not rejected.
TOLERATED: list[tuple[str, Mutation]] = [
    ("thousands-separator", cell(ENF, "D7", "7,126")),
    ("full-width-digits", cell(ENF, "D8", "１５７３")),
    ("spaces-around", cell(ENF, "D9", "  1634 ")),
    ("ledger-row-of-spaces", cells(*(cell(JUD, f"{c}140", " \u3000", LEDGER) for c in "ABCDEF"))),
    ("unit-typed", cell(ENF, "D10", "4352处次")),
    ("percent-as-text", cell(ENF, "D18", "100%")),
    ("percent-as-100", cell(ENF, "D22", 100)),
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
]
