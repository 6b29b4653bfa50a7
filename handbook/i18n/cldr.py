"""The one place that calls Babel: a locale code in, CLDR-formatted text out.

Locale codes are BCP 47 ("en-GB", "ru-RU"); Babel wants "en_GB". Parsed Locale objects are cached by
code (immutable, so a second thread or build sees nothing it could change).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # Babel is imported on first use: `handbook --help` and `check` need none of it
    import babel

# The chart's narrow date column: weekday, day and month, abbreviated, in the locale's order (CLDR "MMMEd").
SHORT_DATE_SKELETON = "MMMEd"


@lru_cache(maxsize=32)
def babel_locale(code: str) -> babel.Locale:
    """Babel's Locale for a BCP 47 code; an unknown code raises babel.UnknownLocaleError."""
    from babel import Locale

    return Locale.parse(code.replace("-", "_"))


def format_date(d: date, code: str, style: Literal["long", "medium", "full"] = "long") -> str:
    """'24 November 2026', 'November 24, 2026', '24 ноября 2026 г.', '24 de noviembre de 2026'."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(d, style, locale=babel_locale(code))


def format_short_date(d: date, code: str) -> str:
    """'Tue 3 Feb', 'Tue, Feb 3', 'вт, 3 февр.', 'mar, 3 feb'."""
    from babel.dates import format_skeleton

    return format_skeleton(SHORT_DATE_SKELETON, d, locale=babel_locale(code))


def format_number(value: float, code: str, fmt: str | None = None) -> str:
    """'38.5' in English, '38,5' in Russian and Spanish."""
    from babel.numbers import format_decimal

    return format_decimal(value, format=fmt, locale=babel_locale(code))


def format_list(items: Sequence[str], code: str) -> str:
    """'Monday, Wednesday and Friday' (en-GB), 'понедельник, среда и пятница' (ru)."""
    from babel.lists import format_list as babel_format_list

    return babel_format_list(list(items), locale=babel_locale(code))


def plural_category(n: float, code: str) -> str:
    """CLDR plural category of n: 'one', 'few', 'many' or 'other' (ru: 21 one, 22 few, 25 many)."""
    return str(babel_locale(code).plural_form(n))


def weekday_name(index: int, code: str) -> str:
    """Monday is 0, as in date.weekday(); the stand-alone wide name ('Monday', 'понедельник')."""
    return str(babel_locale(code).days["stand-alone"]["wide"][index])


def format_temperature(celsius: float, unit: Literal["C", "F"], code: str) -> str:
    """'38,5 °C' (ru, es), '101.3 °F' (es-US): CLDR's short unit pattern; Fahrenheit to one decimal."""
    from babel.units import format_unit

    if unit == "F":
        return format_unit(round(celsius * 9 / 5 + 32, 1), "temperature-fahrenheit", length="short",
                                       locale=babel_locale(code))
    return format_unit(celsius, "temperature-celsius", length="short", locale=babel_locale(code))
