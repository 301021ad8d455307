"""A statistical table as a template reads it: `{{ 表三["（一）予以公开"]["自然人"] }}` is the figure
in that cell (`TableView`), or the draft's 【缺】 marker."""

from __future__ import annotations

from typing import Any

from assembler.model.catalog import TableSpec


class TableView:
    """`表三["（一）予以公开"]["自然人"]` in a template: the cell's figure (or its stand-in)."""

    def __init__(self, spec: TableSpec, cells: dict[str, Any]) -> None:
        self.spec = spec
        self.cells = cells

    def __getitem__(self, row: str) -> RowView:
        found = self.spec.row(row)
        if found is None:
            raise KeyError(f"表格“{self.spec.id}”没有“{row}”这一行")
        return RowView(self, found.key)


class RowView:
    def __init__(self, table: TableView, row: str) -> None:
        self.table, self.row = table, row

    def __getitem__(self, column: str) -> Any:
        key = self.table.spec.key(self.row, column)
        if key not in self.table.cells:
            raise KeyError(f"表格“{self.table.spec.id}”的“{self.row}”一行没有“{column}”这一列")
        return self.table.cells[key]
