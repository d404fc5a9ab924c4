from django.utils.translation import gettext_lazy as _

from teenlab.core.navigation import NavEntry

ENTRIES = [
    NavEntry("participants:youth_list", _("Jeunes"), action="youth.view", order=20, icon="people"),
    NavEntry(
        "participants:recruitment",
        _("Accueil et recrutement"),
        action="recruitment.view",
        order=30,
        icon="door",
        match="/recruitment/",
    ),
]
