from django.utils.translation import gettext_lazy as _

from teenlab.core.navigation import NavEntry

ENTRIES = [
    NavEntry(
        "privacy:retention",
        _("Conservation des données"),
        action="retention.apply",
        order=96,
        icon="clock",
    ),
]
