"""The content as a translated locale prints it: the same facts, the text from the locale's catalogue.

One YAML tree holds the facts (ages, sources, evidence, ids, rules); a ready locale in another language than
the source takes every content string and every `locale:strings.<key>` of the source locale from its .po
msgstr, matched by msgctxt. The locale's own `strings:` in its YAML file win over the catalogue (a string
that only that country needs). `check` (handbook.i18n.catalog) has already refused a ready locale whose
catalogue misses a string or has a stale safety string; a stale ordinary string prints its older translation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handbook.cache import BuildCache
from handbook.content.loader import FILES, CachedContent, LoadedContent, cached_content
from handbook.i18n.catalog import source_messages, translations


def needs_translation(loaded: LoadedContent, code: str) -> bool:
    """True for a ready locale whose language is not the source's (en-US reads the English itself)."""
    locale = loaded.content.locales[code]
    source = loaded.content.settings.default_locale.split("-")[0]
    return locale.status == "ready" and code.split("-")[0] != source


def _put(tree: Any, loc: tuple[object, ...], text: str) -> None:
    """Replace the string at `loc` (field names and list indexes) inside a model's plain-data dump."""
    *head, last = loc
    for part in head:
        tree = tree[part]
    tree[last] = text


def translated(loaded: LoadedContent, code: str) -> LoadedContent:
    """`loaded` with the text of `code` (itself when the locale is not a translation). Sources and lines stay
    the English files', so every check still names the English string's file:line."""
    if not needs_translation(loaded, code):
        return loaded
    content = loaded.content
    found = translations(loaded, code)
    trees: dict[str, Any] = {}
    strings: dict[str, str] = {}
    for m in source_messages(loaded):
        entry = found.get(m.context)
        if entry is None or not str(entry.string or "").strip():
            continue  # a ready locale with a missing string is refused before this (catalog.check_translations)
        if m.key in FILES:
            if m.key not in trees:
                trees[m.key] = getattr(content, m.key).model_dump()
            _put(trees[m.key], m.loc, str(entry.string))
        elif len(m.loc) == 2 and m.loc[0] == "strings":
            strings[str(m.loc[1])] = str(entry.string)
    files = {key: FILES[key][1].model_validate(tree) for key, tree in trees.items()}
    locale = content.locales[code]
    own = locale.model_copy(update={"strings": {**strings, **locale.strings}})
    view = content.model_copy(update={**files, "locales": {**content.locales, code: own}})
    return LoadedContent(content=view, sources=loaded.sources, root=loaded.root)


def translated_cached(content_dir: Path | None, code: str, cache: BuildCache | None = None) -> LoadedContent:
    """`translated`, made once per cache, content folder (as loaded now, catalogues included) and locale."""
    return translated_of(cached_content(content_dir, cache), code)


def translated_of(entry: CachedContent, code: str) -> LoadedContent:
    """`translated` of the cache's `entry` for a content folder, made once per entry and locale."""
    if code not in entry.translated:
        entry.translated[code] = translated(entry.loaded, code)
    return entry.translated[code]
