"""Metadata people read about a built table: a few sample rows and its columns.

Both read what the run built (see orchestration/warehouse_reader.py); the row preview is a
Markdown table, the columns a Dagster table schema (shown on the asset's overview).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dagster import MetadataValue, TableColumn, TableSchema

from orchestration.warehouse_reader import read_built

PREVIEW_ROWS = 5
MAX_CELL = 60  # characters of a cell shown in the preview


def markdown_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    def cell(value: Any) -> str:
        text = "" if value is None else str(value)
        text = text.replace("|", "/").replace("\n", " ")
        return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def table_metadata(target: Path, run_id: str, table: str) -> dict[str, Any]:
    """`preview` (the first rows) and `dagster/column_schema` of a table the run built."""
    with read_built(target, run_id) as con:
        described = con.execute(f'describe "{table}"').fetchall()
        relation = con.execute(f'select * from "{table}" limit {PREVIEW_ROWS}')
        columns = [column[0] for column in relation.description]
        rows = relation.fetchall()
    return {
        "preview": MetadataValue.md(markdown_table(columns, rows)),
        "dagster/column_schema": TableSchema(
            columns=[TableColumn(name=name, type=str(kind)) for name, kind, *_ in described]
        ),
    }
