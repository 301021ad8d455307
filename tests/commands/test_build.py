"""End to end: the shipped inputs build the reference report; each figure follows its source."""

from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path

import openpyxl
import pytest
import samples
from conftest import REFERENCE, paragraphs, report_text

from assembler.commands.build import build
from assembler.model.errors import InputProblems, OutputError

TITLE = "中山门街道2024年法治政府建设年度报告"
# What the reference (a web copy) lacks or gets wrong; see tests/data and ../shared/reference.
KNOWN_DIFFERENCES = {
    "助推法治社区建设积。": "助推法治社区建设。",
    "风险防范意识。。": "风险防范意识。",
    "不断加强依法行政意识。不断加强依法行政意识。": "不断加强依法行政意识。",
    "近200余家": "近200家",
    "促进法治行政事业改革发展\n": "促进法治行政事业改革发展。\n",
}


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def test_shipped_inputs_reproduce_the_reference(shipped_report: Path):
    built = [_norm(p) for p in paragraphs(shipped_report)]
    reference = [_norm(line) for line in REFERENCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert built[0] == TITLE
    assert built[-2:] == ["中山门街道办事处", "2025年1月20日"]
    body = built[1:-2]
    ratio = difflib.SequenceMatcher(None, "\n".join(reference), "\n".join(body), autojunk=False).ratio()
    assert ratio >= 0.99
    # Beyond the known slips of the web copy, the text is identical paragraph by paragraph.
    corrected = "\n".join(reference) + "\n"
    for slip, fix in KNOWN_DIFFERENCES.items():
        assert corrected.count(slip) == 1
        corrected = corrected.replace(slip, fix)
    assert "\n".join(body) + "\n" == corrected


def test_report_uses_full_width_punctuation(shipped_report: Path):
    text = report_text(shipped_report)
    for half in ",():":
        assert half not in text


def test_report_name_comes_from_settings(shipped_report: Path):
    assert shipped_report.name == f"{TITLE}.docx"
    assert shipped_report.parent.name == "output"


def _rebuild(workdir: Path) -> str:
    return report_text(build(workdir=workdir, force=True).report)


def _set_cell(path: Path, sheet: str, key: str, value) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for row in ws.iter_rows():
        if row[0].value == key:
            row[3].value = value
    wb.save(path)


def test_a_cell_figure_changes_only_itself(workdir: Path):
    before = _rebuild(workdir)
    _set_cell(workdir / "inputs/2024/综合执法大队-综合执法工作情况表.xlsx", "填报表", "出动执法人员", 8234)
    after = _rebuild(workdir)
    assert "出动执法人员7100余人次" in before
    assert after == before.replace("出动执法人员7100余人次", "出动执法人员8200余人次")


def test_a_percent_used_twice_changes_both_places(workdir: Path):
    before = _rebuild(workdir)
    _set_cell(workdir / "inputs/2024/综合执法大队-综合执法工作情况表.xlsx", "填报表", "负责人出庭率", 0.875)
    after = _rebuild(workdir)
    assert after == before.replace("出庭应诉实现100%", "出庭应诉实现87.5%").replace(
        "负责人出庭率100%", "负责人出庭率87.5%"
    )


def test_a_summed_figure_follows_one_community(workdir: Path):
    before = _rebuild(workdir)
    path = workdir / "inputs/2024/社区法治建设情况表/社区法治建设情况表-东兴里社区.xlsx"
    _set_cell(path, "填报表", "法律明白人", 10)  # was 3: the sum goes from 45 to 52
    after = _rebuild(workdir)
    assert after == before.replace("“法律明白人”45人", "“法律明白人”52人")


def test_ledger_figures_follow_their_rows(workdir: Path):
    before = _rebuild(workdir)
    path = workdir / "inputs/2024/司法所-普法宣传与矛盾化解情况表.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["普法活动台账"]
    last = ws.max_row
    while ws.cell(row=last, column=1).value is None:
        last -= 1
    # Six more 国家宪法日 activities: 134 → 140 events, 34 → 40 on the nodes, +600 people, +6 posters.
    for i in range(6):
        for c, v in enumerate([f"2024-12-0{i + 1}", "新东社区", "宪法宣传", "国家宪法日", 100, 1], start=1):
            ws.cell(row=last + 1 + i, column=c, value=v)
    wb.save(path)
    after = _rebuild(workdir)
    assert after == (
        before.replace("共开展宣传活动30余场", "共开展宣传活动40场")
        .replace("张贴海报70余张", "张贴海报80余张")
        .replace("累计开展普法宣传活动130余场", "累计开展普法宣传活动140场")
        .replace("服务群众2300余人", "服务群众2900余人")
    )


def test_text_figures_print_as_typed(workdir: Path):
    before = _rebuild(workdir)
    path = workdir / "inputs/2024/经济发展办公室-法治化营商环境工作情况表.xlsx"
    _set_cell(path, "填报表", "大个体转法人商户", 'A&B<C> "{{ 7*7 }}" {% for %}')
    after = _rebuild(workdir)
    assert after == before.replace("叶波大润发、登瀛楼、益发顺", 'A&B<C> "{{ 7*7 }}" {% for %}')


def test_no_report_is_written_when_inputs_have_errors(workdir: Path):
    _set_cell(
        workdir / "inputs/2024/网格化管理中心-网格化管理工作情况表.xlsx", "填报表", "专属网格", "四十二"
    )
    with pytest.raises(InputProblems) as caught:
        build(workdir=workdir)
    [problem] = [p for p in caught.value.problems if p.severity.name == "ERROR"]
    assert str(problem) == (
        "错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › D7  "
        "建立专属网格数：“四十二”是汉字数字；请用阿拉伯数字填写，如 42"
    )
    assert not (workdir / "output").exists()


def test_an_existing_report_is_kept_without_force(workdir: Path):
    report = build(workdir=workdir).report
    report.write_bytes(b"clerk's edited copy")
    with pytest.raises(OutputError, match="--force"):
        build(workdir=workdir)
    assert report.read_bytes() == b"clerk's edited copy"
    result = build(workdir=workdir, force=True)
    assert result.backup is not None and result.backup.read_bytes() == b"clerk's edited copy"


def test_inputs_are_never_modified(workdir: Path):
    files = sorted((workdir / "inputs").rglob("*"))
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files if p.is_file()}
    build(workdir=workdir)
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in files if p.is_file()} == before


def test_sample_generator_matches_the_shipped_inputs(workdir: Path, shipped_report: Path):
    """inputs/2024 is what tests/samples.py writes: regenerating gives the same report."""
    assert report_text(build(workdir=workdir).report) == report_text(shipped_report)
    shipped = sorted(
        p.relative_to(shipped_report.parents[1])
        for p in shipped_report.parents[1].joinpath("inputs/2024").rglob("*.xlsx")
    )
    generated = sorted(p.relative_to(workdir) for p in (workdir / "inputs").rglob("*.xlsx"))
    assert shipped == generated
    # Every value of the sample is data (tests/data/sample-inputs.toml): nothing of it is generated.
    plan = samples.plan(workdir)
    for year in samples.YEARS:
        given = samples.DATA[str(year)]
        assert set(plan.cells) == set(given["figures"])
        assert set(plan.community_cells["东兴里社区"]) == set(given["communities"]["*"])
        assert set(plan.catalog.ledgers) == set(given["ledgers"])
        assert {p.title for c in plan.catalogs for p in c.parts} <= {r["所属部分"] for r in given["文字材料"]}


def _own_template(workdir: Path, *, figure: str | None = None, tag: str | None = None) -> None:
    """An office's own copy of the default template, with one more catalog figure (unused)
    or one more tag in the text (unknown)."""
    import shutil

    from docx import Document

    from assembler.reading.templates import find_template

    own = workdir / "templates" / "法治政府建设年度报告"
    shutil.copytree(find_template().folder, own)
    if figure:
        with (own / "catalog.toml").open("a", encoding="utf-8") as fh:
            fh.write(f'\n[[figures]]\nkey = "{figure}"\nlabel = "{figure}"\nform = "党政办"\nunit = "次"\n')
    if tag:
        doc = Document(str(own / "template.docx"))
        doc.paragraphs[-3].add_run(f"{{{{ {tag} }}}}")
        doc.save(str(own / "template.docx"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tag": "未定义标签"}, "模板标签“{{ 未定义标签 }}”在指标目录中没有定义"),
        ({"figure": "未用指标"}, "指标“未用指标”在模板中没有用到；请在模板中使用它，或从指标目录中删除"),
    ],
)
def test_build_checks_the_template_against_the_catalog(workdir: Path, change, message):
    """From the tags the render itself parsed: the same answer as `check`, nothing written."""
    from assembler.commands.build import check_inputs
    from assembler.model.errors import CatalogError

    _own_template(workdir, **change)
    with pytest.raises(CatalogError) as built:
        build(workdir=workdir)
    assert message in [p.message for p in built.value.problems]
    assert not (workdir / "output").exists()
    with pytest.raises(CatalogError) as checked:
        check_inputs(workdir=workdir)
    assert [p.message for p in checked.value.problems] == [p.message for p in built.value.problems]
