from django.utils.translation import gettext_lazy as _

from teenlab.core.navigation import NavEntry

ENTRIES = [
    NavEntry(
        "outcomes:outcome_cohort_list",
        _("Sorties"),
        action="outcome.edit",
        order=60,
        icon="flag",
        match="/outcomes/",
    )
]
