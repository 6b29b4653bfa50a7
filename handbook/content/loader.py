"""Load content/*.yaml into validated models, turning every problem into `file:line: field: problem`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from handbook.content import models as m
from handbook.errors import ContentError
from handbook.yamlsource import Loc, Located, YamlSyntaxError, load_yaml

# Content field → (file name, model). Locales are a folder of their own.
FILES: dict[str, tuple[str, type[BaseModel]]] = {
    "settings": ("settings.yaml", m.Settings),
    "before_you_start": ("before_you_start.yaml", m.ProseSection),
    "stages": ("stages.yaml", m.StagesFile),
    "techniques": ("techniques.yaml", m.TechniquesFile),
    "figures": ("figures.yaml", m.FiguresFile),
    "cues": ("cues.yaml", m.ProseSection),
    "checklist": ("checklist.yaml", m.ChecklistFile),
    "oils": ("oils.yaml", m.OilsFile),
    "tracker": ("tracker.yaml", m.TrackerFile),
    "red_flags": ("red_flags.yaml", m.ProseSection),
    "conditions": ("conditions.yaml", m.ProseSection),
    "references": ("references.yaml", m.ReferencesFile),
    "rules": ("rules.yaml", m.RulesFile),
}

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"


def format_loc(loc: Loc) -> str:
    """('oils', 2, 'name') → 'oils[2].name' — the way an editor would point at it."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def validation_problems(exc: ValidationError, src: Located) -> list[str]:
    """One readable line per pydantic error, located in the YAML file."""
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        field = format_loc(loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            msg = f"unknown field '{loc[-1]}' (check the spelling)"
        elif kind == "missing":
            msg = "is required but missing"
        else:
            msg = f"{err['msg'][0].lower()}{err['msg'][1:]}, got {_short(err.get('input'))}"
        problems.append(f"{src.where(loc)}: {field}: {msg}")
    return problems


def validate(model: type[BaseModel], src: Located) -> tuple[Any, list[str]]:
    """Validate one parsed file; returns (model or None, problems)."""
    try:
        return model.model_validate(src.data if src.data is not None else {}), []
    except ValidationError as exc:
        return None, validation_problems(exc, src)


@dataclass(frozen=True)
class LoadedContent:
    """The content plus where each value came from, for checks that must name file:line."""

    content: m.Content
    sources: dict[str, Located]
    root: Path

    def where(self, key: str, loc: Loc = ()) -> str:
        return self.sources[key].where(loc)


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent)) if root.name == "content" else str(path)
    except ValueError:
        return str(path)


def load_located(content_dir: Path | None = None) -> LoadedContent:
    """Load and validate every content file, collecting all problems before failing."""
    root = Path(content_dir or DEFAULT_CONTENT_DIR)
    if not root.is_dir():
        raise ContentError([f"{root}: content folder not found"])
    problems: list[str] = []
    parsed: dict[str, Any] = {}
    sources: dict[str, Located] = {}
    targets = [(key, root / name, model) for key, (name, model) in FILES.items()]
    locale_dir = root / "locales"
    locale_files = sorted(locale_dir.glob("*.yaml")) if locale_dir.is_dir() else []
    if not locale_files:
        problems.append(f"{_display(locale_dir, root)}: no locale files (*.yaml) found")
    targets += [(f"locale:{p.stem}", p, m.Locale) for p in locale_files]
    for key, path, model in targets:
        shown = _display(path, root)
        try:
            src = load_yaml(path, shown)
        except FileNotFoundError:
            problems.append(f"{shown}: file is missing")
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{shown}: cannot read: {exc}")
            continue
        except YamlSyntaxError as exc:
            problems.append(str(exc))
            continue
        sources[key] = src
        value, errs = validate(model, src)
        problems += errs
        parsed[key] = value
    if problems:
        raise ContentError(problems)
    locales = {k.split(":", 1)[1]: v for k, v in parsed.items() if k.startswith("locale:")}
    for code, loc in locales.items():
        if loc.code != code:
            problems.append(f"{sources['locale:' + code].where(('code',))}: code: must match the file name '{code}'")
    if problems:
        raise ContentError(problems)
    fields = {k: v for k, v in parsed.items() if not k.startswith("locale:")}
    content = m.Content(locales=locales, **fields)
    return LoadedContent(content=content, sources=sources, root=root)


@lru_cache(maxsize=8)
def _cached(root: str) -> LoadedContent:
    return load_located(Path(root))


def load_content(content_dir: Path | None = None) -> m.Content:
    """Content for building: parsed and validated once per process and folder."""
    return _cached(str(Path(content_dir or DEFAULT_CONTENT_DIR).resolve())).content


def load_located_cached(content_dir: Path | None = None) -> LoadedContent:
    return _cached(str(Path(content_dir or DEFAULT_CONTENT_DIR).resolve()))
