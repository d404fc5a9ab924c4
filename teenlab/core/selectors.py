"""Reads for core's own pages: the journal."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from teenlab.core.audit import journal_for
from teenlab.core.models import AuditEntry, User

# --- The journal page ---------------------------------------------------------------------------


def journal_search(
    *,
    user,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    author=None,
    action: str = "",
    model: str = "",
    youth: str = "",
    visible_youth: QuerySet | None = None,
) -> QuerySet[AuditEntry]:
    """The journal entries ``user`` may read, newest first, filtered.

    ``youth`` is a young person's code (among ``visible_youth``, those ``user`` may open:
    ``access.youth_for(user)``; none when not given) or the number the journal shows for one
    (``jeune n° 12``, what an auditor sees).
    """
    entries = journal_for(user).select_related("user")
    tz = timezone.get_current_timezone()
    if date_from is not None:
        entries = entries.filter(at__gte=dt.datetime.combine(date_from, dt.time.min, tzinfo=tz))
    if date_to is not None:
        end = date_to + dt.timedelta(days=1)
        entries = entries.filter(at__lt=dt.datetime.combine(end, dt.time.min, tzinfo=tz))
    if author is not None:
        entries = entries.filter(user=author)
    if action:
        entries = entries.filter(action=action)
    if model:
        entries = entries.filter(model=model)
    youth = youth.strip()
    if youth.isdigit():
        entries = entries.filter(youth_id=int(youth))
    elif youth:
        if visible_youth is None:
            return entries.none()
        entries = entries.filter(youth_id__in=visible_youth.filter(code=youth).values("pk"))
    return entries.order_by("-seq")


def journal_authors(user) -> QuerySet[User]:
    """The accounts the journal page's author filter offers: the organisation's."""
    if user.is_superuser:
        return User.objects.order_by("username")
    return User.objects.filter(organisation_id=user.organisation_id).order_by(
        "last_name", "first_name", "username"
    )
