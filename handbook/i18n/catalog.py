"""Translation catalogues: gettext .po files, one per locale, made and read with Babel's pofile API.

Each English string is one message: msgctxt is "<file key>:<path>" ("red_flags:blocks.0.items.2.text",
"locale:strings.fever_action"), msgid the English, and the location the YAML file and line. A translation
is *stale* when its msgid is no longer the English (or an editor left it fuzzy) and *missing* when it has no
msgstr. content/translation.yaml says which contexts are safety strings: for those, stale or missing stops
`check` and `build` for that locale; a stale other string is a warning (the older translation prints), a
missing one an error (a ready locale never prints English). Placeholders and markup must match.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from handbook.content.loader import FILES, LoadedContent

if TYPE_CHECKING:  # Babel's catalogue code and `check` load only when a catalogue is read or written
    from babel.messages.catalog import Catalog, Message

    from handbook.check.problem import Problem

SAFETY_FILE = "translation.yaml"
# Fixed header dates keep a catalogue's bytes the same for the same content (no clock in the library).
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
_HEADER = ("# The handbook's printed text in {code}. Made by `handbook translations update`: edit only msgstr.\n"
           "# msgctxt names the English string (file key and path); a fuzzy flag means the English changed.")
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|&[a-z]+;|&#\d+;")


@dataclass(frozen=True)
class SourceMessage:
    """One English string to translate, with where it lives."""

    context: str
    text: str
    path: str
    line: int
    safety: bool
    body: bool = True  # read as prose (graded for reading ease), not a heading or label
    key: str = ""  # the content key it comes from ("red_flags", "locale:en-GB") and its path there
    loc: tuple[object, ...] = ()


def _dotted(loc: tuple[object, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _settings(loaded: LoadedContent) -> dict[str, Any]:
    path = loaded.root / SAFETY_FILE
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def safety_patterns(loaded: LoadedContent) -> list[str]:
    return [str(p) for p in _settings(loaded).get("safety", [])]


def claim_words(loaded: LoadedContent, lang: str) -> list[str]:
    """The medical-claim words of a language (`claims` in translation.yaml; English's are rule R13's)."""
    return [str(w) for w in _settings(loaded).get("claims", {}).get(lang, [])]


def source_messages(loaded: LoadedContent) -> list[SourceMessage]:
    """Every printable English string: the content files, then the source locale's own strings."""
    from handbook.check.strings import iter_strings

    source = f"locale:{loaded.content.settings.default_locale}"
    patterns = safety_patterns(loaded)
    out = []
    for t in iter_strings(loaded):
        if t.key in FILES:
            context = f"{t.key}:{_dotted(t.loc)}"
        elif t.key == source and t.loc and t.loc[0] == "strings":
            context = f"locale:{_dotted(t.loc)}"
        else:
            continue
        src = loaded.sources[t.key]
        safety = any(fnmatchcase(context, p) for p in patterns)
        out.append(SourceMessage(context, t.text, src.path, src.line_of(t.loc), safety, t.kind == "body",
                                 t.key, tuple(t.loc)))
    return out


def catalogue_path(loaded: LoadedContent, code: str) -> Path:
    return loaded.root / "locales" / f"{code}.po"


def _read(path: Path, code: str) -> Catalog | None:
    if not path.is_file():
        return None
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return read_po(f, locale=code.replace("-", "_"))


def _by_context(catalog: Catalog | None) -> dict[str, Message]:
    if catalog is None:
        return {}
    return {str(m.context): m for m in catalog if m.id and m.context}


def translations(loaded: LoadedContent, code: str) -> dict[str, Message]:
    """The `code` catalogue's messages by context (empty when it has no .po file)."""
    return _by_context(_read(catalogue_path(loaded, code), code))


def update_catalogue(loaded: LoadedContent, code: str) -> tuple[Path, int, int]:
    """Write <code>.po for the current English: new strings empty, changed translated ones fuzzy with the old
    msgid kept as previous (editors see what changed); a changed string never translated is simply empty.
    Returns (path, strings, now stale or missing)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    path = catalogue_path(loaded, code)
    old = _by_context(_read(path, code))
    catalog = Catalog(locale=code.replace("-", "_"), project="handbook", version="1", creation_date=_EPOCH,
                      revision_date=_EPOCH, fuzzy=False, copyright_holder="the handbook project",
                      header_comment=_HEADER.format(code=code))
    todo = 0
    for m in source_messages(loaded):
        where = [(m.path, m.line)]
        prev = old.get(m.context)
        if prev is not None and prev.id == m.text:
            catalog.add(m.text, prev.string, locations=where, flags=prev.flags, context=m.context)
            todo += bool(prev.fuzzy or not prev.string)
        elif prev is not None and prev.string:  # a translation of older English: keep it, flagged for review
            catalog.add(m.text, prev.string, locations=where, flags={"fuzzy"}, context=m.context,
                        previous_id=str(prev.id))
            todo += 1
        else:
            catalog.add(m.text, "", locations=where, context=m.context)
            todo += 1
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, include_previous=True, omit_header=False)
    path.write_bytes(buf.getvalue())
    return path, len(catalog), todo


def _shape(text: str) -> tuple[list[str], list[str]]:
    """What must survive translation: the placeholders (as a sorted list) and the markup tags in order."""
    placeholders = sorted(" ".join(p.split()) for p in _PLACEHOLDER.findall(text))
    return placeholders, _MARKUP.findall(text)


def _quote(text: str, n: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def overridden(m: SourceMessage, own: dict[str, str]) -> bool:
    """A source-locale string the translated locale's own file gives (`strings:` in ru-RU.yaml): that one
    prints, so its catalogue message is not needed (handbook.i18n.translate)."""
    return len(m.loc) == 2 and m.loc[0] == "strings" and m.key.startswith("locale:") and str(m.loc[1]) in own


def check_translations(loaded: LoadedContent, only: str | None = None) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) for every ready locale that translates the source (or just `only`)."""
    content = loaded.content
    source = content.settings.default_locale
    source_lang = source.split("-")[0]
    errors: list[Problem] = []
    warnings: list[Problem] = []
    messages: list[SourceMessage] | None = None
    for code, locale in sorted(content.locales.items()):
        if locale.status != "ready" or code.split("-")[0] == source_lang or only not in (None, code):
            continue
        from handbook.check.problem import Problem  # loaded only where a translation is checked

        messages = messages if messages is not None else source_messages(loaded)
        po = catalogue_path(loaded, code)
        shown_po = f"{loaded.sources[f'locale:{code}'].path[:-len('.yaml')]}.po"
        found = _by_context(_read(po, code))
        printed = [m for m in messages if not overridden(m, locale.strings)]
        for m in printed:
            entry = found.get(m.context)
            if entry is None or not str(entry.string or "").strip():
                problem, state = None, "missing"
            elif entry.fuzzy or entry.id != m.text:
                problem, state = None, "stale (the English changed since it was translated)"
            else:
                state = ""
                problem = None
                if _shape(str(entry.string)) != _shape(m.text):
                    problem = Problem(m.path, m.line, f"{m.path}:{m.line}: {m.context}: the {code} translation "
                                                      f"({shown_po}:{entry.lineno}) does not keep the same "
                                                      f"placeholders and markup as the English")
                    errors.append(problem)
                continue
            kind = "safety string" if m.safety else "string"
            text = (f"{m.path}:{m.line}: {m.context}: the {code} translation of this {kind} is {state} "
                    f"('{_quote(m.text)}'; run handbook translations update, then translate {shown_po})")
            # A ready locale prints its translation, never the English: a missing string is an error; a stale
            # one still prints (the older translation), so only a stale safety string is an error.
            (errors if m.safety or state == "missing" else warnings).append(Problem(m.path, m.line, text))
        errors += _language_checks(loaded, code, printed, found, shown_po)
    return errors, warnings


def _language_checks(loaded: LoadedContent, code: str, messages: list[SourceMessage],
                     found: dict[str, Message], shown_po: str) -> list[Problem]:
    """The translated text read in its own language: no medical claims, and each file easy enough to read."""
    from handbook.check.problem import Problem
    from handbook.check.readability import NOT_GRADED, READING_EASE
    from handbook.safety.textscan import find, sentences

    settings = _settings(loaded)
    lang = code.split("-")[0]
    claims = claim_words(loaded, lang)
    ease = settings.get("readability", {}).get(lang)
    problems: list[Problem] = []
    by_file: dict[str, list[str]] = {}
    first: dict[str, SourceMessage] = {}
    for m in messages:
        entry = found.get(m.context)
        if entry is None or not str(entry.string or "").strip():
            continue
        translated = str(entry.string)
        for sentence in sentences(translated):
            for phrase in find(claims, sentence, 3):
                problems.append(Problem(m.path, m.line, f"{m.path}:{m.line}: {m.context}: '{phrase}' in the {code} "
                                                        f"translation ({shown_po}:{entry.lineno}) sounds like a "
                                                        f"medical claim"))
        key = m.context.split(":", 1)[0]
        if m.body and key not in NOT_GRADED:
            by_file.setdefault(key, []).append(translated)
            first.setdefault(key, m)
    own = loaded.sources[f"locale:{code}"]
    for name, text in loaded.content.locales[code].strings.items():  # the locale's own strings print too
        for sentence in sentences(text):
            for phrase in find(claims, sentence, 3):
                where = own.where(("strings", name))
                problems.append(Problem(own.path, own.line_of(("strings", name)),
                                        f"{where}: strings.{name}: '{phrase}' sounds like a medical claim"))
    if ease:
        formula, minimum = READING_EASE[str(ease["formula"])], float(ease["min_score"])
        for key, texts in by_file.items():
            score = formula(texts)
            if score < minimum:
                m = first[key]
                problems.append(Problem(m.path, 0, f"{m.path}: the {code} translation's reading ease "
                                                   f"({ease['formula']}) is {score:.1f}, below {minimum:g} "
                                                   f"(in {shown_po})"))
    return problems
