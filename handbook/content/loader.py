"""Load content/*.yaml into validated models, turning every problem into `file:line: field: problem`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from handbook.cache import BuildCache, default_cache
from handbook.content import models as m
from handbook.errors import ContentError
from handbook.inputs.problems import format_loc, pydantic_problems  # noqa: F401 - format_loc re-exported
from handbook.resources import content_root
from handbook.values import Model
from handbook.yamlsource import Loc, Located, YamlSyntaxError, load_yaml

if TYPE_CHECKING:  # pydantic loads only when a file is validated (content read from the cache folder is not)
    from pydantic import ValidationError

# Content field → (file name, model). Locales are a folder of their own.
FILES: dict[str, tuple[str, type[Model]]] = {
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

DEFAULT_CONTENT_DIR = content_root()  # the shipped content (inside the wheel, or the checkout's content/)


def validation_problems(exc: ValidationError, src: Located) -> list[str]:
    """One readable line per pydantic error, located in the YAML file (the inputs' one formatter)."""
    return pydantic_problems(exc, src)


def validate(model: type[Model], src: Located) -> tuple[Any, list[str]]:
    """Validate one parsed file by the model's schema twin; returns (plain value or None, problems)."""
    from pydantic import ValidationError

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
    root = content_root(content_dir)
    if not root.is_dir():
        raise ContentError([f"{root}: content folder not found"])
    if not any((root / name).is_file() for name, _ in FILES.values()):  # e.g. --content pointing at templates/
        raise ContentError([f"{root}: not a content folder (none of its files, such as settings.yaml, is there)"])
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
    # Each part was validated on its own, so the whole is put together as it is (as pydantic keeps model instances).
    content = m.Content.model_construct(**fields, locales=_inherit_strings(locales, fields["settings"].default_locale))
    return LoadedContent(content=content, sources=sources, root=root)


def _inherit_strings(locales: dict[str, m.Locale], source: str) -> dict[str, m.Locale]:
    """A locale in the source's language (en-US beside en-GB) lists only the strings it says differently; the
    rest are the source's, then its `words:` apply. Other languages translate every string (their catalogue)."""
    base = locales.get(source)
    if base is None:
        return locales
    lang = source.split("-")[0]
    return {code: loc if code == source or code.split("-")[0] != lang
            else loc.model_copy(update={"strings": {**base.strings, **loc.strings}})
            for code, loc in locales.items()}


def _fingerprint(root: Path) -> tuple:
    """What says a content folder changed: each file's name, size and modification time (as Python's own
    bytecode cache decides), so an edited folder is loaded and checked again instead of served stale. The
    translation catalogues count too: a build prints their text."""
    out: list[tuple[str, int | None, int | None]] = []
    locales = sorted((root / "locales").glob("*.yaml")) + sorted((root / "locales").glob("*.po"))
    for path in [root / name for name, _ in FILES.values()] + locales:
        try:
            st = path.stat()
            out.append((path.name, st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((path.name, None, None))
    return tuple(out)


def _root(content_dir: Path | None) -> Path:
    return content_root(content_dir).resolve()


@dataclass
class CachedContent:
    """Loaded content as a cache keeps it, with whether `check`'s content checks passed on it, the clinic
    opt-ins (None, False, True) the safety rules passed on and its translated views: content loaded again after
    an edit (of a YAML file or a catalogue) starts with none of them, so it is checked again."""

    stamp: tuple
    loaded: LoadedContent
    sound: bool = False
    safe_for: set[bool | None] = field(default_factory=set)
    # Per locale code: the content as that locale prints it (handbook.i18n.translate), once its catalogue passed.
    translated: dict[str, LoadedContent] = field(default_factory=dict)


class ContentDisk(Protocol):
    """Content kept between processes (handbook.pipeline.Disk): by the folder's exact bytes."""

    def load(self, root: Path) -> LoadedContent | None: ...

    def keep(self, root: Path, loaded: LoadedContent) -> None: ...


def cached_content(content_dir: Path | None = None, cache: BuildCache | None = None,
                   disk: ContentDisk | None = None) -> CachedContent:
    """Content for building: parsed and validated once per cache and folder, again when a file changes; with
    `disk`, once per content bytes across processes."""
    root = _root(content_dir)
    store: dict[Path, CachedContent] = (cache or default_cache()).part("content", dict)
    stamp = _fingerprint(root)
    known = store.get(root)
    if known is None or known.stamp != stamp:
        kept = disk.load(root) if disk is not None else None
        loaded = kept if isinstance(kept, LoadedContent) and kept.root == root else load_located(root)
        if disk is not None and loaded is not kept and _fingerprint(root) == stamp:  # the bytes stayed put
            disk.keep(root, loaded)
        known = store[root] = CachedContent(stamp, loaded)
    return known


def still_as_loaded(entry: CachedContent) -> bool:
    """Whether the folder's files are still those `entry` was loaded from (by the same stamp)."""
    return _fingerprint(entry.loaded.root.resolve()) == entry.stamp


def load_located_cached(content_dir: Path | None = None, cache: BuildCache | None = None) -> LoadedContent:
    return cached_content(content_dir, cache).loaded


def load_content(content_dir: Path | None = None, cache: BuildCache | None = None) -> m.Content:
    return cached_content(content_dir, cache).loaded.content
