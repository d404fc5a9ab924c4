"""Calendar arithmetic every layer shares: ages in whole years, months."""

from __future__ import annotations

import datetime as dt


def age_on(*, birth_date: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day`` (a birthday on 29 February comes on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


ADULT_AGE = 18


def minor_on(*, birth_date: dt.date | None, day: dt.date) -> bool:
    """Whether someone born on ``birth_date`` is under 18 on ``day`` (False when unknown)."""
    return birth_date is not None and age_on(birth_date=birth_date, day=day) < ADULT_AGE


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier, when negative); the month's last day when it
    is shorter (31 August + 6 months: 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    following = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return day.replace(
        year=year, month=month + 1, day=min(day.day, (following - dt.timedelta(days=1)).day)
    )


def month_end(day: dt.date) -> dt.date:
    """The last day of ``day``'s month."""
    return months_after(day.replace(day=1), 1) - dt.timedelta(days=1)
