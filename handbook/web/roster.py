"""A roster upload: checked, read in a temporary folder that is removed at once, built row by row in the
roster pool, and packed as a zip of the PDFs plus errors.csv — all in memory, nothing left on disk.
"""

from __future__ import annotations

import asyncio
import csv
import io
import tempfile
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from handbook.web import adapter, work
from handbook.web.pool import BuildPool

SHOWN = "roster.csv"  # the name messages use; the uploaded file's own name never reaches the disk
TYPES = {"text/csv", "application/csv", "text/plain", "application/vnd.ms-excel", "application/octet-stream", ""}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same roster gives the same zip


class UploadProblem(Exception):
    """The upload is not a roster we read; `key` names the page words that say so."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass
class BadRow:
    line: int
    name: str
    reason: str


@dataclass
class Result:
    total: int
    files: dict[str, bytes] = field(default_factory=dict)
    bad: list[BadRow] = field(default_factory=list)


def check_upload(filename: str, content_type: str, data: bytes) -> None:
    if not data.strip():
        raise UploadProblem("roster_no_file")
    if (not filename.lower().endswith((".csv", ".txt")) or content_type.split(";")[0].strip() not in TYPES
            or data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0") or b"\x00" in data):
        raise UploadProblem("roster_not_csv")  # a spreadsheet file (xlsx/xls), or binary


def read_rows(data: bytes, max_rows: int) -> list[adapter.RosterRow]:
    """The batch reader, on a copy in a temporary folder that is gone before this returns."""
    with tempfile.TemporaryDirectory(prefix="handbook-roster-") as folder:
        path = Path(folder) / SHOWN
        path.write_bytes(data)
        rows = adapter.read_roster_file(path, SHOWN)
    if len(rows) > max_rows:
        raise UploadProblem("roster_too_many", rows=len(rows), max=max_rows)
    return rows


def _name(stem: str, line: int, taken: dict[str, bytes]) -> str:
    base = adapter.file_base(stem)
    name = f"{base}.pdf"
    return name if name not in taken else f"{base}-line{line}.pdf"


async def build_rows(rows: list[adapter.RosterRow], pool: BuildPool, opts: adapter.RowOptions,
                     result: Result) -> AsyncIterator[tuple[int, BadRow | None]]:
    """Fills `result` as rows finish, yielding (rows done, the bad row if this one failed) after each."""
    done = 0
    pending: dict[asyncio.Future, adapter.RosterRow] = {}
    for row in rows:
        if row.problem:
            early = BadRow(row.line, row.fields.get("name", ""), row.problem)
            result.bad.append(early)
            done += 1
            yield done, early
        else:
            pending[asyncio.ensure_future(pool.run(work.roster_row, row.fields, opts))] = row
    try:
        while pending:
            finished, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for fut in finished:
                row = pending.pop(fut)
                outcome: work.Outcome = fut.result()
                done += 1
                bad: BadRow | None = None
                if outcome.problem is not None:
                    bad = BadRow(row.line, row.fields.get("name", ""), outcome.problem)
                    result.bad.append(bad)
                else:
                    result.files[_name(outcome.stem, row.line, result.files)] = outcome.data
                yield done, bad
    finally:
        for fut in pending:
            fut.cancel()  # the visitor left: rows not yet started are dropped


def _cell(text: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; names are untrusted."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def errors_csv(bad: list[BadRow]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["line", "name", "reason"])
    for b in sorted(bad, key=lambda b: b.line):
        writer.writerow([b.line, _cell(b.name), _cell(b.reason)])
    return buf.getvalue().encode("utf-8")


def zip_bytes(result: Result) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:  # PDFs are compressed already
        for name in sorted(result.files):
            zf.writestr(zipfile.ZipInfo(name, ZIP_TIME), result.files[name])
        if result.bad:
            zf.writestr(zipfile.ZipInfo("errors.csv", ZIP_TIME), errors_csv(result.bad))
    return buf.getvalue()
