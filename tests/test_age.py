"""Ages as parents count them: calendar months (clamped at month ends), weeks, years, and corrected age."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from handbook.personalise.age import Age, add_months, age_on, born_early, corrected_age

D = date.fromisoformat


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-01-31", 1, "2026-02-28"),  # clamped to the end of a short month
        ("2028-01-31", 1, "2028-02-29"),  # leap year
        ("2026-01-31", 2, "2026-03-31"),  # counted from the start, not chained through February
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-11-15", 2, "2027-01-15"),  # across a year end
        ("2026-12-31", 1, "2027-01-31"),
        ("2028-02-29", 12, "2029-02-28"),
        ("2028-02-29", 48, "2032-02-29"),
        ("2026-05-10", 0, "2026-05-10"),
        ("2026-05-10", -5, "2025-12-10"),
    ],
)
def test_add_months(start: str, n: int, expected: str) -> None:
    assert add_months(D(start), n) == D(expected)


@pytest.mark.parametrize(
    ("birth", "on", "months", "rem_days", "days"),
    [
        ("2026-01-31", "2026-02-27", 0, 27, 27),
        ("2026-01-31", "2026-02-28", 1, 0, 28),  # born 31 Jan: 1 month on 28 Feb
        ("2028-01-31", "2028-02-28", 0, 28, 28),  # ... but on 29 Feb in a leap year
        ("2028-01-31", "2028-02-29", 1, 0, 29),
        ("2026-01-31", "2026-03-30", 1, 30, 58),
        ("2026-01-31", "2026-03-31", 2, 0, 59),
        ("2028-02-29", "2029-02-28", 12, 0, 365),  # a 29 Feb birthday in a non-leap year
        ("2028-02-29", "2029-03-01", 12, 1, 366),
        ("2026-12-20", "2027-01-19", 0, 30, 30),  # across a year end
        ("2026-12-20", "2027-01-20", 1, 0, 31),
        ("2026-07-20", "2026-11-24", 4, 4, 127),
        ("2026-07-20", "2026-07-20", 0, 0, 0),
    ],
)
def test_age_on_counts_calendar_months(birth: str, on: str, months: int, rem_days: int, days: int) -> None:
    age = age_on(D(birth), D(on))
    assert (age.months, age.rem_days, age.days, age.weeks) == (months, rem_days, days, days // 7)


def test_age_on_before_birth_is_refused() -> None:
    with pytest.raises(ValueError, match="before the birth date"):
        age_on(D("2026-05-02"), D("2026-05-01"))


@pytest.mark.parametrize(
    ("birth", "on", "text"),
    [
        ("2026-11-24", "2026-11-24", "newborn"),
        ("2026-11-23", "2026-11-24", "1 day"),
        ("2026-11-19", "2026-11-24", "5 days"),
        ("2026-11-17", "2026-11-24", "7 days"),
        ("2026-11-14", "2026-11-24", "10 days"),
        ("2026-11-10", "2026-11-24", "2 weeks"),
        ("2026-11-03", "2026-11-24", "3 weeks"),
        ("2026-10-13", "2026-11-24", "6 weeks"),
        ("2026-09-25", "2026-11-24", "8 weeks"),  # 1 month 30 days: still counted in weeks
        ("2026-09-24", "2026-11-24", "2 months"),
        ("2026-07-20", "2026-11-24", "4 months"),  # 4 days over: no weeks yet
        ("2026-07-10", "2026-11-24", "4 months, 2 weeks"),
        ("2026-01-17", "2026-11-24", "10 months, 1 week"),
        ("2025-11-24", "2026-11-24", "12 months"),
        ("2024-11-24", "2026-11-24", "2 years"),
        ("2024-10-01", "2026-11-24", "2 years"),
    ],
)
def test_age_text_reads_as_a_parent_says_it(birth: str, on: str, text: str) -> None:
    assert age_on(D(birth), D(on)).text == text


def test_months_float_adds_the_days_after_the_last_whole_month() -> None:
    age = age_on(D("2026-07-20"), D("2026-11-24"))
    assert age.months_float == pytest.approx(4 + 4 / 30.4375)


@pytest.mark.parametrize(
    ("birth", "due", "on", "expected"),
    [
        # born at 26 weeks = 14 weeks early: at 6 months actual, corrected age is about 2½ months
        ("2026-01-01", "2026-04-09", "2026-07-01", "2 months, 3 weeks"),
        # born at 30 weeks = 10 weeks early
        ("2026-03-01", "2026-05-10", "2026-08-10", "3 months"),
        # still before the due date: corrected age is zero
        ("2026-10-01", "2026-12-01", "2026-11-24", "newborn"),
        ("2026-10-01", "2026-12-01", "2026-12-01", "newborn"),
    ],
)
def test_corrected_age_counts_from_the_due_date(birth: str, due: str, on: str, expected: str) -> None:
    corrected = corrected_age(D(birth), D(due), D(on))
    assert corrected is not None
    assert corrected.text == expected
    assert corrected == (Age(0, 0, 0, 0) if D(on) <= D(due) else age_on(D(due), D(on)))


def test_corrected_age_is_actual_age_minus_the_weeks_born_early() -> None:
    birth, on = D("2026-01-01"), D("2026-07-01")
    weeks_early = 14
    corrected = corrected_age(birth, birth + timedelta(weeks=weeks_early), on)
    assert corrected is not None
    assert corrected.days == age_on(birth, on).days - weeks_early * 7


@pytest.mark.parametrize(
    ("days_early", "early"),
    [(0, False), (-7, False), (14, False), (21, False), (22, True), (28, True), (98, True)],
)
def test_37_week_boundary(days_early: int, early: bool) -> None:
    """Born at 37+0 weeks (21 days before the due date) is term; one day earlier is preterm."""
    birth = D("2026-06-01")
    due = birth + timedelta(days=days_early)
    assert born_early(birth, due) is early
    assert (corrected_age(birth, due, D("2026-11-24")) is not None) is early


def test_no_due_date_means_no_correction() -> None:
    assert corrected_age(D("2026-06-01"), None, D("2026-11-24")) is None
    assert born_early(D("2026-06-01"), None) is False


@pytest.mark.parametrize(("on", "corrected"), [("2026-12-31", True), ("2027-01-01", False), ("2027-06-01", False)])
def test_correction_stops_at_24_months(on: str, corrected: bool) -> None:
    birth, due = D("2025-01-01"), D("2025-03-15")
    assert (corrected_age(birth, due, D(on)) is not None) is corrected
