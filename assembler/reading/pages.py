"""Reading a published report back from a web page saved from a browser, as its paragraphs and
tables in order (`documents.ReadDocument`); a Word document is `reports`'.

Web pages (`read_page`): `.html`/`.htm` as a browser saves them ("网页，全部" with its `_files`
folder, which is never opened, or "网页，仅 HTML") and `.mht`/`.mhtml` ("单个文件": MIME with
quoted-printable or base64 parts). The text is decoded by its byte-order mark, else the declared
charset (gb2312 and gbk read as GBK, which portals actually send), else UTF-8 or GB18030,
whichever reads. lxml parses it without touching the network or any entity; scripts, styles,
forms' controls and hidden elements are dropped.

Finding the report in a portal's page: the page is read as a sequence of blocks (block
elements and `<br>` end a paragraph; tables of data are tables, tables around tables are
layout). The article is the element that holds nearly all the page's sentence text (descending
from `<body>` while one child holds three quarters of it), so navigation, link lists and footers fall
away. The report starts at its title (in the article, or the heading just before it) and ends
at its date (成文日期); lines between the title and the text such as “发布时间：… 来源：… 字号：
大 中 小”, share and print buttons, and the portal's 索引号 table are dropped. Tables and text
come out as `documents` describes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assembler.model.errors import UsageError
from assembler.reading.documents import (
    Block,
    ReadCell,
    ReadDocument,
    ReadTable,
    check_file,
    normalise,
)

MAX_BYTES = 50 * 1024 * 1024  # a report's page, even with its pictures in an .mht, is far smaller
PAGE_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".mht", ".mhtml")
ARTICLE_SHARE = 0.75  # the article is the deepest element holding this share of the report text
RESAVE = "请在浏览器中打开报告页面，用“另存为”保存为“网页，仅 HTML”后再试"


# ── reading the file ──────────────────────────────────────────────────────


def _read_bytes(path: Path) -> bytes:
    check_file(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UsageError(
            f"{path.name} 有 {size / 1024 / 1024:.0f} MB，不像是一份报告的网页（超过 {MAX_BYTES // 1024 // 1024} MB）；"
            f"{RESAVE}"
        )
    try:
        return path.read_bytes()
    except OSError:
        raise UsageError(
            f"无法读取 {path.name}：文件正被 Word、WPS 或其他程序打开，或没有读取权限；请关闭后重试"
        ) from None


def read_page(path: Path) -> ReadDocument:
    """A report's web page saved from a browser: the report's paragraphs and tables, from its title
    to its date, without the portal around it."""
    check_file(path)
    suffix = path.suffix.lower()
    if suffix not in PAGE_SUFFIXES:
        raise UsageError(
            f"不认识的文件类型“{path.suffix}”（{path.name}）；请使用在浏览器中另存的网页（.html、.htm、.mht）"
            "或 Word 文档（.docx）"
        )
    data = _read_bytes(path)
    _refuse_other_formats(data, path)
    if suffix in (".mht", ".mhtml") or _is_mime(data):
        markup = _mime_html(data, path)
    else:
        markup = decode_page(data, path)
    if not re.search(r"<\s*(html|body|p|div|table|br|span|h[1-6]|td|article)\b", markup, re.IGNORECASE):
        raise UsageError(f"{path.name} 不是网页文件（其中没有网页的内容）；{RESAVE}")
    root = _parse(markup, path)
    title_el = root.find(".//title")
    page_title = normalise(title_el.text_content()) if title_el is not None else ""
    try:
        blocks = _report_blocks(root, path)
    except RecursionError:  # elements nested hundreds deep: no page a portal publishes
        raise UsageError(f"{path.name} 的网页结构过于复杂，无法读出；{RESAVE}") from None
    return ReadDocument(path, blocks, page_title)


def _refuse_other_formats(data: bytes, path: Path) -> None:
    head = data[:8]
    if head.startswith(b"PK\x03\x04"):
        raise UsageError(
            f"{path.name} 其实是 Word 文档或压缩包，不是网页；如果是 Word 文档，请把扩展名改为 .docx 后再试"
        )
    if head.startswith(b"%PDF"):
        raise UsageError(f"{path.name} 其实是 PDF 文件，不是网页；{RESAVE}，或使用报告的 Word 文档")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UsageError(f"{path.name} 其实是旧版 Word 文档（.doc），不是网页；请把扩展名改为 .doc 后再试")


# Charset names portals declare, by the codec that reads them.
_CODECS = {
    "gb2312": "gbk", "gb_2312": "gbk", "gb_2312-80": "gbk", "csgb2312": "gbk", "euc-cn": "gbk",
    "x-gbk": "gbk", "gbk": "gbk", "cp936": "gbk", "ms936": "gbk", "windows-936": "gbk", "chinese": "gbk",
    "gb18030": "gb18030", "utf-8": "utf-8", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
    "big5": "big5", "big5-hkscs": "big5hkscs", "utf-16": "utf-16", "utf-16le": "utf-16-le",
    "utf-16be": "utf-16-be",
}  # fmt: skip
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_DECLARED = (
    re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE),
    re.compile(rb"""<\?xml\b[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE),
)


def _codec(name: str | None) -> str | None:
    """The codec for a declared charset; None for one no Chinese report is written in (a page
    declaring ISO-8859-1 cannot hold its text, so the bytes are read as if undeclared)."""
    if not name:
        return None
    return _CODECS.get(name.strip().strip("\"'").lower())


def decode_page(data: bytes, path: Path, declared: str | None = None) -> str:
    """The page's text: by its byte-order mark, else its declared charset (`declared`, from MIME,
    or the page's own <meta>), else UTF-8 or GB18030, whichever reads without error."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    if declared is None:
        head = data[:65536]
        for pattern in _DECLARED:
            m = pattern.search(head)
            if m:
                declared = m.group(1).decode("ascii", errors="replace")
                break
    first = _codec(declared)
    order = [c for c in (first, "gb18030" if first == "gbk" else None, "utf-8", "gb18030") if c]
    for codec in dict.fromkeys(order):
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    # A few broken bytes (a page cut short mid-character) in an otherwise readable page.
    best = first or "utf-8"
    text = data.decode(best, errors="replace")
    if text.count("\ufffd") <= max(2, len(text) // 1000):
        return text
    raise UsageError(f"{path.name} 的文字编码无法识别（不是 UTF-8，也不是 GBK）；{RESAVE}")


def _is_mime(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"mime-version:", b"from:", b"content-type: multipart", b"subject:")) and (
        b"content-type:" in head
    )


def _mime_html(data: bytes, path: Path) -> str:
    """The main HTML document of an .mht/.mhtml file (the `start` part, else the first HTML part)."""
    import email
    import email.policy

    if not _is_mime(data):
        return decode_page(data, path)  # an .mht that is plain HTML after all
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    parts = [p for p in message.walk() if p.get_content_type() in ("text/html", "application/xhtml+xml")]
    start = (message.get_param("start") or "") if message.is_multipart() else ""
    if isinstance(start, str) and start:
        wanted = start.strip("<>")
        parts.sort(key=lambda p: str(p.get("Content-ID", "")).strip("<>") != wanted)
    if not parts:
        raise UsageError(f"{path.name} 中没有网页内容（可能不是浏览器保存的单个文件网页）；{RESAVE}")
    part = parts[0]
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, TypeError):
        payload = None
    if not isinstance(payload, bytes):
        raise UsageError(f"{path.name} 已损坏，其中的网页无法读出；{RESAVE}")
    return decode_page(payload, path, declared=part.get_content_charset())


def _parse(markup: str, path: Path) -> Any:
    from lxml import etree
    from lxml import html as lhtml

    parser = lhtml.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, recover=True
    )
    # An XML declaration naming another encoding would contradict the UTF-8 given to the parser.
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
    try:
        root = lhtml.document_fromstring(markup.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        raise UsageError(f"{path.name} 中没有找到报告的正文（网页是空的）；{RESAVE}") from None
    return root


# ── the page as blocks ────────────────────────────────────────────────────

_DROP = frozenset(
    {"head", "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
     "svg", "math", "select", "textarea", "button", "input", "map", "canvas", "audio", "video", "img"}
)  # fmt: skip
_BLOCK = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
     "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre", "center", "address",
     "figure", "figcaption", "form", "fieldset", "legend", "table", "thead", "tbody", "tfoot", "tr", "td",
     "th", "caption", "hr", "body", "html", "details", "summary", "menu", "dir"}
)  # fmt: skip
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


@dataclass
class _Line:
    text: str
    owner: Any  # the block element the text is in
    link_chars: int = 0

    @property
    def linked(self) -> bool:
        """Mostly link text: a menu, a list of other articles, share buttons."""
        return self.link_chars * 2 > len(self.text)


@dataclass
class _Table:
    table: ReadTable
    owner: Any
    linked: bool = False

    @property
    def text(self) -> str:
        return "".join(cell.text for cell in self.table.cells)


def _tag(el: Any) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _hidden(el: Any) -> bool:
    return el.get("hidden") is not None or bool(_HIDDEN.search(el.get("style", "")))


def _is_data_table(table: Any) -> bool:
    """A table of figures (a report's table, a portal's 索引号 table), not one laying out a page:
    at least two cells, no table inside, no cell of running text."""
    if any(_tag(el) == "table" for el in table.iterdescendants()):
        return False
    cells = [el for el in table.iterdescendants() if _tag(el) in ("td", "th")]
    if len(cells) < 2:
        return False
    for cell in cells:
        text = cell.text_content()
        if len(text) > 150 and "。" in text:
            return False
    return True


class _Blocks:
    """The page in reading order as lines of text and tables."""

    def __init__(self) -> None:
        self.blocks: list[_Line | _Table] = []
        self.pieces: list[str] = []
        self.link_chars = 0
        self.owner: Any = None

    def add(self, text: str | None, owner: Any, link: bool) -> None:
        if not text:
            return
        if self.owner is None or not self.pieces:
            self.owner = owner
        self.pieces.append(text)
        if link:
            self.link_chars += len(text.strip())

    def flush(self) -> None:
        text = normalise("".join(self.pieces))
        if text:
            self.blocks.append(_Line(text, self.owner, self.link_chars))
        self.pieces, self.link_chars, self.owner = [], 0, None

    def walk(self, el: Any, owner: Any, link: bool = False) -> None:
        tag = _tag(el)
        if not tag or tag in _DROP or _hidden(el):
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table" and _is_data_table(el):
            self.flush()
            for caption in el.iterchildren("caption"):  # a table's title, as the paragraph before it
                self.add(cell_text(caption), caption, False)
                self.flush()
            table = html_table(el)
            if table.rows:
                links = sum(len(a.text_content().strip()) for a in el.iter("a"))
                self.blocks.append(_Table(table, el, links * 2 > len("".join(c.text for c in table.cells))))
            return
        block = tag in _BLOCK
        if block:
            self.flush()
            owner = el
        link = link or tag == "a"
        self.add(el.text, owner, link)
        for child in el:
            self.walk(child, owner, link)
            self.add(child.tail, owner, link)
        if block:
            self.flush()


def html_table(table: Any) -> ReadTable:
    """An HTML table on its grid by HTML's table model: row groups in order (<tfoot> last), each
    cell placed past the positions spans from above cover, spans kept within their row group."""
    groups: list[tuple[bool, list[Any]]] = []  # (is thead, rows)
    loose: list[Any] = []
    footers: list[tuple[bool, list[Any]]] = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            loose.append(child)
            continue
        if loose:
            groups.append((False, loose))
            loose = []
        if tag in ("thead", "tbody"):
            groups.append((tag == "thead", [tr for tr in child if _tag(tr) == "tr"]))
        elif tag == "tfoot":
            footers.append((False, [tr for tr in child if _tag(tr) == "tr"]))
    if loose:
        groups.append((False, loose))
    groups.extend(footers)
    cells: list[ReadCell] = []
    covered: set[tuple[int, int]] = set()
    header_rows = 0
    r0 = 0
    for is_head, trs in groups:
        for i, tr in enumerate(trs):
            r = r0 + i
            c = 0
            for td in tr:
                tag = _tag(td)
                if tag not in ("td", "th"):
                    continue
                while (r, c) in covered:
                    c += 1
                colspan = min(max(_span(td.get("colspan"), 1), 1), 1000)
                rowspan = _span(td.get("rowspan"), 1)
                left = len(trs) - i  # a row span stays in its row group; rowspan="0" fills it
                rowspan = left if rowspan == 0 else min(rowspan, left)
                cells.append(ReadCell(r, c, rowspan, colspan, cell_text(td), tag == "th" or is_head))
                covered.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
                c += colspan
        if is_head and r0 == header_rows:
            header_rows += len(trs)
        r0 += len(trs)
    return _grid(cells, r0, header_rows)


def _span(value: str | None, default: int) -> int:
    m = re.match(r"\s*(\d+)", value or "")
    return int(m.group(1)) if m else default


def _grid(cells: list[ReadCell], height: int, header_rows: int) -> ReadTable:
    width = max((c.col + c.colspan for c in cells), default=0)
    rows = [[""] * width for _ in range(height)]
    for cell in cells:
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                if cell.row + dr < height:
                    rows[cell.row + dr][cell.col + dc] = cell.text
    # Rows that are wholly empty at the end (a trailing <tr></tr>) carry nothing.
    while rows and not any(rows[-1]) and not any(c.row == len(rows) - 1 for c in cells):
        rows.pop()
    return ReadTable(rows, cells, header_rows)


def cell_text(el: Any) -> str:
    """A cell's text: block boundaries and <br> are line breaks, then `normalise`d."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        tag = _tag(node)
        if not tag or tag in _DROP or _hidden(node):
            return
        if tag == "br":
            parts.append("\n")
            return
        block = tag in _BLOCK and node is not el
        if block:
            parts.append("\n")
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
        if block:
            parts.append("\n")

    walk(el)
    return normalise("".join(parts))


# ── the report within the page ────────────────────────────────────────────

_YEAR = re.compile(r"(19|20)\d\d|[〇零○一二三四五六七八九]{4}")
_TITLE_WORDS = ("报告", "年报", "总结", "情况", "要点", "计划")
_HEADING = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．、])")
_META = re.compile(
    r"^[【\[(（]?\s*(发布时间|发布日期|发文日期|成文日期|发布机构|发文机关|来源|信息来源|文章来源|字号|字体|"
    r"浏览次数|浏览量|阅读次数|阅读量|点击数|点击量|访问量|访问次数|作者|编辑|责任编辑|审核|索引号|文号|主题分类|"
    r"分享到|分享|打印|关闭|收藏|返回|扫一扫|【?\s*大\s*中\s*小)"
)
_META_TABLE = ("索引号", "发布机构", "发文机关", "生成日期", "主题分类", "发文字号")
_DATE = re.compile(
    r"((19|20)\d\d|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日$"
)
# A portal's footer and notices, sentences though they are.
_BOILERPLATE = re.compile(
    r"ICP备|公网安备|网站标识码|版权所有|Copyright|主办单位|承办单位|技术支持|网站地图|联系我们|分辨率|浏览器"
)
_FULL_DIGITS = {ord(d) + 0xFEE0: ord(d) for d in "0123456789"}


def _prose(text: str) -> bool:
    return "。" in text or "；" in text or len(text) >= 40


def _weight(block: _Line | _Table) -> int:
    """How much report text a block holds: sentences and tables, not menus, labels, the portal's
    索引号 table or its footer."""
    if block.linked or _is_meta(block) or (isinstance(block, _Line) and _BOILERPLATE.search(block.text)):
        return 0
    if isinstance(block, _Table):
        return len(block.text)
    return len(block.text) if _prose(block.text) else 0


def _is_title_text(text: str) -> bool:
    text = text.replace(" ", "")
    return (
        6 <= len(text) <= 80
        and "。" not in text
        and _YEAR.search(text.translate(_FULL_DIGITS)) is not None
        and any(word in text for word in _TITLE_WORDS)
        and not _HEADING.match(text)
        and not _META.match(text)
    )


def _is_meta(block: _Line | _Table) -> bool:
    if isinstance(block, _Table):
        return any(word in block.text for word in _META_TABLE)
    return block.linked or _META.match(block.text) is not None


def _is_date(block: _Line | _Table) -> bool:
    if not isinstance(block, _Line) or _META.match(block.text):
        return False
    text = block.text.translate(_FULL_DIGITS)
    return len(text) <= 40 and "。" not in text and _DATE.search(text) is not None


def _inside(el: Any, container: Any) -> bool:
    return el is container or any(a is container for a in el.iterancestors())


def _article(body: Any, blocks: list[_Line | _Table]) -> Any:
    """The element holding nearly all the page's report text."""
    weights: dict[Any, int] = {}
    data_tables = {b.owner for b in blocks if isinstance(b, _Table)}
    for block in blocks:
        w = _weight(block)
        if not w:
            continue
        el = block.owner
        while el is not None:
            weights[el] = weights.get(el, 0) + w
            el = el.getparent()
    node = body
    while True:
        total = weights.get(node, 0)
        # A table of figures is a block of the report, never the article itself.
        candidates = (child for child in node if weights.get(child, 0) and child not in data_tables)
        best = max(candidates, key=lambda c: weights[c], default=None)
        if best is None or weights[best] < ARTICLE_SHARE * total:
            return node
        node = best


def _report_blocks(root: Any, path: Path) -> list[Block]:
    body = root.find(".//body")
    if body is None:
        body = root
    walker = _Blocks()
    walker.walk(body, body)
    walker.flush()
    blocks = walker.blocks
    if not any(_weight(b) for b in blocks):
        raise UsageError(
            f"{path.name} 中没有找到报告的正文；请确认保存的是报告本身的页面（而不是栏目列表），{RESAVE}"
        )
    article = _article(body, blocks)
    inside = [i for i, b in enumerate(blocks) if _inside(b.owner, article)]
    first, last = inside[0], inside[-1]
    # Start: the title in the article (before its first sentence), else the heading just before it.
    prose = next((i for i in inside if isinstance(blocks[i], _Line) and _weight(blocks[i])), last)
    title = next((t for i in range(first, prose + 1) if (t := _title_at(blocks, i))), None)
    if title is None:
        title = next(
            (t for i in range(first - 1, max(-1, first - 16), -1) if (t := _title_at(blocks, i))), None
        )
    start, title_end = title if title is not None else (first, first - 1)
    title_text = _joined(blocks, start, title_end)
    # End: the date (成文日期) after the text, in the article or just after it.
    end = next((i for i in range(last, title_end, -1) if _is_date(blocks[i])), None)
    if end is None:
        end = next((i for i in range(last + 1, min(len(blocks), last + 5)) if _is_date(blocks[i])), None)
    if end is None:
        end = last
        while end > title_end + 1 and _is_meta(blocks[end]):
            end -= 1
    # Between the title and the text (or at the top, without a title): the portal's lines —
    # 发布时间/来源/字号, share and print buttons, the 索引号 table, the title shown again.
    kept: list[_Line | _Table] = list(blocks[start : title_end + 1])
    i = max(title_end + 1, first)  # a title outside the article: what lies between is the portal's
    while i <= end:
        again = _title_at(blocks, i)
        if again and _joined(blocks, *again) == title_text:
            i = again[1] + 1
        elif _is_meta(blocks[i]):
            i += 1
        else:
            break
    kept.extend(blocks[i : end + 1])
    return [b.table if isinstance(b, _Table) else b.text for b in kept]


def _joined(blocks: list[_Line | _Table], start: int, end: int) -> str:
    return "".join(b.text for b in blocks[start : end + 1]).replace(" ", "")


def _title_at(blocks: list[_Line | _Table], i: int) -> tuple[int, int] | None:
    """The span of lines of a title at line `i`: the line itself, or the few lines one element
    holds (a title broken by <br>: 中山门街道2024年 / 政府信息公开工作年度报告)."""
    block = blocks[i]
    if not isinstance(block, _Line) or block.linked:
        return None
    a = b = i
    while a > 0 and isinstance(blocks[a - 1], _Line) and blocks[a - 1].owner is block.owner:
        a -= 1
    while b + 1 < len(blocks) and isinstance(blocks[b + 1], _Line) and blocks[b + 1].owner is block.owner:
        b += 1
    if 0 < b - a <= 3 and _is_title_text(_joined(blocks, a, b)):
        return a, b
    return (i, i) if _is_title_text(block.text) else None
