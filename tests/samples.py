"""The sample inputs: what 中山门街道's departments submitted for its 2024 reports.

`python tests/samples.py` regenerates `inputs/2023/` and `inputs/2024/` from the blank forms
plus the values below, the way a clerk fills them in. Tests use `write_inputs` to make
variants in a temporary folder.

法治政府建设年度报告: the exact counts round to what the published report says (134 activities →
130余场). 政府信息公开工作年度报告: SAMPLE DATA, invented for the demonstration (a plausible
street office year: a dozen applications of several kinds, one carried over from 2023, one
carried into 2025, one 行政复议 case); the workbooks say so on every sheet that holds it.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assembler.model.catalog import Catalog, union
from assembler.model.settings import SETTINGS_NAME, Settings, parse_settings
from assembler.reading.catalogs import load_catalog
from assembler.reading.workbooks import NARRATIVE_SHEET
from assembler.writing.forms import (
    add_narrative_sheet,
    department_forms,
    form_file_name,
    make_form_workbook,
)

TEMPLATE = ROOT / "templates" / "法治政府建设年度报告"
GENERIC = ROOT / "templates" / "法治政府建设年度报告（通用）"
XXGK = ROOT / "templates" / "政府信息公开工作年度报告"
SAMPLE_NOTE = "【样例数据】本表的数字、台账和文字为演示编写，并非中山门街道的实际情况"
REFERENCE = ROOT / "tests" / "data" / "2024-zhongshanmen-fazhi-report.txt"
SETTINGS = ROOT / "inputs" / SETTINGS_NAME

VALUES_2024: dict[str, Any] = {
    "中心组学习次数": 4,
    "党工委研究法治工作": 5,
    "社区律师合同": 15,
    "排查化解矛盾纠纷": 173,
    "法治护航走访次数": 53,
    "营商专题普法讲座": 16,
    "纳税企业数": 751,
    "走访服务企业数": 196,
    "新增注册企业": 109,
    "新增百万元以上企业": 20,
    "大个体转法人商户": "叶波大润发、登瀛楼、益发顺",
    "出动执法人员": 7126,
    "出动车辆": 1573,
    "执法检查": 1634,
    "清理流动摊贩": 4352,
    "规范商户": 9871,
    "温馨提示": 1123,
    "行政处罚": 54,
    "罚款金额": 5600,
    "简易程序处罚": 50,
    "一般程序处罚": 3,
    "行政处罚案卷": 3,
    "执法数据录入率": 1,  # a cell formatted as a percentage holds 1 for 100%
    "执法业务培训": 2,
    "区级执法业务培训": 2,
    "法律顾问专题讲座": 1,
    "负责人出庭率": 1,
    "检察建议": 2,
    "接待群众来访": 1346,
    "调解矛盾纠纷": 1052,
    "重点人群": 352,
    "稳控执勤点位": 6,
    "稳控执勤点位举例": "中山门轻轨站、东兴路人行天桥、中山门公园",
    "专属网格": 42,
    "微网格": 1050,
    "入户走访户数": 406126,
    "上报问题": 93,
    "居民随手拍": 2,
}

# The year before: every figure within ±50% of 2024, so that 2024 checks clean.
VALUES_2023: dict[str, Any] = {
    **{k: v for k, v in VALUES_2024.items() if isinstance(v, str)},
    "中心组学习次数": 4, "党工委研究法治工作": 4, "社区律师合同": 15, "排查化解矛盾纠纷": 158,
    "法治护航走访次数": 41, "营商专题普法讲座": 12, "纳税企业数": 728, "走访服务企业数": 180,
    "新增注册企业": 97, "新增百万元以上企业": 16, "出动执法人员": 6890, "出动车辆": 1502,
    "执法检查": 1580, "清理流动摊贩": 4607, "规范商户": 9120, "温馨提示": 1040, "行政处罚": 48,
    "罚款金额": 4800, "简易程序处罚": 45, "一般程序处罚": 3, "行政处罚案卷": 3,
    "执法数据录入率": 0.98, "执法业务培训": 2, "区级执法业务培训": 1, "法律顾问专题讲座": 1,
    "负责人出庭率": 1, "检察建议": 1, "接待群众来访": 1288, "调解矛盾纠纷": 1010, "重点人群": 365,
    "稳控执勤点位": 6, "专属网格": 42, "微网格": 1050, "入户走访户数": 398450, "上报问题": 87,
    "居民随手拍": 3,
}  # fmt: skip
LEDGER_TOTALS = {2024: (2346, 76), 2023: (2110, 68)}  # people, posters on the two national days

# Each community's own form; the report prints the sums (45, 15, 17, 1).
COMMUNITY_VALUES: dict[str, Any] = {
    "法律明白人": 3,
    "法治文化读书角": 1,
    "法治宣传栏": 1,
    "申报民主法治示范社区": 0,
}
COMMUNITY_EXTRA = {1: {"法治宣传栏": 2}, 4: {"法治宣传栏": 2, "申报民主法治示范社区": 1}}

# The 普法 ledger: 134 activities, 34 on 国家安全日/国家宪法日 with 76 posters, 2346 people.
NODES = {
    "国家安全日": (17, (4, 10, 4, 20), ["总体国家安全观宣传", "国家安全知识进社区"]),
    "国家宪法日": (17, (12, 1, 12, 6), ["宪法宣传进社区", "宪法知识讲座"]),
    "民法典宣传月": (20, (5, 6, 5, 31), ["民法典进万家", "民法典专题讲座"]),
    "禁毒日": (15, (6, 20, 6, 30), ["全民禁毒宣传", "禁毒知识进社区"]),
    "消防宣传月": (15, (11, 1, 11, 30), ["消防安全知识宣传"]),
    "无": (50, (1, 8, 12, 27), ["防范电信诈骗宣传", "防范非法集资宣传", "法律咨询进社区", "反家暴法宣传"]),
}


# The departments' 文字材料 for the generic template: (form, part, heading, where the text is in
# the published report). The texts are the report's own paragraphs, without 一是/（一） prefixes.
NARRATIVE: list[tuple[str, str, str, str]] = [
    ("党政办", "举措成效", "强化思想为先，提升法治思维", "坚持把深入学习宣传贯彻"),
    ("司法所", "举措成效", "强化宣教为基，提升普法实效", "一是优化普法格局"),
    ("司法所", "举措成效", "强化宣教为基，提升普法实效", "二是抓好队伍建设"),
    ("司法所", "举措成效", "强化宣教为基，提升普法实效", "三是打造法治文化阵地"),
    ("司法所", "举措成效", "推进规范为本，强化矛盾化解", "一是聚焦防治结合"),
    ("营商", "举措成效", "强化保障为要，助力经济发展", "一是加强政策宣传"),
    ("营商", "举措成效", "强化保障为要，助力经济发展", "二是提升服务水平"),
    ("营商", "举措成效", "强化保障为要，助力经济发展", "三是开展便企帮扶"),
    ("执法", "举措成效", "强化执法基础，提高服务水平", "一是严格落实行政执法"),
    ("执法", "举措成效", "强化执法基础，提高服务水平", "二是充分运用区委"),
    ("执法", "举措成效", "强化执法基础，提高服务水平", "三是为有效化解行政争议"),
    ("平安", "举措成效", "推进规范为本，强化矛盾化解", "二是强化重要节点安全保障"),
    ("网格", "举措成效", "推进规范为本，强化矛盾化解", "三是夯实单元基础做实网格"),
    ("党政办", "第一责任人", "强化思想武装", "（一）强化思想武装。"),
    ("党政办", "第一责任人", "注重统筹谋划", "（二）注重统筹谋划。"),
    ("党政办", "不足原因", "", "虽然在工作中取得一定成效"),
    ("党政办", "不足原因", "对法治政府建设推进不够深入", "（一）对法治政府建设推进不够深入。"),
    ("执法", "不足原因", "行政执法工作时度效把握不到位", "（二）行政执法工作时度效把握不到位。"),
    ("信访", "不足原因", "群众信访工作法治推进不到位", "（三）群众信访工作法治推进不到位。"),
    ("党政办", "下年安排", "", "我街道将进一步提高认识"),
    ("党政办", "下年安排", "加大法治政府建设力度", "（一）加大法治政府建设力度。"),
    ("党政办", "下年安排", "不断加强依法行政意识", "（二）不断加强依法行政意识。不断加强依法行政意识。"),
    ("党政办", "下年安排", "切实加强队伍建设", "（三）切实加强队伍建设。"),
]


def narrative_rows(catalog: Catalog, year: int) -> dict[str, list[list[str]]]:
    import re

    text = REFERENCE.read_text(encoding="utf-8")
    for half, full in ((",", "，"), ("(", "（"), (")", "）"), (":", "：")):
        text = text.replace(half, full)
    paragraphs = [p for p in text.splitlines() if p.strip()]
    titles = {p.key: p.title.format(年度=year) for p in catalog.parts}
    rows: dict[str, list[list[str]]] = {}
    for form_id, part, heading, start in NARRATIVE:
        [para] = [p for p in paragraphs if p.startswith(start)]
        body = para[len(start) :] if start.startswith("（") else re.sub(r"^[一二三]是", "", para)
        body = body.replace("积。", "。").replace("。。", "。").rstrip("。") + "。"
        rows.setdefault(form_id, []).append([titles[part], heading, body])
    return rows


def activity(node: str, communities: Sequence[str], year: int, rng: random.Random) -> list[Any]:
    """One plausible 普法活动台账 row for an occasion: a day in its window, a community, a theme,
    10–25 people, posters (always on the two national days)."""
    _, (m1, d1, m2, d2), themes = NODES[node]
    start, end = dt.date(year, m1, d1), dt.date(year, m2, d2)
    day = start + dt.timedelta(days=rng.randrange((end - start).days + 1))
    posters = rng.randint(1, 3) if node in ("国家安全日", "国家宪法日") else rng.choice([None, 0, 2])
    return [day, rng.choice(communities), rng.choice(themes), node, rng.randint(10, 25), posters]


def ledger_rows(communities: tuple[str, ...], year: int = 2024) -> list[list[Any]]:
    people_total, posters_total = LEDGER_TOTALS[year]
    rng = random.Random(year)
    rows: list[list[Any]] = []
    for node, (count, _, _) in NODES.items():
        rows.extend(activity(node, communities, year, rng) for _ in range(count))
    rows.sort(key=lambda r: r[0])
    # Nudge rows one unit at a time until the totals are exactly those of the report.
    _settle(rows, [r for r in rows], 4, people_total, rng)
    _settle(rows, [r for r in rows if r[3] in ("国家安全日", "国家宪法日")], 5, posters_total, rng)
    return rows


def _settle(rows: list[list[Any]], chosen: list[list[Any]], col: int, total: int, rng: random.Random) -> None:
    diff = total - sum(r[col] for r in chosen)
    while diff:
        row = rng.choice(chosen)
        step = 1 if diff > 0 else -1
        if row[col] + step >= 1:
            row[col] += step
            diff -= step


def fill_form(wb: Any, values: dict[str, Any]) -> None:
    """Each figure row (its code in column A) of every form sheet gets its value in column D."""
    for ws in wb.worksheets:
        if ws["A6"].value != "指标代码":
            continue
        for row in ws.iter_rows(min_row=7):
            key = row[0].value
            if key in values:
                row[3].value = values[key]


# ── 政府信息公开工作年度报告: sample data ─────────────────────────────────


def xxgk_values(year: int) -> dict[str, Any]:
    catalog = load_catalog(XXGK / "catalog.toml")
    values: dict[str, Any] = {
        key: 0 for _, _, key in catalog.tables["表二"].cells() if catalog.figures[key].form == "政务公开"
    }
    applications = APPLICATIONS[year]
    values["申请件数确认"] = sum(1 for row in applications if row[0].year == year)
    values["复议诉讼件数确认"] = len(CASES[year])
    values["信息处理费件数"] = 0
    values["信息处理费金额"] = 0
    return values


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# 收到日期, 申请人类型, 办理结果, 办结日期, 申请内容
APPLICATIONS: dict[int, list[list[Any]]] = {
    2024: [
        [_d("2023-12-18"), "自然人", "予以公开", _d("2024-01-10"), "老旧小区改造计划（上年结转）"],
        [_d("2024-01-22"), "自然人", "予以公开", _d("2024-02-05"), "社区养老服务站设置情况"],
        [_d("2024-03-04"), "自然人", "部分公开", _d("2024-03-20"), "拆违工作记录"],
        [_d("2024-03-15"), "商业企业", "予以公开", _d("2024-04-01"), "街道采购公告"],
        [_d("2024-04-08"), "自然人", "本机关不掌握相关政府信息", _d("2024-04-25"), "某小区规划许可"],
        [_d("2024-05-10"), "自然人", "信访举报投诉类申请", _d("2024-05-20"), "反映噪声扰民"],
        [_d("2024-06-03"), "法律服务机构", "予以公开", _d("2024-06-18"), "行政处罚决定书"],
        [_d("2024-07-15"), "自然人", "属于三类内部事务信息", _d("2024-08-02"), "内部考勤制度"],
        [_d("2024-08-20"), "自然人", "重复申请", _d("2024-08-28"), "社区养老服务站设置情况"],
        [_d("2024-09-09"), "商业企业", "没有现成信息需要另行制作", _d("2024-09-27"), "辖区企业统计汇总"],
        [_d("2024-10-14"), "其他", "予以公开", _d("2024-10-30"), "民生实事项目进展"],
        [_d("2024-11-05"), "自然人", "保护第三方合法权益", _d("2024-11-26"), "邻居房屋登记信息"],
        [_d("2024-11-25"), "社会公益组织", "其他", _d("2024-12-13"), "志愿服务补贴发放"],
        [_d("2024-12-20"), "自然人", "办理中", None, "雨污分流工程进度（结转下年度）"],
    ],
    2023: [
        [_d("2023-02-13"), "自然人", "予以公开", _d("2023-03-01"), "低保审批流程"],
        [_d("2023-04-17"), "自然人", "部分公开", _d("2023-05-06"), "拆违工作记录"],
        [_d("2023-05-22"), "商业企业", "予以公开", _d("2023-06-05"), "街道采购公告"],
        [_d("2023-07-03"), "自然人", "本机关不掌握相关政府信息", _d("2023-07-19"), "某路段施工许可"],
        [_d("2023-08-28"), "自然人", "予以公开", _d("2023-09-12"), "社区活动场地开放时间"],
        [_d("2023-10-09"), "其他", "信访举报投诉类申请", _d("2023-10-20"), "反映物业服务问题"],
        [_d("2023-11-13"), "自然人", "予以公开", _d("2023-11-29"), "老旧小区改造范围"],
        [_d("2023-12-18"), "自然人", "予以公开", _d("2024-01-10"), "老旧小区改造计划（结转下年度）"],
    ],
}
# 案件类别, 结果, 案件名称
CASES: dict[int, list[list[Any]]] = {
    2024: [["行政复议", "结果维持", "申请人对政府信息公开答复不服申请行政复议"]],
    2023: [],
}
# 文字材料 for the 信息公开 report: (part, heading, text), from the 党政办公室.
XXGK_TEXT: list[tuple[str, str, str]] = [
    (
        "主动公开",
        "",
        "依托区政府门户网站街道信息公开专栏，及时公开机构职能、工作动态、财政预决算、民生实事等信息，做到应公开尽公开。",
    ),
    (
        "主动公开",
        "",
        "围绕居民关心的老旧小区改造、养老服务、社会救助等事项，通过社区公告栏、微信公众号同步发布，方便群众知晓。",
    ),
    (
        "依申请公开",
        "",
        "严格按照《条例》规定的程序和时限受理、办理政府信息公开申请，做到登记、审核、答复全程留痕，依法保障申请人的知情权。",
    ),
    (
        "政府信息管理",
        "",
        "落实政府信息公开属性源头认定和保密审查制度，坚持先审查、后公开，对已公开信息定期梳理更新。",
    ),
    ("平台建设", "", "加强政务公开专区建设，在街道便民服务中心设置政府信息查阅点，提供现场查阅和咨询服务。"),
    (
        "监督保障",
        "",
        "将政务公开工作纳入街道年度重点工作，明确分管领导和专职人员，定期开展自查，主动接受群众监督。",
    ),
    ("问题改进", "", "存在的主要问题是政策解读还不够通俗，公开形式较为单一。"),
    ("问题改进", "", "下一步将加强政策解读，探索图解、短视频等形式，提升政务公开实效。"),
    ("其他事项", "", "无其他需要报告的事项。"),
]


def xxgk_narrative_rows(year: int) -> list[list[str]]:
    catalog = load_catalog(XXGK / "catalog.toml")
    titles = {p.key: p.title.format(年度=year) for p in catalog.parts}
    return [[titles[part], heading, text] for part, heading, text in XXGK_TEXT]


def _mark_sample(wb: Any) -> None:
    for name in ("政务公开工作情况表", "依申请公开台账", "行政复议行政诉讼台账"):
        if name in wb.sheetnames:
            ws = wb[name]
            ws.cell(row=1, column=ws.max_column + 2, value=SAMPLE_NOTE)


def write_inputs(
    root: Path,
    *,
    year: int = 2024,
    values: dict[str, Any] | None = None,
    community_values: dict[str, dict[str, Any]] | None = None,
    rows: list[list[Any]] | None = None,
    settings_text: str | None = None,
) -> Path:
    """Write a complete, filled-in input folder `root/inputs/<year>/` for the office's reports
    (as its settings list them); returns it."""
    inputs = root / "inputs"
    folder = inputs / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    settings_path = inputs / SETTINGS_NAME
    if settings_text is None:
        if settings_path.resolve() != SETTINGS.resolve():
            shutil.copyfile(SETTINGS, settings_path)
    else:
        settings_path.write_text(settings_text, encoding="utf-8")
    settings: Settings = parse_settings(settings_path)
    names = settings.reports or (TEMPLATE.name,)
    catalog: Catalog = union([load_catalog(ROOT / "templates" / name / "catalog.toml") for name in names])
    xxgk = XXGK.name in names
    values = {
        **(VALUES_2024 if year == 2024 else VALUES_2023),
        **(xxgk_values(year) if xxgk else {}),
        **(values or {}),
    }
    generic = load_catalog(GENERIC / "catalog.toml")
    narrative = narrative_rows(generic, year) if year == 2024 else {}
    ledgers = {
        "普法活动台账": rows if rows is not None else ledger_rows(settings.communities, year),
        "依申请公开台账": APPLICATIONS.get(year, []),
        "行政复议行政诉讼台账": CASES.get(year, []),
    }
    for form in catalog.forms.values():
        if form.many:
            for i, community in enumerate(settings.communities):
                own = {**COMMUNITY_VALUES, **COMMUNITY_EXTRA.get(i, {})}
                own.update((community_values or {}).get(community, {}))
                wb = make_form_workbook(catalog, form, settings, year, community)
                fill_form(wb, own)
                path = folder / form.title / form_file_name(form, community)
                path.parent.mkdir(exist_ok=True)
                wb.save(path)
    for forms in department_forms(catalog):
        wb = make_form_workbook(catalog, forms, settings, year)
        fill_form(wb, values)
        texts = [row for form in forms for row in narrative.get(form.id, [])]
        if xxgk and any(form.id == "政务公开" for form in forms):
            texts += xxgk_narrative_rows(year)
        if texts:  # the 文字材料 a department adds (for the generic template and the 信息公开 report)
            if NARRATIVE_SHEET not in wb.sheetnames:
                add_narrative_sheet(wb, generic, year)
            for r, row in enumerate(texts, start=2):
                for c, value in enumerate(row, start=1):
                    wb[NARRATIVE_SHEET].cell(row=r, column=c, value=value)
        for form in forms:
            for ledger in catalog.form_ledgers(form.id):
                ws = wb[ledger.id]
                for r, row in enumerate(ledgers[ledger.id], start=2):
                    for c, value in enumerate(row, start=1):
                        ws.cell(row=r, column=c, value=value)
        if xxgk:
            _mark_sample(wb)
        wb.save(folder / form_file_name(forms))
    return folder


def write_inputs_for_office(root: Path, office: str, *, year: int = 2024) -> Path:
    """`write_inputs` for an office of another name: its settings and its forms say so."""
    text = SETTINGS.read_text(encoding="utf-8").replace("街道 = 中山门街道", f"街道 = {office}")
    return write_inputs(root, year=year, settings_text=text)


if __name__ == "__main__":
    for year in (2023, 2024):
        target = ROOT / "inputs" / str(year)
        if target.exists():
            shutil.rmtree(target)
        write_inputs(ROOT, year=year)
        print(f"已生成 {target}")
