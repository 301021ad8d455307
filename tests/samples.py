"""The sample inputs: what 中山门街道's departments submitted for the 2024 report.

`python tests/samples.py` regenerates `inputs/2024/` from the blank forms plus the values
below, the way a clerk fills them in. Tests use `write_inputs` to make variants in a
temporary folder. The exact counts round to what the published report says
(134 activities → 130余场).
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

from assembler.catalog import Catalog, load_catalog  # noqa: E402
from assembler.forms import FORM_SHEET, add_narrative_sheet, form_file_name, make_form_workbook  # noqa: E402
from assembler.settings import SETTINGS_NAME, Settings, parse_settings  # noqa: E402
from assembler.sources import NARRATIVE_SHEET  # noqa: E402

TEMPLATE = ROOT / "templates" / "法治政府建设年度报告"
GENERIC = ROOT / "templates" / "法治政府建设年度报告（通用）"
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
    ws = wb[FORM_SHEET]
    for row in ws.iter_rows(min_row=1):
        key = row[0].value
        if key in values:
            row[3].value = values[key]


def write_inputs(
    root: Path,
    *,
    year: int = 2024,
    values: dict[str, Any] | None = None,
    community_values: dict[str, dict[str, Any]] | None = None,
    rows: list[list[Any]] | None = None,
    settings_text: str | None = None,
) -> Path:
    """Write a complete, filled-in input folder `root/inputs/<year>/`; returns it."""
    catalog: Catalog = load_catalog(TEMPLATE / "catalog.toml")
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
    values = {**(VALUES_2024 if year == 2024 else VALUES_2023), **(values or {})}
    generic = load_catalog(GENERIC / "catalog.toml")
    narrative = narrative_rows(generic, year)
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
            continue
        wb = make_form_workbook(catalog, form, settings, year)
        fill_form(wb, values)
        if year == 2024:  # the 文字材料 a department adds for the generic template
            add_narrative_sheet(wb, generic, year)
            for r, row in enumerate(narrative.get(form.id, []), start=2):
                for c, value in enumerate(row, start=1):
                    wb[NARRATIVE_SHEET].cell(row=r, column=c, value=value)
        for ledger in catalog.form_ledgers(form.id):
            ws = wb[ledger.id]
            for r, row in enumerate(
                rows if rows is not None else ledger_rows(settings.communities, year), start=2
            ):
                for c, value in enumerate(row, start=1):
                    ws.cell(row=r, column=c, value=value)
        wb.save(folder / form_file_name(form))
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
