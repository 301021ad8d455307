"""Reading the office's files: templates and their catalogs, the departments' workbooks, last
year's 溯源表, and finished reports (for adoption).

- `templates`: finding a template, reading its tags and literal text;
- `catalogs` (and `catalogbook`, the clerk's 指标目录.xlsx): loading a template's catalog;
- `workbooks` (and `sheetscan`): every workbook of a year folder, read into `Submission`s — cells
  by code, ledgers as rows, 文字材料 — with every problem told, never raised;
- `audits`: last year's values from its 溯源表; `reports`, `pages`, `wordtable`: a finished report
  (Word, text, a portal's web page) as paragraphs and tables.

May import: `model`.
"""
