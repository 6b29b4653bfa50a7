"""Dates as a parent reads them, in the locale's order (12 February 2027 / February 12, 2027)."""

from __future__ import annotations

from datetime import date

from handbook.content.models import Locale


def format_date(d: date, locale: Locale) -> str:
    month = locale.months[d.month - 1]
    if locale.date_format == "mdy":
        return f"{month} {d.day}, {d.year}"
    return f"{d.day} {month} {d.year}"


def format_short_date(d: date, locale: Locale) -> str:
    """Weekday and date for chart rows, short enough for a narrow column: 'Mon 3 Feb'."""
    weekday = locale.weekdays[d.weekday()][:3]
    month = locale.months[d.month - 1][:3]
    if locale.date_format == "mdy":
        return f"{weekday} {month} {d.day}"
    return f"{weekday} {d.day} {month}"
