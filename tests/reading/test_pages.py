"""Reading a published report back (`assembler.reading.pages`): web pages as portals publish them
and browsers save them (UTF-8 and GBK, "网页，全部" and "仅 HTML", .mht), hand-made tables, and
Word documents with tables; each read to the exact paragraphs and table grids."""

from __future__ import annotations

import base64
import quopri
from pathlib import Path
from typing import Any

import pytest
from webreports import FAZHI, XXGK, build_sample_reports, portal, styled_document

from assembler.model.errors import UsageError
from assembler.reading.documents import ReadCell, ReadDocument, ReadTable, normalise
from assembler.reading.pages import MAX_BYTES, read_page
from assembler.reading.reports import read_docx_document
from assembler.reading.reports import read_report as read_document
from assembler.writing.webpage import page_of

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_sample_reports(tmp_path_factory.mktemp("read-reports"))


@pytest.fixture(scope="module")
def xxgk_docx(reports: dict[str, Path]) -> Path:
    return reports[XXGK]


@pytest.fixture(scope="module")
def xxgk_fragment(xxgk_docx: Path) -> str:
    from docx import Document

    return page_of(Document(str(xxgk_docx))).fragment


def shape(document: ReadDocument) -> list[Any]:
    """Paragraphs as text, tables as their grid and their cells' spans and text (not the header
    flag: a <th> is a header in a page, a Word table only knows its repeated rows)."""
    return [
        b
        if isinstance(b, str)
        else (b.rows, sorted((c.row, c.col, c.rowspan, c.colspan, c.text) for c in b.cells))
        for b in document.blocks
    ]


# ── how portals publish, how browsers save ────────────────────────────────


def test_our_own_page_reads_back_as_the_word_report(reports: dict[str, Path], tmp_path: Path):
    from docx import Document

    for name in (XXGK, FAZHI):
        page = tmp_path / f"{name}.html"
        page.write_text(page_of(Document(str(reports[name]))).html, encoding="utf-8")
        read = read_page(page)
        assert shape(read) == shape(read_docx_document(reports[name])), name
        assert read.page_title == name


@pytest.mark.parametrize("heading", [True, False], ids=["title-twice", "title-only-in-portal-heading"])
def test_a_portals_page_reads_as_the_report_alone(
    xxgk_docx: Path, xxgk_fragment: str, tmp_path: Path, heading: bool
):
    content = xxgk_fragment if heading else xxgk_fragment.split("\n", 1)[1]  # without its own <h1>
    page = tmp_path / "报告.html"
    page.write_text(portal(content), encoding="utf-8")
    read = read_page(page)
    expected = shape(read_docx_document(xxgk_docx))
    assert shape(read) == expected
    assert read.blocks[0] == XXGK and read.blocks[-2:] == ["中山门街道办事处", "2025年1月20日"]
    assert len(read.tables) == 3 and read.page_title == f"{XXGK}_政府信息公开年报_河东区人民政府"


def old_portal(content: str) -> str:
    """A portal laid out in tables, as older ones are: the article in a cell of a cell."""
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{XXGK}</title></head><body>
<table width="1000" align="center" border="0"><tr><td colspan="2"><img src="top.jpg"></td></tr>
<tr><td width="200"><table><tr><td><a href="#">机构概况</a></td></tr><tr><td><a href="#">政策文件</a></td></tr>
<tr><td><a href="#">政府信息公开年报</a></td></tr></table></td>
<td width="800"><table width="100%"><tr><td class="title" align="center"><b>{XXGK}</b></td></tr>
<tr><td align="center">发布日期：2025年1月20日&nbsp;&nbsp;浏览次数：1024&nbsp;&nbsp;【<a href="#">打印</a>】【<a href="#">关闭</a>】</td></tr>
<tr><td class="content">{content}</td></tr></table></td></tr>
<tr><td colspan="2" align="center">版权所有：河东区人民政府办公室&nbsp;&nbsp;津ICP备05000000号<br>
地址：天津市河东区某某路1号&nbsp;&nbsp;邮编：300000。建议使用IE8以上浏览器。</td></tr></table>
</body></html>
"""


def test_an_older_portal_laid_out_in_tables(xxgk_docx: Path, xxgk_fragment: str, tmp_path: Path):
    page = tmp_path / "报告.htm"
    page.write_bytes(old_portal(xxgk_fragment.split("\n", 1)[1]).encode("gbk"))
    assert shape(read_page(page)) == shape(read_docx_document(xxgk_docx))


TRS_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8" name="viewport" content="width=device-width, initial-scale=1.0" />
<meta name="ArticleTitle" content="某区2024年度政府信息公开工作年度报告"/>
<title>某区2024年度政府信息公开工作年度报告_政府信息公开年报_某区人民政府</title></head>
<body><div class="warp">
<div class="header"><ul role="navigation"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul>
<form><input type="text" placeholder="请输入搜索内容" /><button>搜索</button></form></div>
<div class="main"><div class="breadcrumb"><span>当前位置：</span><ul><li><a href="/">首页</a></li>
<li><a href="/zwgk/">政务公开</a></li><li><a href="/zwgk/nb/">政府信息公开年报</a></li></ul></div>
<div class="article_component">
<div class="article_title_group"><div class="article_title">
    某区2024年度政府信息公开工作年度报告
</div></div>
<div class="article_extend"><span class="article_source">来源：某区人民政府办公室</span>
<span class="article_time">时间：2025-03-10 15:35</span>
<span class="share"><a href="javascript:void(0);" title="分享到微信">微信</a><a href="#">微博</a></span></div>
<div class="tabs"><ul><li><a href="javascript:;">全真版</a></li><li><a href="javascript:;">文字版</a></li></ul>
<a href="#" class="download">文件下载</a></div>
<div class="links_con"><span>相关链接：</span><p><a href="#"></a></p></div>
<iframe class="isofd" src="/generic/web/viewer.html"></iframe>
<div class="article_content"><div class=TRS_Editor><p style="text-indent: 2em;"><span style="text-indent: 2em;">本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据统计期限为2024年1月1日至2024年12月31日。</span></p><p style="text-indent: 2em;"><span style="font-family: 黑体, SimHei;">一、总体情况&nbsp;</span></p><p style="text-indent: 2em;"><span style="font-family: 楷体, 楷体_GB2312, SimKai;">（一）主动公开方面。</span>全年主动公开各类政府信息10407条。</p><p style="text-indent: 2em;"><span style="font-family: 黑体, SimHei;">四、政府信息公开行政复议、行政诉讼情况</span></p><table style="font-family: &#39;Times New Roman&#39;;border-collapse: collapse;" cellspacing="0" align="center" border="1"><tbody><tr class="firstRow"><td colspan="2" valign="center"><p style="text-indent: 0em;">行政复议</p></td><td colspan="2" valign="center"><p style="text-indent: 0em;">行政诉讼</p></td></tr><tr><td valign="center"><p style="text-indent: 0em;">结果<br/>纠正</p></td><td><p>社会</p><p style="text-indent: 0em;"><span style="text-indent: 0em;">公益</span>
 &nbsp; &nbsp; &nbsp; &nbsp;</p><p style="text-indent: 0em;"><span>组织</span>
 &nbsp; &nbsp;</p></td><td><p>法律</p><p>服<span>务</span>
 &nbsp; &nbsp;</p><p><span>机构</span></p></td><td>总计</td></tr><tr style="height: 34px"><td><p>2</p></td><td><p>1</p></td><td><p>3</p></td><td><p>6</p></td></tr></tbody></table><p style="text-indent: 2em;"><span style="font-family: 黑体, SimHei;">六、其他需要报告的事项</span></p><p style="text-indent: 2em;">2024年，无收取信息处理费情况。</p><p style="text-indent: 2em;">&nbsp;</p><p><br/></p></div></div>
<div class="article_attachment"><div class="title_base"><text class="barrier-free-text">附件下载</text></div><ul></ul></div>
<div class="article_qrcode"><p>扫一扫在手机上查看当前页面</p></div>
<div class="article_btn_group"><button title="关闭">关闭</button></div>
</div></div>
<div class="footer"><p><span>网站标识码：3500000001</span><span><a href="#">闽ICP备09000000号</a></span></p>
<p><span>版权所有：某区人民政府网站</span></p><p><span>主办单位：某区人民政府办公室</span></p>
<p>为确保最佳浏览效果，建议您使用以下浏览器版本：IE浏览器9.0版本及以上； Google Chrome浏览器 63版本及以上。</p></div>
</div><script>var SiteInfo = { itpMassage: '系统正在升级，预计于晚上20时恢复，为此对您造成的不便敬请谅解。' };</script>
</body></html>
"""


def test_a_report_ending_without_signature_or_date(tmp_path: Path):
    """As a TRS-made portal publishes it: the title in a <div> above the article, 来源/时间 and
    share links, a viewer frame, header cells over several <p>, no signature or date at the end."""
    page = tmp_path / "报告.html"
    page.write_text(TRS_PAGE, encoding="utf-8")
    read = read_page(page)
    assert read.paragraphs == [
        "某区2024年度政府信息公开工作年度报告",
        "本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据统计期限为2024年1月1日至2024年12月31日。",
        "一、总体情况",
        "（一）主动公开方面。全年主动公开各类政府信息10407条。",
        "四、政府信息公开行政复议、行政诉讼情况",
        "六、其他需要报告的事项",
        "2024年，无收取信息处理费情况。",
    ]
    (table,) = read.tables
    assert table.rows == [
        ["行政复议", "行政复议", "行政诉讼", "行政诉讼"],
        ["结果纠正", "社会公益组织", "法律服务机构", "总计"],
        ["2", "1", "3", "6"],
    ]


def test_a_gbk_page_declared_gb2312(xxgk_docx: Path, xxgk_fragment: str, tmp_path: Path):
    page = tmp_path / "报告.htm"
    page.write_bytes(portal(xxgk_fragment, charset="gb2312").encode("gbk"))
    assert shape(read_page(page)) == shape(read_docx_document(xxgk_docx))
    # The same bytes with no declaration at all, and UTF-8 with a byte-order mark under a wrong one.
    page.write_bytes(portal(xxgk_fragment, charset="gb2312").replace("charset=gb2312", "").encode("gbk"))
    assert shape(read_page(page)) == shape(read_docx_document(xxgk_docx))
    page.write_bytes(b"\xef\xbb\xbf" + portal(xxgk_fragment, charset="gb2312").encode("utf-8"))
    assert shape(read_page(page)) == shape(read_docx_document(xxgk_docx))


def test_a_page_saved_complete_with_its_files_folder(xxgk_docx: Path, xxgk_fragment: str, tmp_path: Path):
    """ "网页，全部": the page (its addresses rewritten to the folder, a "saved from" comment on top)
    and a `_files` folder that is never opened."""
    page = tmp_path / "中山门街道2024年政府信息公开工作年度报告_河东区人民政府.html"
    files = tmp_path / f"{page.stem}_files"
    files.mkdir()
    (files / "style.css").write_text("p { color: red }", encoding="utf-8")
    (files / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    markup = portal(xxgk_fragment).replace("https://www.example.gov.cn/css/", f"./{files.name}/")
    markup = markup.replace(
        '<div class="logo">', f'<div class="logo"><img src="./{files.name}/logo.png" alt="标志">'
    )
    saved = "<!-- saved from url=(0062)https://www.example.gov.cn/zwgk/nb/202501/t20250120_12345.html -->\n"
    page.write_text(saved + markup, encoding="utf-8")
    assert shape(read_page(page)) == shape(read_docx_document(xxgk_docx))
    with pytest.raises(UsageError, match=f"请选择与它同名的 .html 文件（如“{page.stem}.html”）"):
        read_page(files)


def _mht(html_bytes: bytes, *, encoding: str, charset: str | None) -> bytes:
    """A single-file web page as browsers write it: MIME, the page quoted-printable (Chromium)
    or base64 (IE and Word), a picture beside it."""
    boundary = "----MultipartBoundary--k2p6XwzRBmQhZkXGqL8yNnFxJ1vDUc9eT4aS7bY3----"
    body = (
        quopri.encodestring(html_bytes) if encoding == "quoted-printable" else base64.encodebytes(html_bytes)
    )
    content_type = f'text/html; charset="{charset}"' if charset else "text/html"
    head = (
        "From: <Saved by Blink>\r\n"
        "Snapshot-Content-Location: https://www.example.gov.cn/zwgk/nb/202501/t20250120_12345.html\r\n"
        "Subject: =?utf-8?Q?=E4=B8=AD=E5=B1=B1=E9=97=A8?=\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n'
        f"--{boundary}\r\n"
        f"Content-Type: {content_type}\r\n"
        "Content-ID: <frame-0@mhtml.blink>\r\n"
        f"Content-Transfer-Encoding: {encoding}\r\n"
        "Content-Location: https://www.example.gov.cn/zwgk/nb/202501/t20250120_12345.html\r\n\r\n"
    ).encode("ascii")
    picture = (
        f"\r\n--{boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Location: https://www.example.gov.cn/images/logo.png\r\n\r\n"
        + base64.encodebytes(b"\x89PNG\r\n\x1a\n" + bytes(200)).decode("ascii")
        + f"\r\n--{boundary}--\r\n"
    ).encode("ascii")
    return head + body + picture


@pytest.mark.parametrize(
    ("encoding", "charset", "codec"),
    [("quoted-printable", None, "utf-8"), ("base64", "gb2312", "gbk")],
    ids=["chromium-qp-utf8", "ie-base64-gb2312"],
)
def test_a_single_file_page(
    xxgk_docx: Path, xxgk_fragment: str, tmp_path: Path, encoding: str, charset: str | None, codec: str
):
    markup = portal(xxgk_fragment, charset=codec if codec == "utf-8" else "gb2312")
    page = tmp_path / "报告.mht"
    page.write_bytes(_mht(markup.encode(codec), encoding=encoding, charset=charset))
    assert shape(read_page(page)) == shape(read_docx_document(xxgk_docx))


# ── pages made by hand ────────────────────────────────────────────────────

PASTED_FROM_WORD = """
<p class="MsoNormal" align="center" style="text-align:center"><b><span style="font-size:22.0pt;font-family:方正小标宋简体">中山门街道2024年<br>政府信息公开工作年度报告<o:p></o:p></span></b></p>
<p class="MsoNormal" style="text-indent:32.0pt"><span style="font-family:仿宋_GB2312">&nbsp;&nbsp;本报告依据《中华人民共和国政府信息公开条例》编制。本报告中所列数据的统计期限自2024年1月1日起至2024年12月31
日止。<o:p></o:p></span></p>
<p class="MsoNormal"><span>&nbsp;</span></p>
<p><strong><span style="font-family:黑体">一、总体情况</span></strong></p>
<p>　　2024年，中山门街道在区委、区政府的领导下，推进政务公开&amp;政务服务工作，
坚持以公开为常态。</p>
<p><span style="font-family:楷体">（一）主动公开。</span>依托区政府门户网站街道信息公开专栏，及时公开信息<span lang="EN-US">1200</span>余条。</p>
<div>（二）依申请公开。全年收到申请<font face="Times New Roman">１３</font>件。<br />办结申请<b>13</b>件。</div>
<p>二、主动公开政府信息情况</p>
<p>（见下表）</p>
<p align="right" style="text-align:right">中山门街道办事处&nbsp;&nbsp;</p>
<p align="right" style="text-align:right">2025年1月20日</p>
<p>&nbsp;</p>
<p>附件：<a href="/files/report.docx">中山门街道2024年政府信息公开工作年度报告.docx</a></p>
"""


def test_a_report_pasted_from_word_reads_as_its_paragraphs(tmp_path: Path):
    page = tmp_path / "报告.html"
    page.write_bytes(portal(PASTED_FROM_WORD, charset="gb2312", heading=False).encode("gbk"))
    assert read_page(page).blocks == [
        "中山门街道2024年",
        "政府信息公开工作年度报告",
        "本报告依据《中华人民共和国政府信息公开条例》编制。本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。",
        "一、总体情况",
        "2024年，中山门街道在区委、区政府的领导下，推进政务公开&政务服务工作，坚持以公开为常态。",
        "（一）主动公开。依托区政府门户网站街道信息公开专栏，及时公开信息1200余条。",
        "（二）依申请公开。全年收到申请１３件。",
        "办结申请13件。",
        "二、主动公开政府信息情况",
        "（见下表）",
        "中山门街道办事处",
        "2025年1月20日",
    ]


HAND_MADE_TABLE = """
<p style="text-align:center">中山门街道2024年政府信息公开工作年度报告</p>
<p>2024年，中山门街道共收到政府信息公开申请15件，按时办结。</p>
<p>三、收到和处理政府信息公开申请情况</p>
<table border="1" cellspacing="0" cellpadding="0" width="600">
<tbody>
<tr><td rowspan="3" colspan="3"><p>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</p></td>
<td colspan="7"><p><span>申请人情况</span></p></td></tr>
<tr><td rowspan="2">自 然 人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业<br>企业</td><td>科研<br/>
机构</td><td>社会公益组织</td><td>法律服务机构</td><td> 其他 </td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>１３</td><td>2</td><td>0</td><td>&nbsp;</td><td><p></p></td><td>0</td><td> 15 </td></tr>
<tr><td rowspan="4">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
<tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>2.其他法律行政止公开</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td colspan="2">（六）其他处理</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td colspan="3">四、结转下年度继续办理</td><td>1&nbsp;</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
</tbody></table>
<p>中山门街道办事处</p>
<p>2025年1月20日</p>
"""


def test_a_hand_made_table_reads_as_its_grid(tmp_path: Path):
    page = tmp_path / "报告.html"
    page.write_text(portal(HAND_MADE_TABLE, heading=False), encoding="utf-8")
    read = read_page(page)
    assert read.paragraphs == [
        "中山门街道2024年政府信息公开工作年度报告",
        "2024年，中山门街道共收到政府信息公开申请15件，按时办结。",
        "三、收到和处理政府信息公开申请情况",
        "中山门街道办事处",
        "2025年1月20日",
    ]
    assert isinstance(read.blocks[3], ReadTable)
    (table,) = read.tables
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    result = "三、本年度办理结果"
    assert table.rows == [
        [note, note, note, *["申请人情况"] * 7],
        [note, note, note, "自 然 人", *["法人或其他组织"] * 5, "总计"],
        [
            note,
            note,
            note,
            "自 然 人",
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            "总计",
        ],
        [*["一、本年新收政府信息公开申请数量"] * 3, "１３", "2", "0", "", "", "0", "15"],
        [result, "（一）予以公开", "（一）予以公开", "5", "1", "0", "0", "0", "0", "6"],
        [result, "（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"],
        [result, "（三）不予公开", "2.其他法律行政止公开", "1", "0", "0", "0", "0", "0", "1"],
        [result, "（六）其他处理", "（六）其他处理", "0", "0", "0", "0", "0", "0", "0"],
        [*["四、结转下年度继续办理"] * 3, "1", "0", "0", "0", "0", "0", "1"],
    ]
    assert table.header_rows == 0 and table.width == 10
    assert table.cells[0] == ReadCell(0, 0, 3, 3, note, False)
    assert table.cell_at(7, 0) == ReadCell(4, 0, 4, 1, result, False)
    assert table.cell_at(7, 2) == ReadCell(7, 1, 1, 2, "（六）其他处理", False)
    assert [c for c in table.cells if c.row == 3 and c.text == ""] == [
        ReadCell(3, 6, 1, 1, "", False),
        ReadCell(3, 7, 1, 1, "", False),
    ]


def test_html_table_model_details(tmp_path: Path):
    """A <caption> is the paragraph before its table, <thead> rows are header rows, <tfoot> comes
    last, a row span stays in its row group and rowspan="0" fills it, <th> is a header cell."""
    page = tmp_path / "表.html"
    page.write_text(
        "<html><body><h1>某街道2024年政府信息公开工作年度报告</h1>"
        "<p>本年度情况如下表所示，数据截至12月31日。</p><table><caption>表1&nbsp;办理<br>情况</caption>"
        "<tfoot><tr><td>合计</td><td>3</td></tr></tfoot>"
        "<thead><tr><th>项目</th><th>数量</th></tr></thead>"
        "<tbody><tr><th scope=row rowspan=0>甲</th><td>1</td></tr><tr><td>2</td></tr></tbody>"
        "<tr><td colspan=2>说明</td></tr><tr></tr>"
        "</table><p>某街道办事处</p><p>2025年1月8日</p></body></html>",
        encoding="utf-8",
    )
    read = read_page(page)
    assert read.paragraphs[2] == "表1 办理情况" and isinstance(read.blocks[3], ReadTable)
    (table,) = read.tables
    assert table.rows == [
        ["项目", "数量"],
        ["甲", "1"],
        ["甲", "2"],
        ["说明", "说明"],
        ["", ""],
        ["合计", "3"],
    ]
    assert table.header_rows == 1
    assert [(c.row, c.col, c.rowspan, c.header) for c in table.cells[:3]] == [
        (0, 0, 1, True),
        (0, 1, 1, True),
        (1, 0, 2, True),
    ]


def test_normalise():
    assert normalise("\u00a0\u3000 商业\n企业 \u3000") == "商业企业"
    assert normalise("12月31\r\n日止") == "12月31日止"
    assert normalise("Word  \u00a0 文档") == "Word 文档"
    assert normalise("A\n  B") == "A B"
    assert normalise("数\u200b字\ufeff") == "数字"
    assert normalise("１３") == "１３"


# ── what a clerk may hand over instead ────────────────────────────────────


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("报告.html", "这只是一段文字，没有网页标记。".encode(), "不是网页文件"),
        ("报告.html", bytes(range(256)) * 40, "文字编码无法识别"),
        ("报告.html", b"PK\x03\x04" + bytes(100), "其实是 Word 文档或压缩包"),
        ("报告.htm", b"%PDF-1.7\n" + bytes(100), "其实是 PDF 文件"),
        ("报告.mht", b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\n"
         b"Content-Type: image/png\r\n\r\nxx\r\n--b--\r\n", "中没有网页内容"),
        ("报告.html", b"<html><body></body></html>", "没有找到报告的正文"),
        ("栏目.html", ("<html><body><ul>" + "<li><a href='#'>中山门街道2023年政府信息公开工作年度报告</a></li>" * 9
                       + "</ul></body></html>").encode(), "没有找到报告的正文"),
        ("报告.pdf", b"%PDF-1.7", "不认识的文件类型“.pdf”"),
    ],
    ids=["text", "binary", "docx-renamed", "pdf-renamed", "mht-without-html", "empty", "column-page", "pdf"],
)  # fmt: skip
def test_what_cannot_be_read_is_told_in_one_line(tmp_path: Path, name: str, data: bytes, message: str):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UsageError) as told:
        read_document(path)
    assert message in told.value.message and path.name in told.value.message
    assert "\n" not in told.value.message


def test_a_page_too_big_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import assembler.reading.pages as pagereader

    page = tmp_path / "报告.html"
    page.write_bytes(b"<html>" + b" " * 3 * 1024 * 1024)
    monkeypatch.setattr(pagereader, "MAX_BYTES", 2 * 1024 * 1024)
    with pytest.raises(UsageError, match=r"报告.html 有 3 MB，不像是一份报告的网页（超过 2 MB）"):
        read_page(page)
    assert MAX_BYTES == 50 * 1024 * 1024


def test_missing_files_and_folders(tmp_path: Path):
    with pytest.raises(UsageError, match="找不到报告文件"):
        read_page(tmp_path / "没有.html")
    with pytest.raises(UsageError, match="是文件夹"):
        read_document(tmp_path)
    (tmp_path / "坏.docx").write_bytes(b"not a zip")
    with pytest.raises(UsageError, match=r"坏\.docx 不是有效的 Word 文档"):
        read_document(tmp_path / "坏.docx")


def test_no_entity_or_address_is_followed(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    page = tmp_path / "报告.html"
    page.write_text(
        f'<!DOCTYPE html [<!ENTITY x SYSTEM "{secret.as_uri()}">]><html><body>'
        f'<iframe src="{secret.as_uri()}"></iframe><h1>某街道2024年工作报告</h1>'
        "<p>今年工作顺利完成，成绩显著。&x;</p><p>2025年1月8日</p></body></html>",
        encoding="utf-8",
    )
    assert read_page(page).blocks == [
        "某街道2024年工作报告",
        "今年工作顺利完成，成绩显著。&x;",
        "2025年1月8日",
    ]


# ── Word documents ────────────────────────────────────────────────────────


def test_the_word_report_reads_with_its_three_tables_in_place(xxgk_docx: Path):
    from docx import Document

    read = read_docx_document(xxgk_docx)
    assert read.paragraphs == [
        p.text.replace("\n", "").strip() for p in Document(str(xxgk_docx)).paragraphs if p.text.strip()
    ]
    kinds = ["table" if isinstance(b, ReadTable) else b for b in read.blocks]
    for heading in (
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ):
        assert kinds[kinds.index(heading) + 1] == "table"
    two, three, four = read.tables
    assert (two.header_rows, three.header_rows, four.header_rows) == (2, 3, 3)
    assert [len(t.rows) for t in (two, three, four)] == [14, 28, 4]
    assert [t.width for t in (two, three, four)] == [4, 10, 15]
    assert two.rows[9] == ["行政处罚", "54", "54", "54"]
    assert three.rows[3] == [*["一、本年新收政府信息公开申请数量"] * 3, "8", "2", "0", "1", "1", "1", "13"]
    assert [row[1] for row in three.rows[5:27]].count("（三）不予公开") == 8
    assert [row[0] for row in three.rows[5:27]] == ["三、本年度办理结果"] * 22
    assert three.rows[23][2] == "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert four.rows[0] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert four.rows[1][:5] == four.rows[2][:5] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert four.rows[3] == ["1", "0", "0", "0", "1", *["0"] * 10]
    spans = {(c.text, c.rowspan, c.colspan) for c in three.cells if c.rowspan > 1 or c.colspan > 1}
    assert ("三、本年度办理结果", 22, 1) in spans and ("申请人情况", 1, 7) in spans


def _numbered(document: Any) -> Any:
    """Word's automatic numbering 一、 on two headings, one of them in a table cell."""
    from lxml import etree

    numbering = document.part.numbering_part.element
    w = W[1:-1]
    abstract = etree.Element(f"{W}abstractNum", {f"{W}abstractNumId": "90"})
    lvl = etree.SubElement(abstract, f"{W}lvl", {f"{W}ilvl": "0"})
    etree.SubElement(lvl, f"{W}start", {f"{W}val": "1"})
    etree.SubElement(lvl, f"{W}numFmt", {f"{W}val": "chineseCounting"})
    etree.SubElement(lvl, f"{W}lvlText", {f"{W}val": "%1、"})
    first_num = numbering.find(f"{W}num")
    (first_num.addprevious(abstract) if first_num is not None else numbering.append(abstract))
    num = etree.SubElement(numbering, f"{W}num", {f"{W}numId": "90"})
    etree.SubElement(num, f"{W}abstractNumId", {f"{W}val": "90"})
    assert w

    def number(p: Any) -> None:
        num_pr = etree.SubElement(p._p.get_or_add_pPr(), f"{W}numPr")
        etree.SubElement(num_pr, f"{W}ilvl", {f"{W}val": "0"})
        etree.SubElement(num_pr, f"{W}numId", {f"{W}val": "90"})

    return number


def test_a_word_document_with_numbering_merges_and_odd_rows(tmp_path: Path):
    """Numbering labels (also in a cell), a header row span widening the header, a row that
    starts late (w:gridBefore), Word's old horizontal merge (w:hMerge), a content control."""
    from docx import Document
    from lxml import etree

    document = Document()
    number = _numbered(document)
    document.add_paragraph("某街道2024年工作报告")
    number(document.add_paragraph("总体情况"))
    table = document.add_table(rows=4, cols=3)
    for r in range(4):
        for c in range(3):
            table.cell(r, c).text = f"{r}{c}"
    table.cell(0, 0).merge(table.cell(1, 0)).text = "项目"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "数量"
    number(table.cell(3, 0).paragraphs[0])  # (python-docx's cell(r, c) knows no w:gridBefore: first)
    tbl = table._tbl
    trs = tbl.findall(f"{W}tr")
    etree.SubElement(trs[0].get_or_add_trPr(), f"{W}tblHeader")  # row 0 repeats; its span reaches row 1
    # Row 2: its first grid column left empty (w:gridBefore), two cells.
    row2 = trs[2]
    row2.remove(row2.findall(f"{W}tc")[0])
    etree.SubElement(row2.get_or_add_trPr(), f"{W}gridBefore", {f"{W}val": "1"})
    # Row 3: the last two cells merged the old way.
    last = trs[3].findall(f"{W}tc")
    for tc, kind in ((last[1], "restart"), (last[2], "continue")):
        etree.SubElement(tc.get_or_add_tcPr(), f"{W}hMerge", {f"{W}val": kind})
    sdt = etree.SubElement(document.element.body, f"{W}sdt")
    content = etree.SubElement(sdt, f"{W}sdtContent")
    content.append(document.add_paragraph("某街道办事处")._p)
    document.element.body.append(document.element.body.find(f"{W}sectPr"))
    document.save(str(tmp_path / "报告.docx"))

    read = read_docx_document(tmp_path / "报告.docx")
    assert read.paragraphs == ["某街道2024年工作报告", "一、总体情况", "某街道办事处"]
    (table_read,) = read.tables
    assert table_read.rows == [
        ["项目", "数量", "数量"],
        ["项目", "11", "12"],
        ["", "21", "22"],
        ["二、30", "31", "31"],
    ]
    assert table_read.header_rows == 2
    assert [(c.row, c.col, c.rowspan, c.colspan, c.header) for c in table_read.cells] == [
        (0, 0, 2, 1, True),
        (0, 1, 1, 2, True),
        (1, 1, 1, 1, True),
        (1, 2, 1, 1, True),
        (2, 1, 1, 1, False),
        (2, 2, 1, 1, False),
        (3, 0, 1, 1, False),
        (3, 1, 1, 2, False),
    ]
    assert isinstance(read.blocks[2], ReadTable)


def test_a_document_in_our_styles_reads_as_written(tmp_path: Path):
    document = styled_document(
        [("公文标题", "某报告"), ("Normal", "　　正文A&B<C>。\u00a0"), ("表格", "甲|乙\n1|2")]
    )
    document.save(str(tmp_path / "报告.docx"))
    read = read_document(tmp_path / "报告.docx")
    assert read.paragraphs == ["某报告", "正文A&B<C>。"]
    assert read.tables[0].rows == [["甲", "乙"], ["1", "2"]] and read.tables[0].header_rows == 0
