"""Every bad input in the corpus gets its exact Chinese answer and exit code from `assembler check`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from corpus import CASES, TOLERATED

from assembler.cli import main

# case id → (exit code, exact output); {root} is the working folder.
EXPECTED: dict[str, tuple[int, str]] = {
    "text-in-count": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D7  全年累计出动执法人员：“七千一百”是汉字数字；请用阿拉伯数字填写，如 7100\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "negative-count": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D8  全年累计出动车辆：不能为负数，现为 -5\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "fraction-count": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D9  开展执法检查：应为整数，现为 12.5\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "percent-over-100": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D18  行政执法监督平台案件数据录入率：百分比应在0到100之间，现为 120\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "percent-cell-holding-95": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D22  行政诉讼开庭案件负责人出庭应诉率：单元格是百分比格式，95 显示为 9500%，超出了0到100；如要填 95%，请直接输入 95%\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "percent-cell-holding-1-5": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D18  行政执法监督平台案件数据录入率：单元格是百分比格式，1.5 显示为 150%，超出了0到100；如要填 1.5%，请直接输入 1.5%\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "percent-text": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D22  行政诉讼开庭案件负责人出庭应诉率：应填写数字，现为“全部”；请只填写阿拉伯数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "percent-fraction-in-general-cell": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D18  行政执法监督平台案件数据录入率：填的是 0.9，不清楚是 90% 还是 0.9%；请填写带百分号的数，如 90%\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "percent-fraction-as-text": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D22  行政诉讼开庭案件负责人出庭应诉率：填的是 0.95，不清楚是 95% 还是 0.95%；请填写带百分号的数，如 95%\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "percent-one-in-number-cell-xls": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xls › 填报表 › D22  行政诉讼开庭案件负责人出庭应诉率：填的是 1，不清楚是 100% 还是 1%；请填写带百分号的数，如 100%\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "percent-fraction-general-ods": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.ods › 填报表 › D18  行政执法监督平台案件数据录入率：填的是 0.9，不清楚是 90% 还是 0.9%；请填写带百分号的数，如 90%\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "percent-fraction-general-calc-xlsx": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D22  行政诉讼开庭案件负责人出庭应诉率：填的是 0.5，不清楚是 50% 还是 0.5%；请填写带百分号的数，如 50%\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "blank-required": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › D7  建立专属网格数：未填写，请填入整数（没有请填 0）\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "date-in-count": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › D8  划分第四级微网格数：应填写数字，现为日期或时间；请把单元格格式改为“常规”后重新填写数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "boolean-in-count": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › D10  “津治通”“社区通”系统收集上报问题：应填写数字，现为“是”；请只填写阿拉伯数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "wrong-unit": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › D11  居民随手拍问题：应填写数字，现为“2斤”；请只填写阿拉伯数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "negative-money": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D14  罚款金额合计：金额不能为负数，现为 -5600\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "money-text": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D14  罚款金额合计：“五千六百元”是汉字数字；请用阿拉伯数字填写，如 5600\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "uncalculated-formula": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › D7  建立专属网格数：公式没有计算结果（文件可能由其他程序生成）；请用 Excel 或 WPS 打开此文件，保存后再试\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "blank-text-figure": (
        1,
        "  错误  经济发展办公室-法治化营商环境工作情况表.xlsx › 填报表 › D13  协助“大个体转法人”的商户（举例，用顿号分隔）：未填写，请补填\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "several-errors-one-file": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D7  全年累计出动执法人员：应填写数字，现为“很多”；请只填写阿拉伯数字\n"
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D8  全年累计出动车辆：不能为负数，现为 -1\n"
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D23  采纳并按期回复检察建议：未填写，请填入整数（没有请填 0）\n"
        "检查完成：3 个错误。请修正错误后再生成报告。\n",
    ),
    "missing-department": (
        1,
        "  错误  本年度文件夹中缺少信访办公室的《信访接待与矛盾调解情况表》；请把该部门填好的表格放入（空白表可用 assembler forms 生成）\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "missing-community": (
        1,
        "  错误  本年度文件夹中缺少东兴里社区的《社区法治建设情况表》；请向该社区收取后放入\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "unknown-community": (
        1,
        "  错误  社区法治建设情况表/社区法治建设情况表-东兴里社区.xlsx › 填报表 › B4  社区“不存在社区”不在单位设置的社区名单中；请从下拉列表中选择\n"
        "  错误  本年度文件夹中缺少东兴里社区的《社区法治建设情况表》；请向该社区收取后放入\n"
        "检查完成：2 个错误。请修正错误后再生成报告。\n",
    ),
    "blank-community": (
        1,
        "  错误  社区法治建设情况表/社区法治建设情况表-东兴里社区.xlsx › 填报表 › B4  未填写“填报社区”，请选择社区名称\n"
        "  错误  本年度文件夹中缺少东兴里社区的《社区法治建设情况表》；请向该社区收取后放入\n"
        "检查完成：2 个错误。请修正错误后再生成报告。\n",
    ),
    "community-twice": (
        1,
        "  错误  社区法治建设情况表/社区法治建设情况表-东兴里社区.xlsx › 填报表 › B4  “东兴里社区”交了两份《社区法治建设情况表》（另一份是 社区法治建设情况表/东兴里社区-重复.xlsx）；同一张表只能有一份，否则数字会重复计算。请只保留正确的一份，把其余的移出文件夹\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "department-twice-differing": (
        1,
        "  错误  综合执法大队-综合执法工作情况表（修改版）.xlsx › 填报表  综合执法大队的《综合执法工作情况表》交了2份：“综合执法大队-综合执法工作情况表.xlsx”、“综合执法大队-综合执法工作情况表（修改版）.xlsx”；同一张表只能有一份，否则数字会重复计算。请只保留正确的一份，把其余的移出文件夹\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "department-twice-same": (
        1,
        "  错误  综合执法大队-综合执法工作情况表（修改版）.xlsx › 填报表  综合执法大队的《综合执法工作情况表》交了2份：“综合执法大队-综合执法工作情况表.xlsx”、“综合执法大队-综合执法工作情况表（修改版）.xlsx”；同一张表只能有一份，否则数字会重复计算。请只保留正确的一份，把其余的移出文件夹\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ledger-workbook-copied": (
        1,
        "  错误  司法所-普法宣传与矛盾化解情况表 - 副本.xlsx › 填报表  司法所的《普法宣传与矛盾化解情况表》交了2份：“司法所-普法宣传与矛盾化解情况表 - 副本.xlsx”、“司法所-普法宣传与矛盾化解情况表.xlsx”（“司法所-普法宣传与矛盾化解情况表 - 副本.xlsx”看起来是复制出来的副本）；同一张表只能有一份，否则数字会重复计算。请只保留正确的一份，把其余的移出文件夹\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "workbook-copied-numbered": (
        1,
        "  错误  综合执法工作情况表(1).xlsx › 填报表  综合执法大队的《综合执法工作情况表》交了2份：“综合执法大队-综合执法工作情况表.xlsx”、“综合执法工作情况表(1).xlsx”（“综合执法工作情况表(1).xlsx”看起来是复制出来的副本）；同一张表只能有一份，否则数字会重复计算。请只保留正确的一份，把其余的移出文件夹\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "workbook-copied-in-subfolder": (
        1,
        "  错误  网格/Copy of 网格化管理工作情况表.xlsx › 填报表  网格化管理中心的《网格化管理工作情况表》交了2份：“网格/Copy of 网格化管理工作情况表.xlsx”、“网格化管理中心-网格化管理工作情况表.xlsx”（“网格/Copy of 网格化管理工作情况表.xlsx”看起来是复制出来的副本）；同一张表只能有一份，否则数字会重复计算。请只保留正确的一份，把其余的移出文件夹\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ledger-row-repeated": (
        0,
        "  警告  司法所-普法宣传与矛盾化解情况表.xlsx › 普法活动台账 › 第5行  普法活动台账：第136行与第5行完全相同；如是重复录入，请删除多余的行（确是2条不同的记录的，可不理会此提醒）\n"
        "  警告  司法所-普法宣传与矛盾化解情况表.xlsx › 普法活动台账 › 第9行  普法活动台账：第137行与第9行完全相同；如是重复录入，请删除多余的行（确是2条不同的记录的，可不理会此提醒）\n"
        "检查完成：2 个警告。\n",
    ),
    "figure-row-twice-differing": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D24  全年累计出动执法人员：同一指标填了两次且数值不同（D7 为“7126”，D24 为“8000”）；请删除重复的一行\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "figure-row-deleted": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表  居民随手拍问题：表中没有这一指标的行（指标代码“居民随手拍”）；请使用当年生成的表格，不要删除行\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "unknown-form-id": (
        1,
        "  警告  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › B3  表单编号“旧版网格表”不是本单位报告（法治政府建设年度报告、政府信息公开工作年度报告）的表格，此表已忽略；请使用 assembler forms 生成的当年表格填写\n"
        "  错误  本年度文件夹中缺少网格化管理中心的《网格化管理工作情况表》；请把该部门填好的表格放入（空白表可用 assembler forms 生成）\n"
        "检查完成：1 个错误，1 个警告。请修正错误后再生成报告。\n",
    ),
    "form-id-removed": (
        1,
        "  警告  网格化管理中心-网格化管理工作情况表.xlsx  前200行中找不到“表单编号”，不是本模板的填报表，已忽略；部门报表请使用 assembler forms 生成的表格填写\n"
        "  错误  本年度文件夹中缺少网格化管理中心的《网格化管理工作情况表》；请把该部门填好的表格放入（空白表可用 assembler forms 生成）\n"
        "检查完成：1 个错误，1 个警告。请修正错误后再生成报告。\n",
    ),
    "value-header-renamed": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › A6  找不到表头“填报值”，无法读取本表的指标；请把第6行的表头改回“填报值”\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "unknown-figure-row": (
        0,
        "  警告  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › A13  未识别的指标“旧版指标”，此行已忽略\n"
        "检查完成：1 个警告。\n",
    ),
    "excel-error-cell": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › D9  网格员累计入户走访户数：公式计算出错（#DIV/0!）；请在 Excel 中修正公式，或直接填写数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ledger-bad-date": (
        1,
        "  错误  司法所-普法宣传与矛盾化解情况表.xlsx › 普法活动台账 › A2  普法活动台账·日期：不是有效的日期：“2024-13-45”；请按 2024-03-15 的格式填写\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ledger-unknown-community": (
        1,
        "  错误  司法所-普法宣传与矛盾化解情况表.xlsx › 普法活动台账 › B3  普法活动台账·社区：“外街道社区”不在可选范围内；请从下拉列表中选择（龙潭路社区、新东社区、中山门西里社区、东兴里社区、一号桥社区、和顺里社区等）\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ledger-bad-choice": (
        1,
        "  错误  司法所-普法宣传与矛盾化解情况表.xlsx › 普法活动台账 › D4  普法活动台账·重要节点：“安全日”不在可选范围内；请从下拉列表中选择（国家安全日、民法典宣传月、禁毒日、消防宣传月、国家宪法日、无）\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ledger-missing-required": (
        1,
        "  错误  司法所-普法宣传与矛盾化解情况表.xlsx › 普法活动台账 › E5  普法活动台账·参与人数：此行缺少“参与人数”（整数），请补填\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ledger-negative": (
        1,
        "  错误  司法所-普法宣传与矛盾化解情况表.xlsx › 普法活动台账 › E6  普法活动台账·参与人数：不能为负数，现为 -20\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ledger-other-year": (
        0,
        "  警告  司法所-普法宣传与矛盾化解情况表.xlsx › 普法活动台账 › A7  普法活动台账·日期：日期 2023-12-30 不在2024年内，请核对\n"
        "检查完成：1 个警告。\n",
    ),
    "ledger-sheet-deleted": (
        1,
        "  错误  司法所-普法宣传与矛盾化解情况表.xlsx  缺少台账工作表“普法活动台账”（表头应有：日期、社区、活动主题、重要节点、参与人数、张贴海报）；请使用 assembler forms 生成的表格填写\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ledger-uncalculated": (
        1,
        "  错误  司法所-普法宣传与矛盾化解情况表.xlsx › 普法活动台账 › E8  普法活动台账·参与人数：公式没有计算结果（文件可能由其他程序生成）；请用 Excel 或 WPS 打开此文件，保存后再试\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ledger-formula-row": (
        1,
        "".join(
            f"  错误  司法所-普法宣传与矛盾化解情况表.xlsx › 普法活动台账 › {c}136  普法活动台账·{name}：公式没有计算结果（文件可能由其他程序生成）；请用 Excel 或 WPS 打开此文件，保存后再试\n"
            for c, name in zip("ABCDE", ("日期", "社区", "活动主题", "重要节点", "参与人数"), strict=True)
        )
        + "检查完成：5 个错误。请修正错误后再生成报告。\n",
    ),
    "community-name-formula": (
        1,
        "  错误  社区法治建设情况表/社区法治建设情况表-东兴里社区.xlsx › 填报表 › B4  填报社区：公式没有计算结果（文件可能由其他程序生成）；请用 Excel 或 WPS 打开此文件，保存后再试\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "empty-file": (
        1,
        "  错误  空文件.xlsx  文件是空的（0字节），请重新保存或向填报部门重新索取\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "truncated-zip": (
        1,
        "  错误  经济发展办公室-法治化营商环境工作情况表.xlsx  文件已损坏（可能没有下载或复制完整）；请向填报部门重新索取，或在 Excel 中打开后另存为 .xlsx\n"
        "  错误  本年度文件夹中缺少经济发展办公室的《法治化营商环境工作情况表》；请把该部门填好的表格放入（空白表可用 assembler forms 生成）\n"
        "检查完成：2 个错误。请修正错误后再生成报告。\n",
    ),
    "word-renamed": (
        1,
        "  错误  总结.xlsx  这是 Word 文档改了扩展名，不是 Excel 表格；请放入部门填好的 Excel 表格\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "text-renamed": (
        1,
        "  错误  说明.xlsx  不是有效的 Excel 工作簿（文件已损坏或是改了扩展名的其他文件）；请在 Excel 中打开原表，另存为“Excel 工作簿(*.xlsx)”\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "password-protected": (
        1,
        "  错误  加密表.xlsx  工作簿设置了打开密码（或实为旧版 .xls 文件）；请在 Excel 中取消密码，另存为“Excel 工作簿(*.xlsx)”后重试\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "zip-bomb": (
        1,
        "  错误  炸弹.xlsx  文件解压后异常庞大（可能是恶意文件），已拒绝读取；请向填报部门核实\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "huge-sheet": (
        1,
        "  错误  超大表格.xlsx › 数据  工作表过大（1048576行 × 3列），已跳过；请删除多余的行列（填报表和台账用不到这么多）\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "xml-bomb": (
        1,
        "  错误  实体炸弹.xlsx  文件已损坏，无法读取；请在 Excel 中打开，另存为“Excel 工作簿(*.xlsx)”后重试\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "wps-native-file": (
        0,
        "  警告  网格化管理中心-网格化管理工作情况表.et  这是 WPS 或 Numbers 的专有格式，无法读取，已跳过；"
        "请打开后“另存为” Excel 工作簿（.xlsx）\n"
        "检查完成：1 个警告。\n",
    ),
    "excel-lock-file": (
        0,
        "  警告  ~$综合执法大队-综合执法工作情况表.xlsx  这是 Excel 打开文件时留下的锁定文件，已跳过；若“综合执法大队-综合执法工作情况表.xlsx”仍在 Excel 中打开，请先保存并关闭，未保存的修改不会进入报告\n"
        "检查完成：1 个警告。\n",
    ),
    "community-form-left-blank": (
        0,
        "  警告  社区法治建设情况表/各社区-社区法治建设情况表.xlsx › 填报表 › B4  这份《社区法治建设情况表》是空白的（没有选填报社区，也没有填数字），多半是填写社区名单之前生成的空白表格；已忽略，请把它移出文件夹\n"
        "检查完成：1 个警告。\n",
    ),
    "libreoffice-lock-file": (
        0,
        "  警告  .~lock.综合执法大队-综合执法工作情况表.xlsx#  这是 LibreOffice 打开文件时留下的锁定文件，已跳过；若“综合执法大队-综合执法工作情况表.xlsx”仍在 LibreOffice 中打开，请先保存并关闭，未保存的修改不会进入报告\n"
        "检查完成：1 个警告。\n",
    ),
    "stray-files": (
        0,
        "  提示  a.tmp  临时文件，已跳过\n"
        "  提示  说明.txt  不是电子表格（.xlsx、.xls、.ods），已跳过\n"
        "检查完成：2 个提示。\n",
    ),
    "extra-sheet": (
        0,
        "  提示  网格化管理中心-网格化管理工作情况表.xlsx › 草稿  未识别的工作表，已忽略\n"
        "检查完成：1 个提示。\n",
    ),
    "unrelated-workbook": (
        0,
        "  警告  通讯录.xlsx  前200行中找不到“表单编号”，不是本模板的填报表，已忽略；部门报表请使用 assembler forms 生成的表格填写\n"
        "检查完成：1 个警告。\n",
    ),
    "settings-missing": (
        1,
        "  错误  单位设置.ini  缺少单位设置文件。请在 {root}/inputs 中放置“单位设置.ini”（可用 assembler init 生成），写明街道名称、署名等信息\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "settings-bad-line": (
        1,
        "  错误  单位设置.ini › 第6行  格式有误：每行应写成“名称 = 内容”，分组行写成“[单位]”，名称不能重复\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "settings-no-signer": (
        1,
        "  错误  单位设置.ini › 署名  缺少“署名”，请在 [单位] 下写一行 署名 = …\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "settings-bad-date": (
        1,
        "  错误  单位设置.ini › [成文日期] 2024  不是有效的日期：“2025年2月30日”；请按 2025年1月20日 的格式填写\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "not-a-year-folder": (
        2,
        "文件夹名“草稿”不是年度（应为四位年份，如 2024）；请把表格放在 inputs/2024 这样的文件夹里\n",
    ),
    "no-such-folder": (2, "找不到文件夹：{root}/inputs/2023；年度文件夹在 inputs 下：inputs/2024\n"),
    # issue 11
    "last-years-form": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D2  年度为2023，本文件夹是2024年度；请换用2024年的表格\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "last-years-form-saved-by-calc": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.ods › 填报表 › D2  年度为2023，本文件夹是2024年度；请换用2024年的表格\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "other-offices-form": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › D3  单位为“河西街道”，不是本单位（中山门街道）的表格；请换用本单位的表格\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "year-left-blank": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › D2  未填写“年度”；请填写 2024\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "community-form-of-last-year": (
        1,
        "  错误  社区法治建设情况表/社区法治建设情况表-东兴里社区.xlsx › 填报表 › D2  年度为2023，本文件夹是2024年度；请换用2024年的表格\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "form-of-another-catalog-version": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表  此表与本模板的指标不一致，可能是用旧版或新版模板生成的（缺少：全年累计出动执法人员；多出：执法人员总数）；请用 assembler forms 生成2024年的空白表格，把数字转填过去\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "rows-sorted-without-codes": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › A7、B7  A7 的指标代码“专属网格”对应“建立专属网格数”，但 B7 的指标名称是另一项“居民随手拍问题”（代码应为“居民随手拍”）；可能排序或移动了行、改了名称。请使用原表格，不要排序或改动灰色部分（排序会让数字对错指标）\n"
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › A8、B8  A8 的指标代码“微网格”对应“划分第四级微网格数”，但 B8 的指标名称是另一项“建立专属网格数”（代码应为“专属网格”）；可能排序或移动了行、改了名称。请使用原表格，不要排序或改动灰色部分（排序会让数字对错指标）\n"
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › A9、B9  A9 的指标代码“入户走访户数”对应“网格员累计入户走访户数”，但 B9 的指标名称是另一项““津治通”“社区通”系统收集上报问题”（代码应为“上报问题”）；可能排序或移动了行、改了名称。请使用原表格，不要排序或改动灰色部分（排序会让数字对错指标）\n"
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › A10、B10  A10 的指标代码“上报问题”对应““津治通”“社区通”系统收集上报问题”，但 B10 的指标名称是另一项“划分第四级微网格数”（代码应为“微网格”）；可能排序或移动了行、改了名称。请使用原表格，不要排序或改动灰色部分（排序会让数字对错指标）\n"
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › A11、B11  A11 的指标代码“居民随手拍”对应“居民随手拍问题”，但 B11 的指标名称是另一项“网格员累计入户走访户数”（代码应为“入户走访户数”）；可能排序或移动了行、改了名称。请使用原表格，不要排序或改动灰色部分（排序会让数字对错指标）\n"
        "检查完成：5 个错误。请修正错误后再生成报告。\n",
    ),
    "rows-sorted-saved-as-xls": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xls › 填报表 › A7、B7  A7 的指标代码“专属网格”对应“建立专属网格数”，但 B7 的指标名称是另一项“居民随手拍问题”（代码应为“居民随手拍”）；可能排序或移动了行、改了名称。请使用原表格，不要排序或改动灰色部分（排序会让数字对错指标）\n"
        "  错误  网格化管理中心-网格化管理工作情况表.xls › 填报表 › A8、B8  A8 的指标代码“微网格”对应“划分第四级微网格数”，但 B8 的指标名称是另一项“建立专属网格数”（代码应为“专属网格”）；可能排序或移动了行、改了名称。请使用原表格，不要排序或改动灰色部分（排序会让数字对错指标）\n"
        "  错误  网格化管理中心-网格化管理工作情况表.xls › 填报表 › A9、B9  A9 的指标代码“入户走访户数”对应“网格员累计入户走访户数”，但 B9 的指标名称是另一项““津治通”“社区通”系统收集上报问题”（代码应为“上报问题”）；可能排序或移动了行、改了名称。请使用原表格，不要排序或改动灰色部分（排序会让数字对错指标）\n"
        "  错误  网格化管理中心-网格化管理工作情况表.xls › 填报表 › A10、B10  A10 的指标代码“上报问题”对应““津治通”“社区通”系统收集上报问题”，但 B10 的指标名称是另一项“划分第四级微网格数”（代码应为“微网格”）；可能排序或移动了行、改了名称。请使用原表格，不要排序或改动灰色部分（排序会让数字对错指标）\n"
        "  错误  网格化管理中心-网格化管理工作情况表.xls › 填报表 › A11、B11  A11 的指标代码“居民随手拍”对应“居民随手拍问题”，但 B11 的指标名称是另一项“网格员累计入户走访户数”（代码应为“入户走访户数”）；可能排序或移动了行、改了名称。请使用原表格，不要排序或改动灰色部分（排序会让数字对错指标）\n"
        "检查完成：5 个错误。请修正错误后再生成报告。\n",
    ),
    "label-overwritten": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › A8、B8  A8 的指标代码“微网格”对应“划分第四级微网格数”，但 B8 的指标名称为“第四级网格数”；可能排序或移动了行、改了名称。请使用原表格，不要排序或改动灰色部分（排序会让数字对错指标）\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "number-typed-into-label": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › A9、B9  A9 的指标代码“入户走访户数”对应“网格员累计入户走访户数”，但 B9 的指标名称为“406126”；可能排序或移动了行、改了名称。请使用原表格，不要排序或改动灰色部分（排序会让数字对错指标）\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "decimal-comma": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D14  罚款金额合计：“5600,00”中的逗号含义不明：是 5600.00 还是 560000？请不用逗号，直接写成准确的数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "misplaced-thousands-separator": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D7  全年累计出动执法人员：“71,26”中的逗号含义不明：是 71.26 还是 7126？请不用逗号，直接写成准确的数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "approximate-with-unit": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D7  全年累计出动执法人员：“7100余人”不是准确数字（有“余”）；请填写准确的数字，报告中“余”“多”“近”等写法由工具按规则生成\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "approximate-before": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D8  全年累计出动车辆：“约1570”不是准确数字（有“约”）；请填写准确的数字，报告中“余”“多”“近”等写法由工具按规则生成\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "approximate-percent": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D18  行政执法监督平台案件数据录入率：“约100%”不是准确数字（有“约”）；请填写准确的数字，报告中“余”“多”“近”等写法由工具按规则生成\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "range-with-dash": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › D7  建立专属网格数：“40-45”是一个范围；请填写一个准确的数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "range-with-zhi": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › D7  建立专属网格数：“40至45”是一个范围；请填写一个准确的数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ledger-approximate": (
        1,
        "  错误  司法所-普法宣传与矛盾化解情况表.xlsx › 普法活动台账 › E2  普法活动台账·参与人数：“20多”不是准确数字（有“多”）；请填写准确的数字，报告中“余”“多”“近”等写法由工具按规则生成\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ledger-chinese-numeral": (
        1,
        "  错误  司法所-普法宣传与矛盾化解情况表.xlsx › 普法活动台账 › E3  普法活动台账·参与人数：“十五”是汉字数字；请用阿拉伯数字填写，如 15\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ledger-decimal-comma": (
        1,
        "  错误  司法所-普法宣传与矛盾化解情况表.xlsx › 普法活动台账 › F2  普法活动台账·张贴海报：“2,5”中的逗号含义不明：是 2.5 还是 25？请不用逗号，直接写成准确的数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "xls-div-by-zero": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xls › 填报表 › D7  建立专属网格数：公式计算出错（#DIV/0!）；请在 Excel 中修正公式，或直接填写数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ods-not-available": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.ods › 填报表 › D8  划分第四级微网格数：公式计算出错（#N/A）；请在 Excel 中修正公式，或直接填写数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "xlsx-ref-saved-by-calc": (
        1,
        "  错误  综合执法大队-综合执法工作情况表.xlsx › 填报表 › D9  开展执法检查：公式计算出错（#REF!）；请在 Excel 中修正公式，或直接填写数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "xls-value-error": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xls › 填报表 › D10  “津治通”“社区通”系统收集上报问题：公式计算出错（#VALUE!）；请在 Excel 中修正公式，或直接填写数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ods-ledger-optional-column-error": (
        1,
        "  错误  司法所-普法宣传与矛盾化解情况表.ods › 普法活动台账 › F5  普法活动台账·张贴海报：公式计算出错（#DIV/0!）；请在 Excel 中修正公式，或直接填写数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "xls-ledger-required-error": (
        1,
        "  错误  司法所-普法宣传与矛盾化解情况表.xls › 普法活动台账 › E6  普法活动台账·参与人数：公式计算出错（#N/A）；请在 Excel 中修正公式，或直接填写数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "formula-giving-empty-text": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › D11  居民随手拍问题：未填写，请填入整数（没有请填 0）\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ledger-number-merged": (
        1,
        "  错误  司法所-普法宣传与矛盾化解情况表.xlsx › 普法活动台账 › E2:E3  普法活动台账·参与人数：数字单元格合并了2行，不清楚是每行各为这个数，还是这几行合计；请取消合并，每行填写本行的数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ledger-merged-across-columns": (
        1,
        "  错误  司法所-普法宣传与矛盾化解情况表.xlsx › 普法活动台账 › C5:D5  合并了几列，无法分清各列的内容；请取消合并，每格填写一项\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "figure-cells-merged": (
        1,
        "  错误  网格化管理中心-网格化管理工作情况表.xlsx › 填报表 › D7  D7:D8 是合并单元格，跨了2行（建立专属网格数、划分第四级微网格数），不清楚数字属于哪一项；请取消合并，每行填写本行的数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "ledger-number-merged-saved-as-ods": (
        1,
        "  错误  司法所-普法宣传与矛盾化解情况表.ods › 普法活动台账 › E2:E3  普法活动台账·参与人数：数字单元格合并了2行，不清楚是每行各为这个数，还是这几行合计；请取消合并，每行填写本行的数字\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "settings-not-text": (
        1,
        "  错误  单位设置.ini  文件不是文本，或编码无法识别；请用记事本打开，另存时“编码”选 UTF-8，文件名为“单位设置.ini”\n"
        "检查完成：1 个错误。请修正错误后再生成报告。\n",
    ),
    "settings-named-ini-txt": (
        0,
        "  警告  单位设置.ini.txt  单位设置文件名是“单位设置.ini.txt”（Windows 可能隐藏了扩展名），已照常读取；请把它改名为“单位设置.ini”\n"
        "检查完成：1 个警告。\n",
    ),
    "department-sent-csv": (
        1,
        "  提示  综合执法.csv  不是电子表格（.xlsx、.xls、.ods），已跳过\n"
        "  错误  本年度文件夹中缺少综合执法大队的《综合执法工作情况表》；找到“综合执法.csv”，请在 Excel 中打开，另存为 .xlsx 后放入\n"
        "检查完成：1 个错误，1 个提示。请修正错误后再生成报告。\n",
    ),
    "community-sent-pdf": (
        1,
        "  提示  东兴里社区.pdf  不是电子表格（.xlsx、.xls、.ods），已跳过\n"
        "  错误  本年度文件夹中缺少东兴里社区的《社区法治建设情况表》；找到“东兴里社区.pdf”，这是 PDF（或 OFD）文件，无法读取其中的数字；请向填报部门索取 Excel 原表\n"
        "检查完成：1 个错误，1 个提示。请修正错误后再生成报告。\n",
    ),
    "department-sent-zip": (
        1,
        "  提示  信访办公室表格.zip  不是电子表格（.xlsx、.xls、.ods），已跳过\n"
        "  错误  本年度文件夹中缺少信访办公室的《信访接待与矛盾调解情况表》；找到“信访办公室表格.zip”，这是压缩包，请解压后把其中的表格放入\n"
        "检查完成：1 个错误，1 个提示。请修正错误后再生成报告。\n",
    ),
    "department-sent-photo": (
        1,
        "  提示  网格化管理中心.jpg  不是电子表格（.xlsx、.xls、.ods），已跳过\n"
        "  错误  本年度文件夹中缺少网格化管理中心的《网格化管理工作情况表》；找到“网格化管理中心.jpg”，这是图片（可能是表格的截图或照片），无法读取；请向填报部门索取 Excel 原表\n"
        "检查完成：1 个错误，1 个提示。请修正错误后再生成报告。\n",
    ),
    "header-too-far-down": (
        1,
        "  警告  网格化管理中心-网格化管理工作情况表.xlsx  前200行中找不到“表单编号”，不是本模板的填报表，已忽略；部门报表请使用 assembler forms 生成的表格填写\n"
        "  错误  本年度文件夹中缺少网格化管理中心的《网格化管理工作情况表》；请把该部门填好的表格放入（空白表可用 assembler forms 生成）\n"
        "检查完成：1 个错误，1 个警告。请修正错误后再生成报告。\n",
    ),
}


@pytest.fixture
def base(clean_base: Path) -> Path:
    return clean_base


def _check(base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mutate, args=()):
    root = tmp_path / "work"
    shutil.copytree(base, root)
    mutate(root)
    inputs_before = {p: p.read_bytes() for p in (root / "inputs").rglob("*") if p.is_file()}
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check", *args])
    # check never writes anything and never changes an input
    assert {p: p.read_bytes() for p in (root / "inputs").rglob("*") if p.is_file()} == inputs_before
    assert not (root / "output").exists()
    return root, result


def test_the_workbooks_calc_saved_were_made_from_the_forms_as_they_are():
    """tests/data/saved-by-calc/ holds real Calc saves of the sample forms: a form asking for
    other rows since (its 表格版本) means they are to be saved again."""
    import corpus

    from assembler.reading.catalogs import load_catalog
    from assembler.reading.templates import find_template
    from assembler.reading.workbooks import read_workbook

    catalog = load_catalog(find_template().catalog)
    stale = []
    for key, (_, fmt, _) in corpus._SAVED_BY_CALC.items():
        if fmt in corpus.PRINTED:
            continue
        path = corpus.CALC_SAVED / f"{key}.{fmt}"
        assert path.is_file(), f"{path}: run `python tests/corpus.py`"
        submissions, _ = read_workbook(path, path.name, catalog)
        stale += [
            path.name for s in submissions if s.version and s.version != catalog.form_version(s.form.id)
        ]
    assert stale == [], "forms changed: run `python tests/corpus.py` to save them again with LibreOffice Calc"


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 95
    assert set(EXPECTED) == {cid for cid, _, _ in CASES}


@pytest.mark.parametrize(("cid", "mutate", "args"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_gets_its_exact_answer(base, tmp_path, monkeypatch, cid, mutate, args):
    """`check`'s exact answer; where it is an error, `build` refuses the same inputs and writes
    nothing (both on one mutated folder: `check` writes nothing and changes no input)."""
    root, result = _check(base, tmp_path, monkeypatch, mutate, args)
    code, output = EXPECTED[cid]
    assert "Traceback" not in result.output
    assert "程序内部出错" not in result.output and code in (0, 1, 2)
    assert result.output == output.format(root=root)
    assert result.exit_code == code
    if code == 1:
        built = CliRunner().invoke(main, ["build", *args])
        assert built.exit_code == 1
        assert "Traceback" not in built.output
        assert not list(root.glob("output/*.docx"))


@pytest.mark.parametrize(("cid", "mutate"), TOLERATED, ids=[c[0] for c in TOLERATED])
def test_what_clerks_type_is_read(base, tmp_path, monkeypatch, clean_report, cid, mutate):
    """Every tolerated spelling or layout checks clean and is read as the number the department
    meant: the report is word for word the sample report, and the inputs are untouched."""
    from conftest import report_text

    from assembler.commands.build import build

    root, result = _check(base, tmp_path, monkeypatch, mutate)
    assert (result.exit_code, result.output) == (0, "检查完成：没有发现问题。\n")
    inputs_before = {p: p.read_bytes() for p in (root / "inputs").rglob("*") if p.is_file()}
    built = build(workdir=root)
    assert report_text(built.report) == report_text(clean_report)
    assert {p: p.read_bytes() for p in (root / "inputs").rglob("*") if p.is_file()} == inputs_before


def test_ledger_problems_are_told_row_by_row(base, tmp_path, monkeypatch):
    """Several bad cells in a ledger: listed in the order a clerk reads the sheet."""
    from corpus import JUD, LEDGER, cell, cells

    mutate = cells(
        cell(JUD, "E2", "很多", LEDGER),
        cell(JUD, "B4", "外街道社区", LEDGER),
        cell(JUD, "A3", "2024-13-45", LEDGER),
    )
    _, result = _check(base, tmp_path, monkeypatch, mutate)
    cited = [
        line.split("  ")[2].split(" › ")[-1] for line in result.output.splitlines() if "错误" in line[:6]
    ]
    assert cited == ["E2", "A3", "B4"]


def test_a_merged_community_is_told_in_the_audit(base, tmp_path):
    from corpus import JUD, LEDGER, merge
    from python_calamine import CalamineWorkbook

    from assembler.commands.build import build

    root = tmp_path / "work"
    shutil.copytree(base, root)
    merge(JUD, "B2:B4", LEDGER, value="中山门东里社区")(root)
    audit = CalamineWorkbook.from_path(str(build(workdir=root).audit))
    sources = audit.get_sheet_by_name("来源明细").to_python()
    notes = {row[-1] for row in sources[1:] if row[0] == "普法宣传活动场次"}
    assert notes == {"“社区”取自合并单元格 B2:B4"}
    figures = audit.get_sheet_by_name("指标溯源").to_python()
    [row] = [r for r in figures if r[1] == "普法宣传活动场次"]
    assert "（“社区”取自合并单元格 B2:B4）" in row[8]


def test_last_years_form_is_no_source_of_figures(base, tmp_path):
    """In a draft, the figures of a form of another year are missing, not last year's numbers."""
    from conftest import report_text
    from corpus import ENF, cell

    from assembler.commands.build import build

    root = tmp_path / "work"
    shutil.copytree(base, root)
    cell(ENF, "D2", 2023)(root)
    text = report_text(build(workdir=root, draft=True).report)
    assert "出动执法人员【缺：全年累计出动执法人员】人次" in text
    assert "7100余" not in text
