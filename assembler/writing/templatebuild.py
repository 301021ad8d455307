"""Build a template's .docx from its text source, with the GB/T 9704 styles of `layout`.

A template folder holds `template.txt` (the wording, one paragraph a line, with Jinja tags),
`catalog.toml` and the generated `template.docx`. A line may start with a style marker:

    [标题] …          the document title (公文标题)
    [一级] …          a level-1 heading on its own line (一、…)
    [二级] …          a level-2 heading on its own line (（一）…)
    [二级引领] 头|正文  a level-2 heading sentence that opens a body paragraph
    [一级引领] 头|正文  the same for level 1 (一、…。 in 黑体, then the body)
    [三级] …, [三级引领] 头|正文   the same for level 3
    [主送] …          the addressee under the title (主送机关), flush left
    [署名] …, [日期] …   the signing body and the date
    [表格 表名] … [/表格]   a statistical table (see `tables`), its data from the catalog
    lines with no marker are body text; lines starting with // are comments.

Run `python -m assembler.writing.templatebuild [FOLDER ...]` after editing a template.txt.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from assembler.reading.catalogs import load_catalog
from assembler.reading.templates import TemplateDir, bundled_template_root
from assembler.writing.package import official_document, set_properties
from assembler.writing.tablelayout import TableLayout, TableMarkupError, build_table, parse_table

MARKERS = {
    "标题": "公文标题",
    "一级": "一级标题",
    "二级": "二级标题",
    "三级": "三级标题",
    "正文": "Normal",
    "主送": "主送机关",
    "署名": "署名",
    "日期": "成文日期",
}
LEAD_MARKERS = {"一级引领": "一级标题字符", "二级引领": "二级标题字符", "三级引领": "三级标题字符"}
_LINE = re.compile(r"^\[(?P<marker>[^\]]+)\]\s?(?P<text>.*)$")


@dataclass(frozen=True)
class SourceLine:
    style: str
    text: str
    lead_style: str | None = None
    lead: str = ""
    line_no: int = 0


def parse_source(text: str) -> list[SourceLine | TableLayout]:
    lines: list[SourceLine | TableLayout] = []
    table: list[tuple[int, str]] | None = None
    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if table is not None:
            table.append((no, line))
            if line == "[/表格]":
                lines.append(parse_table(table))
                table = None
            continue
        if not line or line.startswith("//"):
            continue
        if line.startswith("[表格"):
            table = [(no, line)]
            continue
        m = _LINE.match(line)
        if not m:
            lines.append(SourceLine("Normal", line, line_no=no))
            continue
        marker, body = m.group("marker"), m.group("text")
        if marker in LEAD_MARKERS:
            lead, sep, rest = body.partition("|")
            if not sep:
                raise ValueError(f"第{no}行：[{marker}] 需要用“|”分开标题句和正文")
            lines.append(SourceLine("Normal", rest, LEAD_MARKERS[marker], lead, no))
        elif marker in MARKERS:
            lines.append(SourceLine(MARKERS[marker], body, line_no=no))
        else:
            raise ValueError(f"第{no}行：不认识的样式标记 [{marker}]")
    if table is not None:
        raise ValueError(f"第{table[0][0]}行的表格没有以 [/表格] 结束")
    return lines


def build_docx(source: Path, target: Path) -> None:
    doc = official_document()
    lines = parse_source(source.read_text(encoding="utf-8"))
    catalog = None
    for line in lines:
        if isinstance(line, TableLayout):
            if catalog is None:
                catalog = load_catalog(TemplateDir(source.parent.name, source.parent).catalog)
            spec = catalog.tables.get(line.name)
            if spec is None:
                raise TableMarkupError(f"第{line.line_no}行：指标目录中没有表格“{line.name}”")
            build_table(doc, line, spec)
            continue
        paragraph = doc.add_paragraph(style=line.style)
        if line.lead_style:
            paragraph.add_run(line.lead, style=line.lead_style)
        if line.text:
            paragraph.add_run(line.text)
    title = next((ln.text for ln in lines if isinstance(ln, SourceLine) and ln.style == "公文标题"), "")
    set_properties(doc, title=title, author="")
    doc.save(str(target))


def build_template_folder(folder: Path) -> Path:
    target = folder / "template.docx"
    build_docx(folder / "template.txt", target)
    return target


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv

    folders = [Path(a) for a in args] or [
        p for p in sorted(bundled_template_root().iterdir()) if (p / "template.txt").is_file()
    ]
    for folder in folders:
        print(f"已生成 {build_template_folder(folder)}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
