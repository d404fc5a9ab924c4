"""A slot of today around the present time, so that signing it is inside any signing window
whatever the hour the tests run (never across midnight: clipped to the day)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.factories import SlotFactory


def slot_open_now(*, cohort, **fields):
    now = timezone.localtime()
    start = max(now - dt.timedelta(hours=1), now.replace(hour=0, minute=0, second=0))
    end = min(now + dt.timedelta(hours=1), now.replace(hour=23, minute=59, second=0))
    if end.time() < now.time():  # a minute before midnight
        end = now.replace(hour=23, minute=59, second=59)
    return SlotFactory(
        cohort=cohort,
        date=now.date(),
        start=start.time().replace(second=0, microsecond=0),
        end=end.time().replace(second=0, microsecond=0),
        **fields,
    )
