from django.utils.translation import gettext_lazy as _

from teenlab.core.navigation import NavEntry

ENTRIES = [
    NavEntry(
        "training:today",
        _("Aujourd'hui"),
        action="attendance.edit",
        order=35,
        icon="signature",
        match="/attendance/today/",
    ),
    NavEntry(
        "training:cohort_list",
        _("Sessions"),
        action="cohort.view",
        order=40,
        icon="calendar",
        match="/cohorts/",
    ),
]
