"""Run a roster: build each row (in worker processes when jobs > 1), name and write the PDFs, report failures.

Workers only build bytes; the parent alone names files and writes them, so names are assigned in roster order
(the same roster always gives the same file names) and every path is checked to stay inside the output folder.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from handbook.batch.roster import RosterRow
from handbook.batch.slug import slugify, unique_name
from handbook.errors import HandbookError
from handbook.gcpause import paused_gc
from handbook.postprocess.atomic import write_atomic

ERRORS_CSV = "errors.csv"
PREFIX = "handbook"

BuildOne = Callable[[dict[str, str], Any], tuple[str, bytes]]
Progress = Callable[[int, str], None]
# (stem, pdf, None) when the row was built, (None, None, reason) when it was not.
Outcome = tuple[str | None, bytes | None, str | None]


@dataclass(frozen=True)
class Failure:
    line: int
    name: str
    reason: str


@dataclass
class BatchResult:
    built: list[Path] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)


def describe(exc: BaseException) -> str:
    """A user's mistake keeps its own message; anything else is labelled as unexpected, with its type."""
    if isinstance(exc, HandbookError):
        return exc.format_message()
    return f"unexpected error: {type(exc).__name__}: {exc}"


def attempt(build_one: BuildOne, fields: dict[str, str], options: Any) -> Outcome:
    """Build one row and never raise, so one bad row cannot stop a worker or the batch.

    The collector is paused for the row (see handbook.gcpause): the batch is the entry point here.
    """
    try:
        with paused_gc():
            stem, pdf = build_one(fields, options)
        return str(stem), bytes(pdf), None
    except Exception as exc:
        return None, None, describe(exc)


def _attempt_packed(job: tuple[BuildOne, dict[str, str], Any]) -> Outcome:
    return attempt(*job)


def _warm_worker(options: Any) -> None:
    """Worker initializer: load content, fonts and templates once per process, not once per row.

    Then freeze what is loaded: the garbage collector no longer walks it at every full collection, and a
    worker forked from the parent no longer copies the parent's pages just to scan them.
    """
    from handbook.batch.build_row import RowOptions, warm_up

    if isinstance(options, RowOptions):
        warm_up(options)
    gc.freeze()


def _outcomes(rows: list[RosterRow], build_one: BuildOne, options: Any, jobs: int) -> Iterator[Outcome]:
    """Outcomes in roster order; rows the reader already rejected are not sent to a worker."""
    todo = [r for r in rows if r.problem is None]
    if jobs <= 1 or len(todo) <= 1:
        built: Iterator[Outcome] = (attempt(build_one, r.fields, options) for r in todo)
        pool = None
    else:
        workers = min(jobs, len(todo))
        _warm_worker(options)  # once here: forked workers start warm instead of each importing and loading
        # Small chunks: a row takes a tenth of a second, far more than sending it, and small chunks let the
        # workers finish together instead of one waiting on another's last long chunk.
        chunk = max(1, min(4, len(todo) // (workers * 8)))
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_warm_worker, initargs=(options,))
        built = pool.map(_attempt_packed, [(build_one, r.fields, options) for r in todo], chunksize=chunk)
    broken: str | None = None
    try:
        for row in rows:
            if row.problem is not None:
                yield None, None, row.problem
            elif broken is not None:
                yield None, None, broken
            else:
                try:
                    yield next(built)
                except Exception as exc:  # a worker died (BrokenProcessPool): it and the rows after it fail
                    broken = describe(exc)
                    yield None, None, broken
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def file_base(stem: str) -> str:
    """'Robin Ash-2026-07-20' → 'handbook-robin-ash-2026-07-20': the name is slugged, the ISO date kept whole."""
    match = re.fullmatch(r"(.*)-(\d{4}-\d{2}-\d{2})", stem, flags=re.DOTALL)
    slug = f"{slugify(match[1])}-{match[2]}" if match else slugify(stem)
    return f"{PREFIX}-{slug}"


def _target(out_root: Path, base: str) -> Path:
    path = (out_root / f"{base}.pdf").resolve()
    if path.parent != out_root:  # a slug cannot contain separators, but a symlink in out_dir could point away
        raise HandbookError(f"refusing to write {path}: it is outside {out_root}")
    return path


def _cell(text: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; roster names are untrusted, so defuse them."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_errors(out_root: Path, failed: list[Failure]) -> None:
    """errors.csv lists the failed rows; an old one is removed when a run has none, so it never misleads."""
    path = out_root / ERRORS_CSV
    if not failed:
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
            path.unlink()
        return
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["line", "name", "reason"])
    for f in failed:
        writer.writerow([f.line, _cell(f.name), _cell(f.reason)])
    try:
        write_atomic(path, buf.getvalue().encode("utf-8"))
    except OSError as exc:
        raise HandbookError(f"cannot write {path}: {exc.strerror or exc}") from None


def run_batch(
    rows: list[RosterRow],
    *,
    build_one: BuildOne,
    options: Any,
    out_dir: Path,
    jobs: int,
    progress: Progress | None = None,
) -> BatchResult:
    """Build every row; failures are collected (never raised) and written to out_dir/errors.csv."""
    out_root = Path(out_dir).resolve()
    result = BatchResult()
    taken: set[str] = set()
    for done, (row, (stem, pdf, reason)) in enumerate(zip(rows, _outcomes(rows, build_one, options, jobs),
                                                          strict=True), start=1):
        name = (row.fields.get("name") or "").strip()
        if reason is None and stem is not None and pdf is not None:
            base = unique_name(file_base(stem), taken)
            taken.add(base)
            try:
                path = _target(out_root, base)
                write_atomic(path, pdf)
                result.built.append(path)
            except OSError as exc:
                reason = f"cannot write {base}.pdf: {exc.strerror or exc}"
            except Exception as exc:
                reason = describe(exc)
        if reason is not None:
            result.failed.append(Failure(row.line, name, reason))
        if progress is not None:
            progress(done, name)
    write_errors(out_root, result.failed)
    return result


def _printable(text: str, limit: int = 30) -> str:
    """Roster names go to the terminal: drop control characters so a name cannot move the cursor or recolour."""
    clean = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def progress_printer(total: int, stream: TextIO) -> Progress:
    """On a terminal, one bar redrawn in place; in a log, a plain line about every 10 %."""
    tty = bool(getattr(stream, "isatty", None)) and stream.isatty()
    step = max(1, -(-total // 10))
    width = 20
    last_len = 0

    def show(done: int, name: str) -> None:
        nonlocal last_len
        if tty:
            filled = width * done // total if total else width
            text = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {_printable(name)}"
            stream.write("\r" + text + " " * max(0, last_len - len(text)))
            last_len = len(text)
            if done >= total:
                stream.write("\n")
        elif done % step == 0 or done >= total:
            stream.write(f"built {done}/{total}\n")
        stream.flush()

    return show
