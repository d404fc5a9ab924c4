from django.utils.translation import gettext_lazy as _

from teenlab.core.navigation import NavEntry

ENTRIES = [
    NavEntry(
        "dashboard:index", _("Tableau de bord"), action="dashboard.view", order=10, icon="home"
    ),
    NavEntry(
        "dashboard:journal",
        _("Journal"),
        action="audit.view",
        order=97,
        icon="history",
        match="/journal/",
    ),
]
