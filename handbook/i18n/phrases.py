"""Phrases whose words depend on a number, looked up by CLDR plural category in the locale file.

content/locales/<code>.yaml has, for example:

    plurals:
      age_weeks: {one: "{n} week", other: "{n} weeks"}          # en
      age_weeks: {one: "{n} неделя", few: "{n} недели", many: "{n} недель", other: "{n} недели"}  # ru

Babel says which category a number takes; the file says the words. A missing key or category is an
error (MissingPhrase), never an English fallback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from handbook.i18n.cldr import format_number, format_temperature, plural_category, weekday_name

if TYPE_CHECKING:
    from handbook.content.models import Locale
    from handbook.personalise.age import Age


class MissingPhrase(KeyError):
    """A locale lacks a phrase key or the plural category a number needs."""

    def __str__(self) -> str:
        return str(self.args[0])


def plural_phrase(locale: Locale, key: str, n: int) -> str:
    """The locale's words for n of something, e.g. ru `age_weeks` 22 → '22 недели'."""
    forms = locale.plurals.get(key)
    if forms is None:
        raise MissingPhrase(f"locale {locale.code}: plurals.{key} is missing")
    category = plural_category(n, locale.code)
    pattern = next((v for k, v in forms.items() if k == category), forms.get("other"))
    if pattern is None:
        raise MissingPhrase(f"locale {locale.code}: plurals.{key}.{category} is missing")
    return pattern.replace("{n}", format_number(n, locale.code))


def _string(locale: Locale, key: str) -> str:
    value = locale.patterns.get(key)
    if value is None:
        raise MissingPhrase(f"locale {locale.code}: patterns.{key} is missing")
    return value


def age_text(age: Age, locale: Locale) -> str:
    """How a parent says an age in the locale: the same rules as Age.text, the words from the locale file."""
    from handbook.personalise.age import DAYS_UNTIL_WEEKS

    if age.days <= 0:
        return _string(locale, "age_newborn")
    if age.days < DAYS_UNTIL_WEEKS:
        return plural_phrase(locale, "age_days", age.days)
    if age.months < 2:
        return plural_phrase(locale, "age_weeks", age.weeks)
    if age.months < 24:
        text = plural_phrase(locale, "age_months", age.months)
        extra_weeks = age.rem_days // 7
        if extra_weeks < 1:
            return text
        weeks = plural_phrase(locale, "age_weeks", extra_weeks)
        return _string(locale, "age_months_weeks").replace("{months}", text).replace("{weeks}", weeks)
    return plural_phrase(locale, "age_years", age.months // 12)


def age_old(age: Age, locale: Locale) -> str:
    """The age after "is": the newborn word alone, else the locale's "{age} old" pattern."""
    text = age_text(age, locale)
    return text if age.days <= 0 else _string(locale, "age_old").replace("{age}", text)


def weekday_names(indexes: list[int], locale: Locale) -> list[str]:
    """CLDR weekday names (Monday = 0) in the locale's language."""
    return [weekday_name(i, locale.code) for i in indexes]


def temperature(celsius: float, locale: Locale) -> str:
    """A temperature in the locale's units: '38,5 °C'; es-US adds Fahrenheit by its `temperature_also`
    pattern: '38.5 °C (101.3 °F)'."""
    first, *others = locale.temperature_units
    text = format_temperature(celsius, first, locale.code)
    for unit in others:
        other = format_temperature(celsius, unit, locale.code)
        text = _string(locale, "temperature_also").replace("{main}", text).replace("{other}", other)
    return text


# What every locale file must have for the age phrases (the check names the file and key, not a traceback).
REQUIRED_PLURALS = ("age_days", "age_weeks", "age_months", "age_years")
REQUIRED_PATTERNS = ("age_newborn", "age_old", "age_months_weeks")


def missing_phrases(locale: Locale, also: tuple[str, ...] = ()) -> list[str]:
    """'plurals.age_weeks' style names of the phrase keys a locale lacks (one/other or its CLDR categories).
    `also`: more plural keys it must have (a ready locale: every one the source locale has, as the code
    prints them)."""
    # The forms whole numbers of days, weeks, months and years up to 200 take (es "many" is for millions).
    categories = {plural_category(n, locale.code) for n in range(200)}
    out = []
    for key in dict.fromkeys((*REQUIRED_PLURALS, *also)):
        forms = locale.plurals.get(key, {})
        out += [f"plurals.{key}.{c}" for c in sorted(categories) if c not in forms]
    out += [f"patterns.{key}" for key in REQUIRED_PATTERNS if key not in locale.patterns]
    if len(locale.temperature_units) > 1 and "temperature_also" not in locale.patterns:
        out.append("patterns.temperature_also")
    return out
