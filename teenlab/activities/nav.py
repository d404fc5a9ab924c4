from django.utils.translation import gettext_lazy as _

from teenlab.core.navigation import NavEntry

ENTRIES = [
    NavEntry(
        "activities:exchange_list",
        _("Activités"),
        action="activity.view",
        order=70,
        icon="handshake",
        match="/activities/",
    )
]
