"""Dates as a parent reads them, in the locale's order and words, from CLDR through handbook.i18n."""

from __future__ import annotations

from datetime import date

from handbook import i18n
from handbook.content.models import Locale


def format_date(d: date, locale: Locale) -> str:
    """'12 February 2027' (en-GB), 'February 12, 2027' (en-US), '12 февраля 2027 г.' (ru-RU)."""
    return i18n.format_date(d, locale.code)


def format_short_date(d: date, locale: Locale) -> str:
    """Weekday and date for chart rows, short enough for a narrow column: 'Mon 3 Feb', 'Mon, Feb 3'."""
    return i18n.format_short_date(d, locale.code)
