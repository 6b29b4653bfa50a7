"""Run a roster: build each row (in worker processes when jobs > 1), name and write the PDFs, report failures.

Workers only build bytes; the parent alone names files and writes them, so names are assigned in roster order
(the same roster always gives the same file names) and every path is checked to stay inside the output folder.

No run loses a file: a name already used in the folder by another baby (an earlier roster, recorded in the
folder's index), by a file the tool did not write, by a symbolic link or by one of the run's inputs gets the
next free name (`-2`, `-3`, ...); only the same baby's own earlier handbook is replaced. Each roster has its
own errors file, so a second roster never deletes the first one's.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import json
import os
import re
import signal
import stat
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from handbook.batch.roster import RosterRow
from handbook.batch.slug import slugify
from handbook.errors import HandbookError
from handbook.gcpause import paused_gc
from handbook.postprocess.atomic import identities, write_atomic

ERRORS_CSV = "errors.csv"
INDEX = ".handbook-index.json"  # file name → the baby it was built for (exact name and birth date)
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


def _warm(options: Any) -> None:
    """Load content, fonts and templates once per process, not once per row.

    Then freeze what is loaded: the garbage collector no longer walks it at every full collection, and a
    worker forked from the parent no longer copies the parent's pages just to scan them.
    """
    from handbook.batch.build_row import RowOptions, warm_up

    if isinstance(options, RowOptions):
        warm_up(options)
    gc.freeze()


def _start_worker(options: Any) -> None:
    """Worker initializer. A worker only builds bytes (the parent writes every file), so it can end at any
    instruction: SIGTERM gets its default action back (it was forked with the parent's handler, which unwinds
    Python code and could leave a worker stuck on its way out), then the signal is unblocked; one that came
    while the pool was forking is acted on here."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # as in _sigterm_held: where there is none, nothing was held
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    _die_with_parent()
    _warm(options)


def _die_with_parent() -> None:
    """Linux: the kernel sends SIGTERM to this worker when the batch parent dies, even by SIGKILL."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before prctl: go now
            os._exit(1)


@contextlib.contextmanager
def _sigterm_held() -> Iterator[None]:
    """Hold SIGTERM while the pool forks its workers: each starts with it blocked until _start_worker has put
    the default action back. The parent gets a signal that came meanwhile as soon as this block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now (the batch was interrupted): cancel what is queued and end the processes."""
    processes = list(getattr(pool, "_processes", {}).values())  # no public handle on the worker processes
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        with contextlib.suppress(Exception):
            proc.terminate()
    for proc in processes:
        with contextlib.suppress(Exception):
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=5)


def _outcomes(rows: list[RosterRow], build_one: BuildOne, options: Any, jobs: int) -> Iterator[Outcome]:
    """Outcomes in roster order; rows the reader already rejected are not sent to a worker."""
    todo = [r for r in rows if r.problem is None]
    built: Iterator[Outcome] = (attempt(build_one, r.fields, options) for r in todo)
    pool: ProcessPoolExecutor | None = None
    broken: str | None = None
    try:
        if jobs > 1 and len(todo) > 1:
            workers = min(jobs, len(todo))
            _warm(options)  # once here: forked workers start warm instead of each importing and loading
            # Small chunks: a row takes a tenth of a second, far more than sending it, and small chunks let
            # the workers finish together instead of one waiting on another's last long chunk.
            chunk = max(1, min(4, len(todo) // (workers * 8)))
            with _sigterm_held():  # inside the try: a SIGTERM held here still stops the workers below
                pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(options,))
                built = pool.map(_attempt_packed, [(build_one, r.fields, options) for r in todo], chunksize=chunk)
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
    except BaseException:  # SIGTERM (see cli), Ctrl-C, or the generator closed early: the workers go too
        if pool is not None:
            _stop(pool)
            pool = None
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def file_base(stem: str) -> str:
    """'Robin Ash-2026-07-20' → 'handbook-robin-ash-2026-07-20': the name is slugged, the ISO date kept whole."""
    match = re.fullmatch(r"(.*)-(\d{4}-\d{2}-\d{2})", stem, flags=re.DOTALL)
    slug = f"{slugify(match[1])}-{match[2]}" if match else slugify(stem)
    return f"{PREFIX}-{slug}"


def _same_file(path: Path, protected: frozenset[tuple[int, int]]) -> bool:
    try:
        info = path.stat()
    except OSError:
        return False
    return (info.st_dev, info.st_ino) in protected


def _free(out_root: Path, name: str, owner: str, index: dict[str, str],
          protected: frozenset[tuple[int, int]]) -> bool:
    """May `name` be written for `owner`? Absent, or a regular file this tool wrote earlier for the same baby."""
    path = out_root / name
    try:
        info = path.lstat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or _same_file(path, protected):
        return False  # a link, a folder, a device, or an input: never written through or replaced
    return index.get(name) == owner


def _target(out_root: Path, base: str, owner: str, taken: set[str], index: dict[str, str],
            protected: frozenset[tuple[int, int]]) -> Path:
    """The first of base.pdf, base-2.pdf, ... that this run has not used and that may be written for owner."""
    n, name = 1, base
    while name.lower() in {t.lower() for t in taken} or not _free(out_root, f"{name}.pdf", owner, index,
                                                                    protected):
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    path = out_root / f"{name}.pdf"
    if path.parent != out_root:  # pragma: no cover - a slug cannot contain separators
        raise HandbookError(f"refusing to write {path}: it is outside {out_root}")
    return path


def _read_index(out_root: Path) -> dict[str, str]:
    """The folder's record of which baby each handbook is for; unreadable → empty (every file is foreign)."""
    try:
        with open(out_root / INDEX, "rb") as fh:
            data = json.loads(fh.read(10_000_000))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items()}


def _write_index(out_root: Path, index: dict[str, str]) -> None:
    present = {k: v for k, v in sorted(index.items()) if (out_root / k).is_file()}
    with contextlib.suppress(OSError):
        write_atomic(out_root / INDEX, json.dumps(present, ensure_ascii=False, indent=0).encode("utf-8"))


def _cell(text: str) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; roster names are untrusted, so defuse them."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_errors(out_root: Path, failed: list[Failure], name: str = ERRORS_CSV,
                 protected: frozenset[tuple[int, int]] = frozenset()) -> None:
    """The roster's errors file lists the failed rows; its old one is removed when a run has none, so it never
    misleads. It is never written onto an input, a link or anything but a regular file."""
    path = out_root / name
    with contextlib.suppress(FileNotFoundError):
        if _same_file(path, protected):
            raise HandbookError(f"refusing to write {path}: it is one of this run's inputs")
        if not stat.S_ISREG(path.lstat().st_mode):
            raise HandbookError(f"refusing to write {path}: it is a link, a folder or a special file")
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
    errors_name: str = ERRORS_CSV,
    inputs: tuple[Path, ...] = (),
) -> BatchResult:
    """Build every row; failures are collected (never raised) and written to out_dir/<errors_name>."""
    out_root = Path(out_dir).resolve()
    result = BatchResult()
    taken: set[str] = set()
    protected = identities(list(inputs))
    index = _read_index(out_root)
    for done, (row, (stem, pdf, reason)) in enumerate(zip(rows, _outcomes(rows, build_one, options, jobs),
                                                          strict=True), start=1):
        name = (row.fields.get("name") or "").strip()
        if reason is None and stem is not None and pdf is not None:
            base = file_base(stem)
            try:
                path = _target(out_root, base, stem, taken, index, protected)
                write_atomic(path, pdf)
                index[path.name] = stem
                result.built.append(path)
            except OSError as exc:
                reason = f"cannot write {base}.pdf: {exc.strerror or exc}"
            except Exception as exc:
                reason = describe(exc)
        if reason is not None:
            result.failed.append(Failure(row.line, name, reason))
        if progress is not None:
            progress(done, name)
    if result.built:
        _write_index(out_root, index)
    write_errors(out_root, result.failed, errors_name, protected)
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
