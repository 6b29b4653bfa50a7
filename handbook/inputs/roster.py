"""Read a clinic roster CSV as exported by spreadsheets: UTF-8 with or without BOM, comma or semicolon.

The roster as a whole must be usable (else RosterError, exit 2); a single bad row is carried as a `problem`
so the batch reports it at the end and builds the other rows.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handbook.errors import ProfileError, RosterError
from handbook.yamlsource import read_user_file, utf8_line

ROW_FIELDS = ("name", "birth_date", "due_date", "lang", "paper", "eczema")
REQUIRED = ("name", "birth_date")
MAX_BYTES = 20_000_000  # about 200,000 rows; a roster is a clinic's families, not a stream


@dataclass
class RosterRow:
    """One data row; `line` is the physical line in the file where the row starts (the header is line 1)."""

    line: int
    fields: dict[str, str]
    problem: str | None = None


def _text(path: Path) -> str:
    raw = read_user_file(path, RosterError, "roster", MAX_BYTES)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterError(f"{path}:{utf8_line(exc)}: not UTF-8 text (save the roster as 'CSV UTF-8')") from None


def _column(header: str) -> str:
    """'Birth Date', ' birth-date ' and 'BIRTH_DATE' all mean birth_date."""
    return "_".join(header.strip().lower().replace("-", " ").replace("_", " ").split())


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _columns(where: str, cells: list[str]) -> list[str]:
    """Header cells → column names; empty header cells (a spreadsheet's trailing separators) are ignored."""
    columns = [_column(c) for c in cells]
    expected = ", ".join(ROW_FIELDS)
    unknown = [cell.strip() for cell, c in zip(cells, columns, strict=True) if c and c not in ROW_FIELDS]
    if unknown:
        shown = ", ".join(f"'{c}'" for c in unknown)
        raise RosterError(f"{where}: unknown column(s) {shown}; the expected columns are: {expected}")
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise RosterError(f"{where}: the header needs the column(s) {', '.join(missing)} "
                          f"(the first line must name the columns, from: {expected})")
    twice = sorted({c for c in columns if c and columns.count(c) > 1})
    if twice:
        raise RosterError(f"{where}: column(s) {', '.join(twice)} appear twice in the header")
    return columns


def read_roster(path: Path) -> list[RosterRow]:
    """Every non-blank data row, in file order, with line numbers that match what a text editor shows."""
    text = _text(path)
    header = next((line for line in re.split(r"\r\n|\r|\n", text) if line.strip()), None)
    if header is None:
        raise RosterError(f"{path}: the roster is empty (expected a header line: {', '.join(ROW_FIELDS)})")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header))
    rows: list[RosterRow] = []
    columns: list[str] | None = None
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue  # blank or only separators
            if columns is None:
                columns = _columns(f"{path}:{line}", cells)
                continue
            problem = None
            if len(cells) > len(columns):
                problem = (f"has {len(cells)} values but the header has {len(columns)} columns "
                           "(put values containing the separator in double quotes)")
            fields = {col: (cells[i] if i < len(cells) else "") for i, col in enumerate(columns) if col}
            rows.append(RosterRow(line=line, fields=fields, problem=problem))
    except csv.Error as exc:
        raise RosterError(f"{path}:{reader.line_num}: not a readable CSV: {exc}") from None
    if not rows:
        raise RosterError(f"{path}: the roster has a header but no rows")
    return rows


def row_fields(row: dict[str, str]) -> dict[str, Any]:
    """A roster row's cells as profile fields: trimmed, blanks dropped, the two required ones present."""
    fields: dict[str, Any] = {k: v.strip() for k, v in row.items() if k in ROW_FIELDS and v and v.strip()}
    if "paper" in fields:
        fields["paper"] = fields["paper"].lower()
    if "name" not in fields:
        raise ProfileError("name: is empty")
    if "birth_date" not in fields:
        raise ProfileError("birth_date: is empty")
    return fields
