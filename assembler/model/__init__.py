"""The model: what the rest of the tool speaks of, and nothing that reads or writes files of
the office's (only the settings file and rules of how a cell is read and a number is written).

- `errors`: `Problem` (file › sheet › cell, in Chinese) and the exception root `AssemblerError`;
- `cells`: how one spreadsheet cell is read as the number, date or text a clerk meant;
- `phrasing`: how a number is written in a report (130余, 近200, 99.5%), only where it is true;
- `catalog`: a template's catalog — forms, ledgers, figures, tables, checks, local words — parsed
  from its data (`parse_catalog`), and an office's reports together (`union`);
- `rules`: the catalog's `[[checks]]` relations, read and resolved against a catalog;
- `settings`: the office's `单位设置.ini`; `places`: what a place name is (city, district, office);
- `sources`: where a value was read (`Source`), its provenance; `marks`: what a printed value is.

May import: nothing of `assembler` outside this package (the lowest layer).
"""
