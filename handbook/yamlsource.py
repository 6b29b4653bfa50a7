"""Safe YAML loading that remembers where each value came from, so errors can name file:line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # the C loader is several times faster; fall back when libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform's wheel
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Loc = tuple[str | int, ...]


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
    """YAML that does not parse; the message already says file:line."""


def _construct(node: yaml.Node, loc: Loc, lines: dict[Loc, int], loader: Any) -> Any:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in out:
                raise YamlSyntaxError(f"line {key_node.start_mark.line + 1}: key '{key}' appears twice")
            out[key] = _construct(value_node, (*loc, key), lines, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(child, (*loc, i), lines, loader) for i, child in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:  # e.g. 2026-02-30 looks like a date to YAML but is not one
        where = ".".join(str(part) for part in loc)
        field = f"{where}: " if where else ""
        raise YamlSyntaxError(
            f"line {node.start_mark.line + 1}: {field}'{node.value}' is not a real date (YYYY-MM-DD)"
        ) from None


def parse_yaml(text: str, path: str) -> Located:
    """Parse one YAML document with safe tags only; merge keys and anchors are resolved by compose."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        data = _construct(node, (), lines, loader) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlSyntaxError(f"{path}:{line}: not valid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"{path}: not valid YAML: {exc}") from None
    except YamlSyntaxError as exc:
        raise YamlSyntaxError(f"{path}:{str(exc)[5:]}") from None
    finally:
        loader.dispose()
    return Located(data=data, path=path, lines=lines)


def load_yaml(path: Path, display: str | None = None) -> Located:
    """Read and parse a YAML file; unreadable files raise OSError for the caller to word."""
    text = path.read_text(encoding="utf-8-sig")
    return parse_yaml(text, display or str(path))


def load_user_yaml(path: Path, error: type[Exception], what: str) -> Located:
    """Read a YAML file a person wrote (profile, clinic): every way it can fail becomes one `error` line."""
    shown = str(path)
    try:
        return load_yaml(Path(path), shown)
    except FileNotFoundError:
        raise error(f"{shown}: {what} file not found") from None
    except IsADirectoryError:
        raise error(f"{shown}: is a folder, not a {what} file") from None
    except UnicodeDecodeError:
        raise error(f"{shown}: cannot read: the file is not UTF-8 text") from None
    except OSError as exc:
        raise error(f"{shown}: cannot read: {exc.strerror or exc}") from None
    except YamlSyntaxError as exc:
        raise error(str(exc)) from None
