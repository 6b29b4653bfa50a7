"""Ages the way parents and health visitors count them: calendar months, then weeks, corrected for prematurity.

Months are calendar months, not 30-day blocks, so a baby is "1 month" on the same date next month (clamped to
the month's end: born 31 January → 1 month on 28 or 29 February). Everything takes `on` as an argument.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

DAYS_PER_MONTH = 30.4375  # 365.25 / 12: arithmetic, only for the fractional part of an age
# The facts are content/settings.yaml's (born_early_if_more_than_days, corrected_age_until_months, with their
# sources); personalise passes them in. These defaults are the same values (a test holds them equal) for the
# input checks, which run before any content is loaded.
EARLY_IF_MORE_THAN_DAYS = 21
CORRECT_UNTIL_MONTHS = 24
# Not a fact but a way of saying ages (brief §6.5): a 10-day-old is "10 days", never "1 week".
DAYS_UNTIL_WEEKS = 14


def _plural(n: int, unit: str) -> str:
    # Operator messages only (input errors, safety findings for the person running the tool): "10 days".
    # Printed ages never come here: they are the locale's words (handbook.i18n.age_text, CLDR plurals).
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


@dataclass(frozen=True)
class Age:
    """An age on one day. `months` are whole calendar months; `rem_days` the days after the last whole month."""

    days: int
    weeks: int
    months: int
    rem_days: int

    @property
    def months_float(self) -> float:
        return self.months + self.rem_days / DAYS_PER_MONTH

    @property
    def text(self) -> str:
        """The age in English for messages to the person running the tool ("10 days", "4 months, 2 weeks").

        Never printed: the handbook says ages in its locale's words (handbook.i18n.age_text), by the same rules.
        """
        if self.days <= 0:
            return "newborn"
        if self.days < DAYS_UNTIL_WEEKS:
            return _plural(self.days, "day")
        if self.months < 2:
            return _plural(self.weeks, "week")
        if self.months < 24:
            text = _plural(self.months, "month")
            extra_weeks = self.rem_days // 7
            return f"{text}, {_plural(extra_weeks, 'week')}" if extra_weeks >= 1 else text
        return _plural(self.months // 12, "year")



ZERO = Age(days=0, weeks=0, months=0, rem_days=0)


def add_months(d: date, n: int) -> date:
    """The same day n calendar months later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def age_on(birth: date, on: date) -> Age:
    """Age on `on`. A month is complete when add_months(birth, k) <= on, so month ends and 29 Feb work."""
    if on < birth:
        raise ValueError(f"{on.isoformat()} is before the birth date {birth.isoformat()}")
    months = (on.year - birth.year) * 12 + (on.month - birth.month)
    while months > 0 and add_months(birth, months) > on:
        months -= 1
    while add_months(birth, months + 1) <= on:
        months += 1
    days = (on - birth).days
    rem_days = (on - add_months(birth, months)).days
    return Age(days=days, weeks=days // 7, months=months, rem_days=rem_days)


def born_early(birth: date, due: date | None, early_days: int = EARLY_IF_MORE_THAN_DAYS) -> bool:
    """Born before 37+0 weeks, i.e. more than 3 weeks (`early_days`) before the due date."""
    return due is not None and (due - birth).days > early_days


def corrected_age(birth: date, due: date | None, on: date, *, early_days: int = EARLY_IF_MORE_THAN_DAYS,
                  until_months: int = CORRECT_UNTIL_MONTHS) -> Age | None:
    """Age counted from the due date (age minus the weeks born early), for babies born early and under 2 years.

    None when there is nothing to correct: born at 37 weeks or later, no due date, or 2 years old or more.
    Before the due date the corrected age is zero.
    """
    if due is None or not born_early(birth, due, early_days):
        return None
    if age_on(birth, on).months >= until_months:
        return None
    if on <= due:
        return ZERO
    return age_on(due, on)
