"""Adopting an office's own published report: last year's report becomes the office's template,
its catalog (指标目录.xlsx) and filled-in forms, so that the next build writes it again.

- `adopt`: the report's parts, names and numbers into template, catalog, forms and settings;
- `numbers`: every Arabic number of the text — a figure, a year, or kept as written;
- `xxgktables`, `xxgkinputs`: a 政府信息公开工作年度报告's three tables read by their labels, and
  last year's form and ledgers rebuilt from them.

May import: `model`, `reading`, `compute`, `writing`.
"""
