from django.utils.translation import gettext_lazy as _

from teenlab.core.navigation import NavEntry

ENTRIES = [
    NavEntry(
        "reporting:bilan_page",
        _("Bilan"),
        action="bilan.view",
        order=90,
        icon="chart",
        match="/bilan/",
    ),
    NavEntry(
        "reporting:indicators_page",
        _("Indicateurs des financeurs"),
        action="indicators.view",
        order=91,
        icon="chart",
        match="/indicators/",
    ),
]
