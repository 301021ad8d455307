"""Writing documents: the report (.docx, rendered from its template in GB/T 9704 layout), its
溯源表, the web page and PDF, the blank forms, the clerk's 指标目录.xlsx — every build's files put
in place all together or not at all (`outputs`).

- `render`, `layout`, `package`, `templatebuild`, `tablelayout`: the Word document;
- `audit`: the 溯源表; `webpage`: the report as a web page; `pdf`: through LibreOffice;
- `forms`: blank (or adopted, filled) department forms; `catalogbook`: the 指标目录.xlsx;
- `outputs`: a set of files written together, or none.

May import: `model`, `reading`, `compute`.
"""
