"""Safe, bounded YAML loading that remembers where each value came from, so errors can name file:line.

Every YAML file the tool reads (profile, clinic, content, editions, themes) may be hostile: a 1 KB alias bomb,
a stream that never ends, 500 levels of brackets. So the file is read up to a byte limit, scanned event by
event (no recursion) for depth, node and alias counts before anything is built, and built with a node budget
that also counts every alias expansion. Each failure is one line naming file:line.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

try:  # the C loader is several times faster; fall back when libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform's wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Loc = tuple[str | int, ...]

MAX_BYTES = 1_000_000  # the whole shipped content is 70 KB; a profile is a few hundred bytes
MAX_DEPTH = 32  # content nests 6 deep
MAX_NODES = 100_000  # values built, counting each alias expansion again
MAX_ALIASES = 100
_KEY_TYPES = (str, int, float, bool)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass
class Located:
    """Plain Python data plus a map from each value's path to its 1-based line."""

    data: Any
    path: str
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest known ancestor of loc (pydantic locs may point at missing keys)."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)

    def where(self, loc: Loc) -> str:
        return f"{self.path}:{self.line_of(loc)}"


class YamlSyntaxError(ValueError):
    """YAML that does not parse or is over a bound; the message already says file:line."""


class InputTooLarge(ValueError):
    """A file longer than the byte limit, or not a regular file; nothing past the limit is read."""


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _check_characters(text: str) -> None:
    """NUL and other control characters: one line naming where, instead of the parser's two-line message."""
    bad = _CONTROLS.search(text)
    if bad:
        ch, line = bad.group(), text.count("\n", 0, bad.start()) + 1
        what = "a NUL byte" if ch == "\0" else f"the control character U+{ord(ch):04X}"
        raise YamlSyntaxError(f"line {line}: contains {what}; save the file as plain text")


def _scan(text: str) -> None:
    """Walk the event stream once (iteratively) and stop at the first bound crossed, before building."""
    loader = _Loader(text)
    depth = nodes = aliases = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 if event is not None and event.start_mark is not None else 0
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlSyntaxError(f"line {line}: nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise YamlSyntaxError(f"line {line}: more than {MAX_ALIASES} aliases (*name)")
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > MAX_NODES:
                    raise YamlSyntaxError(f"line {line}: more than {MAX_NODES} values in one file")
    finally:
        loader.dispose()


class _Builder:
    """Node graph → plain data with a budget: an alias is built again each time it is used, and counted."""

    def __init__(self, loader: Any, lines: dict[Loc, int]) -> None:
        self.loader = loader
        self.lines = lines
        self.budget = MAX_NODES
        self.active: set[int] = set()

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        line = node.start_mark.line + 1
        self.budget -= 1
        if self.budget < 0:
            raise YamlSyntaxError(f"line {line}: aliases expand to more than {MAX_NODES} values")
        if len(loc) > MAX_DEPTH:
            raise YamlSyntaxError(f"line {line}: nested more than {MAX_DEPTH} levels deep")
        if id(node) in self.active:
            raise YamlSyntaxError(f"line {line}: an alias refers to the value that contains it")
        self.lines[loc] = line
        if isinstance(node, yaml.MappingNode):
            self.active.add(id(node))
            try:
                return self._mapping(node, loc)
            finally:
                self.active.discard(id(node))
        if isinstance(node, yaml.SequenceNode):
            self.active.add(id(node))
            try:
                return [self.build(child, (*loc, i)) for i, child in enumerate(node.value)]
            finally:
                self.active.discard(id(node))
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError:  # e.g. 2026-02-30 looks like a date to YAML but is not one
            where = ".".join(str(part) for part in loc)
            field = f"{where}: " if where else ""
            raise YamlSyntaxError(f"line {line}: {field}'{_one_line(node.value)[:40]}' is not a real date "
                                  "(YYYY-MM-DD)") from None

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlSyntaxError(f"line {line}: merge keys (<<) are not supported; write the fields out")
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlSyntaxError(f"line {line}: a key must be a plain word, not a list or mapping")
            key = self.build(key_node, (*loc, "<key>"))
            if not isinstance(key, _KEY_TYPES):
                raise YamlSyntaxError(f"line {line}: a key must be a plain word, got {type(key).__name__}")
            if key in out:
                raise YamlSyntaxError(f"line {line}: key '{_one_line(key)[:40]}' appears twice")
            out[key] = self.build(value_node, (*loc, cast(str | int, key)))  # a float key is a rare, odd name
        self.lines.pop((*loc, "<key>"), None)
        return out


def parse_yaml(text: str, path: str) -> Located:
    """Parse one YAML document with safe tags only, within the bounds above."""
    lines: dict[Loc, int] = {}
    loader = None
    try:
        if len(text) > MAX_BYTES:
            raise YamlSyntaxError(f"line 1: the file is larger than {MAX_BYTES // 1000} KB")
        _check_characters(text)
        _scan(text)
        loader = _Loader(text)
        node = loader.get_single_node()
        data = _Builder(loader, lines).build(node, ()) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlSyntaxError(f"{path}:{line}: not valid YAML: {_one_line(exc.problem or exc)}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"{path}: not valid YAML: {_one_line(exc)}") from None
    except YamlSyntaxError as exc:
        raise YamlSyntaxError(f"{path}:{str(exc)[5:]}") from None
    except RecursionError:  # pragma: no cover - the depth bounds come first
        raise YamlSyntaxError(f"{path}: nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()
    return Located(data=data, path=path, lines=lines)


def read_bounded(path: Path, limit: int = MAX_BYTES) -> bytes:
    """At most `limit` bytes of a regular file; a longer one raises InputTooLarge before anything is read.

    Only regular files are read: a FIFO would block until someone writes to it, and a device such as
    /dev/zero never ends. They are opened without blocking and refused, so reading always takes bounded time.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with open(fd, "rb", closefd=True) as fh:
        info = os.fstat(fh.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise InputTooLarge("not a regular file (a pipe, device or socket); give a file")
        if info.st_size > limit:
            raise InputTooLarge(f"the file is larger than {limit // 1000} KB")
        data = fh.read(limit + 1)
    if len(data) > limit:  # the file grew while it was read
        raise InputTooLarge(f"the file is larger than {limit // 1000} KB")
    return data


def load_yaml(path: Path, display: str | None = None) -> Located:
    """Read (bounded) and parse a YAML file; unreadable files raise OSError for the caller to word."""
    shown = display or str(path)
    try:
        raw = read_bounded(Path(path))
    except InputTooLarge as exc:
        raise YamlSyntaxError(f"{shown}:1: {exc}") from None
    text = raw.decode("utf-8-sig")
    return parse_yaml(text, shown)


def read_user_file(path: Path, error: type[Exception], what: str, limit: int = MAX_BYTES) -> bytes:
    """Read (bounded) a file a person gave: every way it can fail becomes one `error` line naming it."""
    shown = str(path)
    try:
        return read_bounded(Path(path), limit)
    except InputTooLarge as exc:
        raise error(f"{shown}:1: {exc}") from None
    except FileNotFoundError:
        raise error(f"{shown}: {what} file not found") from None
    except IsADirectoryError:
        raise error(f"{shown}: is a folder, not a {what} file") from None
    except OSError as exc:
        raise error(f"{shown}: cannot read: {exc.strerror or exc}") from None


def utf8_line(exc: UnicodeDecodeError) -> int:
    """The 1-based line of the first byte that is not UTF-8."""
    return bytes(exc.object[: exc.start]).count(b"\n") + 1


def load_user_yaml(path: Path, error: type[Exception], what: str) -> Located:
    """Read a YAML file a person wrote (profile, clinic): every way it can fail becomes one `error` line."""
    shown = str(path)
    raw = read_user_file(path, error, what)
    try:
        return parse_yaml(raw.decode("utf-8-sig"), shown)
    except UnicodeDecodeError as exc:
        raise error(f"{shown}:{utf8_line(exc)}: cannot read: the file is not UTF-8 text") from None
    except YamlSyntaxError as exc:
        raise error(str(exc)) from None
