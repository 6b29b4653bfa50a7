"""Content verdicts remembered on disk between processes, so a one-off `handbook build` need not re-run `check`.

Every build first runs the content checks `check` runs (pipeline.assert_content_sound) and the safety rules
(pipeline.assert_content_safe): a third of a cold build. Their verdict depends only on the bytes of the content
and templates folders, on this package's code and on the libraries that judge (pyphen's dictionaries, ReportLab's
markup parser, pydantic), so a *pass* is written to a cache folder under a name that is the sha256 of all of
them. A later process with the same bytes finds it and skips the work; a changed file, a new version or an edited
source file gives another name, so it is checked again. Failures are never written: refusals are always worked
out afresh, with `check`'s own lines.

The folder is given by the entry point (the CLI passes XDG_CACHE_HOME/handbook); nothing here reads the
environment. A verdict file holds exactly one known line; anything else in it (truncated, corrupt, foreign) counts
as no verdict. Writing is best effort and atomic: a read-only or full cache folder only costs the time saved.
Verdicts change no output byte: they only decide whether a check runs, and a check that runs passes or refuses.

The same fingerprint names a Shelf: bytes later stages derive from exactly these inputs and keep for the next
process (the render stage's parsed fonts and recorded figures), each file checked against its own sha256.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = "handbook-verdict-1"
PACKAGE = Path(__file__).resolve().parent
# The libraries whose behaviour the checks depend on (a new version may judge the same text differently).
KEEP = 8  # content fingerprints kept in the folder (an editor may build from a few copies)
JUDGES = ("handbook", "pydantic", "pydantic-core", "reportlab", "pyphen", "jinja2", "babel", "pyyaml")


def _tree(root: Path, digest: hashlib._Hash, suffixes: tuple[str, ...] | None = None) -> None:
    """Every file under root, by relative name and bytes, in a fixed order."""
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        if suffixes is not None and path.suffix not in suffixes:
            continue
        digest.update(path.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")


def _stamp(root: Path) -> tuple:
    return tuple((str(p), st.st_size, st.st_mtime_ns) for p in sorted(root.rglob("*")) if (st := p.stat()))


# A file's metadata as the kernel keeps it: the change time (ctime) moves on every write and cannot be set back
# by any tool; files changed less than SETTLE seconds before a fingerprint is remembered are hashed every time
# (a file system that keeps coarse times could otherwise see an edit in that second as no change).
SETTLE = 3.0
STAMPS = "stamps"  # the folder's file of remembered fingerprints, newest last
KEEP_STAMPS = 16


def _file_stamp(roots: tuple[Path, ...]) -> tuple[str, float]:
    """The sha256 of every file's name, size, modification and change times and inode under `roots` (with the
    Python version and the judges' versions), and the newest change time among them."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version} {_versions()}\0".encode("utf-8", "surrogateescape"))
    newest = 0.0
    for root in roots:
        digest.update(f"[{root}]\0".encode("utf-8", "surrogateescape"))
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                st = os.stat(os.path.join(folder, name))
                newest = max(newest, st.st_ctime, st.st_mtime)
                digest.update(f"{folder}/{name} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino} "
                              f"{st.st_dev}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest(), newest


def _stamp_line(stamp: str, found: str) -> str:
    """A remembered fingerprint, with a checksum so a damaged line is never read as another fingerprint."""
    return f"{FORMAT} {stamp} {found} {hashlib.sha256(f'{stamp} {found}'.encode()).hexdigest()[:16]}"


def _versions() -> str:
    """The installed versions of the judges, from their metadata folders' names (`reportlab-4.2.5.dist-info`):
    one directory listing per path entry, much cheaper than importlib.metadata's lookups."""
    wanted = {name.replace("-", "_") for name in JUDGES}
    found = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")) and name.split("-")[0].lower() in wanted:
                found.append(f"{entry}/{name}")
    return " ".join(sorted(found))


def fingerprint(content_root: Path, templates_root: Path) -> str:
    """The sha256 that names a verdict: content and templates bytes, this package's code and fonts, the judges'
    versions and the Python version."""
    digest = hashlib.sha256(FORMAT.encode())
    digest.update(f"{sys.version} {_versions()} {content_root} {templates_root}\0".encode("utf-8", "surrogateescape"))
    for label, root, suffixes in (("code", PACKAGE, None), ("content", content_root, None),
                                  ("templates", templates_root, None)):
        digest.update(f"[{label}]\0".encode())
        _tree(root, digest, suffixes)
    return digest.hexdigest()


@dataclass
class VerdictStore:
    """Passed verdicts in one folder, one small file per (fingerprint, verdict)."""

    folder: Path
    _known: dict[tuple, str] = field(default_factory=dict, repr=False)

    def key(self, content_root: Path, templates_root: Path) -> str:
        """The fingerprint of these folders, hashed again whenever a file's name, size or time changed."""
        where = (content_root.resolve(), templates_root.resolve())
        stamp = (where, _stamp(where[0]), _stamp(where[1]))
        if stamp not in self._known:
            self._known[stamp] = self._fingerprint(where)
        return self._known[stamp]

    def _fingerprint(self, where: tuple[Path, Path]) -> str:
        """fingerprint(*where), remembered in the folder by the files' metadata (_file_stamp): a fresh process
        whose code, content and templates no one touched since need not read and hash them all again."""
        stamp, newest = _file_stamp((PACKAGE, *where))
        lines = self._stamps()
        for line in lines:
            parts = line.split(" ")
            if len(parts) == 4 and parts[:2] == [FORMAT, stamp] and line == _stamp_line(stamp, parts[2]):
                return parts[2]
        found = fingerprint(*where)
        if time.time() - newest > SETTLE:
            kept = [*lines, _stamp_line(stamp, found)][-KEEP_STAMPS:]
            self._write(self.folder / STAMPS, "".join(f"{line}\n" for line in kept).encode())
        return found

    def _stamps(self) -> list[str]:
        try:
            with open(self.folder / STAMPS, "rb") as fh:
                return fh.read(1 << 16).decode("ascii").splitlines()
        except (OSError, ValueError):
            return []

    def _file(self, key: str, verdict: str) -> Path:
        return self.folder / f"{key}-{hashlib.sha256(verdict.encode()).hexdigest()[:16]}.ok"

    @staticmethod
    def _line(key: str, verdict: str) -> bytes:
        return f"{FORMAT} {key} {verdict} passed\n".encode()

    def passed(self, key: str, verdict: str) -> bool:
        """Whether this verdict was written for exactly this key (a damaged file counts as no verdict)."""
        try:
            with open(self._file(key, verdict), "rb") as fh:
                return fh.read(512) == self._line(key, verdict)
        except (OSError, ValueError):
            return False

    def record(self, key: str, verdict: str) -> None:
        """Remember a pass; never fails a build (an unwritable folder just means checking again next time)."""
        self._write(self._file(key, verdict), self._line(key, verdict))

    def _write(self, path: Path, data: bytes) -> None:
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".verdict-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, path)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise

    # The validated content itself, so a fresh process neither parses the YAML nor builds pydantic's validators.
    # Python's pickle, like its own bytecode cache, trusts the user's cache folder; the header line names the
    # exact fingerprint, and anything that does not read back whole is ignored and loaded afresh.

    def _content_file(self, key: str) -> Path:
        return self.folder / f"{key}.content"

    def content(self, key: str) -> Any | None:
        """The content loaded earlier from exactly these bytes, or None."""
        head = f"{FORMAT} {key} content\n".encode()
        try:
            data = self._content_file(key).read_bytes()
        except OSError:
            return None
        if not data.startswith(head):
            return None
        try:
            return pickle.loads(data[len(head):])
        except Exception:  # truncated or damaged: as if absent
            return None

    def keep_content(self, key: str, loaded: Any) -> None:
        head = f"{FORMAT} {key} content\n".encode()
        try:
            data = head + pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # something in it cannot be pickled: just load it every time
            return
        self._write(self._content_file(key), data)
        self._prune()

    def _prune(self, keep: int = KEEP) -> None:
        """Old fingerprints (earlier content or code) go, newest kept, so the folder stays small."""
        with contextlib.suppress(OSError):
            files = sorted(self.folder.glob("*.content"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
            for old in files[keep:]:
                for path in [old, *self.folder.glob(f"{old.stem}-*")]:
                    path.unlink(missing_ok=True)

    def shelf(self, key: str) -> Shelf:
        """Bytes kept for this fingerprint by later stages (the render stage's recorded figures)."""
        return Shelf(self, key)


@dataclass(frozen=True)
class Shelf:
    """Derived bytes kept between processes under one fingerprint (content, templates, code, judges' versions),
    each under a name its maker chooses from the inputs that decide it. The maker must give the same bytes for
    the same name and fingerprint; then reading them back instead changes no output byte.

    A file names its fingerprint, its name and the sha256 of its bytes in a header line: a truncated, damaged
    or foreign file reads as absent (the caller makes the bytes afresh). Writes are atomic and best effort, so
    processes and threads sharing the folder see either a whole file or none.
    """

    store: VerdictStore
    key: str

    def _file(self, name: str) -> Path:
        return self.store.folder / f"{self.key}-{hashlib.sha256(name.encode()).hexdigest()[:24]}.kept"

    def _head(self, name: str, data: bytes) -> bytes:
        return f"{FORMAT} {self.key} {hashlib.sha256(data).hexdigest()} {name}\n".encode()

    def get(self, name: str) -> bytes | None:
        try:
            raw = self._file(name).read_bytes()
        except (OSError, ValueError):
            return None
        head, sep, data = raw.partition(b"\n")
        return data if sep and head + sep == self._head(name, data) else None

    def put(self, name: str, data: bytes) -> None:
        self.store._write(self._file(name), self._head(name, data) + data)
