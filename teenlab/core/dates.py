"""Calendar arithmetic every layer shares: ages in whole years."""

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
