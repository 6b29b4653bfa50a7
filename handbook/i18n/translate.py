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
from handbook.values import Model


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
    texts, strings = _texts(loaded, code)
    files = _replaced(content, texts)
    if files is None:  # a text the schema might read differently: let it validate every changed file
        files = _validated(content, texts)
    locale = content.locales[code]
    own = locale.model_copy(update={"strings": {**strings, **locale.strings}})
    view = content.model_copy(update={**files, "locales": {**content.locales, code: own}})
    return LoadedContent(content=view, sources=loaded.sources, root=loaded.root)


Texts = dict[str, list[tuple[tuple[object, ...], str]]]  # content key → (place in its file, translated text)


def _texts(loaded: LoadedContent, code: str) -> tuple[Texts, dict[str, str]]:
    """The catalogue's text for each content string, by file, and for each of the source locale's strings."""
    found = translations(loaded, code)
    texts: Texts = {}
    strings: dict[str, str] = {}
    for m in source_messages(loaded):
        entry = found.get(m.context)
        if entry is None or not str(entry.string or "").strip():
            continue  # a ready locale with a missing string is refused before this (catalog.check_translations)
        if m.key in FILES:
            texts.setdefault(m.key, []).append((m.loc, str(entry.string)))
        elif len(m.loc) == 2 and m.loc[0] == "strings":
            strings[str(m.loc[1])] = str(entry.string)
    return texts, strings


def _validated(content: Any, texts: Texts) -> dict[str, Any]:
    """Each file with its texts put in its plain-data dump and validated again by its schema."""
    trees = {key: getattr(content, key).model_dump() for key in texts}
    for key, places in texts.items():
        for loc, text in places:
            _put(trees[key], loc, text)
    return {key: FILES[key][1].model_validate(tree) for key, tree in trees.items()}


def _replaced(content: Any, texts: Texts) -> dict[str, Any] | None:
    """Each file with its texts put in place of the English strings, copying only the values on the way to
    them; None when a text is not one the schema keeps exactly as it is (surrounding whitespace, which it
    strips) or does not replace an English string. Every place is a printable text field (handbook.check
    .strings), which the schema checks only for being non-empty, so validating again would give equal files."""
    files: dict[str, Any] = {}
    for key, places in texts.items():
        value = getattr(content, key)
        for loc, text in places:
            if text != text.strip() or not isinstance(_at(value, loc), str):
                return None
            value = _with(value, loc, text)
        files[key] = value
    return files


def _at(value: Any, loc: tuple[object, ...]) -> Any:
    for part in loc:
        value = getattr(value, str(part)) if isinstance(value, Model) else value[part]
    return value


def _with(value: Any, loc: tuple[object, ...], text: str) -> Any:
    """`value` with `text` at `loc`, every container on the way copied (the English tree is never changed)."""
    if not loc:
        return text
    part, rest = loc[0], loc[1:]
    if isinstance(value, Model):
        name = str(part)
        return value.model_copy(update={name: _with(getattr(value, name), rest, text)})
    copy: Any = list(value) if isinstance(value, list | tuple) else dict(value)
    copy[part] = _with(value[part], rest, text)
    return type(value)(copy) if isinstance(value, tuple) else copy


def translated_cached(content_dir: Path | None, code: str, cache: BuildCache | None = None) -> LoadedContent:
    """`translated`, made once per cache, content folder (as loaded now, catalogues included) and locale."""
    return translated_of(cached_content(content_dir, cache), code)


def translated_of(entry: CachedContent, code: str) -> LoadedContent:
    """`translated` of the cache's `entry` for a content folder, made once per entry and locale."""
    if code not in entry.translated:
        entry.translated[code] = translated(entry.loaded, code)
    return entry.translated[code]
