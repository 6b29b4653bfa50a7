"""Safe, readable file names from babies' names, which are untrusted text from a roster or the command line."""

from __future__ import annotations

import re
import unicodedata

MAX_LEN = 40
FALLBACK = "baby"

# Letters NFKD does not decompose, plus a simple Cyrillic and Greek transliteration, so "Алёна" → "alena".
_TRANSLIT = {
    "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h",
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ў": "u",
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
    "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
    "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}

_APOSTROPHES = {"'", "’", "ʼ", "`"}  # "O'Brien" → "obrien", not "o-brien"

# Names Windows refuses as files whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def _fold(name: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFKD", name).lower():
        if unicodedata.combining(ch) or ch in _APOSTROPHES:
            continue
        ch = _TRANSLIT.get(ch, ch)
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    return "".join(out)


def slugify(name: str) -> str:
    """Lowercase ASCII letters, digits and single hyphens, ≤ 40 characters, never empty, never a reserved name.

    The result has no dots or separators, so it can never climb out of a folder ("../../x" → "x").
    """
    slug = re.sub(r"-+", "-", _fold(name)).strip("-")
    if len(slug) > MAX_LEN:
        cut = slug[:MAX_LEN]
        # Prefer to end on a word boundary, unless that throws most of the name away.
        slug = cut.rsplit("-", 1)[0] if "-" in cut[MAX_LEN // 2:] else cut
        slug = slug.strip("-")
    if not slug:
        return FALLBACK
    if slug in _RESERVED:
        slug = f"{slug}-{FALLBACK}"
    return slug


def unique_name(base: str, taken: set[str]) -> str:
    """base, or base-2, base-3, … whichever is not in taken (compared case-insensitively); taken is not changed."""
    lowered = {t.lower() for t in taken}
    if base.lower() not in lowered:
        return base
    n = 2
    while f"{base}-{n}".lower() in lowered:
        n += 1
    return f"{base}-{n}"
