"""Locale-aware formatting from CLDR (through Babel) and plural-aware phrases from the locale files.

Babel knows how each language writes dates, numbers, lists and which plural form a number takes; the
words themselves ("{n} week" / "{n} weeks") live in content/locales/*.yaml under `plurals`.
"""

from handbook.i18n.cldr import babel_locale, format_date, format_list, format_number, format_short_date
from handbook.i18n.phrases import MissingPhrase, age_old, age_text, plural_phrase, temperature, weekday_names

__all__ = [
    "MissingPhrase",
    "age_old",
    "age_text",
    "babel_locale",
    "format_date",
    "format_list",
    "format_number",
    "format_short_date",
    "plural_phrase",
    "temperature",
    "weekday_names",
]
